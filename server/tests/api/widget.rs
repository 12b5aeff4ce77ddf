use newscard_protocol::WidgetBootstrap;
use serde_json::json;

use crate::feeds::RSS;
use crate::helpers::{article, error_code, spawn_app, TestApp, API_KEY, ARTICLE, PUBLISHER};

/// The title on the demo site's card of `url`; panics unless it answers 200.
async fn title(app: &TestApp, url: &str) -> String {
    let response = app.get_widget("demo", url, None).await;
    assert_eq!(response.status().as_u16(), 200, "{url}");
    response.json::<WidgetBootstrap>().await.unwrap().card.title
}

#[tokio::test]
async fn widget_returns_the_card_of_an_imported_article() {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "从“技术出海”看创新")]))
        .await
        .unwrap();

    let response = app.get_widget("demo", ARTICLE, Some(PUBLISHER)).await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], PUBLISHER);
    assert_eq!(response.headers()["vary"], "Origin");
    let body: WidgetBootstrap = response.json().await.unwrap();
    let card = body.card;
    assert_eq!(card.url, ARTICLE);
    assert_eq!(card.title, "从“技术出海”看创新");
    assert_eq!(card.source, "示例日报");
    assert_eq!(card.author, "李明");
    assert_eq!(card.editor, "王芳");
    assert_eq!(card.section, ["首页", "科技频道", "创新创业"]);
    assert_eq!(card.published_at, "2025-03-25T09:09:00+08:00");
}

#[tokio::test]
async fn hostile_text_comes_back_verbatim_for_the_widget_to_render_as_text() {
    let app = spawn_app().await;
    let hostile = r#"<img src=x onerror="alert(1)"> & "quotes" </script>"#;
    app.import("demo", &json!([article(ARTICLE, hostile)]))
        .await
        .unwrap();
    let body: WidgetBootstrap = app
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.card.title, hostile);
}

#[tokio::test]
async fn the_fragment_does_not_change_the_article() {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "A")]))
        .await
        .unwrap();
    let response = app
        .get_widget("demo", &format!("{ARTICLE}#comments"), None)
        .await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn an_unknown_article_is_a_json_404() {
    let app = spawn_app().await;
    let response = app
        .get_widget("demo", "https://news.example/missing", Some(PUBLISHER))
        .await;
    // The widget must be able to read the error, so CORS is answered here too.
    assert_eq!(response.headers()["access-control-allow-origin"], PUBLISHER);
    assert_eq!(error_code(response, 404).await, "article_not_found");
}

#[tokio::test]
async fn articles_are_per_site() {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "A")]))
        .await
        .unwrap();
    let response = app.get_widget("other", ARTICLE, None).await;
    assert_eq!(error_code(response, 404).await, "article_not_found");
}

#[tokio::test]
async fn unknown_or_malformed_sites_are_a_json_404() {
    let app = spawn_app().await;
    for site in ["nosuch", "Demo", "a%20b", &"a".repeat(80)] {
        let response = app.get_widget(site, ARTICLE, None).await;
        assert_eq!(error_code(response, 404).await, "site_not_found", "{site}");
    }
}

#[tokio::test]
async fn malformed_queries_are_a_json_400() {
    let app = spawn_app().await;
    let missing = app.get("/api/v1/sites/demo/widget").await;
    assert_eq!(error_code(missing, 400).await, "bad_query");
    let long = format!("https://news.example/{}", "a".repeat(3000));
    for bad in [
        "javascript:alert(1)",
        "not a url",
        "ftp://news.example/a",
        &long,
    ] {
        let response = app.get_widget("demo", bad, None).await;
        assert_eq!(
            error_code(response, 400).await,
            "invalid_article_url",
            "{bad}"
        );
    }
}

#[tokio::test]
async fn other_origins_are_refused_without_cors_headers() {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "A")]))
        .await
        .unwrap();
    for origin in [
        "https://evil.example",
        "null",
        "https://publisher.example.evil.example",
    ] {
        let response = app.get_widget("demo", ARTICLE, Some(origin)).await;
        assert!(response
            .headers()
            .get("access-control-allow-origin")
            .is_none());
        assert_eq!(
            error_code(response, 403).await,
            "origin_not_allowed",
            "{origin}"
        );
    }
}

#[tokio::test]
async fn a_hot_card_comes_from_memory_until_the_article_is_written_again() {
    let app = spawn_app().await;
    app.import("demo", &json!([article(ARTICLE, "Old")]))
        .await
        .unwrap();
    assert_eq!(title(&app, ARTICLE).await, "Old");
    // Changed behind the server's back (no new write number): still the card
    // read before, so it came from memory.
    app.execute_sql("UPDATE articles SET title = 'unseen'")
        .await;
    assert_eq!(title(&app, ARTICLE).await, "Old");

    let put = app
        .put_article("demo", Some(API_KEY), &article(ARTICLE, "New"))
        .await;
    assert_eq!(put.status().as_u16(), 200);
    assert_eq!(title(&app, ARTICLE).await, "New");
    let feed = RSS.replace("https://news.example/2025/04/02/ocean-drones", ARTICLE);
    let post = app.post_feed("demo", Some(API_KEY), feed).await;
    assert_eq!(post.status().as_u16(), 200);
    assert_eq!(title(&app, ARTICLE).await, "海上无人机完成首次远海测试");
}

#[tokio::test]
async fn the_import_command_in_another_process_replaces_cached_cards_and_adds_unknown_ones() {
    let app = spawn_app().await;
    let fresh = "https://news.example/fresh";
    // Asked for before it exists: the 404 is not remembered.
    let missing = app.get_widget("demo", fresh, None).await;
    assert_eq!(error_code(missing, 404).await, "article_not_found");
    app.import("demo", &json!([article(ARTICLE, "Old")]))
        .await
        .unwrap();
    assert_eq!(title(&app, ARTICLE).await, "Old");

    let articles = json!([article(ARTICLE, "New"), article(fresh, "Fresh")]);
    let output = app.import_command("demo", articles.to_string().as_bytes());
    assert!(output.status.success(), "{output:?}");
    assert_eq!(title(&app, ARTICLE).await, "New");
    assert_eq!(title(&app, fresh).await, "Fresh");
}
