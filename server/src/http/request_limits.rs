//! What one request may cost before a handler runs. Its URI and headers are
//! bounded here, answered 414 and 431 in the JSON error shape (hyper's own
//! limits, set above these in `serve`, could only answer with an empty body),
//! and its body must arrive whole before a deadline however slowly it trickles
//! (408), where a timeout between chunks would let it take hours. The deadline
//! grows with what arrives, so a large feed on a modest uplink gets through.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use crate::http::error::ApiError;

/// The longest request target: an article URL of 2,048 characters with every
/// byte percent-encoded twice still fits.
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// All header names and values together. The widget sends a few hundred bytes.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 100;

/// hyper's limits, above ours so that ours answer first: what hyper refuses
/// itself (a head beyond its buffer) gets hyper's empty 431.
pub const HYPER_MAX_HEADERS: usize = 2 * MAX_HEADERS;
pub const HYPER_MAX_HEAD_BYTES: usize = 4 * (MAX_URI_BYTES + MAX_HEADER_BYTES);

/// Past `timeouts.body`, every this many bytes received buy a second more: an
/// 8 MiB feed may take two minutes more, a trickle gains nothing.
pub const BODY_BYTES_PER_EXTRA_SECOND: u64 = 64 * 1024;

pub async fn request_limits(
    State(body_timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return refuse(
            StatusCode::URI_TOO_LONG,
            format!("the request target is longer than {MAX_URI_BYTES} bytes"),
        );
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return refuse(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("at most {MAX_HEADERS} headers of {MAX_HEADER_BYTES} bytes in all"),
        );
    }
    let expired = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let request = request.map(|body| {
        Body::new(DeadlineBody {
            body,
            started,
            timeout: body_timeout,
            received: 0,
            deadline: Box::pin(tokio::time::sleep_until(started + body_timeout)),
            expired: expired.clone(),
        })
    });
    let response = next.run(request).await;
    // However the handler reported the failed read, the client hears why.
    if expired.load(Ordering::Relaxed) {
        return ApiError::BodyTimeout.into_response();
    }
    response
}

fn refuse(status: StatusCode, message: String) -> Response {
    ApiError::Refused { status, message }.into_response()
}

/// A request body that fails once its deadline has passed: `timeout` after
/// `started`, plus a second per [`BODY_BYTES_PER_EXTRA_SECOND`] received.
struct DeadlineBody {
    body: Body,
    started: Instant,
    timeout: Duration,
    received: u64,
    deadline: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            if let Some(data) = frame.as_ref().and_then(|f| f.as_ref().ok()?.data_ref()) {
                self.received += data.len() as u64;
                let earned = Duration::from_secs(self.received / BODY_BYTES_PER_EXTRA_SECOND);
                let deadline = self.started + self.timeout + earned;
                self.deadline.as_mut().reset(deadline);
            }
            return Poll::Ready(frame);
        }
        if self.deadline.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.expired.store(true, Ordering::Relaxed);
        Poll::Ready(Some(Err(axum::Error::new(
            "the request body deadline passed",
        ))))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
