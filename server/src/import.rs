//! Bulk import of articles from a JSON file: an array of article objects. All are
//! validated before any is written, so a bad file imports nothing.

use crate::domain::{Article, ArticleInput, SiteId};
use crate::store::Store;

/// Parses and stores the articles; returns how many were imported.
pub async fn import_json(store: &dyn Store, site: &SiteId, json: &str) -> anyhow::Result<usize> {
    let inputs: Vec<ArticleInput> = serde_json::from_str(json)?;
    let articles = inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            Article::parse(input).map_err(|err| anyhow::anyhow!("article #{}: {err}", index + 1))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    store.upsert_articles(site, &articles).await?;
    Ok(articles.len())
}
