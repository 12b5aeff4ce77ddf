//! PostgreSQL, for several servers on one database. The differences from
//! SQLite are what sharing needs:
//! - counts live in slotted rows (see the migration): each batch adds to a slot
//!   it picks at random, so batches of two servers on one hot article do not
//!   queue on one row; a count is the sum of its slots;
//! - each batch sends one notification (`NOTIFY` takes a global lock at commit,
//!   so one per batch, never one per write), naming the articles it touched; every
//!   server's commit follower hears it and reads those counts again;
//! - article writes take one advisory lock, so their sequence numbers commit in
//!   order and every server's related index can catch up by number.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use anyhow::{bail, Context};
use async_trait::async_trait;
use futures_util::stream::{self, BoxStream, StreamExt};
use newscard_protocol::{ArticleCard, RankedArticle};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use super::rows::{self, ArticleRow, CardRow, ARTICLE_COLUMNS, CARD_COLUMNS};
use super::{
    ArticleCount, CommitNotice, CountKind, Counts, ReactionChange, ReactionWrite, Store,
    StoredReaction,
};
use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};

/// The channel commits of reaction writes are announced on.
const CHANNEL: &str = "newscard_reactions";
/// A notification's payload must stay under PostgreSQL's 8,000 bytes; a batch
/// that touched more articles than fit says "*": read everything again.
const MAX_PAYLOAD: usize = 7_500;
/// Count slots; two batches on one article meet in a slot one time in this many.
const SLOTS: u8 = 64;
/// Rows per bulk statement.
const CHUNK: usize = 1_000;
/// Attempts at a batch that met another in a deadlock (possible when two
/// servers write for the same readers at once).
const ATTEMPTS: usize = 3;
/// The key of the advisory lock every article write holds.
const ARTICLE_WRITES: i64 = 0x6e65_7773_6361_7264; // "newscard"

#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects and applies pending migrations (several servers starting at
    /// once take turns: sqlx migrates under an advisory lock).
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options: PgConnectOptions = url.parse().context("reading the postgres:// URL")?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // A database that went away is answered with a 503 in seconds, not a hang.
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(options.options([("statement_timeout", "30s")]))
            .await
            .context("connecting to PostgreSQL")?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .context("migrating database")?;
        // A write is acknowledged once its commit returns: that must mean on disk.
        let (synchronous_commit,): (String,) = sqlx::query_as("SHOW synchronous_commit")
            .fetch_one(&pool)
            .await?;
        let (fsync,): (String,) = sqlx::query_as("SHOW fsync").fetch_one(&pool).await?;
        if synchronous_commit == "off" || fsync != "on" {
            bail!(
                "PostgreSQL runs synchronous_commit={synchronous_commit}, fsync={fsync}: \
                 a crash could lose acknowledged writes; turn both on"
            );
        }
        tracing::info!("database: PostgreSQL, synchronous_commit={synchronous_commit}, fsync=on");
        Ok(Self { pool })
    }

    /// Applies the batch's final write per reader in one transaction; returns
    /// the counts after it of every article touched.
    async fn apply_once(
        &self,
        writes: &[&ReactionWrite],
    ) -> anyhow::Result<HashMap<(String, String), Counts>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT set_config('newscard.slot', $1, true)")
            .bind(random_slot()?.to_string())
            .execute(&mut *tx)
            .await?;
        let (sets, retracts): (Vec<&ReactionWrite>, Vec<&ReactionWrite>) = writes
            .iter()
            .copied()
            .partition(|w| matches!(w.change, ReactionChange::Set(_)));
        for chunk in sets.chunks(CHUNK) {
            let kinds: Vec<&str> = chunk
                .iter()
                .map(|w| match &w.change {
                    ReactionChange::Set(kind) => kind.as_str(),
                    ReactionChange::Retract => unreachable!("partitioned out"),
                })
                .collect();
            let (sites, articles, readers) = keys(chunk);
            sqlx::query(
                "INSERT INTO reactions (site, article, reader, reaction, reacted_at) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[]) \
                 ON CONFLICT (site, article, reader) DO UPDATE \
                 SET reaction = EXCLUDED.reaction, reacted_at = EXCLUDED.reacted_at \
                 WHERE reactions.reaction <> EXCLUDED.reaction",
            )
            .bind(sites)
            .bind(articles)
            .bind(readers)
            .bind(kinds)
            .bind(chunk.iter().map(|w| w.at).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        }
        for chunk in retracts.chunks(CHUNK) {
            let (sites, articles, readers) = keys(chunk);
            sqlx::query(
                "DELETE FROM reactions r \
                 USING UNNEST($1::text[], $2::text[], $3::text[]) AS gone (site, article, reader) \
                 WHERE (r.site, r.article, r.reader) = (gone.site, gone.article, gone.reader)",
            )
            .bind(sites)
            .bind(articles)
            .bind(readers)
            .execute(&mut *tx)
            .await?;
        }
        let mut touched: Vec<(&str, &str)> = writes
            .iter()
            .map(|w| (w.site.as_str(), w.article.as_str()))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let after = counts_of_many(&mut tx, &touched).await?;
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(notice_payload(&touched))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// The batch as PostgreSQL can take it in one statement per kind: one write per
/// reader (the last; all of a batch's writers get the counts after all of it),
/// in key order, so two servers lock rows in the same order.
fn last_per_reader(writes: &[ReactionWrite]) -> Vec<&ReactionWrite> {
    let mut last: BTreeMap<(&str, &str, &str), &ReactionWrite> = BTreeMap::new();
    for write in writes {
        let key = (
            write.site.as_str(),
            write.article.as_str(),
            write.reader.as_str(),
        );
        last.insert(key, write);
    }
    last.into_values().collect()
}

/// The (site, article, reader) columns of the writes.
fn keys<'w>(writes: &[&'w ReactionWrite]) -> (Vec<&'w str>, Vec<&'w str>, Vec<&'w str>) {
    let sites = writes.iter().map(|w| w.site.as_str()).collect();
    let articles = writes.iter().map(|w| w.article.as_str()).collect();
    let readers = writes.iter().map(|w| w.reader.as_str()).collect();
    (sites, articles, readers)
}

