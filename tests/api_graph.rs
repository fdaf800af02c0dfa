//! The graph queries over HTTP, on a chain of contacts written for these tests:
//! Lind called Okoro, Okoro met Chen, Chen met Quispe.

mod common;

use common::{Engine, TestApp};
use serde_json::Value;

const ARTICLES: &[&str] = &[
    " date 2024-03-06 Sweden and Nigeria talk trade\n\nSwedish Foreign Minister Ada Lind spoke with Nigerian Foreign Minister Ben Okoro by phone on Monday, the ministry said.\n",
    " date 2024-03-13 Nigeria and China discuss ports\n\nNigerian Foreign Minister Ben Okoro met Chinese Foreign Minister Chen Wei in Abuja on Tuesday to discuss port investment.\n",
    " date 2024-04-19 China and Peru sign mining accord\n\nChinese Foreign Minister Chen Wei met Peruvian Foreign Minister Dara Quispe in Lima on Friday, officials said.\n",
];

async fn loaded(engine: Engine) -> TestApp {
    loaded_with(engine, eventgraph::api::Config::default()).await
}

async fn loaded_with(engine: Engine, config: eventgraph::api::Config) -> TestApp {
    let app = TestApp::with_config_on(engine, config).await;
    for text in ARTICLES {
        let (status, body) = app.post_text(text).await;
        assert_eq!(status, 201, "{body}");
    }
    app
}

fn names(list: &Value, pointer: &str) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.pointer(pointer).and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

async fn contacts_are_up_to_date_after_each_ingest(engine: Engine) {
    let app = loaded(engine).await;
    let (status, body) = app.get("/v1/graph/contacts?entity=Ben%20Okoro").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        names(&body["contacts"], "/entity/name"),
        vec!["Ada Lind", "Chen Wei"]
    );
    let lind = body["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .find(|c| c["entity"]["name"] == "Ada Lind")
        .expect("Lind");
    assert_eq!(
        (lind["count"].as_u64(), lind["first"].as_str()),
        (Some(1), Some("2024-03-04"))
    );
    assert_eq!(lind["events"][0]["kind"], "call");

    let (_, pair) = app
        .get("/v1/graph/contacts?entity=okoro&with=Chen%20Wei")
        .await;
    assert_eq!(names(&pair["contacts"], "/entity/name"), vec!["Chen Wei"]);
    let (_, calls) = app
        .get("/v1/graph/contacts?entity=Ben%20Okoro&kind=call")
        .await;
    assert_eq!(names(&calls["contacts"], "/entity/name"), vec!["Ada Lind"]);
    let (_, april) = app
        .get("/v1/graph/contacts?entity=Chen%20Wei&from=2024-04")
        .await;
    assert_eq!(
        names(&april["contacts"], "/entity/name"),
        vec!["Dara Quispe"]
    );
}

async fn country_contacts_follow_their_people(engine: Engine) {
    let app = loaded(engine).await;
    let (status, body) = app.get("/v1/graph/contacts?entity=Nigeria").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        names(&body["contacts"], "/entity/name"),
        vec!["China", "Sweden"]
    );
}

