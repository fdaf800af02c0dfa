//! Several processes ingesting overlapping batches into one store at the same time store
//! each article once, each real-world event once, and lose nothing.
//!
//! Which stored person a bare surname joins depends on which article came first, so entity
//! and event counts may differ between orders of ingest; what does not depend on the order is
//! checked against one process ingesting the same articles alone (articles, mentions,
//! evidence), and no event may be stored twice (same kind, date and participants).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Engine;
use eventgraph::store::{Location, Store};

/// Articles in the generator's style, as files: several share people and events.
fn write_articles(dir: &Path, count: usize) -> Vec<PathBuf> {
    let mut generator = eventgraph::synth::Generator::new(29);
    (0..count)
        .map(|i| {
            let path = dir.join(format!("article-{i:03}.txt"));
            std::fs::write(&path, generator.article(2 + i % 4)).expect("write article");
            path
        })
        .collect()
}

/// A folder holding copies of the given articles.
fn batch(dir: &Path, name: &str, articles: &[PathBuf]) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).expect("mkdir");
    for article in articles {
        let file = article.file_name().expect("file name");
        std::fs::copy(article, folder.join(file)).expect("copy");
    }
    folder
}

async fn database(engine: Engine, dir: &Path, name: &str) -> String {
    match engine {
        Engine::Sqlite => dir.join(name).to_string_lossy().into_owned(),
        Engine::Postgres => common::engines::fresh_postgres_schema().await,
    }
}

async fn open(db: &str) -> Store {
    let location: Location = db.parse().expect("location");
    Store::open_location(&location).await.expect("open")
}

/// Rows of the tables whose counts do not depend on the order of ingest.
async fn counts(db: &str) -> Vec<i64> {
    let store = open(db).await;
    let mut counts = Vec::new();
    for table in ["articles", "event_evidence", "mentions"] {
        let sql = format!("SELECT count(*) FROM {table}");
        let n: i64 = match (store.sqlite_pool(), store.postgres_pool()) {
            (Some(pool), _) => sqlx::query_scalar(&sql).fetch_one(pool).await,
            (_, Some(pool)) => sqlx::query_scalar(&sql).fetch_one(pool).await,
            _ => unreachable!("a store is on one engine"),
        }
        .expect("count");
        counts.push(n);
    }
    counts
}

fn ingest(db: &str, folders: &[&Path]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_eventgraph"))
        .arg("ingest")
        .args(folders)
        .env("EVENTGRAPH_DB", db)
        .env("EVENTGRAPH_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start eventgraph ingest")
}

async fn concurrent_ingests_store_everything_once(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = write_articles(dir.path(), 90);
    // Three writers over overlapping thirds: every article is in two of the batches.
    let a = batch(dir.path(), "a", &articles[0..60]);
    let b = batch(dir.path(), "b", &articles[30..90]);
    let c = batch(
        dir.path(),
        "c",
        &[&articles[0..30], &articles[60..90]].concat(),
    );
    let all = batch(dir.path(), "all", &articles);

    let alone = database(engine, dir.path(), "alone.db").await;
    let out = ingest(&alone, &[&all]).wait_with_output().expect("ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = counts(&alone).await;
    assert_eq!(expected[0], 90, "{expected:?}");

    let shared = database(engine, dir.path(), "shared.db").await;
    // The schema exists before the writers start, as it does for replicas of a service.
    counts(&shared).await;
    let writers: Vec<_> = [&a, &b, &c]
        .iter()
        .map(|folder| ingest(&shared, &[folder.as_path()]))
        .collect();
    let mut created = 0;
    for writer in writers {
        let out = writer.wait_with_output().expect("ingest");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // "articles: N new, M known, ..."
        created += stdout
            .split("articles: ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("no summary in {stdout}"));
    }
    assert_eq!(created, 90, "each article is new to exactly one writer");
    assert_eq!(counts(&shared).await, expected);
    let events = stored_events(&shared).await;
    assert!(events.len() > 100, "{}", events.len());
    let mut seen = std::collections::HashMap::new();
    for (id, key) in events {
        if let Some(first) = seen.insert(key.clone(), id) {
            panic!("events {first} and {id} are one event: {key:?}");
        }
    }
}

/// Every stored event as its id and what makes it one real-world event: kind, date and the
/// participants' entity ids.
async fn stored_events(db: &str) -> Vec<(i64, (String, Option<String>, Vec<i64>))> {
    let store = open(db).await;
    let mut events = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_events(&Default::default(), cursor, 500)
            .await
            .expect("list events");
        for e in &page.events {
            let mut parties: Vec<i64> = e.participants.iter().map(|p| p.entity).collect();
            parties.sort_unstable();
            let date = e.date.as_ref().map(|d| d.value.clone());
            // Events without participants stay with their article by design.
            if !parties.is_empty() {
                events.push((e.id, (e.kind.clone(), date, parties)));
            }
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next.parse().expect("cursor")),
            None => return events,
        }
    }
}

on_both_engines!(concurrent_ingests_store_everything_once);
