//! The newscard server: stores articles and reactions per publisher site and
//! serves the widget's files and its JSON API.

pub mod article_index;
pub mod backup;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod feed;
mod http;
pub mod import;
pub mod metrics;
pub mod qr_code;
mod rate_limit;
mod reactions;
mod related;
pub mod startup;
pub mod store;

pub use reactions::{LiveCounts, LiveStats};

// One request's panic must end that request only (`http` answers it as a 500),
// which needs unwinding: a profile with `panic = "abort"` would turn it into the
// end of the server.
const _: () = assert!(
    cfg!(panic = "unwind"),
    "newscard-server must be built with panic = \"unwind\""
);
