//! Strong ETags on the widget's JSON reads and `304 Not Modified` for a client
//! that holds the same bytes already (RFC 9110 §8.8.3, §13.1.2). The tag is a
//! digest of the exact body, so it changes with anything in it (counts, the
//! reader's own reaction, the card, the related page) and needs no bookkeeping.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::error::ApiError;

/// The request's `If-None-Match` fields (one list may span several).
pub struct IfNoneMatch(Vec<HeaderValue>);

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(
            parts
                .headers
                .get_all(IF_NONE_MATCH)
                .iter()
                .cloned()
                .collect(),
        ))
    }
}

impl IfNoneMatch {
    /// `body` as JSON with its ETag, or 304 with no body when the client holds
    /// it already. `no-cache`: browsers keep the answer and revalidate it before
    /// each use, so a page view costs a 304 when nothing changed.
    pub fn json(self, body: &impl Serialize) -> Result<Response, ApiError> {
        let body = serde_json::to_vec(body).map_err(anyhow::Error::from)?;
        let tag = etag(&body);
        let held = self.0.iter().any(|field| names(field.as_bytes(), &tag));
        let headers = [
            (
                ETAG,
                HeaderValue::from_str(&tag).expect("hex is a valid header value"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ];
        Ok(if held {
            (StatusCode::NOT_MODIFIED, headers).into_response()
        } else {
            let json = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
            (headers, json, body).into_response()
        })
    }
}

/// A quoted hex digest: 128 bits of SHA-256, so two bodies never share a tag.
fn etag(body: &[u8]) -> String {
    format!("\"{}\"", hex::encode(&Sha256::digest(body)[..16]))
}

/// Whether an `If-None-Match` field is `*` or lists `tag` (with or without
/// `W/`: the weak comparison RFC 9110 asks for here). An opaque tag may hold
/// commas, so the list is read from quote to quote.
fn names(field: &[u8], tag: &str) -> bool {
    let mut rest = field.trim_ascii();
    if rest == b"*" {
        return true;
    }
    while let Some(open) = rest.iter().position(|&b| b == b'"') {
        let Some(len) = rest[open + 1..].iter().position(|&b| b == b'"') else {
            return false;
        };
        let end = open + len + 2;
        if &rest[open..end] == tag.as_bytes() {
            return true;
        }
        rest = &rest[end..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn if_none_match_lists_are_compared_weakly() {
        let tag = r#""0a1b""#;
        for field in [
            r#""0a1b""#,
            r#"W/"0a1b""#,
            r#""x", "0a1b""#,
            r#""a,b" ,W/"0a1b" "#,
            "*",
            " * ",
        ] {
            assert!(names(field.as_bytes(), tag), "{field}");
        }
        for field in [
            "",
            r#""0a1bc""#,
            r#""x", "y""#,
            "0a1b",
            r#""0a1b"#,
            r#""x", *"#,
        ] {
            assert!(!names(field.as_bytes(), tag), "{field}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_if_none_match_bytes_are_read_without_panic(field in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = names(&field, r#""0a1b""#);
        }
    }
}
