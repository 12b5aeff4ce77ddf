use newscard_protocol::Ranking;
use serde_json::json;

use crate::helpers::{article, error_code, reader, spawn_app, TestApp};

async fn ranking(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/sites/demo/ranking?{query}"))
        .await
}

#[tokio::test]
async fn ranks_stored_articles_by_one_reaction() {
    let app = spawn_app().await;
    let (a, b, c) = (
        "https://news.example/a",
        "https://news.example/b",
        "https://news.example/c",
    );
    app.import(
        "demo",
        &json!([article(a, "A"), article(b, "B"), article(c, "C")]),
    )
    .await
    .unwrap();
    for n in 0..3 {
        app.put_reaction(b, &reader(n), "happy").await;
    }
    app.put_reaction(a, &reader(10), "happy").await;
    app.put_reaction(c, &reader(11), "sad").await;
    // Reactions to an article the site never stored do not rank.
    app.put_reaction("https://news.example/unknown", &reader(12), "happy")
        .await;

    let body: Ranking = ranking(&app, "reaction=happy&window=24h")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.reaction, "happy");
    let items: Vec<_> = body
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.count))
        .collect();
    assert_eq!(items, [("B", 3), ("A", 1)]);

    let limited: Ranking = ranking(&app, "reaction=happy&limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(limited.items.len(), 1);
}

#[tokio::test]
async fn bad_ranking_queries_are_refused() {
    let app = spawn_app().await;
    for (query, code) in [
        ("reaction=angry", "unknown_reaction"),
        ("reaction=happy&window=forever", "invalid_window"),
        ("reaction=happy&limit=0", "invalid_limit"),
        ("reaction=happy&limit=1000", "invalid_limit"),
        ("window=24h", "bad_query"),
    ] {
        assert_eq!(
            error_code(ranking(&app, query).await, 400).await,
            code,
            "{query}"
        );
    }
}
