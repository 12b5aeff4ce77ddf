//! One `router()` per module, merged in `startup`.

pub mod articles;
pub mod assets;
pub mod health;
pub mod metrics;
pub mod ranking;
pub mod reactions;
pub mod related;
pub mod shares;
pub mod site_guard;
pub mod widget;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::ReaderId;
use crate::error::Invalid;

/// `?article=…[&reader=…]`: an article, and the reader asking, for their own
/// reaction.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleReaderQuery {
    /// The article's canonical URL.
    #[param(example = "https://news.example/2025/03/25/tech-abroad")]
    pub article: String,
    /// The reader's random id, for their own reaction (`mine`).
    #[param(
        pattern = "^[A-Za-z0-9_-]{16,64}$",
        example = "3f2a9c0d41b7e6a85d1c2b3a4f5e6d7c"
    )]
    reader: Option<String>,
}

impl ArticleReaderQuery {
    /// The reader, if the query names one.
    pub fn reader(&self) -> Result<Option<ReaderId>, Invalid> {
        self.reader.as_deref().map(ReaderId::parse).transpose()
    }
}
