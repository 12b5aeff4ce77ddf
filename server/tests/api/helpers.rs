use std::ffi::OsString;
use std::path::{Path, PathBuf};

use newscard_protocol::Reactions;
use newscard_server::config::Config;
use newscard_server::domain::SiteId;
use newscard_server::import::import_file;
use newscard_server::startup::{Application, Settings};
use newscard_server::store::{self, DbLocation};
use newscard_server::LiveCounts;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgConnection, SqliteConnection};
use tempfile::TempDir;
use utoipa::openapi::OpenApi;

use crate::postgres::cluster;
use crate::server_process::ServerProcess;

/// The origin registered for the test site.
pub const PUBLISHER: &str = "https://publisher.example";
pub const ARTICLE: &str = "https://news.example/2025/03/25/tech-abroad";
/// The demo site's API key; the config holds only its SHA-256.
pub const API_KEY: &str = "test-api-key-0123456789abcdef";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// What the live streams hold, read from the running server.
    pub live: LiveCounts,
    /// The server's database (shared by the instances of `spawn_instance`).
    pub db: DbLocation,
    /// `http://host:port` of the metrics listener, when the config opens one.
    pub metrics_address: Option<String>,
    /// The path templates the server's router serves, read from the router.
    pub served_paths: Vec<String>,
    config: Config,
    dir: TempDir,
}

/// The store the suite runs on: SQLite, or PostgreSQL when
/// `NEWSCARD_TEST_STORE=postgres` (the test command runs the suite on both).
pub fn on_postgres() -> bool {
    match std::env::var("NEWSCARD_TEST_STORE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("NEWSCARD_TEST_STORE={other}: sqlite or postgres"),
    }
}

/// A fresh database of the store under test (in `dir` for SQLite).
pub async fn fresh_db(dir: &Path) -> DbLocation {
    if on_postgres() {
        DbLocation::Postgres(cluster().fresh_database().await)
    } else {
        DbLocation::Sqlite(dir.join("newscard.db"))
    }
}

/// Starts the real application on 127.0.0.1:0 with a fresh database and a small
/// assets directory, and returns once it accepts connections. Loopback is a
/// trusted proxy and limits are high, so tests act as many clients through
/// `X-Forwarded-For`.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(TEST_HEAD).await
}

const TEST_HEAD: &str =
    "trusted_proxies = [\"127.0.0.1\"]\n[rate_limit]\nper_minute = 100000\nburst = 100000\n";

/// Like [`spawn_app`], with `head` (top-level config keys) in place of the defaults.
pub async fn spawn_app_with(head: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path()).await;
    spawn_on(head, dir, db).await
}

/// A server on `db`, with its own caches, writer and live streams: several
/// share one PostgreSQL database.
pub async fn spawn_app_on(db: DbLocation) -> TestApp {
    spawn_on(TEST_HEAD, tempfile::tempdir().unwrap(), db).await
}

/// The test config: `head`, then the sites `demo` and `other`.
fn test_config(head: &str) -> String {
    let key_hash = hex::encode(Sha256::digest(API_KEY));
    format!(
        "{head}\n[[site]]\nid = \"demo\"\nallowed_origins = [\"{PUBLISHER}\"]\n\
         hosts = [\"news.example\", \"www.news.example\"]\napi_key_sha256 = \"{key_hash}\"\n\
         [[site]]\nid = \"other\"\nallowed_origins = [\"https://other.example\"]\n\
         hosts = [\"news.example\"]\nreactions = [\"wow\"]\nshare = [\"weibo\", \"copy\"]\n"
    )
}

async fn spawn_on(head: &str, dir: TempDir, db: DbLocation) -> TestApp {
    write_assets(dir.path());
    let toml = test_config(head);
    // Also on disk, for tests that run the server binary's commands.
    std::fs::write(dir.path().join("sites.toml"), &toml).unwrap();
    let config = Config::from_toml(&toml).unwrap();
    let app = Application::build(Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        db: db.clone(),
        config: config.clone(),
        assets_dir: dir.path().to_owned(),
    })
    .await
    .expect("the app builds");
    let address = format!("http://{}", app.local_addr());
    let metrics_address = app
        .metrics_addr()
        .map(|address| format!("http://{address}"));
    let live = app.live();
    let served_paths = app.served_paths();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        live,
        db,
        metrics_address,
        served_paths,
        config,
        dir,
    }
}

