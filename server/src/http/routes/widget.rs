//! `GET /api/v1/sites/{site}/widget`: everything the widget renders, in one request.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use newscard_protocol::{ErrorBody, WidgetBootstrap};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::domain::ArticleUrl;
use crate::http::error::ApiError;
use crate::http::etag::IfNoneMatch;
use crate::http::extract::ApiQuery;
use crate::http::openapi::SitePath;
use crate::http::routes::related::DEFAULT_PAGE;
use crate::http::routes::ArticleReaderQuery;
use crate::http::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(widget))
}

/// Everything the widget renders: card, reaction counts (and the reader's own),
/// share services and the first page of related reading.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/widget",
    tag = "widget",
    params(SitePath, ArticleReaderQuery, ("If-None-Match" = Option<String>, Header, description = "ETags of answers the client holds")),
    responses(
        (status = 200, description = "The widget's data", body = WidgetBootstrap, headers(("ETag" = String))),
        (status = 304, description = "The client holds this answer already (If-None-Match)"),
        (status = 400, description = "A bad `article` or `reader`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`) or article (`article_not_found`)", body = ErrorBody),
    )
)]
async fn widget(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    if_none_match: IfNoneMatch,
    ApiQuery(query): ApiQuery<ArticleReaderQuery>,
) -> Result<Response, ApiError> {
    let url = ArticleUrl::parse(&query.article)?;
    let reader = query.reader()?;
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
