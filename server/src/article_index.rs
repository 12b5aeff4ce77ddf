//! Keeps what memory holds of the article store in step with it: the
//! related-reading index and the cards of hot articles. Every article write gets
//! a sequence number in the database; before answering, the index reads whatever
//! was written after the last number it has seen, so an import (even by the
//! `import` command in another process) or an upsert is visible to the next query.

mod cards;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use newscard_protocol::{ArticleCard, RelatedPage};
use tokio::sync::Mutex;
use tokio::task::spawn_blocking;

use crate::domain::{Article, ArticleUrl, SiteId};
use crate::error::{Error, Invalid};
use crate::metrics::{Cache, Metrics};
use crate::related::{prepare, Prepared, RelatedIndex};
use crate::store::Store;
use cards::Cards;

/// Articles read from the store per query while catching up.
const BATCH: u32 = 5_000;

pub struct ArticleIndex {
    related: RelatedIndex,
    /// Cards of the articles shown lately.
    cards: Cards,
    /// The newest write sequence number in the index.
    synced: AtomicI64,
    /// One catch-up at a time; the others wait and then find nothing to do.
    catching_up: Mutex<()>,
    metrics: Metrics,
}

impl ArticleIndex {
    pub fn new(metrics: Metrics) -> Self {
        Self {
            related: RelatedIndex::default(),
            cards: Cards::default(),
            synced: AtomicI64::default(),
            catching_up: Mutex::default(),
            metrics,
        }
    }

    /// Reads articles written since the index last looked.
    pub async fn catch_up(&self, store: &dyn Store) -> anyhow::Result<()> {
        if store.latest_article_seq().await? <= self.synced.load(Ordering::Acquire) {
            return Ok(());
        }
        let _only_one = self.catching_up.lock().await;
        loop {
            let after = self.synced.load(Ordering::Acquire);
            let batch = store.articles_since(after, BATCH).await?;
            let Some(last) = batch.last().map(|(_, _, seq)| *seq) else {
                return Ok(());
            };
            self.related.insert(prepare_on_all_cores(batch).await?);
            self.synced.store(last, Ordering::Release);
        }
    }

    /// Catches up, then answers as of now: every article write committed before
    /// this call is seen.
    pub async fn caught_up<'a>(&'a self, store: &'a dyn Store) -> anyhow::Result<CaughtUp<'a>> {
        self.catch_up(store).await?;
        Ok(CaughtUp { index: self, store })
    }
}

/// The index just caught up, for the questions of one request.
pub struct CaughtUp<'a> {
    index: &'a ArticleIndex,
    store: &'a dyn Store,
}

impl CaughtUp<'_> {
    /// The article's card, from memory while the write it was read at is the
    /// article's newest; `ArticleNotFound` when the site does not have it.
    pub async fn card(&self, site: &SiteId, article: &ArticleUrl) -> Result<ArticleCard, Error> {
        let cards = &self.index.cards;
        let seq = self
            .index
            .related
            .seq(site, article.as_str())
            .ok_or(Error::ArticleNotFound)?;
        let kept = cards.get(site, article, seq);
        self.index
            .metrics
            .cache_lookup(Cache::Cards, kept.is_some());
        if let Some(card) = kept {
            return Ok((*card).clone());
        }
        // This read may see a write newer than `seq`: kept under its own number,
        // the card is served once the index has caught up with that write.
        let (card, read_at) = self
            .store
            .article_card(site, article)
            .await?
            .ok_or(Error::ArticleNotFound)?;
        cards.insert(site, article, read_at, Arc::new(card.clone()));
        Ok(card)
    }

    /// A page of the article's related reading; `ArticleNotFound` when the site
    /// does not have the article, `invalid_cursor` for a cursor not made here.
    pub fn related(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<RelatedPage, Error> {
        self.index
            .related
            .page(site, article.as_str(), cursor, limit)
            .map_err(|_| {
                Invalid::new(
                    "invalid_cursor",
                    "the cursor is not one this server made for this article",
                )
            })?
            .ok_or(Error::ArticleNotFound)
    }
}

/// Segmenting text is the slow part of indexing (100,000 articles at start):
/// it runs on the blocking pool, one chunk per core.
async fn prepare_on_all_cores(batch: Vec<(SiteId, Article, i64)>) -> anyhow::Result<Vec<Prepared>> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk_len = batch.len().div_ceil(cores);
    let mut batch = batch.into_iter();
    let chunks: Vec<Vec<_>> = (0..cores)
        .map(|_| batch.by_ref().take(chunk_len).collect())
        .collect();
    let tasks = chunks.into_iter().map(|chunk| {
        spawn_blocking(move || {
            chunk
                .into_iter()
                .map(|(site, article, seq)| prepare(site, article, seq))
                .collect::<Vec<_>>()
        })
    });
    let prepared = futures_util::future::try_join_all(tasks).await?;
    Ok(prepared.into_iter().flatten().collect())
}
