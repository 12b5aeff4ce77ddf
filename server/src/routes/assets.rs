//! The widget's files: the loader `/embed.js` (minified into `pkg/` by
//! scripts/build-widget.sh) and wasm-pack's `/pkg/*`, served precompressed
//! (`.br`, `.gz` made at build time) when the browser accepts it.

use std::path::Path;

use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL};
use axum::http::HeaderValue;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::startup::AppState;

pub fn router(assets_dir: &Path) -> Router<AppState> {
    let loader = ServeFile::new(assets_dir.join("pkg/embed.js"))
        .precompressed_br()
        .precompressed_gzip();
    let pkg = ServeDir::new(assets_dir.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .route_service("/embed.js", loader)
        .nest_service("/pkg", pkg)
        // Host pages on any origin import the glue as a module and fetch the wasm,
        // both of which need CORS; the files are public.
        .layer(SetResponseHeaderLayer::overriding(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        // Revalidate on every load until file names carry a content hash.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}
