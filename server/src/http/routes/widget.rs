//! `GET /api/v1/sites/{site}/widget`: everything the widget renders, in one request.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use newscard_protocol::WidgetBootstrap;
use serde::Deserialize;

use crate::config::Site;
use crate::domain::{ArticleUrl, ReaderId};
use crate::http::error::ApiError;
use crate::http::etag::IfNoneMatch;
use crate::http::extract::ApiQuery;
use crate::http::routes::related::DEFAULT_PAGE;
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/sites/{site}/widget", get(widget))
}

#[derive(Deserialize)]
struct WidgetQuery {
    article: String,
    reader: Option<String>,
}

async fn widget(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    if_none_match: IfNoneMatch,
    ApiQuery(query): ApiQuery<WidgetQuery>,
) -> Result<Response, ApiError> {
    let url = ArticleUrl::parse(&query.article)?;
    let reader = query.reader.as_deref().map(ReaderId::parse).transpose()?;
    let articles = state.index.caught_up(&*state.store).await?;
    let card = articles.card(&site.id, &url).await?;
    let reactions = state
        .reactions
        .current(&site.id, &url, reader.as_ref())
        .await?;
    let related = articles.related(&site.id, &url, None, DEFAULT_PAGE)?;
    if_none_match.json(&WidgetBootstrap {
        card,
        reaction_kinds: site
            .reactions
            .iter()
            .map(|kind| kind.as_str().to_owned())
            .collect(),
        reactions,
        share: site.share.clone(),
        related,
    })
}
