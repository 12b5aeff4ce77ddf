//! Input is parsed once into these types at the edge, so the rest of the server
//! never sees an unchecked site id, URL or article.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::Invalid;

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub const MAX_URL_LEN: usize = 2048;
pub const MAX_TITLE_LEN: usize = 300;
pub const MAX_SUMMARY_LEN: usize = 2_000;
pub const MAX_BODY_LEN: usize = 200_000;
pub const MAX_NAME_LEN: usize = 200;
pub const MAX_LIST_LEN: usize = 16;

/// A canonical article URL: absolute `http(s)`, no fragment, bounded length.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleUrl(url::Url);

impl ArticleUrl {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = |why: &str| Invalid::new("invalid_article_url", why);
        if raw.len() > MAX_URL_LEN {
            return Err(invalid("article URL is too long"));
        }
        let mut url = url::Url::parse(raw).map_err(|_| invalid("article URL is not a URL"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid("article URL must be http(s)"));
        }
        // `https://news.example@evil.example/` reads as news.example to a person.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("article URL must not hold a user name or password"));
        }
        // The fragment never names a different article.
        url.set_fragment(None);
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The host in lower case; a homoglyph of a host is punycode (`xn--…`), never
    /// equal to the host it imitates.
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }
}

/// A site id as used in paths and the config file: 1–64 of `[a-z0-9-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteId(String);

impl SiteId {
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = is_token(raw, 1, 64, false) && !raw.contains('_');
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `true` when `raw` is `min..=max` bytes of ASCII letters, digits, `-` or `_`.
fn is_token(raw: &str, min: usize, max: usize, allow_upper: bool) -> bool {
    (min..=max).contains(&raw.len())
        && raw.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b == b'-'
                || b == b'_'
                || (allow_upper && b.is_ascii_uppercase())
        })
}

/// An anonymous reader id, made by the widget at random: 16-64 of `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReaderId(String);

