//! POST /v1/articles and GET /v1/articles/{id}: formats, idempotency, and every bad input.

mod common;

use common::{fixture, names, of_kind, Engine, TestApp};
use eventgraph::api::Config;
use eventgraph::article::Limits;
use serde_json::{json, Value};

async fn text_article_is_created_then_known(engine: Engine) {
    let app = TestApp::on(engine).await;
    let text = fixture("call-and-meeting.txt");
    let (status, first) = app.post_text(&text).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["created"], true);
    let id = first["article_id"].as_i64().expect("article id");
    assert!(!first["events"].as_array().expect("events").is_empty());

    let (status, again) = app.post_text(&text).await;
    assert_eq!(status, 200);
    assert_eq!(again["created"], false);
    assert_eq!(again["article_id"], id);
    // Nothing new was stored.
    let (_, events) = app.get("/v1/events?limit=500").await;
    assert_eq!(
        events["events"].as_array().map(Vec::len),
        Some(first["events"].as_array().map_or(0, Vec::len))
    );

    let (status, article) = app.get(&format!("/v1/articles/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(article["published"], "2024-05-15");
    assert_eq!(article["published_from"], "date line");
    let calls = of_kind(&article["events"], "call");
    assert_eq!(calls.len(), 1, "{article:#}");
    assert_eq!(names(calls[0]), vec!["Ingrid Solberg", "Rui Costa"]);
}

async fn json_article_with_url_is_idempotent_by_url(engine: Engine) {
    let app = TestApp::on(engine).await;
    let body = fixture("article.json");
    let (status, _, first) = app.post("application/json", body.clone()).await;
    assert_eq!(status, 201, "{first}");
    // The same url with other text is the same article.
    let mut changed: Value = serde_json::from_str(&body).expect("fixture is JSON");
    changed["text"] = json!("A corrected version of the story with different wording entirely.");
    let (status, _, second) = app.post("application/json", changed.to_string()).await;
    assert_eq!(status, 200);
    assert_eq!(second["article_id"], first["article_id"]);
    let (_, article) = app
        .get(&format!("/v1/articles/{}", first["article_id"]))
        .await;
    assert_eq!(article["url"], "https://example.org/2024/visit");
    assert_eq!(article["published_from"], "published field");
}

async fn ndjson_batch_reports_bad_lines_and_keeps_good_ones(engine: Engine) {
    let app = TestApp::on(engine).await;
    let good = |text: &str| json!({"text": text, "published": "2024-05-15"}).to_string();
    let batch = format!(
        "{}\n{}\n\n{}\n{}\n",
        good(&fixture("same-call-other-outlet.txt")),
        r#"{"text": 42}"#,
        r#"{"text": "Unfinished"#,
        good(&fixture("no-events.txt")),
    );
    let (status, _, report) = app.post("application/x-ndjson", batch).await;
    assert_eq!(status, 201, "{report:#}");
    assert_eq!(
        (report["created"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    let lines: Vec<(u64, &str)> = report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (1, "created"),
            (2, "rejected"),
            (4, "rejected"),
            (5, "created")
        ]
    );
    assert!(
        report["results"][1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("invalid type")),
        "{report:#}"
    );
}

async fn problem(
    app: &TestApp,
    content_type: &str,
    body: impl Into<axum::body::Body>,
) -> (u16, Value) {
    let (status, content, body) = app.post(content_type, body).await;
    assert_eq!(
        content.as_deref(),
        Some("application/problem+json"),
        "{status} {body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    assert_eq!(body["status"].as_u64(), Some(status.as_u16() as u64));
    (status.as_u16(), body)
}

async fn bad_inputs_get_problem_json_and_store_nothing(engine: Engine) {
    let app = TestApp::with_config_on(
        engine,
        Config {
            limits: Limits {
                max_article_bytes: 1000,
            },
            max_body_bytes: 5000,
            ..Config::default()
        },
    )
    .await;
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("text/plain", b"bad \xff bytes".to_vec(), 400, "UTF-8"),
        ("text/plain", Vec::new(), 400, "empty"),
        (
            "text/plain",
            b" date 2024-05-15   \n\n".to_vec(),
            422,
            "no text",
        ),
        (
            "text/plain",
            b" date 2024-02-31 Headline\nBody".to_vec(),
            422,
            "2024-02-31",
        ),
        (
            "application/json",
            b"{\"text\": \"x\", \"published\": \"last week\"}".to_vec(),
            422,
            "last week",
        ),
        (
            "application/json",
            b"{\"text\": [1]}".to_vec(),
            422,
            "invalid type",
        ),
        (
            "application/json",
            b"{\"title\": \"no text\"}".to_vec(),
            422,
            "text",
        ),
        (
            "application/json",
            b"{not json".to_vec(),
            400,
            "invalid JSON",
        ),
        ("text/plain", vec![b'a'; 1500], 413, "limit of 1000"),
        ("text/plain", vec![b'a'; 6000], 413, ""),
        ("image/png", b"x".to_vec(), 415, "text/plain"),
        (
            "application/x-ndjson",
            b"{\"text\": 1}\n{\"nope\": 2}\n".to_vec(),
            422,
            "line 2",
        ),
    ];
    for (content_type, body, want, says) in cases {
        let (status, problem) = problem(&app, content_type, body).await;
        assert_eq!(status, want, "{content_type}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap_or("").contains(says),
            "{content_type}: {problem}"
        );
    }
    let (_, events) = app.get("/v1/events").await;
    assert_eq!(events["events"], json!([]));
    let (status, body) = app.get("/v1/articles/1").await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn unknown_routes_and_bad_ids_are_problems() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/v1/nothing").await;
    assert_eq!(status, 404);
    assert!(body["detail"]
        .as_str()
        .is_some_and(|d| d.contains("/v1/nothing")));
    let (status, body) = app.get("/v1/articles/abc").await;
    assert_eq!(status, 400);
    assert!(body["detail"]
        .as_str()
        .is_some_and(|d| d.contains("positive integer")));
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
}

async fn deleting_an_article_removes_what_only_it_supports(engine: Engine) {
    let app = TestApp::on(engine).await;
    let mut ids = Vec::new();
    for name in ["call-and-meeting.txt", "same-call-other-outlet.txt"] {
        let (status, body) = app.post_text(&fixture(name)).await;
        assert_eq!(status, 201, "{name}: {body}");
        ids.push(body["article_id"].as_i64().expect("article id"));
    }
    let delete = |id: i64| {
        axum::http::Request::delete(format!("/v1/articles/{id}"))
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let sources = |contacts: &serde_json::Value| -> usize {
        contacts["contacts"][0]["events"][0]["sources"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let (_, before) = app
        .get("/v1/graph/contacts?entity=Rui%20Costa&kind=call")
        .await;
    assert_eq!(sources(&before), 2, "{before}");

    // The second outlet goes: the call stays, reported by the first article only.
    let (status, _, outcome) = app.request(delete(ids[1])).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(
        outcome["events_deleted"],
        serde_json::json!([]),
        "{outcome}"
    );
    assert_eq!(outcome["events_kept"].as_array().map(Vec::len), Some(1));
    let (_, after) = app
        .get("/v1/graph/contacts?entity=Rui%20Costa&kind=call")
        .await;
    assert_eq!(sources(&after), 1, "{after}");
    let (status, _) = app.get(&format!("/v1/articles/{}", ids[1])).await;
    assert_eq!(status, 404);

    // The first goes too: nothing is left of the call or of its people.
    let (status, _, outcome) = app.request(delete(ids[0])).await;
    assert_eq!(status, 200, "{outcome}");
    assert!(outcome["events_deleted"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    assert!(outcome["entities_deleted"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    let (_, events) = app.get("/v1/events").await;
    assert_eq!(events["events"], serde_json::json!([]), "{events}");
    let (status, _) = app.get("/v1/graph/contacts?entity=Rui%20Costa").await;
    assert_eq!(status, 404, "the person is gone from the graph");
    let (_, found) = app.get("/v1/search?q=fisheries").await;
    assert_eq!(found["results"], serde_json::json!([]), "{found}");

    let (status, _, body) = app.request(delete(ids[0])).await;
    assert_eq!(status, 404, "{body}");
}

async fn ids_of_deleted_articles_and_events_are_never_given_out_again(engine: Engine) {
    let app = TestApp::on(engine).await;
    let event_ids = |body: &Value| -> Vec<i64> {
        body["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["id"].as_i64())
            .collect()
    };
    let (status, first) = app.post_text(&fixture("call-and-meeting.txt")).await;
    assert_eq!(status, 201, "{first}");
    let first_id = first["article_id"].as_i64().expect("article id");
    let first_events = event_ids(&first);
    assert!(!first_events.is_empty(), "{first}");
    // The newest article goes, with its events: the largest ids of both tables.
    let delete = axum::http::Request::delete(format!("/v1/articles/{first_id}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let (status, _, outcome) = app.request(delete).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(
        outcome["events_deleted"].as_array().map(Vec::len),
        Some(first_events.len())
    );

    let highest_event = first_events.iter().copied().max().unwrap_or(0);
    for name in ["same-call-other-outlet.txt", "call-and-meeting.txt"] {
        let (status, next) = app.post_text(&fixture(name)).await;
        assert_eq!(status, 201, "{name}: {next}");
        let id = next["article_id"].as_i64().expect("article id");
        assert!(
            id > first_id,
            "{name}: article id {id} after deleted {first_id}"
        );
        for event in event_ids(&next) {
            assert!(
                event > highest_event,
                "{name}: event id {event} reuses one up to {highest_event}"
            );
        }
        let (status, article) = app.get(&format!("/v1/articles/{first_id}")).await;
        assert_eq!(status, 404, "the deleted id names nothing: {article}");
    }
}

async fn the_article_list_pages_and_filters_by_date_and_source(engine: Engine) {
    let app = TestApp::on(engine).await;
    let article = |url: &str, published: &str, source: &str, text: &str| {
        json!({"url": url, "published": published, "source": source, "text": text}).to_string()
    };
    let posted = [
        article(
            "https://news.example.org/a",
            "2024-03-05",
            "Wire A",
            "Ada Lind met Ben Okoro in Abuja on Monday.",
        ),
        article(
            "https://other.test/b",
            "2024-05",
            "wire B",
            &fixture("same-call-other-outlet.txt"),
        ),
        article(
            "http://EXAMPLE.org:8080/c",
            "2024-07-01",
            "Desk",
            "Chen Wei visited Lagos.",
        ),
        article(
            "https://notexample.org/d",
            "2024-07-02",
            "Desk",
            "Nothing happened here at all.",
        ),
    ];
    let mut ids = Vec::new();
    for body in posted {
        let (status, _, reply) = app.post("application/json", body).await;
        assert_eq!(status, 201, "{reply}");
        ids.push(reply["article_id"].as_i64().expect("id"));
    }
    let listed = |uri: String| {
        let app = &app;
        async move {
            let (status, page) = app.get(&uri).await;
            assert_eq!(status, 200, "{uri}: {page}");
            let got: Vec<i64> = page["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .filter_map(|a| a["id"].as_i64())
                .collect();
            (got, page)
        }
    };
    // Pages of two, in id order, the last one without a cursor.
    let (first, page) = listed("/v1/articles?limit=2".into()).await;
    assert_eq!(first, ids[..2]);
    assert!(page["articles"][0].get("text").is_none(), "no text: {page}");
    assert_eq!(page["articles"][0]["title"], Value::Null);
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let (second, page) = listed(format!("/v1/articles?limit=2&cursor={cursor}")).await;
    assert_eq!(second, ids[2..]);
    assert_eq!(page["next_cursor"], Value::Null, "{page}");

    let cases: [(&str, &[usize]); 8] = [
        ("host=example.org", &[0, 2]),
        ("host=News.Example.org", &[0]),
        ("host=xample.org", &[]),
        ("source=wire", &[0, 1]),
        ("source=desk&host=notexample.org", &[3]),
        // The month-precision article overlaps a bound inside its month.
        ("from=2024-05-15&to=2024-06", &[1]),
        ("from=2024-05", &[1, 2, 3]),
        ("to=2024-07-01", &[0, 1, 2]),
    ];
    for (query, want) in cases {
        let (got, _) = listed(format!("/v1/articles?{query}")).await;
        let want: Vec<i64> = want.iter().map(|i| ids[*i]).collect();
        assert_eq!(got, want, "{query}");
    }
    // Each summary counts the events its article reports.
    let (_, page) = listed("/v1/articles".into()).await;
    for summary in page["articles"].as_array().expect("articles") {
        let (_, article) = app.get(&format!("/v1/articles/{}", summary["id"])).await;
        assert_eq!(
            summary["events"].as_u64(),
            article["events"].as_array().map(|e| e.len() as u64),
            "{summary}"
        );
    }
    assert!(page["articles"][1]["events"].as_i64() > Some(0), "{page}");

    for bad in [
        "from=2024-13",
        "from=2024-06&to=2024-05",
        "cursor=abc",
        "limit=0",
        "host=https://example.org",
    ] {
        let (status, body) = app.get(&format!("/v1/articles?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn the_stored_title_is_the_headline_not_a_menu_line() {
    let app = TestApp::new().await;
    let title_of = |reply: Value| {
        let app = &app;
        async move {
            let id = reply["article_id"].as_i64().expect("article id");
            let (_, article) = app.get(&format!("/v1/articles/{id}")).await;
            article["title"].clone()
        }
    };
    let (status, reply) = app
        .post_text(&fixture("menu-lines-before-headline.txt"))
        .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(
        title_of(reply).await,
        "Kenyan and Danish ministers talk grain corridors by phone"
    );
    // A page that opens with prose has no headline to take.
    let (status, reply) = app
        .post_text("Ada Lind met Ben Okoro in Abuja on Monday, officials said.\n")
        .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(title_of(reply).await, Value::Null);
    // A title given with the article is kept.
    let body = json!({"text": fixture("menu-lines-before-headline.txt").replace("grain", "wheat"), "title": "Given title"});
    let (status, _, reply) = app.post("application/json", body.to_string()).await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(title_of(reply).await, "Given title");
}

on_both_engines!(
    text_article_is_created_then_known,
    json_article_with_url_is_idempotent_by_url,
    ndjson_batch_reports_bad_lines_and_keeps_good_ones,
    bad_inputs_get_problem_json_and_store_nothing,
    deleting_an_article_removes_what_only_it_supports,
    ids_of_deleted_articles_and_events_are_never_given_out_again,
    the_article_list_pages_and_filters_by_date_and_source,
);
