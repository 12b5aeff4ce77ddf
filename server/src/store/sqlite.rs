use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context};
use async_trait::async_trait;
use futures_util::stream::{BoxStream, StreamExt};
use newscard_protocol::{ArticleCard, RankedArticle};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_stream::wrappers::BroadcastStream;

use super::rows::{self, ArticleRow, CardRow, ARTICLE_COLUMNS, CARD_COLUMNS};
use super::{
    ArticleCount, CommitNotice, CountKind, Counts, ReactionChange, ReactionWrite, Store,
    StoredReaction,
};
use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};

/// SQLite in WAL mode: readers never wait for the writer, and a commit is on disk
/// (`synchronous = FULL`) before any write is acknowledged.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// This process is the file's only writer of reactions (`ServerLock`), so
    /// its own commits are all there is to hear of.
    notices: broadcast::Sender<CommitNotice>,
    checkpoints: Arc<Mutex<Checkpoints>>,
}

/// Reaction writes between two checkpoints: about 3 WAL pages each over many
/// articles, so some 450 pages (under 2 MB of WAL).
const WRITES_PER_CHECKPOINT: usize = 150;

/// The WAL is copied into the database file in two steps, the long one beside
/// the batches. SQLite's own checkpoint runs in the commit that crosses its
/// mark, and its fsync of the database file (about 5 ms) made that batch's
/// writes, and those queued behind them, the slowest 1 % (p99 10-11 ms at
/// 10,000 writes/s). Instead, once `WRITES_PER_CHECKPOINT` writes have been
/// committed since the last one started, a task checkpoints on a connection of
/// its own while batches go on committing; the first batch after it has
/// finished copies, before its write, the few frames committed meanwhile (a
/// short sync), which completes the checkpoint, so the batch's commit can start
/// the WAL over (unless a reader still holds old frames; the next round tries
/// again). A background checkpoint alone never completes under writes that
/// never pause (the WAL grew to 548 MB in 10 s).
#[derive(Default)]
struct Checkpoints {
    writes_since: usize,
    running: Option<JoinHandle<()>>,
}

impl SqliteStore {
    /// Before a batch: once a background checkpoint has finished, copies what
    /// was committed while it ran. A failure leaves the WAL to grow until the
    /// next checkpoint, or SQLite's own; the batch goes on.
    async fn complete_checkpoint(&self, conn: &mut SqliteConnection) {
        let finished = self
            .checkpoints
            .lock()
            .expect("never poisoned: no panic while held")
            .running
            .take_if(|task| task.is_finished());
        if finished.is_some() {
            if let Err(err) = checkpoint(conn).await {
                tracing::warn!("completing a checkpoint: {err:#}");
            }
        }
    }

    /// After a batch: starts a checkpoint on a connection of its own once
    /// `WRITES_PER_CHECKPOINT` writes have been committed since the last.
    fn start_checkpoint(&self, writes: usize) {
        let mut checkpoints = self
            .checkpoints
            .lock()
            .expect("never poisoned: no panic while held");
        checkpoints.writes_since += writes;
        if checkpoints.writes_since >= WRITES_PER_CHECKPOINT && checkpoints.running.is_none() {
            checkpoints.writes_since = 0;
            let pool = self.pool.clone();
            checkpoints.running = Some(tokio::spawn(async move {
                let conn = pool.acquire().await;
                if let Err(err) = async { checkpoint(&mut *conn?).await }.await {
                    tracing::warn!("checkpointing: {err:#}");
                }
            }));
        }
    }

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
            // SQLite's own checkpoint (inside a commit) as a backstop: for other
            // writes (articles, shares, restores) and a WAL the two steps of
            // `Checkpoints` could not start over.
            .pragma("wal_autocheckpoint", "4000");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A file does not drop a connection the way a network does: no
            // ping (a round trip to sqlx's SQLite thread) before every use.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .context("migrating database")?;
        // A SIGKILL cannot tell synchronous=OFF from FULL, and SQLite keeps its
        // old journal mode where WAL is impossible: read back what is in force.
        let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await?;
        let (synchronous,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(&pool)
            .await?;
        if journal != "wal" || synchronous != 2 {
            bail!(
                "database {}: journal_mode={journal}, synchronous={synchronous}; \
                 acknowledged writes need WAL with synchronous=FULL (2)",
                path.display()
            );
        }
        tracing::info!(
            "database {}: journal_mode=wal, synchronous=full",
            path.display()
        );
        Ok(Self {
            pool,
            notices: broadcast::channel(NOTICES).0,
            checkpoints: Arc::default(),
        })
    }
}

