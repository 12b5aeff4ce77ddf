//! Related reading (相关阅读): title, summary, time and thumbnail of the site's
//! related articles; the first page comes with the bootstrap, "load more"
//! (加载更多) appends the next by its cursor.

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::{RelatedItem, RelatedPage};
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Element, MouseEvent};

use crate::api::{abort_on_cleanup, fetch_related};
use crate::article_link::ArticleLink;
use crate::context::use_widget;
use crate::events::{emit, emit_error, RELATED_CLICK};
use crate::i18n::Lang;
use crate::lazy_image::LazyImage;
use crate::published_time::PublishedTime;
use crate::safe_url::http_url;

/// What the visually hidden status line says about "load more".
#[derive(Clone, Copy, PartialEq)]
enum PageStatus {
    Idle,
    Loading,
    /// Shown as a message: the button stays for another try.
    Failed,
}

/// The list as it stands.
struct Pages {
    items: Vec<RelatedItem>,
    /// The next page's cursor; `None` at the end.
    next: Option<String>,
    status: PageStatus,
}

impl Pages {
    /// Appends the items of `page` not listed yet (a page never repeats one).
    fn append(&mut self, page: RelatedPage) {
        for item in page.items {
            if !self.items.iter().any(|shown| shown.url == item.url) {
                self.items.push(item);
            }
        }
        self.next = page.next;
        self.status = PageStatus::Idle;
    }
}

/// The related reading of the article of the widget context, with "load
/// more", for a Leptos app: built again when `first` or `lang` changes.
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::protocol::RelatedPage;
/// use newscard::{Lang, RelatedReading};
///
/// fn related(first: Signal<RelatedPage>) -> impl IntoView {
///     view! { <RelatedReading first lang=Lang::En /> }
/// }
/// ```
#[component]
pub fn RelatedReading(
    /// The first page (the widget request's `related`); the next ones are
    /// fetched from the server of the widget context.
    #[prop(into)]
    first: Signal<RelatedPage>,
    /// The reader's language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    move || view! { <RelatedReadingView first=first.get() lang=lang.get() /> }
}

/// The list for `NewsCard`, which builds it again itself: plain props keep
/// signal types, each a copy of Leptos' signal code, out of the widget.
#[component]
pub(crate) fn RelatedReadingView(
    /// The first page, from the bootstrap.
    first: RelatedPage,
    /// The reader's language.
    lang: Lang,
) -> impl IntoView {
    let widget = StoredValue::new(use_widget());
    let empty = first.items.is_empty();
    let mut shown = Pages {
        items: Vec::new(),
        next: None,
        status: PageStatus::Idle,
    };
    shown.append(first);
    let pages = RwSignal::new(shown);
    let status = move || pages.with(|pages| pages.status);
    let busy = move || (status() == PageStatus::Loading).to_string();
    // Aborts a pending page when the widget goes away.
    let signal = abort_on_cleanup();

    let load_more = move |_| {
        let Some(cursor) = pages.with_untracked(|pages| match pages.status {
            PageStatus::Loading => None,
            _ => pages.next.clone(),
        }) else {
            return;
        };
        pages.update(|pages| pages.status = PageStatus::Loading);
        let widget = widget.get_value();
        let article = widget.article.get_untracked();
        let signal = signal.clone();
        spawn_local(async move {
            let answer = fetch_related(&widget, &article, &cursor, signal.as_ref()).await;
            match answer {
                Ok(page) => pages.update(|pages| pages.append(page)),
                // Aborted: the list is gone, nothing to tell.
                Err(_) if signal.as_ref().is_some_and(AbortSignal::aborted) => {}
                Err(_) => {
                    pages.update(|pages| pages.status = PageStatus::Failed);
                    emit_error(&widget, "related_failed");
                }
            }
        });
    };

    let entry = move |item: RelatedItem| {
        let RelatedItem {
            url,
            title,
            summary,
            published_at,
            image,
        } = item;
        let clicked = http_url(&url).map(str::to_owned);
        // On the heading, for its link (a heading without one has none).
        let told = move |event: MouseEvent| {
            let on_link = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .is_some_and(|target| target.closest("a").ok().flatten().is_some());
            if let (true, Some(url)) = (on_link, &clicked) {
                emit(&widget.get_value(), RELATED_CLICK, &[("url", url.into())]);
            }
        };
        view! {
            <li part="related-item">
                <div>
                    <h4 class="clamp" on:click=told>
                        <ArticleLink url label=title />
                    </h4>
                    <p class="line">{summary}</p>
                    <PublishedTime at=published_at lang />
                </div>
                // Decorative: the title says it all.
                <LazyImage src=image class="thumb" />
            </li>
        }
    };
    let s = lang.strings();
    view! {
        <section class="related part" part="related" aria-label=s.related_title>
            <h3>{s.related_title}</h3>
            <ul aria-busy=busy>
                {empty.then(|| view! { <li class="status">{s.related_empty}</li> })}
                // Pages only append: the list is updated in place, item by
                // item (their elements kept), the new ones added at its end.
                {move || pages.with(|pages| pages.items.clone()).into_iter().map(entry).collect_view()}
            </ul>
            // The spinner (CSS) shows on the button while `aria-busy`.
            <button
                class=move || if pages.with(|pages| pages.next.is_some()) { "more" } else { "more done" }
                type="button"
                part="more"
                aria-busy=busy
                on:click=load_more
            >
                {s.load_more}
            </button>
            <p
                class=move || {
                    if status() == PageStatus::Failed { "toast" } else { "visually-hidden" }
                }
                role="status"
            >
                {move || match status() {
                    PageStatus::Idle => "",
                    PageStatus::Loading => s.loading,
                    PageStatus::Failed => s.load_more_failed,
                }}
            </p>
        </section>
    }
}
