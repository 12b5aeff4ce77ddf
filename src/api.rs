//! Requests to the widget server. Reads carry an abort signal owned by the
//! component that made them; nothing ever sends cookies.

use leptos::prelude::on_cleanup;
use newscard_protocol::{
    codes, ErrorBody, Ranking, Reactions, RetractReaction, SetReaction, WidgetBootstrap,
};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, RequestCredentials, RequestInit, RequestMode, Response,
};

use crate::config::WidgetConfig;

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
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.take().abort());
    Some(signal)
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn site_url(config: &WidgetConfig, path: &str) -> String {
    format!(
        "{}/api/v1/sites/{}/{path}",
        config.api,
        encode(&config.site)
    )
}

/// `GET /widget?article=…[&reader=…]`: card, reaction kinds, counts and mine.
pub async fn fetch_widget(
    config: &WidgetConfig,
    reader: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<WidgetBootstrap, LoadError> {
    let mut url = site_url(
        config,
        &format!("widget?article={}", encode(&config.article)),
    );
    if let Some(reader) = reader {
        url.push_str(&format!("&reader={}", encode(reader)));
    }
    request("GET", &url, None::<&()>, signal).await
}

/// `PUT /reactions`: answers once the reaction is committed.
pub async fn set_reaction(
    config: &WidgetConfig,
    reader: String,
    reaction: String,
) -> Result<Reactions, LoadError> {
    let body = SetReaction {
        article: config.article.clone(),
        reader,
        reaction,
    };
    request("PUT", &site_url(config, "reactions"), Some(&body), None).await
}

/// `DELETE /reactions`: retracts the reader's reaction.
pub async fn retract_reaction(
    config: &WidgetConfig,
    reader: String,
) -> Result<Reactions, LoadError> {
    let body = RetractReaction {
        article: config.article.clone(),
        reader,
    };
    request("DELETE", &site_url(config, "reactions"), Some(&body), None).await
}

/// `GET /ranking?reaction=…&window=…`
pub async fn fetch_ranking(
    config: &WidgetConfig,
    reaction: &str,
    window: &str,
    signal: Option<&AbortSignal>,
) -> Result<Ranking, LoadError> {
    let path = format!(
        "ranking?reaction={}&window={}",
        encode(reaction),
        encode(window)
    );
    request("GET", &site_url(config, &path), None::<&()>, signal).await
}

/// The live count stream's URL (server-sent events).
pub fn counts_stream_url(config: &WidgetConfig) -> String {
    site_url(
        config,
        &format!("reactions/stream?article={}", encode(&config.article)),
    )
}

async fn request<B: Serialize, T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&B>,
    signal: Option<&AbortSignal>,
) -> Result<T, LoadError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(signal);
    if let Some(body) = body {
        let value = serde_wasm_bindgen::to_value(body).map_err(|err| log_failure(err.into()))?;
        let json = js_sys::JSON::stringify(&value).map_err(log_failure)?;
        init.set_body(&json);
        let headers = web_sys::Headers::new().map_err(log_failure)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(log_failure)?;
        init.set_headers(&headers);
    }
    let window = web_sys::window().ok_or(LoadError::Failed)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(log_failure)?
        .unchecked_into();
    let json = JsFuture::from(response.json().map_err(log_failure)?)
        .await
        .map_err(log_failure)?;
    if response.ok() {
        return serde_wasm_bindgen::from_value(json).map_err(|err| log_failure(err.into()));
    }
    match serde_wasm_bindgen::from_value::<ErrorBody>(json) {
        Ok(body) if body.error.code == codes::ARTICLE_NOT_FOUND => Err(LoadError::NotFound),
        Ok(body) => Err(log_failure(JsValue::from_str(&body.error.message))),
        Err(err) => Err(log_failure(err.into())),
    }
}

fn log_failure(err: JsValue) -> LoadError {
    web_sys::console::error_2(&JsValue::from_str("[newscard]"), &err);
    LoadError::Failed
}
