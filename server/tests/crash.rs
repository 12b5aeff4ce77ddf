//! Drives reactions from many concurrent clients against the real server binary,
//! kills it with SIGKILL at random moments (after 100 to 400 acknowledged
//! writes in the round), restarts it, and checks that every acknowledged write
//! is there and that no count differs from its rows; thousands of writes.
//! SQLite: 20 rounds on one file, and the server runs WAL with synchronous=FULL
//! (no kill could tell it from OFF). PostgreSQL: two servers on one database,
//! one of them killed each round, the database itself stopped at once and
//! restarted once mid-load.

// The suite's shared cluster goes unused here: this binary starts its own.
#[allow(dead_code)]
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/server_process.rs"]
mod server_process;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use newscard_protocol::Reactions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use postgres::Cluster;
use server_process::ServerProcess;

const ORIGIN: &str = "https://publisher.example";
const CLIENTS: usize = 16;
const READERS_PER_CLIENT: usize = 8;
const ARTICLES: usize = 4;
const KINDS: [&str; 4] = ["happy", "sad", "like", "meh"];
/// Fewer acknowledged writes than this over a test prove too little.
const MIN_ACKNOWLEDGED: usize = 2_000;

/// What the test knows of one (article, reader): the reaction last acknowledged,
/// or `Unknown` while a write is in flight or after it failed (a write cut by
/// a kill or refused while the database was away may or may not have
/// committed; it was never acknowledged).
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Reaction(Option<String>),
    Unknown,
}

type Ledger = Arc<Mutex<HashMap<(usize, String), Known>>>;

/// The writes of one test, and the signal that ends a round.
#[derive(Default)]
struct Load {
    ledger: Ledger,
    acknowledged: AtomicUsize,
    refused: AtomicUsize,
    round_over: AtomicBool,
}

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

fn write_config(dir: &Path) {
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[rate_limit]\nper_minute = 1000000\nburst = 1000000\n\
             [[site]]\nid = \"demo\"\nallowed_origins = [\"{ORIGIN}\"]\nhosts = [\"news.example\"]\n"
        ),
    )
    .unwrap();
}

/// The server binary on `db`, with the config and assets in `dir`.
fn start_server(dir: &Path, db: impl Into<OsString>) -> ServerProcess {
    let mut args: Vec<OsString> = vec!["--listen".into(), "127.0.0.1:0".into(), "--db".into()];
    args.push(db.into());
    args.push("--config".into());
    args.push(dir.join("config.toml").into());
    args.push("--assets".into());
    args.push(dir.into());
    ServerProcess::start(args)
}

/// The server logs what its database runs, read back from it, before it listens.
async fn assert_logged(server: &ServerProcess, durability: &str) {
    assert!(
        server.logged(durability).await,
        "the server does not say it runs {durability}"
    );
}

/// Writes until the server is gone or the round is over.
async fn client_loop(id: usize, address: String, load: Arc<Load>, http: reqwest::Client) {
    let mut rng = Rng(seed() ^ (id as u64 * 0x9E37_79B9));
    while !load.round_over.load(Ordering::Relaxed) {
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
        load.ledger
            .lock()
            .unwrap()
            .insert(key.clone(), Known::Unknown);
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
                load.ledger
                    .lock()
                    .unwrap()
                    .insert(key, Known::Reaction(reaction));
                load.acknowledged.fetch_add(1, Ordering::Relaxed);
            }
            // The database was away: the write stays Unknown; so may the next.
            Ok(response) if response.status().as_u16() == 503 => {
                load.refused.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Ok(response) => panic!("write refused: {}", response.status()),
            // The server was killed under this request: it stays Unknown.
            Err(_) => return,
        }
    }
}

