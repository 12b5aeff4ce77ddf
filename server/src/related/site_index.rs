//! One site's articles, ranked against each other with BM25 ("more like this":
//! the article's own most telling terms are the query, names weighing most),
//! then nudged by a shared section, shared tags and closeness in time.
//!
//! Rankings are a pure function of the site's set of articles: query terms are
//! summed in term order and ties broken by URL, so the same articles give the
//! same ranking after a restart, which keeps cursors valid.

use std::collections::HashMap;
use std::sync::Arc;

use newscard_protocol::RelatedItem;

use super::terms::{Term, PARTS_PER_OCCURRENCE};
use super::{stable_hash, Doc};

/// BM25 parameters, the usual ones.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The article's terms with the highest weight × idf make the query; more add
/// time and little precision.
const QUERY_TERMS: usize = 32;
/// Terms in more than this share of the site's articles (and more than
/// `COMMON_MIN_DOCS`) are left out of the query: they say little about what is
/// related, and their long posting lists are most of a query's time.
const COMMON_SHARE: f32 = 0.05;
const COMMON_MIN_DOCS: f32 = 1000.0;
/// At most this many related articles per article: enough for ten "load more".
pub const MAX_RELATED: usize = 100;
/// A query term that names someone or something (a person, a place, an
/// organisation) weighs this much more: it is what tells two stories apart
/// that share their vocabulary (two central banks cutting rates).
const ENTITY_WEIGHT: f32 = 3.0;
/// Beyond the first page, articles scoring under this share of the best are
/// not related, only near; the first page is kept whole, so a story's weaker
/// matches (another language's articles) still fill it.
const MIN_SHARE_OF_BEST: f32 = 0.1;
const FULL_PAGE: usize = 10;
/// Boosts are applied to this many of the best plain scores: they multiply a
/// score by 1.2 at most, so what is further down does not reach the top.
const BOOSTED: usize = 4 * MAX_RELATED;
/// Multipliers: the same section path, each shared tag (up to three), and time
/// closeness (full at the same moment, half at `HALF_LIFE_DAYS` apart). Small:
/// they break ties between as telling texts, they do not decide.
const SECTION_BOOST: f32 = 0.05;
const TAG_BOOST: f32 = 0.03;
const TIME_BOOST: f32 = 0.05;
const HALF_LIFE_DAYS: f32 = 30.0;

/// An id (of an article or a term), whether the term names someone or
/// something in the article, and a weighted frequency in one `u32`: postings
/// and term lists are most of the index's memory, and frequencies are small
/// integers (field weights in parts of an occurrence; 127 parts, 31 weighted
/// occurrences, is past where BM25 saturates).
#[derive(Clone, Copy)]
struct Entry(u32);

impl Entry {
    /// Ids have 24 bits: 16.7 million articles or terms per site.
    const MAX_ID: usize = (1 << 24) - 1;
    const ENTITY: u32 = 1 << 7;
    const MAX_COUNT: u32 = Self::ENTITY - 1;

    fn new(id: u32, term: Term) -> Self {
        let entity = if term.is_entity() { Self::ENTITY } else { 0 };
        Self(id << 8 | entity | term.freq.min(Self::MAX_COUNT))
    }

    /// The same term and frequency under another id.
    fn with_id(self, id: u32) -> Self {
        Self(id << 8 | self.0 & 0xff)
    }

    fn id(self) -> u32 {
        self.0 >> 8
    }

    fn count(self) -> u32 {
        self.0 & Self::MAX_COUNT
    }

    /// The weighted count of occurrences.
    fn freq(self) -> f32 {
        self.count() as f32 / PARTS_PER_OCCURRENCE as f32
    }

    fn is_entity(self) -> bool {
        self.0 & Self::ENTITY != 0
    }
}

struct Indexed {
    doc: Doc,
    /// By term id; emptied once replaced.
    terms: Vec<Entry>,
}

/// What scoring reads of every candidate, kept apart from `Indexed` in a dense
/// array: a query visits many thousands, and cache misses were its cost.
#[derive(Clone, Copy)]
struct Stats {
    /// Sum of the weighted frequencies.
    len: u32,
    /// False once a newer version of the article replaced it.
    live: bool,
}

#[derive(Default)]
pub struct SiteIndex {
    docs: Vec<Indexed>,
    /// Doc id -> its `Stats`.
    stats: Vec<Stats>,
    by_url: HashMap<Arc<str>, u32>,
    term_ids: HashMap<Box<str>, u32>,
    /// Term id -> a hash of the term: a canonical order that survives restarts.
    term_keys: Vec<u64>,
    /// Term id -> the articles holding it; replaced ones stay until compaction.
    postings: Vec<Vec<Entry>>,
    /// Term id -> live articles holding it.
    doc_freq: Vec<u32>,
    live: usize,
    total_len: u64,
    /// The write sequence number of the newest article in here.
    pub generation: i64,
}

