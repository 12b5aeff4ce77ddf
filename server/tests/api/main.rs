//! API tests: each starts the real server on a random port with a fresh SQLite
//! file (see `helpers::spawn_app`) and talks HTTP to it.

mod assets;
mod health;
mod helpers;
mod import;
mod ranking;
mod reactions;
mod shares;
mod stream;
mod widget;
