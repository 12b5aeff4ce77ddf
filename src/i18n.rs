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
    pub mood_title: &'static str,
    pub reaction_failed: &'static str,
    pub ranking_title: &'static str,
    pub ranking_empty: &'static str,
    pub share_title: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub native_hint: &'static str,
    pub wechat_scan: &'static str,
    pub wechat_in_app: &'static str,
    pub close: &'static str,
    pub read_more: &'static str,
    pub related_title: &'static str,
    pub load_more: &'static str,
    pub load_more_failed: &'static str,
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
    mood_title: "您此时的心情",
    reaction_failed: "没能记下您的心情，请稍后再试。",
    ranking_title: "新闻表情排行",
    ranking_empty: "暂时还没有排行。",
    share_title: "分享到",
    copied: "链接已复制",
    copy_failed: "复制失败，请手动复制地址栏中的链接。",
    native_hint: "请使用浏览器分享功能进行分享",
    wechat_scan: "用微信扫一扫，分享给朋友或朋友圈",
    wechat_in_app: "点击右上角 ··· 发送给朋友，或分享到朋友圈",
    close: "关闭",
    read_more: "阅读剩余全文",
    related_title: "相关阅读",
    load_more: "加载更多",
    load_more_failed: "没能加载更多，请重试。",
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
    mood_title: "Your mood now",
    reaction_failed: "Could not save your reaction. Please try again.",
    ranking_title: "Stories by mood",
    ranking_empty: "No ranking yet.",
    share_title: "Share",
    copied: "Link copied",
    copy_failed: "Could not copy. Please copy the link from the address bar.",
    native_hint: "Use your browser's share function to share this article",
    wechat_scan: "Scan with WeChat to share with a friend or to Moments",
    wechat_in_app: "Tap ··· at the top right to send to a friend or share to Moments",
    close: "Close",
    read_more: "Read the rest",
    related_title: "Related reading",
    load_more: "Load more",
    load_more_failed: "Could not load more. Please try again.",
};

/// Icon and Chinese and English label of the default reactions. A site's own
/// keys have no icon and show the key itself.
fn reaction_face(key: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match key {
        "happy" => ("😄", "开心", "Happy"),
        "sad" => ("😢", "难过", "Sad"),
        "like" => ("👍", "点赞", "Like"),
        "meh" => ("😶", "飘过", "Meh"),
        _ => return None,
    })
}

/// The icon of a reaction, if it has one.
pub fn reaction_icon(key: &str) -> Option<&'static str> {
    reaction_face(key).map(|(icon, _, _)| icon)
}

impl Lang {
    pub fn reaction_label(self, key: &str) -> String {
        match (reaction_face(key), self) {
            (Some((_, zh, _)), Self::Zh) => zh.to_owned(),
            (Some((_, _, en)), Self::En) => en.to_owned(),
            (None, _) => key.to_owned(),
        }
    }
}

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
