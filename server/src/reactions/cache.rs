//! Counts in memory, so reads of hot articles never touch SQLite.
//!
//! Coherence: every commit forgets the entries of the articles it touched and
//! bumps `commits`: this process's before its writers are answered (`writer.rs`),
//! another server's when its notice arrives (`commits.rs`). A reader that
//! missed the cache notes `commits`, reads the store, and keeps its result only
//! if nothing was forgotten meanwhile; otherwise it may hold counts from before
//! that commit. Entries are filled only by such reads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::domain::{ArticleUrl, SiteId};
use crate::metrics::{Cache, Metrics};
use crate::store::{Counts, Store};

/// Past this many articles the cache starts over.
const CAPACITY: usize = 200_000;

type Key = (SiteId, String);

#[derive(Clone)]
pub struct CountsCache {
    inner: Arc<Mutex<Inner>>,
    metrics: Metrics,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<Key, Arc<Counts>>,
    commits: u64,
}

impl Inner {
    fn insert(&mut self, key: Key, counts: Arc<Counts>) {
        if self.entries.len() >= CAPACITY {
            self.entries.clear();
        }
        self.entries.insert(key, counts);
    }
}

fn key(site: &SiteId, article: &ArticleUrl) -> Key {
    (site.clone(), article.as_str().to_owned())
}

impl CountsCache {
    pub fn new(metrics: Metrics) -> Self {
        Self {
            inner: Arc::default(),
            metrics,
        }
    }

    /// The article's counts, from memory when possible.
    pub async fn counts(
        &self,
        store: &dyn Store,
        site: &SiteId,
        article: &ArticleUrl,
    ) -> anyhow::Result<Arc<Counts>> {
        let seen = {
            let inner = self.lock();
            let kept = inner.entries.get(&key(site, article));
            self.metrics.cache_lookup(Cache::Counts, kept.is_some());
            if let Some(counts) = kept {
                return Ok(counts.clone());
            }
            inner.commits
        };
        let counts = Arc::new(store.counts(site, article).await?);
        let mut inner = self.lock();
        if inner.commits == seen {
            inner.insert(key(site, article), counts.clone());
        }
        Ok(counts)
    }

    /// A commit touched these articles: their counts are read again when next asked.
    pub fn forget<'a>(&self, articles: impl IntoIterator<Item = (&'a SiteId, &'a ArticleUrl)>) {
        let mut inner = self.lock();
        inner.commits += 1;
        for (site, article) in articles {
            inner.entries.remove(&key(site, article));
        }
    }

    /// Commits may have been missed: nothing kept can be trusted.
    pub fn forget_all(&self) {
        let mut inner = self.lock();
        inner.commits += 1;
        inner.entries.clear();
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
