//! One error type for every handler; each variant maps to a status and a stable
//! code. Refusals made elsewhere (axum's 405 and path rejections, the file
//! service, a panic) are given the same shape by `json_refusals` and
//! `panic_response`, so a client never sees an error without one.

use std::any::Any;
use std::time::Duration;

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::Request;
use axum::http::header::{
    CONNECTION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, LAST_MODIFIED,
    RETRY_AFTER, WWW_AUTHENTICATE,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newscard_protocol::{codes, ErrorBody, ErrorDetail};

use crate::error::{Error, Invalid};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is wrong: a missing or malformed parameter or body.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// The body is not JSON (415) or is too large (413).
    #[error("{message}")]
    BadBody { status: StatusCode, message: String },
    #[error("unknown site")]
    SiteNotFound,
    #[error("no such article on this site")]
    ArticleNotFound,
    #[error("no such resource")]
    NotFound,
    #[error("this origin may not use this site's widget")]
    OriginNotAllowed,
    #[error("a valid API key for this site is needed (Authorization: Bearer KEY)")]
    Unauthorized,
    #[error("too many writes; retry later")]
    RateLimited { retry_after: Duration },
    #[error("this client has too many live streams open")]
    TooManyStreams,
    #[error("the request body took too long to arrive")]
    BodyTimeout,
    /// A refusal made below our handlers (the router, the file service, the
    /// request limits), its code named after its status.
    #[error("{message}")]
    Refused { status: StatusCode, message: String },
    /// The server cannot answer now (the database is away, or the server is
    /// shutting down); a retry may succeed.
    #[error("{0}")]
    Unavailable(&'static str),
    /// Failures of ours: logged in full, answered without details.
    #[error("internal error")]
    Internal(anyhow::Error),
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        Self::BadRequest {
            code: invalid.code,
            message: invalid.message,
        }
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::Invalid(invalid) => invalid.into(),
            Error::ArticleNotFound => Self::ArticleNotFound,
            Error::Unavailable(err) => {
                tracing::warn!("database unavailable: {err:#}");
                Self::Unavailable("the database is unavailable; retry shortly")
            }
            Error::Internal(err) => Self::Internal(err),
        }
    }
}

/// A store's failure: unavailable or internal, as the core tells them apart.
impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        Error::from(err).into()
    }
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Self::BadBody { status, .. } => (*status, "bad_body"),
            Self::SiteNotFound => (StatusCode::NOT_FOUND, codes::SITE_NOT_FOUND),
            Self::ArticleNotFound => (StatusCode::NOT_FOUND, codes::ARTICLE_NOT_FOUND),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::OriginNotAllowed => (StatusCode::FORBIDDEN, "origin_not_allowed"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, codes::RATE_LIMITED),
            Self::TooManyStreams => (StatusCode::TOO_MANY_REQUESTS, "too_many_streams"),
            Self::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            Self::Refused { status, .. } => (*status, code_for_status(*status)),
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// The stable code of a refusal that only has a status.
fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE => "bad_body",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::RANGE_NOT_SATISFIABLE => "range_not_satisfiable",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "headers_too_large",
        status if status.is_server_error() => "internal",
        _ => "refused",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let Self::Internal(err) = &self {
            tracing::error!("internal error: {err:#}");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message: self.to_string(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::BodyTimeout = self {
            // What is left of the body may still be arriving: no next request.
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
        }
        if let Self::Unauthorized = self {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Self::RateLimited { retry_after } = self {
            let seconds = retry_after.as_secs() + 1;
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request("bad_query", rejection.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            status @ (StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::PAYLOAD_TOO_LARGE) => {
                Self::BadBody {
                    status,
                    message: rejection.body_text(),
                }
            }
            _ => Self::bad_request("bad_json", rejection.body_text()),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        Self::BadBody {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}

/// Gives a refusal made below our handlers the JSON error shape, keeping its
/// status and headers (`Allow`, CORS) and its text, if any, as the message.
pub async fn json_refusals(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Framework refusals say a line at most; anything else is not a message.
    let text = axum::body::to_bytes(body, 1024).await.unwrap_or_default();
    let message = match std::str::from_utf8(&text).map(str::trim) {
        Ok(text) if !text.is_empty() => text.to_owned(),
        _ => status.canonical_reason().unwrap_or("refused").to_owned(),
    };
    let (refusal, body) = ApiError::Refused { status, message }
        .into_response()
        .into_parts();
    for stale in [CONTENT_ENCODING, CONTENT_LENGTH, ETAG, LAST_MODIFIED] {
        parts.headers.remove(stale);
    }
    // A 416's `Content-Range: bytes */LEN` says what range there is.
    if status != StatusCode::RANGE_NOT_SATISFIABLE {
        parts.headers.remove(CONTENT_RANGE);
    }
    parts.headers.extend(refusal.headers);
    Response::from_parts(parts, body)
}

/// A handler's panic, answered as that request's 500; the server goes on.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    ApiError::Internal(anyhow::anyhow!("a handler panicked: {what}")).into_response()
}
