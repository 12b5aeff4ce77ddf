//! The article card: breadcrumb, title, source and time, summary, byline.

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

#[component]
pub fn ArticleCard(card: Card, lang: Lang) -> impl IntoView {
    let s = lang.strings();
    let published = format_time(&card.published_at, lang);
    let heading = article_link(&card.url, card.title);
    let breadcrumb = (!card.section.is_empty()).then(|| {
        let crumbs = card
            .section
            .into_iter()
            .map(|name| view! { <li>{name}</li> })
            .collect_view();
        view! { <nav class="breadcrumb" aria-label=s.breadcrumb><ol>{crumbs}</ol></nav> }
    });
    let source = (!card.source.is_empty()).then(|| view! { <span>{s.source}{card.source}</span> });
    let summary =
        (!card.summary.is_empty()).then(|| view! { <p class="summary">{card.summary}</p> });
    let author = (!card.author.is_empty()).then(|| view! { <span>{s.author}{card.author}</span> });
    let editor = (!card.editor.is_empty()).then(|| view! { <span>{s.editor}{card.editor}</span> });
    view! {
        <article class="card">
            {breadcrumb}
            <h2 class="title">{heading}</h2>
            <p class="meta">
                {source}
                <time datetime=card.published_at>{published}</time>
            </p>
            {summary}
            <p class="byline">{author}{editor}</p>
        </article>
    }
}