/// One server per SQLite file: its caches and live streams hear only of its
/// own commits, so a second server on the file would serve counts that never
/// learn of the first's writes. The import command, which writes articles
/// only (seen by every server through their sequence numbers), takes none.
pub struct ServerLock {
    _file: std::fs::File,
}

impl ServerLock {
    /// Takes `DB.lock` beside the database, for as long as the value lives; the
    /// system lets it go when the process ends, however it ends.
    pub fn take(db: &Path) -> anyhow::Result<Self> {
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        let path = std::path::PathBuf::from(name);
        let file =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another newscard-server is serving {}: one server per SQLite file \
                 (several servers share a postgres:// database instead)",
                db.display()
            ),
            Err(std::fs::TryLockError::Error(err)) => {
                Err(err).with_context(|| format!("locking {}", path.display()))
            }
        }
    }
}

/// Commit notices kept for a follower that lags; past this it resyncs.
const NOTICES: usize = 1024;

/// Each article the writes touch, once, with its counts after the batch.
fn after_batch(
    writes: &[ReactionWrite],
    after: &HashMap<(&str, &str), Counts>,
) -> Vec<(SiteId, ArticleUrl, Counts)> {
    let mut seen = HashSet::new();
    writes
        .iter()
        .filter(|w| seen.insert((w.site.as_str(), w.article.as_str())))
        .map(|w| {
            let counts = after.get(&(w.site.as_str(), w.article.as_str()));
            (
                w.site.clone(),
                w.article.clone(),
                counts.cloned().unwrap_or_default(),
            )
        })
        .collect()
}

#[async_trait]
impl Store for SqliteStore {
    fn commit_notices(&self) -> BoxStream<'static, CommitNotice> {
        BroadcastStream::new(self.notices.subscribe())
            .map(|notice| notice.unwrap_or(CommitNotice::Resync))
            .boxed()
    }

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
        let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?"
        ))
        .bind(seq)
        .bind(limit)
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
            "SELECT {CARD_COLUMNS} FROM articles WHERE site = ? AND url = ?"
        ))
        .bind(site.as_str())
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(CardRow::into_card).transpose()
    }

    async fn apply_reactions(&self, writes: &[ReactionWrite]) -> anyhow::Result<Vec<Counts>> {
        // Runs of sets and runs of retractions, in order: one statement per run,
        // whatever its length.
        let is_set = |w: &ReactionWrite| matches!(w.change, ReactionChange::Set(_));
        let runs: Vec<&[ReactionWrite]> = writes.chunk_by(|a, b| is_set(a) == is_set(b)).collect();
        let mut conn = self.pool.acquire().await?;
        self.complete_checkpoint(&mut conn).await;
        let mut untold = ResyncUnlessTold {
            notices: &self.notices,
            told: false,
        };
        // A batch of one run (nearly all: readers rarely retract) is one round
        // trip: its statement commits by itself, with no BEGIN and COMMIT trips,
        // and the counts are read right after it in the same trip. Nothing else
        // writes reactions meanwhile (one writer), so they are this batch's.
        let after = if let [run] = runs[..] {
            counts_of_many(&mut conn, Some(run), writes).await?
        } else {
            let mut tx = conn.begin().await?;
            for run in runs {
                write_run(&mut tx, run).await?;
            }
            let after = counts_of_many(&mut tx, None, writes).await?;
            tx.commit().await?;
            after
        };
        self.start_checkpoint(writes.len());
        let touched = after_batch(writes, &after);
        // Nobody follows commits in the import command; that is fine.
        let _ = self.notices.send(CommitNotice::Counts(touched));
        untold.told = true;
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
             WHERE site = ? AND (article, reader) > (?, ?) ORDER BY article, reader LIMIT ?",
        )
        .bind(site.as_str())
        .bind(article)
        .bind(reader)
        .bind(limit)
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
        let rows = sqlx::query_as(&format!(
            "SELECT article, {key}, count FROM {table} \
             WHERE site = ? AND count > 0 ORDER BY article, {key}"
        ))
        .bind(site.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows::article_counts(rows)
    }

    async fn set_share_counts(&self, site: &SiteId, counts: &[ArticleCount]) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for count in counts {
            sqlx::query(
                "INSERT INTO share_counts (site, article, service, count) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (site, article, service) DO UPDATE SET count = excluded.count",
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
        rows::ranked(rows)
    }
}

