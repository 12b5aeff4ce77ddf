//! `GET /api/v1/sites/{site}/widget`: everything the widget renders, in one request.

use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Json, Router};
use newscard_protocol::WidgetBootstrap;
use serde::Deserialize;

use crate::config::Site;
use crate::domain::ArticleUrl;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/sites/{site}/widget", get(widget))
}

#[derive(Deserialize)]
struct WidgetQuery {
    article: String,
}

async fn widget(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    ApiQuery(query): ApiQuery<WidgetQuery>,
) -> Result<Json<WidgetBootstrap>, ApiError> {
    let url = ArticleUrl::parse(&query.article)?;
    let card = state
        .store
        .article_card(&site.id, &url)
        .await?
        .ok_or(ApiError::ArticleNotFound)?;
    Ok(Json(WidgetBootstrap { card }))
}
