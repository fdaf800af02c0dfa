//! Hostile input: random and adversarial bytes into the article parsers and the extractor, and
//! random values into every query parameter. Nothing may panic, no request may get a 5xx, and
//! every refusal is a 4xx problem+json.
//!
//! Cases per property: PROPTEST_CASES (256 by default; CI keeps the default).

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestApp;
use eventgraph::article::{parse_json, parse_ndjson, parse_text, Limits};
use eventgraph::extract::Extractor;
use proptest::prelude::*;

/// Text with the shapes that break parsers: date lines, quotes, unicode from every plane,
/// right-to-left marks, control characters, very long words.
fn nasty_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just(" date 2024-05-15 ".to_string()),
        Just(" date 9999-99-99 ".to_string()),
        Just(" date -0001-01-01 ".to_string()),
        Just("\u{202e}\u{200f}".to_string()),
        Just("“”‘’\"'«»".to_string()),
        Just("\0\u{7}\u{1b}[31m\r\n".to_string()),
        Just("President Ana de la Cruz met Mr Kuleba on Tuesday. ".to_string()),
        Just("He spoke by phone with @SecState last week.".to_string()),
        "\\PC{0,40}",
        "[a-zA-Z]{200,400}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

fn small_limits() -> Limits {
    Limits {
        max_article_bytes: 64 * 1024,
    }
}

proptest! {
    #[test]
    fn parsers_and_extractor_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_json(&bytes, small_limits());
        let _ = parse_ndjson(&bytes, small_limits());
        if let Ok(article) = parse_text(&bytes, small_limits()) {
            let _ = Extractor::default().extract(&article);
        }
    }

    #[test]
    fn the_extractor_reads_any_text(text in nasty_text()) {
        if let Ok(article) = parse_text(text.as_bytes(), small_limits()) {
            let found = Extractor::default().extract(&article);
            // Every offset it reports points inside the text, on character boundaries.
            for m in &found.mentions {
                prop_assert!(m.end <= article.text.len() && article.text.is_char_boundary(m.start) && article.text.is_char_boundary(m.end));
            }
            for t in &found.times {
                prop_assert!(t.end <= article.text.len() && article.text.is_char_boundary(t.start) && article.text.is_char_boundary(t.end));
            }
        }
    }
}

/// Values a client may send for any parameter.
fn nasty_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("18446744073709551616".to_string()),
        Just("9999-99-99".to_string()),
        Just("2024-02-30".to_string()),
        Just("call,meeting,,".to_string()),
        Just("'; DROP TABLE events; --".to_string()),
        Just("\"NEAR(".to_string()),
        "\\PC{0,30}",
        "[0-9]{1,25}",
    ]
}

const ROUTES: &[(&str, &[&str])] = &[
    (
        "/v1/events",
        &[
            "kind", "status", "entity", "country", "from", "to", "limit", "cursor",
        ],
    ),
    ("/v1/entities", &["q", "kind", "cursor", "limit"]),
    (
        "/v1/graph/contacts",
        &["entity", "with", "kind", "status", "from", "to"],
    ),
    ("/v1/graph/common", &["a", "b", "kind", "from", "to"]),
    (
        "/v1/graph/path",
        &["from", "to", "max_hops", "k", "since", "until"],
    ),
    ("/v1/graph/neighborhood", &["entity", "depth", "limit"]),
    (
        "/v1/graph/centrality",
        &["metric", "projection", "kind", "limit", "from"],
    ),
    ("/v1/graph/communities", &["projection", "kind"]),
    (
        "/v1/timeline",
        &[
            "entity", "pair", "country", "bucket", "from", "to", "cursor", "limit",
        ],
    ),
    ("/v1/search", &["q", "cursor", "limit"]),
    (
        "/v1/articles",
        &["from", "to", "host", "source", "cursor", "limit"],
    ),
    (
        "/v1/export",
        &[
            "format",
            "projection",
            "entity",
            "depth",
            "kind",
            "from",
            "to",
        ],
    ),
];

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One store with articles in it, shared by every case: queries reach the code that answers
/// them, not only the "unknown entity" path.
fn loaded_app() -> &'static (tokio::runtime::Runtime, TestApp) {
    static APP: std::sync::OnceLock<(tokio::runtime::Runtime, TestApp)> =
        std::sync::OnceLock::new();
    APP.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let app = runtime.block_on(async {
            let app = TestApp::new().await;
            for name in ["call-and-meeting.txt", "same-call-other-outlet.txt"] {
                let (status, body) = app.post_text(&common::fixture(name)).await;
                assert_eq!(status, 201, "{name}: {body}");
            }
            app
        });
        (runtime, app)
    })
}

