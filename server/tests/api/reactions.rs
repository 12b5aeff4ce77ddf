use std::collections::BTreeMap;

use futures_util::future::join_all;
use newscard_protocol::Reactions;
use serde_json::json;

use crate::helpers::{error_code, reader, spawn_app, spawn_app_with, ARTICLE, PUBLISHER};

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[tokio::test]
async fn set_change_and_retract() {
    let app = spawn_app().await;
    let me = reader(1);

    let set: Reactions = app
        .put_reaction(ARTICLE, &me, "happy")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(set.counts, counts(&[("happy", 1)]));
    assert_eq!(set.mine.as_deref(), Some("happy"));

    let changed: Reactions = app
        .put_reaction(ARTICLE, &me, "sad")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed.counts, counts(&[("sad", 1)]));
    assert_eq!(
        app.reactions(ARTICLE, Some(&me)).await.mine.as_deref(),
        Some("sad")
    );

    let retracted: Reactions = app
        .delete_reaction(ARTICLE, &me)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retracted, Reactions::default());
    assert_eq!(
        app.reactions(ARTICLE, Some(&me)).await,
        Reactions::default()
    );
    // Retracting again is harmless.
    assert_eq!(
        app.delete_reaction(ARTICLE, &me).await.status().as_u16(),
        200
    );
}

#[tokio::test]
async fn the_same_reader_counts_once() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(
            app.put_reaction(ARTICLE, &reader(1), "like")
                .await
                .status()
                .as_u16(),
            200
        );
    }
    assert_eq!(
        app.reactions(ARTICLE, None).await.counts,
        counts(&[("like", 1)])
    );
}

#[tokio::test]
async fn two_readers_count_twice_and_see_their_own() {
    let app = spawn_app().await;
    app.put_reaction(ARTICLE, &reader(1), "like").await;
    app.put_reaction(ARTICLE, &reader(2), "like").await;
    app.put_reaction(ARTICLE, &reader(3), "meh").await;
    let seen = app.reactions(ARTICLE, Some(&reader(3))).await;
    assert_eq!(seen.counts, counts(&[("like", 2), ("meh", 1)]));
    assert_eq!(seen.mine.as_deref(), Some("meh"));
    assert_eq!(app.reactions(ARTICLE, Some(&reader(4))).await.mine, None);
}

#[tokio::test]
async fn a_read_right_after_an_acknowledged_write_counts_it() {
    // Each article's counts are cached by a read; the write must reach the
    // cache before it is acknowledged, not when its commit notice arrives
    // (a race, so readers on 16 articles at once make it likely).
    let app = spawn_app().await;
    join_all((0..16).map(|a| {
        let app = &app;
        async move {
            let article = format!("https://news.example/read-your-write/{a}");
            for n in 1..=10u64 {
                let cached = app.reactions(&article, None).await.counts;
                assert_eq!(cached.get("happy").copied().unwrap_or(0), n - 1);
                let me = reader(a * 100 + n as usize);
                let put = app.put_reaction(&article, &me, "happy").await;
                assert_eq!(put.status().as_u16(), 200);
                assert_eq!(
                    app.reactions(&article, None).await.counts,
                    counts(&[("happy", n)]),
                    "the read right after write {n} on {article}"
                );
            }
        }
    }))
    .await;
}

