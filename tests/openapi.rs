//! GET /openapi.json: the document describes every route of the router with its methods, every
//! described request answers on a store of the samples, every error answer is problem+json, and
//! openapi-spec-validator accepts the document. Under CI (CI set) a missing validator fails
//! the test; elsewhere it is skipped with a message. scripts/test.sh installs it.

mod common;

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::TestApp;
use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(eventgraph::api::openapi()).expect("the document is JSON")
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The described operations: (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut out = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                out.push((path.clone(), method.to_string(), operation.clone()));
            }
        }
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn example(parameter: &Value) -> Option<String> {
    let example = parameter
        .get("example")
        .or_else(|| parameter["schema"].get("example"))?;
    Some(match example {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A request for the operation, with the examples of its parameters (every required parameter
/// must have one; every example is sent) and of its JSON or text/plain body (the merge is described before the split that undoes it).
fn request(path: &str, method: &str, operation: &Value) -> Request<Body> {
    let mut uri = path.to_string();
    let mut query = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().expect("name");
        let value = example(parameter);
        let required = parameter["required"].as_bool().unwrap_or(false);
        assert!(
            value.is_some() || !required,
            "{method} {path}: required parameter {name} has no example"
        );
        let Some(value) = value else { continue };
        match parameter["in"].as_str() {
            Some("path") => uri = uri.replace(&format!("{{{name}}}"), &encode(&value)),
            Some("query") => query.push(format!("{name}={}", encode(&value))),
            _ => {}
        }
    }
    assert!(
        !uri.contains('{'),
        "{method} {path}: a path parameter has no example"
    );
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    let builder = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(uri);
    let content = &operation["requestBody"]["content"];
    if let Some(json) = content["application/json"].get("example") {
        return builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json.to_string()))
            .expect("request");
    }
    match content["text/plain"]["example"].as_str() {
        Some(text) => builder
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(text.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_is_described_with_its_methods_and_answers_on_the_samples() {
    let app = TestApp::with_samples().await;
    let doc = document();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );

    // Served as it is made, open without a token.
    let (status, content_type, served) = app
        .request(
            Request::get("/openapi.json")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert_eq!(served, doc);

    let mut operations = operations(&doc);
    // The delete goes last, so that the others find the article it removes.
    operations.sort_by_key(|(_, method, _)| method == "delete");
    let paths: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    for route in [
        "/",
        "/healthz",
        "/metrics",
        "/openapi.json",
        "/v1/articles",
        "/v1/articles/{id}",
        "/v1/events",
        "/v1/events/{id}",
        "/v1/entities",
        "/v1/entities/{id}",
        "/v1/entities/{id}/timeline",
        "/v1/entities/{id}/merge",
        "/v1/entities/{id}/split",
        "/v1/timeline",
        "/v1/search",
        "/v1/graph/contacts",
        "/v1/graph/common",
        "/v1/graph/path",
        "/v1/graph/neighborhood",
        "/v1/graph/centrality",
        "/v1/graph/communities",
        "/v1/export",
        "/viewer/network",
        "/viewer/{file}",
    ] {
        assert!(
            paths.iter().any(|p| *p == route),
            "{route} is not described"
        );
    }

    // Every described method answers; every other one is refused with 405, so the router
    // has no method on these paths that the document leaves out.
    let mut answers = Vec::new();
    for (path, method, operation) in &operations {
        let (status, content_type, body) = app.request(request(path, method, operation)).await;
        if content_type.as_deref() == Some("application/json") {
            let schema =
                &operation["responses"][status.as_str()]["content"]["application/json"]["schema"];
            answers.push(serde_json::json!({
                "what": format!("{method} {path} {status}"),
                "schema": schema,
                "body": body,
            }));
        }
        assert_ne!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
        // With the examples of its parameters, every request is answered as asked.
        assert!(status.is_success(), "{method} {path}: {status} {body}");
        assert!(
            operation["responses"].get(status.as_str()).is_some(),
            "{method} {path} answered {status}, which it does not describe: {body}"
        );
    }
    // Each JSON answer has the shape its schema describes.
    assert!(answers.len() > 15, "{} JSON answers", answers.len());
    validate_answers(&doc, &answers);

    for path in &paths {
        let described: Vec<&str> = operations
            .iter()
            .filter(|(p, _, _)| p == *path)
            .map(|(_, m, _)| m.as_str())
            .collect();
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            let name = method.as_str().to_lowercase();
            if described.contains(&name.as_str()) {
                continue;
            }
            let uri = path.replace("{id}", "1").replace("{file}", "viewer.js");
            let (status, _, body) = app
                .request(
                    Request::builder()
                        .method(method.clone())
                        .uri(&uri)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri} is not described: {body}"
            );
        }
    }
}

#[tokio::test]
async fn the_document_is_open_without_a_token() {
    let app = TestApp::with_config(eventgraph::api::Config {
        token: Some("s3cret".into()),
        ..Default::default()
    })
    .await;
    let (status, body) = app.get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["info"]["title"], "eventgraph");
    let (status, _, _) = app.post("text/plain", "Ada Lind met Ben Okoro.").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[test]
fn every_error_answer_is_described_as_problem_json() {
    let doc = document();
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "detail", "candidates"] {
        assert!(
            problem["properties"].get(field).is_some(),
            "Problem has no {field}: {problem}"
        );
    }
    let required: Vec<&str> = problem["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(required, ["type", "title", "status", "detail"]);
    let mut errors = 0;
    for (path, method, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path}"
        );
        for (status, response) in responses {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            errors += 1;
            let content = response["content"].as_object().expect("content");
            assert_eq!(
                content.keys().collect::<Vec<_>>(),
                ["application/problem+json"],
                "{method} {path} {status}"
            );
            assert_eq!(
                content["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
        for status in ["408", "500"] {
            assert!(responses.contains_key(status), "{method} {path} {status}");
        }
        if method != "get" {
            for status in ["401", "403", "413"] {
                assert!(responses.contains_key(status), "{method} {path} {status}");
            }
        }
    }
    assert!(errors > 50, "{errors} error answers");
    // The ingest takes the three input formats.
    let body = &doc["paths"]["/v1/articles"]["post"]["requestBody"]["content"];
    for content_type in ["application/json", "application/x-ndjson", "text/plain"] {
        assert!(body.get(content_type).is_some(), "{content_type}: {body}");
    }
}

/// The router is assembled only from `.routes(routes!(...))`, which describe what they
/// route: a route added any other way would be missing from the document.
#[test]
fn routes_are_added_only_with_their_description() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("src/api") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("source");
        for undescribed in [
            ".route(",
            ".route_service(",
            ".nest(",
            ".nest_service(",
            "axum::routing",
        ] {
            assert!(
                !text.contains(undescribed),
                "{} adds a route with {undescribed}: use .routes(routes!(handler)) and #[utoipa::path]",
                path.display()
            );
        }
        // An axum router of its own could be merged in after the description is made.
        assert_eq!(
            text.matches("Router::new()").count(),
            text.matches("OpenApiRouter::new()").count(),
            "{} builds an axum Router: build an OpenApiRouter",
            path.display()
        );
    }
    assert!(files > 5);
}

/// Whether openapi-spec-validator is installed; under CI it must be.
fn validator() -> bool {
    let available = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "openapi-spec-validator is missing under CI: scripts/test.sh installs it"
        );
        eprintln!("skipping: openapi-spec-validator is not installed (python3 -m pip install openapi-spec-validator)");
    }
    available
}

