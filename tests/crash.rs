//! Killed mid-ingest, the store stays whole: `kill -9` during a bulk ingest, at random moments,
//! then `PRAGMA integrity_check`, no partial article (each stored article has exactly the
//! mentions and evidence a clean ingest gives it), and ingesting again completes the store with
//! no duplicates. Once for the command-line ingest, once for the server fed by concurrent HTTP
//! clients.
//!
//! Rounds: EVENTGRAPH_CRASH_ROUNDS (3 by default; 20 for the full test:
//! `EVENTGRAPH_CRASH_ROUNDS=20 cargo test --release --test crash -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use eventgraph::store::Store;
use sqlx::Row;

const ARTICLES: usize = 400;

/// `eventgraph <args>` on the store `db`, quiet.
fn eventgraph(args: &[&str], db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eventgraph"));
    command
        .args(args)
        .env("EVENTGRAPH_DB", db)
        .env("EVENTGRAPH_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn ingest(dir: &Path, db: &Path) -> Command {
    eventgraph(&["ingest", dir.to_str().expect("path")], db)
}

/// Per article (by content hash): its mentions and evidence.
async fn per_article(db: &Path) -> PerArticle {
    let store = Store::open(db).await.expect("open");
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(store.sqlite_pool().expect("SQLite"))
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
    .fetch_all(store.sqlite_pool().expect("SQLite"))
    .await
    .expect("articles");
    let orphans: i64 = sqlx::query(
        "SELECT count(*) FROM events e WHERE NOT EXISTS \
         (SELECT 1 FROM event_evidence v WHERE v.event_id = e.id)",
    )
    .fetch_one(store.sqlite_pool().expect("SQLite"))
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
        .fetch_one(store.sqlite_pool().expect("SQLite"))
        .await
        .expect("count")
        .get(0)
}

type PerArticle = BTreeMap<String, (i64, i64)>;

/// Every stored article has exactly what the clean run gave it.
fn assert_no_partial_article(stored: &PerArticle, reference: &PerArticle, round: usize) {
    for (hash, counts) in stored {
        assert_eq!(
            reference.get(hash),
            Some(counts),
            "round {round}: article {hash} is partial"
        );
    }
}

/// Ingesting again made the store the reference: the same articles, nothing twice.
async fn assert_completed(db: &Path, reference: &PerArticle, events: i64, round: usize) {
    assert_eq!(
        &per_article(db).await,
        reference,
        "round {round}: completed"
    );
    assert_eq!(event_count(db).await, events, "round {round}");
}

fn rounds() -> usize {
    std::env::var("EVENTGRAPH_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

/// The generated articles, written to `dir/articles`.
fn write_articles(dir: &Path) -> (PathBuf, Vec<String>) {
    let articles = dir.join("articles");
    std::fs::create_dir(&articles).expect("mkdir");
    let mut generator = eventgraph::synth::Generator::new(5);
    let texts: Vec<String> = (0..ARTICLES).map(|_| generator.article(6)).collect();
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(articles.join(format!("{i:04}.txt")), text).expect("write");
    }
    (articles, texts)
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_ingests_leave_no_partial_article_and_resume() {
    let rounds = rounds();
    let dir = tempfile::tempdir().expect("tempdir");
    let (articles, _) = write_articles(dir.path());

    // What a clean run stores, and how long it takes.
    let reference_db = dir.path().join("reference.db");
    let started = Instant::now();
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
        assert_no_partial_article(&stored, &reference, round);
        eprintln!(
            "round {round}: killed after {at:.2?}, {} of {ARTICLES} articles stored",
            stored.len()
        );
        // Ingesting again completes the store, with nothing twice.
        assert!(ingest(&articles, &db).status().expect("run").success());
        assert_completed(&db, &reference, reference_events, round).await;
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

/// A server on a free loopback port, ready to answer.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(db: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = eventgraph(&["serve", "--addr", &format!("127.0.0.1:{port}")], db)
            .spawn()
            .expect("spawn server");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Server { child, base }
    }
}

/// Posts every article, `CLIENTS` at a time, until done or the server goes away; returns how
/// many were answered 201 or 200.
async fn post_all(base: String, texts: Vec<String>) -> usize {
    use futures_util::StreamExt;
    const CLIENTS: usize = 4;
    let client = reqwest::Client::new();
    let url = format!("{base}/v1/articles");
    futures_util::stream::iter(texts)
        .map(|text| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let response = client
                    .post(url)
                    .header("content-type", "text/plain")
                    .body(text)
                    .send()
                    .await;
                response.is_ok_and(|r| r.status().is_success())
            }
        })
        .buffer_unordered(CLIENTS)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_while_clients_post_leaves_no_partial_article_and_resumes() {
    let rounds = rounds();
    let dir = tempfile::tempdir().expect("tempdir");
    let (articles, texts) = write_articles(dir.path());
    // The command-line ingest is the reference: posted articles must be stored the same way.
    let reference_db = dir.path().join("reference.db");
    assert!(ingest(&articles, &reference_db)
        .status()
        .expect("run")
        .success());
    let reference = per_article(&reference_db).await;
    let reference_events = event_count(&reference_db).await;

    let clean_db = dir.path().join("clean.db");
    let mut server = Server::start(&clean_db).await;
    let started = Instant::now();
    assert_eq!(post_all(server.base.clone(), texts.clone()).await, ARTICLES);
    let clean_run = started.elapsed();
    server.child.kill().expect("kill");
    server.child.wait().expect("reap");
    assert_eq!(
        per_article(&clean_db).await,
        reference,
        "HTTP stores what the CLI stores"
    );

    let mut rng = fastrand::Rng::with_seed(7);
    let mut interrupted = 0;
    for round in 0..rounds {
        let db = dir.path().join(format!("server-{round}.db"));
        let mut server = Server::start(&db).await;
        let posting = tokio::spawn(post_all(server.base.clone(), texts.clone()));
        // A later server on a warm file cache finishes sooner than the clean run: kill early.
        let at = clean_run.mul_f64(0.05 + 0.5 * rng.f64());
        tokio::time::sleep(at).await;
        if server.child.try_wait().expect("poll").is_none() && !posting.is_finished() {
            interrupted += 1;
        }
        server.child.kill().expect("kill -9");
        server.child.wait().expect("reap");
        let answered = posting.await.expect("posting");
        let stored = per_article(&db).await;
        assert_no_partial_article(&stored, &reference, round);
        assert!(
            stored.len() >= answered,
            "round {round}: every answered article is stored ({answered} answered, {} stored)",
            stored.len()
        );
        eprintln!(
            "server round {round}: killed after {at:.2?}, {answered} answered, {} of {ARTICLES} stored",
            stored.len()
        );
        // Restarted, the server takes the same posts again and completes the store.
        let mut server = Server::start(&db).await;
        assert_eq!(post_all(server.base.clone(), texts.clone()).await, ARTICLES);
        server.child.kill().expect("kill");
        server.child.wait().expect("reap");
        assert_completed(&db, &reference, reference_events, round).await;
        std::fs::remove_file(&db).ok();
    }
    eprintln!(
        "{interrupted} of {rounds} server runs killed mid-ingest (a clean run takes {clean_run:.2?})"
    );
    assert!(interrupted > 0, "no server run was interrupted");
}
