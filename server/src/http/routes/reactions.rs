//! `GET|PUT|DELETE /api/v1/sites/{site}/reactions` and the live stream
//! `GET /api/v1/sites/{site}/reactions/stream?article=URL` (server-sent events).

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use newscard_protocol::{Reactions, RetractReaction, SetReaction};
use serde::Deserialize;

use crate::config::Site;
use crate::domain::{unix_now, ReaderId};
use crate::http::client::{ClientAddr, WriteQuota};
use crate::http::error::ApiError;
use crate::http::etag::IfNoneMatch;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::AppState;
use crate::reactions::WatchRefused;
use crate::store::{ReactionChange, ReactionWrite};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/sites/{site}/reactions",
            get(reactions).put(set_reaction).delete(retract_reaction),
        )
        .route("/api/v1/sites/{site}/reactions/stream", get(stream_counts))
}

#[derive(Deserialize)]
struct ReactionsQuery {
    article: String,
    reader: Option<String>,
}

async fn reactions(
    State(state): State<AppState>,
    Extension(site): Extension<Arc<Site>>,
    if_none_match: IfNoneMatch,
    ApiQuery(query): ApiQuery<ReactionsQuery>,
) -> Result<Response, ApiError> {
    let article = site.article_url(&query.article)?;
    let reader = query.reader.as_deref().map(ReaderId::parse).transpose()?;
    let current = state.reactions.current(&site.id, &article, reader.as_ref());
    if_none_match.json(&current.await?)
}

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

#[derive(Deserialize)]
struct StreamQuery {
    article: String,
}

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
