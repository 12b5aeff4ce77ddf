//! API tests: each starts the real server on a random port with a fresh SQLite
//! file (see `helpers::spawn_app`) and talks HTTP to it.

mod articles;
mod assets;
mod backup;
mod feeds;
mod health;
mod helpers;
mod hostile;
mod import;
mod instances;
mod logs;
mod metrics;
mod openapi;
#[path = "../common/postgres.rs"]
mod postgres;
mod properties;
// Shared with tests/crash.rs, which uses what this binary does not.
mod ranking;
mod reactions;
mod related;
mod revalidation;
#[allow(dead_code)]
#[path = "../common/server_process.rs"]
mod server_process;
mod shares;
mod stream;
mod widget;
