//! Hostile traffic, request by request as an attacker sent it (issue 18): none
//! may take the server down, leave memory behind, hold a connection open or
//! answer without the JSON error shape.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{
    article, error_code, reader, spawn_app, spawn_app_with, TestApp, API_KEY, ARTICLE, PUBLISHER,
};
use newscard_server::LiveStats;

/// Loopback is a trusted proxy, so tests can be several clients.
const TRUSTED: &str = "trusted_proxies = [\"127.0.0.1\"]\n";

#[tokio::test]
async fn a_window_ending_in_a_multibyte_character_is_refused_and_the_server_goes_on() {
    let app = spawn_app().await;
    for window in ["%C3%A9", "1%E4%B8%80", "%E4%B8%80h", "24%F0%9F%98%80"] {
        let response = app
            .get(&format!(
                "/api/v1/sites/demo/ranking?reaction=happy&window={window}"
            ))
            .await;
        assert_eq!(
            error_code(response, 400).await,
            "invalid_window",
            "{window}"
        );
    }
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

/// Waits (up to 10 s) until the live streams hold nothing, and says what they held.
async fn settled(app: &TestApp) -> LiveStats {
    for _ in 0..200 {
        if app.live.stats()
            == (LiveStats {
                channels: 0,
                streams: 0,
            })
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.live.stats()
}

#[tokio::test]
async fn twenty_thousand_streams_opened_and_closed_leave_no_channel_behind() {
    let app = spawn_app().await;
    let mut one = app.open_stream(ARTICLE, "203.0.113.1").await.bytes_stream();
    one.next().await.unwrap().unwrap();
    assert_eq!(
        app.live.stats(),
        LiveStats {
            channels: 1,
            streams: 1
        }
    );
    drop(one);

    const STREAMS: usize = 20_000;
    let opened = futures_util::stream::iter(0..STREAMS)
        .map(|n| {
            let app = &app;
            async move {
                let article = format!("https://news.example/leak/{n}");
                let response = app.open_stream(&article, "203.0.113.2").await;
                assert_eq!(response.status().as_u16(), 200);
                // The first event (the current counts), then the reader leaves.
                let first = response.bytes_stream().next().await.unwrap().unwrap();
                assert!(first.starts_with(b"event: counts"));
            }
        })
        .buffer_unordered(32)
        .count()
        .await;
    assert_eq!(opened, STREAMS);
    assert_eq!(
        settled(&app).await,
        LiveStats {
            channels: 0,
            streams: 0
        },
        "channels left behind after {STREAMS} closed streams"
    );
}

#[tokio::test]
async fn a_client_holds_at_most_its_share_of_open_streams() {
    let app = spawn_app_with(&format!("{TRUSTED}[rate_limit]\nopen_streams = 3\n")).await;
    let mut open = Vec::new();
    for n in 0..3 {
        let article = format!("https://news.example/cap/{n}");
        let response = app.open_stream(&article, "203.0.113.1").await;
        assert_eq!(response.status().as_u16(), 200);
        open.push(response);
    }
    let refused = app.open_stream(ARTICLE, "203.0.113.1").await;
    assert_eq!(error_code(refused, 429).await, "too_many_streams");
    // Another address is another client.
    let other = app.open_stream(ARTICLE, "203.0.113.2").await;
    assert_eq!(other.status().as_u16(), 200);
    // A closed stream gives its place back.
    drop(open.pop());
    let mut reopened = false;
    for _ in 0..100 {
        let response = app.open_stream(ARTICLE, "203.0.113.1").await;
        if response.status().as_u16() == 200 {
            reopened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(reopened, "the closed stream's place was not given back");
}

/// URLs a site does not own, each of which was once stored under the demo site.
const FOREIGN: [&str; 5] = [
    "https://evil.example/x",
    // A Cyrillic "е" in place of the Latin "e".
    "https://n\u{0435}ws.example/x",
    "https://news.example.evil.example/x",
    "https://news.example@evil.example/x",
    "https://reader:secret@news.example/x",
];

#[tokio::test]
async fn reactions_shares_and_streams_refuse_articles_outside_the_sites_hosts() {
    let app = spawn_app().await;
    for article in FOREIGN {
        let put = app.put_reaction(article, &reader(1), "happy").await;
        assert_eq!(
            error_code(put, 400).await,
            "invalid_article_url",
            "{article}"
        );
        let delete = app.delete_reaction(article, &reader(1)).await;
        assert_eq!(error_code(delete, 400).await, "invalid_article_url");
        let share = app
            .client
            .post(app.url("/api/v1/sites/demo/shares"))
            .header("Origin", PUBLISHER)
            .json(&json!({"article": article, "service": "copy"}))
            .send()
            .await
            .unwrap();
        assert_eq!(error_code(share, 400).await, "invalid_article_url");
        for resource in ["reactions", "shares", "reactions/stream"] {
            let read = app.get_demo(resource, &[("article", article)], None).await;
            assert_eq!(
                error_code(read, 400).await,
                "invalid_article_url",
                "{resource} {article}"
            );
        }
    }
    assert_eq!(app.count_rows("reactions").await, 0);
    assert_eq!(app.count_rows("share_counts").await, 0);
    assert_eq!(app.live.stats().channels, 0);
    // The site's own articles are as before.
    let own = app.put_reaction(ARTICLE, &reader(1), "happy").await;
    assert_eq!(own.status().as_u16(), 200);
}

#[tokio::test]
async fn refused_writes_do_not_cost_a_client_its_allowance() {
    let app = spawn_app_with(&format!(
        "{TRUSTED}[rate_limit]\nper_minute = 1\nburst = 20\n"
    ))
    .await;
    let put = |body: String, content_type: &'static str| {
        app.client
            .put(app.url("/api/v1/sites/demo/reactions"))
            .header("Origin", PUBLISHER)
            .header("X-Forwarded-For", "203.0.113.9")
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let good = |n: usize| {
        json!({"article": ARTICLE, "reader": reader(n), "reaction": "happy"}).to_string()
    };
    let malformed = [
        ("{\"article\":".to_owned(), "application/json"),
        (good(0), "text/plain"),
        (
            json!({"article": ARTICLE, "reader": reader(0), "reaction": "angry"}).to_string(),
            "application/json",
        ),
        (
            json!({"article": "https://evil.example/x", "reader": reader(0), "reaction": "happy"})
                .to_string(),
            "application/json",
        ),
        (
            json!({"article": ARTICLE, "reader": "short", "reaction": "happy"}).to_string(),
            "application/json",
        ),
    ];
    for round in 0..5 {
        for (body, content_type) in &malformed {
            let status = put(body.clone(), content_type).await.unwrap().status();
            assert!(
                status.is_client_error() && status.as_u16() != 429,
                "round {round}: {status} for {body}"
            );
        }
    }
    for n in 1..=20 {
        let status = put(good(n), "application/json").await.unwrap().status();
        assert_eq!(
            status.as_u16(),
            200,
            "well-formed write {n} after 25 refused"
        );
    }
    let limited = put(good(21), "application/json").await.unwrap();
    assert_eq!(error_code(limited, 429).await, "rate_limited");
}

#[tokio::test]
async fn every_refusal_carries_the_json_error_shape() {
    let app = spawn_app().await;
    let client = &app.client;
    let long_query = format!(
        "/api/v1/sites/demo/widget?article={}",
        "a".repeat(20 * 1024)
    );
    let mut many_headers = client.get(app.url("/healthz"));
    for n in 0..150 {
        many_headers = many_headers.header(format!("x-header-{n}"), "1");
    }
    let cases = [
        (
            client
                .patch(app.url("/api/v1/sites/demo/reactions"))
                .header("Origin", PUBLISHER),
            405,
            "method_not_allowed",
        ),
        (client.post(app.url("/healthz")), 405, "method_not_allowed"),
        (client.get(app.url(&long_query)), 414, "uri_too_long"),
        (many_headers, 431, "headers_too_large"),
        (
            client
                .get(app.url("/healthz"))
                .header("x-large", "v".repeat(20 * 1024)),
            431,
            "headers_too_large",
        ),
        // Not UTF-8 once decoded: axum's path rejection.
        (
            client.get(app.url("/api/v1/sites/%FF/widget")),
            400,
            "bad_request",
        ),
        (client.get(app.url("/pkg/missing.js")), 404, "not_found"),
        (
            client.get(app.url(&format!("/pkg/{}", "a".repeat(256)))),
            404,
            "not_found",
        ),
        (client.get(app.url("/nowhere")), 404, "not_found"),
        (
            client
                .put(app.url("/api/v1/sites/demo/reactions"))
                .header("Origin", PUBLISHER)
                .header("Content-Type", "application/json")
                .body(" ".repeat(5 * 1024)),
            413,
            "bad_body",
        ),
        (
            client
                .put(app.url("/api/v1/sites/demo/reactions"))
                .header("Origin", PUBLISHER)
                .body("{}"),
            415,
            "bad_body",
        ),
    ];
    for (request, status, code) in cases {
        let request = request.build().unwrap();
        let what = format!("{} {}", request.method(), request.url().path());
        let response = client.execute(request).await.unwrap();
        if status == 405 {
            assert!(response.headers().contains_key("allow"), "{what}");
        }
        assert_eq!(error_code(response, status).await, code, "{what}");
    }
}

/// Sends `target` exactly as written (an HTTP client would normalize `%2e`
/// and `..`), and returns the status line and the rest of the answer.
async fn raw_get(app: &TestApp, target: &str) -> (String, String) {
    let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let answer = exchange(app, request.as_bytes()).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (status, rest) = answer.split_once("\r\n").unwrap_or((&answer, ""));
    (status.to_owned(), rest.to_lowercase())
}

#[tokio::test]
async fn pkg_serves_its_files_and_nothing_else_without_a_redirect() {
    let app = spawn_app().await;
    std::fs::create_dir(app.pkg_dir().join("sub")).unwrap();
    std::fs::write(app.pkg_dir().join("sub/x.js"), "x").unwrap();
    let (status, _) = raw_get(&app, "/pkg/newscard_bg.wasm").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    for target in [
        "/pkg/%2e",
        "/pkg/%2E%2E/sites.toml",
        "/pkg/../sites.toml",
        "/pkg/..%2fsites.toml",
        "/pkg/%2e%2e%2fsites.toml",
        "/pkg/sub",
        "/pkg/sub/",
        "/pkg/sub/x.js",
        "/pkg/.hidden",
        "/pkg/",
        "/pkg",
    ] {
        let (status, rest) = raw_get(&app, target).await;
        assert_eq!(status, "HTTP/1.1 404 Not Found", "{target}");
        assert!(!rest.contains("\r\nlocation:"), "{target} redirects");
        assert!(rest.contains(r#""code":"not_found""#), "{target}: {rest}");
    }
}

#[tokio::test]
async fn a_request_hyper_cannot_parse_is_refused_and_the_server_goes_on() {
    let app = spawn_app().await;
    let request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n";
    let answer = exchange(&app, request).await;
    assert!(answer.starts_with(b"HTTP/1.1 400"), "{answer:?}");
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

/// Sends `request` on a new connection and reads until the server closes it
/// (at most 5 s).
async fn exchange(app: &TestApp, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(app.authority()).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_until_closed(&mut stream, Duration::from_secs(5)).await
}

/// Reads until the server closes the connection; panics if it has not within `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Vec<u8> {
    let mut received = Vec::new();
    let closed = tokio::time::timeout(limit, async {
        let mut buffer = [0; 64 * 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the connection is still open after {limit:?}"
    );
    received
}

/// The test server with one-second connection timeouts.
async fn impatient_app() -> TestApp {
    spawn_app_with(&format!(
        "{TRUSTED}[timeouts]\nheaders = 1\nbody = 1\nsend = 1\n\
         [rate_limit]\nper_minute = 100000\nburst = 100000\n"
    ))
    .await
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let app = impatient_app().await;
    let mut stream = TcpStream::connect(app.authority()).await.unwrap();
    read_until_closed(&mut stream, Duration::from_secs(5)).await;
}

#[tokio::test]
async fn headers_sent_one_line_at_a_time_are_cut_off() {
    let app = impatient_app().await;
    let stream = TcpStream::connect(app.authority()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let trickle = tokio::spawn(async move {
        write.write_all(b"GET /healthz HTTP/1.1\r\n").await?;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            write.write_all(b"X-Slow: 1\r\n").await?;
        }
        std::io::Result::Ok(())
    });
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buffer = [0; 1024];
        while read.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
    })
    .await;
    assert!(
        closed.is_ok(),
        "a trickle of header lines held the connection"
    );
    trickle.abort();
}

#[tokio::test]
async fn a_body_sent_one_byte_at_a_time_is_answered_408_and_closed() {
    let app = impatient_app().await;
    let mut stream = TcpStream::connect(app.authority()).await.unwrap();
    let head = format!(
        "PUT /api/v1/sites/demo/reactions HTTP/1.1\r\nHost: x\r\nOrigin: {PUBLISHER}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..50 {
            write.write_all(b" ").await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        std::io::Result::Ok(())
    });
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), read.read_to_end(&mut answer)).await;
    trickle.abort();
    assert!(closed.is_ok(), "a trickling body held the connection");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
}

#[tokio::test]
async fn a_large_body_arriving_steadily_outlives_the_body_timeout() {
    let app = impatient_app().await;
    let mut long = article("https://news.example/long", "Long");
    long["body"] = "正文".repeat(60_000).into();
    let body = long.to_string().into_bytes();
    let head = format!(
        "PUT /api/v1/sites/demo/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {API_KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(app.authority()).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // 360 KB in 1.5 s, past the one-second timeout, at 240 KB/s.
    for chunk in body.chunks(body.len().div_ceil(15)) {
        stream.write_all(chunk).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = impatient_app().await;
    // No `Connection: close`: the connection stays for a next request that never comes.
    let answer = exchange(&app, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(answer.starts_with(b"HTTP/1.1 200"));
}

#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off() {
    let app = impatient_app().await;
    // Far more than the socket buffers of both ends hold.
    const SIZE: usize = 64 * 1024 * 1024;
    std::fs::write(app.pkg_dir().join("large.bin"), vec![7u8; SIZE]).unwrap();
    let mut stream = TcpStream::connect(app.authority()).await.unwrap();
    stream
        .write_all(b"GET /pkg/large.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let received = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    assert!(
        received.len() < SIZE,
        "a client that read nothing for 4 s still got the whole file"
    );
}
