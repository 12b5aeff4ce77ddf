//! The settings the loader passes to `mount`, read from the element's attributes.

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

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

/// The parts of the article widget to show (`sections="card,share"`), always in
/// this order; an empty or unknown list shows all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    pub card: bool,
    pub share: bool,
    pub reactions: bool,
    pub related: bool,
}

impl Sections {
    pub const ALL: Self = Self {
        card: true,
        share: true,
        reactions: true,
        related: true,
    };

    const NONE: Self = Self {
        card: false,
        share: false,
        reactions: false,
        related: false,
    };

    pub fn parse(list: &str) -> Self {
        let has = |name: &str| list.split(',').any(|item| item.trim() == name);
        let sections = Self {
            card: has("card"),
            share: has("share"),
            reactions: has("reactions"),
            related: has("related"),
        };
        if sections == Self::NONE {
            Self::ALL
        } else {
            sections
        }
    }
}

#[derive(Debug, Clone)]
pub struct WidgetConfig {
    /// Origin of the widget server, e.g. `https://widgets.example` (no trailing slash).
    pub api: String,
    pub site: String,
    /// Canonical URL of the article the widget is about.
    pub article: String,
    /// The `lang` attribute: a BCP 47 tag (see [`Lang::from_tag`]).
    pub lang: String,
    pub view: View,
    /// The `sections` attribute (see [`Sections::parse`]).
    pub sections: String,
    /// The `share` attribute: comma-separated service keys, or empty.
    pub share: String,
    /// The `reactions` attribute: the site's reaction keys to show, or empty for all.
    pub reactions: String,
    /// The dark theme (the loader resolves `theme="auto"`).
    pub dark: bool,
    /// The bootstrap request the loader already sent (a `fetch` promise), and
    /// the controller that aborts it: the widget takes its answer instead of
    /// asking again.
    pub bootstrap: Option<(Promise, AbortController)>,
}

impl WidgetConfig {
    pub fn from_js(value: &JsValue) -> Result<Self, JsValue> {
        let field = |name: &str| -> String {
            get(value, name)
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
        // A ranking is about no one article (the loader passes the page's).
        let article = match view {
            View::Article => field("article"),
            View::Ranking { .. } => String::new(),
        };
        let config = Self {
            api: field("api").trim_end_matches('/').to_owned(),
            site: field("site"),
            article,
            lang: field("lang"),
            view,
            sections: field("sections"),
            share: field("share"),
            reactions: field("reactions"),
            dark: field("theme") == "dark",
            bootstrap: prefetched(value),
        };
        if config.api.is_empty()
            || config.site.is_empty()
            || (config.view == View::Article && config.article.is_empty())
        {
            return Err(JsValue::from_str(
                "newscard: mount needs `api`, `site` and `article`",
            ));
        }
        Ok(config)
    }
}

/// The site's reaction keys a widget shows: all, or those its `reactions`
/// attribute names, in the site's order.
pub fn shown_reactions(attribute: &str, site: &[String]) -> Vec<String> {
    let wanted: Vec<&str> = attribute.split(',').map(str::trim).collect();
    site.iter()
        .filter(|key| wanted.iter().all(|w| w.is_empty()) || wanted.contains(&key.as_str()))
        .cloned()
        .collect()
}

/// `config[name]`.
fn get(config: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(config, &JsValue::from_str(name)).ok()
}

fn prefetched(config: &JsValue) -> Option<(Promise, AbortController)> {
    Some((
        get(config, "bootstrap")?.dyn_into().ok()?,
        get(config, "abort")?.dyn_into().ok()?,
    ))
}

fn non_empty(value: String, default: &str) -> String {
    if value.is_empty() {
        default.to_owned()
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keep_their_order_and_default_to_all() {
        assert_eq!(Sections::parse(""), Sections::ALL);
        assert_eq!(Sections::parse("bogus, "), Sections::ALL);
        let some = Sections::parse(" related,card ");
        assert!(some.card && some.related && !some.share && !some.reactions);
    }
}
