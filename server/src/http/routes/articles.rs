//! The publisher's ways in, authenticated by the site's API key (see
//! `publisher_guard`): `PUT /api/v1/sites/{site}/articles` upserts one article,
//! `POST /api/v1/sites/{site}/feeds` imports an RSS 2.0 or Atom document.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use newscard_protocol::{ErrorBody, Imported};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::domain::ArticleInput;
use crate::feed::articles_from_feed;
use crate::http::error::ApiError;
use crate::http::extract::{ApiBytes, ApiJson};
use crate::http::openapi::SitePath;
use crate::http::AppState;
use crate::import::validate;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upsert_article))
        .routes(routes!(import_feed))
}

/// Stores one article, or updates it in place (keyed by its URL).
#[utoipa::path(
    put,
    path = "/api/v1/sites/{site}/articles",
    tag = "publisher",
    params(SitePath),
    request_body = ArticleInput,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Stored", body = Imported),
        (status = 400, description = "A bad field (`error.code` names it) or malformed JSON (`bad_json`)", body = ErrorBody),
        (status = 401, description = "No valid API key for this site", body = ErrorBody, headers(("WWW-Authenticate" = String))),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
        (status = 413, description = "The body is too large (8 MB at most)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json`", body = ErrorBody),
    )
)]
async fn upsert_article(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ApiJson(input): ApiJson<ArticleInput>,
) -> Result<Json<Imported>, ApiError> {
    save(&state, &site, vec![input]).await
}

/// Imports an RSS 2.0 or Atom document: every entry, or none if one is bad.
#[utoipa::path(
    post,
    path = "/api/v1/sites/{site}/feeds",
    tag = "publisher",
    params(SitePath),
    request_body(
        description = "An RSS 2.0 or Atom document",
        content(
            (String = "application/rss+xml"),
            (String = "application/atom+xml"),
            (String = "application/xml"),
            (String = "text/xml"),
        ),
    ),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Stored", body = Imported),
        (status = 400, description = "Not a feed, or a bad entry (`error.code` names it)", body = ErrorBody),
        (status = 401, description = "No valid API key for this site", body = ErrorBody, headers(("WWW-Authenticate" = String))),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
        (status = 413, description = "The body is too large (8 MB at most)", body = ErrorBody),
    )
)]
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
        imported: articles.len() as u64,
    }))
}
