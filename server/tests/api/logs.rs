//! The request log, read from the real binary's standard error: one line per
//! request, naming its route template and never the reader or the client.

use serde_json::{json, Value};

use crate::helpers::{reader, spawn_binary, ARTICLE, PUBLISHER};

#[tokio::test]
async fn json_logs_have_one_line_per_request_without_reader_ids_or_addresses() {
    let (server, _dir) = spawn_binary(&["--log-format", "json"]).await;
    let reader = reader(7);
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", server.address);
    // A client behind the trusted loopback proxy: its address is known to the
    // server (for its limits) and must not be logged either.
    let behind_proxy = "203.0.113.9";
    let requests = [
        client.get(url("/healthz")),
        client
            .get(url("/api/v1/sites/demo/widget"))
            .query(&[("article", ARTICLE), ("reader", &reader)]),
        client
            .put(url("/api/v1/sites/demo/reactions"))
            .header("Origin", PUBLISHER)
            .header("X-Forwarded-For", behind_proxy)
            .json(&json!({"article": ARTICLE, "reader": reader, "reaction": "happy"})),
        client
            .get(url("/api/v1/sites/demo/reactions"))
            .query(&[("article", ARTICLE), ("reader", &reader)]),
        client.get(url(&format!("/no/such/path?reader={reader}"))),
    ];
    let mut expected = Vec::new();
    for request in requests {
        let response = request.send().await.unwrap();
        expected.push(response.status().as_u16());
    }
    assert_eq!(expected, [200, 404, 200, 200, 404]);

    let log = server.kill();
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect();
    let answered: Vec<(&str, &str, u64)> = lines
        .iter()
        .filter(|line| line["message"] == "answered")
        .map(|line| {
            assert!(line["latency_ms"].as_f64().unwrap() >= 0.0, "{line}");
            (
                line["span"]["method"].as_str().unwrap(),
                line["span"]["route"].as_str().unwrap(),
                line["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        answered,
        [
            ("GET", "/healthz", 200),
            ("GET", "/api/v1/sites/{site}/widget", 404),
            ("PUT", "/api/v1/sites/{site}/reactions", 200),
            ("GET", "/api/v1/sites/{site}/reactions", 200),
            ("GET", "unmatched", 404),
        ]
    );
    // The article's URL travels only in queries and bodies: its absence shows
    // that no request target or body is logged.
    for secret in [reader.as_str(), "127.0.0.1", behind_proxy, "news.example"] {
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
}
