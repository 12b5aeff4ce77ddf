//! Rows as both stores read them, and what they become: one mapping for
//! SQLite and PostgreSQL, checked the same way.

use anyhow::Context;
use newscard_protocol::{ArticleCard, RankedArticle};

use super::{ArticleCount, Counts, StoredReaction};
use crate::domain::{Article, ArticleUrl, SiteId};

/// `SELECT site, url, title, summary, body, source, author, editor, section,
/// tags, image, published_at, published_unix, updated_at, seq FROM articles`
#[derive(sqlx::FromRow)]
pub struct ArticleRow {
    site: String,
    url: String,
    title: String,
    summary: String,
    body: String,
    source: String,
    author: String,
    editor: String,
    section: String,
    tags: String,
    image: String,
    published_at: String,
    published_unix: i64,
    updated_at: Option<String>,
    seq: i64,
}

pub const ARTICLE_COLUMNS: &str = "site, url, title, summary, body, source, author, editor, \
     section, tags, image, published_at, published_unix, updated_at, seq";

impl ArticleRow {
    /// The stored article with its site and write sequence number.
    pub fn into_article(self) -> anyhow::Result<(SiteId, Article, i64)> {
        let site = SiteId::parse(&self.site).context("a stored site id is invalid")?;
        let article = Article {
            url: ArticleUrl::parse(&self.url)?,
            title: self.title,
            summary: self.summary,
            body: self.body,
            source: self.source,
            author: self.author,
            editor: self.editor,
            section: serde_json::from_str(&self.section)?,
            tags: serde_json::from_str(&self.tags)?,
            image: self.image,
            published_at: self.published_at,
            published_unix: self.published_unix,
            updated_at: self.updated_at,
        };
        Ok((site, article, self.seq))
    }
}

/// `SELECT url, title, summary, source, author, editor, section, published_at,
/// updated_at, image, seq FROM articles`
#[derive(sqlx::FromRow)]
pub struct CardRow {
    url: String,
    title: String,
    summary: String,
    source: String,
    author: String,
    editor: String,
    section: String,
    published_at: String,
    updated_at: Option<String>,
    image: String,
    seq: i64,
}

pub const CARD_COLUMNS: &str =
    "url, title, summary, source, author, editor, section, published_at, updated_at, image, seq";

impl CardRow {
    /// The card with the sequence number of the write it comes from.
    pub fn into_card(self) -> anyhow::Result<(ArticleCard, i64)> {
        let card = ArticleCard {
            url: self.url,
            title: self.title,
            summary: self.summary,
            source: self.source,
            author: self.author,
            editor: self.editor,
            section: serde_json::from_str(&self.section)?,
            published_at: self.published_at,
            updated_at: self.updated_at,
            image: self.image,
        };
        Ok((card, self.seq))
    }
}

/// `(url, title, count)` of the ranking query.
pub fn ranked(rows: Vec<(String, String, i64)>) -> anyhow::Result<Vec<RankedArticle>> {
    rows.into_iter()
        .map(|(url, title, count)| {
            Ok(RankedArticle {
                url,
                title,
                count: u64::try_from(count)?,
            })
        })
        .collect()
}

/// `(key, count)` rows as counts; a negative count is a broken invariant.
pub fn counts(rows: Vec<(String, i64)>) -> anyhow::Result<Counts> {
    rows.into_iter()
        .map(|(key, count)| Ok((key, u64::try_from(count)?)))
        .collect()
}

/// `SELECT article, reaction|service, count …` rows, counts as stored (signed).
pub fn article_counts(rows: Vec<(String, String, i64)>) -> anyhow::Result<Vec<ArticleCount>> {
    rows.into_iter()
        .map(|(article, key, count)| {
            Ok(ArticleCount {
                article,
                key,
                count: u64::try_from(count).context("a stored count is negative")?,
            })
        })
        .collect()
}

/// `SELECT article, reader, reaction, reacted_at FROM reactions`
pub fn stored_reaction(
    (article, reader, reaction, at): (String, String, String, i64),
) -> StoredReaction {
    StoredReaction {
        article,
        reader,
        reaction,
        at,
    }
}
