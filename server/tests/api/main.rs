//! API tests: each starts the real server on a random port with a fresh SQLite
//! file (see `helpers::spawn_app`) and talks HTTP to it.

mod articles;
mod assets;
mod feeds;
mod health;
mod helpers;
mod hostile;
mod import;
mod instances;
mod metrics;
#[path = "../common/postgres.rs"]
mod postgres;
mod properties;
mod ranking;
mod reactions;
mod related;
mod revalidation;
mod shares;
mod stream;
mod widget;