fn random_slot() -> anyhow::Result<u8> {
    let mut byte = [0];
    getrandom::getrandom(&mut byte).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    Ok(byte[0] % SLOTS)
}

/// The counts of the articles, each the sum of its slots.
async fn counts_of_many(
    tx: &mut Transaction<'_, Postgres>,
    articles: &[(&str, &str)],
) -> anyhow::Result<HashMap<(String, String), Counts>> {
    let mut after: HashMap<(String, String), Counts> = HashMap::new();
    for chunk in articles.chunks(CHUNK) {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT c.site, c.article, c.reaction, SUM(c.count)::int8 \
             FROM reaction_counts c \
             JOIN UNNEST($1::text[], $2::text[]) AS t (site, article) \
               ON (c.site, c.article) = (t.site, t.article) \
             GROUP BY c.site, c.article, c.reaction HAVING SUM(c.count) > 0",
        )
        .bind(chunk.iter().map(|(site, _)| *site).collect::<Vec<_>>())
        .bind(
            chunk
                .iter()
                .map(|(_, article)| *article)
                .collect::<Vec<_>>(),
        )
        .fetch_all(&mut **tx)
        .await?;
        for (site, article, reaction, count) in rows {
            after
                .entry((site, article))
                .or_default()
                .insert(reaction, u64::try_from(count)?);
        }
    }
    Ok(after)
}

/// The touched articles as JSON `[[site, article], …]`, or `*` past the limit.
fn notice_payload(touched: &[(&str, &str)]) -> String {
    let payload = serde_json::to_string(touched).unwrap_or_default();
    if payload.is_empty() || payload.len() > MAX_PAYLOAD {
        "*".to_owned()
    } else {
        payload
    }
}

/// What a notification says; anything unreadable means "read everything".
fn notice_from_payload(payload: &str) -> CommitNotice {
    let Ok(pairs) = serde_json::from_str::<Vec<(String, String)>>(payload) else {
        return CommitNotice::Resync;
    };
    let touched: Option<Vec<_>> = pairs
        .iter()
        .map(|(site, article)| Some((SiteId::parse(site)?, ArticleUrl::parse(article).ok()?)))
        .collect();
    touched.map_or(CommitNotice::Resync, CommitNotice::Touched)
}

/// A listening connection, retried until the database answers.
async fn listen(pool: &PgPool) -> PgListener {
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(pool).await?;
            listener.listen(CHANNEL).await?;
            anyhow::Ok(listener)
        };
        match listener.await {
            Ok(listener) => return listener,
            Err(err) => {
                tracing::warn!("listening for commits failed, retrying: {err:#}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn counts(pool: &PgPool, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT reaction, SUM(count)::int8 FROM reaction_counts \
         WHERE site = $1 AND article = $2 GROUP BY reaction HAVING SUM(count) > 0",
    )
    .bind(site.as_str())
    .bind(article.as_str())
    .fetch_all(pool)
    .await?;
    rows::counts(rows)
}

async fn share_counts(
    executor: impl sqlx::PgExecutor<'_>,
    site: &SiteId,
    article: &ArticleUrl,
) -> anyhow::Result<Counts> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT service, SUM(count)::int8 FROM share_counts \
         WHERE site = $1 AND article = $2 GROUP BY service",
    )
    .bind(site.as_str())
    .bind(article.as_str())
    .fetch_all(executor)
    .await?;
    rows::counts(rows)
}

