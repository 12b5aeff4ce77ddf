//! A site's backup as JSON Lines, and its restore. `newscard-server export
//! --site S` writes one record a line: the site's settings first (its
//! `[[site]]` entry), then its articles (in the import shape), every reader's
//! reaction, and each article's counts. `newscard-server import` reads such a
//! file back (it starts with `{`, where an article file is a JSON array).
//!
//! A restore writes the articles (as an import does), every reader's reaction
//! (its counts follow, kept by the database's triggers as for any write) and
//! the share counts (which have no rows: set from the counts records). All is
//! validated before anything is written; the three steps then commit one after
//! another, and since each sets rather than adds, running a restore again
//! completes one that was interrupted and changes nothing after one that was not.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{bail, Context};
use newscard_protocol::SHARE_SERVICES;
use serde::{Deserialize, Serialize};

use crate::config::{Site, SiteEntry};
use crate::domain::{Article, ArticleInput, ReaderId};
use crate::import::validate;
use crate::store::{
    ArticleCount, CountKind, Counts, ReactionChange, ReactionWrite, Store, StoredReaction,
};

/// Rows read from the store, or written to it, at a time.
const PAGE: u32 = 5_000;

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// The site's settings; always the first line.
    Site(SiteEntry),
    Article(ArticleInput),
    Reaction(StoredReaction),
    Counts(ArticleCounts),
}

/// One article's counts: its reactions (restored through the reaction
/// records, which they follow from) and its share clicks.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleCounts {
    pub article: String,
    #[serde(default)]
    pub reactions: Counts,
    #[serde(default)]
    pub shares: Counts,
}

/// What an export wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Exported {
    pub articles: usize,
    pub reactions: usize,
    pub counted_articles: usize,
}

/// Writes the site's backup to `out`, a record a line.
pub async fn export_site(
    store: &dyn Store,
    site: &Site,
    out: &mut dyn Write,
) -> anyhow::Result<Exported> {
    let mut exported = Exported::default();
    write_record(out, &Record::Site(site.settings()))?;
    // Articles are read in write order over every site: a backup may read more
    // than it keeps, and needs no query of its own for that.
    let mut after = 0;
    loop {
        let page = store.articles_since(after, PAGE).await?;
        let Some(&(_, _, last)) = page.last() else {
            break;
        };
        after = last;
        for (_, article, _) in page.into_iter().filter(|(id, _, _)| *id == site.id) {
            write_record(out, &Record::Article(article.into()))?;
            exported.articles += 1;
        }
    }
    let mut after: Option<(String, String)> = None;
    loop {
        let from = after.as_ref().map(|(a, r)| (a.as_str(), r.as_str()));
        let page = store.site_reactions(&site.id, from, PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some((last.article.clone(), last.reader.clone()));
        exported.reactions += page.len();
        for reaction in page {
            write_record(out, &Record::Reaction(reaction))?;
        }
    }
    let mut counts: BTreeMap<String, ArticleCounts> = BTreeMap::new();
    for kind in [CountKind::Reactions, CountKind::Shares] {
        for count in store.site_counts(&site.id, kind).await? {
            let entry = counts
                .entry(count.article.clone())
                .or_insert_with(|| ArticleCounts {
                    article: count.article,
                    ..ArticleCounts::default()
                });
            let of_kind = match kind {
                CountKind::Reactions => &mut entry.reactions,
                CountKind::Shares => &mut entry.shares,
            };
            of_kind.insert(count.key, count.count);
        }
    }
    exported.counted_articles = counts.len();
    for article in counts.into_values() {
        write_record(out, &Record::Counts(article))?;
    }
    out.flush()?;
    Ok(exported)
}

fn write_record(out: &mut dyn Write, record: &Record) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Whether `contents` is a backup (JSON Lines of records) rather than an
/// article file (a JSON array, or a feed).
pub fn is_backup(contents: &[u8]) -> bool {
    contents.trim_ascii_start().starts_with(b"{")
}

/// What a restore wrote, and the settings in which the backup's site differs
/// from the one it was restored into (worth a look: a reaction or host the
/// config no longer has would have refused the restore).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Restored {
    pub articles: usize,
    pub reactions: usize,
    pub share_counts: usize,
    pub settings_differ: Vec<String>,
}

/// A backup read and validated, ready to write.
struct Checked {
    settings_differ: Vec<String>,
    articles: Vec<Article>,
    reactions: Vec<ReactionWrite>,
    shares: Vec<ArticleCount>,
}

