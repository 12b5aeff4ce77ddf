//! `GET /api/v1/sites/{site}/related` and the first page in the bootstrap.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::helpers::{article, error_code, spawn_app, API_KEY, ARTICLE};

/// The article plus `n` more about the same story and two off-topic ones.
fn corpus(n: usize) -> Value {
    let mut articles = vec![article(ARTICLE, "从“技术出海”看创新")];
    for i in 0..n {
        let mut a = article(
            &format!("https://news.example/abroad/{i}"),
            &format!("技术出海第{i}篇：企业授权海外伙伴"),
        );
        a["published_at"] = json!(format!("2025-03-{:02}T09:00:00+08:00", 1 + i % 28));
        articles.push(a);
    }
    let mut football = article("https://news.example/sport/1", "足球联赛开幕");
    football["summary"] = json!("球队迎来新赛季。");
    football["tags"] = json!(["足球"]);
    football["section"] = json!(["首页", "体育"]);
    football["body"] = json!("比赛在周末进行。");
    articles.push(football);
    Value::Array(articles)
}

async fn walk(app: &crate::helpers::TestApp, limit: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("article", ARTICLE), ("limit", limit)];
        if let Some(cursor) = &cursor {
            query.push(("cursor", cursor));
        }
        let (status, page) = app.related("demo", &query).await;
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(!items.is_empty() || seen.is_empty());
        seen.extend(
            items
                .iter()
                .map(|item| item["url"].as_str().unwrap().to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn pages_walk_to_the_end_without_repeats_or_gaps() {
    let app = spawn_app().await;
    app.import("demo", &corpus(23)).await.unwrap();
    let one_page = walk(&app, "50").await;
    for limit in ["1", "5", "7"] {
        assert_eq!(walk(&app, limit).await, one_page, "limit {limit}");
    }
    let unique: HashSet<_> = one_page.iter().collect();
    assert_eq!(unique.len(), one_page.len());
    assert!(one_page.len() >= 23, "{one_page:?}");
    assert!(
        !one_page.contains(&ARTICLE.to_owned()),
        "never the article itself"
    );
    // The off-topic article, if listed at all, comes after every on-topic one.
    if let Some(at) = one_page.iter().position(|url| url.contains("/sport/")) {
        assert_eq!(at, one_page.len() - 1);
    }
}

#[tokio::test]
async fn the_bootstrap_carries_the_first_page() {
    let app = spawn_app().await;
    app.import("demo", &corpus(8)).await.unwrap();
    let body: Value = app
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    let (_, page) = app.related("demo", &[("article", ARTICLE)]).await;
    assert_eq!(body["related"], page);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    let item = &page["items"][0];
    for field in ["url", "title", "summary", "published_at"] {
        assert!(item[field].is_string(), "{field}: {item}");
    }
}

#[tokio::test]
async fn never_another_sites_articles_and_upserts_show_at_once() {
    let app = spawn_app().await;
    app.import("demo", &corpus(3)).await.unwrap();
    app.import(
        "other",
        &json!([article(
            "https://news.example/other-site",
            "技术出海：另一个站点"
        )]),
    )
    .await
    .unwrap();
    let urls = walk(&app, "50").await;
    assert!(
        !urls.iter().any(|url| url.contains("other-site")),
        "{urls:?}"
    );

    // An upsert through the API is visible to the very next query.
    let fresh = article(
        "https://news.example/abroad/fresh",
        "技术出海新篇：企业授权海外伙伴",
    );
    assert_eq!(
        app.put_article("demo", Some(API_KEY), &fresh)
            .await
            .status()
            .as_u16(),
        200
    );
    assert!(walk(&app, "50")
        .await
        .contains(&"https://news.example/abroad/fresh".to_owned()));
    // So is an import by the command, which writes the database directly.
    app.import(
        "demo",
        &json!([article(
            "https://news.example/abroad/cli",
            "技术出海：命令导入"
        )]),
    )
    .await
    .unwrap();
    assert!(walk(&app, "50")
        .await
        .contains(&"https://news.example/abroad/cli".to_owned()));
}

#[tokio::test]
async fn bad_queries_get_clear_errors() {
    let app = spawn_app().await;
    app.import("demo", &corpus(8)).await.unwrap();
    let (_, first) = app
        .related("demo", &[("article", ARTICLE), ("limit", "2")])
        .await;
    let cursor = first["next"].as_str().unwrap();
    let other = "https://news.example/abroad/1";
    type Query<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Query, u16, &str); 6] = [
        (
            &[("article", ARTICLE), ("cursor", "garbage")],
            400,
            "invalid_cursor",
        ),
        (
            &[("article", other), ("cursor", cursor)],
            400,
            "invalid_cursor",
        ),
        (
            &[("article", ARTICLE), ("limit", "0")],
            400,
            "invalid_limit",
        ),
        (
            &[("article", ARTICLE), ("limit", "51")],
            400,
            "invalid_limit",
        ),
        (
            &[("article", "javascript:alert(1)")],
            400,
            "invalid_article_url",
        ),
        (
            &[("article", "https://news.example/none")],
            404,
            "article_not_found",
        ),
    ];
    for (query, status, code) in cases {
        let response = app
            .client
            .get(app.url("/api/v1/sites/demo/related"))
            .query(query)
            .send()
            .await
            .unwrap();
        assert_eq!(error_code(response, status).await, code, "{query:?}");
    }
}

/// The fixture corpus (Chinese and English, 216 articles in 24 stories and six
/// sections, two stories each) with hand-labelled neighbours for a dozen.
#[tokio::test]
async fn precision_at_5_on_the_labelled_corpus_is_at_least_0_8() {
    let fixture = |name: &str| -> Value {
        let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let app = spawn_app().await;
    let mut labels = Vec::new();
    for lang in ["zh", "en"] {
        app.import("demo", &fixture(&format!("corpus_{lang}.json")))
            .await
            .unwrap();
        labels.extend(
            fixture(&format!("related_labels_{lang}.json"))
                .as_array()
                .unwrap()
                .clone(),
        );
    }
    assert!(labels.len() >= 12);
    let mut total = 0.0;
    for label in &labels {
        let article = label["article"].as_str().unwrap();
        let neighbours: HashSet<&str> = label["neighbours"]
            .as_array()
            .unwrap()
            .iter()
            .map(|url| url.as_str().unwrap())
            .collect();
        let (status, page) = app
            .related("demo", &[("article", article), ("limit", "5")])
            .await;
        assert_eq!(status, 200, "{page}");
        let top: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["url"].as_str().unwrap())
            .collect();
        let hits = top.iter().filter(|url| neighbours.contains(*url)).count();
        eprintln!("precision@5 {:.1} {article}: {top:?}", hits as f64 / 5.0);
        total += hits as f64 / 5.0;
    }
    let precision = total / labels.len() as f64;
    eprintln!(
        "mean precision@5 over {} labelled articles: {precision:.3}",
        labels.len()
    );
    assert!(precision >= 0.8, "{precision}");
}