async fn common_contacts_and_paths(engine: Engine) {
    let app = loaded(engine).await;
    let (_, common) = app.get("/v1/graph/common?a=Ada%20Lind&b=Chen%20Wei").await;
    assert_eq!(names(&common["common"], "/entity/name"), vec!["Ben Okoro"]);

    let (status, path) = app
        .get("/v1/graph/path?from=Ada%20Lind&to=Dara%20Quispe&k=3")
        .await;
    assert_eq!(status, 200, "{path}");
    let hops = path["paths"][0].as_array().expect("a path");
    let chain: Vec<&str> = hops
        .iter()
        .map(|h| h["to"]["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(chain, vec!["Ben Okoro", "Chen Wei", "Dara Quispe"]);
    assert!(hops
        .iter()
        .all(|h| !h["events"].as_array().expect("events").is_empty()));
    let (_, short) = app
        .get("/v1/graph/path?from=Ada%20Lind&to=Dara%20Quispe&max_hops=2")
        .await;
    assert_eq!(short["paths"], serde_json::json!([]));
    let (_, early) = app
        .get("/v1/graph/path?from=Ada%20Lind&to=Dara%20Quispe&until=2024-03-31")
        .await;
    assert_eq!(
        early["paths"],
        serde_json::json!([]),
        "the last hop is in April"
    );
}

async fn neighborhood_centrality_and_communities(engine: Engine) {
    let app = loaded(engine).await;
    let (_, one) = app
        .get("/v1/graph/neighborhood?entity=Ben%20Okoro&depth=1")
        .await;
    assert_eq!(
        names(&one["nodes"], "/name"),
        vec!["Ada Lind", "Ben Okoro", "Chen Wei"]
    );
    assert_eq!(one["edges"].as_array().map(Vec::len), Some(2));
    let (_, two) = app
        .get("/v1/graph/neighborhood?entity=Ben%20Okoro&depth=2")
        .await;
    assert_eq!(two["nodes"].as_array().map(Vec::len), Some(4));

    let (_, between) = app
        .get("/v1/graph/centrality?metric=betweenness&limit=2")
        .await;
    assert_eq!(
        names(&between["ranking"], "/entity/name"),
        vec!["Ben Okoro", "Chen Wei"]
    );
    assert_eq!(
        (&between["method"], &between["nodes"], &between["links"]),
        (&Value::from("exact"), &Value::from(4), &Value::from(3))
    );
    let (_, pagerank) = app
        .get("/v1/graph/centrality?metric=pagerank&projection=countries")
        .await;
    assert_eq!(pagerank["ranking"].as_array().map(Vec::len), Some(4));
    let (_, groups) = app.get("/v1/graph/communities").await;
    let members: usize = groups["communities"]
        .as_array()
        .expect("communities")
        .iter()
        .map(|c| c.as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(members, 4);
}

async fn unknown_names_and_bad_parameters_are_explained(engine: Engine) {
    let app = loaded(engine).await;
    let (status, body) = app.get("/v1/graph/contacts?entity=Ben%20Okoroo").await;
    assert_eq!(status, 404);
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("did you mean") && d.contains("Ben Okoro")),
        "{body}"
    );
    let (_, body) = app.get("/v1/graph/path?from=Quispee&to=Lind").await;
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Dara Quispe")),
        "a misspelt surname: {body}"
    );
    for (uri, says) in [
        ("/v1/graph/contacts", "entity is required"),
        (
            "/v1/graph/path?from=Ada%20Lind&to=Chen%20Wei&k=9",
            "k must be",
        ),
        (
            "/v1/graph/path?from=Ada%20Lind&to=Chen%20Wei&max_hops=0",
            "max_hops must be",
        ),
        (
            "/v1/graph/neighborhood?entity=Ada%20Lind&depth=4",
            "depth must be",
        ),
        ("/v1/graph/centrality?metric=fame", "metric must be"),
        (
            "/v1/graph/communities?projection=planets",
            "projection must be",
        ),
        (
            "/v1/graph/contacts?entity=Ada%20Lind&kind=party",
            "unknown kind",
        ),
        // Bounds hold with or without an entity, as on the command line.
        ("/v1/export?format=gexf&depth=4", "depth must be"),
        ("/v1/export?format=gexf&depth=abc", "depth must be"),
    ] {
        let (status, body) = app.get(uri).await;
        assert_eq!(status, 400, "{uri}: {body}");
        assert!(
            body["detail"].as_str().is_some_and(|d| d.contains(says)),
            "{uri}: {body}"
        );
    }
}

async fn timelines_of_an_entity_a_pair_and_a_country_with_histograms(engine: Engine) {
    let app = loaded(engine).await;
    let (status, body) = app.get("/v1/timeline?entity=Chen%20Wei&bucket=month").await;
    assert_eq!(status, 200, "{body}");
    let dates: Vec<&str> = body["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["date"]["value"].as_str())
        .collect();
    assert_eq!(dates, vec!["2024-03-12", "2024-04-19"]);
    assert_eq!(
        body["buckets"],
        serde_json::json!([{"bucket": "2024-03", "count": 1}, {"bucket": "2024-04", "count": 1}])
    );

    let (_, pair) = app
        .get("/v1/timeline?pair=Ben%20Okoro,Chen%20Wei&bucket=week")
        .await;
    assert_eq!(pair["events"].as_array().map(Vec::len), Some(1));
    assert_eq!(pair["buckets"][0]["bucket"], "2024-W11");

    let (_, country) = app.get("/v1/timeline?country=NG&bucket=day").await;
    assert_eq!(country["buckets"].as_array().map(Vec::len), Some(2));

    let (status, body) = app
        .get("/v1/timeline?bucket=decade&entity=Chen%20Wei")
        .await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("year")));
    let (status, _) = app.get("/v1/timeline").await;
    assert_eq!(status, 400);
}

async fn full_text_search_finds_articles_and_their_events(engine: Engine) {
    let app = loaded(engine).await;
    let (status, body) = app.get("/v1/search?q=port%20investment").await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert!(
        results[0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("[port]")),
        "{body}"
    );
    assert_eq!(results[0]["events"][0]["kind"], "meeting");
    let (status, body) = app.get("/v1/search?q=%22NEAR(%22").await;
    assert_eq!(
        status, 200,
        "FTS syntax in user text is quoted, not an error: {body}"
    );
    let (status, _) = app.get("/v1/search?q=").await;
    assert_eq!(status, 400);
}

