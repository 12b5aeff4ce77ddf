//! `newscard-server export` and `import` of its output: a site's articles,
//! reactions, counts and settings round-trip into a fresh database.

use serde_json::{json, Value};

use crate::helpers::{article, reader, spawn_app, TestApp, ARTICLE, PUBLISHER};

const SECOND: &str = "https://news.example/2025/03/26/second";

/// Articles, reactions (one changed, one retracted) and share clicks.
async fn a_site_in_use() -> TestApp {
    let app = spawn_app().await;
    let mut second = article(SECOND, "Second");
    second["updated_at"] = json!("2025-03-27T08:00:00Z");
    second["image"] = json!("https://cdn.example/second.jpg");
    app.import("demo", &json!([article(ARTICLE, "First"), second]))
        .await
        .unwrap();
    for (n, article, reaction) in [
        (1, ARTICLE, "happy"),
        (2, ARTICLE, "happy"),
        (3, ARTICLE, "sad"),
        (1, SECOND, "like"),
        (2, SECOND, "meh"),
        (3, ARTICLE, "like"),
    ] {
        let response = app.put_reaction(article, &reader(n), reaction).await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let retracted = app.delete_reaction(SECOND, &reader(2)).await;
    assert_eq!(retracted.status().as_u16(), 200);
    for service in ["weibo", "weibo", "copy"] {
        let click = json!({"article": ARTICLE, "service": service});
        assert_eq!(
            app.post_share(&click, PUBLISHER).await.status().as_u16(),
            200
        );
    }
    app
}

/// The demo site's backup from `export`, to standard output.
fn export(app: &TestApp) -> String {
    let output = app.export_command("demo", &[]);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn records(backup: &str) -> Vec<Value> {
    backup
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[tokio::test]
async fn a_site_round_trips_through_export_and_import_into_a_fresh_database() {
    let source = a_site_in_use().await;
    let backup = export(&source);
    let records = records(&backup);
    let of_type = |kind: &str| records.iter().filter(|r| r["type"] == kind).count();
    assert_eq!(records[0]["type"], "site");
    assert_eq!(records[0]["id"], "demo");
    assert_eq!(records[0]["allowed_origins"], json!([PUBLISHER]));
    assert_eq!(of_type("article"), 2);
    assert_eq!(of_type("reaction"), 4);
    let counts = records
        .iter()
        .find(|r| r["type"] == "counts" && r["article"] == ARTICLE)
        .unwrap();
    assert_eq!(counts["reactions"], json!({"happy": 2, "like": 1}));
    assert_eq!(counts["shares"], json!({"copy": 1, "weibo": 2}));

    let restored = spawn_app().await;
    let output = restored.import_command("demo", backup.as_bytes());
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains("restored 2 articles, 4 reactions and 2 share counts"));
    assert_eq!(export(&restored), backup);
    // The running server shows what was restored.
    let mine = restored.reactions(ARTICLE, Some(&reader(3))).await;
    assert_eq!(mine.mine.as_deref(), Some("like"));
    assert_eq!(mine.counts, source.reactions(ARTICLE, None).await.counts);
    let widget: Value = restored
        .get_widget("demo", SECOND, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(widget["card"]["title"], "Second");
    assert_eq!(widget["reactions"]["counts"], json!({"like": 1}));
    let shares: Value = restored
        .get_demo("shares", &[("article", ARTICLE)], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shares["counts"], json!({"copy": 1, "weibo": 2}));

    // A second restore of the same backup changes nothing.
    let again = restored.import_command("demo", backup.as_bytes());
    assert!(again.status.success(), "{again:?}");
    assert_eq!(export(&restored), backup);
}

#[tokio::test]
async fn export_writes_to_a_file_with_out() {
    let app = a_site_in_use().await;
    let path = app.temp_path("demo.jsonl");
    let output = app.export_command("demo", &["--out", path.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), export(&app));
    // Written beside and renamed, so nothing is left but the backup.
    assert!(!app.temp_path("demo.jsonl.partial").exists());
}

#[tokio::test]
async fn a_backup_that_does_not_fit_the_site_restores_nothing() {
    let source = a_site_in_use().await;
    let backup = export(&source);
    let target = spawn_app().await;
    // A reaction the site does not offer, at the end of the file.
    let foreign = json!({"type": "reaction", "article": ARTICLE, "reader": reader(9),
                         "reaction": "wow", "at": 1});
    let refused = target.import_command("demo", format!("{backup}{foreign}\n").as_bytes());
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("no such reaction"), "{message}");
    assert!(!target.has_article(ARTICLE).await);
    // A file whose first line is no site record is not taken for a backup.
    let no_header = backup.split_once('\n').unwrap().1;
    let refused = target.import_command("demo", no_header.as_bytes());
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("not a newscard backup"), "{message}");
    assert!(!target.has_article(ARTICLE).await);
}

#[tokio::test]
async fn a_backup_restores_into_a_site_with_other_settings_and_says_so() {
    let source = a_site_in_use().await;
    let backup = export(&source).replacen(
        &format!("\"allowed_origins\":[\"{PUBLISHER}\"]"),
        "\"allowed_origins\":[\"https://old.example\"]",
        1,
    );
    let target = spawn_app().await;
    let output = target.import_command("demo", backup.as_bytes());
    assert!(output.status.success(), "{output:?}");
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains("differ from the config's in: allowed_origins"),
        "{note}"
    );
    assert!(target.has_article(ARTICLE).await);
}
