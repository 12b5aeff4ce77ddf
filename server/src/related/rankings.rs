//! Recently made rankings, by (site, article, generation). A hit answers a hot
//! article from memory; keeping older generations lets a reader's "load more"
//! continue the ranking their first page came from after new articles arrive.

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::SiteId;

pub type Ranking = Arc<[Arc<str>]>;
type Key = (SiteId, Arc<str>, i64);

/// Rankings kept per half: at most 100 URLs each, so both halves stay under
/// about 15 MB.
const HALF: usize = 4096;

/// Two halves: when the recent one fills up it becomes the older one and the
/// older one is dropped, so what was used lately stays (an LRU, roughly, in O(1)).
#[derive(Default)]
pub struct Rankings {
    recent: HashMap<Key, Ranking>,
    older: HashMap<Key, Ranking>,
}

impl Rankings {
    pub fn get(&mut self, key: &Key) -> Option<Ranking> {
        if let Some(ranking) = self.recent.get(key) {
            return Some(ranking.clone());
        }
        let ranking = self.older.remove(key)?;
        self.insert(key.clone(), ranking.clone());
        Some(ranking)
    }

    pub fn insert(&mut self, key: Key, ranking: Ranking) {
        if self.recent.len() >= HALF {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(key, ranking);
    }
}
