//! `POST /api/v1/sites/{site}/shares` counts one share click (a count only, no
//! reader id); `GET /api/v1/sites/{site}/shares?article=URL` reads the counts.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Json, Router};
use newscard_protocol::{ShareClick, ShareCounts, SHARE_SERVICES};
use serde::Deserialize;

use crate::config::Site;
use crate::http::client::WriteQuota;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/v1/sites/{site}/shares",
        get(share_counts).post(count_share),
    )
}

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

#[derive(Deserialize)]
struct SharesQuery {
    article: String,
}

async fn share_counts(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiQuery(query): ApiQuery<SharesQuery>,
) -> Result<Json<ShareCounts>, ApiError> {
    let article = site.article_url(&query.article)?;
    let counts = state.store.share_counts(&site.id, &article).await?;
    Ok(Json(ShareCounts { counts }))
}
