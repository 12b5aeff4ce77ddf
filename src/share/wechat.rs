//! WeChat has no web share URL. On a desktop its button opens a popover with a
//! QR code of the article to scan; inside WeChat's own browser, an overlay that
//! points at the top-right menu instead. The dialog is always in the DOM, shown
//! or hidden, so focus can move into it at once.

use leptos::either::Either;
use leptos::html::Button;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::actions::user_agent;
use super::qr::{qr_svg, QUIET_ZONE};
use super::services::{is_wechat_browser, Service};
use crate::i18n::Lang;

/// The popover (or overlay) that `trigger` opens; it keeps focus while open
/// and gives it back to `trigger` when it closes.
#[component]
pub fn WeChatDialog(
    /// Whether it shows.
    open: RwSignal<bool>,
    /// The WeChat button.
    trigger: NodeRef<Button>,
    /// The article's URL, made into the QR code.
    url: String,
    lang: Lang,
) -> impl IntoView {
    let close = NodeRef::<Button>::new();
    // Focus follows the dialog once it is shown or hidden (not on the first run).
    Effect::new(move |was_open: Option<bool>| {
        let open = open.get();
        if was_open.is_some_and(|was| was != open) {
            let target = if open { close.get() } else { trigger.get() };
            if let Some(target) = target {
                let _ = target.focus();
            }
        }
        open
    });
    // The only control inside is the close button, so Tab stays on it.
    let on_key = move |event: KeyboardEvent| match event.key().as_str() {
        "Escape" => open.set(false),
        "Tab" => event.prevent_default(),
        _ => {}
    };
    let in_wechat = is_wechat_browser(&user_agent());
    let content = if in_wechat {
        Either::Left(view! {
            <p class="wechat-hint">
                <span class="arrow" aria-hidden={"true"}>{"↗"}</span>
                {lang.strings().wechat_in_app}
            </p>
        })
    } else {
        let qr = cfg!(feature = "qr")
            .then(|| qr_svg(&url))
            .flatten()
            .map(|qr| {
                let (corner, view_box) = (-QUIET_ZONE, qr.view_box());
                view! {
                    <svg class="qr" viewBox=view_box role="img" aria-label=url>
                        <rect x=corner y=corner width="100%" height="100%" fill={"#fff"} />
                        <path d=qr.path fill={"#000"} />
                    </svg>
                }
            });
        Either::Right(view! { {qr}<p>{lang.strings().wechat_scan}</p> })
    };
    view! {
        <div
            class=if in_wechat { "wechat-overlay" } else { "wechat-popover" }
            role="dialog"
            aria-modal="true"
            aria-label=Service::WeChat.name(lang)
            hidden=move || !open.get()
            on:keydown=on_key
        >
            {content}
            <button class="close" type="button" node_ref=close on:click=move |_| open.set(false)>
                {lang.strings().close}
            </button>
        </div>
    }
}