impl ReaderId {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if is_token(raw, 16, 64, true) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Invalid::new(
                "invalid_reader",
                "reader must be 16-64 of [A-Za-z0-9_-]",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reaction key (`happy`, `sad`, …). Handlers get one only through
/// [`crate::config::Site::reaction`], so it is always one the site offers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReactionKind(String);

impl ReactionKind {
    /// Checks the key's shape; used when the config file is read.
    pub(crate) fn parse(raw: &str) -> Option<Self> {
        is_token(raw, 1, 32, false).then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A ranking window such as `24h` or `7d`: 1 hour to 366 days, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window(i64);

impl Window {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = || Invalid::new("invalid_window", "window must look like 24h or 7d");
        let (number, unit_seconds) = match (raw.strip_suffix('h'), raw.strip_suffix('d')) {
            (Some(hours), _) => (hours, 3600),
            (_, Some(days)) => (days, 86_400),
            _ => return Err(invalid()),
        };
        // Digits only: `parse` would also take a sign.
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let seconds = number
            .parse::<i64>()
            .ok()
            .and_then(|number| number.checked_mul(unit_seconds))
            .ok_or_else(invalid)?;
        if !(3600..=366 * 86_400).contains(&seconds) {
            return Err(invalid());
        }
        Ok(Self(seconds))
    }

    pub fn seconds(self) -> i64 {
        self.0
    }
}

/// An article as a publisher submits it: the API's type, shared with import files.
pub use newscard_protocol::ArticleInput;

/// An article that passed validation and can be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub url: ArticleUrl,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub source: String,
    pub author: String,
    pub editor: String,
    pub section: Vec<String>,
    pub tags: Vec<String>,
    /// `http(s)` or empty.
    pub image: String,
    /// RFC 3339 as the publisher wrote it, keeping their UTC offset.
    pub published_at: String,
    pub published_unix: i64,
    pub updated_at: Option<String>,
}

/// The stored article in the shape it came in, for a backup; `Article::parse`
/// takes it back as it was.
impl From<Article> for ArticleInput {
    fn from(article: Article) -> Self {
        Self {
            url: article.url.as_str().to_owned(),
            title: article.title,
            summary: article.summary,
            body: article.body,
            source: article.source,
            author: article.author,
            editor: article.editor,
            section: article.section,
            tags: article.tags,
            image: article.image,
            published_at: article.published_at,
            updated_at: article.updated_at,
        }
    }
}

impl Article {
    pub fn parse(input: ArticleInput) -> Result<Self, Invalid> {
        let url = ArticleUrl::parse(&input.url)?;
        let published = rfc3339("published_at", &input.published_at)?;
        if let Some(updated) = &input.updated_at {
            rfc3339("updated_at", updated)?;
        }
        let image = match input.image.trim() {
            "" => String::new(),
            raw => ArticleUrl::parse(raw)
                .map_err(|_| Invalid::new("invalid_article", "image must be an http(s) URL"))?
                .as_str()
                .to_owned(),
        };
        let title = bounded_text("title", input.title, MAX_TITLE_LEN)?;
        if title.is_empty() {
            return Err(Invalid::new("invalid_article", "title is empty"));
        }
        Ok(Self {
            url,
            title,
            summary: bounded_text("summary", input.summary, MAX_SUMMARY_LEN)?,
            body: bounded_text("body", input.body, MAX_BODY_LEN)?,
            source: bounded_text("source", input.source, MAX_NAME_LEN)?,
            author: bounded_text("author", input.author, MAX_NAME_LEN)?,
            editor: bounded_text("editor", input.editor, MAX_NAME_LEN)?,
            section: bounded_list("section", input.section)?,
            tags: bounded_list("tags", input.tags)?,
            image,
            published_at: input.published_at,
            published_unix: published.unix_timestamp(),
            updated_at: input.updated_at,
        })
    }
}

fn rfc3339(field: &str, raw: &str) -> Result<OffsetDateTime, Invalid> {
    OffsetDateTime::parse(raw, &Rfc3339)
        .map_err(|_| Invalid::new("invalid_article", format!("{field} must be RFC 3339")))
}

/// Trims the text and refuses it when it is longer than `max` characters.
/// Control characters but line breaks and tabs are dropped first: they are
/// never text a reader should see, and PostgreSQL refuses NUL in text.
fn bounded_text(field: &str, text: String, max: usize) -> Result<String, Invalid> {
    let visible: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let trimmed = visible.trim();
    if trimmed.chars().count() > max {
        return Err(Invalid::new(
            "invalid_article",
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

fn bounded_list(field: &str, items: Vec<String>) -> Result<Vec<String>, Invalid> {
    if items.len() > MAX_LIST_LEN {
        return Err(Invalid::new(
            "invalid_article",
            format!("{field} has more than {MAX_LIST_LEN} entries"),
        ));
    }
    items
        .into_iter()
        .map(|item| bounded_text(field, item, MAX_NAME_LEN))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_url_accepts_http_and_drops_the_fragment() {
        let url = ArticleUrl::parse("https://news.example/a?b=1#top").unwrap();
        assert_eq!(url.as_str(), "https://news.example/a?b=1");
    }

    #[test]
    fn article_url_refuses_other_schemes_and_junk() {
        for raw in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://news.example/a",
            "/relative/path",
            "",
            "https://",
        ] {
            assert!(ArticleUrl::parse(raw).is_err(), "{raw} should be refused");
        }
        let long = format!("https://news.example/{}", "a".repeat(MAX_URL_LEN));
        assert!(ArticleUrl::parse(&long).is_err());
    }

    #[test]
    fn site_id_is_a_short_slug() {
        assert!(SiteId::parse("demo-1").is_some());
        for raw in ["", "Demo", "a/b", "a b", &"a".repeat(65)] {
            assert!(SiteId::parse(raw).is_none(), "{raw:?} should be refused");
        }
    }

    #[test]
    fn reader_ids_are_long_random_tokens() {
        assert!(ReaderId::parse("Ab-_0123456789xyz").is_ok());
        for raw in [
            "short",
            "has space in it......",
            &"a".repeat(65),
            "<script>alert(1)</script>",
        ] {
            assert!(ReaderId::parse(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn windows_are_hours_or_days_within_a_year() {
        assert_eq!(Window::parse("24h").unwrap().seconds(), 86_400);
        assert_eq!(Window::parse("7d").unwrap().seconds(), 604_800);
        for raw in [
            "",
            "h",
            "0h",
            "30m",
            "-1d",
            "400d",
            "99999999999999999999d",
            "1.5h",
        ] {
            assert!(Window::parse(raw).is_err(), "{raw:?}");
        }
    }

    fn input(title: &str, published_at: &str) -> ArticleInput {
        ArticleInput {
            url: "https://news.example/x".into(),
            title: title.into(),
            summary: String::new(),
            body: String::new(),
            source: String::new(),
            author: String::new(),
            editor: String::new(),
            section: vec![],
            tags: vec![],
            image: String::new(),
            published_at: published_at.into(),
            updated_at: None,
        }
    }

    #[test]
    fn article_parse_checks_time_title_and_lengths() {
        let ok = Article::parse(input(" 标题 ", "2025-03-25T09:09:00+08:00")).unwrap();
        assert_eq!(ok.title, "标题");
        assert_eq!(ok.published_unix, 1_742_864_940);
        assert!(Article::parse(input("t", "yesterday")).is_err());
        assert!(Article::parse(input("  ", "2025-03-25T09:09:00Z")).is_err());
        let long = "字".repeat(MAX_TITLE_LEN + 1);
        assert!(Article::parse(input(&long, "2025-03-25T09:09:00Z")).is_err());
        let controls = Article::parse(input("a\0b\u{7}c\r\nd\u{9b}", "2025-03-25T09:09:00Z"));
        assert_eq!(controls.unwrap().title, "abc\nd");
    }

    proptest::proptest! {
        #[test]
        fn parsers_of_outside_text_never_panic(raw in ".*", unicode in "\\PC*") {
            for raw in [&raw, &unicode] {
                let _ = ArticleUrl::parse(raw);
                let _ = SiteId::parse(raw);
                let _ = ReaderId::parse(raw);
                let _ = ReactionKind::parse(raw);
                let _ = Window::parse(raw);
            }
        }

        #[test]
        fn windows_are_digits_then_h_or_d(number in "[0-9]{0,6}|\\PC{0,6}", unit in "[hd]?|\\PC") {
            let raw = format!("{number}{unit}");
            if let Ok(window) = Window::parse(&raw) {
                let digits = &raw[..raw.len() - 1];
                assert!(raw.ends_with(['h', 'd']), "{raw:?}");
                assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), "{raw:?}");
                assert!((3600..=366 * 86_400).contains(&window.seconds()));
            }
        }

        #[test]
        fn parsed_article_urls_are_http_with_a_host_and_no_credentials(
            scheme in "(https?|ftp|javascript|data|HTTP)",
            rest in "\\PC{0,40}",
        ) {
            if let Ok(url) = ArticleUrl::parse(&format!("{scheme}://{rest}")) {
                assert!(url.as_str().starts_with("http"));
                assert!(!url.host().is_empty());
                assert!(!url.as_str().contains('#'));
                assert!(url.as_str().len() <= MAX_URL_LEN * 3);
            }
        }

        #[test]
        fn articles_from_any_fields_parse_or_are_refused(
            url in "(https://news.example/)?\\PC{0,20}",
            title in "\\PC{0,20}",
            text in "\\PC{0,40}",
            list in proptest::collection::vec("\\PC{0,10}", 0..20),
            time in "(2025-03-25T09:09:00\\+08:00|\\PC{0,25})",
        ) {
            let input = ArticleInput {
                url,
                title,
                summary: text.clone(),
                body: text.clone(),
                source: text.clone(),
                author: text.clone(),
                editor: text.clone(),
                section: list.clone(),
                tags: list,
                image: text,
                published_at: time.clone(),
                updated_at: Some(time),
            };
            if let Ok(article) = Article::parse(input) {
                assert!(!article.title.is_empty());
                assert!(article.section.len() <= MAX_LIST_LEN);
                assert!(article.image.is_empty() || article.image.starts_with("http"));
            }
        }
    }
}
