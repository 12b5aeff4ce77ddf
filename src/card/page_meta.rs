//! Zero-config fallback: when the server has no record of the article and the
//! article is the host page itself, the card is built from what the page says
//! about itself: JSON-LD (`NewsArticle`, `Article`, … as objects, arrays or
//! `@graph`), then OpenGraph (`og:*`, `article:*`), then plain `<meta>`.
//!
//! Everything read here is hostile: it only ever becomes text or, when
//! `http(s)`, a link or an image URL (checked again where rendered).

use js_sys::{Array, Reflect};
use newscard_protocol::ArticleCard;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::decode::field;
use crate::safe_url::http_url;

#[wasm_bindgen]
extern "C" {
    /// A document, for `querySelectorAll` without web-sys's `NodeList` feature.
    type Queryable;
    #[wasm_bindgen(method, js_name = querySelectorAll)]
    fn query_all(this: &Queryable, selectors: &str) -> JsValue;
}

/// The elements matching `selectors`, as a JS array.
fn all(doc: &Document, selectors: &str) -> Array {
    Array::from(&doc.unchecked_ref::<Queryable>().query_all(selectors))
}

/// The URL without its fragment: `#…` never names a different article.
fn without_fragment(url: &str) -> &str {
    &url[..url.bytes().position(|b| b == b'#').unwrap_or(url.len())]
}

/// Whether `article` is the page itself: its `<link rel=canonical>` or its own
/// URL, fragments ignored.
pub fn is_page_url(doc: &Document, article: &str) -> bool {
    let article = without_fragment(article);
    let is_article = |url: Option<String>| url.is_some_and(|url| without_fragment(&url) == article);
    let canonical = doc
        .query_selector("link[rel~=canonical][href]")
        .ok()
        .flatten();
    // The property, not the attribute: resolved against the page's URL.
    let canonical =
        canonical.and_then(|link| Reflect::get(&link, &"href".into()).ok()?.as_string());
    !article.is_empty() && (is_article(canonical) || is_article(doc.url().ok()))
}

/// Strings in a JSON-LD value: a string, an object's first string among `keys`
/// (`{"@type": "Person", "name": …}`), or a list of those. Depth-limited.
fn ld_strings(value: &JsValue, keys: &[&str], out: &mut Vec<String>, depth: u8) {
    if let Some(text) = value.as_string() {
        out.push(text);
    } else if Array::is_array(value) {
        if depth > 0 {
            for item in Array::from(value).iter() {
                ld_strings(&item, keys, out, depth - 1);
            }
        }
    } else if value.is_object() {
        if let Some(text) = keys.iter().find_map(|key| field(value, key).as_string()) {
            out.push(text);
        }
    }
}

fn ld(value: &JsValue, name: &str, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    ld_strings(&field(value, name), keys, &mut out, 2);
    out
}

/// `@type` names an article: `NewsArticle`, `ReportageNewsArticle`,
/// `https://schema.org/Article`, `BlogPosting`, …
fn is_article_type(kind: &str) -> bool {
    kind.ends_with("Article") || kind.ends_with("BlogPosting") || kind.ends_with("Report")
}

/// The first article object in a JSON-LD document: the value itself, an item
/// of a list, or an item of `@graph`.
fn find_article(value: &JsValue, depth: u8) -> Option<JsValue> {
    if depth == 0 {
        return None;
    }
    if Array::is_array(value) {
        return Array::from(value)
            .iter()
            .find_map(|item| find_article(&item, depth - 1));
    }
    if !value.is_object() {
        return None;
    }
    if ld(value, "@type", &[])
        .iter()
        .any(|kind| is_article_type(kind))
    {
        return Some(value.clone());
    }
    find_article(&field(value, "@graph"), depth - 1)
}

