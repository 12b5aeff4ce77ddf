//! One error type for every handler; each variant maps to a status and a stable code.

use std::time::Duration;

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use newscard_protocol::{codes, ErrorBody, ErrorDetail};

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
    /// Storage failures: logged in full, answered without details.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
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
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
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

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::Internal(err.into())
    }
}
