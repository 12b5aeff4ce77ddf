//! ETags on the widget's reads (`/widget`, `/reactions`) and 304 answers to
//! `If-None-Match`, as a browser revalidating a `no-cache` answer sends it.

use bytes::Bytes;
use serde_json::json;

use crate::helpers::{
    article, error_code, etag, reader, spawn_app, TestApp, API_KEY, ARTICLE, PUBLISHER,
};

async fn app_with_article() -> TestApp {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "从“技术出海”看创新")]))
        .await
        .unwrap();
    app
}

/// A full answer: 200 with a strong ETag and `no-cache`; gives the tag and body.
async fn full(
    app: &TestApp,
    resource: &str,
    query: &[(&str, &str)],
    if_none_match: Option<&str>,
) -> (String, Bytes) {
    let response = app.get_demo(resource, query, if_none_match).await;
    assert_eq!(response.status().as_u16(), 200);
    let tag = etag(&response);
    assert!(tag.starts_with('"') && tag.ends_with('"'), "strong: {tag}");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert_eq!(response.headers()["access-control-expose-headers"], "ETag");
    (tag, response.bytes().await.unwrap())
}

/// Asserts a 304 with no body and the headers a cross-origin revalidation
/// needs; gives its ETag.
async fn not_modified(app: &TestApp, resource: &str, query: &[(&str, &str)], tags: &str) -> String {
    let response = app.get_demo(resource, query, Some(tags)).await;
    assert_eq!(response.status().as_u16(), 304, "{tags}");
    let headers = response.headers();
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["access-control-allow-origin"], PUBLISHER);
    assert_eq!(headers["access-control-expose-headers"], "ETag");
    assert_eq!(headers["vary"], "Origin");
    let tag = etag(&response);
    assert!(response.bytes().await.unwrap().is_empty());
    tag
}

/// The widget bootstrap's ETag for `reader` (or none).
async fn widget_etag(app: &TestApp, reader: Option<&str>) -> String {
    let mut query = vec![("article", ARTICLE)];
    query.extend(reader.map(|reader| ("reader", reader)));
    full(app, "widget", &query, None).await.0
}

#[tokio::test]
async fn an_unchanged_bootstrap_is_answered_304_with_its_cors_headers() {
    let app = app_with_article().await;
    let query = [("article", ARTICLE)];
    let (tag, body) = full(&app, "widget", &query, None).await;
    for tags in [
        tag.clone(),
        format!("W/{tag}"),
        format!("\"other\", {tag}"),
        "*".to_owned(),
    ] {
        assert_eq!(not_modified(&app, "widget", &query, &tags).await, tag);
    }
    let stale = full(&app, "widget", &query, Some("\"stale\"")).await;
    assert_eq!(stale, (tag, body));
}

#[tokio::test]
async fn the_bootstrap_etag_changes_after_a_reaction_and_differs_per_reader() {
    let app = app_with_article().await;
    let before = widget_etag(&app, None).await;
    assert_eq!(
        app.put_reaction(ARTICLE, &reader(1), "happy")
            .await
            .status()
            .as_u16(),
        200
    );
    let after = widget_etag(&app, None).await;
    assert_ne!(after, before, "the counts changed");
    // A browser holding the old answer gets the new one.
    full(&app, "widget", &[("article", ARTICLE)], Some(&before)).await;

    let mine = widget_etag(&app, Some(&reader(1))).await;
    assert_ne!(mine, after, "reader 1's own reaction is in the body");
    // Reader 2 has no reaction: the same body as no reader's, the same tag.
    assert_eq!(widget_etag(&app, Some(&reader(2))).await, after);
}

#[tokio::test]
async fn the_bootstrap_etag_changes_after_the_article_or_its_related_reading_does() {
    let app = app_with_article().await;
    let first = widget_etag(&app, None).await;
    let put = app
        .put_article("demo", Some(API_KEY), &article(ARTICLE, "技术出海：新标题"))
        .await;
    assert_eq!(put.status().as_u16(), 200);
    let rewritten = widget_etag(&app, None).await;
    assert_ne!(rewritten, first, "the card changed");

    // An article about the same story joins the first related page.
    app.import(
        "demo",
        &json!([article(
            "https://news.example/abroad/1",
            "技术出海：企业授权海外伙伴"
        )]),
    )
    .await
    .unwrap();
    assert_ne!(
        widget_etag(&app, None).await,
        rewritten,
        "related reading changed"
    );
}

#[tokio::test]
async fn counts_are_answered_304_until_a_reaction_changes_them() {
    let app = spawn_app().await;
    let query = [("article", ARTICLE)];
    let (tag, _) = full(&app, "reactions", &query, None).await;
    not_modified(&app, "reactions", &query, &tag).await;

    app.put_reaction(ARTICLE, &reader(1), "sad").await;
    let (changed, body) = full(&app, "reactions", &query, Some(&tag)).await;
    assert_ne!(changed, tag);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["counts"], json!({"sad": 1}));
}

#[tokio::test]
async fn bad_input_gets_the_same_json_errors_whatever_if_none_match_says() {
    let app = app_with_article().await;
    let cases = [
        (
            "widget",
            vec![("article", "https://news.example/missing")],
            404,
            "article_not_found",
        ),
        (
            "widget",
            vec![("article", "javascript:alert(1)")],
            400,
            "invalid_article_url",
        ),
        (
            "widget",
            vec![("article", ARTICLE), ("reader", "short")],
            400,
            "invalid_reader",
        ),
        ("widget", vec![], 400, "bad_query"),
        (
            "reactions",
            vec![("article", "not a url")],
            400,
            "invalid_article_url",
        ),
    ];
    for (resource, query, status, code) in cases {
        let response = app.get_demo(resource, &query, Some("*")).await;
        assert!(response.headers().get("etag").is_none());
        assert_eq!(
            error_code(response, status).await,
            code,
            "{resource} {query:?}"
        );
    }
}
