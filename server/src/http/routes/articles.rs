//! The publisher's ways in, authenticated by the site's API key (see
//! `publisher_guard`): `PUT /api/v1/sites/{site}/articles` upserts one article,
//! `POST /api/v1/sites/{site}/feeds` imports an RSS 2.0 or Atom document.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::{post, put};
use axum::{Extension, Json, Router};
use serde::Serialize;

use crate::config::Site;
use crate::domain::ArticleInput;
use crate::feed::articles_from_feed;
use crate::http::error::ApiError;
use crate::http::extract::{ApiBytes, ApiJson};
use crate::http::AppState;
use crate::import::validate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sites/{site}/articles", put(upsert_article))
        .route("/api/v1/sites/{site}/feeds", post(import_feed))
}

#[derive(Serialize)]
struct Imported {
    imported: usize,
}

async fn upsert_article(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiJson(input): ApiJson<ArticleInput>,
) -> Result<Json<Imported>, ApiError> {
    save(&state, &site, vec![input]).await
}

async fn import_feed(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiBytes(document): ApiBytes,
) -> Result<Json<Imported>, ApiError> {
    save(&state, &site, articles_from_feed(&document)?).await
}

/// Validates all, stores all, and brings the related index up to date before
/// answering, so the next related query sees them.
async fn save(
    state: &AppState,
    site: &Site,
    inputs: Vec<ArticleInput>,
) -> Result<Json<Imported>, ApiError> {
    let articles = validate(site, inputs)?;
    state.store.upsert_articles(&site.id, &articles).await?;
    state.index.catch_up(&*state.store).await?;
    Ok(Json(Imported {
        imported: articles.len(),
    }))
}
