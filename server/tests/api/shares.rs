use newscard_protocol::{QrCode, ShareCounts};
use newscard_server::qr_code::qr_code;
use serde_json::json;

use crate::helpers::{article, error_code, spawn_app, TestApp, ARTICLE, PUBLISHER};

async fn counts(app: &TestApp) -> ShareCounts {
    app.client
        .get(app.url("/api/v1/sites/demo/shares"))
        .query(&[("article", ARTICLE)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn share_clicks_are_counted_per_service_and_readable() {
    let app = spawn_app().await;
    for service in ["weibo", "weibo", "copy"] {
        let response = app
            .post_share(&json!({"article": ARTICLE, "service": service}), PUBLISHER)
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let seen = counts(&app).await;
    assert_eq!(seen.counts.get("weibo"), Some(&2));
    assert_eq!(seen.counts.get("copy"), Some(&1));
    assert_eq!(seen.counts.len(), 2);
}

#[tokio::test]
async fn bad_share_clicks_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"article": ARTICLE, "service": "myspace"}),
            PUBLISHER,
            400,
            "unknown_service",
        ),
        (
            json!({"article": "javascript:alert(1)", "service": "x"}),
            PUBLISHER,
            400,
            "invalid_article_url",
        ),
        (
            json!({"article": ARTICLE, "service": "x", "reader": "someone-1234567890"}),
            PUBLISHER,
            400,
            "bad_json",
        ),
        (
            json!({"article": ARTICLE, "service": "x"}),
            "https://evil.example",
            403,
            "origin_not_allowed",
        ),
    ];
    for (body, origin, status, code) in cases {
        assert_eq!(
            error_code(app.post_share(&body, origin).await, status).await,
            code
        );
    }
    assert_eq!(counts(&app).await, ShareCounts::default());
}

#[tokio::test]
async fn the_site_config_can_set_the_share_services() {
    let app = crate::helpers::spawn_app_with("").await;
    // The demo site sets none: the widget picks by language.
    for (site, expected) in [("demo", &[][..]), ("other", &["weibo", "copy"][..])] {
        app.import(site, &json!([article(ARTICLE, "A")]))
            .await
            .unwrap();
        let body: newscard_protocol::WidgetBootstrap = app
            .get_widget(site, ARTICLE, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body.share, expected, "{site}");
    }
}

#[tokio::test]
async fn the_wechat_code_is_the_articles_url_as_a_qr_code_cached_for_a_day() {
    let app = spawn_app().await;
    let response = app
        .get_demo("shares/qr", &[("article", ARTICLE)], None)
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=86400");
    let code: QrCode = response.json().await.unwrap();
    assert_eq!(Some(code), qr_code(ARTICLE));
}

#[tokio::test]
async fn no_wechat_code_for_a_url_that_is_not_the_sites() {
    let app = spawn_app().await;
    for (article, code) in [
        ("https://elsewhere.example/a", "invalid_article_url"),
        ("javascript:alert(1)", "invalid_article_url"),
    ] {
        let response = app
            .get_demo("shares/qr", &[("article", article)], None)
            .await;
        assert_eq!(error_code(response, 400).await, code, "{article}");
    }
}
