//! The newscard server: stores articles (and, later, reactions) per publisher site
//! and serves the widget's files and its JSON API.

pub mod config;
pub mod domain;
pub mod error;
mod extract;
pub mod import;
mod routes;
pub mod startup;
pub mod store;