#[async_trait]
impl Store for PostgresStore {
    /// Starts with `Resync`, and says it again after every reconnection: what
    /// was committed while nobody listened is read again.
    fn commit_notices(&self) -> BoxStream<'static, CommitNotice> {
        let pool = self.pool.clone();
        stream::unfold(None, move |listener: Option<PgListener>| {
            let pool = pool.clone();
            async move {
                let Some(mut listener) = listener else {
                    return Some((CommitNotice::Resync, Some(listen(&pool).await)));
                };
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        Some((notice_from_payload(notification.payload()), Some(listener)))
                    }
                    // The connection is gone: listen afresh, then resync.
                    Ok(None) | Err(_) => {
                        tracing::warn!("the commit listener lost its connection");
                        Some((CommitNotice::Resync, Some(listen(&pool).await)))
                    }
                }
            }
        })
        .boxed()
    }

    async fn upsert_articles(&self, site: &SiteId, articles: &[Article]) -> anyhow::Result<()> {
        // ON CONFLICT takes each row once per statement: the last version wins,
        // as it does when SQLite writes them one by one.
        let mut latest: Vec<&Article> = Vec::with_capacity(articles.len());
        let mut position = HashMap::new();
        for article in articles {
            match position.get(article.url.as_str()) {
                Some(&at) => latest[at] = article,
                None => {
                    position.insert(article.url.as_str(), latest.len());
                    latest.push(article);
                }
            }
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(ARTICLE_WRITES)
            .execute(&mut *tx)
            .await?;
        let (mut seq,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM articles")
            .fetch_one(&mut *tx)
            .await?;
        for chunk in latest.chunks(CHUNK) {
            let column = |field: fn(&Article) -> &str| -> Vec<&str> {
                chunk.iter().map(|article| field(article)).collect()
            };
            let lists = |field: fn(&Article) -> &Vec<String>| -> anyhow::Result<Vec<String>> {
                chunk
                    .iter()
                    .map(|article| Ok(serde_json::to_string(field(article))?))
                    .collect()
            };
            let seqs: Vec<i64> = (seq + 1..).take(chunk.len()).collect();
            seq += chunk.len() as i64;
            sqlx::query(&format!(
                "INSERT INTO articles ({ARTICLE_COLUMNS}) \
                 SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], \
                   $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], \
                   $12::text[], $13::int8[], $14::text[], $15::int8[]) \
                 ON CONFLICT (site, url) DO UPDATE SET title = EXCLUDED.title, \
                   summary = EXCLUDED.summary, body = EXCLUDED.body, source = EXCLUDED.source, \
                   author = EXCLUDED.author, editor = EXCLUDED.editor, \
                   section = EXCLUDED.section, tags = EXCLUDED.tags, image = EXCLUDED.image, \
                   published_at = EXCLUDED.published_at, \
                   published_unix = EXCLUDED.published_unix, \
                   updated_at = EXCLUDED.updated_at, seq = EXCLUDED.seq"
            ))
            .bind(site.as_str())
            .bind(column(|a| a.url.as_str()))
            .bind(column(|a| &a.title))
            .bind(column(|a| &a.summary))
            .bind(column(|a| &a.body))
            .bind(column(|a| &a.source))
            .bind(column(|a| &a.author))
            .bind(column(|a| &a.editor))
            .bind(lists(|a| &a.section)?)
            .bind(lists(|a| &a.tags)?)
            .bind(column(|a| &a.image))
            .bind(column(|a| &a.published_at))
            .bind(chunk.iter().map(|a| a.published_unix).collect::<Vec<_>>())
            .bind(
                chunk
                    .iter()
                    .map(|a| a.updated_at.as_deref())
                    .collect::<Vec<_>>(),
            )
            .bind(seqs)
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
        let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ArticleRow::into_article).collect()
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
        let row: Option<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM articles WHERE site = $1 AND url = $2"
        ))
        .bind(site.as_str())
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(CardRow::into_card).transpose()
    }

    async fn apply_reactions(&self, writes: &[ReactionWrite]) -> anyhow::Result<Vec<Counts>> {
        let last = last_per_reader(writes);
        let mut attempt = 1;
        let after = loop {
            match self.apply_once(&last).await {
                Ok(after) => break after,
                Err(err) if attempt < ATTEMPTS && is_deadlock(&err) => attempt += 1,
                Err(err) => return Err(err),
            }
        };
        Ok(writes
            .iter()
            .map(|w| {
                let key = (w.site.as_str().to_owned(), w.article.as_str().to_owned());
                after.get(&key).cloned().unwrap_or_default()
            })
            .collect())
    }

    async fn counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        counts(&self.pool, site, article).await
    }

    async fn reaction_of(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        reader: &ReaderId,
    ) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT reaction FROM reactions WHERE site = $1 AND article = $2 AND reader = $3",
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
            "INSERT INTO share_counts (site, article, service, slot, count) \
             VALUES ($1, $2, $3, $4, 1) ON CONFLICT (site, article, service, slot) \
             DO UPDATE SET count = share_counts.count + 1",
        )
        .bind(site.as_str())
        .bind(article.as_str())
        .bind(service)
        .bind(i16::from(random_slot()?))
        .execute(&mut *tx)
        .await?;
        let counts = share_counts(&mut *tx, site, article).await?;
        tx.commit().await?;
        Ok(counts)
    }

    async fn share_counts(&self, site: &SiteId, article: &ArticleUrl) -> anyhow::Result<Counts> {
        share_counts(&self.pool, site, article).await
    }

    async fn site_reactions(
        &self,
        site: &SiteId,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> anyhow::Result<Vec<StoredReaction>> {
        // No article URL is empty, so ("", "") comes before every row.
        let (article, reader) = after.unwrap_or(("", ""));
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT article, reader, reaction, reacted_at FROM reactions \
             WHERE site = $1 AND (article, reader) > ($2, $3) ORDER BY article, reader LIMIT $4",
        )
        .bind(site.as_str())
        .bind(article)
        .bind(reader)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(rows::stored_reaction).collect())
    }

    async fn site_counts(
        &self,
        site: &SiteId,
        kind: CountKind,
    ) -> anyhow::Result<Vec<ArticleCount>> {
        let (table, key) = kind.table_and_key();
        // A count is the sum of its slots.
        let rows = sqlx::query_as(&format!(
            "SELECT article, {key}, SUM(count)::int8 FROM {table} WHERE site = $1 \
             GROUP BY article, {key} HAVING SUM(count) > 0 ORDER BY article, {key}"
        ))
        .bind(site.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows::article_counts(rows)
    }

    async fn set_share_counts(&self, site: &SiteId, counts: &[ArticleCount]) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for count in counts {
            // The count's slots become one.
            sqlx::query(
                "DELETE FROM share_counts WHERE site = $1 AND article = $2 AND service = $3",
            )
            .bind(site.as_str())
            .bind(&count.article)
            .bind(&count.key)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO share_counts (site, article, service, slot, count) \
                 VALUES ($1, $2, $3, 0, $4)",
            )
            .bind(site.as_str())
            .bind(&count.article)
            .bind(&count.key)
            .bind(i64::try_from(count.count)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn ranking(
        &self,
        site: &SiteId,
        kind: &ReactionKind,
        since: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<RankedArticle>> {
        let rows = sqlx::query_as(
            "SELECT a.url, a.title, COUNT(*)::int8 AS n FROM reactions r \
             JOIN articles a ON a.site = r.site AND a.url = r.article \
             WHERE r.site = $1 AND r.reaction = $2 AND r.reacted_at >= $3 \
             GROUP BY a.site, a.url ORDER BY n DESC, a.published_unix DESC LIMIT $4",
        )
        .bind(site.as_str())
        .bind(kind.as_str())
        .bind(since)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows::ranked(rows)
    }
}

/// A deadlock (40P01) or serialization failure (40001): the batch may be retried.
fn is_deadlock(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<sqlx::Error>()
            .and_then(|err| err.as_database_error()?.code())
            .is_some_and(|code| code == "40P01" || code == "40001")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_name_the_touched_articles_or_ask_for_everything() {
        let touched = [
            ("demo", "https://news.example/a"),
            ("demo", "https://news.example/b"),
        ];
        let CommitNotice::Touched(articles) = notice_from_payload(&notice_payload(&touched)) else {
            panic!("not read back");
        };
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[1].1.as_str(), "https://news.example/b");
        let many: Vec<(&str, String)> = (0..500)
            .map(|n| ("demo", format!("https://news.example/{n}")))
            .collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(s, a)| (*s, a.as_str())).collect();
        assert_eq!(notice_payload(&many), "*");
        for payload in ["*", "", "[[\"Bad Site\", \"https://x\"]]", "{"] {
            assert!(matches!(notice_from_payload(payload), CommitNotice::Resync));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_payload_is_a_notice(
            payload in "\\PC{0,200}",
            pairs in proptest::collection::vec(("\\PC{0,12}", "(https://news\\.example/)?\\PC{0,30}"), 0..6),
        ) {
            notice_from_payload(&payload);
            // What this process sends, any site and article text, reads back.
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(s, a)| (s.as_str(), a.as_str())).collect();
            notice_from_payload(&notice_payload(&pairs));
        }
    }
}
