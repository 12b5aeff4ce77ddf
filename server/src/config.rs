//! The server's config file (`--config`, TOML): the site registry and abuse limits.
//!
//! ```toml
//! # Proxies whose X-Forwarded-For is believed; empty: the peer address is the client.
//! trusted_proxies = ["127.0.0.1"]
//!
//! [rate_limit]          # per client (a salted hash of its IP)
//! per_minute = 30       # writes: a token bucket
//! burst = 20
//! open_streams = 1000   # live streams open at once
//!
//! [timeouts]            # seconds
//! headers = 10
//! body = 15
//! send = 30
//!
//! [metrics]             # Prometheus text at /metrics, on a listener of its own
//! listen = "127.0.0.1:9090"   # default: none, no metrics served
//!
//! [[site]]
//! id = "demo"
//! name = "Demo News"
//! allowed_origins = ["http://127.0.0.1:8081"]
//! reactions = ["happy", "sad", "like", "meh"]   # the default set
//! share = ["wechat", "weibo", "copy"]           # default: by the widget's language
//! hosts = ["news.example"]                      # article URL hosts; default: the origins'
//! api_key_sha256 = "…64 hex…"                   # `newscard-server api-key` makes one
//! ```

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use newscard_protocol::SHARE_SERVICES;
use serde::{Deserialize, Serialize};

use crate::domain::{ArticleUrl, ReactionKind, SiteId};
use crate::error::Invalid;

pub const DEFAULT_REACTIONS: [&str; 4] = ["happy", "sad", "like", "meh"];
const MAX_REACTIONS: usize = 12;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    trusted_proxies: Vec<IpAddr>,
    #[serde(default)]
    rate_limit: RateLimit,
    #[serde(default)]
    timeouts: Timeouts,
    #[serde(default)]
    metrics: MetricsConfig,
    #[serde(default)]
    site: Vec<SiteEntry>,
}

/// A site's `[[site]]` entry in the config file; also the first record of its
/// backup (`Site::settings`), which can be pasted back as it is.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteEntry {
    id: String,
    #[serde(default)]
    name: String,
    /// Origins (`scheme://host[:port]`) of the pages allowed to embed the widget.
    allowed_origins: Vec<String>,
    reactions: Option<Vec<String>>,
    /// Share services in display order; default: the widget's, by language.
    #[serde(default)]
    share: Vec<String>,
    /// Hosts the site's article URLs live on; default: the allowed origins' hosts.
    hosts: Option<Vec<String>>,
    /// SHA-256 (hex) of the key that lets the publisher write articles and feeds.
    api_key_sha256: Option<String>,
}

/// What one client (one address) may do: a token bucket for writes (reactions
/// and share counts) and a cap on the live streams it holds open at once.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
    /// Enough for an office or a school behind one address, each reader with a
    /// page open; every stream is a connection, so far more is an attack.
    pub open_streams: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            per_minute: 30,
            burst: 20,
            open_streams: 1000,
        }
    }
}

/// How long a connection may keep the server waiting, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// To send a request's headers, counted from the connection's start or the
    /// end of the previous response: it also ends idle keep-alive connections.
    pub headers: u64,
    /// To send a whole request body.
    pub body: u64,
    /// A client that takes none of its response for this long is cut off.
    pub send: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: 10,
            body: 15,
            send: 30,
        }
    }
}

impl Timeouts {
    pub fn headers(&self) -> Duration {
        Duration::from_secs(self.headers)
    }

    pub fn body(&self) -> Duration {
        Duration::from_secs(self.body)
    }

    pub fn send(&self) -> Duration {
        Duration::from_secs(self.send)
    }
}

/// Where `/metrics` is served: never on the public listener, since what it
/// shows (traffic, errors, refusals) is the operator's business, not readers'.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// The metrics listener's address; none: metrics are not served.
    pub listen: Option<SocketAddr>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub sites: Sites,
    pub trusted_proxies: Vec<IpAddr>,
    pub rate_limit: RateLimit,
    pub timeouts: Timeouts,
    pub metrics: MetricsConfig,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub id: SiteId,
    pub name: String,
    allowed_origins: Vec<String>,
    /// The site's reaction keys, in display order.
    pub reactions: Vec<ReactionKind>,
    /// Share service keys, in display order; empty: the widget's default.
    pub share: Vec<String>,
    /// Lower-case hosts that article URLs must be on.
    article_hosts: Vec<String>,
    api_key_sha256: Option<[u8; 32]>,
}

