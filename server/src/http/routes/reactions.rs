//! `GET|PUT|DELETE /api/v1/sites/{site}/reactions` and the live stream
//! `GET /api/v1/sites/{site}/reactions/stream?article=URL` (server-sent events).

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::Response;
use axum::{Extension, Json};
use futures_util::stream::{self, Stream, StreamExt};
use newscard_protocol::{ErrorBody, Reactions, RetractReaction, SetReaction};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::Site;
use crate::domain::{unix_now, ReaderId};
use crate::http::client::{ClientAddr, WriteQuota};
use crate::http::error::ApiError;
use crate::http::etag::IfNoneMatch;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::openapi::{SitePath, WriteRefusals};
use crate::http::routes::ArticleReaderQuery;
use crate::http::AppState;
use crate::reactions::WatchRefused;
use crate::store::{ReactionChange, ReactionWrite};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reactions, set_reaction, retract_reaction))
        .routes(routes!(stream_counts))
}

/// An article's reaction counts, and the reader's own reaction.
#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/reactions",
    tag = "widget",
    params(SitePath, ArticleReaderQuery, ("If-None-Match" = Option<String>, Header, description = "ETags of answers the client holds")),
    responses(
        (status = 200, description = "Counts and the reader's reaction", body = Reactions, headers(("ETag" = String))),
        (status = 304, description = "The client holds this answer already (If-None-Match)"),
        (status = 400, description = "A bad `article` or `reader`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
    )
)]
async fn reactions(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    if_none_match: IfNoneMatch,
    ApiQuery(query): ApiQuery<ArticleReaderQuery>,
) -> Result<Response, ApiError> {
    let article = site.article_url(&query.article)?;
    let reader = query.reader()?;
    let current = state.reactions.current(&site.id, &article, reader.as_ref());
    if_none_match.json(&current.await?)
}

/// Sets or changes the reader's reaction; answers the new counts.
#[utoipa::path(
    put,
    path = "/api/v1/sites/{site}/reactions",
    tag = "widget",
    params(SitePath),
    request_body = SetReaction,
    responses(
        (status = 200, description = "Stored; the article's counts after it", body = Reactions),
        WriteRefusals,
    )
)]
async fn set_reaction(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    quota: WriteQuota,
    ApiJson(body): ApiJson<SetReaction>,
) -> Result<Json<Reactions>, ApiError> {
    let kind = site.reaction(&body.reaction)?.clone();
    let mine = Some(kind.as_str().to_owned());
    let write = reaction_write(
        &site,
        &body.article,
        &body.reader,
        ReactionChange::Set(kind),
    )?;
    quota.spend()?;
    let counts = state.reactions.write(write).await?;
    Ok(Json(Reactions { counts, mine }))
}

/// Retracts the reader's reaction; answers the new counts.
#[utoipa::path(
    delete,
    path = "/api/v1/sites/{site}/reactions",
    tag = "widget",
    params(SitePath),
    request_body = RetractReaction,
    responses(
        (status = 200, description = "Retracted; the article's counts after it", body = Reactions),
        WriteRefusals,
    )
)]
async fn retract_reaction(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    quota: WriteQuota,
    ApiJson(body): ApiJson<RetractReaction>,
) -> Result<Json<Reactions>, ApiError> {
    let write = reaction_write(&site, &body.article, &body.reader, ReactionChange::Retract)?;
    quota.spend()?;
    let counts = state.reactions.write(write).await?;
    Ok(Json(Reactions { counts, mine: None }))
}

/// The write, if its article and reader are well formed.
fn reaction_write(
    site: &Site,
    article: &str,
    reader: &str,
    change: ReactionChange,
) -> Result<ReactionWrite, ApiError> {
    Ok(ReactionWrite {
        site: site.id.clone(),
        article: site.article_url(article)?,
        reader: ReaderId::parse(reader)?,
        change,
        at: unix_now(),
    })
}

/// One event of the count stream, as OpenAPI 3.1 describes an event stream
/// (each event against the schema): `event: counts`, and as `data` the
/// article's whole count set in JSON, `{"happy": 3, …}`. For the document only.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct CountsEvent {
    #[schema(pattern = "^counts$", example = "counts")]
    event: String,
    /// JSON: reaction key → count.
    #[schema(content_media_type = "application/json", example = "{\"happy\":3}")]
    data: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StreamQuery {
    /// The article's canonical URL.
    #[param(example = "https://news.example/2025/03/25/tech-abroad")]
    article: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/sites/{site}/reactions/stream",
    tag = "widget",
    params(SitePath, StreamQuery),
    responses(
        (status = 200, description = "Server-sent events: the counts now, then after every change", content_type = "text/event-stream", body = CountsEvent),
        (status = 400, description = "A bad `article`", body = ErrorBody),
        (status = 403, description = "The Origin is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such site (`site_not_found`)", body = ErrorBody),
        (status = 429, description = "This client has too many live streams open", body = ErrorBody),
    )
)]
/// Sends the current counts at once, then the new counts after every commit
/// that changes them. Each event carries the whole count set.
async fn stream_counts(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let article = site.article_url(&query.article)?;
    // Watch before reading, so no commit falls between the two.
    let updates =
        state
            .reactions
            .watch(&site.id, &article, client)
            .map_err(|refused| match refused {
                WatchRefused::TooManyStreams => ApiError::TooManyStreams,
                WatchRefused::Closed => ApiError::Unavailable("the server is shutting down"),
            })?;
    let now = state
        .reactions
        .current(&site.id, &article, None)
        .await?
        .counts;
    let events = stream::once(async move { now })
        .chain(updates)
        .map(|counts| {
            Ok(Event::default()
                .event("counts")
                .json_data(counts)
                .unwrap_or_default())
        });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
