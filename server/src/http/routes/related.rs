//! `GET /api/v1/sites/{site}/related?article=URL&cursor=C&limit=N`: a page of
//! related reading and the cursor of the next.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use newscard_protocol::{ErrorBody, RelatedPage};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::domain::ArticleUrl;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::openapi::SitePath;
use crate::http::AppState;

/// Items in the bootstrap's first page and in a page asked without `limit`.
pub const DEFAULT_PAGE: usize = 5;
const MAX_PAGE: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(related))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RelatedQuery {
    /// The article's canonical URL.
    #[param(example = "https://news.example/2025/03/25/tech-abroad")]
    article: String,
    /// The `next` of the page before; none for the first page.
    cursor: Option<String>,
    /// Items in the page (default 5).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<usize>,
}

/// A page of related reading and the cursor of the next.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/related",
    tag = "widget",
    params(SitePath, RelatedQuery),
    responses(
        (status = 200, description = "A page of related articles", body = RelatedPage),
        (status = 400, description = "A bad `article`, `cursor` or `limit`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`) or article (`article_not_found`)", body = ErrorBody),
    )
)]
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
