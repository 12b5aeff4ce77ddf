//! `GET /metrics`: Prometheus text, served on the metrics listener only.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;

use crate::metrics::{self, Metrics};

pub fn router() -> Router<Metrics> {
    Router::new().route(
        "/metrics",
        get(|State(metrics): State<Metrics>| async move {
            ([(CONTENT_TYPE, metrics::CONTENT_TYPE)], metrics.render())
        }),
    )
}
