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
    config_with(article, lang, &[])
}

/// `config` with more settings (`sections`, `theme`, …).
fn config_with(article: &str, lang: &str, more: &[(&str, &str)]) -> JsValue {
    let config = js_sys::Object::new();
    let base = [
        ("api", API),
        ("site", "test"),
        ("article", article),
        ("lang", lang),
    ];
    for (key, value) in base.iter().chain(more) {
        js_sys::Reflect::set(&config, &(*key).into(), &(*value).into()).unwrap();
    }
    config.into()
}

/// Records on `host.heard` every `newscard:*` event as "name detail-json".
fn record_events(host: &HtmlElement) {
    let record = js_sys::Function::new_with_args(
        "e",
        "(this.heard = this.heard || []).push(e.type + ' ' + JSON.stringify(e.detail))",
    );
    for name in ["ready", "reaction", "share", "related-click", "error"] {
        host.add_event_listener_with_callback(&format!("newscard:{name}"), &record)
            .unwrap();
    }
}

/// Waits (up to 5 s) for `host` to have heard `count` events; returns them all.
async fn heard(host: &HtmlElement, count: u32) -> Vec<String> {
    for _ in 0..100 {
        let heard = js_sys::Reflect::get(host, &"heard".into()).unwrap();
        if let Some(heard) = heard.dyn_ref::<js_sys::Array>() {
            if heard.length() >= count {
                return heard.iter().filter_map(|e| e.as_string()).collect();
            }
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} newscard events");
}

/// Waits (up to 5 s) for the text of `selector` to be `expected`.
async fn wait_for_text(shadow: &ShadowRoot, selector: &str, expected: &str) {
    for _ in 0..100 {
        if let Some(found) = shadow.query_selector(selector).unwrap() {
            if found.text_content().unwrap() == expected {
                return;
            }
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{selector} never said {expected:?}: {}",
        shadow.inner_html()
    );
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

/// Waits (up to 5 s) for the reaction bar on `host` (see `record_events`) to
/// settle on `reaction` after its first `seen` events; how many it has heard.
async fn settled(host: &HtmlElement, reaction: &str, seen: u32) -> u32 {
    let expected = format!("\"reaction\":\"{reaction}\"");
    let mut heard = Vec::new();
    for _ in 0..100 {
        heard = self::heard(host, seen + 1).await;
        if heard[seen as usize..]
            .iter()
            .any(|e| e.starts_with("newscard:reaction ") && e.contains(&expected))
        {
            return heard.len() as u32;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!("the bar never settled on {reaction}: {heard:?}");
}

/// Passes every request on to the real `fetch` and records when each reaction
/// write (`PUT`/`DELETE`) is sent and answered in `window.writes`; returns the
/// real `fetch`. Tests run one at a time, so no other test sees it.
fn time_writes() -> JsValue {
    js_sys::Function::new_no_args(
        "const f = window.fetch;
         window.writes = [];
         window.fetch = (url, init) => {
           const answer = f.call(window, url, init);
           if (init && (init.method === 'PUT' || init.method === 'DELETE')) {
             const write = [performance.now()];
             window.writes.push(write);
             // Registered before the widget's own wait, so it runs first.
             answer.finally(() => write.push(performance.now()));
           }
           return answer;
         };
         return f;",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap()
}

/// Puts back the `fetch` a test replaced.
fn restore_fetch(real: &JsValue) {
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), real).unwrap();
}

/// What `time_writes` recorded: `(sent, answered)` ms of each write.
fn timed_writes() -> Vec<(f64, f64)> {
    let writes = js_sys::Reflect::get(&web_sys::window().unwrap(), &"writes".into()).unwrap();
    let writes: js_sys::Array = writes.unchecked_into();
    writes
        .iter()
        .map(|write| {
            let at = |i| js_sys::Reflect::get_u32(&write, i).unwrap().as_f64();
            (at(0).unwrap(), at(1).unwrap_or(f64::INFINITY))
        })
        .collect()
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
    // Related reading may list thumbnails; the card itself has no image.
    for tag in [".card img", "b", "script", "i", ".breadcrumb a"] {
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
    wait_for_text(&shadow, ".status", "暂时没有这篇文章的信息。").await;
    assert!(shadow.query_selector(".card").unwrap().is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn the_host_element_hears_ready_and_errors() {
    let host = host();
    record_events(&host);
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    assert_eq!(
        heard(&host, 1).await,
        [format!(
            r#"newscard:ready {{"site":"test","article":"{ARTICLE}"}}"#
        )]
    );
    host.remove();

    let host = self::host();
    record_events(&host);
    let missing = "https://news.example/never-written";
    let _widget = newscard::mount(host.clone(), config(missing, "zh-CN")).unwrap();
    assert_eq!(
        heard(&host, 1).await,
        [format!(
            r#"newscard:error {{"site":"test","article":"{missing}","code":"article_not_found"}}"#
        )]
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn sections_reactions_and_theme_come_from_the_config() {
    let host = host();
    let settings = [
        ("sections", "related, reactions"),
        ("reactions", "meh,like"),
        ("theme", "dark"),
    ];
    let widget = newscard::mount(host.clone(), config_with(ARTICLE, "zh-TW", &settings)).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".related li").await;
    // In the widget's order, whatever the attribute's; no card, no share bar.
    let parts: Vec<String> = texts(&shadow, ".newscard > *")
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(parts[0].starts_with("您此時的心情"), "{parts:?}");
    assert!(parts[1].starts_with("相關閱讀"), "{parts:?}");
    assert!(shadow
        .query_selector(".card, .share-bar")
        .unwrap()
        .is_none());
    // The site's reactions that the attribute names, in the site's order.
    let labels = texts(&shadow, ".reaction .label");
    assert_eq!(labels, ["點讚", "飄過"]);
    assert_eq!(text(&shadow, ".related .more"), "載入更多");

    let root = shadow.first_element_child().unwrap();
    assert_eq!(root.class_name(), "dark");
    widget.set_theme(false);
    assert_eq!(root.class_name(), "");
    widget.set_theme(true);
    assert_eq!(root.class_name(), "dark");
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
    record_events(&host);
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
    let events = settled(&host, "happy", 0).await;

    // Changing the mood moves the vote.
    let real_fetch = time_writes();
    button(&shadow, "难过").click();
    wait_for_state(&shadow, "难过", (true, "1")).await;
    assert_eq!(state_of(&shadow, "开心"), (false, before.to_string()));

    // The same mood again retracts it. The reader clicks faster than the
    // server answers: it ends on their last click all the same.
    button(&shadow, "难过").click();
    leptos::task::tick().await;
    assert_eq!(state_of(&shadow, "难过"), (false, "0".to_owned()));
    for label in ["开心", "点赞", "飘过", "飘过", "难过", "开心"] {
        button(&shadow, label).click();
    }
    settled(&host, "happy", events).await;
    assert_eq!(state_of(&shadow, "开心"), (true, (before + 1).to_string()));
    assert_eq!(state_of(&shadow, "难过"), (false, "0".to_owned()));
    // Settled: the server has answered the last write.
    assert_eq!(
        server_mine(ARTICLE, &reader).await.as_deref(),
        Some("happy")
    );
    // Because writes go one at a time: eight clicks, each write answered
    // before the next is sent, the clicks made meanwhile sent as one.
    restore_fetch(&real_fetch);
    let writes = timed_writes();
    assert!((2..=8).contains(&writes.len()), "{writes:?}");
    for pair in writes.windows(2) {
        assert!(pair[1].0 >= pair[0].1, "writes overlap: {writes:?}");
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

    // Also here: it borrows the reader id this test made, and puts it back.
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
        text(&shadow, ".reactions .toast"),
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
    let code = decode::qr_code(&json(r#"{"size": 21, "path": "M0 0h1v1h-1z"}"#)).unwrap();
    assert_eq!((code.size, code.path.as_str()), (21, "M0 0h1v1h-1z"));
    for bad in [
        r#"{"size": -1, "path": ""}"#,
        r#"{"size": 4294967296, "path": ""}"#,
        r#"{"size": 21, "path": 7}"#,
        r#"{"path": ""}"#,
        "null",
    ] {
        assert!(decode::qr_code(&json(bad)).is_none(), "{bad}");
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
    // The code comes from the server on the first opening.
    let qr = wait_for(&shadow, ".wechat-popover svg.qr").await;
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

    // Also here: it changes the page-wide user agent, and puts it back.
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

fn texts(shadow: &ShadowRoot, selector: &str) -> Vec<String> {
    let nodes = shadow.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap())
        .collect()
}

fn attributes(shadow: &ShadowRoot, selector: &str, name: &str) -> Vec<String> {
    let nodes = shadow.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            let element: web_sys::Element = nodes.item(i).unwrap().unchecked_into();
            element.get_attribute(name).unwrap_or_default()
        })
        .collect()
}

/// Waits (up to 5 s) until `selector` matches more than `count` elements.
async fn wait_for_more(shadow: &ShadowRoot, selector: &str, count: u32) -> u32 {
    for _ in 0..100 {
        let now = shadow.query_selector_all(selector).unwrap().length();
        if now > count {
            return now;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!("{selector} stayed at {count}: {}", shadow.inner_html());
}

#[wasm_bindgen_test]
async fn the_card_links_to_the_rest_and_lazy_loads_its_image_in_a_reserved_box() {
    let host = host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".card").await;
    let more = shadow.query_selector(".card .read-more").unwrap().unwrap();
    assert_eq!(more.text_content().unwrap(), "阅读剩余全文");
    assert_eq!(more.get_attribute("href").as_deref(), Some(ARTICLE));
    assert_eq!(more.get_attribute("rel").as_deref(), Some("noopener"));

    let image: HtmlElement = shadow
        .query_selector(".card img.lead")
        .unwrap()
        .expect("a lead image")
        .unchecked_into();
    assert_eq!(
        image.get_attribute("src").as_deref(),
        Some("https://news.example/images/tech-abroad.jpg")
    );
    assert_eq!(image.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(image.get_attribute("decoding").as_deref(), Some("async"));
    assert_eq!(image.get_attribute("alt").as_deref(), Some(""));
    // The box is 120 x 90 before (and whether or not) the image loads.
    assert_eq!((image.offset_width(), image.offset_height()), (120, 90));
    host.remove();

    let host = self::host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "en")).unwrap();
    let shadow = host.shadow_root().unwrap();
    assert_eq!(
        wait_for(&shadow, ".read-more")
            .await
            .text_content()
            .unwrap(),
        "Read the rest"
    );
    host.remove();
}

/// Whether "load more" shows the end: the button keeps its place, unseen.
fn at_end(button: &HtmlElement) -> bool {
    let done = button
        .get_attribute("class")
        .unwrap_or_default()
        .contains("done");
    let hidden = web_sys::window()
        .unwrap()
        .get_computed_style(button)
        .unwrap()
        .unwrap()
        .get_property_value("visibility")
        .unwrap();
    assert_eq!(done, hidden == "hidden");
    done
}

/// Replaces `fetch` with one that fails for related pages; returns the real one.
fn fail_related_pages() -> JsValue {
    js_sys::Function::new_no_args(
        "const f = window.fetch;
         window.fetch = (url, init) => String(url).includes('/related?')
           ? Promise.reject(new TypeError('test: offline'))
           : f.call(window, url, init);
         return f;",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap()
}

#[wasm_bindgen_test]
async fn related_reading_lists_text_and_loads_more_until_the_end() {
    let host = host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "zh-CN")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".related li").await;
    assert_eq!(text(&shadow, ".related h3"), "相关阅读");
    assert_eq!(
        shadow.query_selector_all(".related li").unwrap().length(),
        5
    );
    let button: HtmlElement = shadow
        .query_selector(".related button.more")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "加载更多");
    assert!(!at_end(&button));
    for item in texts(&shadow, ".related time") {
        assert!(item.contains("2025"), "{item}");
    }
    for href in attributes(&shadow, ".related h4 a", "href") {
        assert!(href.starts_with("https://news.example/"), "{href}");
        assert_ne!(href, ARTICLE, "never the article itself");
    }

    // A failed page: a short message, and the button stays for another try.
    let original = fail_related_pages();
    button.click();
    // The view follows its signals on the next tick.
    leptos::task::tick().await;
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(text(&shadow, ".related [role=status]"), "正在加载…");
    for _ in 0..100 {
        if text(&shadow, ".related [role=status]") != "正在加载…" {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    restore_fetch(&original);
    assert_eq!(text(&shadow, ".related .toast"), "没能加载更多，请重试。");
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("false"));
    assert!(!at_end(&button));
    assert_eq!(
        shadow.query_selector_all(".related li").unwrap().length(),
        5
    );

    // Then every page, to the end: appended, never repeated.
    let mut count = 5;
    while !at_end(&button) {
        button.click();
        count = wait_for_more(&shadow, ".related li", count).await;
        for _ in 0..100 {
            if button.get_attribute("aria-busy").as_deref() == Some("false") {
                break;
            }
            sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(text(&shadow, ".related [role=status]"), "");
    }
    let hrefs = attributes(&shadow, ".related h4 a", "href");
    // The 14 other fixture articles, at most; surely more than two pages.
    assert!(hrefs.len() > 10, "{hrefs:?}");
    let mut unique = hrefs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), hrefs.len(), "{hrefs:?}");

    // Hostile titles and summaries stay text.
    let titles = texts(&shadow, ".related h4");
    assert!(
        titles
            .contains(&"<img src=x onerror=\"window.pwned=2\">技术出海<b>授权</b>创新".to_owned()),
        "{titles:?}"
    );
    assert!(shadow
        .query_selector(".related b, .related script")
        .unwrap()
        .is_none());
    assert!(shadow
        .query_selector(".related img:not(.thumb)")
        .unwrap()
        .is_none());
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    // Thumbnails are lazy and decorative.
    let thumbs = attributes(&shadow, ".related img.thumb", "loading");
    assert!(!thumbs.is_empty());
    assert!(thumbs.iter().all(|loading| loading == "lazy"));
    host.remove();
}

#[wasm_bindgen_test]
async fn english_readers_get_english_related_labels() {
    let host = host();
    let _widget = newscard::mount(host.clone(), config(ARTICLE, "en")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".related li").await;
    assert_eq!(text(&shadow, ".related h3"), "Related reading");
    assert_eq!(text(&shadow, ".related button"), "Load more");
    host.remove();
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = DOMParser)]
    type DomParser;
    #[wasm_bindgen(constructor, js_class = "DOMParser")]
    fn new() -> DomParser;
    #[wasm_bindgen(method, js_name = parseFromString)]
    fn parse_from_string(this: &DomParser, text: &str, kind: &str) -> web_sys::Document;
}

fn page(head: &str) -> web_sys::Document {
    DomParser::new().parse_from_string(
        &format!("<!doctype html><html><head>{head}</head><body></body></html>"),
        "text/html",
    )
}

#[wasm_bindgen_test]
fn page_metadata_comes_from_json_ld_then_opengraph_then_meta() {
    use newscard::page_meta;
    let url = "https://news.example/zero";

    // JSON-LD in @graph, with @type lists, a Person author, ImageObjects.
    let doc = page(
        r#"<script type="application/ld+json">not json</script>
        <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
          {"@type": "WebSite", "name": "Site"},
          {"@type": ["ReportageNewsArticle", "NewsArticle"], "headline": " 标题 ",
           "description": "摘要", "datePublished": "2025-03-25T09:09:00+08:00",
           "dateModified": "2025-03-26T10:00:00+08:00",
           "author": [{"@type": "Person", "name": "李明"}, "王芳"],
           "editor": {"@type": "Person", "name": "周敏"},
           "articleSection": ["科技频道", "创新创业"],
           "image": [{"@type": "ImageObject", "url": "javascript:alert(1)"},
                     {"@type": "ImageObject", "url": "https://news.example/a.jpg"}]}
        ]}</script>
        <meta property="og:title" content="OG title">"#,
    );
    let card = page_meta::card(&doc, url).unwrap();
    assert_eq!(card.url, url);
    assert_eq!(card.title, "标题");
    assert_eq!(card.summary, "摘要");
    assert_eq!(card.published_at, "2025-03-25T09:09:00+08:00");
    assert_eq!(
        card.updated_at.as_deref(),
        Some("2025-03-26T10:00:00+08:00")
    );
    assert_eq!(card.author, "李明, 王芳");
    assert_eq!(card.editor, "周敏");
    assert_eq!(card.section, ["科技频道", "创新创业"]);
    assert_eq!(card.image, "https://news.example/a.jpg");

    // A top-level array, an IRI @type, a plain string image.
    let doc = page(
        r#"<script type="application/ld+json">[{"@type": "Organization"},
          {"@type": "http://schema.org/Article", "name": "Named", "image": "https://news.example/b.png"}]</script>"#,
    );
    let card = page_meta::card(&doc, url).unwrap();
    assert_eq!(
        (card.title.as_str(), card.image.as_str()),
        ("Named", "https://news.example/b.png")
    );

    // No JSON-LD article: OpenGraph, then plain meta; author URLs and
    // non-http images are dropped.
    let doc = page(
        r#"<script type="application/ld+json">{"@type": "WebPage", "name": "Not an article"}</script>
        <meta property="og:title" content="OG 标题">
        <meta name="description" content="Plain description">
        <meta property="og:image" content="data:image/png;base64,AAAA">
        <meta property="article:published_time" content="2025-01-02T03:04:05Z">
        <meta property="article:section" content="科技">
        <meta property="article:author" content="https://facebook.com/someone">
        <meta name="author" content="陈远">"#,
    );
    let card = page_meta::card(&doc, url).unwrap();
    assert_eq!(card.title, "OG 标题");
    assert_eq!(card.summary, "Plain description");
    assert_eq!(card.published_at, "2025-01-02T03:04:05Z");
    assert_eq!(card.section, ["科技"]);
    assert_eq!(card.author, "陈远");
    assert_eq!(card.image, "");
    assert_eq!(card.updated_at, None);

    // Nothing to call a title: no card.
    let doc = page(r#"<meta name="description" content="Only this">"#);
    assert!(page_meta::card(&doc, url).is_none());
    // Deeply nested lists end the search, not the page.
    let deep = format!(
        "{}{{\"@type\": \"Article\", \"headline\": \"deep\"}}{}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let doc = page(&format!(
        r#"<script type="application/ld+json">{deep}</script>"#
    ));
    assert!(page_meta::card(&doc, url).is_none());
}

#[wasm_bindgen_test]
fn the_page_is_known_by_its_canonical_link_or_its_own_url() {
    use newscard::page_meta::is_page_url;
    let doc = page(r#"<link rel="canonical" href="https://news.example/canonical">"#);
    assert!(is_page_url(&doc, "https://news.example/canonical"));
    assert!(is_page_url(&doc, "https://news.example/canonical#comments"));
    assert!(!is_page_url(&doc, "https://news.example/other"));
    assert!(!is_page_url(&doc, ""));
    // The document's own URL (the test runner's page), fragment ignored.
    let own = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .url()
        .unwrap();
    let own = own.split('#').next().unwrap().to_owned();
    assert!(is_page_url(
        &web_sys::window().unwrap().document().unwrap(),
        &own
    ));
}

/// Adds `html` to the test page's `<head>` until the guard is dropped.
struct InHead(Vec<web_sys::Element>);

impl InHead {
    fn add(html: &str) -> Self {
        let document = web_sys::window().unwrap().document().unwrap();
        let head = document.head().unwrap();
        let template = document.create_element("template").unwrap();
        template.set_inner_html(html);
        let content: web_sys::DocumentFragment = js_sys::Reflect::get(&template, &"content".into())
            .unwrap()
            .unchecked_into();
        let mut added = Vec::new();
        while let Some(child) = content.first_element_child() {
            head.append_child(&child).unwrap();
            added.push(child);
        }
        Self(added)
    }
}

impl Drop for InHead {
    fn drop(&mut self) {
        for element in &self.0 {
            element.remove();
        }
    }
}

#[wasm_bindgen_test]
async fn an_unknown_article_that_is_the_page_gets_a_card_from_its_metadata() {
    let article = "https://news.example/2025/zero-config-fallback";
    let _head = InHead::add(&format!(
        r#"<link rel="canonical" href="{article}">
        <script type="application/ld+json">{{"@type": "NewsArticle",
          "headline": "<img src=x onerror=\"window.pwned=4\">零配置<b>卡片</b>",
          "description": "<script>window.pwned=5<\/script>",
          "url": "javascript:alert(1)",
          "image": "javascript:alert(1)",
          "author": {{"@type": "Person", "name": "<i>赵</i>"}},
          "articleSection": ["科技频道", "<a href=\"javascript:alert(1)\">x</a>"],
          "datePublished": "2025-03-25T09:09:00+08:00"}}</script>
        <meta property="og:image" content="javascript:alert(2)">"#
    ));
    let host = host();
    let _widget = newscard::mount(host.clone(), config(article, "zh-CN")).unwrap();
    let shadow = host.shadow_root().unwrap();
    wait_for(&shadow, ".card").await;
    assert_eq!(
        text(&shadow, ".title"),
        "<img src=x onerror=\"window.pwned=4\">零配置<b>卡片</b>"
    );
    assert_eq!(text(&shadow, ".summary"), "<script>window.pwned=5</script>");
    assert_eq!(text(&shadow, ".byline"), "作者：<i>赵</i>");
    assert_eq!(
        text(&shadow, ".breadcrumb"),
        "科技频道<a href=\"javascript:alert(1)\">x</a>"
    );
    assert!(text(&shadow, "time").contains("2025"));
    for tag in [
        "img",
        "b",
        "i",
        "script",
        "a[href^=javascript]",
        ".breadcrumb a",
    ] {
        assert!(
            shadow.query_selector(tag).unwrap().is_none(),
            "{tag} in {}",
            shadow.inner_html()
        );
    }
    // The link is the page itself, never the JSON-LD's `url`.
    assert_eq!(
        shadow
            .query_selector(".title a")
            .unwrap()
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some(article)
    );
    // The card and the share bar; the server has no reactions or related reading.
    wait_for(&shadow, ".share-bar").await;
    assert!(shadow.query_selector(".reactions").unwrap().is_none());
    assert!(shadow.query_selector(".related").unwrap().is_none());
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    host.remove();
}

#[wasm_bindgen_test]
fn related_decoders_accept_the_protocol_and_refuse_anything_else() {
    use newscard::decode;
    let page = decode::related_page(&json(
        r#"{"items": [{"url": "https://a.example/x", "title": "T", "published_at": "2025-01-01T00:00:00Z",
            "image": "https://a.example/x.jpg"}], "next": "abc"}"#,
    ))
    .unwrap();
    assert_eq!(page.items[0].summary, "");
    assert_eq!(page.items[0].image, "https://a.example/x.jpg");
    assert_eq!(page.next.as_deref(), Some("abc"));
    let end = decode::related_page(&json(r#"{"items": [], "next": null}"#)).unwrap();
    assert_eq!(end.next, None);
    for bad in [
        r#"{"items": {}, "next": null}"#,
        r#"{"next": null}"#,
        r#"{"items": [], "next": 5}"#,
        r#"{"items": [5], "next": null}"#,
        r#"{"items": [{"url": "https://a.example/x", "published_at": "2025"}], "next": null}"#,
        r#"{"items": [{"url": "https://a.example/x", "title": "T", "published_at": "2025", "image": 1}], "next": null}"#,
        "[]",
        "null",
    ] {
        assert!(decode::related_page(&json(bad)).is_none(), "{bad}");
    }
    let card = decode::card(&json(
        r#"{"url": "u", "title": "T", "published_at": "p", "image": "https://a.example/i.jpg", "updated_at": "q"}"#,
    ))
    .unwrap();
    assert_eq!(
        (card.image.as_str(), card.updated_at.as_deref()),
        ("https://a.example/i.jpg", Some("q"))
    );
    assert!(decode::card(&json(
        r#"{"url": "u", "title": "T", "published_at": "p", "updated_at": 1}"#
    ))
    .is_none());
    let bootstrap = r#"{"card": {"url": "u", "title": "T", "published_at": "p"}, "reaction_kinds": [],
        "reactions": {"counts": {}}, "share": []RELATED}"#;
    assert!(decode::bootstrap(&json(&bootstrap.replace("RELATED", "")))
        .unwrap()
        .related
        .items
        .is_empty());
    assert!(decode::bootstrap(&json(
        &bootstrap.replace("RELATED", r#", "related": {"items": 1}"#)
    ))
    .is_none());
}

/// A story for the parts a Leptos app shows on their own.
fn story(title: &str) -> newscard::protocol::ArticleCard {
    newscard::protocol::ArticleCard {
        url: "https://news.example/2025/03/25/tech-abroad".into(),
        title: title.into(),
        summary: String::new(),
        source: String::new(),
        author: String::new(),
        editor: String::new(),
        section: Vec::new(),
        published_at: "2025-03-25T09:09:00+08:00".into(),
        updated_at: None,
        image: String::new(),
    }
}

#[wasm_bindgen_test]
async fn a_leptos_app_changes_a_cards_props_through_signals() {
    use leptos::prelude::*;
    use newscard::{ArticleCard, Lang};

    let host = host();
    let card = RwSignal::new(story("First"));
    let lang = RwSignal::new(Lang::En);
    let _view = leptos::mount::mount_to(host.clone(), move || {
        view! { <ArticleCard card lang /> }
    });
    let text = |selector: &str| {
        host.query_selector(selector)
            .unwrap()
            .and_then(|el| el.text_content())
            .unwrap_or_default()
    };
    assert_eq!(text(".title"), "First");
    assert_eq!(text(".read-more"), "Read the rest");

    card.set(story("Second"));
    lang.set(Lang::Zh);
    leptos::task::tick().await;
    assert_eq!(text(".title"), "Second");
    assert_eq!(text(".read-more"), "阅读剩余全文");
}
