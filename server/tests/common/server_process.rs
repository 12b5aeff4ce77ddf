//! The server binary run as an operator runs it: its address read from the
//! first line of its standard output, its log (standard error) gathered as it
//! comes.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    log: Arc<Mutex<String>>,
    log_reader: JoinHandle<()>,
}

impl ServerProcess {
    /// Starts `newscard-server ARGS` with `RUST_LOG=info`; returns once it listens.
    pub fn start<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newscard-server"))
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let log_reader = std::thread::spawn({
            let log = log.clone();
            move || {
                for line in stderr.lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("newscard-server listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}: {}", log.lock().unwrap()))
            .to_owned();
        Self {
            child,
            address,
            log,
            log_reader,
        }
    }

    /// Whether the log shows `needle` within 2 s (it comes through another
    /// thread, so it may lag a moment).
    pub async fn logged(&self, needle: &str) -> bool {
        for _ in 0..100 {
            if self.log.lock().unwrap().contains(needle) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    /// Kills it with SIGKILL (no shutdown code runs) and returns its whole log.
    pub fn kill(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.log_reader.join().unwrap();
        let log = self.log.lock().unwrap();
        log.clone()
    }
}