impl SiteIndex {
    /// Adds the article, replacing an older version of it.
    pub fn upsert(&mut self, doc: Doc, terms: &[(String, Term)]) {
        self.generation = self.generation.max(doc.seq);
        if let Some(old) = self.by_url.get(&doc.url).copied() {
            self.retire(old);
        }
        if self.docs.len() > 1024 && self.docs.len() > 2 * self.live {
            self.compact();
        }
        if self.docs.len() > Entry::MAX_ID {
            tracing::warn!(
                "a site has over {} articles: {} is not indexed",
                Entry::MAX_ID,
                doc.url
            );
            return;
        }
        let id = self.docs.len() as u32;
        let mut terms: Vec<Entry> = terms
            .iter()
            .filter_map(|(term, stats)| Some(Entry::new(self.term_id(term)?, *stats)))
            .collect();
        terms.sort_by_key(|entry| entry.id());
        for entry in &terms {
            self.postings[entry.id() as usize].push(entry.with_id(id));
            self.doc_freq[entry.id() as usize] += 1;
        }
        let len = terms.iter().map(|entry| entry.count()).sum::<u32>();
        self.by_url.insert(doc.url.clone(), id);
        self.live += 1;
        self.total_len += u64::from(len);
        self.docs.push(Indexed { doc, terms });
        self.stats.push(Stats { len, live: true });
    }

    /// The term's id; `None` once the site has 16.7 million distinct terms.
    fn term_id(&mut self, term: &str) -> Option<u32> {
        if let Some(&id) = self.term_ids.get(term) {
            return Some(id);
        }
        let id = self.term_keys.len();
        if id > Entry::MAX_ID {
            return None;
        }
        self.term_ids.insert(term.into(), id as u32);
        self.term_keys.push(stable_hash(term.bytes()));
        self.postings.push(Vec::new());
        self.doc_freq.push(0);
        Some(id as u32)
    }

    fn retire(&mut self, id: u32) {
        let stats = &mut self.stats[id as usize];
        stats.live = false;
        self.live -= 1;
        self.total_len -= u64::from(stats.len);
        for entry in std::mem::take(&mut self.docs[id as usize].terms) {
            self.doc_freq[entry.id() as usize] -= 1;
        }
    }

    /// Drops replaced versions once they are most of the index.
    fn compact(&mut self) {
        let mut stats = self.stats.iter();
        self.docs
            .retain(|_| stats.next().is_some_and(|stats| stats.live));
        self.stats.retain(|stats| stats.live);
        self.postings.iter_mut().for_each(Vec::clear);
        for (id, doc) in self.docs.iter().enumerate() {
            for entry in &doc.terms {
                self.postings[entry.id() as usize].push(entry.with_id(id as u32));
            }
            self.by_url.insert(doc.doc.url.clone(), id as u32);
        }
    }

    /// The article's URL as the index keeps it, if the site has the article.
    pub fn url(&self, url: &str) -> Option<Arc<str>> {
        self.by_url.get_key_value(url).map(|(url, _)| url.clone())
    }

    /// The write sequence number of the article's indexed version, if the site has it.
    pub fn seq(&self, url: &str) -> Option<i64> {
        Some(self.docs[*self.by_url.get(url)? as usize].doc.seq)
    }

