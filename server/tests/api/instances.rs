//! Several servers on one database (PostgreSQL, whatever store the rest of the
//! suite runs on): what one server writes, the others count, stream and find;
//! the database going away is a 503 and coming back is recovery. And one
//! server per SQLite file.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use newscard_server::store::DbLocation;
use serde_json::json;

use crate::helpers::{
    article, error_code, reader, spawn_app_on, TestApp, API_KEY, ARTICLE, PUBLISHER,
};
use crate::postgres::{cluster, Cluster};

/// Two servers on one fresh PostgreSQL database.
async fn two_servers(cluster: &Cluster) -> (TestApp, TestApp) {
    let db = DbLocation::Postgres(cluster.fresh_database().await);
    (spawn_app_on(db.clone()).await, spawn_app_on(db).await)
}

/// Polls `app`'s counts of `article` until they are `expected`, for up to 2 s.
async fn counts_become(app: &TestApp, article: &str, expected: &BTreeMap<String, u64>) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let seen = app.reactions(article, None).await.counts;
        if &seen == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{seen:?}, not {expected:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn readers_on_one_hot_article_through_two_servers_end_with_exact_counts() {
    let (a, b) = two_servers(cluster()).await;
    const READERS: usize = 300;
    // Every reader sets a mood on one server; every third changes it on the
    // other; every fifth then takes it back; all at once.
    let writes = (0..READERS).map(|n| {
        let (first, second) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
        async move {
            let ok = |r: reqwest::Response| assert_eq!(r.status().as_u16(), 200);
            ok(first.put_reaction(ARTICLE, &reader(n), "happy").await);
            if n % 3 == 0 {
                ok(second.put_reaction(ARTICLE, &reader(n), "sad").await);
            }
            if n % 5 == 0 {
                ok(second.delete_reaction(ARTICLE, &reader(n)).await);
            }
        }
    });
    futures_util::stream::iter(writes)
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await;
    let mut expected = BTreeMap::new();
    for n in (0..READERS).filter(|n| n % 5 != 0) {
        let mood = if n % 3 == 0 { "sad" } else { "happy" };
        *expected.entry(mood.to_owned()).or_insert(0) += 1;
    }
    counts_become(&a, ARTICLE, &expected).await;
    counts_become(&b, ARTICLE, &expected).await;
    // One vote per reader, whichever server it went through.
    assert_eq!(
        a.count_rows("reactions").await,
        expected.values().sum::<u64>() as i64
    );
}

#[tokio::test]
async fn a_reaction_through_one_server_reaches_a_stream_on_the_other() {
    let (a, b) = two_servers(cluster()).await;
    // B knows the counts (cached) before A writes.
    assert!(b.reactions(ARTICLE, None).await.counts.is_empty());
    let response = b
        .client
        .get(b.url("/api/v1/sites/demo/reactions/stream"))
        .query(&[("article", ARTICLE)])
        .header("Origin", PUBLISHER)
        .send()
        .await
        .unwrap();
    let mut events = response.bytes_stream();
    let written = Instant::now();
    assert_eq!(
        a.put_reaction(ARTICLE, &reader(1), "like")
            .await
            .status()
            .as_u16(),
        200
    );
    let seen = tokio::time::timeout(Duration::from_secs(2), async {
        let mut text = String::new();
        while !text.contains(r#"{"like":1}"#) {
            let chunk = events.next().await.expect("stream open").unwrap();
            text.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    })
    .await;
    assert!(seen.is_ok(), "no event on B within 2 s of A's write");
    eprintln!("A's write reached B's stream in {:?}", written.elapsed());
    // And B's cached counts learned of it.
    counts_become(&b, ARTICLE, &BTreeMap::from([("like".to_owned(), 1)])).await;
}

#[tokio::test]
async fn an_article_written_through_one_server_is_found_on_the_other() {
    let (a, b) = two_servers(cluster()).await;
    let first = json!(article(ARTICLE, "新能源汽车出海"));
    assert_eq!(
        a.put_article("demo", Some(API_KEY), &first).await.status(),
        200
    );
    assert!(b.has_article(ARTICLE).await);
    let related = "https://news.example/2025/03/26/tech-abroad-2";
    let second = json!(article(related, "新能源汽车出海再提速"));
    assert_eq!(
        a.put_article("demo", Some(API_KEY), &second).await.status(),
        200
    );
    let (status, page) = b.related("demo", &[("article", ARTICLE)]).await;
    assert_eq!(status, 200);
    assert_eq!(page["items"][0]["url"], related);
    // B's kept card learns of A's rewrite.
    let mut retitled = first.clone();
    retitled["title"] = "改过的标题".into();
    assert_eq!(
        a.put_article("demo", Some(API_KEY), &retitled)
            .await
            .status(),
        200
    );
    let card: serde_json::Value = b
        .get_widget("demo", ARTICLE, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(card["card"]["title"], "改过的标题");
}

#[tokio::test]
async fn the_database_going_away_is_a_503_and_its_return_is_recovery() {
    let cluster = Cluster::start_private();
    let db = DbLocation::Postgres(cluster.fresh_database().await);
    let app = spawn_app_on(db).await;
    assert_eq!(
        app.put_reaction(ARTICLE, &reader(1), "happy")
            .await
            .status()
            .as_u16(),
        200
    );
    cluster.stop();
    let started = Instant::now();
    let refused = app.put_reaction(ARTICLE, &reader(2), "happy").await;
    assert_eq!(error_code(refused, 503).await, "unavailable");
    let read = app
        .get_demo(
            "reactions",
            &[("article", ARTICLE), ("reader", &reader(1))],
            None,
        )
        .await;
    assert_eq!(error_code(read, 503).await, "unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "refusals took {:?}",
        started.elapsed()
    );
    cluster.start();
    // Recovery by itself: the pool reconnects; nothing acknowledged was lost.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = app.put_reaction(ARTICLE, &reader(2), "sad").await;
        if response.status().as_u16() == 200 {
            break;
        }
        assert_eq!(response.status().as_u16(), 503);
        assert!(Instant::now() < deadline, "no recovery within 20 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mine = app.reactions(ARTICLE, Some(&reader(1))).await;
    assert_eq!(mine.mine.as_deref(), Some("happy"));
    assert_eq!(mine.counts.values().sum::<u64>(), 2);
}

#[tokio::test]
async fn a_second_server_on_one_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newscard.db");
    let app = spawn_app_on(DbLocation::Sqlite(path.clone())).await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_newscard-server"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("another newscard-server is serving"),
        "{stderr}"
    );
    // The import command writes beside the server, as before.
    let imported = app.import_command("demo", br#"[]"#);
    assert!(imported.status.success(), "{imported:?}");
}

#[test]
fn db_urls_other_than_postgres_are_refused_with_a_clear_message() {
    for db in ["mysql://u@127.0.0.1/newscard", "sqlite://data/x.db"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_newscard-server"))
            .args(["--listen", "127.0.0.1:0", "--db", db])
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("only postgres:// URLs"), "{stderr}");
    }
}