/// Validates the whole backup against `site` (its hosts, reactions and the
/// share services), then writes it.
pub async fn restore_site(
    store: &dyn Store,
    site: &Site,
    contents: &[u8],
) -> anyhow::Result<Restored> {
    let Checked {
        settings_differ,
        articles,
        reactions,
        shares,
    } = check_backup(site, contents)?;
    store.upsert_articles(&site.id, &articles).await?;
    for batch in reactions.chunks(PAGE as usize) {
        store.apply_reactions(batch).await?;
    }
    store.set_share_counts(&site.id, &shares).await?;
    Ok(Restored {
        settings_differ,
        articles: articles.len(),
        reactions: reactions.len(),
        share_counts: shares.len(),
    })
}

/// Reads a backup (outside input: any bytes) and checks every record against
/// `site`; one bad record refuses the whole file.
fn check_backup(site: &Site, contents: &[u8]) -> anyhow::Result<Checked> {
    let mut lines = contents
        .split(|&byte| byte == b'\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.trim_ascii().is_empty());
    let Some((_, first)) = lines.next() else {
        bail!("the backup is empty");
    };
    let Ok(Record::Site(settings)) = serde_json::from_slice(first) else {
        bail!(
            "not a newscard backup: its first line is not a site record \
             (an article file is a JSON array)"
        );
    };
    let settings_differ = differing_settings(&settings, &site.settings());
    let mut articles = Vec::new();
    let mut reactions = Vec::new();
    let mut shares = Vec::new();
    for (number, line) in lines {
        let record = serde_json::from_slice(line).with_context(|| format!("line {number}"))?;
        match record {
            Record::Site(_) => bail!("line {number}: a second site record"),
            Record::Article(article) => articles.push(article),
            Record::Reaction(reaction) => reactions
                .push(reaction_write(site, reaction).with_context(|| format!("line {number}"))?),
            Record::Counts(counts) => {
                site.article_url(&counts.article)
                    .with_context(|| format!("line {number}"))?;
                for (service, count) in counts.shares {
                    if !SHARE_SERVICES.contains(&service.as_str()) {
                        bail!("line {number}: unknown share service {service:?}");
                    }
                    shares.push(ArticleCount {
                        article: counts.article.clone(),
                        key: service,
                        count,
                    });
                }
            }
        }
    }
    Ok(Checked {
        settings_differ,
        articles: validate(site, articles)?,
        reactions,
        shares,
    })
}

/// The reader's reaction, set again as it was, if the site still offers it.
fn reaction_write(site: &Site, reaction: StoredReaction) -> anyhow::Result<ReactionWrite> {
    Ok(ReactionWrite {
        site: site.id.clone(),
        article: site.article_url(&reaction.article)?,
        reader: ReaderId::parse(&reaction.reader)?,
        change: ReactionChange::Set(site.reaction(&reaction.reaction)?.clone()),
        at: reaction.at,
    })
}

/// The keys of the site entries whose values differ.
fn differing_settings(backup: &SiteEntry, config: &SiteEntry) -> Vec<String> {
    let fields = |entry: &SiteEntry| match serde_json::to_value(entry) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => unreachable!("a site entry serializes as an object"),
    };
    let (backup, config) = (fields(backup), fields(config));
    backup
        .iter()
        .filter(|(key, value)| config.get(*key) != Some(value))
        .map(|(key, _)| key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::domain::SiteId;

    fn site() -> Arc<Site> {
        let config = Config::from_toml(
            "[[site]]\nid = \"demo\"\nallowed_origins = []\nhosts = [\"news.example\"]\n",
        )
        .unwrap();
        config
            .sites
            .get(&SiteId::parse("demo").unwrap())
            .unwrap()
            .clone()
    }

    proptest::proptest! {
        /// A backup is read from a file anyone may hand in: any bytes, and any
        /// lines after a good first one, are a backup or an error, never a panic.
        #[test]
        fn any_file_is_a_backup_or_an_error(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            text in "\\PC{0,300}",
            record in "\\{\"type\":\"(article|reaction|counts)\"[,\"a-z_:/.0-9{}\\[\\] ]{0,80}\\}",
        ) {
            let site = site();
            let first = serde_json::to_string(&Record::Site(site.settings())).unwrap();
            for contents in [bytes, text.into_bytes(), format!("{first}\n{record}").into_bytes()] {
                let _ = check_backup(&site, &contents);
            }
        }
    }
}