#[tokio::test]
async fn concurrent_writers_on_a_new_article_end_with_exact_counts() {
    let app = spawn_app().await;
    let kinds = ["happy", "sad", "like", "meh"];
    let article = "https://news.example/brand-new";
    // 400 readers at once, then half of them change their mind and a quarter retract.
    let first = join_all((0..400).map(|n| {
        let app = &app;
        async move {
            app.put_reaction(article, &reader(n), kinds[n % 4])
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    assert!(first.iter().all(|&s| s == 200));
    let second = join_all((0..400).map(|n| {
        let app = &app;
        async move {
            match n % 4 {
                0 | 1 => app.put_reaction(article, &reader(n), "like").await,
                2 => app.delete_reaction(article, &reader(n)).await,
                _ => app.put_reaction(article, &reader(n), "meh").await,
            }
            .status()
            .as_u16()
        }
    }))
    .await;
    assert!(second.iter().all(|&s| s == 200));
    assert_eq!(
        app.reactions(article, None).await.counts,
        counts(&[("like", 200), ("meh", 100)])
    );
}

#[tokio::test]
async fn the_site_can_define_its_own_reactions() {
    let app = spawn_app().await;
    let response = app
        .client
        .put(app.url("/api/v1/sites/other/reactions"))
        .header("Origin", "https://other.example")
        .json(&json!({"article": ARTICLE, "reader": reader(1), "reaction": "wow"}))
        .send()
        .await
        .unwrap();
    let body: Reactions = response.json().await.unwrap();
    assert_eq!(body.counts, counts(&[("wow", 1)]));
    // The default set is not this site's.
    let refused = app
        .client
        .put(app.url("/api/v1/sites/other/reactions"))
        .header("Origin", "https://other.example")
        .json(&json!({"article": ARTICLE, "reader": reader(2), "reaction": "happy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(refused, 400).await, "unknown_reaction");
}

#[tokio::test]
async fn bad_writes_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    app.put_reaction(ARTICLE, &reader(1), "happy").await;
    let before = app.reactions(ARTICLE, None).await;
    let put = |site: &str, origin: Option<&str>, content_type: &str, body: String| {
        let mut request = app
            .client
            .put(app.url(&format!("/api/v1/sites/{site}/reactions")))
            .header("Content-Type", content_type.to_owned())
            .body(body);
        if let Some(origin) = origin {
            request = request.header("Origin", origin.to_owned());
        }
        request.send()
    };
    let valid = |reaction: &str, reader: &str, article: &str| {
        json!({"article": article, "reader": reader, "reaction": reaction}).to_string()
    };
    let json_type = "application/json";
    let me = reader(9);
    let cases: Vec<(reqwest::Response, u16, &str)> = vec![
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                valid("angry", &me, ARTICLE),
            )
            .await
            .unwrap(),
            400,
            "unknown_reaction",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                valid("<script>", &me, ARTICLE),
            )
            .await
            .unwrap(),
            400,
            "unknown_reaction",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                valid("happy", "short", ARTICLE),
            )
            .await
            .unwrap(),
            400,
            "invalid_reader",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                valid("happy", "has spaces in the id!!", ARTICLE),
            )
            .await
            .unwrap(),
            400,
            "invalid_reader",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                valid("happy", &me, "javascript:alert(1)"),
            )
            .await
            .unwrap(),
            400,
            "invalid_article_url",
        ),
        (
            put(
                "nosuch",
                Some(PUBLISHER),
                json_type,
                valid("happy", &me, ARTICLE),
            )
            .await
            .unwrap(),
            404,
            "site_not_found",
        ),
        (
            put("demo", None, json_type, valid("happy", &me, ARTICLE))
                .await
                .unwrap(),
            403,
            "origin_not_allowed",
        ),
        (
            put(
                "demo",
                Some("https://evil.example"),
                json_type,
                valid("happy", &me, ARTICLE),
            )
            .await
            .unwrap(),
            403,
            "origin_not_allowed",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                "text/plain",
                valid("happy", &me, ARTICLE),
            )
            .await
            .unwrap(),
            415,
            "bad_body",
        ),
        (
            put("demo", Some(PUBLISHER), json_type, "{\"article\": ".into())
                .await
                .unwrap(),
            400,
            "bad_json",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                json!({"article": ARTICLE, "reader": me, "reaction": "happy", "extra": 1})
                    .to_string(),
            )
            .await
            .unwrap(),
            400,
            "bad_json",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                json!({"article": ARTICLE, "reader": me}).to_string(),
            )
            .await
            .unwrap(),
            400,
            "bad_json",
        ),
        (
            put(
                "demo",
                Some(PUBLISHER),
                json_type,
                json!({"article": ARTICLE, "reader": me, "reaction": "x".repeat(10_000)})
                    .to_string(),
            )
            .await
            .unwrap(),
            413,
            "bad_body",
        ),
    ];
    for (response, status, code) in cases {
        assert_eq!(error_code(response, status).await, code);
    }
    assert_eq!(app.reactions(ARTICLE, None).await, before);
    assert_eq!(app.reactions(ARTICLE, Some(&me)).await.mine, None);
}

