//! Property tests through the real server: any query to any read route and any
//! body to any write route is answered below 500, every refusal in the JSON
//! error shape, and a refused write changes nothing.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use tokio::runtime::Runtime;

use crate::helpers::{article, spawn_app, TestApp, API_KEY, ARTICLE, PUBLISHER};

const READ_ROUTES: [&str; 6] = [
    "widget",
    "reactions",
    "reactions/stream",
    "related",
    "ranking",
    "shares",
];
const KEYS: [&str; 7] = [
    "article", "reader", "reaction", "window", "limit", "cursor", "x",
];

/// Known-good values beside hostile ones, so parsers see both.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(ARTICLE.to_owned()),
        Just("reader-0000000001-test".to_owned()),
        Just("happy".to_owned()),
        Just("24h".to_owned()),
        "[0-9]{1,25}",
        "-?[0-9a-f.]{0,40}",
        "\\PC{0,30}",
        // Control characters, NUL among them (PostgreSQL refuses NUL in text).
        "[\\x00-\\x1f\\x7f]{1,4}\\PC{0,8}",
        // Any bytes, percent-encoded: the query decodes to them, UTF-8 or not.
        proptest::collection::vec(any::<u8>(), 0..40)
            .prop_map(|bytes| { bytes.iter().map(|b| format!("%{b:02X}")).collect() }),
        // Broken escapes and separators.
        "[%&=;+a-fA-F0-9]{0,20}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(&KEYS[..]), value()), 0..5).prop_map(
        |pairs| {
            pairs
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        },
    )
}

/// JSON of the write bodies' shape with hostile members, or not JSON at all.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let member = prop_oneof![
        value().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!([1, "a"])),
        Just(json!({"nested": {"a": 1}})),
    ];
    let object = proptest::collection::btree_map(
        prop_oneof![
            Just("article".to_owned()),
            Just("reader".to_owned()),
            Just("reaction".to_owned()),
            Just("service".to_owned()),
            "\\PC{0,8}",
        ],
        member,
        0..5,
    )
    .prop_map(|members| serde_json::to_vec(&members).unwrap());
    prop_oneof![object, proptest::collection::vec(any::<u8>(), 0..200)]
}

/// The answer is below 500, and a refusal carries `{"error": {"code", "message"}}`.
async fn assert_answered(response: reqwest::Response, what: &str) -> u16 {
    let status = response.status().as_u16();
    assert!(status < 500, "{status} for {what}");
    if status >= 400 {
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|err| panic!("{status} without JSON for {what}: {err}"));
        assert!(body["error"]["code"].is_string(), "{body} for {what}");
        assert!(body["error"]["message"].is_string(), "{body} for {what}");
    }
    status
}

/// What a refused write must leave as it was.
async fn stored(app: &TestApp) -> (i64, i64) {
    (
        app.count_rows("reactions").await,
        app.count_rows("share_counts").await,
    )
}

/// Checks `property` on `cases` values of `strategy`, each on `runtime`,
/// where the test's server runs.
fn for_all<S: Strategy>(
    runtime: &Runtime,
    cases: u32,
    strategy: S,
    property: impl AsyncFn(S::Value),
) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |value| {
            runtime.block_on(property(value));
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_query_to_any_read_route_is_answered_in_the_documented_shape() {
    let runtime = Runtime::new().unwrap();
    let app = runtime.block_on(async {
        let app = spawn_app().await;
        app.import("demo", &json!([article(ARTICLE, "A")]))
            .await
            .unwrap();
        app
    });
    let strategy = (proptest::sample::select(&READ_ROUTES[..]), query());
    for_all(&runtime, 600, strategy, async |(route, query)| {
        let url = app.url(&format!("/api/v1/sites/demo/{route}?{query}"));
        let response = app
            .client
            .get(url)
            .header("Origin", PUBLISHER)
            .send()
            .await
            .unwrap();
        // A stream that opened is dropped unread.
        assert_answered(response, &format!("{route}?{query}")).await;
    });
}

#[test]
fn any_body_to_any_write_route_is_answered_and_a_refusal_changes_nothing() {
    let runtime = Runtime::new().unwrap();
    let app = runtime.block_on(spawn_app());
    let routes = [
        (reqwest::Method::PUT, "reactions"),
        (reqwest::Method::DELETE, "reactions"),
        (reqwest::Method::POST, "shares"),
    ];
    let strategy = (proptest::sample::select(routes.to_vec()), body());
    for_all(&runtime, 600, strategy, async |((method, route), body)| {
        let before = stored(&app).await;
        let response = app
            .client
            .request(
                method.clone(),
                app.url(&format!("/api/v1/sites/demo/{route}")),
            )
            .header("Origin", PUBLISHER)
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let what = format!("{method} {route} {}", String::from_utf8_lossy(&body));
        if assert_answered(response, &what).await >= 400 {
            assert_eq!(stored(&app).await, before, "a refused {what} changed rows");
        }
    });
}

#[test]
fn any_document_to_the_publisher_routes_is_answered_in_the_documented_shape() {
    let runtime = Runtime::new().unwrap();
    let app = runtime.block_on(spawn_app());
    let strategy = (any::<bool>(), body());
    for_all(&runtime, 300, strategy, async |(feed, body)| {
        let (method, route, content_type) = if feed {
            (reqwest::Method::POST, "feeds", "application/rss+xml")
        } else {
            (reqwest::Method::PUT, "articles", "application/json")
        };
        let response = app
            .client
            .request(method, app.url(&format!("/api/v1/sites/demo/{route}")))
            .bearer_auth(API_KEY)
            .header("Content-Type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let what = format!("{route} {}", String::from_utf8_lossy(&body));
        assert_answered(response, &what).await;
    });
}