/// Runs a Python script with arguments; its output, or a failure with it.
fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    text
}

/// Checks answers (`what`, `schema`, `body`) against their schemas with the JSON Schema
/// validator that openapi-spec-validator brings (openapi-schema-validator, OpenAPI 3.1).
fn validate_answers(doc: &Value, answers: &[Value]) {
    if !validator() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (doc_file, answers_file) = (dir.path().join("doc.json"), dir.path().join("answers.json"));
    std::fs::write(&doc_file, doc.to_string()).expect("write");
    std::fs::write(&answers_file, Value::from(answers.to_vec()).to_string()).expect("write");
    let out = python(
        "import json, sys\n\
         from openapi_schema_validator import OAS31Validator\n\
         doc = json.load(open(sys.argv[1]))\n\
         for answer in json.load(open(sys.argv[2])):\n\
         \x20   schema = dict(answer['schema'], components=doc['components'])\n\
         \x20   errors = [e.message for e in OAS31Validator(schema).iter_errors(answer['body'])]\n\
         \x20   assert not errors, (answer['what'], errors[:3])\n\
         print('answers valid')",
        &[&doc_file, &answers_file],
    );
    assert!(out.contains("answers valid"), "{out}");
}

#[test]
fn openapi_spec_validator_accepts_the_document() {
    // Kept after the run, for reading.
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&document()).expect("json")).expect("write");
    if !validator() {
        return;
    }
    let text = python(
        "import sys\n\
         from openapi_spec_validator import OpenAPIV31SpecValidator, validate\n\
         from openapi_spec_validator.readers import read_from_filename\n\
         spec, _ = read_from_filename(sys.argv[1])\n\
         validate(spec, cls=OpenAPIV31SpecValidator)\n\
         print('valid OpenAPI', spec['openapi'])",
        &[&file],
    );
    assert!(text.contains("valid OpenAPI 3.1"), "{text}");
}
