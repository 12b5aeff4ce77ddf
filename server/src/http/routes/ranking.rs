//! `GET /api/v1/sites/{site}/ranking?reaction=happy&window=24h&limit=10`: the
//! site's articles with the most reactions of one kind in a recent window.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Json, Router};
use newscard_protocol::Ranking;
use serde::Deserialize;

use crate::config::Site;
use crate::domain::{unix_now, Window};
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::AppState;

const MAX_LIMIT: u32 = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/sites/{site}/ranking", get(ranking))
}

#[derive(Deserialize)]
struct RankingQuery {
    reaction: String,
    window: Option<String>,
    limit: Option<u32>,
}

async fn ranking(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiQuery(query): ApiQuery<RankingQuery>,
) -> Result<Json<Ranking>, ApiError> {
    let kind = site.reaction(&query.reaction)?;
    let window = Window::parse(query.window.as_deref().unwrap_or("24h"))?;
    let limit = query.limit.unwrap_or(10);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_limit",
            format!("limit must be 1 to {MAX_LIMIT}"),
        ));
    }
    let items = state
        .store
        .ranking(&site.id, kind, unix_now() - window.seconds(), limit)
        .await?;
    Ok(Json(Ranking {
        reaction: kind.as_str().to_owned(),
        items,
    }))
}
