//! GET /openapi.json: the OpenAPI 3.1 description of every route, made from the handlers'
//! `#[utoipa::path]` attributes and their types' schemas as the router is assembled
//! ([`super::routes`]), then completed with what the layers around every handler answer.

use std::sync::OnceLock;

use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

use super::error::Problem;

/// The document's head: what the service is, and the schemas no handler names itself.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "eventgraph",
        description = "Turns news articles into a knowledge graph of who called, met, visited or leaked what, and when. Every error answer is application/problem+json (RFC 9457). Reads are open; writes need the service's bearer token when one is configured.",
    ),
    components(schemas(Problem)),
    tags(
        (name = "articles", description = "Ingesting and deleting articles"),
        (name = "events", description = "Stored events"),
        (name = "entities", description = "People, countries, organisations and places"),
        (name = "timeline", description = "Timelines and full-text search"),
        (name = "graph", description = "Questions to the contact graph"),
        (name = "export", description = "The graph for visualisers"),
        (name = "viewer", description = "The analysts' page"),
        (name = "service", description = "Health, metrics and this description"),
    ),
)]
pub struct ApiDoc;

/// The content type of every error answer.
const PROBLEM_JSON: &str = "application/problem+json";

/// The security scheme of writes.
const TOKEN: &str = "token";

/// What the layers around every handler may answer (see mod.rs and problem.rs), and the
/// reason for each.
const EVERY_ROUTE: &[(u16, &str)] = &[
    (408, "The request took longer than the service's time limit"),
    (414, "The URI is longer than the service reads"),
    (431, "The headers are larger than the service reads"),
    (500, "The server could not complete the request"),
];

/// What the layers answer to a write besides.
const WRITES: &[(u16, &str)] = &[
    (
        401,
        "The service has a token and the request does not carry it",
    ),
    (403, "The service is read-only"),
    (413, "The body is larger than the service accepts"),
];

/// Completes the document the routes made: axum's wildcard `{*name}` becomes the template
/// `{name}`, the layers' answers are added, every error answer gets the problem+json schema,
/// and writes name the bearer token.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    doc.paths.paths = std::mem::take(&mut doc.paths.paths)
        .into_iter()
        .map(|(path, item)| (path.replace("{*", "{"), item))
        .collect();
    for item in doc.paths.paths.values_mut() {
        for (method, operation) in operations(item) {
            let writes = method != Method::GET;
            let layers = EVERY_ROUTE.iter().chain(if writes { WRITES } else { &[] });
            for (status, reason) in layers {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| {
                        RefOr::T(utoipa::openapi::Response::new(reason.to_string()))
                    });
            }
            for (status, response) in operation.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                if status.starts_with('4') || status.starts_with('5') {
                    response.content.clear();
                    response.content.insert(
                        PROBLEM_JSON.to_string(),
                        Content::new(Some(Ref::from_schema_name("Problem"))),
                    );
                }
            }
            if writes {
                // Optional: the token is needed only when the service is given one.
                operation.security = Some(vec![
                    SecurityRequirement::new(TOKEN, Vec::<String>::new()),
                    SecurityRequirement::default(),
                ]);
            }
        }
    }
    doc.components
        .get_or_insert_with(Default::default)
        .security_schemes
        .insert(
            TOKEN.to_string(),
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    doc
}

/// The operations of a path, with their methods.
pub fn operations(item: &mut PathItem) -> Vec<(Method, &mut Operation)> {
    [
        (Method::GET, &mut item.get),
        (Method::PUT, &mut item.put),
        (Method::POST, &mut item.post),
        (Method::DELETE, &mut item.delete),
        (Method::OPTIONS, &mut item.options),
        (Method::HEAD, &mut item.head),
        (Method::PATCH, &mut item.patch),
        (Method::TRACE, &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| Some((method, operation.as_mut()?)))
    .collect()
}

/// The document, as served.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi",
    tag = "service",
    responses(
        (status = 200, description = "This document", content_type = "application/json", body = Object),
    ),
)]
pub async fn document() -> Response {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = JSON.get_or_init(|| {
        super::openapi()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    });
    ([(header::CONTENT_TYPE, "application/json")], json.as_str()).into_response()
}