    /// What a related list shows of the article, if the site has it.
    pub fn item(&self, url: &str) -> Option<RelatedItem> {
        let doc = &self.docs[*self.by_url.get(url)? as usize].doc;
        Some(RelatedItem {
            url: doc.url.to_string(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
            published_at: doc.published_at.clone(),
            image: doc.image.clone(),
        })
    }

    /// The article's most telling terms with their weights, in a canonical
    /// order: the query that finds its related articles.
    fn query(&self, article: &Indexed) -> Vec<(u32, f32)> {
        let docs = self.live as f32;
        let idf = |term: u32| {
            let freq = self.doc_freq[term as usize] as f32;
            (1.0 + (docs - freq + 0.5) / (freq + 0.5)).ln()
        };
        // Terms only this article has find nothing; common ones find everything.
        let common = (docs * COMMON_SHARE).max(COMMON_MIN_DOCS);
        let mut query: Vec<(u32, f32)> = article
            .terms
            .iter()
            .filter(|entry| {
                let freq = self.doc_freq[entry.id() as usize];
                freq > 1 && freq as f32 <= common
            })
            .map(|entry| {
                let name = if entry.is_entity() {
                    ENTITY_WEIGHT
                } else {
                    1.0
                };
                let weight = name * (1.0 + entry.freq().ln()) * idf(entry.id());
                (entry.id(), weight)
            })
            .collect();
        let key = |term: u32| self.term_keys[term as usize];
        query.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| key(a.0).cmp(&key(b.0))));
        query.truncate(QUERY_TERMS);
        query.sort_by_key(|&(term, _)| key(term));
        query
    }

    /// Why `other` is related to `url`: the query terms it shares, most
    /// telling first, each with whether the article uses it as a name. Slow
    /// (it scans the site's terms for their text): for logs and the
    /// publishers' dashboard, not for serving.
    pub fn why_related(&self, url: &str, other: &str) -> Option<Vec<(String, bool)>> {
        let article = &self.docs[*self.by_url.get(url)? as usize];
        let other = &self.docs[*self.by_url.get(other)? as usize];
        let holds = |terms: &[Entry], term: u32| {
            let at = terms.binary_search_by_key(&term, |entry| entry.id()).ok()?;
            Some(terms[at])
        };
        let mut shared: Vec<(u32, f32, bool)> = self
            .query(article)
            .into_iter()
            .filter(|&(term, _)| holds(&other.terms, term).is_some())
            .filter_map(|(term, weight)| {
                Some((term, weight, holds(&article.terms, term)?.is_entity()))
            })
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1));
        let text: HashMap<u32, &str> = self
            .term_ids
            .iter()
            .filter(|(_, id)| shared.iter().any(|&(term, ..)| term == **id))
            .map(|(text, &id)| (id, &**text))
            .collect();
        Some(
            shared
                .into_iter()
                .map(|(term, _, name)| (text[&term].to_owned(), name))
                .collect(),
        )
    }

    /// The URLs of the articles related to `url`, best first; `None` when the
    /// site does not have `url`.
    pub fn rank(&self, url: &str) -> Option<Vec<Arc<str>>> {
        let id = *self.by_url.get(url)?;
        let article = &self.docs[id as usize];
        let average_len = self.total_len as f32 / self.live as f32;
        let query = self.query(article);
        let mut scores = vec![0f32; self.docs.len()];
        let mut found = Vec::new();
        for (term, weight) in query {
            for posting in &self.postings[term as usize] {
                let (doc, freq) = (posting.id(), posting.freq());
                let stats = self.stats[doc as usize];
                if !stats.live || doc == id {
                    continue;
                }
                let norm = 1.0 - B + B * stats.len as f32 / average_len;
                let score = &mut scores[doc as usize];
                if *score == 0.0 {
                    found.push(doc);
                }
                *score += weight * freq * (K1 + 1.0) / (freq + K1 * norm);
            }
        }
        let mut ranked: Vec<(f32, &Doc)> = found
            .into_iter()
            .map(|doc| (scores[doc as usize], &self.docs[doc as usize].doc))
            .collect();
        best_first(&mut ranked, BOOSTED);
        for (score, candidate) in &mut ranked {
            *score *= boost(&article.doc, candidate);
        }
        best_first(&mut ranked, MAX_RELATED);
        let best = ranked.first().map_or(0.0, |&(score, _)| score);
        let near = ranked
            .iter()
            .skip(FULL_PAGE)
            .position(|&(score, _)| score < best * MIN_SHARE_OF_BEST);
        ranked.truncate(near.map_or(ranked.len(), |at| FULL_PAGE + at));
        Some(ranked.into_iter().map(|(_, doc)| doc.url.clone()).collect())
    }
}

/// Keeps the `count` best, sorted, ties by URL (so the order never depends on
/// the order articles were indexed in).
fn best_first(ranked: &mut Vec<(f32, &Doc)>, count: usize) {
    let order =
        |a: &(f32, &Doc), b: &(f32, &Doc)| b.0.total_cmp(&a.0).then_with(|| a.1.url.cmp(&b.1.url));
    if ranked.len() > count {
        ranked.select_nth_unstable_by(count, order);
        ranked.truncate(count);
    }
    ranked.sort_unstable_by(order);
}

/// How much more related `other` is for sharing `article`'s section, tags and time.
fn boost(article: &Doc, other: &Doc) -> f32 {
    let depth = article.section.len().max(other.section.len());
    let shared_depth = article
        .section
        .iter()
        .zip(&other.section)
        .take_while(|(a, b)| a == b)
        .count();
    let section = if depth == 0 {
        0.0
    } else {
        shared_depth as f32 / depth as f32
    };
    let shared_tags = other
        .tags
        .iter()
        .filter(|tag| article.tags.contains(tag))
        .count();
    let days = (article.published_unix - other.published_unix).unsigned_abs() as f32 / 86_400.0;
    (1.0 + SECTION_BOOST * section)
        * (1.0 + TAG_BOOST * shared_tags.min(3) as f32)
        * (1.0 + TIME_BOOST * 0.5f32.powf(days / HALF_LIFE_DAYS))
}
