//! WeChat has no web share URL. On a desktop its button opens a popover with a
//! QR code of the article to scan; inside WeChat's own browser, an overlay that
//! points at the top-right menu instead. The dialog is always in the DOM, shown
//! or hidden, so focus can move into it at once. The code comes from our server
//! the first time the popover opens: the encoder stays out of the widget.

use leptos::either::Either;
use leptos::html::Button;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::QrCode;
use web_sys::KeyboardEvent;

use super::actions::user_agent;
use super::services::{is_wechat_browser, Service};
use crate::api::{fetch_qr_code, LoadError};
use crate::context::use_widget;
use crate::i18n::Lang;

/// White border around the code, in modules, as the QR standard asks.
const QUIET_ZONE: u32 = 4;

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
    let in_wechat = is_wechat_browser(&user_agent());
    // The QR code: none until the popover first opens and the server answers.
    let code = RwSignal::new(None::<Result<QrCode, LoadError>>);
    let widget = StoredValue::new(use_widget());
    let load_code = {
        let url = url.clone();
        move || {
            let url = url.clone();
            spawn_local(async move {
                let answer = fetch_qr_code(&widget.get_value(), &url, None).await;
                code.set(Some(answer));
            });
        }
    };
    // Opening asks for the code until an answer is in (a reader reopening it
    // while it loads asks again, and the browser's cache answers); a failure
    // stays, its message pointing at the copy button. Focus follows the dialog
    // once it is shown or hidden (not on the first run).
    Effect::new(move |was_open: Option<bool>| {
        let open = open.get();
        if open && !in_wechat && cfg!(feature = "qr") && code.with_untracked(Option::is_none) {
            load_code();
        }
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
    let content = if in_wechat {
        Either::Left(view! {
            <p class="wechat-hint">
                <span class="arrow" aria-hidden={"true"}>{"↗"}</span>
                {lang.strings().wechat_in_app}
            </p>
        })
    } else {
        let qr = move || {
            code.with(|code| match code {
                Some(Ok(QrCode { size, path })) => {
                    let side = size + 2 * QUIET_ZONE;
                    let view_box = format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}");
                    Some(Either::Left(view! {
                        <svg class="qr" viewBox=view_box role="img" aria-label=url.clone()>
                            <path d=path.clone() fill={"#000"} />
                        </svg>
                    }))
                }
                Some(Err(_)) => Some(Either::Right(view! {
                    <p class="qr-failed">{lang.strings().qr_failed}</p>
                })),
                _ => None,
            })
        };
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
