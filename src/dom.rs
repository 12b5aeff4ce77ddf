//! Direct DOM calls for the parts built once, when their data arrives. Each
//! `view!` is a type of its own for which tachys compiles build, mount and
//! unmount code, kilobytes of wasm per part; one of these calls is a few bytes.
//! Text always goes in as text, never as HTML.

use leptos::prelude::{document, on_cleanup};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, Event, Node};

use crate::i18n::{format_time, Lang};
use crate::safe_url::http_url;

/// A new `tag` element at the end of `parent`, with `class` and `text` unless
/// they are empty.
pub fn child(parent: &Node, tag: &str, class: &str, text: &str) -> Element {
    let element = document().create_element(tag).unwrap_throw();
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    let _ = parent.append_child(&element);
    element
}

/// A new SVG `tag` element at the end of `parent`.
pub fn svg_child(parent: &Node, tag: &str, attributes: &[(&str, &str)]) -> Element {
    let element = document()
        .create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
        .unwrap_throw();
    set(&element, attributes);
    let _ = parent.append_child(&element);
    element
}

pub fn set(element: &Element, attributes: &[(&str, &str)]) {
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
}

/// The text of a status line, when there is one (a loading, empty or failed
/// message, or nothing).
pub fn say(line: Option<&Element>, text: &str) {
    if let Some(line) = line {
        line.set_text_content(Some(text));
    }
}

/// A text node at the end of `parent`.
pub fn text(parent: &Node, text: &str) {
    let _ = parent.append_child(&document().create_text_node(text));
}

/// `label` as a link to `url` in a new tab, or as plain text inside `parent`
/// when the URL is not `http(s)`.
pub fn link(parent: &Node, url: &str, class: &str, label: &str) {
    match http_url(url) {
        Some(href) => set(
            &child(parent, "a", class, label),
            &[("href", href), ("target", "_blank"), ("rel", "noopener")],
        ),
        None => text(parent, label),
    }
}

/// A time in the reader's language and time zone, machine-readable in `datetime`.
pub fn time(parent: &Node, rfc3339: &str, lang: Lang) {
    set(
        &child(parent, "time", "", &format_time(rfc3339, lang)),
        &[("datetime", rfc3339)],
    );
}

/// A lazily loaded, decorative image (the title beside it says what it is);
/// its box has a fixed size in CSS, so loading it shifts nothing. Nothing for
/// an empty or non-`http(s)` URL.
pub fn image(parent: &Node, src: &str, class: &str) {
    if let Some(src) = http_url(src) {
        set(
            &child(parent, "img", class, ""),
            &[
                ("src", src),
                ("alt", ""),
                ("loading", "lazy"),
                ("decoding", "async"),
            ],
        );
    }
}

/// Calls `handler` for every `event` on `target` until the current reactive
/// owner is cleaned up (the widget unmounted), which removes the listener and
/// frees the closure.
pub fn on(target: &Element, event: &'static str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let kept = SendWrapper::new((target.clone(), closure));
    on_cleanup(move || {
        let (target, closure) = kept.take();
        let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    });
}

/// The element an event happened on, or the nearest ancestor matching
/// `selector`: how one listener on a part serves all its buttons.
pub fn closest(event: &Event, selector: &str) -> Option<Element> {
    event
        .target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}
