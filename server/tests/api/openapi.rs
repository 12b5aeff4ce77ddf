//! `GET /api/v1/openapi.json`: an OpenAPI 3.1 document with every route the
//! router serves, each with the methods it answers, and one error shape.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;
use utoipa::openapi::path::PathItem;

use crate::helpers::{spawn_app, API_KEY, PUBLISHER};

/// What the server documents besides `/api/v1`.
const ALSO_DOCUMENTED: [&str; 1] = ["/healthz"];

#[tokio::test]
async fn the_document_is_openapi_3_1_with_every_route_the_router_serves() {
    let app = spawn_app().await;
    let raw: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(
        raw["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        raw["openapi"]
    );
    let document = app.openapi().await;

    // The router's own list, not one kept here: a route added without
    // `#[utoipa::path]` (a plain `.route`) is missing from `paths` and fails.
    let served: BTreeSet<&str> = app
        .served_paths
        .iter()
        .map(String::as_str)
        .filter(|path| path.starts_with("/api/v1/") || ALSO_DOCUMENTED.contains(path))
        .collect();
    assert!(
        served.len() >= 10,
        "the router's paths were not read: {served:?}"
    );
    let documented: BTreeSet<&str> = document.paths.paths.keys().map(String::as_str).collect();
    assert_eq!(
        served, documented,
        "served (left) and documented (right) paths differ"
    );

    for (path, item) in &document.paths.paths {
        // The methods the route answers, as the router says in a 405's Allow.
        assert_eq!(
            served_methods(&app, path).await,
            documented_methods(item),
            "{path}: served (left) and documented (right) methods differ"
        );
        for (method, operation) in operations(item) {
            let declared: BTreeSet<String> = operation
                .parameters
                .iter()
                .flatten()
                .filter(|p| serde_json::to_value(&p.parameter_in).unwrap() == "path")
                .map(|p| p.name.clone())
                .collect();
            assert_eq!(
                declared,
                path_params(path),
                "{method} {path}: path parameters"
            );
        }
    }
}

#[tokio::test]
async fn every_4xx_and_5xx_answer_is_documented_as_the_one_error_body() {
    let app = spawn_app().await;
    let raw: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let error_body = &raw["components"]["schemas"]["ErrorBody"];
    assert_eq!(error_body["required"], serde_json::json!(["error"]));
    let refusal = &raw["components"]["responses"]["Refusal"]["content"]["application/json"];
    assert_eq!(refusal["schema"]["$ref"], "#/components/schemas/ErrorBody");
    let mut errors = 0;
    for (path, item) in raw["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("200"), "{method} {path}: no 200");
            for status in ["500", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path}: no {status}"
                );
            }
            for (status, response) in responses {
                if !(status.starts_with('4') || status.starts_with('5')) {
                    continue;
                }
                errors += 1;
                let schema = match response.get("$ref") {
                    Some(reference) => {
                        assert_eq!(reference, "#/components/responses/Refusal");
                        &refusal["schema"]
                    }
                    None => &response["content"]["application/json"]["schema"],
                };
                assert_eq!(
                    schema["$ref"], "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
    }
    assert!(errors > 50, "only {errors} error answers documented");
}

#[tokio::test]
async fn the_publisher_routes_want_the_api_key_in_the_document() {
    let app = spawn_app().await;
    let raw: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(
        raw["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );
    for (path, method) in [
        ("/api/v1/sites/{site}/articles", "put"),
        ("/api/v1/sites/{site}/feeds", "post"),
    ] {
        let operation = &raw["paths"][path][method];
        assert_eq!(
            operation["security"][0]["api_key"],
            serde_json::json!([]),
            "{path}"
        );
        assert!(operation["responses"]["401"].is_object(), "{path}");
    }
}

/// The methods `path` answers (HEAD and OPTIONS aside: axum adds HEAD to GET,
/// and the site guard answers every preflight), from the `Allow` of a 405 to
/// a method no route has. The request passes the guards: an allowed Origin, the key.
async fn served_methods(app: &crate::helpers::TestApp, path: &str) -> BTreeSet<String> {
    let response = app
        .client
        .request(
            Method::from_bytes(b"PROBE").unwrap(),
            app.url(&path.replace("{site}", "demo")),
        )
        .header("Origin", PUBLISHER)
        .header("Authorization", format!("Bearer {API_KEY}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405, "PROBE {path}");
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    allow
        .split(',')
        .map(|method| method.trim().to_ascii_lowercase())
        .filter(|method| !matches!(method.as_str(), "head" | "options" | ""))
        .collect()
}

fn operations(item: &PathItem) -> Vec<(&'static str, &utoipa::openapi::path::Operation)> {
    [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("patch", &item.patch),
        ("head", &item.head),
        ("options", &item.options),
        ("trace", &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| Some((method, operation.as_ref()?)))
    .collect()
}

fn documented_methods(item: &PathItem) -> BTreeSet<String> {
    operations(item)
        .into_iter()
        .map(|(method, _)| method.to_owned())
        .collect()
}

/// `{site}` and the like in a path template.
fn path_params(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_owned())
        .collect()
}
