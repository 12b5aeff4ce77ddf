//! The widget in headless Chromium, against a real newscard-server started by
//! `scripts/test-wasm.sh` (which sets NEWSCARD_TEST_API at build time and
//! registers the test runner's origin for the site `test`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = env!("NEWSCARD_TEST_API");
const ARTICLE: &str = "https://news.example/2025/03/25/tech-abroad";

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document
        .create_element("news-card")
        .unwrap()
        .unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn config(article: &str, lang: &str) -> JsValue {
    let config = js_sys::Object::new();
    for (key, value) in [
        ("api", API),
        ("site", "test"),
        ("article", article),
        ("lang", lang),
    ] {
        js_sys::Reflect::set(&config, &key.into(), &value.into()).unwrap();
    }
    config.into()
}

async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            )
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 5 s) for `selector` to match inside the shadow root.
async fn wait_for(shadow: &ShadowRoot, selector: &str) -> web_sys::Element {
    for _ in 0..100 {
        if let Some(found) = shadow.query_selector(selector).unwrap() {
            return found;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{selector} never appeared; shadow root: {}",
        shadow.inner_html()
    );
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn button(shadow: &ShadowRoot, label: &str) -> HtmlElement {
    let buttons = shadow.query_selector_all("button.reaction").unwrap();
    (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap().contains(label))
        .unwrap_or_else(|| panic!("no {label} button"))
}

/// `(pressed, count)` of the reaction button labelled `label`.
fn state_of(shadow: &ShadowRoot, label: &str) -> (bool, String) {
    let button = button(shadow, label);
    let count = button
        .query_selector(".count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    (
        button.get_attribute("aria-pressed").as_deref() == Some("true"),
        count,
    )
}

/// Waits (up to 5 s) until the `label` button shows `expected`.
async fn wait_for_state(shadow: &ShadowRoot, label: &str, expected: (bool, &str)) {
    for _ in 0..100 {
        leptos::task::tick().await;
        let (pressed, count) = state_of(shadow, label);
        if (pressed, count.as_str()) == expected {
            return;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{label} never became {expected:?}: {:?}",
        state_of(shadow, label)
    );
}

/// The reader's reaction as the server has it (`GET /reactions`).
async fn server_mine(article: &str, reader: &str) -> Option<String> {
    let url = format!(
        "{API}/api/v1/sites/test/reactions?article={}&reader={}",
        js_sys::encode_uri_component(article),
        js_sys::encode_uri_component(reader)
    );
    let window = web_sys::window().unwrap();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .unwrap()
        .unchecked_into();
    let body = JsFuture::from(response.json().unwrap()).await.unwrap();
    js_sys::Reflect::get(&body, &"mine".into())
        .unwrap()
        .as_string()
}

fn text(shadow: &ShadowRoot, selector: &str) -> String {
    shadow
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn mounts_in_an_open_shadow_root_and_renders_the_card() {
    let host = host();
    let widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    let shadow = host.shadow_root().expect("an open shadow root");

    assert!(
        shadow.query_selector("[role=status]").unwrap().is_some(),
        "a loading state first"
    );
    wait_for(&shadow, ".card").await;

    assert_eq!(text(&shadow, ".title"), "从“技术出海”看创新");
    let link = shadow.query_selector(".title a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").unwrap(), ARTICLE);
    assert_eq!(text(&shadow, ".breadcrumb"), "首页科技频道创新创业");
    assert!(text(&shadow, ".meta").contains("来源：示例日报"));
    assert!(
        text(&shadow, "time").contains("2025"),
        "{}",
        text(&shadow, "time")
    );
    assert_eq!(
        text(&shadow, ".summary"),
        "本土企业开始向海外伙伴授权核心技术。"
    );
    assert_eq!(text(&shadow, ".byline"), "作者：李明责编：王芳");
    // Styles come in as an adopted sheet, never as an inline <style>.
    assert_eq!(shadow.adopted_style_sheets().length(), 1);
    assert!(shadow.query_selector("style").unwrap().is_none());
    // Nothing leaks into the light DOM.
    assert_eq!(host.child_element_count(), 0);

    widget.unmount();
    assert!(shadow.query_selector(".newscard").unwrap().is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn english_readers_get_english_labels() {
    let host = host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "en-GB")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".card").await;
    assert!(text(&shadow, ".meta").contains("Source: 示例日报"));
    assert!(
        text(&shadow, "time").contains("Mar"),
        "{}",
        text(&shadow, "time")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn hostile_fields_render_as_text() {
    let host = host();
    let _widget =
        newscard::mount(host.clone(), config("https://news.example/hostile", "en")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".card").await;
    assert_eq!(
        text(&shadow, ".title"),
        "<img src=x onerror=\"window.pwned=1\"><b>bold</b> & \"quoted\""
    );
    assert_eq!(text(&shadow, ".summary"), "<script>window.pwned=1</script>");
    for tag in ["img", "b", "script", "i", ".breadcrumb a"] {
        assert!(
            shadow.query_selector(tag).unwrap().is_none(),
            "{tag} was parsed as HTML"
        );
    }
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    host.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_article_shows_a_small_message() {
    let host = host();
    let _widget = newscard::mount(
        host.clone(),
        config("https://news.example/never-written", "zh-CN"),
    )
    .unwrap();
    let shadow = host.shadow_root().unwrap();
    for _ in 0..100 {
        if shadow.query_selector("[role=status]").unwrap().is_none() {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(text(&shadow, ".status"), "暂时没有这篇文章的信息。");
    assert!(shadow.query_selector(".card").unwrap().is_none());
    host.remove();
}

#[wasm_bindgen_test]
fn mount_refuses_an_incomplete_config() {
    let host = host();
    let config = js_sys::Object::new();
    assert!(newscard::mount(host.clone(), config.into()).is_err());
    host.remove();
}

#[wasm_bindgen_test]
async fn reacting_highlights_counts_and_retracts() {
    storage().remove_item("newscard-reader").unwrap();
    let host = host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".reactions").await;
    let labels: Vec<String> = {
        let nodes = shadow.query_selector_all(".reaction .label").unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(labels, ["开心", "难过", "点赞", "飘过"]);
    let before: u32 = state_of(&shadow, "开心").1.parse().unwrap();
    // A plain view stores nothing.
    assert!(storage().get_item("newscard-reader").unwrap().is_none());

    button(&shadow, "开心").click();
    leptos::task::tick().await;
    // Optimistic: highlighted and counted before the server answers.
    assert_eq!(state_of(&shadow, "开心"), (true, (before + 1).to_string()));
    let reader = storage()
        .get_item("newscard-reader")
        .unwrap()
        .expect("an id after reacting");
    assert_eq!(reader.len(), 32);

    // Changing the mood moves the vote.
    button(&shadow, "难过").click();
    wait_for_state(&shadow, "难过", (true, "1")).await;
    assert_eq!(state_of(&shadow, "开心"), (false, before.to_string()));

    // The same mood again retracts it.
    button(&shadow, "难过").click();
    wait_for_state(&shadow, "难过", (false, "0")).await;
    button(&shadow, "开心").click();
    for _ in 0..100 {
        if server_mine(ARTICLE, &reader).await.as_deref() == Some("happy") {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    host.remove();

    // A new widget for the same reader shows the server's state.
    let host = self::host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "en")).unwrap();
    let shadow2 = host.shadow_root().unwrap();
    wait_for(&shadow2, ".reactions").await;
    wait_for_state(&shadow2, "Happy", (true, &(before + 1).to_string())).await;
    button(&shadow2, "Happy").click();
    wait_for_state(&shadow2, "Happy", (false, &before.to_string())).await;
    host.remove();

    // In the same test: tests run concurrently and this one shares localStorage.
    a_refused_reaction_is_rolled_back_with_a_message().await;
}

async fn a_refused_reaction_is_rolled_back_with_a_message() {
    let host = host();
    let _widget =
        newscard::mount(host.clone(), config("https://news.example/hostile", "en")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".reactions").await;
    // A malformed reader id makes the server refuse the write.
    let saved = storage().get_item("newscard-reader").unwrap();
    storage()
        .set_item("newscard-reader", "not a valid id")
        .unwrap();
    button(&shadow, "Like").click();
    leptos::task::tick().await;
    assert_eq!(state_of(&shadow, "Like"), (true, "1".to_owned()));
    wait_for_state(&shadow, "Like", (false, "0")).await;
    assert_eq!(
        text(&shadow, ".reactions .notice"),
        "Could not save your reaction. Please try again."
    );
    match saved {
        Some(id) => storage().set_item("newscard-reader", &id).unwrap(),
        None => storage().remove_item("newscard-reader").unwrap(),
    }
    host.remove();
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn decoders_accept_the_protocol_and_refuse_anything_else() {
    use newscard::decode;
    let counts = decode::counts(&json(r#"{"happy": 3, "sad": 0}"#)).unwrap();
    assert_eq!(counts.get("happy"), Some(&3));
    for bad in [
        r#"{"happy": -1}"#,
        r#"{"happy": 1.5}"#,
        r#"{"happy": "3"}"#,
        "[1]",
        "null",
        "1e300",
    ] {
        assert!(decode::counts(&json(bad)).is_none(), "{bad}");
    }
    let card =
        r#"{"url": "https://a.example/x", "title": "T", "published_at": "2025-01-01T00:00:00Z"}"#;
    assert_eq!(decode::card(&json(card)).unwrap().summary, "");
    for bad in [
        r#"{"url": "https://a.example/x", "published_at": "2025"}"#,
        r#"{"url": "https://a.example/x", "title": 5, "published_at": "2025"}"#,
        r#"{"url": "https://a.example/x", "title": "T", "published_at": "2025", "section": [1]}"#,
    ] {
        assert!(decode::card(&json(bad)).is_none(), "{bad}");
    }
    let reactions = decode::reactions(&json(r#"{"counts": {}, "mine": null}"#)).unwrap();
    assert_eq!(reactions.mine, None);
    assert!(decode::reactions(&json(r#"{"counts": {}, "mine": 7}"#)).is_none());
    assert_eq!(
        decode::error_code(&json(
            r#"{"error": {"code": "rate_limited", "message": "m"}}"#
        ))
        .as_deref(),
        Some("rate_limited")
    );
    let body = decode::json_object(&[("title", "\"quoted\" & <b>")]).unwrap();
    assert_eq!(String::from(body), r#"{"title":"\"quoted\" & <b>"}"#);
}

fn active_element(shadow: &ShadowRoot) -> Option<web_sys::Element> {
    shadow.active_element()
}

fn press_escape(target: &web_sys::Element) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Mounts a Chinese widget (whose default services include WeChat) and waits
/// for its share bar; returns the host, the widget (dropping it unmounts: a
/// mounted widget holds one of the origin's six connections for live counts),
/// the shadow root and the WeChat button.
async fn share_bar() -> (
    HtmlElement,
    newscard::MountedWidget,
    ShadowRoot,
    HtmlElement,
) {
    let host = host();
    let widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    let shadow = host.shadow_root().unwrap();
    let wechat = wait_for(&shadow, ".share-bar button[aria-haspopup=dialog]").await;
    (host, widget, shadow, wechat.unchecked_into())
}

#[wasm_bindgen_test]
async fn the_share_bar_follows_the_language_and_links_out_safely() {
    let (host, _widget, shadow, _) = share_bar().await;
    let labels: Vec<String> = {
        let nodes = shadow.query_selector_all(".share-bar .share span").unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    let native = js_sys::Reflect::get(&web_sys::window().unwrap().navigator(), &"share".into())
        .unwrap()
        .is_function();
    let mut expected = vec!["微信", "微博", "QQ", "QQ空间", "复制链接"];
    if native {
        expected.push("更多");
    }
    assert_eq!(labels, expected);
    // Without a share sheet, the hint to use the browser's own.
    assert_eq!(
        shadow.query_selector(".share-bar .hint").unwrap().is_some(),
        !native
    );
    let weibo = shadow
        .query_selector(".share-bar a.share")
        .unwrap()
        .unwrap();
    let encoded = String::from(js_sys::encode_uri_component(ARTICLE));
    assert!(weibo.get_attribute("href").unwrap().starts_with(&format!(
        "https://service.weibo.com/share/share.php?url={encoded}&title="
    )));
    assert_eq!(weibo.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        weibo.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // Icons are inline SVG, hidden from screen readers (the label says it).
    assert_eq!(
        shadow
            .query_selector_all(".share-bar svg.icon[aria-hidden=true]")
            .unwrap()
            .length(),
        labels.len() as u32
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn the_wechat_popover_opens_and_closes_by_mouse_and_keyboard() {
    let (host, _widget, shadow, wechat) = share_bar().await;
    let dialog = shadow.query_selector(".wechat-popover").unwrap().unwrap();
    assert!(dialog.has_attribute("hidden"), "closed until asked");
    let close: HtmlElement = dialog
        .query_selector(".close")
        .unwrap()
        .unwrap()
        .unchecked_into();

    // Mouse: the button opens it, the close button closes it.
    wechat.click();
    leptos::task::tick().await;
    assert!(!dialog.has_attribute("hidden"));
    assert_eq!(
        wechat.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(
        active_element(&shadow).as_ref(),
        Some(close.as_ref()),
        "focus moves in"
    );
    let qr = dialog.query_selector("svg.qr").unwrap().expect("a QR code");
    assert_eq!(qr.get_attribute("aria-label").as_deref(), Some(ARTICLE));
    close.click();
    leptos::task::tick().await;
    assert!(dialog.has_attribute("hidden"));
    assert_eq!(
        wechat.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        active_element(&shadow).as_ref(),
        Some(wechat.as_ref()),
        "focus returns"
    );

    // The button toggles it.
    wechat.click();
    leptos::task::tick().await;
    wechat.click();
    leptos::task::tick().await;
    assert!(dialog.has_attribute("hidden"));

    // Keyboard: Escape closes it and returns focus.
    wechat.click();
    leptos::task::tick().await;
    press_escape(&close);
    leptos::task::tick().await;
    assert!(dialog.has_attribute("hidden"));
    assert_eq!(active_element(&shadow).as_ref(), Some(wechat.as_ref()));
    host.remove();

    // In the same test: the user agent is page-wide and tests run concurrently.
    inside_wechat_an_overlay_points_at_the_menu().await;
}

async fn inside_wechat_an_overlay_points_at_the_menu() {
    let navigator = web_sys::window().unwrap().navigator();
    let descriptor = js_sys::Object::new();
    let user_agent =
        "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47";
    js_sys::Reflect::set(&descriptor, &"value".into(), &user_agent.into()).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&navigator, &"userAgent".into(), &descriptor);

    let (host, _widget, shadow, wechat) = share_bar().await;
    js_sys::Reflect::delete_property(&navigator, &"userAgent".into()).unwrap();
    assert!(shadow.query_selector(".wechat-popover").unwrap().is_none());
    let overlay = shadow.query_selector(".wechat-overlay").unwrap().unwrap();
    assert!(
        overlay.query_selector("svg.qr").unwrap().is_none(),
        "no QR to scan from inside"
    );
    wechat.click();
    leptos::task::tick().await;
    assert!(!overlay.has_attribute("hidden"));
    assert_eq!(
        text(&shadow, ".wechat-hint"),
        "↗点击右上角 ··· 发送给朋友，或分享到朋友圈"
    );
    press_escape(&overlay);
    leptos::task::tick().await;
    assert!(overlay.has_attribute("hidden"));
    host.remove();
}
