//! One error type for every handler; each variant maps to a status and a stable code.

use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newscard_protocol::{codes, ErrorBody, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is wrong: a missing or malformed parameter or body.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("unknown site")]
    SiteNotFound,
    #[error("no such article on this site")]
    ArticleNotFound,
    #[error("no such resource")]
    NotFound,
    #[error("this origin may not use this site's widget")]
    OriginNotAllowed,
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
            Self::SiteNotFound => (StatusCode::NOT_FOUND, codes::SITE_NOT_FOUND),
            Self::ArticleNotFound => (StatusCode::NOT_FOUND, codes::ARTICLE_NOT_FOUND),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::OriginNotAllowed => (StatusCode::FORBIDDEN, "origin_not_allowed"),
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
        (status, Json(body)).into_response()
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request("bad_query", rejection.body_text())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::Internal(err.into())
    }
}
