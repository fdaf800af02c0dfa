//! GET /v1/events, /v1/events/{id}, /v1/entities, /v1/entities/{id}, /v1/entities/{id}/timeline.

mod common;

use common::{fixture, names, of_kind, Engine, TestApp};
use serde_json::{json, Value};

async fn loaded(engine: Engine) -> TestApp {
    let app = TestApp::on(engine).await;
    for name in [
        "call-and-meeting.txt",
        "same-call-other-outlet.txt",
        "no-events.txt",
    ] {
        let (status, body) = app.post_text(&fixture(name)).await;
        assert_eq!(status, 201, "{name}: {body}");
    }
    let (status, _, body) = app.post("application/json", fixture("article.json")).await;
    assert_eq!(status, 201, "{body}");
    app
}

fn ids(page: &Value) -> Vec<i64> {
    page["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_i64())
        .collect()
}

async fn same_call_from_two_articles_is_one_event_with_both_sources(engine: Engine) {
    let app = loaded(engine).await;
    let (_, page) = app.get("/v1/events?kind=call").await;
    let calls = of_kind(&page["events"], "call");
    assert_eq!(calls.len(), 1, "{page:#}");
    let call = calls[0];
    assert_eq!(names(call), vec!["Ingrid Solberg", "Rui Costa"]);
    assert_eq!(call["date"]["value"], "2024-05-15");
    assert_eq!(call["cameo"], "041");
    let articles: std::collections::BTreeSet<i64> = call["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|v| v["article"].as_i64())
        .collect();
    assert_eq!(articles.len(), 2, "{call:#}");
    let (status, one) = app.get(&format!("/v1/events/{}", call["id"])).await;
    assert_eq!(status, 200);
    assert_eq!(&one, call);
}

async fn filters_narrow_the_list(engine: Engine) {
    let app = loaded(engine).await;
    let (_, all) = app.get("/v1/events?limit=500").await;
    let all_ids = ids(&all);
    assert!(all_ids.len() >= 3, "{all:#}");

    let (_, meetings) = app.get("/v1/events?kind=meeting").await;
    assert!(meetings["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e["kind"] == "meeting"));
    assert!(!ids(&meetings).is_empty());

    let (_, by_name) = app.get("/v1/events?entity=ingrid%20solberg").await;
    assert!(ids(&by_name).len() >= 2);
    assert!(by_name["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| names(e).contains(&"Ingrid Solberg".to_string())));

    let (_, by_alias) = app.get("/v1/events?entity=Mr%20Costa").await;
    assert_eq!(ids(&by_alias), ids(&by_name));

    let (_, kenya) = app.get("/v1/events?country=ke").await;
    assert!(!ids(&kenya).is_empty());
    assert!(ids(&kenya).iter().all(|id| !ids(&by_name).contains(id)));

    let (_, may) = app.get("/v1/events?from=2024-05&to=2024-05-31").await;
    let in_may = |e: &Value| {
        let range = e["date"]["value"]
            .as_str()
            .and_then(eventgraph::store::date_range);
        range.is_some_and(|(first, last)| {
            first.to_string().as_str() <= "2024-05-31" && last.to_string().as_str() >= "2024-05-01"
        })
    };
    assert!(
        may["events"].as_array().expect("events").iter().all(in_may),
        "{may:#}"
    );
    assert!(!ids(&may).is_empty());
    let (_, march) = app.get("/v1/events?to=2024-03-31&status=occurred").await;
    assert!(ids(&march).iter().all(|id| !ids(&may).contains(id)));
}

async fn keyset_pages_cover_everything_once(engine: Engine) {
    let app = loaded(engine).await;
    let (_, all) = app.get("/v1/events?limit=500").await;
    let mut seen = Vec::new();
    let mut uri = "/v1/events?limit=1".to_string();
    loop {
        let (status, page) = app.get(&uri).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/v1/events?limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ids(&all));
}

async fn bad_filters_are_explained(engine: Engine) {
    let app = loaded(engine).await;
    for (uri, status, says) in [
        ("/v1/events?kind=party", 400, "known kinds"),
        (
            "/v1/timeline?pair=Rui%20Costa,Mr%20Costa",
            400,
            "two different entities",
        ),
        (
            "/v1/events?status=maybe",
            400,
            "occurred, planned, denied or any",
        ),
        ("/v1/events?from=yesterday", 400, "YYYY-MM-DD"),
        ("/v1/events?from=2024-06-01&to=2024-05-01", 400, "after"),
        ("/v1/events?limit=0", 400, "1 to 500"),
        ("/v1/events?limit=-5", 400, "1 to 500"),
        ("/v1/events?cursor=abc", 400, "cursor"),
        ("/v1/events?country=Ukraine", 400, "alpha-2"),
        ("/v1/events?entity=Nobody%20Known", 404, "Nobody Known"),
        ("/v1/events/999999", 404, "999999"),
        ("/v1/entities/0", 400, "positive"),
        ("/v1/entities/424242/timeline", 404, "424242"),
        ("/v1/entities?kind=alien", 400, "person"),
    ] {
        let (got, body) = app.get(uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert!(
            body["detail"].as_str().is_some_and(|d| d.contains(says)),
            "{uri}: {body}"
        );
    }
}

async fn entities_search_detail_and_timeline(engine: Engine) {
    let app = loaded(engine).await;
    let (status, found) = app.get("/v1/entities?q=solberg").await;
    assert_eq!(status, 200);
    let entity = &found["entities"][0];
    assert_eq!(entity["name"], "Ingrid Solberg");
    assert_eq!(entity["kind"], "person");
    assert_eq!(entity["country"], "NO");
    assert_eq!(entity["title"], "Foreign Minister");

    let id = entity["id"].as_i64().expect("id");
    let (_, detail) = app.get(&format!("/v1/entities/{id}")).await;
    assert!(
        detail["counts"]["events"].as_i64().unwrap_or(0) >= 2,
        "{detail:#}"
    );
    assert_eq!(detail["counts"]["articles"], 2);

    let (_, costa) = app.get("/v1/entities?q=costa&kind=person").await;
    let aliases: Vec<&str> = costa["entities"][0]["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for alias in ["Costa", "Mr Costa", "@MinRuiCosta"] {
        assert!(aliases.contains(&alias), "{aliases:?}");
    }

    let (status, timeline) = app.get(&format!("/v1/entities/{id}/timeline")).await;
    assert_eq!(status, 200);
    let dates: Vec<&str> = timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["date"]["value"].as_str())
        .collect();
    assert!(dates.len() >= 2, "{timeline:#}");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(dates.first(), Some(&"2024-05-08"));

    // Page through the timeline one event at a time.
    let (_, first) = app
        .get(&format!("/v1/entities/{id}/timeline?limit=1"))
        .await;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_string();
    let (_, second) = app
        .get(&format!(
            "/v1/entities/{id}/timeline?limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(second["events"][0]["date"]["value"], dates[1]);

    // Kinds are read whatever their case, as names are.
    let (status, upper) = app.get("/v1/events?kind=CALL,Meeting&limit=500").await;
    assert_eq!(status, 200, "{upper}");
    let (_, lower) = app.get("/v1/events?kind=call,meeting&limit=500").await;
    assert_eq!(upper, lower);

    // With an `entity` filter: only the events the two share.
    let (status, shared) = app
        .get(&format!(
            "/v1/entities/{id}/timeline?entity=Rui%20Costa&limit=500"
        ))
        .await;
    assert_eq!(status, 200, "{shared}");
    let shared = shared["events"].as_array().expect("events").clone();
    assert!(!shared.is_empty());
    let (_, none) = app
        .get(&format!(
            "/v1/entities/{id}/timeline?entity=Aino%20Virtanen"
        ))
        .await;
    assert_eq!(none["events"], json!([]), "{none}");
    for event in &shared {
        let people = names(event);
        assert!(
            people.contains(&"Rui Costa".to_string())
                && people.contains(&"Ingrid Solberg".to_string()),
            "{event:#}"
        );
    }
}

/// Walks every page of `uri` (which must not end in `&`) and returns the ids under `list`
/// (by `key`), asserting the pages neither repeat nor skip anything a single page holds.
async fn walk_pages(app: &TestApp, uri: &str, list: &str, key: &str, page: usize) -> Vec<i64> {
    let ids = |body: &Value| -> Vec<i64> {
        body[list]
            .as_array()
            .unwrap_or_else(|| panic!("{uri}: {body}"))
            .iter()
            .filter_map(|item| item[key].as_i64())
            .collect()
    };
    let (status, whole) = app.get(&format!("{uri}&limit=500")).await;
    assert_eq!(status, 200, "{uri}: {whole}");
    let whole = ids(&whole);
    assert!(
        whole.len() > page,
        "{uri}: {} items fit on one page",
        whole.len()
    );
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..whole.len() {
        let next = match &cursor {
            Some(c) => format!("{uri}&limit={page}&cursor={}", c.replace(',', "%2C")),
            None => format!("{uri}&limit={page}"),
        };
        let (status, body) = app.get(&next).await;
        assert_eq!(status, 200, "{next}: {body}");
        let got = ids(&body);
        assert!(got.len() <= page, "{next}: {body}");
        walked.extend(got);
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(walked, whole, "{uri}: the pages in turn are the whole list");
    walked
}

async fn entity_and_article_searches_page_with_a_cursor(engine: Engine) {
    let app = TestApp::with_samples_on(engine).await;
    walk_pages(&app, "/v1/entities?q=", "entities", "id", 7).await;
    walk_pages(&app, "/v1/entities?q=a&kind=person", "entities", "id", 3).await;
    walk_pages(&app, "/v1/search?q=minister", "results", "article", 2).await;
    walk_pages(&app, "/v1/articles?from=2024", "articles", "id", 4).await;
    for bad in [
        "/v1/entities?q=a&cursor=7",
        "/v1/entities?q=a&cursor=x%2C1",
        "/v1/search?q=minister&cursor=NaN%2C1",
        "/v1/search?q=minister&cursor=1.5",
    ] {
        let (status, body) = app.get(bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("cursor")),
            "{bad}: {body}"
        );
    }
}

async fn kinds_and_status_mean_the_same_on_every_list(engine: Engine) {
    let app = loaded(engine).await;
    let ids = |body: &Value, list: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = body[list]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .filter_map(|e| e["id"].as_i64())
            .collect();
        ids.sort_unstable();
        ids
    };
    for (base, list) in [
        ("/v1/events?limit=500", "events"),
        ("/v1/timeline?entity=Rui%20Costa&limit=500", "events"),
        ("/v1/timeline?country=NO&limit=500", "events"),
    ] {
        let mut union = Vec::new();
        for kind in ["call", "meeting"] {
            let (status, body) = app.get(&format!("{base}&kind={kind}")).await;
            assert_eq!(status, 200, "{base} {kind}: {body}");
            union.extend(ids(&body, list));
        }
        union.sort_unstable();
        assert!(!union.is_empty(), "{base}");
        let (status, both) = app.get(&format!("{base}&kind=call,%20meeting")).await;
        assert_eq!(status, 200, "{base}: {both}");
        assert_eq!(ids(&both, list), union, "{base}: kind=call,meeting");

        let (_, all) = app.get(base).await;
        let (status, any) = app.get(&format!("{base}&status=any")).await;
        assert_eq!(status, 200, "{base}: {any}");
        assert_eq!(ids(&any, list), ids(&all, list), "{base}: status=any");

        let (status, bad) = app.get(&format!("{base}&kind=call,parley")).await;
        assert_eq!(status, 400, "{base}: {bad}");
        assert!(bad["detail"].as_str().is_some_and(|d| d.contains("parley")));
    }
}

on_both_engines!(
    same_call_from_two_articles_is_one_event_with_both_sources,
    filters_narrow_the_list,
    keyset_pages_cover_everything_once,
    bad_filters_are_explained,
    entities_search_detail_and_timeline,
    entity_and_article_searches_page_with_a_cursor,
    kinds_and_status_mean_the_same_on_every_list,
);
