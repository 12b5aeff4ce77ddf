//! Per-article broadcast of counts after each commit, for the SSE stream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use crate::domain::{ArticleUrl, SiteId};
use crate::store::Counts;

type Key = (SiteId, String);

#[derive(Clone, Default)]
pub struct LiveCounts {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    channels: HashMap<Key, broadcast::Sender<Counts>>,
}

impl LiveCounts {
    pub fn subscribe(&self, site: &SiteId, article: &ArticleUrl) -> broadcast::Receiver<Counts> {
        let mut inner = self.lock();
        let key = (site.clone(), article.as_str().to_owned());
        // Each message is the whole count set, so a slow reader loses nothing by
        // skipping to the newest: a small buffer is enough.
        inner
            .channels
            .entry(key)
            .or_insert_with(|| broadcast::channel(4).0)
            .subscribe()
    }

    /// Sends `counts` to the article's watchers, if any.
    pub fn publish(&self, site: &SiteId, article: &ArticleUrl, counts: &Counts) {
        let mut inner = self.lock();
        let key = (site.clone(), article.as_str().to_owned());
        if let Some(sender) = inner.channels.get(&key) {
            if sender.send(counts.clone()).is_err() {
                // Nobody watches any more.
                inner.channels.remove(&key);
            }
        }
    }

    /// Ends every stream, so a graceful shutdown is not held open by watchers.
    pub fn close_all(&self) {
        self.lock().channels.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
