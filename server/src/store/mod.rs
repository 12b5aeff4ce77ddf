//! Storage behind one small trait, so handlers never see SQL and a PostgreSQL
//! implementation can sit beside the SQLite one.

mod sqlite;

use std::collections::BTreeMap;

use async_trait::async_trait;
use newscard_protocol::{ArticleCard, RankedArticle};

use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};
pub use sqlite::SqliteStore;

/// Reaction key -> count, for one article; zero counts left out.
pub type Counts = BTreeMap<String, u64>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReactionChange {
    Set(ReactionKind),
    Retract,
}

/// One reader's set, change or retraction of their reaction to one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionWrite {
    pub site: SiteId,
    pub article: ArticleUrl,
    pub reader: ReaderId,
    pub change: ReactionChange,
    /// Unix seconds, recorded for rankings.
    pub at: i64,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts or replaces the articles, all or none.
    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()>;

    /// Articles written after `seq` (in any site, by any process), oldest first,
    /// at most `limit`, each with its write sequence number.
    async fn articles_since(
        &self,
        seq: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<(SiteId, Article, i64)>>;

    /// The sequence number of the newest article write; 0 when there is none.
    async fn latest_article_seq(&self) -> anyhow::Result<i64>;

    /// The card of one article, if the site has it, with the sequence number of
    /// the write it comes from.
    async fn article_card(
        &self,
        site: &SiteId,
        url: &ArticleUrl,
    ) -> anyhow::Result<Option<(ArticleCard, i64)>>;

    /// Applies the writes in order in one transaction, durable when this returns
    /// `Ok`, and gives for each write its article's counts after the batch.
    async fn apply_reactions(&self, writes: &[ReactionWrite]) -> anyhow::Result<Vec<Counts>>;

    /// An article's counts.
    async fn counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts>;

    /// The reader's reaction to the article, if any.
    async fn reaction_of(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        reader: &ReaderId,
    ) -> anyhow::Result<Option<String>>;

    /// Adds one click on `service` to the article's share count.
    async fn count_share(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        service: &str,
    ) -> anyhow::Result<Counts>;

    /// The article's share clicks per service.
    async fn share_counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts>;

    /// The site's stored articles with the most `kind` reactions set since
    /// `since` (Unix seconds), most first.
    async fn ranking(
        &self,
        site: &SiteId,
        kind: &ReactionKind,
        since: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<RankedArticle>>;
}
