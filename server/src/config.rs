//! The site registry, read from the `--config` TOML file:
//!
//! ```toml
//! [[site]]
//! id = "demo"
//! name = "Demo News"
//! allowed_origins = ["http://127.0.0.1:8081"]
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::domain::SiteId;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    site: Vec<SiteEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteEntry {
    id: String,
    #[serde(default)]
    name: String,
    /// Origins (`scheme://host[:port]`) of the pages allowed to embed the widget.
    allowed_origins: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub id: SiteId,
    pub name: String,
    allowed_origins: Vec<String>,
}

impl Site {
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }
}

/// All registered sites, by id. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Sites(Arc<HashMap<SiteId, Site>>);

impl Sites {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config {}", path.display()))?;
        Self::from_toml(&text).with_context(|| format!("in config {}", path.display()))
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        let file: ConfigFile = toml::from_str(text)?;
        let mut sites = HashMap::new();
        for entry in file.site {
            let Some(id) = SiteId::parse(&entry.id) else {
                bail!("site id {:?} must be 1-64 of [a-z0-9-]", entry.id);
            };
            let allowed_origins = entry
                .allowed_origins
                .iter()
                .map(|origin| normalize_origin(origin))
                .collect::<anyhow::Result<_>>()?;
            let site = Site {
                id: id.clone(),
                name: entry.name,
                allowed_origins,
            };
            if sites.insert(id, site).is_some() {
                bail!("site {:?} is defined twice", entry.id);
            }
        }
        Ok(Self(Arc::new(sites)))
    }

    pub fn get(&self, id: &SiteId) -> Option<&Site> {
        self.0.get(id)
    }
}

/// Origins are compared as browsers send them: `scheme://host[:port]`, lower case,
/// default ports left out.
fn normalize_origin(raw: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(raw).with_context(|| format!("origin {raw:?} is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.path() != "/" || url.query().is_some() {
        bail!("origin {raw:?} must look like https://host[:port]");
    }
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized_like_browsers_send_them() {
        let sites = Sites::from_toml(
            r#"
            [[site]]
            id = "demo"
            allowed_origins = ["HTTPS://News.Example:443", "http://127.0.0.1:8081/"]
            "#,
        )
        .unwrap();
        let site = sites.get(&SiteId::parse("demo").unwrap()).unwrap();
        assert!(site.allows_origin("https://news.example"));
        assert!(site.allows_origin("http://127.0.0.1:8081"));
        assert!(!site.allows_origin("http://127.0.0.1:8082"));
        assert!(!site.allows_origin("null"));
    }

    #[test]
    fn bad_configs_are_refused() {
        for text in [
            "[[site]]\nid = \"Demo\"\nallowed_origins = []",
            "[[site]]\nid = \"a\"\nallowed_origins = [\"https://a.example/path\"]",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nsurprise = 1",
            "[[site]]\nid = \"a\"\nallowed_origins = []\n[[site]]\nid = \"a\"\nallowed_origins = []",
        ] {
            assert!(Sites::from_toml(text).is_err(), "{text}");
        }
    }
}
