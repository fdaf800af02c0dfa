//! Killed mid-ingest, the store stays whole: `kill -9` during a bulk ingest, at random moments,
//! then `PRAGMA integrity_check`, no partial article (each stored article has exactly the
//! mentions and evidence a clean ingest gives it), and ingesting again completes the store with
//! no duplicates.
//!
//! Rounds: EVENTGRAPH_CRASH_ROUNDS (3 by default; 20 for the full test:
//! `EVENTGRAPH_CRASH_ROUNDS=20 cargo test --release --test crash -- --nocapture`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use eventgraph::store::Store;
use sqlx::Row;

const ARTICLES: usize = 400;

fn ingest(dir: &Path, db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eventgraph"));
    command
        .args(["ingest", dir.to_str().expect("path")])
        .env("EVENTGRAPH_DB", db)
        .env("EVENTGRAPH_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Per article (by content hash): its mentions and evidence.
async fn per_article(db: &Path) -> BTreeMap<String, (i64, i64)> {
    let store = Store::open(db).await.expect("open");
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check")
        .get(0);
    assert_eq!(check, "ok");
    let rows = sqlx::query(
        "SELECT a.content_hash, \
         (SELECT count(*) FROM mentions m WHERE m.article_id = a.id), \
         (SELECT count(*) FROM event_evidence v WHERE v.article_id = a.id) \
         FROM articles a",
    )
    .fetch_all(store.pool())
    .await
    .expect("articles");
    let orphans: i64 = sqlx::query(
        "SELECT count(*) FROM events e WHERE NOT EXISTS \
         (SELECT 1 FROM event_evidence v WHERE v.event_id = e.id)",
    )
    .fetch_one(store.pool())
    .await
    .expect("events")
    .get(0);
    assert_eq!(orphans, 0, "every event has evidence");
    rows.iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect()
}

async fn event_count(db: &Path) -> i64 {
    let store = Store::open(db).await.expect("open");
    sqlx::query("SELECT count(*) FROM events")
        .fetch_one(store.pool())
        .await
        .expect("count")
        .get(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_ingests_leave_no_partial_article_and_resume() {
    let rounds: usize = std::env::var("EVENTGRAPH_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).expect("mkdir");
    let mut generator = eventgraph::synth::Generator::new(5);
    for i in 0..ARTICLES {
        std::fs::write(articles.join(format!("{i:04}.txt")), generator.article(6)).expect("write");
    }

    // What a clean run stores, and how long it takes.
    let reference_db = dir.path().join("reference.db");
    let started = std::time::Instant::now();
    assert!(ingest(&articles, &reference_db)
        .status()
        .expect("run")
        .success());
    let clean_run = started.elapsed();
    let reference = per_article(&reference_db).await;
    assert_eq!(reference.len(), ARTICLES);
    let reference_events = event_count(&reference_db).await;

    let mut rng = fastrand::Rng::with_seed(99);
    let mut interrupted = 0;
    for round in 0..rounds {
        // A fresh store each round, killed somewhere inside the time a clean run takes.
        let db = dir.path().join(format!("crashed-{round}.db"));
        let mut child = ingest(&articles, &db).spawn().expect("spawn");
        let at = clean_run.mul_f64(0.05 + 0.9 * rng.f64());
        std::thread::sleep(at);
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("kill -9");
            interrupted += 1;
        }
        child.wait().expect("reap");
        let stored = per_article(&db).await;
        for (hash, counts) in &stored {
            assert_eq!(
                reference.get(hash),
                Some(counts),
                "round {round}: article {hash} is partial"
            );
        }
        eprintln!(
            "round {round}: killed after {at:.2?}, {} of {ARTICLES} articles stored",
            stored.len()
        );
        // Ingesting again completes the store, with nothing twice.
        assert!(ingest(&articles, &db).status().expect("run").success());
        assert_eq!(
            per_article(&db).await,
            reference,
            "round {round}: completed"
        );
        assert_eq!(event_count(&db).await, reference_events, "round {round}");
        std::fs::remove_file(&db).ok();
    }
    eprintln!(
        "{interrupted} of {rounds} runs killed mid-ingest (a clean run takes {clean_run:.2?})"
    );
    assert!(
        interrupted > 0,
        "no run was interrupted: the articles go in too fast"
    );
}