fn ld_article(doc: &Document) -> JsValue {
    all(doc, r#"script[type="application/ld+json"]"#)
        .iter()
        .filter_map(|script| {
            js_sys::JSON::parse(&script.unchecked_into::<Element>().text_content()?).ok()
        })
        .find_map(|value| find_article(&value, 4))
        .unwrap_or(JsValue::UNDEFINED)
}

/// The `content` of every `<meta property=key>` (OpenGraph) or `<meta name=key>`.
fn meta(doc: &Document, key: &str) -> Vec<String> {
    let selector = format!(r#"meta[property="{key}"][content],meta[name="{key}"][content]"#);
    all(doc, &selector)
        .iter()
        .filter_map(|meta| meta.unchecked_into::<Element>().get_attribute("content"))
        .collect()
}

/// Trimmed, at most `max` characters.
fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .nth(max)
        .map_or(text.len(), |(at, _)| at);
    text[..end].to_owned()
}

fn any(_: &str) -> bool {
    true
}

/// Names, not the profile URLs OpenGraph allows for authors.
fn is_name(text: &str) -> bool {
    http_url(text).is_none()
}

fn is_http(text: &str) -> bool {
    http_url(text).is_some()
}

/// Up to `count` values of the first source that has one: trimmed, clipped to
/// `max` characters, non-blank and passing `keep`. Sources come best first.
fn pick(sources: &[Vec<String>], max: usize, count: usize, keep: fn(&str) -> bool) -> Vec<String> {
    for source in sources {
        let mut found = Vec::new();
        for text in source {
            let text = clip(text, max);
            if !text.is_empty() && keep(&text) && found.len() < count {
                found.push(text);
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn joined(names: Vec<String>) -> String {
    let mut out = String::new();
    for name in names {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&name);
    }
    out
}

/// The first value of the first source that has one, or empty.
fn pick_one(sources: &[Vec<String>], max: usize, keep: fn(&str) -> bool) -> String {
    joined(pick(sources, max, 1, keep))
}

/// The card the page describes for itself, with `url` as its link; `None`
/// when the page names no title.
pub fn card(doc: &Document, url: &str) -> Option<ArticleCard> {
    let article = ld_article(doc);
    let get = |name: &str| ld(&article, name, &["name"]);
    let title = pick_one(
        &[get("headline"), get("name"), meta(doc, "og:title")],
        300,
        any,
    );
    if title.is_empty() {
        return None;
    }
    let updated = pick_one(&[get("dateModified")], 40, any);
    Some(ArticleCard {
        url: url.to_owned(),
        title,
        summary: pick_one(
            &[
                get("description"),
                meta(doc, "og:description"),
                meta(doc, "description"),
            ],
            1000,
            any,
        ),
        source: String::new(),
        author: joined(pick(
            &[
                get("author"),
                meta(doc, "article:author"),
                meta(doc, "author"),
            ],
            100,
            5,
            is_name,
        )),
        editor: joined(pick(&[get("editor")], 100, 5, is_name)),
        section: pick(
            &[get("articleSection"), meta(doc, "article:section")],
            100,
            5,
            any,
        ),
        published_at: pick_one(
            &[get("datePublished"), meta(doc, "article:published_time")],
            40,
            any,
        ),
        updated_at: (!updated.is_empty()).then_some(updated),
        image: pick_one(
            &[
                ld(&article, "image", &["url", "contentUrl"]),
                meta(doc, "og:image"),
            ],
            2000,
            is_http,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_by_characters_and_trims() {
        assert_eq!(clip("  技术出海  ", 2), "技术");
        assert_eq!(clip("abc", 10), "abc");
        assert_eq!(clip(" \n ", 10), "");
    }

    #[test]
    fn picks_from_the_first_source_with_a_usable_value() {
        let sources = [
            vec![" ".to_owned()],
            vec![
                "https://x.example/me".to_owned(),
                "李明".to_owned(),
                "王芳".to_owned(),
            ],
            vec!["later".to_owned()],
        ];
        assert_eq!(pick(&sources, 10, 5, is_name), ["李明", "王芳"]);
        assert_eq!(joined(pick(&sources, 10, 5, is_name)), "李明, 王芳");
        assert_eq!(pick_one(&sources, 100, is_http), "https://x.example/me");
        assert_eq!(
            pick_one(&[vec!["javascript:alert(1)".to_owned()]], 100, is_http),
            ""
        );
    }

    #[test]
    fn knows_article_types_and_fragments() {
        for kind in [
            "NewsArticle",
            "ReportageNewsArticle",
            "https://schema.org/Article",
            "BlogPosting",
            "Report",
        ] {
            assert!(is_article_type(kind), "{kind}");
        }
        for kind in ["WebPage", "Organization", "BreadcrumbList", ""] {
            assert!(!is_article_type(kind), "{kind}");
        }
        assert_eq!(
            without_fragment("https://a.example/x#y#z"),
            "https://a.example/x"
        );
        assert_eq!(
            without_fragment("https://a.example/x"),
            "https://a.example/x"
        );
    }
}
