//! The cards of the articles shown lately, so a hot article's bootstrap reads no
//! row. Each card is kept with the write sequence number it was read at, and is
//! served only while that is still the number of the article's version in the
//! index: a rewrite by any process makes the kept card miss, never be served.
//! Only cards are kept, never "not found", so an article imported later shows.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use lru::LruCache;
use newscard_protocol::ArticleCard;

use crate::domain::{ArticleUrl, SiteId};

/// A busy site's hot articles many times over: about 1 KB a card, 12 KB with
/// every field at its limit.
const CAPACITY: NonZeroUsize = NonZeroUsize::new(4096).unwrap();

type Key = (SiteId, String);
/// The card and the write sequence number it was read at.
type Entry = (i64, Arc<ArticleCard>);

pub struct Cards {
    lru: Mutex<LruCache<Key, Entry>>,
}

impl Default for Cards {
    fn default() -> Self {
        Self {
            lru: Mutex::new(LruCache::new(CAPACITY)),
        }
    }
}

fn key(site: &SiteId, article: &ArticleUrl) -> Key {
    (site.clone(), article.as_str().to_owned())
}

impl Cards {
    /// The article's card, if the one kept was read at write `seq`.
    pub fn get(&self, site: &SiteId, article: &ArticleUrl, seq: i64) -> Option<Arc<ArticleCard>> {
        let mut lru = self.lock();
        let (read_at, card) = lru.get(&key(site, article))?;
        (*read_at == seq).then(|| card.clone())
    }

    /// Keeps `card`, read at write `seq`, in place of the article's last one.
    pub fn insert(&self, site: &SiteId, article: &ArticleUrl, seq: i64, card: Arc<ArticleCard>) {
        self.lock().put(key(site, article), (seq, card));
    }

    fn lock(&self) -> MutexGuard<'_, LruCache<Key, Entry>> {
        self.lru.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Arc<ArticleCard> {
        Arc::new(
            serde_json::from_value(serde_json::json!({
                "url": "https://news.example/a",
                "title": title,
                "published_at": "2025-03-25T09:09:00+08:00",
            }))
            .unwrap(),
        )
    }

    #[test]
    fn a_card_is_served_only_for_the_write_it_was_read_at() {
        let cards = Cards::default();
        let site = SiteId::parse("demo").unwrap();
        let article = ArticleUrl::parse("https://news.example/a").unwrap();
        assert!(cards.get(&site, &article, 1).is_none());
        cards.insert(&site, &article, 1, card("Old"));
        assert_eq!(cards.get(&site, &article, 1).unwrap().title, "Old");
        // The index has seen a newer write: the old card is not served.
        assert!(cards.get(&site, &article, 2).is_none());
        cards.insert(&site, &article, 2, card("New"));
        assert_eq!(cards.get(&site, &article, 2).unwrap().title, "New");
        let other = SiteId::parse("other").unwrap();
        assert!(cards.get(&other, &article, 2).is_none());
    }
}
