//! Related reading (相关阅读): per site, an in-memory BM25 index over each
//! article's title, summary, tags and body ([`site_index`]), never crossing
//! sites. Terms ([`terms`]) mark names, which weigh most, and Chinese words are
//! indexed by their English ([`concepts`]), so the two languages find each
//! other. Pages come from a ranking of at most 100 articles, cut by an opaque
//! cursor; `article_index` keeps the index in step with the store.

mod concepts;
mod cursor;
mod rankings;
mod site_index;
mod terms;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use newscard_protocol::RelatedPage;

use crate::domain::{Article, SiteId};
use cursor::Cursor;
use rankings::{Ranking, Rankings};
use site_index::{SiteIndex, MAX_RELATED};
use terms::Term;

/// Field weights: a word in the title or a tag says more than one in the body.
const TITLE_WEIGHT: u32 = 3;
const TAG_WEIGHT: u32 = 2;
const SUMMARY_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;
/// Only the body's start is indexed: the lead carries the topic, and it bounds
/// the time and memory a long article costs.
const INDEXED_BODY_CHARS: usize = 3_000;

/// What the index keeps of an article: what a related list shows, and what the
/// boosts compare.
struct Doc {
    url: Arc<str>,
    title: String,
    summary: String,
    published_at: String,
    image: String,
    section: Vec<String>,
    /// Lower-cased.
    tags: Vec<String>,
    published_unix: i64,
    /// The write sequence number of this version of the article.
    seq: i64,
}

/// An article ready for the index, its text segmented into weighted terms.
pub struct Prepared {
    site: SiteId,
    doc: Doc,
    terms: Vec<(String, Term)>,
}

/// Segments and counts the article's text: slow (jieba), so callers run it off
/// the async workers.
pub fn prepare(site: SiteId, article: Article, seq: i64) -> Prepared {
    let body_end = article
        .body
        .char_indices()
        .nth(INDEXED_BODY_CHARS)
        .map_or(article.body.len(), |(at, _)| at);
    let mut fields = vec![
        (article.title.as_str(), TITLE_WEIGHT),
        (article.summary.as_str(), SUMMARY_WEIGHT),
        (&article.body[..body_end], BODY_WEIGHT),
    ];
    fields.extend(article.tags.iter().map(|tag| (tag.as_str(), TAG_WEIGHT)));
    let terms = terms::article_terms(&fields);
    Prepared {
        site,
        terms: terms.into_iter().collect(),
        doc: Doc {
            url: article.url.as_str().into(),
            title: article.title,
            summary: article.summary,
            published_at: article.published_at,
            image: article.image,
            section: article.section,
            tags: article.tags.iter().map(|tag| tag.to_lowercase()).collect(),
            published_unix: article.published_unix,
            seq,
        },
    }
}

