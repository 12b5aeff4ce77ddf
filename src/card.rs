//! The article card: breadcrumb, title, source and time, summary with "read
//! the rest" and the lead image, byline. Every line keeps its height when
//! empty, so the card is always 230 px (`style.css`).

use newscard_protocol::ArticleCard as Card;
use web_sys::Node;

use crate::dom::{child, image, link, set, time};
use crate::i18n::Lang;
use crate::safe_url::http_url;

pub fn article_card(parent: &Node, card: &Card, lang: Lang) {
    let s = lang.strings();
    let article = child(parent, "article", "card part", "");
    set(&article, &[("part", "card")]);

    let breadcrumb = child(&article, "div", "breadcrumb line", "");
    if !card.section.is_empty() {
        let nav = child(&breadcrumb, "nav", "", "");
        set(&nav, &[("aria-label", s.breadcrumb)]);
        let list = child(&nav, "ol", "", "");
        for name in &card.section {
            child(&list, "li", "", name);
        }
    }

    let title = child(&article, "h2", "title clamp", "");
    set(&title, &[("part", "title")]);
    link(&title, &card.url, "", &card.title);

    let meta = child(&article, "p", "meta line", "");
    if !card.source.is_empty() {
        child(&meta, "span", "", &[s.source, &card.source].concat());
    }
    time(&meta, &card.published_at, lang);

    let body = child(&article, "div", "body", "");
    child(&body, "p", "summary clamp", &card.summary);
    image(&body, &card.image, "lead");

    let foot = child(&article, "p", "foot", "");
    if http_url(&card.url).is_some() {
        link(&foot, &card.url, "read-more", s.read_more);
    }
    let byline = child(&foot, "span", "byline line", "");
    for (label, name) in [(s.author, &card.author), (s.editor, &card.editor)] {
        if !name.is_empty() {
            child(&byline, "span", "", &[label, name].concat());
        }
    }
}
