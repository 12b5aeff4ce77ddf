use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use async_trait::async_trait;
use newscard_protocol::{ArticleCard, RankedArticle};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};

use super::{Counts, ReactionChange, ReactionWrite, Store};
use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};

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
            .foreign_keys(true)
            // Reads go through the OS's page cache, mapped (up to 1 GiB of file),
            // not copied; SQLite's own cache, per connection, then needs little:
            // 8 MB each, so a full scan (indexing at start) can't fill 8 x 64 MB.
            .pragma("cache_size", "-8192")
            .pragma("mmap_size", "1073741824")
            // Checkpoints run in the background (below), not inside a reply's commit.
            .pragma("wal_autocheckpoint", "0");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("migrating database")?;
        tokio::spawn(checkpoint_periodically(pool.clone()));
        Ok(Self { pool })
    }
}

/// Copies the WAL into the database file every second. PASSIVE never waits for
/// (or blocks) readers or the writer; the task ends when the pool is closed.
async fn checkpoint_periodically(pool: SqlitePool) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(1));
    while !pool.is_closed() {
        ticks.tick().await;
        if let Err(err) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::warn!("checkpoint failed: {err}");
        }
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for article in articles {
            sqlx::query(
                "INSERT OR REPLACE INTO articles (site, url, title, summary, body, source, \
                 author, editor, section, tags, image, published_at, published_unix, \
                 updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
                 (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles))",
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
            .bind(&article.image)
            .bind(&article.published_at)
            .bind(article.published_unix)
            .bind(&article.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn articles_since(
        &self,
        seq: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<(SiteId, Article, i64)>> {
        let rows = sqlx::query(
            "SELECT site, url, title, summary, body, source, author, editor, section, tags, \
             image, published_at, published_unix, updated_at, seq \
             FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let site: String = row.try_get("site")?;
                let site = SiteId::parse(&site).context("a stored site id is invalid")?;
                let article = Article {
                    url: ArticleUrl::parse(row.try_get("url")?)?,
                    title: row.try_get("title")?,
                    summary: row.try_get("summary")?,
                    body: row.try_get("body")?,
                    source: row.try_get("source")?,
                    author: row.try_get("author")?,
                    editor: row.try_get("editor")?,
                    section: serde_json::from_str(row.try_get("section")?)?,
                    tags: serde_json::from_str(row.try_get("tags")?)?,
                    image: row.try_get("image")?,
                    published_at: row.try_get("published_at")?,
                    published_unix: row.try_get("published_unix")?,
                    updated_at: row.try_get("updated_at")?,
                };
                Ok((site, article, row.try_get("seq")?))
            })
            .collect()
    }

    async fn latest_article_seq(&self) -> anyhow::Result<i64> {
        let (seq,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM articles")
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    async fn article_card(
        &self,
        site: &SiteId,
        url: &ArticleUrl,
    ) -> anyhow::Result<Option<(ArticleCard, i64)>> {
        let row = sqlx::query(
            "SELECT url, title, summary, source, author, editor, section, published_at, \
             updated_at, image, seq FROM articles WHERE site = ? AND url = ?",
        )
        .bind(site.as_str())
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let card = ArticleCard {
            url: row.try_get("url")?,
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            source: row.try_get("source")?,
            author: row.try_get("author")?,
            editor: row.try_get("editor")?,
            section: serde_json::from_str(row.try_get("section")?)?,
            published_at: row.try_get("published_at")?,
            updated_at: row.try_get("updated_at")?,
            image: row.try_get("image")?,
        };
        Ok(Some((card, row.try_get("seq")?)))
    }

    async fn apply_reactions(&self, writes: &[ReactionWrite]) -> anyhow::Result<Vec<Counts>> {
        let mut tx = self.pool.begin().await?;
        // Runs of sets and runs of retractions, in order, a few statements per
        // batch instead of one per write.
        let is_set = |w: &ReactionWrite| matches!(w.change, ReactionChange::Set(_));
        for run in writes.chunk_by(|a, b| is_set(a) == is_set(b)) {
            for chunk in power_of_two_chunks(run, WRITE_CHUNK) {
                let mut query = if is_set(&chunk[0]) {
                    upsert_reactions(chunk)
                } else {
                    delete_reactions(chunk)
                };
                query.build().execute(&mut *tx).await?;
            }
        }
        let after = counts_of_many(&mut tx, writes).await?;
        tx.commit().await?;
        Ok(writes
            .iter()
            .map(|w| {
                after
                    .get(&(w.site.as_str(), w.article.as_str()))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect())
    }

    async fn counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        let mut conn = self.pool.acquire().await?;
        counts(&mut conn, site, article).await
    }

    async fn reaction_of(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        reader: &ReaderId,
    ) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT reaction FROM reactions WHERE site = ? AND article = ? AND reader = ?",
        )
        .bind(site.as_str())
        .bind(article.as_str())
        .bind(reader.as_str())
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn count_share(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        service: &str,
    ) -> anyhow::Result<Counts> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO share_counts (site, article, service, count) VALUES (?, ?, ?, 1) \
             ON CONFLICT (site, article, service) DO UPDATE SET count = count + 1",
        )
        .bind(site.as_str())
        .bind(article.as_str())
        .bind(service)
        .execute(&mut *tx)
        .await?;
        let counts = share_counts(&mut tx, site, article).await?;
        tx.commit().await?;
        Ok(counts)
    }

    async fn share_counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        let mut conn = self.pool.acquire().await?;
        share_counts(&mut conn, site, article).await
    }

    async fn ranking(
        &self,
        site: &SiteId,
        kind: &ReactionKind,
        since: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<RankedArticle>> {
        let rows = sqlx::query(
            "SELECT a.url, a.title, COUNT(*) AS n FROM reactions r \
             JOIN articles a ON a.site = r.site AND a.url = r.article \
             WHERE r.site = ? AND r.reaction = ? AND r.reacted_at >= ? \
             GROUP BY a.url ORDER BY n DESC, a.published_unix DESC LIMIT ?",
        )
        .bind(site.as_str())
        .bind(kind.as_str())
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RankedArticle {
                    url: row.try_get("url")?,
                    title: row.try_get("title")?,
                    count: u64::try_from(row.try_get::<i64, _>("n")?)?,
                })
            })
            .collect()
    }
}

