//! Requests to the widget server. Every request carries an abort signal owned by
//! the component that made it, and never sends cookies.

use newscard_protocol::{codes, ErrorBody, WidgetBootstrap};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCredentials, RequestInit, RequestMode, Response};

use crate::config::WidgetConfig;

#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The site has no record of this article.
    NotFound,
    /// Anything else: network, server, misconfiguration. Logged to the console.
    Failed,
}

/// `GET /api/v1/sites/{site}/widget?article=…`
pub async fn fetch_widget(
    config: &WidgetConfig,
    signal: Option<&AbortSignal>,
) -> Result<WidgetBootstrap, LoadError> {
    let url = format!(
        "{}/api/v1/sites/{}/widget?article={}",
        config.api,
        js_sys::encode_uri_component(&config.site),
        js_sys::encode_uri_component(&config.article),
    );
    get_json(&url, signal).await
}

async fn get_json<T: DeserializeOwned>(
    url: &str,
    signal: Option<&AbortSignal>,
) -> Result<T, LoadError> {
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(signal);
    let response: Response = JsFuture::from(
        web_sys::window()
            .ok_or(LoadError::Failed)?
            .fetch_with_str_and_init(url, &init),
    )
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
