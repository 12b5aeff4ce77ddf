//! The article card: breadcrumb, title, source and time, lead image, summary
//! with "read the rest", byline. `article_link`, `time` and `image` are shared
//! with the ranking and the related list: one view type each, built once.

use leptos::prelude::*;
use newscard_protocol::ArticleCard as Card;

use crate::i18n::{format_time, Lang};
use crate::safe_url::http_url;

/// The title as a link to the article, or as plain text when the URL is not
/// `http(s)`.
pub fn article_link(url: &str, title: String) -> AnyView {
    match http_url(url) {
        Some(href) => view! {
            <a href=href.to_owned() target="_blank" rel="noopener">{title}</a>
        }
        .into_any(),
        None => title.into_any(),
    }
}

/// A time in the reader's language (`Intl`), machine-readable in `datetime`.
pub fn time(rfc3339: String, lang: Lang) -> impl IntoView {
    let text = format_time(&rfc3339, lang);
    view! { <time datetime=rfc3339>{text}</time> }
}

/// A lazily loaded, decorative image (the title beside it says what it is);
/// its box has a fixed size in CSS, so loading it shifts nothing.
/// Nothing for an empty or non-`http(s)` URL.
pub fn image(src: &str, class: &'static str) -> Option<impl IntoView> {
    http_url(src).map(|src| {
        view! { <img class=class src=src.to_owned() alt="" loading="lazy" decoding="async" /> }
    })
}

#[component]
pub fn ArticleCard(card: Card, lang: Lang) -> impl IntoView {
    let s = lang.strings();
    let heading = article_link(&card.url, card.title);
    let read_more = http_url(&card.url).map(|href| {
        view! {
            <a class="read-more" href=href.to_owned() target="_blank" rel="noopener">{s.read_more}</a>
        }
    });
    let breadcrumb = (!card.section.is_empty()).then(|| {
        let crumbs = card
            .section
            .into_iter()
            .map(|name| view! { <li>{name}</li> })
            .collect_view();
        view! { <nav aria-label=s.breadcrumb><ol>{crumbs}</ol></nav> }
    });
    let source = (!card.source.is_empty()).then(|| view! { <span>{s.source}{card.source}</span> });
    let author = (!card.author.is_empty()).then(|| view! { <span>{s.author}{card.author}</span> });
    let editor = (!card.editor.is_empty()).then(|| view! { <span>{s.editor}{card.editor}</span> });
    // Every line keeps its height when empty: the card is always 230 px.
    view! {
        <article class="card part" part="card">
            <div class="breadcrumb line">{breadcrumb}</div>
            <h2 class="title clamp" part="title">{heading}</h2>
            <p class="meta line">
                {source}
                {time(card.published_at, lang)}
            </p>
            <div class="body">
                <p class="summary clamp">{card.summary}</p>
                {image(&card.image, "lead")}
            </div>
            <p class="foot">{read_more}<span class="byline line">{author}{editor}</span></p>
        </article>
    }
}
