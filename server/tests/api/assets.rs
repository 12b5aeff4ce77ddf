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
