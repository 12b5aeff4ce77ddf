//! `GET /api/v1/sites/{site}/ranking?reaction=happy&window=24h&limit=10`: the
//! site's articles with the most reactions of one kind in a recent window.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use newscard_protocol::{ErrorBody, Ranking};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::domain::{unix_now, Window};
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::openapi::SitePath;
use crate::http::AppState;

const MAX_LIMIT: u32 = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ranking))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RankingQuery {
    /// One of the site's reaction keys, e.g. `happy`.
    #[param(example = "happy")]
    reaction: String,
    /// How far back: hours or days, `1h` to `366d` (default `24h`).
    #[param(pattern = "^[0-9]+[hd]$", example = "24h")]
    window: Option<String>,
    /// Articles in the ranking (default 10).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

/// The site's articles with the most reactions of one kind in a recent window.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/ranking",
    tag = "widget",
    params(SitePath, RankingQuery),
    responses(
        (status = 200, description = "The ranking", body = Ranking),
        (status = 400, description = "A bad `reaction`, `window` or `limit`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
    )
)]
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
