use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn healthz_answers_200() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn unknown_paths_get_a_json_404() {
    let app = spawn_app().await;
    assert_eq!(error_code(app.get("/nope").await, 404).await, "not_found");
    assert_eq!(
        error_code(app.get("/api/v1/sites/demo/nope").await, 404).await,
        "not_found"
    );
}