async fn exports_over_http_in_every_format(engine: Engine) {
    let app = loaded(engine).await;
    for format in [
        "gexf",
        "graphml",
        "cytoscape",
        "graphology",
        "dot",
        "node-link",
        "timelinejs",
        "vis-timeline",
        "csv-nodes",
        "csv-edges",
    ] {
        let request = axum::http::Request::get(format!("/v1/export?format={format}"))
            .body(axum::body::Body::empty())
            .expect("request");
        let (status, content_type, body) = app.request(request).await;
        assert_eq!(status, 200, "{format}: {body}");
        assert!(content_type.is_some(), "{format}");
        let text = body.to_string();
        assert!(
            text.contains("Ben Okoro") || text.contains("Okoro"),
            "{format}: {text}"
        );
    }
    let (_, cytoscape) = app
        .get("/v1/export?format=cytoscape&entity=Dara%20Quispe&depth=1")
        .await;
    assert_eq!(
        cytoscape["elements"]["nodes"].as_array().map(Vec::len),
        Some(2),
        "{cytoscape}"
    );
    let (_, timeline) = app.get("/v1/export?format=timelinejs").await;
    assert_eq!(timeline["events"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        timeline["events"][0]["start_date"],
        serde_json::json!({"year": "2024", "month": "3", "day": "4"})
    );
    let (status, body) = app.get("/v1/export?format=pdf").await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("gexf")));
    let (status, _) = app.get("/v1/export?format=gexf&projection=hairball").await;
    assert_eq!(status, 400);
}

