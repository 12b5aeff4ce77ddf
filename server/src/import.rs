//! Articles in, by every way: the import command (a JSON array or a feed file),
//! `PUT /articles` (one JSON article) and `POST /feeds` (an RSS or Atom document).
//! All are validated before any is written, so a bad entry imports nothing.

use crate::config::Site;
use crate::domain::{Article, ArticleInput};
use crate::error::Invalid;
use crate::feed::articles_from_feed;
use crate::store::Store;

/// Checks every input and that its URL is on one of the site's hosts; the first
/// bad one refuses them all, naming its position.
pub fn validate(site: &Site, inputs: Vec<ArticleInput>) -> Result<Vec<Article>, Invalid> {
    let many = inputs.len() > 1;
    inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            let article = Article::parse(input)
                .and_then(|article| site.check_owns(&article.url).map(|()| article));
            article.map_err(|err| {
                if many {
                    Invalid::new(err.code, format!("article #{}: {}", index + 1, err.message))
                } else {
                    err
                }
            })
        })
        .collect()
}

/// An import file: a JSON array of articles, or an RSS/Atom feed.
pub fn parse_import_file(contents: &[u8]) -> Result<Vec<ArticleInput>, Invalid> {
    let text = contents.trim_ascii_start();
    if text.starts_with(b"[") {
        serde_json::from_slice(text)
            .map_err(|err| Invalid::new("bad_json", format!("not a JSON array of articles: {err}")))
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_import_file_is_articles_or_an_error(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            jsonish in "\\[(\\{\"url\":\"\\PC{0,10}\",\"title\":\"\\PC{0,5}\",\"published_at\":\"\\PC{0,10}\"\\},?){0,3}\\]?",
        ) {
            let _ = parse_import_file(&bytes);
            let _ = parse_import_file(jsonish.as_bytes());
        }
    }
}
