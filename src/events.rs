//! What the host page hears: `newscard:*` DOM events on the widget's element,
//! bubbling, with a plain object as `detail` (typed in `www/embed.d.ts`).
//! Every detail names the `site` and the `article` (or the ranking's view).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit};

use leptos::prelude::GetUntracked;

use crate::context::WidgetContext;

/// `newscard:ready`: the widget has shown its content.
pub const READY: &str = "newscard:ready";
/// `newscard:reaction`: the server stored the reader's reaction (or retraction).
pub const REACTION: &str = "newscard:reaction";
/// `newscard:share`: the reader chose a share service.
pub const SHARE: &str = "newscard:share";
/// `newscard:related-click`: the reader opened a related article.
pub const RELATED_CLICK: &str = "newscard:related-click";
/// `newscard:error`: something the reader asked for failed; `code` says what.
pub const ERROR: &str = "newscard:error";

/// Dispatches `name` on the widget's element with `site`, `article` and
/// `fields` as its detail. Nothing when the widget has no element, or is gone
/// (an answer that arrives after it was unmounted).
pub fn emit(widget: &WidgetContext, name: &str, fields: &[(&str, JsValue)]) {
    let Some(host) = &widget.host else {
        return;
    };
    let Some(article) = widget.article.try_get_untracked() else {
        return;
    };
    let detail = Object::new();
    let common = [
        ("site", JsValue::from_str(&widget.site)),
        ("article", JsValue::from_str(&article)),
    ];
    for (key, value) in common.iter().chain(fields) {
        let _ = Reflect::set(&detail, &JsValue::from_str(key), value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// `newscard:error` with a machine-readable `code`.
pub fn emit_error(widget: &WidgetContext, code: &str) {
    emit(widget, ERROR, &[("code", JsValue::from_str(code))]);
}
