//! `POST /api/v1/sites/{site}/feeds` and the import command with feed files: RSS
//! 2.0 and Atom as publishers' systems write them, broken XML, hostile fields.

use serde_json::Value;

use crate::helpers::{error_code, spawn_app, TestApp, API_KEY};

/// RSS 2.0 the way WordPress-like systems write it: HTML in CDATA, content:encoded,
/// dc:creator, Media RSS thumbnails, an image enclosure, RFC 822 dates.
pub const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>示例日报 &amp; 科技</title>
  <link>https://news.example/</link>
  <description>Latest</description>
  <item>
    <title>海上无人机完成首次远海测试</title>
    <link>https://news.example/2025/04/02/ocean-drones</link>
    <guid isPermaLink="true">https://news.example/2025/04/02/ocean-drones</guid>
    <pubDate>Wed, 02 Apr 2025 08:30:00 +0800</pubDate>
    <dc:creator>陈晨</dc:creator>
    <category>科技</category>
    <category>海洋</category>
    <description><![CDATA[<p>测试船队在<b>东海</b>完成了 72 小时巡航。</p>]]></description>
    <content:encoded><![CDATA[<p>第一段。</p><script>alert(1)</script><p>第二段 &amp; 结尾。</p>]]></content:encoded>
    <media:thumbnail url="https://img.news.example/drones-thumb.jpg" width="320" height="180"/>
  </item>
  <item>
    <title>Harbour city opens its offshore wind farm</title>
    <link>https://www.news.example/en/harbour-wind</link>
    <pubDate>Thu, 03 Apr 2025 10:00:00 GMT</pubDate>
    <description>Forty turbines &lt;em&gt;now&lt;/em&gt; feed the grid.</description>
    <enclosure url="https://img.news.example/wind.jpg" length="12345" type="image/jpeg"/>
  </item>
</channel>
</rss>"#;

/// Atom with an HTML title, alternate link, xhtml content and categories.
const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Daily</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-05-01T12:00:00Z</updated>
  <entry>
    <title type="html">Rail strike &amp;lt;ends&amp;gt; after talks</title>
    <link rel="alternate" type="text/html" href="https://news.example/en/rail-strike-ends"/>
    <link rel="enclosure" type="image/png" href="https://img.news.example/rail.png"/>
    <id>tag:news.example,2025:rail-strike-ends</id>
    <published>2025-05-01T09:00:00+01:00</published>
    <updated>2025-05-01T11:30:00+01:00</updated>
    <author><name>Dana Reyes</name></author>
    <category term="world" label="World"/>
    <summary type="html">&lt;p&gt;Unions and operators agree.&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Trains run again on <b>Monday</b>.</p></div></content>
  </entry>
</feed>"#;

async fn card(app: &TestApp, url: &str) -> Value {
    let response = app.get_widget("demo", url, None).await;
    assert_eq!(response.status().as_u16(), 200, "{url}");
    response.json::<Value>().await.unwrap()["card"].clone()
}

#[tokio::test]
async fn rss_items_become_articles_with_plain_text() {
    let app = spawn_app().await;
    let response = app.post_feed("demo", Some(API_KEY), RSS).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["imported"], 2);

    let zh = card(&app, "https://news.example/2025/04/02/ocean-drones").await;
    assert_eq!(zh["title"], "海上无人机完成首次远海测试");
    assert_eq!(zh["summary"], "测试船队在东海完成了 72 小时巡航。");
    assert_eq!(zh["author"], "陈晨");
    assert_eq!(zh["source"], "示例日报 & 科技");
    assert_eq!(zh["image"], "https://img.news.example/drones-thumb.jpg");
    assert_eq!(zh["published_at"], "2025-04-02T00:30:00+00:00");
    let en = card(&app, "https://www.news.example/en/harbour-wind").await;
    assert_eq!(en["summary"], "Forty turbines now feed the grid.");
    assert_eq!(en["image"], "https://img.news.example/wind.jpg");

    // Posting the same feed again changes nothing but updates in place.
    let again = app.post_feed("demo", Some(API_KEY), RSS).await;
    assert_eq!(again.json::<Value>().await.unwrap()["imported"], 2);
    assert_eq!(
        card(&app, "https://news.example/2025/04/02/ocean-drones").await,
        zh
    );
}