/// Until told, a batch may have committed without its followers hearing of it:
/// an error after its statement committed, or the writer giving up on the
/// batch (its timeout drops the future while sqlx's thread still runs the
/// statement). Dropped untold, it has every follower read all counts again.
struct ResyncUnlessTold<'a> {
    notices: &'a broadcast::Sender<CommitNotice>,
    told: bool,
}

impl Drop for ResyncUnlessTold<'_> {
    fn drop(&mut self) {
        if !self.told {
            let _ = self.notices.send(CommitNotice::Resync);
        }
    }
}

/// Copies the WAL's frames into the database file, as far as no reader needs
/// them (PASSIVE: it waits for no reader or writer, and writers may commit
/// while it copies).
async fn checkpoint(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(conn)
        .await?;
    Ok(())
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
    rows::counts(rows)
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
    rows::counts(rows)
}

// Every statement of a batch takes its rows as one JSON array, read back by
// `json_each`: each statement is a round trip to sqlx's SQLite thread, and
// those trips, not SQLite's work, were most of a batch's time. One bound value
// also keeps the SQL text the same for any batch size, so it stays prepared.

/// Rows of plain strings and numbers as one JSON array, for `json_each`.
fn json_rows(rows: &[impl serde::Serialize]) -> String {
    serde_json::to_string(rows).expect("strings and numbers serialize")
}

