//! Reaction writes and live counts: every write goes through one group-commit
//! writer task; every commit updates the in-memory counts and is pushed to the
//! readers watching that article.

mod cache;
mod live;
mod writer;

pub use cache::CountsCache;
pub use live::LiveCounts;
use newscard_protocol::Reactions;
pub use writer::ReactionWriter;

use crate::domain::{ArticleUrl, ReaderId, SiteId};
use crate::error::ApiError;
use crate::startup::AppState;

/// An article's counts (from memory when hot) and the reader's own reaction.
pub async fn current(
    state: &AppState,
    site: &SiteId,
    article: &ArticleUrl,
    reader: Option<&ReaderId>,
) -> Result<Reactions, ApiError> {
    let counts = state.counts.counts(&*state.store, site, article).await?;
    let mine = match reader {
        Some(reader) => state.store.reaction_of(site, article, reader).await?,
        None => None,
    };
    Ok(Reactions {
        counts: (*counts).clone(),
        mine,
    })
}
