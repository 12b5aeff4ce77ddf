//! Per-article broadcast of counts after each commit, for the SSE streams.
//!
//! What memory holds is bounded by the streams open now: an article's channel
//! exists while someone watches it (the last watcher to leave removes it), and
//! one client holds at most `open_streams` at once. A client is known by a keyed
//! hash of its network (see `ClientAddr`); the key is random per process and an
//! entry lives only while that client has a stream open, so no address is kept.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{ready, Context, Poll};

use futures_util::Stream;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

use crate::domain::{ArticleUrl, SiteId};
use crate::store::Counts;

type Key = (SiteId, ArticleUrl);

#[derive(Clone)]
pub struct LiveCounts {
    inner: Arc<Mutex<Inner>>,
    per_client: usize,
}

#[derive(Default)]
struct Inner {
    channels: HashMap<Key, Channel>,
    /// Streams open per client (keyed hash of its network); no zero entries.
    clients: HashMap<u64, usize>,
    salt: RandomState,
    /// Set by `close_all`: no stream opens after it.
    closed: bool,
}

struct Channel {
    sender: broadcast::Sender<Counts>,
    watchers: usize,
}

/// Why a stream cannot open.
#[derive(Debug, PartialEq, Eq)]
pub enum WatchRefused {
    /// The client already holds as many streams as it may.
    TooManyStreams,
    /// `close_all` ran: the server is shutting down.
    Closed,
}

/// How much the live streams hold right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveStats {
    /// Articles with at least one watcher, each with a channel.
    pub channels: usize,
    /// Streams open, over all clients.
    pub streams: usize,
}

impl LiveCounts {
    pub fn new(per_client: u32) -> Self {
        Self {
            inner: Arc::default(),
            per_client: per_client as usize,
        }
    }

    /// Starts watching the article for `client`: the stream yields the counts
    /// after every commit that changes them, and leaves when dropped.
    pub fn watch(
        &self,
        site: &SiteId,
        article: &ArticleUrl,
        client: IpAddr,
    ) -> Result<Watch, WatchRefused> {
        let mut inner = self.lock();
        if inner.closed {
            return Err(WatchRefused::Closed);
        }
        let client = inner.salt.hash_one(client);
        if inner
            .clients
            .get(&client)
            .is_some_and(|&open| open >= self.per_client)
        {
            return Err(WatchRefused::TooManyStreams);
        }
        *inner.clients.entry(client).or_default() += 1;
        let key = (site.clone(), article.clone());
        let channel = inner
            .channels
            .entry(key.clone())
            .or_insert_with(|| Channel {
                // Each message is the whole count set, so a slow reader loses
                // nothing by skipping to the newest: a small buffer is enough.
                sender: broadcast::channel(4).0,
                watchers: 0,
            });
        channel.watchers += 1;
        Ok(Watch {
            updates: BroadcastStream::new(channel.sender.subscribe()),
            _leave: Leave {
                inner: self.inner.clone(),
                key,
                client,
            },
        })
    }

    /// Whether anyone watches the article.
    pub fn is_watched(&self, site: &SiteId, article: &ArticleUrl) -> bool {
        self.lock()
            .channels
            .contains_key(&(site.clone(), article.clone()))
    }

    /// Every article someone watches.
    pub fn watched(&self) -> Vec<(SiteId, ArticleUrl)> {
        self.lock().channels.keys().cloned().collect()
    }

    /// Sends `counts` to the article's watchers, if any.
    pub fn publish(&self, site: &SiteId, article: &ArticleUrl, counts: &Counts) {
        let inner = self.lock();
        let key = (site.clone(), article.clone());
        if let Some(channel) = inner.channels.get(&key) {
            // Fails only when every receiver is gone, and then nobody is told.
            let _ = channel.sender.send(counts.clone());
        }
    }

    /// Ends every stream and opens no more, so a graceful shutdown is not held
    /// open by watchers.
    pub fn close_all(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.channels.clear();
    }

    pub fn stats(&self) -> LiveStats {
        let inner = self.lock();
        LiveStats {
            channels: inner.channels.len(),
            streams: inner.clients.values().sum(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }
}

fn lock(inner: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    inner.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One open stream of an article's counts.
pub struct Watch {
    updates: BroadcastStream<Counts>,
    _leave: Leave,
}

impl Stream for Watch {
    type Item = Counts;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Counts>> {
        // A lagging watcher skips to the newest message, which holds everything.
        while let Some(update) = ready!(Pin::new(&mut self.updates).poll_next(cx)) {
            if let Ok(counts) = update {
                return Poll::Ready(Some(counts));
            }
        }
        Poll::Ready(None)
    }
}

/// Gives back the stream's place when it ends, however it ends.
struct Leave {
    inner: Arc<Mutex<Inner>>,
    key: Key,
    client: u64,
}

impl Drop for Leave {
    fn drop(&mut self) {
        let mut inner = lock(&self.inner);
        // Gone after `close_all`, which no new channel follows.
        if let Some(channel) = inner.channels.get_mut(&self.key) {
            channel.watchers -= 1;
            if channel.watchers == 0 {
                inner.channels.remove(&self.key);
            }
        }
        if let Some(open) = inner.clients.get_mut(&self.client) {
            *open -= 1;
            if *open == 0 {
                inner.clients.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    fn article(n: usize) -> ArticleUrl {
        ArticleUrl::parse(&format!("https://news.example/{n}")).unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn the_last_watcher_to_leave_removes_the_channel() {
        let live = LiveCounts::new(10);
        let site = SiteId::parse("demo").unwrap();
        let mut first = live.watch(&site, &article(1), ip("10.0.0.1")).unwrap();
        let second = live.watch(&site, &article(1), ip("10.0.0.2")).unwrap();
        let other = live.watch(&site, &article(2), ip("10.0.0.1")).unwrap();
        assert_eq!(
            live.stats(),
            LiveStats {
                channels: 2,
                streams: 3
            }
        );
        drop(second);
        let counts = Counts::from([("happy".to_owned(), 1)]);
        live.publish(&site, &article(1), &counts);
        assert_eq!(first.next().await, Some(counts));
        drop((first, other));
        assert_eq!(
            live.stats(),
            LiveStats {
                channels: 0,
                streams: 0
            }
        );
    }

    #[test]
    fn a_client_holds_at_most_its_share_of_streams() {
        let live = LiveCounts::new(2);
        let site = SiteId::parse("demo").unwrap();
        let a = live.watch(&site, &article(1), ip("10.0.0.1")).unwrap();
        let _b = live.watch(&site, &article(2), ip("10.0.0.1")).unwrap();
        assert!(live.watch(&site, &article(3), ip("10.0.0.1")).is_err());
        assert!(live.watch(&site, &article(3), ip("10.0.0.2")).is_ok());
        drop(a);
        assert!(live.watch(&site, &article(3), ip("10.0.0.1")).is_ok());
    }

    #[tokio::test]
    async fn close_all_ends_every_stream_and_opens_no_more() {
        let live = LiveCounts::new(10);
        let site = SiteId::parse("demo").unwrap();
        let mut open = live.watch(&site, &article(1), ip("10.0.0.1")).unwrap();
        live.close_all();
        assert_eq!(open.next().await, None);
        assert_eq!(
            live.watch(&site, &article(1), ip("10.0.0.1")).err(),
            Some(WatchRefused::Closed)
        );
        drop(open);
        assert_eq!(live.stats().streams, 0);
    }
}
