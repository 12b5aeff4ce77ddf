//! What every request leaves for the operator: its metrics and one log line,
//! named by the route template it matched, never by its raw target, whose
//! query carries reader ids and whose path any client may make up. Neither
//! names the client: no address, no header.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{self, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

use crate::metrics::{Metrics, UNMATCHED_ROUTE};

/// The route template the request matched (`/api/v1/sites/{site}/widget`), or
/// `unmatched`.
pub fn route_of<B>(request: &http::Request<B>) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned()
}

/// The method as a label: a client may send any token as a method, so the
/// ones no route serves are all `other`.
pub fn method_of<B>(request: &http::Request<B>) -> &'static str {
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

/// One INFO line per request, once its response head is ready: the request's
/// span carries `method` and `route`, the line `status` and `latency_ms`. Lines
/// a handler logs inside the request carry the same span. Nothing is logged as
/// the request arrives, for its body or when it fails (a 5xx is the same line),
/// so a request is one line.
pub type RequestLog =
    TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), LogResponse, (), (), ()>;

pub fn request_log() -> RequestLog {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(LogResponse)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

#[derive(Clone, Copy)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &http::Request<B>) -> Span {
        tracing::info_span!(
            "request",
            method = method_of(request),
            route = route_of(request)
        )
    }
}

#[derive(Clone, Copy)]
pub struct LogResponse;

impl<B> OnResponse<B> for LogResponse {
    fn on_response(self, response: &http::Response<B>, latency: Duration, _: &Span) {
        tracing::info!(
            status = response.status().as_u16(),
            // Whole microseconds: finer is noise, and the line stays short.
            latency_ms = latency.as_micros() as f64 / 1000.0,
            "answered"
        );
    }
}
