//! RSS 2.0 and Atom documents as article inputs. The feed's HTML is reduced to
//! plain text here; validation (lengths, URLs, hosts) is the same as for every
//! other way in, so a hostile feed is refused like a hostile JSON file.

use feed_rs::model::{Entry, Feed, Text};

use crate::domain::{ArticleInput, MAX_BODY_LEN, MAX_SUMMARY_LEN};
use crate::error::Invalid;

/// The feed's entries as article inputs, or why the document is not a usable feed.
pub fn articles_from_feed(document: &[u8]) -> Result<Vec<ArticleInput>, Invalid> {
    let feed = feed_rs::parser::parse(document)
        .map_err(|err| Invalid::new("invalid_feed", format!("not an RSS or Atom feed: {err}")))?;
    let source = feed.title.as_ref().map(plain).unwrap_or_default();
    feed.entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            entry_input(&feed, entry, &source).map_err(|message| {
                Invalid::new("invalid_feed", format!("entry #{}: {message}", index + 1))
            })
        })
        .collect()
}

fn entry_input(feed: &Feed, entry: &Entry, source: &str) -> Result<ArticleInput, String> {
    let url = entry
        .links
        .iter()
        .find(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .map(|link| link.href.clone())
        .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()))
        .ok_or("no link")?;
    let published = entry
        .published
        .or(entry.updated)
        .or(feed.published)
        .or(feed.updated)
        .ok_or("no publication date")?;
    let summary = entry.summary.as_ref().map(plain).unwrap_or_default();
    let body = entry
        .content
        .as_ref()
        .and_then(|content| content.body.as_deref())
        .map(html_to_text)
        .unwrap_or_default();
    Ok(ArticleInput {
        url,
        // Titles are not clipped: an oversized one is refused by validation.
        title: entry.title.as_ref().map(plain).ok_or("no title")?,
        summary: clip(summary, MAX_SUMMARY_LEN),
        body: clip(body, MAX_BODY_LEN),
        source: source.to_owned(),
        author: entry
            .authors
            .first()
            .map(|person| person.name.clone())
            .unwrap_or_default(),
        editor: String::new(),
        section: Vec::new(),
        tags: entry
            .categories
            .iter()
            .map(|category| {
                category
                    .label
                    .clone()
                    .unwrap_or_else(|| category.term.clone())
            })
            .collect(),
        image: lead_image(entry).unwrap_or_default(),
        published_at: published.to_rfc3339(),
        updated_at: entry
            .updated
            .filter(|updated| *updated != published)
            .map(|at| at.to_rfc3339()),
    })
}

/// A Media RSS thumbnail or image, else an image enclosure.
fn lead_image(entry: &Entry) -> Option<String> {
    let media = entry.media.iter();
    media
        .clone()
        .flat_map(|object| {
            object
                .thumbnails
                .iter()
                .map(|thumb| thumb.image.uri.clone())
        })
        .chain(media.flat_map(|object| {
            object.content.iter().filter_map(|content| {
                let is_image = content
                    .content_type
                    .as_ref()
                    .is_some_and(|mime| mime.ty() == "image");
                is_image
                    .then(|| content.url.as_ref().map(|url| url.to_string()))
                    .flatten()
            })
        }))
        .chain(entry.links.iter().filter_map(|link| {
            let image = link.rel.as_deref() == Some("enclosure")
                && link
                    .media_type
                    .as_deref()
                    .is_some_and(|ty| ty.starts_with("image/"));
            image.then(|| link.href.clone())
        }))
        .next()
}

fn plain(text: &Text) -> String {
    if text.content_type.subty() == "html" {
        html_to_text(&text.content)
    } else {
        collapse_spaces(&text.content)
    }
}

const INLINE_TAGS: [&str; 12] = [
    "a", "b", "i", "em", "strong", "span", "code", "small", "sub", "sup", "u", "mark",
];

/// Tags whose content is not text.
const HIDDEN_TAGS: [&str; 2] = ["script", "style"];

/// `rest` from the tag closing `name` on (case-insensitive), or empty. Linear:
/// a feed may hold many thousands of these.
fn from_closing_tag<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(at) = rest[from..].find("</") {
        let start = from + at;
        let after = &rest.as_bytes()[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return &rest[start..];
        }
        from = start + 2;
    }
    ""
}

/// Text content of an HTML fragment: tags (and script and style bodies) dropped,
/// the common entities decoded, whitespace collapsed. The widget renders text
/// only, so this is for readability, not safety.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let tag = &rest[open..];
        let Some(close) = tag.find('>') else {
            rest = "";
            break;
        };
        let closing = tag[1..].starts_with('/');
        let name = tag[1..close]
            .trim_start_matches('/')
            .split([' ', '/', '\t', '\n'])
            .next()
            .unwrap_or("");
        // Inline tags join their text (Chinese has no spaces to lose); others separate it.
        if !INLINE_TAGS
            .iter()
            .any(|inline| name.eq_ignore_ascii_case(inline))
        {
            text.push(' ');
        }
        rest = &tag[close + 1..];
        if !closing
            && HIDDEN_TAGS
                .iter()
                .any(|hidden| name.eq_ignore_ascii_case(hidden))
        {
            rest = from_closing_tag(rest, name);
        }
    }
    text.push_str(rest);
    collapse_spaces(&decode_entities(&text))
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &after[1..end]);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(name), Some(ch)) => {
                out.push(ch);
                rest = &after[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters: feed descriptions often carry whole articles.
fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>A &amp; B&nbsp;&lt;b&gt; &#x4E2D;&#25991;</p><script>alert(1)</script><p>x<b>粗</b>体</p>"),
            "A & B <b> 中文 x粗体"
        );
        assert_eq!(html_to_text("unclosed <a href='x"), "unclosed");
        assert_eq!(html_to_text("R&D &bogus; & more"), "R&D &bogus; & more");
        assert_eq!(html_to_text("a<STYLE>p{}</p></Style>b<script>x"), "a b");
        let many = "<script>x</script>".repeat(200_000);
        assert_eq!(html_to_text(&many), "");
    }

    proptest::proptest! {
        #[test]
        fn any_html_becomes_text_without_panic(html in "\\PC*", tagged in "([<>&;#x/a-zA-Z0-9 ]|&#[0-9]{1,8};|</?(script|style|b|p)>|\\PC){0,60}") {
            for html in [&html, &tagged] {
                let text = html_to_text(html);
                assert!(!text.contains("  "));
            }
        }

        #[test]
        fn any_bytes_are_a_feed_or_invalid_feed(document in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            if let Err(err) = articles_from_feed(&document) {
                assert_eq!(err.code, "invalid_feed");
            }
        }

        #[test]
        fn any_entry_text_in_a_real_feed_parses_or_is_refused(
            title in "\\PC{0,30}",
            link in "(https://news.example/|)\\PC{0,20}",
            date in "(Tue, 25 Mar 2025 09:09:00 \\+0800|\\PC{0,20})",
            description in "\\PC{0,60}",
        ) {
            let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;");
            let rss = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
                 <item><title>{}</title><link>{}</link><pubDate>{}</pubDate>\
                 <description>{}</description></item></channel></rss>",
                escape(&title), escape(&link), escape(&date), escape(&description)
            );
            let _ = articles_from_feed(rss.as_bytes());
        }
    }
}