impl Site {
    /// The site's entry as the config file would hold it, every default spelled out.
    pub fn settings(&self) -> SiteEntry {
        SiteEntry {
            id: self.id.as_str().to_owned(),
            name: self.name.clone(),
            allowed_origins: self.allowed_origins.clone(),
            reactions: Some(
                self.reactions
                    .iter()
                    .map(|kind| kind.as_str().to_owned())
                    .collect(),
            ),
            share: self.share.clone(),
            hosts: Some(self.article_hosts.clone()),
            api_key_sha256: self.api_key_sha256.map(hex::encode),
        }
    }

    /// `raw` as one of this site's article URLs: `http(s)` and on one of its hosts.
    /// Every route that stores or streams something per article takes its URL
    /// through here, so nothing is kept for a URL the site does not own.
    pub fn article_url(&self, raw: &str) -> Result<ArticleUrl, Invalid> {
        let url = ArticleUrl::parse(raw)?;
        self.check_owns(&url)?;
        Ok(url)
    }

    /// Refuses a URL that is not on one of the site's hosts.
    pub fn check_owns(&self, url: &ArticleUrl) -> Result<(), Invalid> {
        if self.article_hosts.iter().any(|own| own == url.host()) {
            Ok(())
        } else {
            Err(Invalid::new(
                "invalid_article_url",
                "the article URL is not on one of the site's hosts",
            ))
        }
    }

    /// Compares the key's hash in constant time; a site without a key accepts none.
    pub fn accepts_api_key(&self, key: &str) -> bool {
        use sha2::{Digest, Sha256};
        use subtle::ConstantTimeEq;
        self.api_key_sha256.is_some_and(|expected| {
            let given: [u8; 32] = Sha256::digest(key.as_bytes()).into();
            given.ct_eq(&expected).into()
        })
    }

    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }

    /// The reaction named `key`, or `unknown_reaction` if this site offers none such.
    pub fn reaction(&self, key: &str) -> Result<&ReactionKind, Invalid> {
        self.reactions
            .iter()
            .find(|kind| kind.as_str() == key)
            .ok_or_else(|| Invalid::new("unknown_reaction", "this site offers no such reaction"))
    }
}

/// All registered sites, by id. Cheap to clone, and so is each site: a
/// request carries its site as an `Arc`, not a copy of its strings.
#[derive(Debug, Clone, Default)]
pub struct Sites(Arc<HashMap<SiteId, Arc<Site>>>);

impl Sites {
    pub fn get(&self, id: &SiteId) -> Option<&Arc<Site>> {
        self.0.get(id)
    }
}

impl Config {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config {}", path.display()))?;
        Self::from_toml(&text).with_context(|| format!("in config {}", path.display()))
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        let file: ConfigFile = toml::from_str(text)?;
        let RateLimit {
            per_minute,
            burst,
            open_streams,
        } = file.rate_limit;
        if per_minute == 0 || burst == 0 || open_streams == 0 {
            bail!("rate_limit.per_minute, burst and open_streams must be at least 1");
        }
        let Timeouts {
            headers,
            body,
            send,
        } = file.timeouts;
        if ![headers, body, send].iter().all(|s| (1..=3600).contains(s)) {
            bail!("timeouts.headers, body and send must be 1 to 3600 seconds");
        }
        let mut sites = HashMap::new();
        for entry in file.site {
            let site = parse_site(entry)?;
            let id = site.id.clone();
            if sites.insert(id.clone(), Arc::new(site)).is_some() {
                bail!("site {:?} is defined twice", id.as_str());
            }
        }
        Ok(Self {
            sites: Sites(Arc::new(sites)),
            trusted_proxies: file.trusted_proxies,
            rate_limit: file.rate_limit,
            timeouts: file.timeouts,
            metrics: file.metrics,
        })
    }
}

