//! `eventgraph eval` reports exactly what the reference scorer (tools/score.py) reports for
//! the extractor's output on the shared dev corpus.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

#[test]
fn eval_agrees_with_the_reference_scorer() {
    let corpus = shared().join("corpus/dev");
    let scorer = shared().join("tools/score.py");
    if !corpus.join("gold.jsonl").exists() || !scorer.exists() {
        eprintln!(
            "skipping: {} or {} is not present",
            corpus.display(),
            scorer.display()
        );
        return;
    }
    let python = Command::new("python3").arg("--version").output();
    if python.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is missing under CI: scripts/test.sh installs it"
        );
        eprintln!("skipping: python3 is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_eventgraph");
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = corpus.join("gold.jsonl");
    let gold_text = std::fs::read_to_string(&gold).expect("gold");
    let texts: Vec<String> = gold_text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|g| {
            g["id"]
                .as_str()
                .map(|id| corpus.join(format!("{id}.txt")).display().to_string())
        })
        .collect();
    let extract = Command::new(bin)
        .arg("extract")
        .args(&texts)
        .env("EVENTGRAPH_LOG", "warn")
        .output()
        .expect("extract");
    assert!(
        extract.status.success(),
        "{}",
        String::from_utf8_lossy(&extract.stderr)
    );
    let system = dir.path().join("system.jsonl");
    std::fs::write(&system, &extract.stdout).expect("write system output");

    let reference = Command::new("python3")
        .arg(&scorer)
        .arg(&gold)
        .arg(&system)
        .arg("--json")
        .output()
        .expect("score.py");
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    let ours = Command::new(bin)
        .arg("eval")
        .arg(&gold)
        .arg(&corpus)
        .arg("--json")
        .env("EVENTGRAPH_LOG", "warn")
        .output()
        .expect("eval");
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );

    let reference: Value = serde_json::from_slice(&reference.stdout).expect("score.py JSON");
    let ours: Value = serde_json::from_slice(&ours.stdout).expect("eval JSON");
    for figure in [
        "pairs",
        "typed",
        "events",
        "persons",
        "date_accuracy",
        "articles",
        "missing",
    ] {
        assert_eq!(ours[figure], reference[figure], "{figure}");
    }
    assert!(
        ours["pairs"]["tp"].as_u64().unwrap_or(0) > 0,
        "the extractor finds some pairs: {ours}"
    );
}
