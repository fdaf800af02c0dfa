//! `eventgraph copy`: a store moved from SQLite to PostgreSQL and back holds the same rows and
//! answers the same; a second copy adds nothing; the copy takes new articles afterwards.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn eventgraph(args: &[&str], db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eventgraph"))
        .args(args)
        .env("EVENTGRAPH_DB", db)
        .env("EVENTGRAPH_LOG", "warn")
        .output()
        .expect("run eventgraph")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The contacts of a person and a whole-graph export, as the store answers them.
fn answers(db: &str) -> (String, String) {
    let contacts = eventgraph(&["query", "contacts", "Rui Costa", "--json"], db);
    assert!(contacts.status.success(), "{}", text(&contacts.stderr));
    let export = eventgraph(&["export", "--format", "node-link"], db);
    assert!(export.status.success(), "{}", text(&export.stderr));
    (text(&contacts.stdout), text(&export.stdout))
}

/// "copied A to B: articles 3 (3 new), entities ..." as (table, rows, new) triples.
fn summary(out: &Output) -> Vec<(String, u64, u64)> {
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let (_, tables) = stdout
        .trim()
        .split_once(": ")
        .unwrap_or_else(|| panic!("no summary: {stdout}"));
    tables
        .split(", ")
        .map(|t| {
            let parts: Vec<&str> = t.split(' ').collect();
            let number = |s: &str| -> u64 {
                s.trim_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .unwrap_or_else(|_| panic!("{t}"))
            };
            (parts[0].to_string(), number(parts[1]), number(parts[2]))
        })
        .collect()
}

#[tokio::test]
async fn a_store_moves_to_postgres_and_back_unchanged() {
    if !common::Engine::Postgres.available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = dir.path().join("from.db").to_string_lossy().into_owned();
    let out = eventgraph(
        &[
            "ingest",
            &fixture("call-and-meeting.txt"),
            &fixture("same-call-other-outlet.txt"),
            &fixture("article.json"),
        ],
        &sqlite,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A merge, so that the record of merges is copied too: of the entity with the highest
    // id, so that a copy that numbered new entities after the ids present would give its id
    // to the next new entity.
    let listed = eventgraph(&["entities", "list", "--limit", "500"], &sqlite);
    let entities: Vec<(i64, String)> = text(&listed.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|e| {
            (
                e["id"].as_i64().expect("id"),
                e["kind"].as_str().expect("kind").to_string(),
            )
        })
        .collect();
    let (merged_id, kind) = entities.iter().max().cloned().expect("entities");
    let (kept_id, _) = entities
        .iter()
        .find(|(id, k)| *k == kind && *id != merged_id)
        .cloned()
        .unwrap_or_else(|| panic!("no other {kind}: {}", text(&listed.stdout)));
    let merge = eventgraph(
        &[
            "entities",
            "merge",
            &kept_id.to_string(),
            &merged_id.to_string(),
            "--reason",
            "copied",
        ],
        &sqlite,
    );
    assert!(merge.status.success(), "{}", text(&merge.stderr));
    let merge_id = serde_json::from_slice::<serde_json::Value>(&merge.stdout).expect("json")["id"]
        .as_i64()
        .expect("merge id")
        .to_string();
    let before = answers(&sqlite);

    let postgres = common::engines::fresh_postgres_schema().await;
    let first = summary(&eventgraph(
        &["copy", "--from", &sqlite, "--to", &postgres],
        "unused",
    ));
    assert_eq!(first.len(), 11, "{first:?}");
    for (table, rows, added) in &first {
        assert_eq!(rows, added, "{table}: every row is new to an empty store");
    }
    assert!(first.iter().any(|(t, rows, _)| t == "events" && *rows >= 2));
    assert!(
        first
            .iter()
            .any(|(t, rows, _)| t == "entity_merges" && *rows == 1),
        "{first:?}"
    );
    assert_eq!(answers(&postgres), before);

    // Again: nothing to add.
    let again = summary(&eventgraph(
        &["copy", "--from", &sqlite, "--to", &postgres],
        "unused",
    ));
    assert!(again.iter().all(|(_, _, added)| *added == 0), "{again:?}");

    // And back into a new SQLite file, in a folder the copy creates.
    let back = dir
        .path()
        .join("restored/back.db")
        .to_string_lossy()
        .into_owned();
    let returned = summary(&eventgraph(
        &["copy", "--from", &postgres, "--to", &back],
        "unused",
    ));
    assert_eq!(returned, first);
    assert_eq!(answers(&back), before);

    // The copy goes on with ids after the copied ones.
    let out = eventgraph(&["ingest", &fixture("no-events.txt")], &postgres);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let articles = first[0].1;
    let location: eventgraph::store::Location = postgres.parse().expect("location");
    let store = eventgraph::store::Store::open_location(&location)
        .await
        .expect("open");
    assert!(
        text(&out.stdout).contains("articles: 1 new"),
        "{}",
        text(&out.stdout)
    );
    let newest = store.article(articles as i64 + 1).await.expect("read");
    assert!(newest.is_some(), "the new article takes the next id");

    // On both copies a new entity takes an id of its own, not the merged entity's, and the
    // merge can still be split.
    let new_person = dir.path().join("new-person.txt");
    std::fs::write(
        &new_person,
        "Finance Minister Tomas Lindqvist met Foreign Minister Ingrid Solberg in Oslo on Monday.\n",
    )
    .expect("write article");
    for copy in [&postgres, &back] {
        let out = eventgraph(&["ingest", &new_person.to_string_lossy()], copy);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listed = eventgraph(&["entities", "list", "--q", "Lindqvist"], copy);
        let new_ids: Vec<i64> = text(&listed.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|e| e["id"].as_i64())
            .collect();
        assert_eq!(new_ids.len(), 1, "{}", text(&listed.stdout));
        assert!(
            new_ids[0] > merged_id,
            "{copy}: the new entity took id {}, not above the merged entity's {merged_id}",
            new_ids[0]
        );
        let split = eventgraph(&["entities", "split", &merge_id], copy);
        assert!(
            split.status.success(),
            "{copy}: {}{}",
            text(&split.stdout),
            text(&split.stderr)
        );
    }
}

#[test]
fn a_missing_source_or_the_same_store_twice_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.db");
    let missing = missing.to_string_lossy();
    let target = dir.path().join("target.db");
    let out = eventgraph(
        &[
            "copy",
            "--from",
            &missing,
            "--to",
            &target.to_string_lossy(),
        ],
        "unused",
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no database at"),
        "{}",
        text(&out.stderr)
    );
    assert!(!Path::new(&*target).exists(), "nothing was created");
    let out = eventgraph(&["copy", "--from", &missing, "--to", &missing], "unused");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the same store"),
        "{}",
        text(&out.stderr)
    );
}
