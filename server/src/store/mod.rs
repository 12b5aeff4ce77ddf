//! Storage behind one small trait, so the rest of the server never sees SQL:
//! SQLite (one server on one machine) or PostgreSQL (several servers on one
//! database), chosen by `--db`.

mod metered;
mod postgres;
mod rows;
mod sqlite;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use futures_util::stream::BoxStream;
use newscard_protocol::{ArticleCard, RankedArticle};
use serde::{Deserialize, Serialize};

use crate::domain::{Article, ArticleUrl, ReactionKind, ReaderId, SiteId};
pub use metered::MeteredStore;
pub use postgres::PostgresStore;
pub use sqlite::{ServerLock, SqliteStore};

/// Where the data lives, as `--db` names it: a SQLite file, or a PostgreSQL
/// database that several servers may share.
#[derive(Clone, PartialEq, Eq)]
pub enum DbLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl FromStr for DbLocation {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_owned()));
        }
        // `sqlite://x`, `mysql://…`, `file:x`: a URL we do not speak, not a path.
        let scheme = raw.split_once(':').map(|(scheme, _)| scheme);
        if raw.contains("://")
            || scheme.is_some_and(|s| s.len() > 1 && s.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return Err(format!(
                "{raw:?} looks like a URL, and only postgres:// URLs are databases here; \
                 give a SQLite file path or a postgres://user@host/database URL"
            ));
        }
        if raw.is_empty() {
            return Err("the database path is empty".to_owned());
        }
        Ok(Self::Sqlite(PathBuf::from(raw)))
    }
}

/// The location without a password, for logs and messages.
impl fmt::Display for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("…"));
                    }
                    write!(f, "{url}")
                }
                Err(_) => f.write_str("postgres://…"),
            },
        }
    }
}

impl fmt::Debug for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Opens the store at `location`, creating and migrating it as needed.
pub async fn open(location: &DbLocation) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match location {
        DbLocation::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
        DbLocation::Postgres(url) => Arc::new(PostgresStore::open(url).await?),
    })
}

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

/// One reader's reaction to one article as stored, for a site's backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredReaction {
    pub article: String,
    pub reader: String,
    pub reaction: String,
    /// Unix seconds of the latest set or change.
    pub at: i64,
}

/// Which of an article's counts: its readers' reactions or its share clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKind {
    Reactions,
    Shares,
}

impl CountKind {
    /// The table holding these counts, and the column they are keyed by; the
    /// same in both stores.
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            Self::Reactions => ("reaction_counts", "reaction"),
            Self::Shares => ("share_counts", "service"),
        }
    }
}

/// One article's count of one key (a reaction or a share service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCount {
    pub article: String,
    pub key: String,
    pub count: u64,
}

/// A commit of reaction writes, as the caches and live streams hear of it.
#[derive(Debug, Clone)]
pub enum CommitNotice {
    /// This process committed, the sole writer: each touched article's counts after it.
    Counts(Vec<(SiteId, ArticleUrl, Counts)>),
    /// Some process committed writes to these articles; their counts must be read again.
    Touched(Vec<(SiteId, ArticleUrl)>),
    /// Notices may have been missed: every count must be read again.
    Resync,
}

/// Whether the error says the database cannot be reached now (rather than that
/// something is wrong): the pool timed out or closed, the connection broke, the
/// server is starting or stopping.
pub fn is_unavailable(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<sqlx::Error>()
            .is_some_and(|err| match err {
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
                sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                    // PostgreSQL: connection exceptions, shutdown, not yet accepting.
                    code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
                    // PostgreSQL: deadlock or serialization failure past the retries.
                    || matches!(&*code, "40P01" | "40001")
                    // SQLite: busy past the busy timeout.
                    || code == "5"
                }),
                _ => false,
            })
    })
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Every commit of reaction writes from now on, in commit order: this
    /// process's and, where the database is shared, every other server's.
    fn commit_notices(&self) -> BoxStream<'static, CommitNotice>;

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
    /// `Ok`, and gives for each write its article's counts after the batch. The
    /// commit is announced through `commit_notices`.
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

    /// The site's reactions after `after` (an article and reader), ordered by
    /// article and reader, at most `limit`: a backup reads them a page at a time.
    async fn site_reactions(
        &self,
        site: &SiteId,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> anyhow::Result<Vec<StoredReaction>>;

    /// Every nonzero count of `kind` of the site's articles, by article and key.
    async fn site_counts(
        &self,
        site: &SiteId,
        kind: CountKind,
    ) -> anyhow::Result<Vec<ArticleCount>>;

    /// Sets these share counts, all or none, in place of what the articles had
    /// for those services (a restore: running it twice counts nothing twice).
    async fn set_share_counts(&self, site: &SiteId, counts: &[ArticleCount]) -> anyhow::Result<()>;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_is_a_sqlite_path_or_a_postgres_url() {
        let parse = |raw: &str| raw.parse::<DbLocation>();
        assert_eq!(
            parse("data/newscard.db"),
            Ok(DbLocation::Sqlite("data/newscard.db".into()))
        );
        assert!(matches!(
            parse("postgresql://u@127.0.0.1/n"),
            Ok(DbLocation::Postgres(_))
        ));
        for url in [
            "sqlite://x.db",
            "mysql://u@h/n",
            "file:x.db",
            "http://x",
            "",
        ] {
            assert!(parse(url).is_err(), "{url}");
        }
        let secret = parse("postgres://u:hunter2@h/n").unwrap();
        assert!(!secret.to_string().contains("hunter2"));
    }

    proptest::proptest! {
        #[test]
        fn any_db_argument_is_a_location_or_an_error_and_never_shows_a_password(
            raw in "(postgres(ql)?://([a-z]{0,4}:[a-z0-9]{1,8}@)?)?\\PC{0,40}",
        ) {
            if let Ok(location) = raw.parse::<DbLocation>() {
                let shown = location.to_string();
                let password = |text: &str| {
                    url::Url::parse(text).ok().and_then(|u| u.password().map(str::to_owned))
                };
                if let Some(secret) = password(&raw) {
                    proptest::prop_assert_ne!(password(&shown), Some(secret));
                }
            }
        }
    }
}
