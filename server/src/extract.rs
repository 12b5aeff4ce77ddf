//! Extractors whose rejections are our own JSON error body, so a malformed request
//! gets the same 4xx shape as every other error.

use axum::extract::FromRequestParts;

use crate::error::ApiError;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);