/// Names and values that reach real answers some of the time.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty_value(),
        Just("Rui Costa".to_string()),
        Just("Ingrid Solberg".to_string()),
        Just("Costa,Solberg".to_string()),
        Just("NO".to_string()),
        Just("2024-05".to_string()),
        Just("gexf".to_string()),
        Just("pagerank".to_string()),
        Just("countries".to_string()),
        Just("3".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn query_parameters_get_an_answer_or_a_clear_refusal(
        route in 0..ROUTES.len(),
        values in prop::collection::vec(value(), 8),
    ) {
        let (runtime, app) = loaded_app();
        let (path, names) = ROUTES[route];
        let query: Vec<String> = names
            .iter()
            .zip(&values)
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        let uri = format!("{path}?{}", query.join("&"));
        let (status, content_type, body) = runtime.block_on(
            app.request(Request::get(&uri).body(Body::empty()).expect("request")),
        );
        prop_assert!(!status.is_server_error(), "{uri}: {status} {body}");
        if status.is_client_error() {
            prop_assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{}", uri);
            prop_assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{}: {}", uri, body);
        }
    }

    #[test]
    fn article_bodies_get_stored_or_a_clear_refusal(
        body in prop::collection::vec(any::<u8>(), 0..3000),
        kind in prop_oneof![Just("text/plain"), Just("application/json"), Just("application/x-ndjson"), Just("image/png")],
    ) {
        let (runtime, app) = loaded_app();
        let (status, content_type, answer) = runtime.block_on(app.post(kind, body));
        prop_assert!(!status.is_server_error(), "{status} {answer}");
        if status.is_client_error() {
            prop_assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        }
    }
}

/// Requests every layer refuses, each with its status and a problem+json reason.
#[tokio::test]
async fn refusals_of_every_layer_are_problem_json() {
    let app = TestApp::with_config(eventgraph::api::Config {
        max_body_bytes: 1024,
        ..eventgraph::api::Config::default()
    })
    .await;
    let long_name = "a".repeat(5000);
    let long_uri = format!("/v1/entities?q={}", "a".repeat(20_000));
    let cases: Vec<(Request<Body>, u16, &str)> = vec![
        (get(&format!("/v1/entities?q={long_name}")), 400, "at most"),
        (get(&format!("/v1/search?q={long_name}")), 400, "at most"),
        (
            get(&format!("/v1/graph/contacts?entity={long_name}")),
            400,
            "at most",
        ),
        (get(&long_uri), 414, "URI"),
        (
            Request::get("/v1/events")
                .header("x-filler", "b".repeat(40_000))
                .body(Body::empty())
                .expect("request"),
            431,
            "headers",
        ),
        (get("/v1/nowhere"), 404, "no route"),
        (get("/v1/events/%FF%FE"), 400, ""),
        (get("/v1/events?limit=1&limit=2"), 400, ""),
        (
            Request::post("/v1/articles")
                .header("content-type", "text/plain")
                .body(Body::from("x".repeat(4096)))
                .expect("request"),
            413,
            "",
        ),
        (
            Request::delete("/v1/events")
                .body(Body::empty())
                .expect("request"),
            405,
            "not allowed",
        ),
    ];
    for (request, want, reason) in cases {
        let uri: String = request.uri().to_string().chars().take(60).collect();
        let method = request.method().clone();
        let response = tower::ServiceExt::oneshot(app.router.clone(), request)
            .await
            .expect("router answers");
        let status = response.status().as_u16();
        let allow = response.headers().get("allow").cloned();
        let content_type = response.headers().get("content-type").cloned();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(status, want, "{method} {uri}: {body}");
        assert_eq!(
            content_type.as_ref().and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "{method} {uri}"
        );
        assert_eq!(body["status"], want, "{method} {uri}: {body}");
        let detail = body["detail"].as_str().unwrap_or("");
        assert!(
            !detail.is_empty() && detail.contains(reason),
            "{method} {uri}: {body}"
        );
        if want == 405 {
            let allow = allow.expect("a 405 says what is allowed");
            assert!(allow.to_str().is_ok_and(|a| a.contains("GET")), "{allow:?}");
        }
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}
