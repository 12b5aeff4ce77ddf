use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use async_trait::async_trait;
use newscard_protocol::ArticleCard;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::Store;
use crate::domain::{Article, ArticleUrl, SiteId};

/// SQLite in WAL mode: readers never wait for the writer, and a commit is on disk
/// (`synchronous = FULL`) before any write is acknowledged.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(std::time::Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("migrating database")?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for article in articles {
            sqlx::query(
                "INSERT OR REPLACE INTO articles (site, url, title, summary, body, source, \
                 author, editor, section, tags, published_at, published_unix) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(site.as_str())
            .bind(article.url.as_str())
            .bind(&article.title)
            .bind(&article.summary)
            .bind(&article.body)
            .bind(&article.source)
            .bind(&article.author)
            .bind(&article.editor)
            .bind(serde_json::to_string(&article.section)?)
            .bind(serde_json::to_string(&article.tags)?)
            .bind(&article.published_at)
            .bind(article.published_unix)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn article_card(
        &self,
        site: &SiteId,
        url: &ArticleUrl,
    ) -> anyhow::Result<Option<ArticleCard>> {
        let row = sqlx::query(
            "SELECT url, title, summary, source, author, editor, section, published_at \
             FROM articles WHERE site = ? AND url = ?",
        )
        .bind(site.as_str())
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ArticleCard {
            url: row.try_get("url")?,
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            source: row.try_get("source")?,
            author: row.try_get("author")?,
            editor: row.try_get("editor")?,
            section: serde_json::from_str(row.try_get("section")?)?,
            published_at: row.try_get("published_at")?,
        }))
    }
}
