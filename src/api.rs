//! Requests to the widget server. Reads carry an abort signal owned by the
//! component that made them; nothing ever sends cookies.

use js_sys::{JsString, Promise};
use leptos::prelude::on_cleanup;
use newscard_protocol::{codes, QrCode, Ranking, Reactions, RelatedPage, WidgetBootstrap};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, RequestCredentials, RequestInit, RequestMode, Response,
};

use crate::context::WidgetContext;
use crate::decode;

#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The site has no record of this article.
    NotFound,
    /// Anything else: network, server, refusal. Logged to the console.
    Failed,
}

/// A signal that aborts when the current component is unmounted: pass it to
/// reads so a removed widget leaves no request behind.
pub fn abort_on_cleanup() -> Option<AbortSignal> {
    abort_with_cleanup(AbortController::new().ok()?)
}

/// `controller` aborts when the current reactive owner is cleaned up; its signal.
pub fn abort_with_cleanup(controller: AbortController) -> Option<AbortSignal> {
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.take().abort());
    Some(signal)
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn site_url(widget: &WidgetContext, path: &str) -> String {
    format!(
        "{}/api/v1/sites/{}/{path}",
        widget.api,
        encode(&widget.site)
    )
}

/// `PATH?article=…[&reader=…]` of the site: the reader is asked about only
/// when they have an id.
fn article_url(widget: &WidgetContext, path: &str, article: &str, reader: Option<&str>) -> String {
    let mut url = site_url(widget, &format!("{path}?article={}", encode(article)));
    if let Some(reader) = reader {
        url.push_str(&format!("&reader={}", encode(reader)));
    }
    url
}

/// `GET /widget?article=…[&reader=…]`: card, reaction kinds, counts and mine,
/// the first related page.
pub async fn fetch_bootstrap(
    widget: &WidgetContext,
    article: &str,
    reader: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<WidgetBootstrap, LoadError> {
    let url = article_url(widget, "widget", article, reader);
    bootstrap_answer(send("GET", &url, None, signal)?).await
}

/// `GET /reactions?article=…[&reader=…]`: the counts and the reader's own.
pub async fn fetch_reactions(
    widget: &WidgetContext,
    article: &str,
    reader: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Reactions, LoadError> {
    let url = article_url(widget, "reactions", article, reader);
    let json = request("GET", &url, None, signal).await?;
    decode::reactions(&json).ok_or_else(malformed)
}

/// The bootstrap from a request already sent (the loader's, beside the wasm).
pub async fn bootstrap_answer(sent: Promise) -> Result<WidgetBootstrap, LoadError> {
    let json = answer(sent).await?;
    decode::bootstrap(&json).ok_or_else(malformed)
}

/// `GET /related?article=…&cursor=…`: the page of related reading after `cursor`
/// (the first page comes inside the bootstrap).
pub async fn fetch_related(
    widget: &WidgetContext,
    article: &str,
    cursor: &str,
    signal: Option<&AbortSignal>,
) -> Result<RelatedPage, LoadError> {
    let path = format!(
        "related?article={}&cursor={}",
        encode(article),
        encode(cursor)
    );
    let json = request("GET", &site_url(widget, &path), None, signal).await?;
    decode::related_page(&json).ok_or_else(malformed)
}

/// `PUT /reactions`: answers once the reaction is committed.
pub async fn set_reaction(
    widget: &WidgetContext,
    article: &str,
    reader: String,
    reaction: String,
) -> Result<Reactions, LoadError> {
    let body = decode::json_object(&[
        ("article", article),
        ("reader", &reader),
        ("reaction", &reaction),
    ]);
    let json = request("PUT", &site_url(widget, "reactions"), body, None).await?;
    decode::reactions(&json).ok_or_else(malformed)
}

/// `DELETE /reactions`: retracts the reader's reaction.
pub async fn retract_reaction(
    widget: &WidgetContext,
    article: &str,
    reader: String,
) -> Result<Reactions, LoadError> {
    let body = decode::json_object(&[("article", article), ("reader", &reader)]);
    let json = request("DELETE", &site_url(widget, "reactions"), body, None).await?;
    decode::reactions(&json).ok_or_else(malformed)
}

/// `GET /ranking?reaction=…&window=…`
pub async fn fetch_ranking(
    widget: &WidgetContext,
    reaction: &str,
    window: &str,
    signal: Option<&AbortSignal>,
) -> Result<Ranking, LoadError> {
    let path = format!(
        "ranking?reaction={}&window={}",
        encode(reaction),
        encode(window)
    );
    let json = request("GET", &site_url(widget, &path), None, signal).await?;
    decode::ranking(&json).ok_or_else(malformed)
}

/// `GET /shares/qr?article=…`: the article's URL as a QR code, for WeChat.
pub async fn fetch_qr_code(
    widget: &WidgetContext,
    article: &str,
    signal: Option<&AbortSignal>,
) -> Result<QrCode, LoadError> {
    let path = format!("shares/qr?article={}", encode(article));
    let json = request("GET", &site_url(widget, &path), None, signal).await?;
    decode::qr_code(&json).ok_or_else(malformed)
}

/// `POST /shares`: counts one share click, unless the reader sent Global Privacy
/// Control or Do Not Track. Fire and forget: sharing never waits for it.
pub fn count_share(widget: &WidgetContext, article: &str, service: &str) {
    if crate::share::reader_opted_out() {
        return;
    }
    let body = decode::json_object(&[("article", article), ("service", service)]);
    let url = site_url(widget, "shares");
    wasm_bindgen_futures::spawn_local(async move {
        let _ = request("POST", &url, body, None).await;
    });
}

/// The live count stream's URL (server-sent events).
pub fn counts_stream_url(widget: &WidgetContext, article: &str) -> String {
    site_url(
        widget,
        &format!("reactions/stream?article={}", encode(article)),
    )
}

/// Sends the request and returns the parsed JSON of a 2xx answer.
async fn request(
    method: &str,
    url: &str,
    body: Option<JsString>,
    signal: Option<&AbortSignal>,
) -> Result<JsValue, LoadError> {
    answer(send(method, url, body, signal)?).await
}

/// Sends the request: a promise of the response.
fn send(
    method: &str,
    url: &str,
    body: Option<JsString>,
    signal: Option<&AbortSignal>,
) -> Result<Promise, LoadError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(signal);
    if let Some(body) = body {
        // A write still completes when the reader leaves the page.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
        init.set_body(&body);
        let headers = web_sys::Headers::new().map_err(log_failure)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(log_failure)?;
        init.set_headers(&headers);
    }
    let window = web_sys::window().ok_or(LoadError::Failed)?;
    Ok(window.fetch_with_str_and_init(url, &init))
}

/// The parsed JSON of a 2xx response; an error answer's code decides which failure.
async fn answer(sent: Promise) -> Result<JsValue, LoadError> {
    let response: Response = JsFuture::from(sent)
        .await
        .map_err(log_failure)?
        .unchecked_into();
    let json = JsFuture::from(response.json().map_err(log_failure)?)
        .await
        .map_err(log_failure)?;
    if response.ok() {
        return Ok(json);
    }
    match decode::error_code(&json) {
        Some(code) if code == codes::ARTICLE_NOT_FOUND => Err(LoadError::NotFound),
        _ => Err(log_failure(json)),
    }
}

fn malformed() -> LoadError {
    log_failure(JsValue::from_str("malformed answer"))
}

fn log_failure(err: JsValue) -> LoadError {
    web_sys::console::error_2(&JsValue::from_str("[newscard]"), &err);
    LoadError::Failed
}
