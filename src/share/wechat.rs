//! WeChat has no web share URL. On a desktop its button opens a popover with a
//! QR code of the article to scan; inside WeChat's own browser, an overlay that
//! points at the top-right menu instead. The dialog is always in the DOM and
//! shown or hidden directly, so focus can move into it at once.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, Node};

use super::actions::user_agent;
use super::qr::qr_svg;
use super::services::{is_wechat_browser, Service};
use crate::dom::{child, on, set, svg_child, text};
use crate::i18n::Lang;

/// The dialog and the button that opens it.
#[derive(Clone)]
pub struct WeChatDialog {
    dialog: HtmlElement,
    trigger: Element,
}

impl WeChatDialog {
    /// Appends the (hidden) dialog for `url` to `parent`; `trigger` is the
    /// WeChat button.
    pub fn build(parent: &Node, trigger: Element, url: &str, lang: Lang) -> Self {
        let s = lang.strings();
        let in_wechat = is_wechat_browser(&user_agent());
        let class = if in_wechat {
            "wechat-overlay"
        } else {
            "wechat-popover"
        };
        let dialog: HtmlElement = child(parent, "div", class, "").unchecked_into();
        set(
            &dialog,
            &[
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-label", Service::WeChat.name(lang)),
            ],
        );
        dialog.set_hidden(true);
        if in_wechat {
            let hint = child(&dialog, "p", "wechat-hint", "");
            set(
                &child(&hint, "span", "arrow", "↗"),
                &[("aria-hidden", "true")],
            );
            text(&hint, s.wechat_in_app);
        } else {
            let qr = if cfg!(feature = "qr") {
                qr_svg(url)
            } else {
                None
            };
            if let Some(qr) = qr {
                let svg = svg_child(
                    &dialog,
                    "svg",
                    &[
                        ("class", "qr"),
                        ("viewBox", &qr.view_box()),
                        ("role", "img"),
                        ("aria-label", url),
                    ],
                );
                svg_child(
                    &svg,
                    "rect",
                    &[
                        ("x", "-4"),
                        ("y", "-4"),
                        ("width", "100%"),
                        ("height", "100%"),
                        ("fill", "#fff"),
                    ],
                );
                svg_child(&svg, "path", &[("d", &qr.path), ("fill", "#000")]);
            }
            child(&dialog, "p", "", s.wechat_scan);
        }
        let close = child(&dialog, "button", "close", s.close);
        set(&close, &[("type", "button")]);

        let this = Self { dialog, trigger };
        let closing = this.clone();
        on(&close, "click", move |_| closing.set_open(false));
        // The only control inside is the close button, so Tab stays on it.
        let keys = this.clone();
        on(&this.dialog, "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            match event.key().as_str() {
                "Escape" => keys.set_open(false),
                "Tab" => event.prevent_default(),
                _ => {}
            }
        });
        this
    }

    /// Opens the dialog and moves focus to its close button, or closes it and
    /// returns focus to the trigger.
    pub fn set_open(&self, open: bool) {
        self.dialog.set_hidden(!open);
        set(
            &self.trigger,
            &[("aria-expanded", if open { "true" } else { "false" })],
        );
        let focus = if open {
            self.dialog.query_selector(".close").ok().flatten()
        } else {
            Some(self.trigger.clone())
        };
        if let Some(target) = focus.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
            let _ = target.focus();
        }
    }

    pub fn is_open(&self) -> bool {
        !self.dialog.hidden()
    }
}
