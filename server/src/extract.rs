//! Extractors whose rejections are our own JSON error body, so a malformed request
//! gets the same 4xx shape as every other error.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::rate_limit::client_ip;
use crate::startup::AppState;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A raw body (a feed document), with our error body when it is too large.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Self(Bytes::from_request(request, state).await?))
    }
}

/// Present in a handler's arguments, it spends one of the client's writes, or
/// answers 429 when none is left.
pub struct WriteQuota;

impl FromRequestParts<AppState> for WriteQuota {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no peer address")))?;
        let client = client_ip(peer, &parts.headers, &state.trusted_proxies);
        state
            .limiter
            .try_acquire(client)
            .map_err(|retry_after| ApiError::RateLimited { retry_after })?;
        Ok(Self)
    }
}
