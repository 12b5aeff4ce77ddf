//! `POST /api/v1/sites/{site}/shares` counts one share click (a count only, no
//! reader id); `GET /api/v1/sites/{site}/shares?article=URL` reads the counts;
//! `GET /api/v1/sites/{site}/shares/qr?article=URL` is the WeChat share code.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use newscard_protocol::{ErrorBody, QrCode, ShareClick, ShareCounts, SHARE_SERVICES};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::http::client::WriteQuota;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::openapi::{SitePath, WriteRefusals};
use crate::http::AppState;
use crate::qr_code::qr_code;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(share_counts, count_share))
        .routes(routes!(share_qr_code))
}

/// Counts one share click (a count only, no reader id); answers the counts.
#[utoipa::path(
    post,
    path = "/api/v1/sites/{site}/shares",
    tag = "widget",
    params(SitePath),
    request_body = ShareClick,
    responses(
        (status = 200, description = "Counted; the article's share counts after it", body = ShareCounts),
        WriteRefusals,
    )
)]
async fn count_share(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    quota: WriteQuota,
    ApiJson(click): ApiJson<ShareClick>,
) -> Result<Json<ShareCounts>, ApiError> {
    let article = site.article_url(&click.article)?;
    let service = SHARE_SERVICES
        .into_iter()
        .find(|known| *known == click.service)
        .ok_or_else(|| ApiError::bad_request("unknown_service", "no such share service"))?;
    quota.spend()?;
    let counts = state.store.count_share(&site.id, &article, service).await?;
    Ok(Json(ShareCounts { counts }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SharesQuery {
    /// The article's canonical URL.
    #[param(example = "https://news.example/2025/03/25/tech-abroad")]
    article: String,
}

/// An article's share clicks per service.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/shares",
    tag = "widget",
    params(SitePath, SharesQuery),
    responses(
        (status = 200, description = "Clicks per service", body = ShareCounts),
        (status = 400, description = "A bad `article`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
    )
)]
async fn share_counts(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiQuery(query): ApiQuery<SharesQuery>,
) -> Result<Json<ShareCounts>, ApiError> {
    let article = site.article_url(&query.article)?;
    let counts = state.store.share_counts(&site.id, &article).await?;
    Ok(Json(ShareCounts { counts }))
}

/// The article's URL as a QR code, for the WeChat popover. Its URL is the
/// article's, so a browser keeps it for a day; it is the same every time.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/shares/qr",
    tag = "widget",
    params(SitePath, SharesQuery),
    responses(
        (status = 200, description = "The code", body = QrCode, headers(("Cache-Control" = String))),
        (status = 400, description = "A bad `article`, or one not on the site's hosts", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
    )
)]
async fn share_qr_code(
    Extension(site): Extension<Arc<Site>>,
    ApiQuery(query): ApiQuery<SharesQuery>,
) -> Result<impl IntoResponse, ApiError> {
    site.article_url(&query.article)?;
    // Every URL the article check lets through fits: at most 2,048 bytes, where
    // a QR code holds 2,331.
    let code = qr_code(&query.article)
        .ok_or_else(|| ApiError::bad_request("invalid_article_url", "too long for a QR code"))?;
    Ok(([(CACHE_CONTROL, "public, max-age=86400")], Json(code)))
}
