//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every route. The
//! router is built from the handlers' `#[utoipa::path]` annotations (utoipa-axum's
//! `routes!`), so a route's methods and its documentation come from one place.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Extension;
use newscard_protocol::ErrorBody;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{Modify, OpenApi as _};

/// The document's JSON, made once when the router is built.
#[derive(Clone)]
pub struct Document(pub std::sync::Arc<str>);

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "newscard",
        description = "The newscard widget's API and the publishers' API. Every 4xx/5xx \
                       answer has the body `{\"error\": {\"code\", \"message\"}}` (`ErrorBody`)."
    ),
    components(
        schemas(newscard_protocol::ErrorBody),
        responses(Refusal)
    ),
    modifiers(&Refusals),
    tags(
        (name = "widget", description = "What the widget reads and writes; CORS for the site's allowed origins"),
        (name = "publisher", description = "The publisher's ways in, with the site's API key (no CORS)"),
        (name = "server", description = "Health and this document")
    )
)]
struct ApiDoc;

/// The base document the route modules add their paths to.
pub fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// A refusal, in the one error shape.
#[derive(utoipa::ToResponse)]
#[response(description = "Refused; `error.code` says why")]
#[allow(dead_code)]
struct Refusal(newscard_protocol::ErrorBody);

/// The `{site}` in every site route's path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct SitePath {
    /// The site id, as in the server's config.
    site: String,
}

/// The refusals of a reader's write (`PUT` and `DELETE /reactions`, `POST
/// /shares`): the checks every write passes before it is made.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum WriteRefusals {
    #[response(
        status = 400,
        description = "A bad field (`error.code` names it) or malformed JSON (`bad_json`)"
    )]
    BadField(ErrorBody),
    #[response(status = 403, description = "No Origin, or not one of the site's")]
    Origin(ErrorBody),
    #[response(status = 404, description = "No such site (`site_not_found`)")]
    NoSite(ErrorBody),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ErrorBody),
    #[response(status = 415, description = "The body is not `application/json`")]
    NotJson(ErrorBody),
    #[response(
        status = 429,
        description = "Too many writes from this client; see Retry-After",
        headers(("Retry-After" = u64))
    )]
    TooMany(ErrorBody),
}

/// What any request may be answered whatever its route, by the layers every
/// request passes (`with_refusals`), and the API key's scheme.
struct Refusals;

/// Statuses of the layers around every route: a body too slow (408), a URI or
/// headers too large (414, 431), a bug (500), the database away (503).
const EVERY_ROUTE: [&str; 5] = ["408", "414", "431", "500", "503"];

impl Modify for Refusals {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Adds the refusals of the outer layers to every operation. Run on the whole
/// document, after the routes are merged in.
pub fn add_common_refusals(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations: [&mut Option<Operation>; 5] = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            for status in EVERY_ROUTE {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Refusal")));
            }
        }
    }
}

/// The document as JSON; `Document` is added to the router as an extension.
pub fn to_json(openapi: &OpenApi) -> Document {
    // A document made of strings and maps always serializes.
    Document(openapi.to_json().unwrap_or_default().into())
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "server",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn openapi_json(Extension(document): Extension<Document>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document.0.to_string())
}
