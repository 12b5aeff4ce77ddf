//! The widget's files: the loader `/embed.js` (minified into `pkg/` by
//! scripts/build-widget.sh) and wasm-pack's `/pkg/*`, served precompressed
//! (`.br`, `.gz` made at build time) when the browser accepts it.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::error::ApiError;
use crate::http::AppState;

pub fn router(assets_dir: &Path) -> Router<AppState> {
    let loader = ServeFile::new(assets_dir.join("pkg/embed.js"))
        .precompressed_br()
        .precompressed_gzip();
    // Rooted above `pkg/`, since the route keeps its `/pkg/` prefix (a route,
    // not a nested service, so requests are counted under its template);
    // `only_build_files` lets through `/pkg/NAME` only.
    let files = ServeDir::new(assets_dir)
        .precompressed_br()
        .precompressed_gzip()
        // `pkg/` holds files only; a redirect to a directory's `…/` would
        // also lose the `/pkg` prefix.
        .append_index_html_on_directories(false);
    let pkg = ServiceBuilder::new()
        .layer(middleware::from_fn(only_build_files))
        .service(files);
    Router::new()
        .route_service("/embed.js", loader)
        .route_service("/pkg/{*file}", pkg)
        // Host pages on any origin import the glue as a module and fetch the wasm,
        // both of which need CORS; the files are public.
        .layer(SetResponseHeaderLayer::overriding(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(middleware::from_fn(cache_control))
}

/// `pkg/` is flat and its files are named by the build: a request for anything
/// else (a directory, an escape, a name the file system refuses as too long)
/// is a 404 before the file system is asked.
async fn only_build_files(request: Request, next: Next) -> Result<Response, ApiError> {
    let name = request
        .uri()
        .path()
        .strip_prefix("/pkg/")
        .unwrap_or_default();
    if is_build_file_name(name) {
        Ok(next.run(request).await)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Up to 128 of `[A-Za-z0-9._-]`, not starting with a dot: what wasm-pack and
/// scripts/build-widget.sh write, and nothing that needs decoding.
fn is_build_file_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A file whose name carries its content's hash (`newscard_bg-<16 hex>.wasm`)
/// never changes: browsers keep it a year without asking. Everything else, the
/// loader above all (its URL is in every publisher's page), is revalidated on
/// every load, which the file's Last-Modified makes a cheap 304.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// `…/name-0123456789abcdef.ext`, as scripts/hash-names.mjs names files.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_build_file_name, is_content_hashed};

    #[test]
    fn only_names_with_a_16_digit_hex_hash_are_content_hashed() {
        assert!(is_content_hashed("/pkg/newscard_bg-0123456789abcdef.wasm"));
        assert!(is_content_hashed("/newscard-0123456789abcdef.js"));
        for path in [
            "/embed.js",
            "/pkg/newscard_bg.wasm",
            "/pkg/newscard-0123456789abcde.js",
            "/pkg/newscard-0123456789ABCDEF.js",
            "/pkg/newscard-0123456789abcdeg.js",
            "/pkg/",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }

    #[test]
    fn build_file_names_are_flat_short_and_plain() {
        for name in [
            "newscard_bg.wasm",
            "embed.js",
            "newscard-0123456789abcdef.js.br",
        ] {
            assert!(is_build_file_name(name), "{name}");
        }
        let long = "a".repeat(256);
        for name in ["", ".", "..", ".env", "a/b", "%2e", "a b", "文件.js", &long] {
            assert!(!is_build_file_name(name), "{name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_path_is_judged_without_panic(path in "\\PC*") {
            let _ = is_content_hashed(&path);
            if is_build_file_name(&path) {
                assert!(!path.contains('/') && !path.contains('%') && !path.starts_with('.'));
            }
        }
    }
}