#[tokio::test]
async fn reads_with_a_malformed_reader_are_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/sites/demo/reactions"))
        .query(&[("article", ARTICLE), ("reader", "bad id")])
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response, 400).await, "invalid_reader");
}

#[tokio::test]
async fn preflight_is_answered_for_allowed_origins_only() {
    let app = spawn_app().await;
    let preflight = |origin: &'static str| {
        app.client
            .request(
                reqwest::Method::OPTIONS,
                app.url("/api/v1/sites/demo/reactions"),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let ok = preflight(PUBLISHER).await.unwrap();
    assert_eq!(ok.status().as_u16(), 204);
    assert_eq!(ok.headers()["access-control-allow-origin"], PUBLISHER);
    assert!(ok.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("PUT"));
    // Pages may revalidate reads themselves.
    assert!(ok.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("If-None-Match"));
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert_eq!(error_code(refused, 403).await, "origin_not_allowed");
}

#[tokio::test]
async fn writes_are_rate_limited_per_client() {
    let app = spawn_app_with("[rate_limit]\nper_minute = 1\nburst = 3\n").await;
    for n in 0..3 {
        assert_eq!(
            app.put_reaction(ARTICLE, &reader(n), "happy")
                .await
                .status()
                .as_u16(),
            200
        );
    }
    let limited = app.put_reaction(ARTICLE, &reader(3), "happy").await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(error_code(limited, 429).await, "rate_limited");
    // Loopback is no trusted proxy here: a forged X-Forwarded-For changes nothing.
    let forged = app
        .client
        .put(app.url("/api/v1/sites/demo/reactions"))
        .header("Origin", PUBLISHER)
        .header("X-Forwarded-For", "203.0.113.7")
        .json(&json!({"article": ARTICLE, "reader": reader(4), "reaction": "happy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 429);
    assert_eq!(
        app.reactions(ARTICLE, None).await.counts,
        counts(&[("happy", 3)])
    );
    // Reads are not limited.
    assert_eq!(app.reactions(ARTICLE, None).await.counts["happy"], 3);
}

#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for() {
    let app = spawn_app_with(
        "trusted_proxies = [\"127.0.0.1\"]\n[rate_limit]\nper_minute = 1\nburst = 1\n",
    )
    .await;
    let put = |client: &'static str, n: usize| {
        app.client
            .put(app.url("/api/v1/sites/demo/reactions"))
            .header("Origin", PUBLISHER)
            .header("X-Forwarded-For", client)
            .json(&json!({"article": ARTICLE, "reader": reader(n), "reaction": "happy"}))
            .send()
    };
    assert_eq!(put("203.0.113.1", 1).await.unwrap().status().as_u16(), 200);
    assert_eq!(put("203.0.113.1", 2).await.unwrap().status().as_u16(), 429);
    assert_eq!(put("203.0.113.2", 3).await.unwrap().status().as_u16(), 200);
}

#[tokio::test]
async fn the_widget_bootstrap_carries_kinds_counts_and_mine() {
    let app = spawn_app().await;
    app.import("demo", &json!([crate::helpers::article(ARTICLE, "A")]))
        .await
        .unwrap();
    app.put_reaction(ARTICLE, &reader(1), "sad").await;
    let response = app
        .client
        .get(app.url("/api/v1/sites/demo/widget"))
        .query(&[("article", ARTICLE), ("reader", &reader(1))])
        .send()
        .await
        .unwrap();
    let body: newscard_protocol::WidgetBootstrap = response.json().await.unwrap();
    assert_eq!(body.reaction_kinds, ["happy", "sad", "like", "meh"]);
    assert_eq!(body.reactions.counts, counts(&[("sad", 1)]));
    assert_eq!(body.reactions.mine.as_deref(), Some("sad"));
}
