//! Drives reactions from many concurrent clients against the real server binary,
//! kills it with SIGKILL at random moments, restarts it on the same SQLite file,
//! and checks that every acknowledged write is there and that no count differs
//! from its rows. 20 rounds.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use newscard_protocol::Reactions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

const ORIGIN: &str = "https://publisher.example";
const ROUNDS: usize = 20;
const CLIENTS: usize = 16;
const READERS_PER_CLIENT: usize = 8;
const ARTICLES: usize = 4;
const KINDS: [&str; 4] = ["happy", "sad", "like", "meh"];

/// What the test knows of one (article, reader): the reaction last acknowledged,
/// or `Unknown` while a write is in flight (a write cut by the kill may or may
/// not have committed; it was never acknowledged).
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Reaction(Option<String>),
    Unknown,
}

type Ledger = Arc<Mutex<HashMap<(usize, String), Known>>>;

/// Writes acknowledged over the whole test.
static ACKNOWLEDGED_WRITES: AtomicUsize = AtomicUsize::new(0);

/// Small xorshift generator: the test needs variety, not cryptography.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1
}

fn article(n: usize) -> String {
    format!("https://news.example/crash/{n}")
}

fn start_server(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newscard-server"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(dir.join("newscard.db"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--assets")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("newscard-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, address)
}

async fn client_loop(id: usize, address: String, ledger: Ledger, http: reqwest::Client) {
    let mut rng = Rng(seed() ^ (id as u64 * 0x9E37_79B9));
    loop {
        let key = (
            rng.below(ARTICLES),
            format!(
                "crash-client-{id:02}-reader-{}",
                rng.below(READERS_PER_CLIENT)
            ),
        );
        let (method, reaction) = if rng.below(5) == 0 {
            (reqwest::Method::DELETE, None)
        } else {
            (
                reqwest::Method::PUT,
                Some(KINDS[rng.below(KINDS.len())].to_owned()),
            )
        };
        ledger.lock().unwrap().insert(key.clone(), Known::Unknown);
        let mut body = serde_json::json!({"article": article(key.0), "reader": key.1});
        if let Some(reaction) = &reaction {
            body["reaction"] = reaction.clone().into();
        }
        let sent = http
            .request(method, format!("{address}/api/v1/sites/demo/reactions"))
            .header("Origin", ORIGIN)
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                ledger
                    .lock()
                    .unwrap()
                    .insert(key, Known::Reaction(reaction));
                ACKNOWLEDGED_WRITES.fetch_add(1, Ordering::Relaxed);
            }
            Ok(response) => panic!("write refused: {}", response.status()),
            // The server was killed under this request: it stays Unknown.
            Err(_) => return,
        }
    }
}

async fn verify_acknowledged(address: &str, ledger: &Ledger, http: &reqwest::Client) -> usize {
    let known: Vec<_> = ledger
        .lock()
        .unwrap()
        .iter()
        .filter_map(|(key, known)| match known {
            Known::Reaction(r) => Some((key.clone(), r.clone())),
            Known::Unknown => None,
        })
        .collect();
    for ((article_n, reader), expected) in &known {
        let seen: Reactions = http
            .get(format!("{address}/api/v1/sites/demo/reactions"))
            .query(&[
                ("article", article(*article_n).as_str()),
                ("reader", reader.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            &seen.mine, expected,
            "acknowledged write lost: {reader} on article {article_n}"
        );
    }
    known.len()
}

async fn verify_counts_match_rows(db: &Path) {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT article, reaction, COUNT(*) FROM reactions GROUP BY article, reaction ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let counts: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT article, reaction, count FROM reaction_counts WHERE count <> 0 ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(counts, rows, "a count differs from its rows");
    conn.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_reactions_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[rate_limit]\nper_minute = 1000000\nburst = 1000000\n\
             [[site]]\nid = \"demo\"\nallowed_origins = [\"{ORIGIN}\"]\nhosts = [\"news.example\"]\n"
        ),
    )
    .unwrap();
    let ledger: Ledger = Arc::default();
    let mut rng = Rng(seed());
    let mut acknowledged = 0;
    for round in 0..=ROUNDS {
        let (mut server, address) = start_server(dir.path());
        // A new client per round: no connection survives the kill.
        let http = reqwest::Client::new();
        acknowledged = verify_acknowledged(&address, &ledger, &http).await;
        verify_counts_match_rows(&dir.path().join("newscard.db")).await;
        if round == ROUNDS {
            server.kill().unwrap();
            server.wait().unwrap();
            break;
        }
        let clients: Vec<_> = (0..CLIENTS)
            .map(|id| {
                tokio::spawn(client_loop(
                    id,
                    address.clone(),
                    ledger.clone(),
                    http.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(50 + rng.below(400) as u64)).await;
        // std's Child::kill is SIGKILL: no shutdown code runs.
        server.kill().unwrap();
        server.wait().unwrap();
        for client in clients {
            client.await.unwrap();
        }
    }
    eprintln!(
        "{ROUNDS} kills survived: {} writes acknowledged, {acknowledged} final reader states verified",
        ACKNOWLEDGED_WRITES.load(Ordering::Relaxed)
    );
    assert!(
        acknowledged > CLIENTS,
        "the load wrote too little to prove anything"
    );
}