fn parse_site(entry: SiteEntry) -> anyhow::Result<Site> {
    let Some(id) = SiteId::parse(&entry.id) else {
        bail!("site id {:?} must be 1-64 of [a-z0-9-]", entry.id);
    };
    let allowed_origins: Vec<String> = entry
        .allowed_origins
        .iter()
        .map(|origin| normalize_origin(origin))
        .collect::<anyhow::Result<_>>()?;
    let keys = entry
        .reactions
        .unwrap_or_else(|| DEFAULT_REACTIONS.map(String::from).to_vec());
    if keys.is_empty() || keys.len() > MAX_REACTIONS {
        bail!(
            "site {:?}: reactions must list 1 to {MAX_REACTIONS} keys",
            entry.id
        );
    }
    let mut reactions: Vec<ReactionKind> = Vec::with_capacity(keys.len());
    for key in &keys {
        let Some(kind) = ReactionKind::parse(key) else {
            bail!(
                "site {:?}: reaction {key:?} must be 1-32 of [a-z0-9_-]",
                entry.id
            );
        };
        if reactions.contains(&kind) {
            bail!("site {:?}: reaction {key:?} is listed twice", entry.id);
        }
        reactions.push(kind);
    }
    if let Some(unknown) = entry
        .share
        .iter()
        .find(|key| !SHARE_SERVICES.contains(&key.as_str()))
    {
        bail!("site {:?}: unknown share service {unknown:?}", entry.id);
    }
    let article_hosts = match entry.hosts {
        Some(hosts) => hosts
            .iter()
            .map(|host| normalize_host(host))
            .collect::<anyhow::Result<_>>()?,
        None => allowed_origins
            .iter()
            .filter_map(|origin| url::Url::parse(origin).ok()?.host_str().map(str::to_owned))
            .collect(),
    };
    let api_key_sha256 = entry
        .api_key_sha256
        .map(|hex| {
            hex::decode(hex.trim())
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .with_context(|| {
                    format!("site {:?}: api_key_sha256 must be 64 hex digits", entry.id)
                })
        })
        .transpose()?;
    Ok(Site {
        id,
        name: entry.name,
        allowed_origins,
        reactions,
        share: entry.share,
        article_hosts,
        api_key_sha256,
    })
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

/// A host as URLs carry it: lower case, an international name in punycode.
fn normalize_host(raw: &str) -> anyhow::Result<String> {
    let host = raw.trim();
    url::Url::parse(&format!("https://{host}/"))
        .ok()
        .filter(|url| url.path() == "/" && url.port().is_none() && url.username().is_empty())
        .and_then(|url| url.host_str().map(str::to_owned))
        .with_context(|| format!("host {raw:?} must be a bare host name such as news.example"))
}

/// A fresh API key: 32 random bytes as hex, and the hash the config keeps.
pub struct NewApiKey {
    pub secret: String,
    pub sha256_hex: String,
}

pub fn new_api_key() -> anyhow::Result<NewApiKey> {
    use sha2::{Digest, Sha256};
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| anyhow::anyhow!("no system randomness: {err}"))?;
    let secret = hex::encode(bytes);
    let sha256_hex = hex::encode(Sha256::digest(secret.as_bytes()));
    Ok(NewApiKey { secret, sha256_hex })
}