async fn an_export_past_the_size_limit_is_refused_with_a_reason(engine: Engine) {
    let app = loaded_with(
        engine,
        eventgraph::api::Config {
            max_export_bytes: 600,
            ..Default::default()
        },
    )
    .await;
    let (status, body) = app.get("/v1/export?format=gexf").await;
    assert_eq!(status, 422, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("limit of 600 bytes"), "{body}");
    // A small export still goes through.
    let (status, body) = app
        .get("/v1/export?format=node-link&entity=Dara%20Quispe")
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn an_ambiguous_name_is_answered_with_the_candidates_everywhere(engine: Engine) {
    let store = common::store_on(engine).await;
    store
        .bulk_load(&common::namesakes())
        .await
        .expect("bulk load");
    let router = eventgraph::api::app(store.clone(), eventgraph::api::Config::default())
        .await
        .expect("app");
    let app = TestApp { store, router };
    let jordans = serde_json::json!([
        {"id": 1, "name": "Jordan", "kind": "country", "country": "JO"},
        {"id": 2, "name": "Jordan", "kind": "location", "country": "JO"},
    ]);
    let silvas = serde_json::json!([
        {"id": 3, "name": "Ana Silva", "kind": "person", "country": "BR"},
        {"id": 4, "name": "Joao Silva", "kind": "person", "country": "PT"},
    ]);
    for (uri, candidates) in [
        ("/v1/graph/contacts?entity=jordan", &jordans),
        ("/v1/graph/contacts?entity=Silva", &silvas),
        ("/v1/graph/contacts?entity=Rui%20Costa&with=silva", &silvas),
        ("/v1/graph/path?from=silva&to=Rui%20Costa", &silvas),
        ("/v1/graph/common?a=Jordan&b=Rui%20Costa", &jordans),
        ("/v1/graph/neighborhood?entity=JORDAN", &jordans),
        ("/v1/events?entity=Jordan", &jordans),
        ("/v1/timeline?entity=silva", &silvas),
        ("/v1/timeline?pair=Silva,Rui%20Costa", &silvas),
        ("/v1/export?format=gexf&entity=Jordan", &jordans),
    ] {
        let (status, content_type, body) = app
            .request(
                axum::http::Request::get(uri)
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(status, 409, "{uri}: {body}");
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert_eq!(&body["candidates"], candidates, "{uri}: {body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("names 2 entities")
                    && d.contains("id 2") == (candidates == &jordans)),
            "{uri}: {body}"
        );
    }
    // A full name or an id names one of them.
    let (status, body) = app.get("/v1/graph/contacts?entity=Joao%20Silva").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["contacts"][0]["entity"]["name"], "Rui Costa");
    let (status, body) = app.get("/v1/events?entity=2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["events"][0]["kind"], "visit");
}

async fn histogram_buckets_follow_the_precision_of_each_date(engine: Engine) {
    let app = TestApp::with_samples_on(engine).await;
    let (_, all) = app
        .get("/v1/timeline?country=DE&limit=500&status=any")
        .await;
    let events = all["events"].as_array().expect("events").clone();
    let coarse: Vec<&Value> = events
        .iter()
        .filter(|e| e["date"]["precision"] != "day")
        .collect();
    assert!(
        !coarse.is_empty(),
        "the samples date some events by month: {all}"
    );
    for size in ["day", "week", "month", "year"] {
        let uri = format!("/v1/timeline?country=DE&limit=500&status=any&bucket={size}");
        let (status, body) = app.get(&uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        let sum = |list: &str| -> u64 {
            body[list]
                .as_array()
                .expect(list)
                .iter()
                .filter_map(|b| b["count"].as_u64())
                .sum()
        };
        assert_eq!(
            sum("buckets") + sum("spans"),
            events.len() as u64,
            "{uri}: every event is counted once: {body}"
        );
        let buckets: Vec<&str> = body["buckets"]
            .as_array()
            .expect("buckets")
            .iter()
            .filter_map(|b| b["bucket"].as_str())
            .collect();
        for event in &coarse {
            let value = event["date"]["value"].as_str().expect("value");
            let spanned = body["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .any(|s| s["value"] == value);
            // Whether the date lies within one bucket of this size; a week may straddle two
            // months or years, and is left out of the check there.
            let fits = match (size, event["date"]["precision"].as_str()) {
                ("day", _) => Some(false),
                ("week", Some("week")) => Some(true),
                ("week", _) => Some(false),
                ("month", Some("month")) => Some(true),
                ("month" | "year", Some("week")) => None,
                ("month", _) => Some(false),
                _ => Some(true),
            };
            if let Some(fits) = fits {
                assert_eq!(spanned, !fits, "{uri}: {value} {body}");
            }
            if size == "day" {
                // Not put on the first day of its month.
                let first_day = event["date"]["value"].as_str().map(|v| format!("{v}-01"));
                let on_first_day = events.iter().any(|e| {
                    e["date"]["precision"] == "day"
                        && e["date"]["value"].as_str() == first_day.as_deref()
                });
                assert!(
                    on_first_day || !buckets.contains(&first_day.as_deref().unwrap_or("")),
                    "{uri}: {body}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_timelinejs_export_keeps_every_dated_event_and_no_file_paths() {
    let app = TestApp::with_samples().await;
    // One article read from a file, one from the web.
    for (name, source, url) in [
        (
            "call-and-meeting.txt",
            "/data/scrapes/nordic-call.txt",
            None,
        ),
        (
            "same-call-other-outlet.txt",
            "/data/scrapes/other.txt",
            Some("https://news.example/call"),
        ),
    ] {
        let body = serde_json::json!({"text": common::fixture(name), "source": source, "url": url});
        let (status, _, reply) = app.post("application/json", body.to_string()).await;
        assert_eq!(status, 201, "{reply}");
    }
    // The export's default window: calls, meetings and visits that occurred.
    let (_, listed) = app
        .get("/v1/events?kind=call,meeting,visit&status=occurred&limit=500")
        .await;
    let dated: Vec<&Value> = listed["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["date"].is_object())
        .collect();
    let few_people = dated.iter().filter(|e| common::names(e).len() < 2).count();
    assert!(few_people > 0, "the samples have a visit by one person");
    let mut want: Vec<String> = dated.iter().map(|e| format!("event-{}", e["id"])).collect();
    want.sort();

    let (status, timeline) = app.get("/v1/export?format=timelinejs").await;
    assert_eq!(status, 200, "{timeline}");
    let slides = timeline["events"].as_array().expect("slides");
    let mut got: Vec<String> = slides
        .iter()
        .filter_map(|s| s["unique_id"].as_str().map(str::to_string))
        .collect();
    got.sort();
    assert_eq!(got, want, "one slide per dated event of the window");
    for slide in slides {
        let text = slide["text"].to_string();
        assert!(
            !text.contains("/data/scrapes") && !text.contains(".txt"),
            "{slide}"
        );
    }
    assert!(
        slides.iter().any(|s| s["text"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("<a href=\"https://news.example/call\">"))),
        "a web source is a link: {timeline}"
    );
    // An ego network's timeline holds that entity's own visits too.
    let (_, otieno) = app
        .get("/v1/export?format=timelinejs&entity=Samuel%20Otieno")
        .await;
    assert!(
        otieno["events"]
            .as_array()
            .is_some_and(|s| s.iter().any(|e| e["group"] == "visit")),
        "{otieno}"
    );
}

on_both_engines!(
    contacts_are_up_to_date_after_each_ingest,
    country_contacts_follow_their_people,
    common_contacts_and_paths,
    neighborhood_centrality_and_communities,
    unknown_names_and_bad_parameters_are_explained,
    timelines_of_an_entity_a_pair_and_a_country_with_histograms,
    full_text_search_finds_articles_and_their_events,
    exports_over_http_in_every_format,
    an_export_past_the_size_limit_is_refused_with_a_reason,
    histogram_buckets_follow_the_precision_of_each_date,
    an_ambiguous_name_is_answered_with_the_candidates_everywhere,
);