/// The server binary, as an operator runs it, on a fresh database with the
/// test config (and its head), started with `args` beside `--listen`, `--db`,
/// `--config` and `--assets`; the directory holding its files goes with it.
pub async fn spawn_binary(args: &[&str]) -> (ServerProcess, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    write_assets(dir.path());
    let config = dir.path().join("sites.toml");
    std::fs::write(&config, test_config(TEST_HEAD)).unwrap();
    let db = match fresh_db(dir.path()).await {
        DbLocation::Sqlite(path) => path.into_os_string(),
        DbLocation::Postgres(url) => url.into(),
    };
    let mut command: Vec<OsString> =
        vec!["--listen".into(), "127.0.0.1:0".into(), "--db".into(), db];
    command.extend(["--config".into(), config.into_os_string()]);
    command.extend(["--assets".into(), dir.path().as_os_str().to_owned()]);
    command.extend(args.iter().map(OsString::from));
    (ServerProcess::start(command), dir)
}

/// Stand-ins for the build output, so asset serving is tested without a wasm build.
pub const WASM_BYTES: &[u8] = b"\0asm\x01\0\0\0";
pub const WASM_BR_BYTES: &[u8] = b"pretend brotli";

fn write_assets(dir: &Path) {
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/embed.js"), "console.log('loader')").unwrap();
    std::fs::write(dir.join("pkg/newscard_bg.wasm"), WASM_BYTES).unwrap();
    std::fs::write(dir.join("pkg/newscard_bg.wasm.br"), WASM_BR_BYTES).unwrap();
}

impl TestApp {
    /// Imports a JSON array of articles into `site`, as `newscard-server import`
    /// does: straight into the database, beside the running server.
    pub async fn import(&self, site: &str, articles: &Value) -> anyhow::Result<usize> {
        self.import_file(site, articles.to_string().as_bytes())
            .await
    }

    /// Imports a file's contents (JSON array or feed), as `newscard-server import` does.
    pub async fn import_file(&self, site: &str, contents: &[u8]) -> anyhow::Result<usize> {
        let store = store::open(&self.db).await?;
        let site = self
            .config
            .sites
            .get(&SiteId::parse(site).unwrap())
            .unwrap();
        import_file(&*store, site, contents).await
    }

    /// `GET /api/v1/openapi.json`, read as an OpenAPI 3.1 document (utoipa's
    /// type refuses any other version).
    pub async fn openapi(&self) -> OpenApi {
        let response = self.get("/api/v1/openapi.json").await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        response.json().await.expect("an OpenAPI 3.1 document")
    }

    /// A path in the app's own temporary directory.
    pub fn temp_path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The directory the server serves `pkg/` from.
    pub fn pkg_dir(&self) -> PathBuf {
        self.dir.path().join("pkg")
    }

    /// The server's `host:port`, for raw TCP clients.
    pub fn authority(&self) -> &str {
        self.address.trim_start_matches("http://")
    }

    /// Runs `sql` on the app's database behind the server's back: no write
    /// sequence number, so nothing the server keeps in memory is told.
    pub async fn execute_sql(&self, sql: &str) {
        match &self.db {
            DbLocation::Sqlite(path) => {
                let options = SqliteConnectOptions::new().filename(path);
                let mut connection = SqliteConnection::connect_with(&options).await.unwrap();
                sqlx::query(sql).execute(&mut connection).await.unwrap();
            }
            DbLocation::Postgres(url) => {
                let mut connection = PgConnection::connect(url).await.unwrap();
                sqlx::query(sql).execute(&mut connection).await.unwrap();
            }
        }
    }

