//! Runs before every `/api/v1/sites/{site}/…` handler: resolves the site, refuses
//! browsers on origins the site has not registered, and answers CORS for the rest.

use axum::extract::{RawPathParams, Request, State};
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN, VARY};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::domain::SiteId;
use crate::error::ApiError;
use crate::startup::AppState;

pub async fn site_guard(
    State(state): State<AppState>,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let site = params
        .iter()
        .find(|(name, _)| *name == "site")
        .and_then(|(_, value)| SiteId::parse(value))
        .and_then(|id| state.sites.get(&id).cloned())
        .ok_or(ApiError::SiteNotFound)?;
    // Requests without an Origin header come from no browser page (curl, a
    // publisher's backend); browsers always send it on cross-origin fetches.
    let origin = request.headers().get(ORIGIN).cloned();
    if let Some(origin) = &origin {
        let allowed = origin.to_str().is_ok_and(|o| site.allows_origin(o));
        if !allowed {
            return Err(ApiError::OriginNotAllowed);
        }
    }
    request.extensions_mut().insert(site);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    Ok(response)
}