/// Every reader state the ledger knows, as the server at `address` reads it.
async fn verify_acknowledged(address: &str, ledger: &Ledger) -> usize {
    let http = reqwest::Client::new();
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

/// Counts per (article, reaction) from the rows, and as stored, must agree.
fn verify_counts_match_rows(rows: Vec<(String, String, i64)>, counts: Vec<(String, String, i64)>) {
    assert_eq!(counts, rows, "a count differs from its rows");
}

const ROWS: &str =
    "SELECT article, reaction, COUNT(*) FROM reactions GROUP BY article, reaction ORDER BY 1, 2";

async fn sqlite_counts_match_rows(db: &Path) {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let rows = sqlx::query_as(ROWS).fetch_all(&mut conn).await.unwrap();
    let counts = sqlx::query_as(
        "SELECT article, reaction, count FROM reaction_counts WHERE count <> 0 ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    verify_counts_match_rows(rows, counts);
    conn.close().await.unwrap();
}

async fn postgres_counts_match_rows(url: &str) {
    let mut conn = PgConnection::connect(url).await.unwrap();
    let rows = sqlx::query_as(ROWS).fetch_all(&mut conn).await.unwrap();
    // A count is the sum of its slots.
    let counts = sqlx::query_as(
        "SELECT article, reaction, SUM(count)::int8 FROM reaction_counts \
         GROUP BY article, reaction HAVING SUM(count) <> 0 ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    verify_counts_match_rows(rows, counts);
    conn.close().await.unwrap();
}

/// Starts `CLIENTS` writers spread over the servers.
fn start_clients(load: &Arc<Load>, servers: &[&ServerProcess]) -> Vec<tokio::task::JoinHandle<()>> {
    load.round_over.store(false, Ordering::Relaxed);
    let http = reqwest::Client::new();
    (0..CLIENTS)
        .map(|id| {
            let address = servers[id % servers.len()].address.clone();
            tokio::spawn(client_loop(id, address, load.clone(), http.clone()))
        })
        .collect()
}

/// Waits until `writes` more are acknowledged (30 s at most).
async fn await_writes(load: &Load, writes: usize) {
    let target = load.acknowledged.load(Ordering::Relaxed) + writes;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while load.acknowledged.load(Ordering::Relaxed) < target
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Ends the round: the clients of a killed server have stopped by themselves.
async fn end_round(load: &Load, clients: Vec<tokio::task::JoinHandle<()>>) {
    load.round_over.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
}

fn report(load: &Load, rounds: usize, checked: usize) {
    let writes = load.acknowledged.load(Ordering::Relaxed);
    eprintln!(
        "{rounds} rounds, each ended by SIGKILL: {writes} writes acknowledged, {} refused \
         while the database was away; {checked} acknowledged reader states found intact \
         over the restarts",
        load.refused.load(Ordering::Relaxed)
    );
    assert!(
        writes >= MIN_ACKNOWLEDGED,
        "{writes} acknowledged writes over {rounds} rounds prove too little (at least {MIN_ACKNOWLEDGED})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_reactions_survive_kill_9_on_sqlite() {
    const ROUNDS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path());
    let db = dir.path().join("newscard.db");
    let load = Arc::new(Load::default());
    let mut rng = Rng(seed());
    let mut checked = 0;
    for round in 0..=ROUNDS {
        let server = start_server(dir.path(), &db);
        assert_logged(&server, "journal_mode=wal, synchronous=full").await;
        checked += verify_acknowledged(&server.address, &load.ledger).await;
        sqlite_counts_match_rows(&db).await;
        if round == ROUNDS {
            server.kill();
            break;
        }
        let clients = start_clients(&load, &[&server]);
        // Kill at a random moment once the round has written its share.
        await_writes(&load, 100 + rng.below(300)).await;
        server.kill();
        end_round(&load, clients).await;
    }
    report(&load, ROUNDS, checked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_reactions_survive_kill_9_and_a_database_restart_on_postgres() {
    const ROUNDS: usize = 10;
    let cluster = Cluster::start_private();
    let url = cluster.fresh_database().await;
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path());
    let load = Arc::new(Load::default());
    let mut rng = Rng(seed());
    let mut checked = 0;
    let mut servers = [
        start_server(dir.path(), &url),
        start_server(dir.path(), &url),
    ];
    for server in &servers {
        assert_logged(server, "synchronous_commit=on, fsync=on").await;
    }
    for round in 0..=ROUNDS {
        checked += verify_acknowledged(&servers[round % 2].address, &load.ledger).await;
        postgres_counts_match_rows(&url).await;
        if round == ROUNDS {
            break;
        }
        let clients = start_clients(&load, &[&servers[0], &servers[1]]);
        await_writes(&load, 100 + rng.below(300)).await;
        if round == ROUNDS / 2 {
            // The database stops as if it crashed, with writes in flight, and
            // comes back; both servers go on by themselves.
            cluster.stop();
            tokio::time::sleep(Duration::from_millis(300)).await;
            cluster.start();
            await_writes(&load, 200).await;
        }
        let victim = round % 2;
        let restarted = start_server(dir.path(), &url);
        std::mem::replace(&mut servers[victim], restarted).kill();
        end_round(&load, clients).await;
    }
    for server in servers {
        server.kill();
    }
    report(&load, ROUNDS, checked);
}
