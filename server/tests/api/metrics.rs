//! `/metrics`: off unless configured, on its own listener, and moving with the
//! traffic it counts.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{article, error_code, reader, spawn_app, spawn_app_with, TestApp, ARTICLE};

/// Two writes and one stream per client, and a metrics listener.
const METRICS_HEAD: &str = "trusted_proxies = [\"127.0.0.1\"]\n\
     [rate_limit]\nper_minute = 1\nburst = 2\nopen_streams = 1\n\
     [metrics]\nlisten = \"127.0.0.1:0\"\n";

const REQUESTS: &str = "newscard_http_request_duration_seconds_count";

#[tokio::test]
async fn metrics_are_not_served_unless_configured_and_never_on_the_public_listener() {
    let app = spawn_app().await;
    assert!(app.metrics_address.is_none());
    assert_eq!(
        error_code(app.get("/metrics").await, 404).await,
        "not_found"
    );
    let app = spawn_app_with(METRICS_HEAD).await;
    assert_eq!(
        error_code(app.get("/metrics").await, 404).await,
        "not_found"
    );
    let metrics = app.metrics_address.as_ref().unwrap();
    assert_ne!(metrics, &app.address);
    let elsewhere = app
        .client
        .get(format!("{metrics}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(elsewhere, 404).await, "not_found");
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status_with_latency() {
    let app = spawn_app_with(METRICS_HEAD).await;
    let before = app.scrape_metrics().await;
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    }
    let reader = reader(1);
    let query = [("article", ARTICLE), ("reader", reader.as_str())];
    let unknown = app.get_demo("widget", &query, None).await;
    assert_eq!(error_code(unknown, 404).await, "article_not_found");
    let made_up = app.get("/made-up/path-of-the-client?reader=x").await;
    assert_eq!(made_up.status().as_u16(), 404);
    let wasm = app.get("/pkg/newscard_bg.wasm").await;
    assert_eq!(wasm.status().as_u16(), 200);

    let after = app.scrape_metrics().await;
    let moved =
        |labels: &[(&str, &str)]| after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
    assert_eq!(
        moved(&[("route", "/healthz"), ("status", "200"), ("method", "GET")]),
        3.0
    );
    assert_eq!(
        moved(&[("route", "/api/v1/sites/{site}/widget"), ("status", "404")]),
        1.0
    );
    assert_eq!(moved(&[("route", "unmatched"), ("status", "404")]), 1.0);
    assert_eq!(moved(&[("route", "/pkg/{*file}"), ("status", "200")]), 1.0);
    // Latency: each request falls in a bucket, and the +Inf bucket is the count.
    let healthz = [("route", "/healthz"), ("status", "200")];
    assert_eq!(
        after.value(
            "newscard_http_request_duration_seconds_bucket",
            &[healthz[0], healthz[1], ("le", "+Inf")]
        ),
        after.value(REQUESTS, &healthz)
    );
    assert!(after.value("newscard_http_request_duration_seconds_sum", &healthz) > 0.0);
    // Labels name templates, never what a client sent.
    for value in after.label_values() {
        assert!(
            !value.contains("made-up")
                && !value.contains("news.example")
                && !value.contains(&reader),
            "{value}"
        );
    }
}

#[tokio::test]
async fn reaction_batches_refusals_streams_caches_and_store_errors_are_counted() {
    let app = spawn_app_with(METRICS_HEAD).await;
    app.import("demo", &json!([article(ARTICLE, "A")]))
        .await
        .unwrap();
    let before = app.scrape_metrics().await;

    // The bootstrap twice: the second finds the card and the counts in memory.
    for _ in 0..2 {
        assert_eq!(
            app.get_widget("demo", ARTICLE, None)
                .await
                .status()
                .as_u16(),
            200
        );
    }
    // Two writes the client's burst allows, and a third it does not.
    for n in 0..2 {
        let response = app.put_reaction(ARTICLE, &reader(n), "happy").await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let refused = app.put_reaction(ARTICLE, &reader(3), "happy").await;
    assert_eq!(error_code(refused, 429).await, "rate_limited");
    // One stream the client may hold, and a second it may not.
    let stream = app.open_stream(ARTICLE, "203.0.113.1").await;
    assert_eq!(stream.status().as_u16(), 200);
    let second = app.open_stream(ARTICLE, "203.0.113.1").await;
    assert_eq!(error_code(second, 429).await, "too_many_streams");
    // The database loses a table behind the server's back.
    app.execute_sql("DROP TABLE share_counts").await;
    let failed = app.get_demo("shares", &[("article", ARTICLE)], None).await;
    assert_eq!(error_code(failed, 500).await, "internal");

    let during = app.scrape_metrics().await;
    let moved = |name: &str, labels: &[(&str, &str)]| {
        during.value(name, labels) - before.value(name, labels)
    };
    assert_eq!(
        moved(
            "newscard_reaction_writes_total",
            &[("outcome", "committed")]
        ),
        2.0
    );
    assert_eq!(moved("newscard_reaction_batch_size_sum", &[]), 2.0);
    assert!((1.0..=2.0).contains(&moved("newscard_reaction_batch_size_count", &[])));
    assert_eq!(
        moved("newscard_rate_limit_refusals_total", &[("limit", "writes")]),
        1.0
    );
    assert_eq!(
        moved(
            "newscard_rate_limit_refusals_total",
            &[("limit", "streams")]
        ),
        1.0
    );
    for cache in ["cards", "counts"] {
        let hits = moved(
            "newscard_cache_lookups_total",
            &[("cache", cache), ("result", "hit")],
        );
        assert!(hits >= 1.0, "{cache}: {hits} hits");
        let misses = moved(
            "newscard_cache_lookups_total",
            &[("cache", cache), ("result", "miss")],
        );
        assert!(misses >= 1.0, "{cache}: {misses} misses");
    }
    assert_eq!(during.value("newscard_live_streams_open", &[]), 1.0);
    assert_eq!(
        moved(
            "newscard_store_errors_total",
            &[("operation", "share_counts"), ("kind", "internal")]
        ),
        1.0
    );

    drop(stream);
    assert_eq!(live_streams_once_settled(&app, 0.0).await, 0.0);
}

/// The live-stream gauge once it reads `expected` (a closed stream is noticed
/// when the server next writes to it), or its last value after 10 s.
async fn live_streams_once_settled(app: &TestApp, expected: f64) -> f64 {
    let mut open = f64::NAN;
    for _ in 0..200 {
        open = app
            .scrape_metrics()
            .await
            .value("newscard_live_streams_open", &[]);
        if open == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    open
}
