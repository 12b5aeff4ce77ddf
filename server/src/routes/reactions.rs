//! `GET|PUT|DELETE /api/v1/sites/{site}/reactions` and the live stream
//! `GET /api/v1/sites/{site}/reactions/stream?article=URL` (server-sent events).

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use newscard_protocol::{Reactions, RetractReaction, SetReaction};
use serde::Deserialize;
use tokio_stream::wrappers::BroadcastStream;

use crate::config::Site;
use crate::domain::{unix_now, ArticleUrl, ReaderId};
use crate::error::ApiError;
use crate::etag::IfNoneMatch;
use crate::extract::{ApiJson, ApiQuery, WriteQuota};
use crate::reactions::current;
use crate::startup::AppState;
use crate::store::{Counts, ReactionChange, ReactionWrite};

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
    Extension(site): Extension<Site>,
    if_none_match: IfNoneMatch,
    ApiQuery(query): ApiQuery<ReactionsQuery>,
) -> Result<Response, ApiError> {
    let article = ArticleUrl::parse(&query.article)?;
    let reader = query.reader.as_deref().map(ReaderId::parse).transpose()?;
    if_none_match.json(&current(&state, &site.id, &article, reader.as_ref()).await?)
}

async fn set_reaction(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    _quota: WriteQuota,
    ApiJson(body): ApiJson<SetReaction>,
) -> Result<Json<Reactions>, ApiError> {
    let kind = site.reaction(&body.reaction).cloned().ok_or_else(|| {
        ApiError::bad_request("unknown_reaction", "this site offers no such reaction")
    })?;
    let mine = Some(kind.as_str().to_owned());
    let counts = write(
        &state,
        &site,
        &body.article,
        &body.reader,
        ReactionChange::Set(kind),
    )
    .await?;
    Ok(Json(Reactions { counts, mine }))
}

async fn retract_reaction(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    _quota: WriteQuota,
    ApiJson(body): ApiJson<RetractReaction>,
) -> Result<Json<Reactions>, ApiError> {
    let counts = write(
        &state,
        &site,
        &body.article,
        &body.reader,
        ReactionChange::Retract,
    )
    .await?;
    Ok(Json(Reactions { counts, mine: None }))
}

/// Validates the write and waits until it is committed.
async fn write(
    state: &AppState,
    site: &Site,
    article: &str,
    reader: &str,
    change: ReactionChange,
) -> Result<Counts, ApiError> {
    let write = ReactionWrite {
        site: site.id.clone(),
        article: ArticleUrl::parse(article)?,
        reader: ReaderId::parse(reader)?,
        change,
        at: unix_now(),
    };
    state.writer.write(write).await
}

#[derive(Deserialize)]
struct StreamQuery {
    article: String,
}

/// Sends the current counts at once, then the new counts after every commit
/// that changes them. Each event carries the whole count set.
async fn stream_counts(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    ApiQuery(query): ApiQuery<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let article = ArticleUrl::parse(&query.article)?;
    // Subscribe before reading, so no commit falls between the two.
    let updates = state.live.subscribe(&site.id, &article);
    let now = current(&state, &site.id, &article, None).await?.counts;
    let updates = BroadcastStream::new(updates).filter_map(|update| async move { update.ok() });
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
