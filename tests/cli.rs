//! The command line as a user runs it: extract, ingest, eval, and their errors.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Engine;
use serde_json::Value;

fn eventgraph(args: &[&str], db: &(impl AsRef<std::ffi::OsStr> + ?Sized)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eventgraph"))
        .args(args)
        .env("EVENTGRAPH_DB", db)
        .env("EVENTGRAPH_LOG", "warn")
        .output()
        .expect("run eventgraph")
}

/// A fresh store on the engine for the commands to use: a SQLite file in `dir`, or a URL
/// of a new schema on the PostgreSQL test server.
async fn database(engine: Engine, dir: &Path, name: &str) -> String {
    match engine {
        Engine::Sqlite => dir.join(name).to_string_lossy().into_owned(),
        Engine::Postgres => common::engines::fresh_postgres_schema().await,
    }
}

fn fixtures() -> String {
    format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn extract_prints_one_json_line_per_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = format!("{}/call-and-meeting.txt", fixtures());
    let b = format!("{}/article.json", fixtures());
    let out = eventgraph(&["extract", &a, &b], &dir.path().join("unused.db"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["source"], a.as_str());
    assert_eq!(
        first["published"],
        serde_json::json!({"value": "2024-05-15", "from": "date line"})
    );
    for field in ["entities", "mentions", "times", "events"] {
        assert!(
            first[field].as_array().is_some_and(|v| !v.is_empty()),
            "{field}: {first}"
        );
    }
    // Offsets point into the input as read.
    let input = std::fs::read_to_string(&a).expect("fixture");
    for m in first["mentions"].as_array().expect("mentions") {
        let (s, e) = (
            m["start"].as_u64().expect("start") as usize,
            m["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&input[s..e], m["text"].as_str().expect("text"));
    }
    for t in first["times"].as_array().expect("times") {
        let (s, e) = (
            t["start"].as_u64().expect("start") as usize,
            t["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&input[s..e], t["text"].as_str().expect("text"));
    }
    assert!(
        !dir.path().join("unused.db").exists(),
        "extract needs no database"
    );
}

#[test]
fn extract_reports_bad_files_and_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b" date 2024-99-01 Headline\nBody").expect("write");
    let out = eventgraph(
        &["extract", bad.to_str().expect("path")],
        &dir.path().join("x.db"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unparseable publication date"),
        "{}",
        text(&out.stderr)
    );
    let missing = eventgraph(&["extract", "/no/such/file.txt"], &dir.path().join("x.db"));
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("/no/such/file.txt"));
}

async fn ingest_stores_reports_and_is_idempotent(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(engine, dir.path(), "events.db").await;
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).expect("mkdir");
    for name in [
        "call-and-meeting.txt",
        "same-call-other-outlet.txt",
        "no-events.txt",
    ] {
        std::fs::copy(format!("{}/{name}", fixtures()), articles.join(name)).expect("copy");
    }
    std::fs::write(
        articles.join("batch.ndjson"),
        "{\"text\": \"Officials met.\", \"url\": \"https://example.org/a\"}\n{\"text\": 5}\n",
    )
    .expect("write");
    let out = eventgraph(&["ingest", articles.to_str().expect("path")], &db);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("articles: 4 new, 0 known, 1 rejected"),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("1 merged into existing"), "{stdout}");
    assert!(
        text(&out.stderr).contains("batch.ndjson:2"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "a rejected record makes the exit status non-zero"
    );

    let again = eventgraph(
        &[
            "ingest",
            articles
                .join("call-and-meeting.txt")
                .to_str()
                .expect("path"),
        ],
        &db,
    );
    assert!(again.status.success());
    assert!(
        text(&again.stdout)
            .contains("articles: 0 new, 1 known, 0 rejected; events: 0 new, 0 merged"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn eval_prints_the_scorer_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = format!("{}/gold.jsonl", fixtures());
    let out = eventgraph(&["eval", &gold, &fixtures()], &dir.path().join("x.db"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for label in [
        "pairs    P",
        "typed    P",
        "events   P",
        "persons  P",
        "date accuracy on found contact pairs",
    ] {
        assert!(stdout.contains(label), "{label}: {stdout}");
    }
    let json = eventgraph(
        &["eval", &gold, &fixtures(), "--json"],
        &dir.path().join("x.db"),
    );
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["articles"], 3);
    assert_eq!(report["pairs"]["gold"], 3);
    assert_eq!(report["pairs"]["f1"], 1.0, "{report}");
    assert_eq!(report["events"]["f1"], 1.0, "{report}");
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    for command in ["extract", "ingest", "serve", "eval"] {
        let out = eventgraph(&[command, "--help"], &dir.path().join("x.db"));
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("Usage: eventgraph"), "{command}");
    }
}

#[test]
fn extract_says_why_it_skips_a_page_and_where_the_date_came_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let french = dir.path().join("french.txt");
    std::fs::write(&french, "La ministre des affaires étrangères a rencontré son homologue allemand mardi à Paris pour parler de la guerre et des sanctions.\n").expect("write");
    let dated = dir.path().join("dated.txt");
    std::fs::write(&dated, "Ministers meet in Oslo\nPublished: 14 May 2024\nNorwegian Foreign Minister Kari Dahl met Danish Foreign Minister Lars Holm in Oslo on Monday.\n").expect("write");
    let out = eventgraph(
        &[
            "extract",
            french.to_str().expect("path"),
            dated.to_str().expect("path"),
        ],
        &dir.path().join("x.db"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(
        lines[0]["skipped"]
            .as_str()
            .is_some_and(|s| s.contains("not English")),
        "{}",
        lines[0]
    );
    assert_eq!(lines[0]["events"], serde_json::json!([]));
    assert_eq!(
        lines[1]["published"],
        serde_json::json!({"value": "2024-05-14", "from": "published line"})
    );
    assert_eq!(lines[1]["events"][0]["date"]["value"], "2024-05-13");
}

async fn query_and_export_read_the_stored_graph(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(engine, dir.path(), "graph.db").await;
    let out = eventgraph(
        &[
            "ingest",
            &format!("{}/call-and-meeting.txt", fixtures()),
            &format!("{}/article.json", fixtures()),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let contacts = eventgraph(&["query", "contacts", "Rui Costa"], &db);
    assert!(contacts.status.success(), "{}", text(&contacts.stderr));
    let table = text(&contacts.stdout);
    assert!(
        table.starts_with("Ingrid Solberg") && table.contains("call,meeting"),
        "{table}"
    );

    let json = eventgraph(
        &["query", "contacts", "costa", "--kind", "call", "--json"],
        &db,
    );
    let value: Value = serde_json::from_slice(&json.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}{}", text(&json.stdout), text(&json.stderr)));
    assert_eq!(value["contacts"][0]["kinds"], serde_json::json!(["call"]));

    let path = eventgraph(
        &[
            "query",
            "path",
            "Rui Costa",
            "Ingrid Solberg",
            "--to",
            "2024-12-31",
        ],
        &db,
    );
    assert!(
        text(&path.stdout).contains("Rui Costa -> (2 events) Ingrid Solberg"),
        "{}{}",
        text(&path.stdout),
        text(&path.stderr)
    );

    let unknown = eventgraph(&["query", "contacts", "Nobody Atall"], &db);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("no entity named"));

    let gexf = dir.path().join("out.gexf");
    let export = eventgraph(
        &[
            "export",
            "--format",
            "gexf",
            "--output",
            gexf.to_str().expect("path"),
        ],
        &db,
    );
    assert!(export.status.success(), "{}", text(&export.stderr));
    let xml = std::fs::read_to_string(&gexf).expect("gexf written");
    assert!(
        xml.contains("mode=\"dynamic\"")
            && xml.contains("Ingrid Solberg")
            && xml.contains("Aino Virtanen"),
        "{xml}"
    );
    let bad = eventgraph(&["export", "--format", "pdf"], &db);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("format must be one of"));
}

#[test]
fn backup_copies_the_database_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    let out = eventgraph(&["ingest", &fixtures()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let copy = dir.path().join("copy.db");
    let out = eventgraph(&["backup", copy.to_str().expect("path")], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The copy answers the same queries as the original.
    let events = |db: &Path| {
        let out = eventgraph(&["query", "contacts", "Rui Costa", "--json"], db);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(events(&copy), events(&db));
    assert!(events(&copy).contains("Ingrid Solberg"));
    let again = eventgraph(&["backup", copy.to_str().expect("path")], &db);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn a_lexicon_folder_extends_the_triggers_and_a_bad_line_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("powwow.txt");
    std::fs::write(
        &article,
        " date 2024-05-15 Ministers meet\n\nChilean Foreign Minister Lucia Campos held a powwow with Polish Foreign Minister Adam Nowak on Monday.\n",
    )
    .unwrap();
    let db = dir.path().join("unused.db");
    let meetings = |out: &Output| -> usize {
        let line: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
        line["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "meeting")
            .count()
    };
    let plain = eventgraph(&["extract", article.to_str().unwrap()], &db);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    assert_eq!(meetings(&plain), 0, "powwow is no built-in trigger");

    let lexicon = dir.path().join("lexicon");
    std::fs::create_dir(&lexicon).unwrap();
    std::fs::write(
        lexicon.join("triggers.tsv"),
        "powwow\tmeeting\t0.9\t-\tfirm\n",
    )
    .unwrap();
    let extended = eventgraph(
        &[
            "extract",
            "--lexicon",
            lexicon.to_str().unwrap(),
            article.to_str().unwrap(),
        ],
        &db,
    );
    assert!(extended.status.success(), "{}", text(&extended.stderr));
    assert_eq!(meetings(&extended), 1, "{}", text(&extended.stdout));

    std::fs::write(
        lexicon.join("triggers.tsv"),
        "powwow\tmeeting\t0.9\t-\tfirm\nparley\tmeting\t0.9\n",
    )
    .unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_eventgraph"))
        .args(["extract", article.to_str().unwrap()])
        .env("EVENTGRAPH_LEXICON", &lexicon)
        .env("EVENTGRAPH_DB", &db)
        .output()
        .expect("run eventgraph");
    assert!(!bad.status.success());
    let stderr = text(&bad.stderr);
    let place = format!("{}:2:", lexicon.join("triggers.tsv").display());
    assert!(
        stderr.contains(&place) && stderr.contains("unknown event kind \"meting\""),
        "{stderr}"
    );
}

async fn an_ambiguous_name_lists_the_candidates_and_fails(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(engine, dir.path(), "namesakes.db").await;
    let location: eventgraph::store::Location = db.parse().expect("location");
    let store = eventgraph::store::Store::open_location(&location)
        .await
        .expect("store");
    store
        .bulk_load(&common::namesakes())
        .await
        .expect("bulk load");
    for args in [
        &["query", "contacts", "silva"][..],
        &["query", "path", "Silva", "Rui Costa"],
        &["export", "--format", "gexf", "--entity", "silva"],
    ] {
        let out = eventgraph(args, &db);
        assert!(!out.status.success(), "{args:?}");
        let message = text(&out.stderr);
        assert!(
            message.contains("names 2 entities")
                && message.contains("Ana Silva (id 3, person, BR)")
                && message.contains("Joao Silva (id 4, person, PT)"),
            "{args:?}: {message}"
        );
    }
    let jordan = eventgraph(&["query", "contacts", "Jordan"], &db);
    assert!(!jordan.status.success());
    assert!(
        text(&jordan.stderr).contains("Jordan (id 1, country, JO); Jordan (id 2, location, JO)"),
        "{}",
        text(&jordan.stderr)
    );
    let one = eventgraph(&["query", "contacts", "4", "--json"], &db);
    assert!(one.status.success(), "{}", text(&one.stderr));
    assert!(text(&one.stdout).contains("Rui Costa"));
}

#[tokio::test]
async fn the_command_line_accepts_and_refuses_the_bounds_of_the_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("graph.db");
    let call = format!("{}/call-and-meeting.txt", fixtures());
    let out = eventgraph(&["ingest", &call], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let app = common::TestApp::new().await;
    let (status, _) = app
        .post_text(&common::fixture("call-and-meeting.txt"))
        .await;
    assert_eq!(status, 201);

    let cases: [(&[&str], &str, &str); 7] = [
        (
            &["query", "neighborhood", "Rui Costa", "--depth", "abc"],
            "/v1/graph/neighborhood?entity=Rui%20Costa&depth=abc",
            "depth must be an integer from 1 to 3, got \"abc\"",
        ),
        (
            &["export", "--format", "gexf", "--depth", "4"],
            "/v1/export?format=gexf&depth=4",
            "depth must be an integer from 1 to 3",
        ),
        (
            &["entities", "list", "--limit", "501"],
            "/v1/entities?limit=501",
            "limit must be an integer from 1 to 500",
        ),
        (
            &["query", "neighborhood", "Rui Costa", "--depth", "5"],
            "/v1/graph/neighborhood?entity=Rui%20Costa&depth=5",
            "depth must be an integer from 1 to 3",
        ),
        (
            &["query", "neighborhood", "Rui Costa", "--limit", "2001"],
            "/v1/graph/neighborhood?entity=Rui%20Costa&limit=2001",
            "limit must be an integer from 1 to 2000",
        ),
        (
            &[
                "query",
                "path",
                "Rui Costa",
                "Ingrid Solberg",
                "--max-hops",
                "7",
            ],
            "/v1/graph/path?from=Rui%20Costa&to=Ingrid%20Solberg&max_hops=7",
            "must be an integer from 1 to 6",
        ),
        (
            &["query", "centrality", "--limit", "501"],
            "/v1/graph/centrality?limit=501",
            "limit must be an integer from 1 to 500",
        ),
    ];
    for (args, uri, reason) in cases {
        let out = eventgraph(args, &db);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(
            text(&out.stderr).contains(reason),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let (status, body) = app.get(uri).await;
        assert_eq!(status, 400, "{uri}: {body}");
        assert!(
            body["detail"].as_str().is_some_and(|d| d.contains(reason)),
            "{uri}: {body}"
        );
    }
    // The largest value each accepts is accepted by both.
    let out = eventgraph(
        &[
            "query",
            "neighborhood",
            "Rui Costa",
            "--depth",
            "3",
            "--json",
        ],
        &db,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (status, body) = app
        .get("/v1/graph/neighborhood?entity=Rui%20Costa&depth=3")
        .await;
    assert_eq!(status, 200, "{body}");
}

#[test]
fn read_commands_on_a_missing_database_fail_and_create_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("mistyped.db");
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().expect("path");
    let commands: [&[&str]; 5] = [
        &["query", "contacts", "Rui Costa"],
        &["export", "--format", "gexf"],
        &["delete", "1"],
        &["backup", copy],
        &["query", "communities"],
    ];
    for args in commands {
        let out = eventgraph(args, &missing);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("no database at {}", missing.display())),
            "{args:?}: {stderr}"
        );
        assert!(!missing.exists(), "{args:?} created the database");
    }
    // An empty file (`touch x.db`) is no store, and reading it leaves it empty.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("write");
    let out = eventgraph(&["events"], &empty);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is empty"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::metadata(&empty).expect("stat").len(), 0);
    assert!(!dir.path().join("empty.db-wal").exists());
    let out = eventgraph(&["events"], dir.path());
    assert!(
        text(&out.stderr).contains("is a folder"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn backup_creates_missing_folders_and_says_when_it_cannot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    let out = eventgraph(&["ingest", &fixtures()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let nested = dir.path().join("backups/2024/05/copy.db");
    let out = eventgraph(&["backup", nested.to_str().expect("path")], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(nested.is_file());
    // A parent that is a file cannot become a folder.
    let blocked = dir.path().join("live.db/copy.db");
    let out = eventgraph(&["backup", blocked.to_str().expect("path")], &db);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("cannot create the folder"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn events_timeline_and_search_print_what_the_endpoints_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("lists.db");
    let names = ["call-and-meeting.txt", "same-call-other-outlet.txt"];
    let app = common::TestApp::new().await;
    for name in names {
        let path = format!("{}/{name}", fixtures());
        let out = eventgraph(&["ingest", &path], &db);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let (status, _) = app.post_text(&common::fixture(name)).await;
        assert_eq!(status, 201);
    }
    let cases: [(&[&str], &str); 5] = [
        (
            &["events", "--kind", "call,meeting"],
            "/v1/events?kind=call,meeting",
        ),
        (
            &["events", "--limit", "1", "--status", "any"],
            "/v1/events?limit=1&status=any",
        ),
        (
            &["timeline", "--entity", "Rui Costa", "--bucket", "week"],
            "/v1/timeline?entity=Rui%20Costa&bucket=week",
        ),
        (
            &["timeline", "--pair", "Rui Costa,Ingrid Solberg"],
            "/v1/timeline?pair=Rui%20Costa,Ingrid%20Solberg",
        ),
        (&["search", "fisheries"], "/v1/search?q=fisheries"),
    ];
    for (args, uri) in cases {
        let out = eventgraph(args, &db);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let printed: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{args:?}: {}", text(&out.stdout)));
        let (status, body) = app.get(uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        assert_eq!(printed, body, "{args:?} against {uri}");
        let list = ["events", "results"]
            .iter()
            .find_map(|k| body[*k].as_array())
            .expect("a list");
        assert!(!list.is_empty(), "{uri}: {body}");
    }
    // The next page, from the cursor the first printed.
    let first = eventgraph(&["events", "--limit", "1"], &db);
    let first: Value = serde_json::from_slice(&first.stdout).expect("JSON");
    let cursor = first["next_cursor"].as_str().expect("more than one event");
    let next = eventgraph(&["events", "--limit", "1", "--cursor", cursor], &db);
    let next: Value = serde_json::from_slice(&next.stdout).expect("JSON");
    assert!(next["events"][0]["id"].as_i64() > first["events"][0]["id"].as_i64());

    let refusals: [(&[&str], &str); 4] = [
        (
            &["events", "--limit", "0"],
            "limit must be an integer from 1 to 500",
        ),
        (&["events", "--kind", "parley"], "unknown kind \"parley\""),
        (&["timeline", "--bucket", "week"], "give entity"),
        (&["timeline", "--entity", "Nobody Atall"], "no entity named"),
    ];
    for (args, reason) in refusals {
        let out = eventgraph(args, &db);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            text(&out.stderr).contains(reason),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn ingest_stores_the_headline_as_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("titles.db");
    let page = format!("{}/menu-lines-before-headline.txt", fixtures());
    let out = eventgraph(&["ingest", &page], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = eventgraph(&["search", "grain"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let found: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        found["results"][0]["title"], "Kenyan and Danish ministers talk grain corridors by phone",
        "{found}"
    );
}

/// The argument lines of a help text that carry no description.
fn undescribed(help: &str) -> Vec<String> {
    let lines: Vec<&str> = help.lines().collect();
    let is_arg = |l: &str| {
        let t = l.trim_start();
        l.starts_with("  ") && (t.starts_with('-') || t.starts_with('<') || t.starts_with('['))
    };
    let mut missing = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_arg(line) {
            continue;
        }
        let same_line = line
            .trim()
            .split_once("  ")
            // "[default: 4]" alone says nothing of what the argument is.
            .is_some_and(|(_, d)| !d.trim().is_empty() && !d.trim().starts_with('['));
        let next_line = lines.get(i + 1).is_some_and(|n| {
            !n.trim().is_empty()
                && !is_arg(n)
                && n.starts_with("      ")
                && !n.trim().starts_with('[')
        });
        if !same_line && !next_line {
            missing.push(line.trim().to_string());
        }
    }
    missing
}

#[test]
fn every_argument_of_every_command_is_described_and_only_where_it_is_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let uses_db = [
        "ingest", "serve", "query", "export", "delete", "backup", "events", "timeline", "search",
        "entities",
    ];
    let reads_articles = ["extract", "ingest", "serve", "bench"];
    let commands = [
        "extract",
        "ingest",
        "serve",
        "eval",
        "eval-gum",
        "query",
        "export",
        "delete",
        "backup",
        "copy",
        "bench",
        "bench-ingest",
        "bench-graph",
        "events",
        "timeline",
        "search",
        "entities",
    ];
    let mut helps: Vec<(String, String)> = Vec::new();
    for command in commands {
        let out = eventgraph(&[command, "--help"], &db);
        assert!(out.status.success(), "{command}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        assert_eq!(
            help.contains("--db <FILE|URL>"),
            uses_db.contains(&command),
            "{command} --help and --db: {help}"
        );
        assert_eq!(
            help.contains("--max-article-bytes"),
            reads_articles.contains(&command),
            "{command} --help and --max-article-bytes: {help}"
        );
        helps.push((command.to_string(), help));
    }
    for question in [
        "contacts",
        "common",
        "path",
        "neighborhood",
        "centrality",
        "communities",
    ] {
        let out = eventgraph(&["query", question, "--help"], &db);
        assert!(out.status.success());
        helps.push((format!("query {question}"), text(&out.stdout)));
    }
    for action in ["list", "merge", "split"] {
        let out = eventgraph(&["entities", action, "--help"], &db);
        assert!(out.status.success(), "entities {action}");
        let help = text(&out.stdout);
        assert!(
            help.contains("--db <FILE|URL>"),
            "entities {action}: {help}"
        );
        helps.push((format!("entities {action}"), help));
    }
    for (command, help) in &helps {
        assert!(help.contains("Usage: eventgraph"), "{command}");
        let missing = undescribed(help);
        assert!(
            missing.is_empty(),
            "{command}: no description for {missing:?}\n{help}"
        );
    }
    assert!(!db.exists(), "help opens no database");
}

#[test]
fn an_unreachable_or_unknown_database_is_a_clear_error() {
    // Port 1 on loopback: nothing listens there.
    let out = eventgraph(
        &["query", "contacts", "Rui Costa"],
        "postgres://eventgraph:s3cret@127.0.0.1:1/eventgraph",
    );
    assert!(!out.status.success());
    let message = text(&out.stderr);
    assert!(
        message.contains("cannot open database postgres://eventgraph:***@127.0.0.1:1/eventgraph")
            && message.contains("cannot connect to PostgreSQL")
            && !message.contains("s3cret")
            && !message.contains("panicked"),
        "{message}"
    );
    let out = eventgraph(&["query", "contacts", "X"], "mysql://localhost/eventgraph");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unsupported database URL scheme \"mysql\""),
        "{}",
        text(&out.stderr)
    );
}

/// `entities merge` and `entities split` correct entity resolution in the store, as the HTTP
/// routes do, and say why when they refuse.
async fn entities_are_listed_merged_and_split(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(engine, dir.path(), "merge.db").await;
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).expect("mkdir");
    std::fs::write(
        articles.join("a.txt"),
        " date 2024-07-01\nHillary Clinton met Olaf Scholz in Berlin on Monday.\n",
    )
    .expect("write");
    std::fs::write(
        articles.join("b.txt"),
        " date 2024-07-08\nBill Clinton met Emmanuel Macron in Paris on Monday.\n",
    )
    .expect("write");
    let out = eventgraph(&["ingest", articles.to_str().expect("path")], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let listed = |q: &str| -> Vec<Value> {
        let out = eventgraph(&["entities", "list", "--q", q, "--kind", "person"], &db);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    };
    let clintons = listed("clinton");
    let id = |name: &str| {
        clintons
            .iter()
            .find(|e| e["name"] == name)
            .and_then(|e| e["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} in {clintons:?}"))
            .to_string()
    };
    let (hillary, bill) = (id("Hillary Clinton"), id("Bill Clinton"));

    let itself = eventgraph(
        &["entities", "merge", &hillary, &hillary, "--reason", "x"],
        &db,
    );
    assert!(!itself.status.success());
    assert!(
        text(&itself.stderr).contains("cannot be merged into itself"),
        "{}",
        text(&itself.stderr)
    );
    let unknown = eventgraph(
        &["entities", "merge", &hillary, "999999", "--reason", "x"],
        &db,
    );
    assert!(!unknown.status.success());
    assert!(
        text(&unknown.stderr).contains("no entity 999999"),
        "{}",
        text(&unknown.stderr)
    );

    let out = eventgraph(
        &[
            "entities",
            "merge",
            &hillary,
            &bill,
            "--reason",
            "one Clinton here",
        ],
        &db,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let merge: Value = serde_json::from_str(text(&out.stdout).trim()).expect("JSON");
    assert_eq!(merge["reason"], "one Clinton here");
    assert_eq!(merge["merged_id"].to_string(), bill);
    let names: Vec<Value> = listed("clinton")
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(names, ["Hillary Clinton"]);
    let contacts = eventgraph(&["query", "contacts", &hillary], &db);
    assert!(
        text(&contacts.stdout).contains("Emmanuel Macron"),
        "{}",
        text(&contacts.stdout)
    );

    let merge_id = merge["id"].to_string();
    let out = eventgraph(&["entities", "split", &merge_id], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"split_at\":\"20"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(listed("bill clinton")[0]["id"].to_string(), bill);
    let again = eventgraph(&["entities", "split", &merge_id], &db);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("split already"),
        "{}",
        text(&again.stderr)
    );
}

on_both_engines!(
    entities_are_listed_merged_and_split,
    ingest_stores_reports_and_is_idempotent,
    query_and_export_read_the_stored_graph,
    an_ambiguous_name_lists_the_candidates_and_fails,
);

/// A reader that stops early (`eventgraph events | head`) ends the command quietly, without a
/// panic: what it wanted, it has.
#[test]
fn a_closed_output_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("pipe.db");
    let samples = format!("{}/samples", env!("CARGO_MANIFEST_DIR"));
    assert!(eventgraph(&["ingest", &samples], &db).status.success());
    for args in [
        &["events", "--limit", "500"][..],
        &["entities", "list", "--limit", "500"],
        &["query", "contacts", "Matthias Brenner", "--json"],
        &["extract", samples.as_str()],
        &["export", "--format", "gexf"],
        &["eval", &format!("{samples}/gold.jsonl"), samples.as_str()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventgraph"))
            .args(args)
            .env("EVENTGRAPH_DB", &db)
            .env("EVENTGRAPH_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run eventgraph");
        // Closed before the command writes (it opens the store first).
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {stderr}");
    }
}