/// Every key the config file accepts, as `table.key` (`site.id` for the
/// `[[site]]` tables), read from the structs themselves: serde refuses an
/// unknown key naming the ones it expects, at the top level and in each table.
#[cfg(test)]
pub(crate) fn accepted_keys() -> Vec<String> {
    /// The keys a refusal of `probe` names, if it is refused as unknown.
    fn expected_keys(toml: &str) -> Option<Vec<String>> {
        let refusal = toml::from_str::<ConfigFile>(toml).err()?.to_string();
        let (_, expected) = refusal.split_once("unknown field `probe`, expected ")?;
        let line = expected.lines().next().unwrap_or_default();
        Some(
            line.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect(),
        )
    }
    let mut keys = Vec::new();
    for key in expected_keys("probe = 1").expect("unknown top-level keys are refused") {
        let table = expected_keys(&format!("[{key}]\nprobe = 1"))
            .or_else(|| expected_keys(&format!("[[{key}]]\nprobe = 1")));
        match table {
            Some(inner) => keys.extend(inner.iter().map(|inner| format!("{key}.{inner}"))),
            None => keys.push(key),
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(config: &Config) -> &Site {
        config.sites.get(&SiteId::parse("demo").unwrap()).unwrap()
    }

    #[test]
    fn origins_are_normalized_like_browsers_send_them() {
        let config = Config::from_toml(
            r#"
            [[site]]
            id = "demo"
            allowed_origins = ["HTTPS://News.Example:443", "http://127.0.0.1:8081/"]
            "#,
        )
        .unwrap();
        let site = demo(&config);
        assert!(site.allows_origin("https://news.example"));
        assert!(site.allows_origin("http://127.0.0.1:8081"));
        assert!(!site.allows_origin("http://127.0.0.1:8082"));
        assert!(!site.allows_origin("null"));
    }

    #[test]
    fn reactions_default_to_the_four_moods_and_can_be_replaced() {
        let config = Config::from_toml(
            "[[site]]\nid = \"demo\"\nallowed_origins = []\n\
             [[site]]\nid = \"own\"\nallowed_origins = []\nreactions = [\"wow\", \"angry\"]",
        )
        .unwrap();
        let keys = |site: &Site| {
            site.reactions
                .iter()
                .map(|k| k.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(demo(&config)), DEFAULT_REACTIONS);
        let own = config.sites.get(&SiteId::parse("own").unwrap()).unwrap();
        assert_eq!(keys(own), ["wow", "angry"]);
        assert!(own.reaction("happy").is_err());
        assert_eq!(config.rate_limit, RateLimit::default());
        assert_eq!(config.metrics.listen, None);
    }

    #[test]
    fn metrics_get_a_listener_of_their_own_when_asked() {
        let config = Config::from_toml("[metrics]\nlisten = \"127.0.0.1:9090\"").unwrap();
        assert_eq!(
            config.metrics.listen,
            Some("127.0.0.1:9090".parse().unwrap())
        );
    }

    #[test]
    fn bad_configs_are_refused() {
        for text in [
            "[[site]]\nid = \"Demo\"\nallowed_origins = []",
            "[[site]]\nid = \"a\"\nallowed_origins = [\"https://a.example/path\"]",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nsurprise = 1",
            "[[site]]\nid = \"a\"\nallowed_origins = []\n[[site]]\nid = \"a\"\nallowed_origins = []",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nreactions = []",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nreactions = [\"a\", \"a\"]",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nreactions = [\"<b>\"]",
            "[[site]]\nid = \"a\"\nallowed_origins = []\nshare = [\"myspace\"]",
            "trusted_proxies = [\"not an ip\"]",
            "[rate_limit]\nper_minute = 0\nburst = 1",
            "[metrics]\nlisten = \"localhost\"",
            "[metrics]\nport = 9090",
        ] {
            assert!(Config::from_toml(text).is_err(), "{text}");
        }
    }

    /// `text` as a TOML string literal.
    fn quoted(text: &str) -> String {
        toml::Value::String(text.to_owned()).to_string()
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_config_or_an_error(text in "\\PC*", tomlish in "([\\[\\]=\"a-z_ .,0-9\\n-]|\\PC){0,120}") {
            let _ = Config::from_toml(&text);
            let _ = Config::from_toml(&tomlish);
        }

        #[test]
        fn any_values_in_a_site_entry_load_or_are_refused(
            id in "\\PC{0,10}",
            origin in "(https://|http://|)\\PC{0,20}",
            host in "\\PC{0,20}",
            reaction in "\\PC{0,10}",
            share in "\\PC{0,8}",
            key in "[0-9a-f]{0,70}",
            proxy in "\\PC{0,16}",
            numbers in proptest::collection::vec(-2i64..4000, 5),
            article in "\\PC{0,30}",
        ) {
            let text = format!(
                "trusted_proxies = [{}]\n[rate_limit]\nper_minute = {}\nburst = {}\nopen_streams = {}\n\
                 [timeouts]\nheaders = {}\nbody = {}\n\
                 [[site]]\nid = {}\nallowed_origins = [{}]\nhosts = [{}]\nreactions = [{}]\n\
                 share = [{}]\napi_key_sha256 = {}\n",
                quoted(&proxy), numbers[0], numbers[1], numbers[2], numbers[3], numbers[4],
                quoted(&id), quoted(&origin), quoted(&host), quoted(&reaction), quoted(&share),
                quoted(&key),
            );
            if let Ok(config) = Config::from_toml(&text) {
                let site = config.sites.get(&SiteId::parse(&id).unwrap()).unwrap();
                if let Ok(url) = site.article_url(&article) {
                    assert_eq!(url.host(), site.article_hosts[0]);
                }
            }
        }
    }
}