/// FNV-1a: the same for the same bytes in every build and on every machine.
fn stable_hash(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A cursor this server did not make for this article.
#[derive(Debug)]
pub struct InvalidCursor;

#[derive(Default)]
pub struct RelatedIndex {
    sites: RwLock<HashMap<SiteId, SiteIndex>>,
    rankings: Mutex<Rankings>,
}

impl RelatedIndex {
    /// Adds the articles, replacing older versions of the same URLs.
    pub fn insert(&self, batch: Vec<Prepared>) {
        let mut sites = self.sites.write().unwrap_or_else(PoisonError::into_inner);
        for prepared in batch {
            sites
                .entry(prepared.site)
                .or_default()
                .upsert(prepared.doc, &prepared.terms);
        }
    }

    /// The write sequence number of the article's version in the index; `None`
    /// when the site does not have the article.
    pub fn seq(&self, site: &SiteId, article: &str) -> Option<i64> {
        let sites = self.sites.read().unwrap_or_else(PoisonError::into_inner);
        sites.get(site)?.seq(article)
    }

    /// A page of the article's related reading, starting at `cursor`; `None`
    /// when the site does not have the article.
    pub fn page(
        &self,
        site: &SiteId,
        article: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Option<RelatedPage>, InvalidCursor> {
        let sites = self.sites.read().unwrap_or_else(PoisonError::into_inner);
        let Some(index) = sites.get(site) else {
            return Ok(None);
        };
        let Some(url) = index.url(article) else {
            return Ok(None);
        };
        let wanted = match cursor {
            None => Cursor {
                generation: index.generation,
                offset: 0,
            },
            Some(raw) => Cursor::decode(raw, site.as_str(), article)
                .filter(|cursor| cursor.generation <= index.generation)
                .filter(|cursor| cursor.offset <= MAX_RELATED)
                .ok_or(InvalidCursor)?,
        };
        let cached = |generation| {
            let mut rankings = self.rankings.lock().unwrap_or_else(PoisonError::into_inner);
            rankings.get(&(site.clone(), url.clone(), generation))
        };
        let (generation, ranking) = match cached(wanted.generation) {
            Some(ranking) => (wanted.generation, ranking),
            // The cursor's ranking is no longer kept: the page continues at the
            // same place in today's, made once and kept.
            None => (
                index.generation,
                cached(index.generation).unwrap_or_else(|| {
                    let ranking: Ranking = index.rank(article).unwrap_or_default().into();
                    if tracing::enabled!(tracing::Level::DEBUG) {
                        if let Some(first) = ranking.first() {
                            let why = index.why_related(article, first);
                            tracing::debug!(article, %first, ?why, "related reading ranked");
                        }
                    }
                    let key = (site.clone(), url.clone(), index.generation);
                    let mut rankings = self.rankings.lock().unwrap_or_else(PoisonError::into_inner);
                    rankings.insert(key, ranking.clone());
                    ranking
                }),
            ),
        };
        let start = wanted.offset.min(ranking.len());
        let end = (start + limit).min(ranking.len());
        let next = Cursor {
            generation,
            offset: end,
        };
        Ok(Some(RelatedPage {
            items: ranking[start..end]
                .iter()
                .filter_map(|url| index.item(url))
                .collect(),
            next: (end < ranking.len()).then(|| next.encode(site.as_str(), article)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ArticleInput;

    fn article(n: usize, title: &str) -> Article {
        let input: ArticleInput = serde_json::from_value(serde_json::json!({
            "url": format!("https://news.example/{n}"),
            "title": title,
            "published_at": "2025-03-25T09:09:00+08:00",
        }))
        .unwrap();
        Article::parse(input).unwrap()
    }

    fn site() -> SiteId {
        SiteId::parse("demo").unwrap()
    }

    /// Every page of the article's related reading, as URLs.
    fn related(index: &RelatedIndex, n: usize) -> Vec<String> {
        let url = format!("https://news.example/{n}");
        let mut urls = Vec::new();
        let mut cursor = None;
        loop {
            let page = index
                .page(&site(), &url, cursor.as_deref(), 7)
                .unwrap()
                .unwrap();
            urls.extend(page.items.into_iter().map(|item| item.url));
            match page.next {
                Some(next) => cursor = Some(next),
                None => return urls,
            }
        }
    }

    /// Three topics; article `n` of version `v` is about topic `(n + v) % 3`.
    fn version(v: usize, count: usize) -> Vec<Article> {
        const TOPICS: [&str; 3] = [
            "tidal turbines harbour energy",
            "measles vaccine clinics outbreak",
            "rugby league final coach",
        ];
        (0..count)
            .map(|n| article(n, TOPICS[(n + v) % 3]))
            .collect()
    }

    fn index(versions: &[Vec<Article>]) -> RelatedIndex {
        let index = RelatedIndex::default();
        let mut seq = 0;
        for articles in versions {
            let batch = articles.iter().cloned().map(|article| {
                seq += 1;
                prepare(site(), article, seq)
            });
            index.insert(batch.collect());
        }
        index
    }

    #[test]
    fn a_rewritten_article_is_related_by_its_new_text() {
        let index = index(&[version(0, 6), vec![article(0, "rugby league final coach")]]);
        // 0 was tidal (with 3), now rugby (with 2 and 5).
        assert_eq!(
            related(&index, 0),
            ["https://news.example/2", "https://news.example/5"]
        );
        assert!(related(&index, 3).is_empty());
    }

    #[test]
    fn a_chinese_and_an_english_article_of_one_story_are_related_by_names() {
        let mut quake = article(0, "秘鲁南部发生强烈地震");
        quake.body = "秘鲁首都利马震感强烈。".into();
        let mut english = article(1, "Strong earthquake hits southern Peru");
        english.body = "Residents of Lima ran into the streets as Peru shook.".into();
        let others = [
            (2, "Gansu earthquake: rescuers search rubble in China"),
            (3, "Lima hosts a food festival"),
        ];
        let mut articles = vec![quake, english];
        articles.extend(others.map(|(n, title)| article(n, title)));
        let index = index(&[articles]);
        assert_eq!(related(&index, 0)[0], "https://news.example/1");
        let sites = index.sites.read().unwrap();
        let why = sites[&site()]
            .why_related("https://news.example/0", "https://news.example/1")
            .unwrap();
        assert_eq!(why[0], ("peru".to_owned(), true), "{why:?}");
        for term in ["earthquak", "lima"] {
            assert!(why.iter().any(|(shared, _)| shared == term), "{why:?}");
        }
    }

    #[test]
    fn rankings_depend_on_the_articles_not_on_their_history() {
        // 3 x 500 writes of 500 articles: replaced versions pile up and are
        // compacted away on the way.
        let rewritten = index(&[version(0, 500), version(1, 500), version(2, 500)]);
        let fresh = index(&[version(2, 500)]);
        for n in [0, 1, 2, 250, 499] {
            let urls = related(&rewritten, n);
            assert_eq!(urls.len(), MAX_RELATED, "{n}");
            assert_eq!(urls, related(&fresh, n), "{n}");
        }
    }
}
