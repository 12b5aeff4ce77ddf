//! Articles in, by every way: the import command (a JSON array or a feed file),
//! `PUT /articles` (one JSON article) and `POST /feeds` (an RSS or Atom document).
//! All are validated before any is written, so a bad entry imports nothing.

use crate::config::Site;
use crate::domain::{Article, ArticleInput};
use crate::error::ApiError;
use crate::feed::articles_from_feed;
use crate::store::Store;

/// Checks every input and that its URL is on one of the site's hosts; the first
/// bad one refuses them all, naming its position.
pub fn validate(site: &Site, inputs: Vec<ArticleInput>) -> Result<Vec<Article>, ApiError> {
    let many = inputs.len() > 1;
    inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            let article = Article::parse(input).and_then(|article| {
                if site.owns_article(article.url.as_str()) {
                    Ok(article)
                } else {
                    Err(ApiError::bad_request(
                        "invalid_article_url",
                        "the article URL is not on one of the site's hosts",
                    ))
                }
            });
            article.map_err(|err| match err {
                ApiError::BadRequest { code, message } if many => ApiError::BadRequest {
                    code,
                    message: format!("article #{}: {message}", index + 1),
                },
                err => err,
            })
        })
        .collect()
}

/// An import file: a JSON array of articles, or an RSS/Atom feed.
pub fn parse_import_file(contents: &[u8]) -> Result<Vec<ArticleInput>, ApiError> {
    let text = contents.trim_ascii_start();
    if text.starts_with(b"[") {
        serde_json::from_slice(text).map_err(|err| {
            ApiError::bad_request("bad_json", format!("not a JSON array of articles: {err}"))
        })
    } else {
        articles_from_feed(contents)
    }
}

/// Parses, validates and stores an import file; returns how many articles it held.
pub async fn import_file(store: &dyn Store, site: &Site, contents: &[u8]) -> anyhow::Result<usize> {
    let articles = validate(site, parse_import_file(contents)?)?;
    store.upsert_articles(&site.id, &articles).await?;
    Ok(articles.len())
}
