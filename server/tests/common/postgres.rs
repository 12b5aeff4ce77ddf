//! The private PostgreSQL cluster of a test binary (scripts/pg-cluster.sh):
//! started on first use, stopped when the binary ends however it ends (the
//! script waits for the pipe this process holds to close).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sqlx::{Connection, PgConnection};

pub struct Cluster {
    /// The `postgres` database, for administration.
    url: String,
    dir: String,
    /// The script; it stops the cluster when `alive` closes.
    script: Child,
    alive: Option<ChildStdin>,
}

fn script() -> String {
    format!("{}/../scripts/pg-cluster.sh", env!("CARGO_MANIFEST_DIR"))
}

/// The cluster the tests share, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start_private)
}

impl Cluster {
    /// A cluster of one's own, for a test that stops and starts it; stopped
    /// when dropped or when the binary ends.
    pub fn start_private() -> Self {
        let mut child = Command::new(script())
            .arg("run")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("scripts/pg-cluster.sh runs");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut line = || {
            lines
                .next()
                .and_then(Result::ok)
                .expect("scripts/pg-cluster.sh started a cluster (is PostgreSQL installed?)")
        };
        let (url, dir) = (line(), line());
        Self {
            url,
            dir,
            alive: child.stdin.take(),
            script: child,
        }
    }

    /// A new, empty database; its URL.
    pub async fn fresh_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect(&self.url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        format!("{}/{name}", self.url.trim_end_matches("/postgres"))
    }

    /// Stops the cluster at once, as a crash would.
    pub fn stop(&self) {
        self.control("stop");
    }

    /// Starts it again after `stop`, on the same port.
    pub fn start(&self) {
        self.control("start");
    }

    fn control(&self, command: &str) {
        let status = Command::new(script())
            .args([command, &self.dir])
            .status()
            .unwrap();
        assert!(status.success(), "pg-cluster.sh {command} failed");
    }
}

/// A private cluster is stopped and removed before the test goes on.
impl Drop for Cluster {
    fn drop(&mut self) {
        drop(self.alive.take());
        let _ = self.script.wait();
    }
}
