//! WeChat has no web share URL. On a desktop its button opens a popover with a
//! QR code of the article to scan; inside WeChat's own browser, an overlay that
//! points at the top-right menu instead.
//!
//! The dialog is always in the DOM and shown or hidden directly, so focus can
//! move into it at once; a reactive version costs kilobytes of wasm for nothing.

use leptos::either::Either;
use leptos::ev::KeyboardEvent;
use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::user_agent;
use super::qr::qr_svg;
use super::services::{is_wechat_browser, Service};
use crate::i18n::Lang;

/// The dialog's element and the button that opens it.
#[derive(Clone, Copy)]
pub struct WeChatDialogRefs {
    pub dialog: NodeRef<Div>,
    pub trigger: NodeRef<Button>,
}

impl WeChatDialogRefs {
    pub fn new() -> Self {
        Self {
            dialog: NodeRef::new(),
            trigger: NodeRef::new(),
        }
    }

    /// Opens the dialog and moves focus to its close button, or closes it and
    /// returns focus to the trigger.
    pub fn set_open(self, open: bool) {
        let Some(dialog) = self.dialog.get_untracked() else {
            return;
        };
        dialog.set_hidden(!open);
        if let Some(trigger) = self.trigger.get_untracked() {
            let _ = trigger.set_attribute("aria-expanded", if open { "true" } else { "false" });
            if !open {
                let _ = trigger.focus();
            }
        }
        if open {
            if let Ok(Some(close)) = dialog.query_selector(".close") {
                if let Ok(close) = close.dyn_into::<web_sys::HtmlElement>() {
                    let _ = close.focus();
                }
            }
        }
    }

    pub fn is_open(self) -> bool {
        self.dialog
            .get_untracked()
            .is_some_and(|dialog| !dialog.hidden())
    }
}

#[component]
pub fn WeChatDialog(url: String, lang: Lang, refs: WeChatDialogRefs) -> impl IntoView {
    let s = lang.strings();
    let in_wechat = is_wechat_browser(&user_agent());
    // The only control inside is the close button, so Tab stays on it.
    let on_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Escape" => refs.set_open(false),
        "Tab" => event.prevent_default(),
        _ => {}
    };
    let body = if in_wechat {
        Either::Left(view! {
            <p class="wechat-hint"><span class="arrow" aria-hidden={"true"}>"↗"</span>{s.wechat_in_app}</p>
        })
    } else {
        let code = qr_svg(&url).map(|qr| {
            let view_box = qr.view_box();
            view! {
                <svg class="qr" viewBox=view_box role="img" aria-label=url>
                    <rect x="-4" y="-4" width="100%" height="100%" fill={"#fff"}></rect>
                    <path d=qr.path fill="#000"></path>
                </svg>
            }
        });
        Either::Right(view! { {code}<p>{s.wechat_scan}</p> })
    };
    view! {
        <div
            class=if in_wechat { "wechat-overlay" } else { "wechat-popover" }
            role="dialog"
            aria-modal="true"
            aria-label=Service::WeChat.name(lang)
            hidden=true
            node_ref=refs.dialog
            on:keydown=on_keydown
        >
            {body}
            <button type="button" class="close" on:click=move |_| refs.set_open(false)>{s.close}</button>
        </div>
    }
}
