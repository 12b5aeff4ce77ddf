//! The settings the loader passes to `mount`, read from the element's attributes.

use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Origin of the widget server, e.g. `https://widgets.example` (no trailing slash).
    pub api: String,
    pub site: String,
    /// Canonical URL of the article the widget is about.
    pub article: String,
    pub lang: Lang,
}

impl WidgetConfig {
    pub fn from_js(value: &JsValue) -> Result<Self, JsValue> {
        let field = |name: &str| -> String {
            js_sys::Reflect::get(value, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
                .map(String::from)
                .unwrap_or_default()
        };
        let config = Self {
            api: field("api").trim_end_matches('/').to_owned(),
            site: field("site"),
            article: field("article"),
            lang: Lang::from_tag(&field("lang")),
        };
        if config.api.is_empty() || config.site.is_empty() || config.article.is_empty() {
            return Err(JsValue::from_str(
                "newscard: mount needs `api`, `site` and `article`",
            ));
        }
        Ok(config)
    }
}