    /// The number of rows in `table`, read behind the server's back.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.db {
            DbLocation::Sqlite(path) => {
                let options = SqliteConnectOptions::new().filename(path);
                let mut connection = SqliteConnection::connect_with(&options).await.unwrap();
                sqlx::query_scalar(&sql)
                    .fetch_one(&mut connection)
                    .await
                    .unwrap()
            }
            DbLocation::Postgres(url) => {
                let mut connection = PgConnection::connect(url).await.unwrap();
                sqlx::query_scalar(&sql)
                    .fetch_one(&mut connection)
                    .await
                    .unwrap()
            }
        }
    }

    /// The server binary with `args`, on this app's database and config.
    fn command(&self, args: &[&str]) -> std::process::Command {
        let db = match &self.db {
            DbLocation::Sqlite(path) => path.as_os_str().to_owned(),
            DbLocation::Postgres(url) => url.into(),
        };
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_newscard-server"));
        command
            .arg("--db")
            .arg(db)
            .arg("--config")
            .arg(self.dir.path().join("sites.toml"))
            .args(args);
        command
    }

    /// Runs `newscard-server export --site SITE ARGS` on this app's database
    /// and config.
    pub fn export_command(&self, site: &str, args: &[&str]) -> std::process::Output {
        let mut command = self.command(&["export", "--site", site]);
        command.args(args).output().unwrap()
    }

    /// Runs `newscard-server import --site SITE -` with `stdin`, on this app's
    /// database and config.
    pub fn import_command(&self, site: &str, stdin: &[u8]) -> std::process::Output {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .command(&["import", "--site", site, "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().unwrap()
    }

    /// `PUT /articles` with the demo site's API key (or `key`).
    pub async fn put_article(
        &self,
        site: &str,
        key: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .put(self.url(&format!("/api/v1/sites/{site}/articles")));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.json(body).send().await.unwrap()
    }

    /// `POST /feeds` with `key`.
    pub async fn post_feed(
        &self,
        site: &str,
        key: Option<&str>,
        document: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!("/api/v1/sites/{site}/feeds")))
            .header("Content-Type", "application/rss+xml");
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.body(document).send().await.unwrap()
    }

    /// `GET /reactions/stream` for the demo site's `article` from its page, as
    /// the client `client` (through the trusted loopback proxy).
    pub async fn open_stream(&self, article: &str, client: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/v1/sites/demo/reactions/stream"))
            .query(&[("article", article)])
            .header("Origin", PUBLISHER)
            .header("X-Forwarded-For", client)
            .send()
            .await
            .unwrap()
    }

    /// `GET /metrics` on the metrics listener, parsed; panics unless it answers 200.
    pub async fn scrape_metrics(&self) -> Scrape {
        let address = self
            .metrics_address
            .as_ref()
            .expect("the app was started with a metrics listener");
        let response = self
            .client
            .get(format!("{address}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4"));
        Scrape::parse(&response.text().await.unwrap())
    }

    /// `GET /related`, as `(status, body)`.
    pub async fn related(&self, site: &str, query: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .client
            .get(self.url(&format!("/api/v1/sites/{site}/related")))
            .query(query)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// `GET /api/v1/sites/{site}/widget?article=…` as a page on `origin` would send it.
    /// Whether the demo site has the article (its widget answers 200, not 404).
    pub async fn has_article(&self, article: &str) -> bool {
        let status = self.get_widget("demo", article, None).await.status();
        assert!(matches!(status.as_u16(), 200 | 404), "{status}");
        status.is_success()
    }

    pub async fn get_widget(
        &self,
        site: &str,
        article: &str,
        origin: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .get(format!("{}/api/v1/sites/{site}/widget", self.address))
            .query(&[("article", article)]);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        request.send().await.unwrap()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `PUT /reactions` from the publisher's page.
    pub async fn put_reaction(
        &self,
        article: &str,
        reader: &str,
        reaction: &str,
    ) -> reqwest::Response {
        self.client
            .put(self.url("/api/v1/sites/demo/reactions"))
            .header("Origin", PUBLISHER)
            .json(&serde_json::json!({"article": article, "reader": reader, "reaction": reaction}))
            .send()
            .await
            .unwrap()
    }

    /// `POST /shares` for the demo site from a page on `origin`.
    pub async fn post_share(&self, body: &Value, origin: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/sites/demo/shares"))
            .header("Origin", origin)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `DELETE /reactions` from the publisher's page.
    pub async fn delete_reaction(&self, article: &str, reader: &str) -> reqwest::Response {
        self.client
            .delete(self.url("/api/v1/sites/demo/reactions"))
            .header("Origin", PUBLISHER)
            .json(&serde_json::json!({"article": article, "reader": reader}))
            .send()
            .await
            .unwrap()
    }

    /// `GET /api/v1/sites/demo/{resource}` from the publisher's page, with
    /// `If-None-Match` when given.
    pub async fn get_demo(
        &self,
        resource: &str,
        query: &[(&str, &str)],
        if_none_match: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(&format!("/api/v1/sites/demo/{resource}")))
            .header("Origin", PUBLISHER)
            .query(query);
        if let Some(tags) = if_none_match {
            request = request.header("If-None-Match", tags);
        }
        request.send().await.unwrap()
    }

    /// `GET /reactions`, parsed; panics unless it answers 200.
    pub async fn reactions(&self, article: &str, reader: Option<&str>) -> Reactions {
        let mut query = vec![("article", article)];
        query.extend(reader.map(|r| ("reader", r)));
        let response = self
            .client
            .get(self.url("/api/v1/sites/demo/reactions"))
            .query(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }
}

/// A well-formed reader id, distinct per `n`.
pub fn reader(n: usize) -> String {
    format!("reader-{n:010}-test")
}

/// One valid article; tests override fields with `json_patch`-style merges.
pub fn article(url: &str, title: &str) -> Value {
    serde_json::json!({
        "url": url,
        "title": title,
        "summary": "从技术引进到技术输出。",
        "body": "正文。",
        "source": "示例日报",
        "author": "李明",
        "editor": "王芳",
        "section": ["首页", "科技频道", "创新创业"],
        "tags": ["新能源", "出海"],
        "published_at": "2025-03-25T09:09:00+08:00"
    })
}

/// The response's ETag; panics without one.
pub fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

/// Asserts the documented error shape and returns its code.
pub async fn error_code(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["message"].is_string(), "{body}");
    body["error"]["code"].as_str().unwrap().to_owned()
}

/// One scrape of `/metrics`: every sample of the Prometheus text format.
pub struct Scrape {
    samples: Vec<Sample>,
}

struct Sample {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
}

impl Scrape {
    /// Reads `name{label="value",…} number` lines; our label values hold no
    /// `,` or `"`, so they are split plainly.
    fn parse(text: &str) -> Self {
        let samples = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let (series, value) = line.rsplit_once(' ').expect("a sample line");
                let (name, labels) = match series.split_once('{') {
                    Some((name, labels)) => (name, labels.trim_end_matches('}')),
                    None => (series, ""),
                };
                let labels = labels
                    .split(',')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (label, value) = pair.split_once('=').expect("label=\"value\"");
                        (label.to_owned(), value.trim_matches('"').to_owned())
                    })
                    .collect();
                Sample {
                    name: name.to_owned(),
                    labels,
                    value: value.parse().expect("a number"),
                }
            })
            .collect();
        Self { samples }
    }

    /// The sum of `name`'s samples that carry every one of `labels`; 0 when none does.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|sample| sample.name == name)
            .filter(|sample| {
                labels.iter().all(|(label, value)| {
                    sample.labels.iter().any(|(l, v)| l == label && v == value)
                })
            })
            .map(|sample| sample.value)
            .sum()
    }

    /// Every label value of every sample.
    pub fn label_values(&self) -> impl Iterator<Item = &str> {
        self.samples
            .iter()
            .flat_map(|sample| sample.labels.iter().map(|(_, value)| value.as_str()))
    }
}
