//! Share services and their links, as pure functions of the article: unit-tested
//! without a browser. Only `http(s)` article URLs are ever shared.

use crate::i18n::Lang;
use crate::safe_url::http_url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    WeChat,
    Weibo,
    Qq,
    Qzone,
    X,
    Facebook,
    LinkedIn,
    Telegram,
    WhatsApp,
    Email,
    Copy,
    /// The browser's own share sheet (`navigator.share`).
    Native,
}

use Service::*;

const ALL: [Service; 12] = [
    WeChat, Weibo, Qq, Qzone, X, Facebook, LinkedIn, Telegram, WhatsApp, Email, Copy, Native,
];

/// Share texts are clipped so every link stays well under common URL limits.
const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 300;

impl Service {
    pub fn key(self) -> &'static str {
        match self {
            WeChat => "wechat",
            Weibo => "weibo",
            Qq => "qq",
            Qzone => "qzone",
            X => "x",
            Facebook => "facebook",
            LinkedIn => "linkedin",
            Telegram => "telegram",
            WhatsApp => "whatsapp",
            Email => "email",
            Copy => "copy",
            Native => "native",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        ALL.into_iter().find(|service| service.key() == key.trim())
    }

    /// The button's label.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            WeChat => lang.pick("微信", "微信", "WeChat"),
            Weibo => lang.pick("微博", "微博", "Weibo"),
            Qq => "QQ",
            Qzone => lang.pick("QQ空间", "QQ空間", "Qzone"),
            X => "X",
            Facebook => "Facebook",
            LinkedIn => "LinkedIn",
            Telegram => "Telegram",
            WhatsApp => "WhatsApp",
            Email => lang.pick("邮件", "郵件", "Email"),
            Copy => lang.pick("复制链接", "複製連結", "Copy link"),
            Native => lang.pick("更多", "更多", "More"),
        }
    }
}

/// The services to show: the element's `share` attribute, else the site's
/// list, else the default for the reader's language. Unknown keys are skipped.
pub fn services(attribute: &str, site: &[String], lang: Lang) -> Vec<Service> {
    let mut chosen: Vec<Service> = Vec::new();
    let keys: Vec<&str> = if !attribute.trim().is_empty() {
        attribute.split(',').collect()
    } else if !site.is_empty() {
        site.iter().map(String::as_str).collect()
    } else if lang.is_chinese() {
        vec!["wechat", "weibo", "qq", "qzone", "copy", "native"]
    } else {
        vec![
            "x", "facebook", "linkedin", "whatsapp", "telegram", "email", "copy", "native",
        ]
    };
    for service in keys.into_iter().filter_map(Service::parse) {
        if !chosen.contains(&service) {
            chosen.push(service);
        }
    }
    chosen
}

/// What is shared: the article's URL, title and summary.
pub struct Shared<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
}

/// The service's share link, or `None` for services that are actions rather
/// than links (WeChat, copy, native) and for any article URL that is not http(s).
pub fn share_link(service: Service, shared: &Shared) -> Option<String> {
    let url = encode_component(http_url(shared.url)?);
    let title = encode_component(clip(shared.title, MAX_TITLE));
    let summary = encode_component(clip(shared.summary, MAX_SUMMARY));
    Some(match service {
        Weibo => format!("https://service.weibo.com/share/share.php?url={url}&title={title}"),
        Qq => format!(
            "https://connect.qq.com/widget/shareqq/index.html?url={url}&title={title}&summary={summary}"
        ),
        Qzone => format!(
            "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={url}&title={title}&summary={summary}"
        ),
        X => format!("https://x.com/intent/post?text={title}&url={url}"),
        Facebook => format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
        LinkedIn => format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        Telegram => format!("https://t.me/share/url?url={url}&text={title}"),
        WhatsApp => format!("https://wa.me/?text={title}%20{url}"),
        Email => format!("mailto:?subject={title}&body={summary}%0A%0A{url}"),
        WeChat | Copy | Native => return None,
    })
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as
/// percent-encoded UTF-8.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    out
}

/// At most `max` characters, cut on a character boundary.
fn clip(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(end, _)| &text[..end])
}

