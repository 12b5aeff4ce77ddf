//! The server's JSON, read into the protocol types without serde: serde's
//! deserializers pull number and error formatting into the bundle, and these
//! few shapes need none of it. Every field is checked; anything malformed
//! makes the whole answer `None`.

use std::collections::BTreeMap;

use js_sys::{Array, JsString, Object, Reflect};
use newscard_protocol::{
    ArticleCard, QrCode, RankedArticle, Ranking, Reactions, RelatedItem, RelatedPage,
    WidgetBootstrap,
};
use wasm_bindgen::{JsCast, JsValue};

pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A required string.
fn string(object: &JsValue, name: &str) -> Option<String> {
    field(object, name).as_string()
}

/// An optional string: missing or null is empty.
fn text(object: &JsValue, name: &str) -> Option<String> {
    let value = field(object, name);
    if value.is_undefined() || value.is_null() {
        return Some(String::new());
    }
    value.as_string()
}

/// An optional string that may be absent: missing or null is `None`.
fn maybe(object: &JsValue, name: &str) -> Option<Option<String>> {
    let value = field(object, name);
    if value.is_undefined() || value.is_null() {
        return Some(None);
    }
    value.as_string().map(Some)
}

/// An optional list of strings: missing is empty.
fn strings(object: &JsValue, name: &str) -> Option<Vec<String>> {
    let value = field(object, name);
    if value.is_undefined() {
        return Some(Vec::new());
    }
    value
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|item| item.as_string())
        .collect()
}

/// A whole, non-negative number that a JS number holds exactly.
fn count(value: &JsValue) -> Option<u64> {
    let number = value.as_f64()?;
    let exact = number >= 0.0 && number.fract() == 0.0 && number <= 9_007_199_254_740_991.0;
    exact.then_some(number as u64)
}

pub fn card(value: &JsValue) -> Option<ArticleCard> {
    Some(ArticleCard {
        url: string(value, "url")?,
        title: string(value, "title")?,
        summary: text(value, "summary")?,
        source: text(value, "source")?,
        author: text(value, "author")?,
        editor: text(value, "editor")?,
        section: strings(value, "section")?,
        published_at: string(value, "published_at")?,
        updated_at: maybe(value, "updated_at")?,
        image: text(value, "image")?,
    })
}

/// `{"size": 25, "path": "M0 0h1v1h-1z…"}`.
pub fn qr_code(value: &JsValue) -> Option<QrCode> {
    Some(QrCode {
        size: u32::try_from(count(&field(value, "size"))?).ok()?,
        path: string(value, "path")?,
    })
}

pub fn related_item(value: &JsValue) -> Option<RelatedItem> {
    Some(RelatedItem {
        url: string(value, "url")?,
        title: string(value, "title")?,
        summary: text(value, "summary")?,
        published_at: string(value, "published_at")?,
        image: text(value, "image")?,
    })
}

/// `{"items": [...], "next": "cursor" | null}`.
pub fn related_page(value: &JsValue) -> Option<RelatedPage> {
    Some(RelatedPage {
        items: field(value, "items")
            .dyn_into::<Array>()
            .ok()?
            .iter()
            .map(|item| related_item(&item))
            .collect::<Option<_>>()?,
        next: maybe(value, "next")?,
    })
}

pub fn counts(value: &JsValue) -> Option<BTreeMap<String, u64>> {
    // Arrays are objects too, with index keys.
    if Array::is_array(value) {
        return None;
    }
    let object = value.dyn_ref::<Object>()?;
    // Inserted one by one: collecting into a map sorts first, and the sort
    // costs 3 KB of wasm.
    let mut counts = BTreeMap::new();
    for entry in Object::entries(object).iter() {
        let pair: Array = entry.unchecked_into();
        counts.insert(pair.get(0).as_string()?, count(&pair.get(1))?);
    }
    Some(counts)
}

pub fn reactions(value: &JsValue) -> Option<Reactions> {
    let mine = field(value, "mine");
    Some(Reactions {
        counts: counts(&field(value, "counts"))?,
        mine: if mine.is_null() || mine.is_undefined() {
            None
        } else {
            Some(mine.as_string()?)
        },
    })
}

pub fn bootstrap(value: &JsValue) -> Option<WidgetBootstrap> {
    Some(WidgetBootstrap {
        card: card(&field(value, "card"))?,
        reaction_kinds: strings(value, "reaction_kinds")?,
        reactions: reactions(&field(value, "reactions"))?,
        share: strings(value, "share")?,
        // An older server sends no related reading: an empty list.
        related: match field(value, "related") {
            related if related.is_undefined() => RelatedPage::default(),
            related => related_page(&related)?,
        },
    })
}

pub fn ranking(value: &JsValue) -> Option<Ranking> {
    let items = field(value, "items")
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|item| {
            Some(RankedArticle {
                url: string(&item, "url")?,
                title: string(&item, "title")?,
                count: count(&field(&item, "count"))?,
            })
        })
        .collect::<Option<_>>()?;
    Some(Ranking {
        reaction: string(value, "reaction")?,
        items,
    })
}

/// The `code` of an `{"error": {"code", "message"}}` body.
pub fn error_code(value: &JsValue) -> Option<String> {
    string(&field(value, "error"), "code")
}

/// Counts as a plain object (`{"happy": 3}`), for an event's detail.
pub fn counts_object(counts: &BTreeMap<String, u64>) -> JsValue {
    let object = Object::new();
    for (key, count) in counts {
        let _ = Reflect::set(
            &object,
            &JsValue::from_str(key),
            &JsValue::from_f64(*count as f64),
        );
    }
    object.into()
}

/// A JSON object of string fields, for request bodies.
pub fn json_object(fields: &[(&str, &str)]) -> Option<JsString> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value)).ok()?;
    }
    js_sys::JSON::stringify(&object).ok()
}
