//! What every request leaves for the operator: its metrics (and, in
//! `request_log`, its log line), named by the route template it matched,
//! never by its raw target, whose query carries reader ids and whose path any
//! client may make up.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::{Metrics, UNMATCHED_ROUTE};

/// The route template the request matched (`/api/v1/sites/{site}/widget`), or
/// `unmatched`.
pub fn route_of(request: &Request) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned()
}

/// The method as a label: a client may send any token as a method, so the
/// ones no route serves are all `other`.
pub fn method_of(request: &Request) -> &'static str {
    match *request.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Counts the request and its latency by method, route and final status.
pub async fn request_metrics(
    State(metrics): State<Metrics>,
    request: Request,
    next: Next,
) -> Response {
    let (method, route) = (method_of(&request), route_of(&request));
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