/// WeChat's in-app browser, which has no web share URL but its own menu.
pub fn is_wechat_browser(user_agent: &str) -> bool {
    user_agent.contains("MicroMessenger")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "https://news.example/2025/03/25/tech-abroad?from=home&x=1";

    fn shared<'a>(title: &'a str, summary: &'a str) -> Shared<'a> {
        Shared {
            url: ARTICLE,
            title,
            summary,
        }
    }

    const ENCODED_URL: &str =
        "https%3A%2F%2Fnews.example%2F2025%2F03%2F25%2Ftech-abroad%3Ffrom%3Dhome%26x%3D1";

    #[test]
    fn every_link_service_gets_the_encoded_url() {
        let s = shared("T", "S");
        let expected = [
            (Weibo, format!("https://service.weibo.com/share/share.php?url={ENCODED_URL}&title=T")),
            (Qq, format!("https://connect.qq.com/widget/shareqq/index.html?url={ENCODED_URL}&title=T&summary=S")),
            (Qzone, format!("https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={ENCODED_URL}&title=T&summary=S")),
            (X, format!("https://x.com/intent/post?text=T&url={ENCODED_URL}")),
            (Facebook, format!("https://www.facebook.com/sharer/sharer.php?u={ENCODED_URL}")),
            (LinkedIn, format!("https://www.linkedin.com/sharing/share-offsite/?url={ENCODED_URL}")),
            (Telegram, format!("https://t.me/share/url?url={ENCODED_URL}&text=T")),
            (WhatsApp, format!("https://wa.me/?text=T%20{ENCODED_URL}")),
            (Email, format!("mailto:?subject=T&body=S%0A%0A{ENCODED_URL}")),
        ];
        for (service, link) in expected {
            assert_eq!(
                share_link(service, &s).as_deref(),
                Some(link.as_str()),
                "{service:?}"
            );
        }
        for service in [WeChat, Copy, Native] {
            assert_eq!(share_link(service, &s), None);
        }
    }

    #[test]
    fn chinese_ampersands_and_quotes_are_encoded() {
        let link = share_link(Weibo, &shared("从“技术出海”看 A&B \"Q\" 'q' #1 <b>", "")).unwrap();
        assert!(link.ends_with(
            "&title=%E4%BB%8E%E2%80%9C%E6%8A%80%E6%9C%AF%E5%87%BA%E6%B5%B7%E2%80%9D%E7%9C%8B%20A%26B%20%22Q%22%20'q'%20%231%20%3Cb%3E"
        ), "{link}");
        // Nothing in the title can end the parameter or the URL.
        let query = link.split_once("&title=").unwrap().1;
        assert!(!query.contains(['&', '#', '"', '<', ' ', '=']));
    }

    #[test]
    fn very_long_titles_are_clipped_on_a_character_boundary() {
        let title = "长".repeat(5_000);
        let link = share_link(Weibo, &shared(&title, "")).unwrap();
        let encoded_title = link.split_once("&title=").unwrap().1;
        assert_eq!(encoded_title, "%E9%95%BF".repeat(MAX_TITLE));
        assert!(link.len() < 2_000);
    }

    #[test]
    fn only_http_article_urls_are_shared() {
        for url in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//news.example/a",
            "",
        ] {
            let s = Shared {
                url,
                title: "T",
                summary: "S",
            };
            for service in ALL {
                assert_eq!(share_link(service, &s), None, "{url} via {service:?}");
            }
        }
    }

    #[test]
    fn the_list_follows_attribute_then_site_then_language() {
        let site = vec!["weibo".to_owned(), "copy".to_owned()];
        assert_eq!(services("x, email,bogus,x", &site, Lang::Zh), [X, Email]);
        assert_eq!(services("", &site, Lang::En), [Weibo, Copy]);
        assert_eq!(
            services("", &[], Lang::Zh),
            [WeChat, Weibo, Qq, Qzone, Copy, Native]
        );
        assert_eq!(
            services(" ", &[], Lang::En),
            [X, Facebook, LinkedIn, WhatsApp, Telegram, Email, Copy, Native]
        );
    }

    #[test]
    fn keys_match_the_protocol_list() {
        let keys: Vec<&str> = ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys, newscard_protocol::SHARE_SERVICES);
    }

    #[test]
    fn wechat_is_recognized_by_its_user_agent() {
        assert!(is_wechat_browser(
            "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI"
        ));
        assert!(!is_wechat_browser(
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"
        ));
    }
}
