//! `GET /api/v1/sites/{site}/related?article=URL&cursor=C&limit=N`: a page of
//! related reading and the cursor of the next.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Json, Router};
use newscard_protocol::RelatedPage;
use serde::Deserialize;

use crate::config::Site;
use crate::domain::ArticleUrl;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::AppState;

/// Items in the bootstrap's first page and in a page asked without `limit`.
pub const DEFAULT_PAGE: usize = 5;
const MAX_PAGE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/sites/{site}/related", get(related))
}

#[derive(Deserialize)]
struct RelatedQuery {
    article: String,
    cursor: Option<String>,
    limit: Option<usize>,
}

async fn related(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiQuery(query): ApiQuery<RelatedQuery>,
) -> Result<Json<RelatedPage>, ApiError> {
    let article = ArticleUrl::parse(&query.article)?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_limit",
            format!("limit must be 1 to {MAX_PAGE}"),
        ));
    }
    let page = state.index.caught_up(&*state.store).await?.related(
        &site.id,
        &article,
        query.cursor.as_deref(),
        limit,
    )?;
    Ok(Json(page))
}
