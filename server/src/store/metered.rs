//! A store that counts its own failures: every operation's error is counted
//! (by operation, unavailable or internal) on its way to the caller, whichever
//! caller it is (a handler, the reaction writer, the indexer).

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::stream::BoxStream;
use newscard_protocol::{ArticleCard, RankedArticle};

use super::{
    is_unavailable, ArticleCount, CommitNotice, CountKind, Counts, ReactionWrite, Store,
    StoredReaction,
};
use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};
use crate::metrics::Metrics;

pub struct MeteredStore {
    inner: Arc<dyn Store>,
    metrics: Metrics,
}

impl MeteredStore {
    pub fn wrap(inner: Arc<dyn Store>, metrics: Metrics) -> Arc<dyn Store> {
        Arc::new(Self { inner, metrics })
    }

    fn counted<T>(&self, operation: &'static str, result: anyhow::Result<T>) -> anyhow::Result<T> {
        if let Err(err) = &result {
            self.metrics.store_error(operation, is_unavailable(err));
        }
        result
    }
}

#[async_trait]
impl Store for MeteredStore {
    fn commit_notices(&self) -> BoxStream<'static, CommitNotice> {
        self.inner.commit_notices()
    }

    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()> {
        let result = self.inner.upsert_articles(site, articles).await;
        self.counted("upsert_articles", result)
    }

    async fn articles_since(
        &self,
        seq: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<(SiteId, Article, i64)>> {
        let result = self.inner.articles_since(seq, limit).await;
        self.counted("articles_since", result)
    }

    async fn latest_article_seq(&self) -> anyhow::Result<i64> {
        let result = self.inner.latest_article_seq().await;
        self.counted("latest_article_seq", result)
    }

    async fn article_card(
        &self,
        site: &SiteId,
        url: &ArticleUrl,
    ) -> anyhow::Result<Option<(ArticleCard, i64)>> {
        let result = self.inner.article_card(site, url).await;
        self.counted("article_card", result)
    }

    async fn apply_reactions(&self, writes: &[ReactionWrite]) -> anyhow::Result<Vec<Counts>> {
        let result = self.inner.apply_reactions(writes).await;
        self.counted("apply_reactions", result)
    }

    async fn counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        let result = self.inner.counts(site, article).await;
        self.counted("counts", result)
    }

    async fn reaction_of(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        reader: &ReaderId,
    ) -> anyhow::Result<Option<String>> {
        let result = self.inner.reaction_of(site, article, reader).await;
        self.counted("reaction_of", result)
    }

    async fn count_share(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        service: &str,
    ) -> anyhow::Result<Counts> {
        let result = self.inner.count_share(site, article, service).await;
        self.counted("count_share", result)
    }

    async fn share_counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        let result = self.inner.share_counts(site, article).await;
        self.counted("share_counts", result)
    }

    async fn site_reactions(
        &self,
        site: &SiteId,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> anyhow::Result<Vec<StoredReaction>> {
        let result = self.inner.site_reactions(site, after, limit).await;
        self.counted("site_reactions", result)
    }

    async fn site_counts(
        &self,
        site: &SiteId,
        kind: CountKind,
    ) -> anyhow::Result<Vec<ArticleCount>> {
        let result = self.inner.site_counts(site, kind).await;
        self.counted("site_counts", result)
    }

    async fn set_share_counts(&self, site: &SiteId, counts: &[ArticleCount]) -> anyhow::Result<()> {
        let result = self.inner.set_share_counts(site, counts).await;
        self.counted("set_share_counts", result)
    }

    async fn ranking(
        &self,
        site: &SiteId,
        kind: &ReactionKind,
        since: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<RankedArticle>> {
        let result = self.inner.ranking(site, kind, since, limit).await;
        self.counted("ranking", result)
    }
}
