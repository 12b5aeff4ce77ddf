//! What the non-link share controls do in the browser: copy, the native share
//! sheet, and the privacy signals that turn off share counting.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlTextAreaElement, ShadowRoot};

fn navigator() -> JsValue {
    web_sys::window().map_or(JsValue::UNDEFINED, |w| w.navigator().into())
}

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `target[name](args…)`; `None` if it is not a function or throws.
fn call(target: &JsValue, name: &str, args: &js_sys::Array) -> Option<JsValue> {
    get(target, name)
        .dyn_into::<Function>()
        .ok()?
        .apply(target, args)
        .ok()
}

pub fn user_agent() -> String {
    get(&navigator(), "userAgent")
        .as_string()
        .unwrap_or_default()
}

/// Global Privacy Control or Do Not Track: the reader asked not to be counted.
pub fn reader_opted_out() -> bool {
    let navigator = navigator();
    get(&navigator, "globalPrivacyControl").as_bool() == Some(true)
        || get(&navigator, "doNotTrack").as_string().as_deref() == Some("1")
}

pub fn has_native_share() -> bool {
    get(&navigator(), "share").is_function()
}

/// Opens the browser's share sheet; the reader may cancel, which is fine.
pub fn native_share(url: &str, title: &str, text: &str) {
    let data = Object::new();
    for (key, value) in [("url", url), ("title", title), ("text", text)] {
        let _ = Reflect::set(&data, &key.into(), &value.into());
    }
    if let Some(promise) = call(&navigator(), "share", &js_sys::Array::of1(&data)) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}

/// Copies `text`: the Clipboard API, else a hidden textarea and `execCommand`.
pub async fn copy(text: &str, shadow: Option<ShadowRoot>) -> bool {
    let clipboard = get(&navigator(), "clipboard");
    if let Some(promise) = call(&clipboard, "writeText", &js_sys::Array::of1(&text.into())) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            if JsFuture::from(promise).await.is_ok() {
                return true;
            }
        }
    }
    copy_with_textarea(text, shadow).unwrap_or(false)
}

fn copy_with_textarea(text: &str, shadow: Option<ShadowRoot>) -> Option<bool> {
    let document = web_sys::window()?.document()?;
    let area: HtmlTextAreaElement = document.create_element("textarea").ok()?.dyn_into().ok()?;
    area.set_value(text);
    area.set_read_only(true);
    area.set_class_name("offscreen");
    let parent: web_sys::Node = match shadow {
        Some(shadow) => shadow.into(),
        None => document.body()?.into(),
    };
    parent.append_child(&area).ok()?;
    area.select();
    let copied = call(
        &document,
        "execCommand",
        &js_sys::Array::of1(&"copy".into()),
    )
    .and_then(|done| done.as_bool());
    area.remove();
    copied
}
