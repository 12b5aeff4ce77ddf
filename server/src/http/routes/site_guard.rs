//! Runs before every `/api/v1/sites/{site}/…` handler. `site_guard` (the widget's
//! API) resolves the site, refuses browsers on origins the site has not
//! registered, answers CORS preflights and adds CORS headers for allowed origins.
//! `publisher_guard` (the publisher's API) resolves the site and wants its API key.

use std::sync::Arc;

use axum::extract::{RawPathParams, Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, AUTHORIZATION, ORIGIN, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Site;
use crate::domain::SiteId;
use crate::http::error::ApiError;
use crate::http::AppState;

pub async fn site_guard(
    State(state): State<AppState>,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let site = site_in_path(&state, &params)?;
    let origin = request.headers().get(ORIGIN).cloned();
    match &origin {
        Some(origin) if !origin.to_str().is_ok_and(|o| site.allows_origin(o)) => {
            return Err(ApiError::OriginNotAllowed);
        }
        // Reads without Origin come from no browser page (curl, a publisher's
        // backend). Writes must come from a registered page.
        None if !request.method().is_safe() => return Err(ApiError::OriginNotAllowed),
        _ => {}
    }
    let mut response = if request.method() == Method::OPTIONS {
        preflight()
    } else {
        request.extensions_mut().insert(site);
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        // So the widget can read the ETag and revalidate by itself; the
        // browser's HTTP cache revalidates without it.
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("ETag"),
        );
    }
    Ok(response)
}

/// Server to server: no CORS, so no browser page can use the key.
pub async fn publisher_guard(
    State(state): State<AppState>,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let site = site_in_path(&state, &params)?;
    let key = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    if !site.accepts_api_key(key.trim()) {
        return Err(ApiError::Unauthorized);
    }
    request.extensions_mut().insert(site);
    Ok(next.run(request).await)
}

fn site_in_path(state: &AppState, params: &RawPathParams) -> Result<Arc<Site>, ApiError> {
    params
        .iter()
        .find(|(name, _)| *name == "site")
        .and_then(|(_, value)| SiteId::parse(value))
        .and_then(|id| state.config.sites.get(&id).cloned())
        .ok_or(ApiError::SiteNotFound)
}

/// Lets an allowed page send JSON writes and conditional reads; browsers cache
/// the answer for a day.
fn preflight() -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, DELETE"),
            (ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, If-None-Match"),
            (ACCESS_CONTROL_MAX_AGE, "86400"),
        ],
    )
        .into_response()
}