async fn share_counts(
    conn: &mut SqliteConnection,
    site: &SiteId,
    article: &ArticleUrl,
) -> anyhow::Result<Counts> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT service, count FROM share_counts WHERE site = ? AND article = ?")
            .bind(site.as_str())
            .bind(article.as_str())
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(service, count)| Ok((service, u64::try_from(count)?)))
        .collect()
}

async fn counts(
    conn: &mut SqliteConnection,
    site: &SiteId,
    article: &ArticleUrl,
) -> anyhow::Result<Counts> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT reaction, count FROM reaction_counts \
         WHERE site = ? AND article = ? AND count > 0",
    )
    .bind(site.as_str())
    .bind(article.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(kind, count)| Ok((kind, u64::try_from(count)?)))
        .collect()
}

/// Writes per statement: five bound values each, well under SQLite's limit.
const WRITE_CHUNK: usize = 128;

/// Splits `items` into chunks of `max`, then of falling powers of two (77 with
/// max 128: 64, 8, 4, 1). Every chunk size gives its own SQL text, so this keeps
/// the shapes few and every statement in sqlx's prepared-statement cache.
fn power_of_two_chunks<T>(mut items: &[T], max: usize) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        if items.is_empty() {
            return None;
        }
        let size = max.min(1 << items.len().ilog2());
        let (chunk, rest) = items.split_at(size);
        items = rest;
        Some(chunk)
    })
}

/// One upsert for many sets. Setting the same reaction again changes nothing,
/// not even the time; a later row for the same reader overrides an earlier one.
fn upsert_reactions(writes: &[ReactionWrite]) -> QueryBuilder<'_, Sqlite> {
    let mut query =
        QueryBuilder::new("INSERT INTO reactions (site, article, reader, reaction, reacted_at) ");
    query.push_values(writes, |mut row, write| {
        let kind = match &write.change {
            ReactionChange::Set(kind) => Some(kind.as_str()),
            // Never in a run of sets; NULL would fail the NOT NULL column.
            ReactionChange::Retract => None,
        };
        row.push_bind(write.site.as_str())
            .push_bind(write.article.as_str())
            .push_bind(write.reader.as_str())
            .push_bind(kind)
            .push_bind(write.at);
    });
    query.push(
        " ON CONFLICT (site, article, reader) DO UPDATE \
         SET reaction = excluded.reaction, reacted_at = excluded.reacted_at \
         WHERE reaction <> excluded.reaction",
    );
    query
}

/// One delete for many retractions.
fn delete_reactions(writes: &[ReactionWrite]) -> QueryBuilder<'_, Sqlite> {
    let mut query = QueryBuilder::new("DELETE FROM reactions WHERE (site, article, reader) IN (");
    query.push_values(writes, |mut row, write| {
        row.push_bind(write.site.as_str())
            .push_bind(write.article.as_str())
            .push_bind(write.reader.as_str());
    });
    query.push(")");
    query
}

/// Rows per counts query: two bound values each, well under SQLite's limit.
const COUNTS_CHUNK: usize = 256;

/// The counts of every article the writes touch, in one query per chunk rather
/// than one per article.
async fn counts_of_many<'w>(
    conn: &mut SqliteConnection,
    writes: &'w [ReactionWrite],
) -> anyhow::Result<HashMap<(&'w str, &'w str), Counts>> {
    let mut articles: Vec<(&str, &str)> = writes
        .iter()
        .map(|w| (w.site.as_str(), w.article.as_str()))
        .collect();
    articles.sort_unstable();
    articles.dedup();
    let mut after: HashMap<(&str, &str), Counts> = HashMap::new();
    for chunk in power_of_two_chunks(&articles, COUNTS_CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT site, article, reaction, count FROM reaction_counts \
             WHERE count > 0 AND (site, article) IN (",
        );
        query.push_values(chunk, |mut row, (site, article)| {
            row.push_bind(*site).push_bind(*article);
        });
        query.push(")");
        let rows: Vec<(String, String, String, i64)> =
            query.build_query_as().fetch_all(&mut *conn).await?;
        for (site, article, reaction, count) in rows {
            // `chunk` is sorted; the found key borrows from `writes`, not the row.
            let found = chunk.binary_search(&(site.as_str(), article.as_str()));
            let key =
                chunk[found.map_err(|_| anyhow::anyhow!("a row of an article not asked for"))?];
            after
                .entry(key)
                .or_default()
                .insert(reaction, u64::try_from(count)?);
        }
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::power_of_two_chunks;

    #[test]
    fn chunks_are_max_then_falling_powers_of_two() {
        let items: Vec<u32> = (0..333).collect();
        let sizes: Vec<usize> = power_of_two_chunks(&items, 128).map(<[u32]>::len).collect();
        assert_eq!(sizes, [128, 128, 64, 8, 4, 1]);
        let all: Vec<u32> = power_of_two_chunks(&items, 128)
            .flatten()
            .copied()
            .collect();
        assert_eq!(all, items);
        assert_eq!(power_of_two_chunks(&items[..0], 128).count(), 0);
    }
}
