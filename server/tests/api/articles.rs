//! `PUT /api/v1/sites/{site}/articles`: the publisher's upsert, behind its API key.

use serde_json::json;

use crate::helpers::{article, error_code, spawn_app, API_KEY, ARTICLE, PUBLISHER};

#[tokio::test]
async fn an_article_put_with_the_key_is_stored_and_shown() {
    let app = spawn_app().await;
    let mut input = article(ARTICLE, "从“技术出海”看创新");
    input["image"] = json!("https://img.cdn.example/lead.jpg");
    input["updated_at"] = json!("2025-03-26T10:00:00+08:00");
    let response = app.put_article("demo", Some(API_KEY), &input).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"imported": 1})
    );
    let body: serde_json::Value = app
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["card"]["title"], "从“技术出海”看创新");
    assert_eq!(body["card"]["image"], "https://img.cdn.example/lead.jpg");
    assert_eq!(body["card"]["updated_at"], "2025-03-26T10:00:00+08:00");

    // Again: updated in place, still one article.
    input["title"] = json!("新标题");
    assert_eq!(
        app.put_article("demo", Some(API_KEY), &input)
            .await
            .status()
            .as_u16(),
        200
    );
    let body: serde_json::Value = app
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["card"]["title"], "新标题");
}

#[tokio::test]
async fn without_the_right_key_nothing_is_written() {
    let app = spawn_app().await;
    let input = article(ARTICLE, "A");
    for key in [None, Some("wrong"), Some(""), Some(&API_KEY[1..])] {
        let response = app.put_article("demo", key, &input).await;
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert_eq!(error_code(response, 401).await, "unauthorized", "{key:?}");
    }
    // The other site has no key at all: it accepts none, not even the demo's.
    let response = app.put_article("other", Some(API_KEY), &input).await;
    assert_eq!(error_code(response, 401).await, "unauthorized");
    assert!(!app.has_article(ARTICLE).await);
}

#[tokio::test]
async fn browsers_get_no_cors_answer_for_the_publisher_api() {
    let app = spawn_app().await;
    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            app.url("/api/v1/sites/demo/articles"),
        )
        .header("Origin", PUBLISHER)
        .header("Access-Control-Request-Method", "PUT")
        .send()
        .await
        .unwrap();
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn invalid_articles_are_refused_with_a_clear_error() {
    let app = spawn_app().await;
    let cases = [
        ("url", json!("javascript:alert(1)"), "invalid_article_url"),
        (
            "url",
            json!("https://evil.example/a"),
            "invalid_article_url",
        ),
        ("image", json!("javascript:alert(1)"), "invalid_article"),
        ("title", json!("长".repeat(301)), "invalid_article"),
        ("title", json!(" "), "invalid_article"),
        ("published_at", json!("yesterday"), "invalid_article"),
        ("updated_at", json!("2025-13-01"), "invalid_article"),
        ("tags", json!(vec!["t"; 17]), "invalid_article"),
        ("surprise", json!(1), "bad_json"),
    ];
    for (field, value, code) in cases {
        let mut input = article(ARTICLE, "A");
        input[field] = value;
        let response = app.put_article("demo", Some(API_KEY), &input).await;
        assert_eq!(error_code(response, 400).await, code, "{field}");
    }
    let response = app
        .client
        .put(app.url("/api/v1/sites/demo/articles"))
        .bearer_auth(API_KEY)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response, 400).await, "bad_json");
    let huge = json!({"url": ARTICLE, "title": "A", "published_at": "2025-01-01T00:00:00Z", "body": "x".repeat(9 << 20)});
    let response = app.put_article("demo", Some(API_KEY), &huge).await;
    assert_eq!(error_code(response, 413).await, "bad_body");
    assert!(!app.has_article(ARTICLE).await);
}
