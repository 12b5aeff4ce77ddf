//! The article card: breadcrumb, title, source and time, summary with "read
//! the rest" and the lead image, byline. Every line keeps its height when
//! empty, so the card is always 230 px (`style.css`).

pub mod page_meta;

use leptos::prelude::*;
use newscard_protocol::ArticleCard as Card;

use crate::article_link::ArticleLink;
use crate::i18n::Lang;
use crate::lazy_image::LazyImage;
use crate::published_time::PublishedTime;
use crate::safe_url::http_url;

/// The card of one article, every field shown as text, for a Leptos app:
/// built again when `card` or `lang` changes.
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::protocol::ArticleCard as Card;
/// use newscard::{ArticleCard, Lang};
///
/// /// The story the app's route names, in the reader's language.
/// fn story(card: Signal<Card>, lang: Signal<Lang>) -> impl IntoView {
///     view! { <ArticleCard card lang /> }
/// }
/// ```
#[component]
pub fn ArticleCard(
    /// What the card shows; every field is text (links only `http(s)`).
    #[prop(into)]
    card: Signal<Card>,
    /// The reader's language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    move || view! { <ArticleCardView card=card.get() lang=lang.get() /> }
}

/// The card for `NewsCard`, which builds it again itself: plain props keep
/// signal types, each a copy of Leptos' signal code, out of the widget.
#[component]
pub(crate) fn ArticleCardView(
    /// The article.
    card: Card,
    /// The reader's language.
    lang: Lang,
) -> impl IntoView {
    let s = lang.strings();
    let Card {
        url,
        title,
        summary,
        source,
        author,
        editor,
        section,
        published_at,
        image,
        ..
    } = card;
    let read_more = http_url(&url).map(|href| {
        view! {
            <a class="read-more" href=href.to_owned() target="_blank" rel="noopener">
                {s.read_more}
            </a>
        }
    });
    view! {
        <article class="card part" part="card">
            <div class="breadcrumb line">
                {(!section.is_empty()).then(|| view! {
                    <nav aria-label=s.breadcrumb>
                        <ol>{section.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ol>
                    </nav>
                })}
            </div>
            <h2 class="title clamp" part="title">
                <ArticleLink url label=title />
            </h2>
            <p class="meta line">
                {labelled(s.source, source)}
                <PublishedTime at=published_at lang />
            </p>
            <div class="body">
                <p class="summary clamp">{summary}</p>
                <LazyImage src=image class="lead" />
            </div>
            <p class="foot">
                {read_more}
                <span class="byline line">
                    {labelled(s.author, author)}
                    {labelled(s.editor, editor)}
                </span>
            </p>
        </article>
    }
}

/// "来源：新华社": a field after its label in the reader's language; nothing
/// when the field is empty.
fn labelled(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| view! { <span>{label}{value}</span> })
}
