//! Everything that knows HTTP: the router, the state handlers share, the
//! extractors, the one error type that maps the core's errors to responses,
//! ETags, the per-request limits and the connection serving. The core
//! (domain, store, reactions, related, import) knows none of it.

mod client;
pub mod error;
mod etag;
mod extract;
mod observe;
mod openapi;
mod request_limits;
mod routes;
mod serve;

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::{Extension, Router};
use tower_http::catch_panic::CatchPanicLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::article_index::ArticleIndex;
use crate::config::{Config, Timeouts};
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::reactions::ReactionService;
use crate::store::Store;
use error::{json_refusals, panic_response, ApiError};
use observe::{request_log, request_metrics};
use request_limits::request_limits;
use routes::site_guard::{publisher_guard, site_guard};
use routes::{articles, assets, health, ranking, reactions, related, shares, widget};
pub use serve::serve;

/// Largest request body the widget's API reads; reaction writes are well under 3 KB.
const MAX_BODY: usize = 4 * 1024;
/// Largest article or feed document a publisher may send.
const MAX_PUBLISHER_BODY: usize = 8 * 1024 * 1024;

/// What every handler may use, behind one `Arc`: the extractors and the
/// middleware clone the state for every request, and cloning the services
/// themselves (a dozen reference counts, contended between cores) took a tenth
/// of a reaction write's time.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

/// The shared services, built once at start ([`crate::startup`]).
pub struct Services {
    pub store: Arc<dyn Store>,
    pub config: Config,
    pub reactions: ReactionService,
    pub limiter: Arc<RateLimiter>,
    pub trusted_proxies: Arc<[IpAddr]>,
    pub index: Arc<ArticleIndex>,
    pub metrics: Metrics,
}

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// Every route, behind the layers every request passes. The routes of the API
/// (and `/healthz`) come from their handlers' `#[utoipa::path]` annotations, which
/// also make `GET /api/v1/openapi.json`; only the widget's files are not in it.
pub fn router(state: AppState, assets_dir: &Path) -> Router {
    let timeouts = state.config.timeouts;
    let metrics = state.metrics.clone();
    let site_api = OpenApiRouter::new()
        .merge(widget::router())
        .merge(reactions::router())
        .merge(ranking::router())
        .merge(shares::router())
        .merge(related::router())
        .route_layer(from_fn_with_state(state.clone(), site_guard))
        .layer(DefaultBodyLimit::max(MAX_BODY));
    let publisher_api = articles::router()
        .route_layer(from_fn_with_state(state.clone(), publisher_guard))
        .layer(DefaultBodyLimit::max(MAX_PUBLISHER_BODY));
    let (api, mut document) = OpenApiRouter::with_openapi(openapi::base())
        .merge(health::router())
        .routes(routes!(openapi::openapi_json))
        .merge(site_api)
        .merge(publisher_api)
        .split_for_parts();
    openapi::add_common_refusals(&mut document);
    let routes = api
        .layer(Extension(openapi::to_json(&document)))
        .merge(assets::router(assets_dir))
        .fallback(|| async { ApiError::NotFound })
        .with_state(state);
    // Outside the refusals, so a request is counted and logged with the status it got.
    with_refusals(routes, timeouts)
        .layer(from_fn_with_state(metrics, request_metrics))
        .layer(request_log())
}

/// The path templates `router` serves (`/api/v1/sites/{site}/widget`, …), read
/// from the router itself: axum lists them only in its `Debug` output, as
/// `RouteId(N): "/path"`. For the test that every API route is documented.
pub fn served_paths(router: &Router) -> Vec<String> {
    let text = format!("{router:?}");
    let mut paths: Vec<String> = text
        .split("RouteId(")
        .skip(1)
        .filter_map(|entry| entry.split_once("): \"")?.1.split_once('"'))
        .map(|(path, _)| path.to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The metrics listener's routes: `/metrics`, and the JSON refusals for anything else.
pub fn metrics_router(metrics: Metrics, timeouts: Timeouts) -> Router {
    let routes = routes::metrics::router()
        .fallback(|| async { ApiError::NotFound })
        .with_state(metrics);
    with_refusals(routes, timeouts)
}

/// The layers every request passes, whatever it asks for: the limits on what
/// it may cost, a panic answered as its own 500, and the JSON error shape on
/// every refusal.
fn with_refusals(router: Router, timeouts: Timeouts) -> Router {
    router
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(timeouts.body(), request_limits))
        .layer(from_fn(json_refusals))
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use serde_json::Value;

    use tokio::net::TcpListener;

    use super::*;

    #[tokio::test]
    async fn a_panic_answers_its_own_request_with_a_json_500_and_the_server_goes_on() {
        async fn buggy() -> &'static str {
            panic!("a bug in one handler")
        }
        let router = Router::new()
            .route("/panic", get(buggy))
            .route("/ok", get(|| async { "ok" }));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let timeouts = Timeouts::default();
        tokio::spawn(serve(
            listener,
            with_refusals(router, timeouts),
            timeouts,
            std::future::pending(),
        ));
        let client = reqwest::Client::new();
        for _ in 0..3 {
            let response = client
                .get(format!("http://{address}/panic"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 500);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "internal");
            let ok = client
                .get(format!("http://{address}/ok"))
                .send()
                .await
                .unwrap();
            assert_eq!(ok.text().await.unwrap(), "ok");
        }
    }
}
