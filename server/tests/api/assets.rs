use crate::helpers::{spawn_app, WASM_BR_BYTES, WASM_BYTES};

#[tokio::test]
async fn loader_is_javascript_that_any_origin_may_load() {
    let app = spawn_app().await;
    let response = app.get("/embed.js").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers();
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(headers["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm() {
    let app = spawn_app().await;
    let response = app.get("/pkg/newscard_bg.wasm").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.bytes().await.unwrap(), WASM_BYTES);
}

#[tokio::test]
async fn precompressed_brotli_is_chosen_by_accept_encoding() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/pkg/newscard_bg.wasm", app.address))
        .header("Accept-Encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.bytes().await.unwrap(), WASM_BR_BYTES);
}

#[tokio::test]
async fn content_hashed_files_are_immutable_and_the_loader_is_revalidated() {
    let app = spawn_app().await;
    let pkg = app.pkg_dir();
    std::fs::write(pkg.join("newscard_bg-0123456789abcdef.wasm"), WASM_BYTES).unwrap();
    let hashed = app.get("/pkg/newscard_bg-0123456789abcdef.wasm").await;
    assert_eq!(hashed.status().as_u16(), 200);
    assert_eq!(
        hashed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(hashed.headers()["content-type"], "application/wasm");
    for path in [
        "/embed.js",
        "/pkg/newscard_bg.wasm",
        "/pkg/newscard_bg-0123456789abcdee.wasm",
    ] {
        assert_eq!(
            app.get(path).await.headers()["cache-control"],
            "no-cache",
            "{path}"
        );
    }
    // The loader's revalidation is a 304.
    let loader = app.get("/embed.js").await;
    let modified = loader.headers()["last-modified"].clone();
    let again = app
        .client
        .get(format!("{}/embed.js", app.address))
        .header("If-Modified-Since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
}

#[tokio::test]
async fn files_outside_the_asset_dirs_are_not_served() {
    let app = spawn_app().await;
    for path in [
        "/pkg/../www/embed.js",
        "/pkg/%2e%2e/newscard.db",
        "/newscard.db",
    ] {
        let status = app.get(path).await.status().as_u16();
        assert!(status == 404 || status == 400, "{path} answered {status}");
    }
}
