//! The counts cache and the live streams follow every commit of reaction
//! writes in commit order, from the store's commit notices: with the counts
//! for this process's own commits (SQLite, sole writer), or only the articles
//! touched when the database is shared (PostgreSQL), whose counts are then read
//! again: a watched article's at once, for its streams; others' when next asked.

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
                cache.committed(
                    after
                        .iter()
                        .map(|(site, article, counts)| (site, article, counts)),
                );
                for (site, article, counts) in &after {
                    live.publish(site, article, counts);
                }
            }
            CommitNotice::Touched(articles) => {
                cache.forget(articles.iter().map(|(site, article)| (site, article)));
                let watched = articles
                    .into_iter()
                    .filter(|(site, article)| live.is_watched(site, article));
                refresh(&*store, &cache, &live, watched).await;
            }
            CommitNotice::Resync => {
                cache.forget_all();
                refresh(&*store, &cache, &live, live.watched()).await;
            }
        }
    }
}

/// Reads the articles' counts and sends them to their watchers.
async fn refresh(
    store: &dyn Store,
    cache: &CountsCache,
    live: &LiveCounts,
    articles: impl IntoIterator<Item = (SiteId, ArticleUrl)>,
) {
    for (site, article) in articles {
        match store.counts(&site, &article).await {
            Ok(counts) => {
                cache.committed([(&site, &article, &counts)]);
                live.publish(&site, &article, &counts);
            }
            // The database is gone: the notice that it is back resyncs.
            Err(err) => tracing::warn!("reading counts after a commit failed: {err:#}"),
        }
    }
}