#[tokio::test]
async fn atom_entries_become_articles() {
    let app = spawn_app().await;
    let response = app.post_feed("demo", Some(API_KEY), ATOM).await;
    assert_eq!(response.status().as_u16(), 200);
    let entry = card(&app, "https://news.example/en/rail-strike-ends").await;
    assert_eq!(entry["title"], "Rail strike <ends> after talks");
    assert_eq!(entry["summary"], "Unions and operators agree.");
    assert_eq!(entry["author"], "Dana Reyes");
    assert_eq!(entry["source"], "Example Daily");
    assert_eq!(entry["image"], "https://img.news.example/rail.png");
    assert_eq!(entry["published_at"], "2025-05-01T08:00:00+00:00");
    assert_eq!(entry["updated_at"], "2025-05-01T10:30:00+00:00");
}

#[tokio::test]
async fn the_import_command_reads_a_feed_from_standard_input() {
    let app = spawn_app().await;
    let output = app.import_command("demo", RSS.as_bytes());
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "imported 2 articles into site demo"
    );
    // The running server sees what another process wrote, at the next query.
    assert!(
        app.has_article("https://www.news.example/en/harbour-wind")
            .await
    );
    let (status, page) = app
        .related(
            "demo",
            &[("article", "https://www.news.example/en/harbour-wind")],
        )
        .await;
    assert_eq!(status, 200, "{page}");

    let broken = app.import_command("demo", b"<rss><channel><item>");
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("not an RSS or Atom feed"), "{stderr}");
}

#[tokio::test]
async fn the_import_command_reads_feed_files_too() {
    let app = spawn_app().await;
    assert_eq!(app.import_file("demo", ATOM.as_bytes()).await.unwrap(), 1);
    card(&app, "https://news.example/en/rail-strike-ends").await;
}

#[tokio::test]
async fn broken_or_hostile_feeds_import_nothing() {
    let app = spawn_app().await;
    let item = |title: &str, link: &str| {
        RSS.replacen("海上无人机完成首次远海测试", title, 1)
            .replacen(
                "<link>https://news.example/2025/04/02/ocean-drones</link>",
                &format!("<link>{link}</link>"),
                1,
            )
    };
    let cases = [
        ("truncated XML", RSS[..RSS.len() / 2].to_owned()),
        ("not a feed", "<html><body>hello</body></html>".to_owned()),
        ("empty", String::new()),
        ("javascript: link", item("T", "javascript:alert(1)")),
        ("another host", item("T", "https://evil.example/x")),
        (
            "1 MB title",
            item(&"标".repeat(350_000), "https://news.example/big"),
        ),
        (
            "no title",
            RSS.replacen("<title>海上无人机完成首次远海测试</title>", "", 1),
        ),
    ];
    for (name, document) in cases {
        let response = app.post_feed("demo", Some(API_KEY), document).await;
        let code = error_code(response, 400).await;
        assert!(
            ["invalid_feed", "invalid_article_url", "invalid_article"].contains(&code.as_str()),
            "{name}: {code}"
        );
    }
    // The good second item of each hostile feed was not imported either.
    assert!(
        !app.has_article("https://www.news.example/en/harbour-wind")
            .await
    );
    assert!(app
        .import_file("demo", b"<rss><channel><item>")
        .await
        .is_err());
}

#[tokio::test]
async fn script_tags_in_a_feed_stay_text_and_never_reach_the_card() {
    let app = spawn_app().await;
    let hostile = RSS.replacen(
        "<title>海上无人机完成首次远海测试</title>",
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; 标题</title>",
        1,
    );
    assert_eq!(
        app.post_feed("demo", Some(API_KEY), hostile)
            .await
            .status()
            .as_u16(),
        200
    );
    let zh = card(&app, "https://news.example/2025/04/02/ocean-drones").await;
    // A plain-text title keeps its characters; the widget renders it as text.
    assert_eq!(zh["title"], "<script>alert(1)</script> 标题");
    let response = app.post_feed("demo", None, RSS).await;
    assert_eq!(error_code(response, 401).await, "unauthorized");
}