/// One run of sets or of retractions as one statement and its bound rows.
/// Setting the same reaction again changes nothing, not even the time; a later
/// row for the same reader overrides an earlier one.
fn run_statement(run: &[ReactionWrite]) -> (&'static str, String) {
    match run[0].change {
        // `WHERE true` tells SQLite's parser that ON CONFLICT is the upsert's.
        ReactionChange::Set(_) => (
            "INSERT INTO reactions (site, article, reader, reaction, reacted_at) \
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 \
             FROM json_each(?) WHERE true \
             ON CONFLICT (site, article, reader) DO UPDATE \
             SET reaction = excluded.reaction, reacted_at = excluded.reacted_at \
             WHERE reaction <> excluded.reaction",
            json_rows(
                &run.iter()
                    .map(|w| {
                        let kind = match &w.change {
                            ReactionChange::Set(kind) => Some(kind.as_str()),
                            // Never in a run of sets; NULL would fail the NOT NULL column.
                            ReactionChange::Retract => None,
                        };
                        (
                            w.site.as_str(),
                            w.article.as_str(),
                            w.reader.as_str(),
                            kind,
                            w.at,
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        ReactionChange::Retract => (
            "DELETE FROM reactions WHERE (site, article, reader) IN \
             (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))",
            json_rows(
                &run.iter()
                    .map(|w| (w.site.as_str(), w.article.as_str(), w.reader.as_str()))
                    .collect::<Vec<_>>(),
            ),
        ),
    }
}

async fn write_run(conn: &mut SqliteConnection, run: &[ReactionWrite]) -> sqlx::Result<()> {
    let (statement, rows) = run_statement(run);
    sqlx::query(statement).bind(rows).execute(conn).await?;
    Ok(())
}

/// The counts of every article the batch wrote, read after `run` (if any) in
/// the same round trip. Rows come back keyed by the article's position in the
/// query, not by its site and URL: reading two long strings back per row cost
/// more than the rest of the query.
async fn counts_of_many<'w>(
    conn: &mut SqliteConnection,
    run: Option<&[ReactionWrite]>,
    writes: &'w [ReactionWrite],
) -> anyhow::Result<HashMap<(&'w str, &'w str), Counts>> {
    const COUNTS: &str = "SELECT asked.key, c.reaction, c.count FROM json_each(?) AS asked \
         JOIN reaction_counts c \
         ON c.site = asked.value ->> 0 AND c.article = asked.value ->> 1 \
         WHERE c.count > 0";
    let mut articles: Vec<(&str, &str)> = writes
        .iter()
        .map(|w| (w.site.as_str(), w.article.as_str()))
        .collect();
    articles.sort_unstable();
    articles.dedup();
    let articles_json = json_rows(&articles);
    let rows: Vec<(i64, String, i64)> = match run.map(run_statement) {
        // sqlx binds the values to the statements in turn.
        Some((statement, rows)) => {
            sqlx::query_as(&format!("{statement}; {COUNTS}"))
                .bind(rows)
                .bind(articles_json)
                .fetch_all(conn)
                .await?
        }
        None => {
            sqlx::query_as(COUNTS)
                .bind(articles_json)
                .fetch_all(conn)
                .await?
        }
    };
    let mut after: HashMap<(&str, &str), Counts> = HashMap::new();
    for (i, reaction, count) in rows {
        let key = usize::try_from(i)
            .ok()
            .and_then(|i| articles.get(i))
            .ok_or_else(|| anyhow::anyhow!("a row of an article not asked for"))?;
        after
            .entry(*key)
            .or_default()
            .insert(reaction, u64::try_from(count)?);
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;
    use crate::domain::{ArticleUrl, ReactionKind, ReaderId, SiteId};
    use crate::store::{ReactionChange, ReactionWrite, Store};

    /// A batch of sets and retractions together takes the path of several
    /// statements in one transaction; a batch of one run, the single trip.
    /// Both apply the writes in order and answer each with its article's counts.
    #[tokio::test]
    async fn batches_of_one_run_or_several_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("newscard.db"))
            .await
            .unwrap();
        let site = SiteId::parse("demo").unwrap();
        let article = ArticleUrl::parse("https://news.example/a").unwrap();
        let write = |reader: &str, change: Option<&str>| ReactionWrite {
            site: site.clone(),
            article: article.clone(),
            reader: ReaderId::parse(reader).unwrap(),
            change: match change {
                Some(kind) => ReactionChange::Set(ReactionKind::parse(kind).unwrap()),
                None => ReactionChange::Retract,
            },
            at: 1_700_000_000,
        };
        let counts = |pairs: &[(&str, u64)]| {
            pairs
                .iter()
                .map(|(kind, n)| (kind.to_string(), *n))
                .collect::<crate::store::Counts>()
        };
        let mixed = [
            write("reader-aaaaaaaaaaaa", Some("happy")),
            write("reader-bbbbbbbbbbbb", Some("sad")),
            write("reader-aaaaaaaaaaaa", None),
            write("reader-cccccccccccc", Some("happy")),
            write("reader-cccccccccccc", Some("sad")),
        ];
        let after = store.apply_reactions(&mixed).await.unwrap();
        assert_eq!(after, vec![counts(&[("sad", 2)]); 5]);
        let after = store
            .apply_reactions(&[
                write("reader-bbbbbbbbbbbb", None),
                write("reader-cccccccccccc", None),
            ])
            .await
            .unwrap();
        assert_eq!(after, vec![counts(&[]); 2]);
        let after = store
            .apply_reactions(&[write("reader-aaaaaaaaaaaa", Some("happy"))])
            .await
            .unwrap();
        assert_eq!(after, vec![counts(&[("happy", 1)])]);
        let reader = ReaderId::parse("reader-cccccccccccc").unwrap();
        assert_eq!(
            store.reaction_of(&site, &article, &reader).await.unwrap(),
            None
        );
    }

    /// Writes without a pause, as under load: each write a new reader, so each
    /// one adds rows: 22 MB of WAL frames without checkpoints, 16.7 MB with
    /// SQLite's own alone (every 4,000 pages). The two-step checkpoints keep it
    /// near 1.2 MB however long the writes go on.
    #[tokio::test]
    async fn the_wal_stays_bounded_while_writes_never_pause() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("newscard.db");
        let store = SqliteStore::open(&db).await.unwrap();
        let site = SiteId::parse("demo").unwrap();
        let happy = ReactionKind::parse("happy").unwrap();
        for batch in 0..100 {
            let writes: Vec<ReactionWrite> = (0..64)
                .map(|i| ReactionWrite {
                    site: site.clone(),
                    article: ArticleUrl::parse(&format!("https://news.example/{}", i % 50))
                        .unwrap(),
                    reader: ReaderId::parse(&format!("reader-{batch:06}-{i:06}")).unwrap(),
                    change: ReactionChange::Set(happy.clone()),
                    at: 1_700_000_000 + batch,
                })
                .collect();
            store.apply_reactions(&writes).await.unwrap();
        }
        let wal = std::fs::metadata(dir.path().join("newscard.db-wal"))
            .unwrap()
            .len();
        assert!(wal < 6 << 20, "WAL is {wal} bytes after 6,400 writes");
    }
}
