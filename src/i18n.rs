//! The widget's words in Chinese and English, and dates formatted by the browser's
//! `Intl` (no date crate in the bundle).

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Any `zh*` tag is Chinese; everything else, including empty, is English.
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Self::Zh
        } else {
            Self::En
        }
    }

    pub fn bcp47(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Self::Zh => &ZH,
            Self::En => &EN,
        }
    }
}

pub struct Strings {
    pub widget_label: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub failed: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub editor: &'static str,
    pub breadcrumb: &'static str,
}

const ZH: Strings = Strings {
    widget_label: "文章卡片",
    loading: "正在加载…",
    not_found: "暂时没有这篇文章的信息。",
    failed: "加载失败，请稍后再试。",
    source: "来源：",
    author: "作者：",
    editor: "责编：",
    breadcrumb: "栏目",
};

const EN: Strings = Strings {
    widget_label: "Article card",
    loading: "Loading…",
    not_found: "No details about this article yet.",
    failed: "Could not load. Please try again later.",
    source: "Source: ",
    author: "By ",
    editor: "Editor: ",
    breadcrumb: "Section",
};

/// Formats an RFC 3339 time for readers in `lang`, in the reader's time zone;
/// an unparsable time gives an empty string rather than "Invalid Date".
pub fn format_time(rfc3339: &str, lang: Lang) -> String {
    let date = Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return String::new();
    }
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    }
    let locales = Array::of1(&JsValue::from_str(lang.bcp47()));
    let format = Intl::DateTimeFormat::new(&locales, &options).format();
    format
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
