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
