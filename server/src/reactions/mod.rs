//! Reactions: every write goes through one group-commit writer task; every
//! commit, this process's or another's, updates the in-memory counts and is
//! pushed to the readers watching that article.

mod cache;
mod commits;
mod live;
mod writer;

use std::net::IpAddr;
use std::sync::Arc;

pub use cache::CountsCache;
pub use live::{LiveCounts, LiveStats, Watch, WatchRefused};
use newscard_protocol::Reactions;
use writer::ReactionWriter;

use crate::domain::{ArticleUrl, ReaderId, SiteId};
use crate::error::Error;
use crate::metrics::{Limit, Metrics};
use crate::store::{Counts, ReactionWrite, Store};

/// Reads, writes and live streams of reactions. Cheap to clone.
#[derive(Clone)]
pub struct ReactionService {
    store: Arc<dyn Store>,
    writer: ReactionWriter,
    counts: CountsCache,
    live: LiveCounts,
    metrics: Metrics,
}

impl ReactionService {
    /// Starts the writer and the task that follows commits; `open_streams` is
    /// how many live streams one client may hold.
    pub fn start(store: Arc<dyn Store>, open_streams: u32, metrics: Metrics) -> Self {
        let counts = CountsCache::new(metrics.clone());
        let live = LiveCounts::new(open_streams);
        metrics.live_streams_from({
            let live = live.clone();
            move || live.stats().streams
        });
        tokio::spawn(commits::follow_commits(
            store.clone(),
            counts.clone(),
            live.clone(),
        ));
        Self {
            writer: ReactionWriter::spawn(store.clone(), counts.clone(), metrics.clone()),
            store,
            counts,
            live,
            metrics,
        }
    }

    /// An article's counts (from memory when hot) and the reader's own reaction.
    pub async fn current(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        reader: Option<&ReaderId>,
    ) -> Result<Reactions, Error> {
        let counts = self.counts.counts(&*self.store, site, article).await?;
        let mine = match reader {
            Some(reader) => self.store.reaction_of(site, article, reader).await?,
            None => None,
        };
        Ok(Reactions {
            counts: (*counts).clone(),
            mine,
        })
    }

    /// Applies the write and returns its article's counts once it is committed.
    pub async fn write(&self, write: ReactionWrite) -> Result<Counts, Error> {
        self.writer.write(write).await
    }

    /// A stream of the article's counts after every commit that changes them.
    pub fn watch(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        client: IpAddr,
    ) -> Result<Watch, WatchRefused> {
        self.live
            .watch(site, article, client)
            .inspect_err(|refused| {
                if *refused == WatchRefused::TooManyStreams {
                    self.metrics.rate_limit_refusal(Limit::Streams);
                }
            })
    }

    /// The live streams' bookkeeping.
    pub fn live(&self) -> &LiveCounts {
        &self.live
    }
}
