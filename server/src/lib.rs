//! The newscard server: stores articles and reactions per publisher site and
//! serves the widget's files and its JSON API.

pub mod article_index;
pub mod config;
pub mod domain;
pub mod error;
mod etag;
mod extract;
pub mod feed;
pub mod import;
mod rate_limit;
mod reactions;
mod related;
mod routes;
pub mod startup;
pub mod store;
