use serde_json::json;

use crate::helpers::{article, spawn_app, ARTICLE};

#[tokio::test]
async fn a_file_with_one_bad_article_imports_nothing() {
    let app = spawn_app().await;
    let mut bad = article("https://news.example/b", "B");
    bad["url"] = json!("javascript:alert(1)");
    let result = app
        .import("demo", &json!([article(ARTICLE, "A"), bad]))
        .await;
    assert!(result.unwrap_err().to_string().contains("article #2"));
    assert!(!app.has_article(ARTICLE).await);
}

#[tokio::test]
async fn unknown_keys_and_missing_fields_are_refused() {
    let app = spawn_app().await;
    let mut extra = article(ARTICLE, "A");
    extra["surprise"] = json!(1);
    assert!(app.import("demo", &json!([extra])).await.is_err());
    let mut missing = article(ARTICLE, "A");
    missing.as_object_mut().unwrap().remove("title");
    assert!(app.import("demo", &json!([missing])).await.is_err());
    assert!(app
        .import("demo", &json!({"not": "an array"}))
        .await
        .is_err());
}

#[tokio::test]
async fn reimporting_updates_in_place() {
    let app = spawn_app().await;
    assert_eq!(
        app.import("demo", &json!([article(ARTICLE, "Old")]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        app.import("demo", &json!([article(ARTICLE, "New")]))
            .await
            .unwrap(),
        1
    );
    let body: serde_json::Value = app
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["card"]["title"], "New");
}
