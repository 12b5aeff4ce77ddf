//! The widget's words in Simplified and Traditional Chinese and English, and
//! its dates and counts in the reader's language and time zone.
//!
//! Not with `Intl`: the first `Intl` formatter in a page starts ICU, 25 to 80 ms
//! of main thread in Chromium (measured: `new Intl.DateTimeFormat` in a fresh
//! context), more than the rest of the widget's start; the browser's `Date`
//! gives the local time at no cost, and our three formats are fixed.

use js_sys::Date;
use leptos::prelude::{Signal, With};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese (zh-CN): every `zh*` tag but the traditional ones.
    Zh,
    /// Traditional Chinese (zh-TW): `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant*`.
    ZhTw,
    /// English: everything else, including empty.
    En,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Self {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        if !tag.starts_with("zh") {
            Self::En
        } else if ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|traditional| tag.starts_with(traditional))
        {
            Self::ZhTw
        } else {
            Self::Zh
        }
    }

    pub fn bcp47(self) -> &'static str {
        self.pick("zh-CN", "zh-TW", "en")
    }

    pub fn is_chinese(self) -> bool {
        self != Self::En
    }

    /// The text for this language among the three.
    pub fn pick(self, zh: &'static str, zh_tw: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Zh => zh,
            Self::ZhTw => zh_tw,
            Self::En => en,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Self::Zh => &ZH,
            Self::ZhTw => &ZH_TW,
            Self::En => &EN,
        }
    }
}

/// One of the widget's texts in the reader's language, following it. Every
/// text is this one closure type, so its view code is compiled once, not once
/// per text.
pub fn text(
    lang: Signal<String>,
    pick: fn(&'static Strings) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(lang.with(|tag| Lang::from_tag(tag)).strings())
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
    pub qr_failed: &'static str,
    pub wechat_in_app: &'static str,
    pub close: &'static str,
    pub read_more: &'static str,
    pub related_title: &'static str,
    pub load_more: &'static str,
    pub more_services: &'static str,
    pub load_more_failed: &'static str,
    pub related_empty: &'static str,
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
    qr_failed: "二维码未能加载，请复制链接分享。",
    wechat_in_app: "点击右上角 ··· 发送给朋友，或分享到朋友圈",
    close: "关闭",
    read_more: "阅读剩余全文",
    related_title: "相关阅读",
    load_more: "加载更多",
    more_services: "更多分享方式",
    load_more_failed: "没能加载更多，请重试。",
    related_empty: "暂无相关阅读。",
};

const ZH_TW: Strings = Strings {
    widget_label: "文章卡片",
    loading: "正在載入…",
    not_found: "暫時沒有這篇文章的資訊。",
    failed: "載入失敗，請稍後再試。",
    source: "來源：",
    author: "作者：",
    editor: "責編：",
    breadcrumb: "欄目",
    mood_title: "您此時的心情",
    reaction_failed: "沒能記下您的心情，請稍後再試。",
    ranking_title: "新聞表情排行",
    ranking_empty: "暫時還沒有排行。",
    share_title: "分享到",
    copied: "連結已複製",
    copy_failed: "複製失敗，請手動複製網址列中的連結。",
    native_hint: "請使用瀏覽器分享功能進行分享",
    wechat_scan: "用微信掃一掃，分享給朋友或朋友圈",
    qr_failed: "QR 碼未能載入，請複製連結分享。",
    wechat_in_app: "點擊右上角 ··· 發送給朋友，或分享到朋友圈",
    close: "關閉",
    read_more: "閱讀剩餘全文",
    related_title: "相關閱讀",
    load_more: "載入更多",
    more_services: "更多分享方式",
    load_more_failed: "沒能載入更多，請重試。",
    related_empty: "暫無相關閱讀。",
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
    qr_failed: "The QR code did not load. Copy the link to share instead.",
    wechat_in_app: "Tap ··· at the top right to send to a friend or share to Moments",
    close: "Close",
    read_more: "Read the rest",
    related_title: "Related reading",
    load_more: "Load more",
    more_services: "More ways to share",
    load_more_failed: "Could not load more. Please try again.",
    related_empty: "No related reading yet.",
};

/// Labels (zh-CN, zh-TW, en) of the default reactions.
fn reaction_labels(key: &str) -> Option<[&'static str; 3]> {
    Some(match key {
        "happy" => ["开心", "開心", "Happy"],
        "sad" => ["难过", "難過", "Sad"],
        "like" => ["点赞", "點讚", "Like"],
        "meh" => ["飘过", "飄過", "Meh"],
        _ => return None,
    })
}

impl Lang {
    /// A reaction's label; a site's own keys show the key itself.
    pub fn reaction_label(self, key: &str) -> String {
        match reaction_labels(key) {
            Some([zh, zh_tw, en]) => self.pick(zh, zh_tw, en).to_owned(),
            None => key.to_owned(),
        }
    }
}

/// A count with its thousands grouped, as all three languages write them (`12,345`).
pub fn count_text(count: u64) -> String {
    let digits = count.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// Formats an RFC 3339 time for readers in `lang`, in the reader's time zone:
/// `2025年3月25日 09:09`, `Mar 25, 2025, 09:09`. An unparsable time gives an
/// empty string rather than "Invalid Date".
pub fn format_time(rfc3339: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return String::new();
    }
    let (year, month, day) = (date.get_full_year(), date.get_month(), date.get_date());
    let clock = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    match lang {
        Lang::Zh | Lang::ZhTw => format!("{year}年{}月{day}日 {clock}", month + 1),
        Lang::En => format!("{} {day}, {year}, {clock}", MONTHS[month as usize % 12]),
    }
}

#[cfg(test)]
mod tests {
    use super::count_text;

    #[test]
    fn counts_group_their_thousands() {
        for (count, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (12345, "12,345"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(count_text(count), text);
        }
    }
}
