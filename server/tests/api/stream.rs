use std::time::Duration;

use futures_util::StreamExt;

use crate::helpers::{reader, spawn_app, ARTICLE, PUBLISHER};

/// Reads the stream until an event whose data contains `needle`, or fails after 2 s.
async fn next_event_with(
    events: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    needle: &str,
) -> String {
    tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if event.contains("event: counts") && event.contains(needle) {
                    return event;
                }
            }
            let chunk = events.next().await.expect("stream open").unwrap();
            buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no event with {needle} within 2 s"))
}

#[tokio::test]
async fn watchers_get_current_counts_then_every_change() {
    let app = spawn_app().await;
    app.put_reaction(ARTICLE, &reader(1), "happy").await;
    let response = app
        .client
        .get(app.url("/api/v1/sites/demo/reactions/stream"))
        .query(&[("article", ARTICLE)])
        .header("Origin", PUBLISHER)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["access-control-allow-origin"], PUBLISHER);
    let mut events = response.bytes_stream();
    let mut buffer = String::new();

    next_event_with(&mut events, &mut buffer, r#"{"happy":1}"#).await;
    app.put_reaction(ARTICLE, &reader(2), "sad").await;
    next_event_with(&mut events, &mut buffer, r#"{"happy":1,"sad":1}"#).await;
    app.delete_reaction(ARTICLE, &reader(1)).await;
    next_event_with(&mut events, &mut buffer, r#"{"sad":1}"#).await;
}

#[tokio::test]
async fn other_articles_changes_are_not_sent() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/sites/demo/reactions/stream"))
        .query(&[("article", ARTICLE)])
        .send()
        .await
        .unwrap();
    let mut events = response.bytes_stream();
    let mut buffer = String::new();
    next_event_with(&mut events, &mut buffer, "{}").await;
    app.put_reaction("https://news.example/other", &reader(1), "happy")
        .await;
    app.put_reaction(ARTICLE, &reader(2), "meh").await;
    // Until this article's change arrives, every event is this article's
    // counts (a server may send the same counts again), never the other's.
    loop {
        let event = next_event_with(&mut events, &mut buffer, "").await;
        assert!(!event.contains("happy"), "{event}");
        if event.contains(r#"{"meh":1}"#) {
            break;
        }
        assert!(event.contains("data: {}"), "{event}");
    }
}
