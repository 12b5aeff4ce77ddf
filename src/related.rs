//! Related reading (相关阅读): title, summary, time and thumbnail of the site's
//! related articles; the first page comes with the bootstrap, "load more"
//! (加载更多) appends the next by its cursor.
//!
//! Leptos renders the static shell only; items and the busy and error states
//! are plain DOM calls. Reactive lists, signals and attribute effects are each
//! monomorphized per type, and cost several kilobytes of wasm here for what a
//! few `appendChild` and `setAttribute` calls do.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev::MouseEvent;
use leptos::html::Button;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::{RelatedItem, RelatedPage};
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::Element;

use crate::api::{abort_on_cleanup, fetch_related};
use crate::config::WidgetConfig;
use crate::events::{emit, emit_error, RELATED_CLICK};
use crate::i18n::{format_time, Lang};
use crate::safe_url::http_url;

/// A new `tag` element at the end of `parent`, with `text` as its text.
fn child(parent: &Element, tag: &str, text: &str) -> Element {
    let element = document().create_element(tag).unwrap_throw();
    element.set_text_content(Some(text));
    let _ = parent.append_child(&element);
    element
}

fn set(element: &Element, attributes: &[(&str, &str)]) {
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
}

/// Appends one `<li>` per item not shown yet (a page never repeats one): all
/// text as text nodes, links and images only for `http(s)` URLs.
fn render(list: &Element, items: Vec<RelatedItem>, shown: &mut Vec<String>, lang: Lang) {
    for item in items {
        if shown.contains(&item.url) {
            continue;
        }
        let li = child(list, "li", "");
        set(&li, &[("part", "related-item")]);
        let text = child(&li, "div", "");
        let heading = child(&text, "h4", "");
        heading.set_class_name("clamp");
        match http_url(&item.url) {
            Some(href) => set(
                &child(&heading, "a", &item.title),
                &[("href", href), ("target", "_blank"), ("rel", "noopener")],
            ),
            None => heading.set_text_content(Some(&item.title)),
        }
        child(&text, "p", &item.summary).set_class_name("line");
        let time = child(&text, "time", &format_time(&item.published_at, lang));
        set(&time, &[("datetime", &item.published_at)]);
        // Decorative (the title says it all); its box is sized by CSS, so a
        // late image shifts nothing.
        if let Some(src) = http_url(&item.image) {
            set(
                &child(&li, "img", ""),
                &[
                    ("class", "thumb"),
                    ("src", src),
                    ("alt", ""),
                    ("loading", "lazy"),
                    ("decoding", "async"),
                ],
            );
        }
        shown.push(item.url);
    }
}

struct Pages {
    /// The next page's cursor; `None` at the end.
    next: Option<String>,
    /// URLs listed so far.
    shown: Vec<String>,
    busy: bool,
}

/// The shell's parts around the button: `(list, status line)`.
fn parts(button: &Element) -> (Element, Element) {
    (
        button.previous_element_sibling().unwrap_throw(),
        button.next_element_sibling().unwrap_throw(),
    )
}

fn set_busy(button: &Element, list: &Element, value: &str) {
    set(button, &[("aria-busy", value)]);
    set(list, &[("aria-busy", value)]);
}

#[component]
pub fn RelatedList(config: WidgetConfig, first: RelatedPage) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let button = NodeRef::<Button>::new();
    let at_end = first.next.is_none();
    let pages = Rc::new(RefCell::new(Pages {
        next: first.next,
        shown: Vec::new(),
        busy: false,
    }));
    {
        let pages = pages.clone();
        button.on_load(move |button| {
            let (list, _) = parts(&button);
            if first.items.is_empty() {
                child(&list, "li", s.related_empty).set_class_name("status");
            }
            render(&list, first.items, &mut pages.borrow_mut().shown, lang);
        });
    }
    // Aborts a pending page when the widget goes away.
    let signal = abort_on_cleanup();
    let clicks = config.clone();

    let load_more = move |_| {
        let Some(button) = button.get_untracked() else {
            return;
        };
        let cursor = {
            let mut pages = pages.borrow_mut();
            match pages.next.clone() {
                Some(cursor) if !pages.busy => {
                    pages.busy = true;
                    cursor
                }
                _ => return,
            }
        };
        let button: Element = button.into();
        let (list, status) = parts(&button);
        // The spinner (CSS) shows on the button while `aria-busy`; the status
        // line, visually hidden, reads "loading" out.
        set_busy(&button, &list, "true");
        status.set_class_name("visually-hidden");
        status.set_text_content(Some(s.loading));
        let (config, signal, pages) = (config.clone(), signal.clone(), pages.clone());
        spawn_local(async move {
            let answer = fetch_related(&config, &cursor, signal.as_ref()).await;
            let mut pages = pages.borrow_mut();
            pages.busy = false;
            set_busy(&button, &list, "false");
            match answer {
                Ok(page) => {
                    status.set_text_content(None);
                    render(&list, page.items, &mut pages.shown, lang);
                    pages.next = page.next;
                    if pages.next.is_none() {
                        button.set_class_name("more done");
                    }
                }
                // The button stays for another try.
                Err(_) => {
                    emit_error(&config, "related_failed");
                    status.set_class_name("toast");
                    status.set_text_content(Some(s.load_more_failed));
                }
            }
        });
    };

    // Clicks on any item's link, told to the host page.
    let opened = move |event: MouseEvent| {
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|target| target.closest("a[href]").ok().flatten());
        if let Some(link) = link {
            let url = link.get_attribute("href").unwrap_or_default();
            emit(&clicks, RELATED_CLICK, &[("url", url.into())]);
        }
    };

    view! {
        <section class="related part" part="related" aria-label=s.related_title>
            <h3>{s.related_title}</h3>
            <ul aria-busy="false" on:click=opened></ul>
            <button
                type="button"
                class=if at_end { "more done" } else { "more" }
                part="more"
                aria-busy="false"
                node_ref=button
                on:click=load_more
            >
                {s.load_more}
            </button>
            <p class="visually-hidden" role={"status"}></p>
        </section>
    }
}
