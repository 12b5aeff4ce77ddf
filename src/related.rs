//! Related reading (相关阅读): title, summary, time and thumbnail of the site's
//! related articles; the first page comes with the bootstrap, "load more"
//! (加载更多) appends the next by its cursor.
//!
//! Built with direct DOM calls (`dom.rs`), like every part.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::task::spawn_local;
use newscard_protocol::{RelatedItem, RelatedPage};
use web_sys::{Element, Node};

use crate::api::{abort_on_cleanup, fetch_related};
use crate::config::WidgetConfig;
use crate::dom::{child, closest, image, link, on, set, time};
use crate::events::{emit, emit_error, RELATED_CLICK};
use crate::i18n::Lang;

/// Appends one `<li>` per item not shown yet (a page never repeats one): all
/// text as text nodes, links and images only for `http(s)` URLs.
fn render(list: &Element, items: Vec<RelatedItem>, shown: &mut Vec<String>, lang: Lang) {
    for item in items {
        if shown.contains(&item.url) {
            continue;
        }
        let li = child(list, "li", "", "");
        set(&li, &[("part", "related-item")]);
        let text = child(&li, "div", "", "");
        link(&child(&text, "h4", "clamp", ""), &item.url, "", &item.title);
        child(&text, "p", "line", &item.summary);
        time(&text, &item.published_at, lang);
        // Decorative: the title says it all.
        image(&li, &item.image, "thumb");
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

fn set_busy(button: &Element, list: &Element, value: &str) {
    set(button, &[("aria-busy", value)]);
    set(list, &[("aria-busy", value)]);
}

pub fn related_list(parent: &Node, config: WidgetConfig, first: RelatedPage) {
    let lang = config.lang;
    let s = lang.strings();
    let section = child(parent, "section", "related part", "");
    set(
        &section,
        &[("part", "related"), ("aria-label", s.related_title)],
    );
    child(&section, "h3", "", s.related_title);
    let list = child(&section, "ul", "", "");
    set(&list, &[("aria-busy", "false")]);
    let class = if first.next.is_none() {
        "more done"
    } else {
        "more"
    };
    let button = child(&section, "button", class, s.load_more);
    set(
        &button,
        &[("type", "button"), ("part", "more"), ("aria-busy", "false")],
    );
    let status = child(&section, "p", "visually-hidden", "");
    set(&status, &[("role", "status")]);

    if first.items.is_empty() {
        child(&list, "li", "status", s.related_empty);
    }
    let pages = Rc::new(RefCell::new(Pages {
        next: first.next,
        shown: Vec::new(),
        busy: false,
    }));
    render(&list, first.items, &mut pages.borrow_mut().shown, lang);

    // Clicks on any item's link, told to the host page.
    let clicks = config.clone();
    on(&list, "click", move |event| {
        if let Some(link) = closest(&event, "a[href]") {
            let url = link.get_attribute("href").unwrap_or_default();
            emit(&clicks, RELATED_CLICK, &[("url", url.into())]);
        }
    });

    // Aborts a pending page when the widget goes away.
    let signal = abort_on_cleanup();
    let more = button.clone();
    on(&button, "click", move |_| {
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
        // The spinner (CSS) shows on the button while `aria-busy`; the status
        // line, visually hidden, reads "loading" out.
        set_busy(&more, &list, "true");
        status.set_class_name("visually-hidden");
        status.set_text_content(Some(s.loading));
        let (config, signal, pages) = (config.clone(), signal.clone(), pages.clone());
        let (button, list, status) = (more.clone(), list.clone(), status.clone());
        spawn_local(async move {
            let answer = fetch_related(&config, &cursor, signal.as_ref()).await;
            let failed = {
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
                        false
                    }
                    // The button stays for another try.
                    Err(_) => {
                        status.set_class_name("toast");
                        status.set_text_content(Some(s.load_more_failed));
                        true
                    }
                }
            };
            if failed {
                emit_error(&config, "related_failed");
            }
        });
    });
}
