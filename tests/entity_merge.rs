//! The analyst's correction of entity resolution over HTTP: merging two entities moves what
//! named the other to the kept one (and the graph follows), a split restores the other under
//! its own id, and every refusal is a problem with a reason.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Engine, TestApp};
use serde_json::{json, Value};

/// Hillary Clinton met Olaf Scholz; Bill Clinton, stored last, met Emmanuel Macron.
const ARTICLES: &[&str] = &[
    " date 2024-07-01\nHillary Clinton met Olaf Scholz in Berlin on Monday.",
    " date 2024-07-08\nBill Clinton met Emmanuel Macron in Paris on Monday.",
];

async fn loaded(engine: Engine, articles: &[&str]) -> TestApp {
    let app = TestApp::on(engine).await;
    for text in articles {
        let (status, body) = app.post_text(text).await;
        assert_eq!(status, 201, "{body}");
    }
    app
}

/// The id of the one entity of the kind named exactly `name`.
async fn id_of(app: &TestApp, name: &str, kind: &str) -> i64 {
    let (status, found) = app
        .get(&format!(
            "/v1/entities?q={}&kind={kind}",
            name.replace(' ', "%20")
        ))
        .await;
    assert_eq!(status, 200, "{found}");
    let ids: Vec<i64> = found["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["name"] == name)
        .filter_map(|e| e["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 1, "{name}: {found}");
    ids[0]
}

async fn post_json(app: &TestApp, uri: &str, body: Value) -> (StatusCode, Option<String>, Value) {
    app.request(
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

/// Merges entity `other` into `keep` over HTTP, for the reason "a test": the merge as answered.
async fn merge(app: &TestApp, keep: i64, other: i64) -> Value {
    let (status, _, merge) = post_json(
        app,
        &format!("/v1/entities/{keep}/merge"),
        json!({"other": other, "reason": "a test"}),
    )
    .await;
    assert_eq!(status, 200, "{merge}");
    merge
}

/// Splits the merge with this id (a merge's JSON `id`) into entity `into` over HTTP: the merge
/// as answered.
async fn split(app: &TestApp, into: i64, id: &Value) -> Value {
    let (status, _, split) = post_json(
        app,
        &format!("/v1/entities/{into}/split"),
        json!({"merge": id}),
    )
    .await;
    assert_eq!(status, 200, "{split}");
    split
}

/// The names of an entity's contacts, sorted.
async fn contacts(app: &TestApp, id: i64) -> Vec<String> {
    let (status, body) = app.get(&format!("/v1/graph/contacts?entity={id}")).await;
    assert_eq!(status, 200, "{body}");
    let mut names: Vec<String> = body["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .filter_map(|c| c["entity"]["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

fn aliases(entity: &Value) -> Vec<String> {
    entity["aliases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect()
}

async fn a_merge_moves_contacts_and_a_split_restores_them(engine: Engine) {
    let app = loaded(engine, ARTICLES).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    assert_eq!(contacts(&app, hillary).await, ["Olaf Scholz"]);

    let (status, _, merge) = post_json(
        &app,
        &format!("/v1/entities/{hillary}/merge"),
        json!({"other": bill, "reason": "one Clinton in these reports"}),
    )
    .await;
    assert_eq!(status, 200, "{merge}");
    assert_eq!(
        (&merge["kept_id"], &merge["merged_id"], &merge["by"]),
        (&json!(hillary), &json!(bill), &json!("analyst"))
    );
    assert!(merge["split_at"].is_null(), "{merge}");

    // The kept entity has the other's contacts, aliases and mentions; the other is gone.
    assert_eq!(
        contacts(&app, hillary).await,
        ["Emmanuel Macron", "Olaf Scholz"]
    );
    let (status, _) = app.get(&format!("/v1/entities/{bill}")).await;
    assert_eq!(status, 404);
    let (status, kept) = app.get(&format!("/v1/entities/{hillary}")).await;
    assert_eq!(status, 200, "{kept}");
    assert!(
        aliases(&kept).contains(&"Bill Clinton".to_string()),
        "{kept}"
    );
    assert_eq!(kept["counts"]["events"], 2, "{kept}");
    assert_eq!(kept["merges"].as_array().map(Vec::len), Some(1), "{kept}");
    let listed = &kept["merges"][0];
    assert_eq!(listed["id"], merge["id"]);
    assert_eq!(listed["merged_id"], bill);
    assert_eq!(listed["name"], "Bill Clinton");
    assert_eq!(listed["reason"], "one Clinton in these reports");
    assert_eq!(listed["by"], "analyst");
    assert!(listed["created_at"].is_string(), "{listed}");
    // The merged name now finds the kept entity, in the graph queries too; its id nothing.
    let (status, by_name) = app.get("/v1/graph/contacts?entity=Bill%20Clinton").await;
    assert_eq!(status, 200, "{by_name}");
    assert_eq!(by_name["entity"]["id"], hillary, "{by_name}");
    let (status, _) = app.get(&format!("/v1/graph/contacts?entity={bill}")).await;
    assert_eq!(status, 404);
    assert_eq!(id_of(&app, "Hillary Clinton", "person").await, hillary);
    let (_, found) = app.get("/v1/entities?q=bill").await;
    assert_eq!(found["entities"][0]["id"], hillary, "{found}");

    let split = split(&app, hillary, &merge["id"]).await;
    assert!(split["split_at"].is_string(), "{split}");

    // Bill is back under his own id, with his contact; Hillary has hers alone again.
    let (status, restored) = app.get(&format!("/v1/entities/{bill}")).await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(restored["name"], "Bill Clinton");
    assert!(aliases(&restored).contains(&"Bill Clinton".to_string()));
    assert_eq!(contacts(&app, hillary).await, ["Olaf Scholz"]);
    assert_eq!(contacts(&app, bill).await, ["Emmanuel Macron"]);
    let (_, kept) = app.get(&format!("/v1/entities/{hillary}")).await;
    assert!(
        !aliases(&kept).contains(&"Bill Clinton".to_string()),
        "{kept}"
    );
    assert!(kept["merges"][0]["split_at"].is_string(), "{kept}");
    assert_eq!(kept["counts"]["events"], 1, "{kept}");
}

/// Asserts a problem+json answer with the status and a reason containing `says`.
fn refused(answer: (StatusCode, Option<String>, Value), status: u16, says: &str) {
    let (got, content_type, body) = answer;
    assert_eq!(got.as_u16(), status, "{body}");
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "{body}"
    );
    assert_eq!(body["status"], status);
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(says), "{says:?} not in {detail:?}");
}

async fn merges_and_splits_that_cannot_be_done_are_refused_with_a_reason(engine: Engine) {
    let app = loaded(engine, ARTICLES).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let germany = id_of(&app, "Germany", "country").await;
    let merge = |id: i64| format!("/v1/entities/{id}/merge");
    let reason = "a test";

    let into_itself = json!({"other": hillary, "reason": reason});
    refused(
        post_json(&app, &merge(hillary), into_itself).await,
        422,
        "itself",
    );
    let two_kinds = json!({"other": germany, "reason": reason});
    refused(
        post_json(&app, &merge(hillary), two_kinds).await,
        422,
        "one kind",
    );
    let unknown_other = json!({"other": 999_999, "reason": reason});
    refused(
        post_json(&app, &merge(hillary), unknown_other).await,
        404,
        "no entity 999999",
    );
    let unknown_kept = json!({"other": bill, "reason": reason});
    refused(
        post_json(&app, &merge(999_999), unknown_kept).await,
        404,
        "no entity 999999",
    );
    let no_reason = json!({"other": bill, "reason": "  "});
    refused(
        post_json(&app, &merge(hillary), no_reason).await,
        422,
        "reason",
    );
    refused(
        post_json(&app, &merge(hillary), json!({"reason": reason})).await,
        422,
        "other",
    );
    let as_text = app
        .request(
            Request::post(merge(hillary))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(
                    json!({"other": bill, "reason": reason}).to_string(),
                ))
                .expect("request"),
        )
        .await;
    refused(as_text, 415, "application/json");
    // Nothing was merged by any of these.
    let (_, kept) = app.get(&format!("/v1/entities/{hillary}")).await;
    assert_eq!(kept["merges"], json!([]), "{kept}");
    let (status, _) = app.get(&format!("/v1/entities/{bill}")).await;
    assert_eq!(status, 200);

    let split = |id: i64| format!("/v1/entities/{id}/split");
    refused(
        post_json(&app, &split(hillary), json!({"merge": 999_999})).await,
        404,
        "no merge",
    );
    let (status, _, done) = post_json(
        &app,
        &merge(hillary),
        json!({"other": bill, "reason": reason}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    let this = json!({"merge": done["id"]});
    refused(
        post_json(&app, &split(germany), this.clone()).await,
        404,
        "not a merge into entity",
    );
    let (status, _, body) = post_json(&app, &split(hillary), this.clone()).await;
    assert_eq!(status, 200, "{body}");
    refused(
        post_json(&app, &split(hillary), this).await,
        409,
        "split already",
    );
    // Merged again after a split, the entity can be split again: a new merge, a new id.
    let (status, _, again) = post_json(
        &app,
        &merge(hillary),
        json!({"other": bill, "reason": reason}),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_ne!(again["id"], done["id"]);
}

/// A store with Chelsea merged into Bill, then Bill into Hillary: a chain of two merges.
struct Chain {
    app: TestApp,
    hillary: i64,
    bill: i64,
    chelsea: i64,
    first: Value,
    second: Value,
}

async fn chain_of_merges(engine: Engine) -> Chain {
    let app = loaded(
        engine,
        &[
            ARTICLES[0],
            ARTICLES[1],
            " date 2024-07-15\nChelsea Clinton met Justin Trudeau in Ottawa on Monday.",
        ],
    )
    .await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let chelsea = id_of(&app, "Chelsea Clinton", "person").await;
    let first = merge(&app, bill, chelsea).await;
    let second = merge(&app, hillary, bill).await;
    Chain {
        app,
        hillary,
        bill,
        chelsea,
        first,
        second,
    }
}

/// A merge of an entity whose kept entity was merged away since cannot be split first.
async fn a_chain_of_merges_is_split_from_its_end(engine: Engine) {
    let Chain {
        app,
        hillary,
        bill,
        chelsea,
        first,
        second,
    } = chain_of_merges(engine).await;
    assert_eq!(
        contacts(&app, hillary).await,
        ["Emmanuel Macron", "Justin Trudeau", "Olaf Scholz"]
    );
    refused(
        post_json(
            &app,
            &format!("/v1/entities/{bill}/split"),
            json!({"merge": first["id"]}),
        )
        .await,
        409,
        &format!("split merge {} first", second["id"]),
    );
    for (into, merge) in [(hillary, &second), (bill, &first)] {
        split(&app, into, &merge["id"]).await;
    }
    assert_eq!(contacts(&app, chelsea).await, ["Justin Trudeau"]);
    assert_eq!(contacts(&app, bill).await, ["Emmanuel Macron"]);
}

/// An event both entities took part in keeps one participation while merged, and gets the
/// other back on the split. Two events that become alike (same kind, people and date) stay
/// two events, each with its own evidence.
async fn shared_and_alike_events_are_kept_apart(engine: Engine) {
    let app = loaded(
        engine,
        &[
            " date 2024-07-01\nHillary Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-07-02\nBill Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-07-09\nHillary Clinton met Bill Clinton in Chappaqua on Monday.",
        ],
    )
    .await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let events_of = |id: i64| format!("/v1/events?entity={id}");
    let (_, before) = app.get(&events_of(hillary)).await;
    let before = before["events"].as_array().expect("events").len();
    assert_eq!(before, 2);

    let merge = merge(&app, hillary, bill).await;
    let (_, merged) = app.get(&events_of(hillary)).await;
    let merged = merged["events"].as_array().expect("events").clone();
    // The two Berlin meetings on 2024-07-01 stay two events, each with its evidence.
    let berlin: Vec<&Value> = merged
        .iter()
        .filter(|e| e["date"]["value"] == "2024-07-01")
        .collect();
    assert_eq!(berlin.len(), 2, "{merged:?}");
    for event in &berlin {
        assert_eq!(
            common::names(event),
            ["Hillary Clinton", "Olaf Scholz"],
            "{event}"
        );
        let (_, full) = app.get(&format!("/v1/events/{}", event["id"])).await;
        assert_eq!(full["evidence"].as_array().map(Vec::len), Some(1), "{full}");
    }
    let shared = merged
        .iter()
        .find(|e| e["date"]["value"] == "2024-07-08")
        .unwrap_or_else(|| panic!("the shared meeting: {merged:?}"));
    assert_eq!(common::names(shared), ["Hillary Clinton"], "{shared}");

    split(&app, hillary, &merge["id"]).await;
    let (_, event) = app.get(&format!("/v1/events/{}", shared["id"])).await;
    assert_eq!(
        common::names(&event),
        ["Bill Clinton", "Hillary Clinton"],
        "{event}"
    );
    let (_, after) = app.get(&events_of(bill)).await;
    assert_eq!(after["events"].as_array().map(Vec::len), Some(2), "{after}");
}

/// A later article naming the merged entity names the kept one while the merge holds, and the
/// merged id is never given to a new entity: a split restores the entity with that article.
async fn ingest_after_a_merge_keeps_the_merged_name_and_id(engine: Engine) {
    let app = loaded(engine, ARTICLES).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let merge = merge(&app, hillary, bill).await;
    let (status, body) = app
        .post_text(" date 2024-08-05\nBill Clinton met Justin Trudeau in Ottawa on Monday.")
        .await;
    assert_eq!(status, 201, "{body}");
    let trudeau = id_of(&app, "Justin Trudeau", "person").await;
    assert!(
        trudeau > bill,
        "the new entity {trudeau} took an id at or below {bill}"
    );
    let (_, found) = app.get("/v1/entities?q=bill%20clinton").await;
    let ids: Vec<&Value> = found["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert_eq!(ids, [&json!(hillary)], "{found}");
    assert!(contacts(&app, hillary)
        .await
        .contains(&"Justin Trudeau".to_string()));

    split(&app, hillary, &merge["id"]).await;
    // The article that named Bill Clinton while the merge held goes back to him with the split.
    assert_eq!(
        contacts(&app, bill).await,
        ["Emmanuel Macron", "Justin Trudeau"]
    );
    assert_eq!(contacts(&app, hillary).await, ["Olaf Scholz"]);
    let (_, entity) = app.get(&format!("/v1/entities/{bill}")).await;
    assert_eq!(entity["counts"]["events"], 2, "{entity}");
}

/// An article naming an entity merged along a chain (Chelsea into Bill, Bill into Hillary)
/// names the end of the chain; splitting the chain from its end gives the article's contact
/// back to the entity it named.
async fn ingest_through_a_chain_of_merges_goes_back_with_the_splits(engine: Engine) {
    let Chain {
        app,
        hillary,
        bill,
        chelsea,
        first,
        second,
    } = chain_of_merges(engine).await;
    let (status, body) = app
        .post_text(" date 2024-08-12\nChelsea Clinton met Mark Carney in Toronto on Monday.")
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(contacts(&app, hillary)
        .await
        .contains(&"Mark Carney".to_string()));
    split(&app, hillary, &second["id"]).await;
    split(&app, bill, &first["id"]).await;
    assert_eq!(
        contacts(&app, chelsea).await,
        ["Justin Trudeau", "Mark Carney"]
    );
    assert_eq!(contacts(&app, bill).await, ["Emmanuel Macron"]);
    assert_eq!(contacts(&app, hillary).await, ["Olaf Scholz"]);
}

/// A name ingest resolves to a stored person is recorded with the rule's reason, and a split
/// gives it an entity of its own with what was attached under it; later reports of the name
/// then name that entity.
async fn ingest_records_the_names_it_resolves(engine: Engine) {
    let app = loaded(
        engine,
        &[
            " date 2024-03-04\nTurkish President Recep Tayyip Erdogan spoke with German Chancellor Olaf Scholz by phone on Monday.",
            " date 2024-03-09\nTayyip Erdogan met Emmanuel Macron in Ankara on Saturday.",
        ],
    )
    .await;
    let erdogan = id_of(&app, "Recep Tayyip Erdogan", "person").await;
    assert_eq!(
        contacts(&app, erdogan).await,
        ["Emmanuel Macron", "Olaf Scholz"]
    );
    let (_, entity) = app.get(&format!("/v1/entities/{erdogan}")).await;
    let merges = entity["merges"].as_array().expect("merges");
    assert_eq!(merges.len(), 1, "{entity}");
    assert_eq!(merges[0]["by"], "auto");
    assert_eq!(merges[0]["name"], "Tayyip Erdogan");
    assert!(merges[0]["merged_id"].is_null(), "{entity}");
    assert_eq!(
        merges[0]["reason"],
        "same surname erdogan; given names tayyip ⊂ recep tayyip"
    );
    assert!(aliases(&entity).contains(&"Tayyip Erdogan".to_string()));

    let split = split(&app, erdogan, &merges[0]["id"]).await;
    let tayyip = split["merged_id"].as_i64().expect("the new entity's id");
    assert_ne!(tayyip, erdogan);
    assert_eq!(id_of(&app, "Tayyip Erdogan", "person").await, tayyip);
    assert_eq!(contacts(&app, erdogan).await, ["Olaf Scholz"]);
    assert_eq!(contacts(&app, tayyip).await, ["Emmanuel Macron"]);
    let (_, kept) = app.get(&format!("/v1/entities/{erdogan}")).await;
    assert!(
        !aliases(&kept).contains(&"Tayyip Erdogan".to_string()),
        "{kept}"
    );
    refused(
        post_json(
            &app,
            &format!("/v1/entities/{erdogan}/split"),
            json!({"merge": merges[0]["id"]}),
        )
        .await,
        409,
        "split already",
    );

    let (status, body) = app
        .post_text(" date 2024-03-20\nTayyip Erdogan met Giorgia Meloni in Rome on Wednesday.")
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        contacts(&app, tayyip).await,
        ["Emmanuel Macron", "Giorgia Meloni"]
    );
    assert_eq!(contacts(&app, erdogan).await, ["Olaf Scholz"]);
}

/// The title and country of a name joined at ingest stay with the join: the person it joined
/// does not take them, and a split gives them to the entity it makes.
async fn a_joined_name_s_title_and_country_go_with_its_split(engine: Engine) {
    let app = loaded(
        engine,
        &[
            " date 2024-06-03\nBola Tinubu met John Mahama in Accra on Monday.",
            " date 2024-06-10\nNigerian President Bola Ahmed Tinubu met Emmanuel Macron in Paris on Monday.",
        ],
    )
    .await;
    let tinubu = id_of(&app, "Bola Tinubu", "person").await;
    let (_, kept) = app.get(&format!("/v1/entities/{tinubu}")).await;
    assert!(
        kept["country"].is_null() && kept["title"].is_null(),
        "{kept}"
    );
    let merges = kept["merges"].as_array().expect("merges").clone();
    assert_eq!(merges.len(), 1, "{kept}");
    let split = split(&app, tinubu, &merges[0]["id"]).await;
    let fuller = split["merged_id"].as_i64().expect("the new entity");
    let (_, restored) = app.get(&format!("/v1/entities/{fuller}")).await;
    assert_eq!(restored["name"], "Bola Ahmed Tinubu", "{restored}");
    assert_eq!(restored["country"], "NG", "{restored}");
    let (_, kept) = app.get(&format!("/v1/entities/{tinubu}")).await;
    assert!(kept["country"].is_null(), "{kept}");
}

/// A lone surname that is an alias of one stored person joins that person, and the join is
/// recorded with its reason like one by name evidence.
async fn ingest_records_joins_by_alias(engine: Engine) {
    let app = loaded(
        engine,
        &[
            " date 2024-05-06\nSecretary of State Antony Blinken met Dmytro Kuleba in Kyiv on Monday. Blinken said the talks were useful.",
            " date 2024-05-13\nMr Blinken met Wang Yi in Beijing on Monday.",
        ],
    )
    .await;
    let blinken = id_of(&app, "Antony Blinken", "person").await;
    assert_eq!(contacts(&app, blinken).await, ["Dmytro Kuleba", "Wang Yi"]);
    let (_, entity) = app.get(&format!("/v1/entities/{blinken}")).await;
    let merges = entity["merges"].as_array().expect("merges");
    assert_eq!(merges.len(), 1, "{entity}");
    assert_eq!(merges[0]["by"], "auto");
    assert_eq!(merges[0]["name"], "Blinken");
    assert!(
        merges[0]["reason"].as_str().unwrap_or("").contains("alias"),
        "{entity}"
    );
}

/// Waits until `check` holds of the entity's contacts in the app's graph, for up to two
/// seconds (what the README promises other processes' writes take to show).
async fn contacts_become(app: &TestApp, id: i64, check: impl Fn(&[String]) -> bool) {
    let started = std::time::Instant::now();
    loop {
        let names = contacts(app, id).await;
        if check(&names) {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "the graph still shows {names:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A merge and a split made by another process (`eventgraph entities merge`) reach a running
/// server's graph through the store's change log.
async fn another_process_s_merge_reaches_the_graph(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let location = match engine {
        Engine::Sqlite => dir.path().join("shared.db").to_string_lossy().into_owned(),
        Engine::Postgres => common::engines::fresh_postgres_schema().await,
    };
    let location: eventgraph::store::Location = location.parse().expect("location");
    let open = || async {
        eventgraph::store::Store::open_location(&location)
            .await
            .expect("open")
    };
    let server = TestApp::over(open().await, eventgraph::api::Config::default()).await;
    for text in ARTICLES {
        let (status, body) = server.post_text(text).await;
        assert_eq!(status, 201, "{body}");
    }
    let hillary = id_of(&server, "Hillary Clinton", "person").await;
    let bill = id_of(&server, "Bill Clinton", "person").await;
    let other = open().await;
    let merge = other
        .merge_entities(hillary, bill, "from the command line")
        .await
        .expect("store")
        .expect("merged");
    contacts_become(&server, hillary, |c| {
        c.contains(&"Emmanuel Macron".to_string())
    })
    .await;
    other
        .split_merge(merge.merge.id, None)
        .await
        .expect("store")
        .expect("split");
    contacts_become(&server, hillary, |c| c == ["Olaf Scholz"]).await;
    contacts_become(&server, bill, |c| c == ["Emmanuel Macron"]).await;
}

/// Articles naming the merged entity while the merge runs all go in, and every event they
/// report names the kept entity: none is lost to the deleted row, none makes a new entity.
async fn ingest_during_a_merge_loses_nothing(engine: Engine) {
    let app = loaded(engine, ARTICLES).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let texts: Vec<String> = (1..=9)
        .map(|day| {
            format!(" date 2024-09-0{day}\nBill Clinton met Justin Trudeau in Ottawa on September {day}, 2024.")
        })
        .collect();
    let ingests = futures_util::future::join_all(texts.iter().map(|t| app.post_text(t)));
    let uri = format!("/v1/entities/{hillary}/merge");
    let merge = post_json(
        &app,
        &uri,
        json!({"other": bill, "reason": "during ingest"}),
    );
    let (stored, (status, _, merged)) = tokio::join!(ingests, merge);
    assert_eq!(status, 200, "{merged}");
    for (status, body) in stored {
        assert_eq!(status, 201, "{body}");
        for event in body["events"].as_array().expect("events") {
            let (_, full) = app.get(&format!("/v1/events/{}", event["id"])).await;
            assert_eq!(
                common::names(&full),
                ["Hillary Clinton", "Justin Trudeau"],
                "{full}"
            );
        }
    }
    let (_, found) = app.get("/v1/entities?q=bill%20clinton").await;
    let ids: Vec<&Value> = found["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert_eq!(ids, [&json!(hillary)], "{found}");
}

on_both_engines!(
    a_split_entity_without_events_is_back_in_the_graph,
    another_process_s_merge_reaches_the_graph,
    ingest_during_a_merge_loses_nothing,
    a_merge_moves_contacts_and_a_split_restores_them,
    merges_and_splits_that_cannot_be_done_are_refused_with_a_reason,
    a_chain_of_merges_is_split_from_its_end,
    shared_and_alike_events_are_kept_apart,
    ingest_after_a_merge_keeps_the_merged_name_and_id,
    ingest_through_a_chain_of_merges_goes_back_with_the_splits,
    ingest_records_the_names_it_resolves,
    ingest_records_joins_by_alias,
    a_joined_name_s_title_and_country_go_with_its_split,
);

/// On PostgreSQL a merge locks both entities first: a writer that took part-way a reference to
/// the other entity (here a participation, uncommitted) makes the merge wait, and the merge
/// then moves that reference too, so a split gives it back.
#[tokio::test]
async fn a_merge_waits_for_a_writer_naming_the_other_entity() {
    if !Engine::Postgres.available() {
        return;
    }
    let app = loaded(Engine::Postgres, ARTICLES).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let bill = id_of(&app, "Bill Clinton", "person").await;
    let (_, events) = app.get(&format!("/v1/events?entity={hillary}")).await;
    let event = events["events"][0]["id"]
        .as_i64()
        .expect("an event of Hillary's");

    let pool = app.store.postgres_pool().expect("PostgreSQL").clone();
    let mut writer = pool.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO event_participants (event_id, entity_id, role) VALUES ($1, $2, 'participant')",
    )
    .bind(event)
    .bind(bill)
    .execute(&mut *writer)
    .await
    .expect("a participation of Bill's");
    let store = app.store.clone();
    let merge = tokio::spawn(async move { store.merge_entities(hillary, bill, "a test").await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !merge.is_finished(),
        "the merge did not wait for the writer"
    );
    writer.commit().await.expect("commit");
    let merged = merge.await.expect("join").expect("store").expect("merged");

    let split = app
        .store
        .split_merge(merged.merge.id, Some(hillary))
        .await
        .expect("store")
        .expect("split");
    assert!(split.merge.split_at.is_some());
    let (_, full) = app.get(&format!("/v1/events/{event}")).await;
    assert!(
        common::names(&full).contains(&"Bill Clinton".to_string()),
        "the participation the writer added was lost: {full}"
    );
}

/// Merges and splits are writes: they need the service's token, and a read-only service
/// refuses them.
#[tokio::test]
async fn merges_need_the_token_and_a_writable_service() {
    let body = json!({"other": 2, "reason": "a test"}).to_string();
    let merge = |token: Option<&str>| {
        let mut request =
            Request::post("/v1/entities/1/merge").header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        request.body(Body::from(body.clone())).expect("request")
    };
    let guarded = TestApp::with_config(eventgraph::api::Config {
        token: Some("s3cret".into()),
        ..Default::default()
    })
    .await;
    let (status, _, problem) = guarded.request(merge(None)).await;
    assert_eq!(status, 401, "{problem}");
    // With the token, the request reaches the store: no such entities there.
    let (status, _, problem) = guarded.request(merge(Some("s3cret"))).await;
    assert_eq!(status, 404, "{problem}");
    let read_only = TestApp::with_config(eventgraph::api::Config {
        read_only: true,
        ..Default::default()
    })
    .await;
    let (status, _, problem) = read_only.request(merge(None)).await;
    assert_eq!(status, 403, "{problem}");
}

/// A merge or split body over the service's limit is refused as too large, not as malformed.
#[tokio::test]
async fn an_over_limit_body_is_too_large() {
    let app = TestApp::with_config(eventgraph::api::Config {
        max_body_bytes: 1000,
        ..Default::default()
    })
    .await;
    let reason = "x".repeat(2000);
    for uri in ["/v1/entities/1/merge", "/v1/entities/1/split"] {
        let (status, _, problem) =
            post_json(&app, uri, json!({"other": 2, "merge": 1, "reason": reason})).await;
        assert_eq!(status, 413, "{uri}: {problem}");
    }
}

/// Graph queries answer about a split entity without events as before its merge.
async fn a_split_entity_without_events_is_back_in_the_graph(engine: Engine) {
    let stored = loaded(
        engine,
        &[
            ARTICLES[0],
            " date 2024-07-20\nChelsea Clinton spoke at a conference in Denver.",
        ],
    )
    .await;
    // A server started now: its graph, loaded from the store, holds every entity.
    let app = TestApp::over(stored.store.clone(), eventgraph::api::Config::default()).await;
    let hillary = id_of(&app, "Hillary Clinton", "person").await;
    let chelsea = id_of(&app, "Chelsea Clinton", "person").await;
    let before = app
        .get(&format!("/v1/graph/contacts?entity={chelsea}"))
        .await;
    // The ego network is read from the graph alone (the entity's id is resolved through the
    // store): an entity missing from the graph has no node in it.
    let network = format!("/v1/graph/neighborhood?entity={chelsea}");
    let network_before = app.get(&network).await;
    assert_eq!(
        network_before.1["nodes"].as_array().map(Vec::len),
        Some(1),
        "{}",
        network_before.1
    );
    let merge = merge(&app, hillary, chelsea).await;
    split(&app, hillary, &merge["id"]).await;
    let after = app
        .get(&format!("/v1/graph/contacts?entity={chelsea}"))
        .await;
    assert_eq!(after, before);
    assert_eq!(before.0, 200, "{}", before.1);
    assert_eq!(app.get(&network).await, network_before);
}
