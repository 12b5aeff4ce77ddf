//! The settings the loader passes to `mount`, read from the element's attributes.

use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Lang;

/// What the element shows: `view="ranking"` is the mood ranking, anything else
/// the article widget.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Article,
    /// The site's top articles by one reaction over a window such as `24h`.
    Ranking {
        reaction: String,
        window: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Origin of the widget server, e.g. `https://widgets.example` (no trailing slash).
    pub api: String,
    pub site: String,
    /// Canonical URL of the article the widget is about.
    pub article: String,
    pub lang: Lang,
    pub view: View,
    /// The `share` attribute: comma-separated service keys, or empty.
    pub share: String,
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
        let view = match field("view").as_str() {
            "ranking" => View::Ranking {
                reaction: non_empty(field("reaction"), "happy"),
                window: non_empty(field("window"), "24h"),
            },
            _ => View::Article,
        };
        let config = Self {
            api: field("api").trim_end_matches('/').to_owned(),
            site: field("site"),
            article: field("article"),
            lang: Lang::from_tag(&field("lang")),
            view,
            share: field("share"),
        };
        let needs_article = config.view == View::Article;
        if config.api.is_empty()
            || config.site.is_empty()
            || (needs_article && config.article.is_empty())
        {
            return Err(JsValue::from_str(
                "newscard: mount needs `api`, `site` and `article`",
            ));
        }
        Ok(config)
    }
}

fn non_empty(value: String, default: &str) -> String {
    if value.is_empty() {
        default.to_owned()
    } else {
        value
    }
}
