//! Storage behind one small trait, so handlers never see SQL and a PostgreSQL
//! implementation can sit beside the SQLite one.

mod sqlite;

use async_trait::async_trait;
use newscard_protocol::ArticleCard;

use crate::domain::{Article, ArticleUrl, SiteId};
pub use sqlite::SqliteStore;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts or replaces the articles, all or none.
    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()>;

    /// The card of one article, if the site has it.
    async fn article_card(
        &self,
        site: &SiteId,
        url: &ArticleUrl,
    ) -> anyhow::Result<Option<ArticleCard>>;
}
