//! The live streams and the counts cache follow every commit of reaction
//! writes in commit order, from the store's commit notices: with the counts
//! for this process's own commits (SQLite, sole writer), or only the articles
//! touched when the database is shared (PostgreSQL), whose counts are then read
//! again at once for their streams. Either way the cache forgets the articles
//! first (the writer does too, before answering, for read-your-writes).

use std::sync::Arc;

use futures_util::StreamExt;

use super::{CountsCache, LiveCounts};
use crate::domain::{ArticleUrl, SiteId};
use crate::store::{CommitNotice, Store};

/// Runs for the life of the process.
pub async fn follow_commits(store: Arc<dyn Store>, cache: CountsCache, live: LiveCounts) {
    let mut notices = store.commit_notices();
    while let Some(notice) = notices.next().await {
        match notice {
            CommitNotice::Counts(after) => {
                // Before publishing: a stream that starts after the publish
                // must not read the cache's counts from before this commit
                // (its writer forgets them too, but only once the commit returns).
                cache.forget(after.iter().map(|(site, article, _)| (site, article)));
                for (site, article, counts) in &after {
                    live.publish(site, article, counts);
                }
            }
            CommitNotice::Touched(articles) => {
                cache.forget(articles.iter().map(|(site, article)| (site, article)));
                let watched = articles
                    .into_iter()
                    .filter(|(site, article)| live.is_watched(site, article));
                refresh(&*store, &live, watched).await;
            }
            CommitNotice::Resync => {
                cache.forget_all();
                refresh(&*store, &live, live.watched()).await;
            }
        }
    }
}

/// Reads the articles' counts and sends them to their watchers. The cache is
/// left to fill on the next read: a count read here may already be older than
/// this process's next commit, which the cache has forgotten.
async fn refresh(
    store: &dyn Store,
    live: &LiveCounts,
    articles: impl IntoIterator<Item = (SiteId, ArticleUrl)>,
) {
    for (site, article) in articles {
        match store.counts(&site, &article).await {
            Ok(counts) => live.publish(&site, &article, &counts),
            // The database is gone: the notice that it is back resyncs.
            Err(err) => tracing::warn!("reading counts after a commit failed: {err:#}"),
        }
    }
}
