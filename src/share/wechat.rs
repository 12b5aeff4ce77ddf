//! WeChat has no web share URL. On a desktop its button opens a popover with a
//! QR code of the article to scan; inside WeChat's own browser, an overlay that
//! points at the top-right menu instead. The dialog is always in the DOM, shown
//! or hidden, so focus can move into it at once. The code comes from our server
//! the first time the popover opens: the encoder stays out of the widget.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::QrCode;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::actions::user_agent;
use super::services::{is_wechat_browser, Service};
use crate::api::fetch_qr_code;
use crate::context::use_widget;
use crate::i18n::Lang;

/// White border around the code, in modules, as the QR standard asks.
const QUIET_ZONE: u32 = 4;

/// The popover (or overlay) that the WeChat button opens; it keeps focus while
/// open, and the button (`use:focus_when=(open, false)`) takes it back.
#[component]
pub fn WeChatDialog(
    /// Whether it shows.
    open: RwSignal<bool>,
    /// The article's URL, made into the QR code.
    url: String,
    lang: Lang,
) -> impl IntoView {
    let in_wechat = is_wechat_browser(&user_agent());
    // The QR code, its view box and path: empty until the popover first opens
    // and the server answers; `failed` if it could not. Strings and a flag, not
    // one `Option<Result<QrCode, _>>`: every signal type costs its own copy of
    // Leptos' signal code (BENCHMARKS.md).
    let view_box = RwSignal::new(String::new());
    let path = RwSignal::new(String::new());
    let failed = RwSignal::new(false);
    let widget = StoredValue::new(use_widget());
    let load_code = {
        let url = url.clone();
        move || {
            let url = url.clone();
            spawn_local(async move {
                match fetch_qr_code(&widget.get_value(), &url, None).await {
                    Ok(QrCode { size, path: drawn }) => {
                        let side = size + 2 * QUIET_ZONE;
                        view_box.set(format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}"));
                        path.set(drawn);
                    }
                    Err(_) => failed.set(true),
                }
            });
        }
    };
    // Opening asks for the code until an answer is in (a reader reopening it
    // while it loads asks again, and the browser's cache answers); a failure
    // stays, its message pointing at the copy button.
    Effect::new(move || {
        let unanswered = path.with_untracked(String::is_empty) && !failed.get_untracked();
        if open.get() && !in_wechat && cfg!(feature = "qr") && unanswered {
            load_code();
        }
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
            if failed.get() {
                Some(Either::Right(view! {
                    <p class="qr-failed">{lang.strings().qr_failed}</p>
                }))
            } else if path.with(|path| !path.is_empty()) {
                Some(Either::Left(view! {
                    <svg class="qr" viewBox=view_box.get() role="img" aria-label=url.clone()>
                        <path d=path.get() fill={"#000"} />
                    </svg>
                }))
            } else {
                None
            }
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
            <button class="close" type="button" use:focus_when=(open, true)
                on:click=move |_| open.set(false)>
                {lang.strings().close}
            </button>
        </div>
    }
}

/// A directive, `use:focus_when=(open, value)`: focuses its element each time
/// `open` changes to `value` (not when first shown): the close button as the
/// dialog opens, the WeChat button as it closes.
pub fn focus_when(el: Element, (open, value): (RwSignal<bool>, bool)) {
    Effect::new(move |was: Option<bool>| {
        let now = open.get();
        if was.is_some_and(|was| was != now) && now == value {
            let _ = el.unchecked_ref::<HtmlElement>().focus();
        }
        now
    });
}
