//! The programs users open exports with read them: xmllint against the official GEXF 1.3 and
//! GraphML 1.0 schemas (from ../shared/schemas), networkx (read_gexf, read_graphml,
//! node_link_graph) and Graphviz's dot. Under CI (CI set) a missing program fails the test;
//! elsewhere it is skipped with a message. scripts/test.sh installs them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestApp;
use eventgraph::graph::export::{ExportGraph, Format, Selection, Shape};
use eventgraph::graph::query::Window;
use eventgraph::graph::Graph;

const ARTICLES: &[&str] = &[
    " date 2024-03-06 Sweden and Nigeria talk trade\n\nSwedish Foreign Minister Ada Lind spoke with Nigerian Foreign Minister Ben Okoro by phone on Monday, the ministry said.\n",
    " date 2024-03-13 Nigeria and China discuss ports\n\nNigerian Foreign Minister Ben Okoro met Chinese Foreign Minister Chen Wei in Abuja on Tuesday to discuss \"port\" investment & trade.\n",
    " date 2024-04-19 China and Peru sign mining accord\n\nChinese Foreign Minister Chen Wei met Peruvian Foreign Minister Dara Quispe in Lima on Friday, officials said.\n",
];

/// Exports of the test articles, written to a temporary folder.
async fn exports(dir: &Path, shape: Shape) -> Vec<(Format, PathBuf)> {
    let app = TestApp::new().await;
    for text in ARTICLES {
        let (status, body) = app.post_text(text).await;
        assert_eq!(status, 201, "{body}");
    }
    let graph = Graph::load(&app.store).await.expect("graph");
    let exported = ExportGraph::build(
        &graph,
        &Selection {
            shape,
            window: Window::default(),
            focus: None,
        },
    );
    [Format::Gexf, Format::Graphml, Format::NodeLink, Format::Dot]
        .into_iter()
        .map(|format| {
            let path = dir.join(format!("{shape:?}.{}", format.extension()));
            let mut file = std::fs::File::create(&path).expect("create");
            exported.write(format, &mut file).expect("write");
            (format, path)
        })
        .collect()
}

/// Runs a client, or says why it cannot (and fails under CI).
fn run(program: &str, args: &[&str]) -> Option<String> {
    match Command::new(program).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program} {args:?} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(
                String::from_utf8_lossy(&out.stdout).into_owned()
                    + &String::from_utf8_lossy(&out.stderr),
            )
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{program} is missing under CI ({e}): scripts/test.sh installs it"
            );
            eprintln!("skipping: {program} is not installed ({e})");
            None
        }
    }
}

fn schemas() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/schemas"));
    if dir.exists() {
        Some(dir)
    } else {
        eprintln!("skipping schema checks: {} is not present", dir.display());
        None
    }
}

#[tokio::test]
async fn xmllint_accepts_gexf_and_graphml_by_the_official_schemas() {
    let Some(schemas) = schemas() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    for shape in [Shape::People, Shape::Bipartite] {
        for (format, path) in exports(dir.path(), shape).await {
            let schema = match format {
                Format::Gexf => schemas.join("gexf-1.3/gexf.xsd"),
                Format::Graphml => schemas.join("graphml-1.0/graphml.xsd"),
                _ => continue,
            };
            if let Some(out) = run(
                "xmllint",
                &[
                    "--noout",
                    "--schema",
                    &schema.to_string_lossy(),
                    &path.to_string_lossy(),
                ],
            ) {
                assert!(out.contains("validates"), "{out}");
            }
        }
    }
}

const NETWORKX_CHECK: &str = r#"
import json, sys
import networkx as nx
gexf, graphml, nodelink = sys.argv[1:4]
for name, g in [("gexf", nx.read_gexf(gexf)), ("graphml", nx.read_graphml(graphml)),
                ("node-link", nx.node_link_graph(json.load(open(nodelink)), edges="links"))]:
    labels = sorted(str(g.nodes[n].get("label", n)) for n in g.nodes)
    edges = sorted(tuple(sorted((str(g.nodes[a].get("label", a)), str(g.nodes[b].get("label", b))))) for a, b in g.edges)
    print(name, json.dumps({"nodes": labels, "edges": edges}))
"#;

#[tokio::test]
async fn networkx_reads_the_expected_nodes_and_edges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = exports(dir.path(), Shape::People).await;
    let path = |f: Format| {
        files
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, p)| p.to_string_lossy().into_owned())
            .expect("exported")
    };
    let script = dir.path().join("check.py");
    std::fs::write(&script, NETWORKX_CHECK).expect("script");
    let Some(out) = run(
        "python3",
        &[
            &script.to_string_lossy(),
            &path(Format::Gexf),
            &path(Format::Graphml),
            &path(Format::NodeLink),
        ],
    ) else {
        return;
    };
    let expected = serde_json::json!({
        "nodes": ["Ada Lind", "Ben Okoro", "Chen Wei", "Dara Quispe"],
        "edges": [["Ada Lind", "Ben Okoro"], ["Ben Okoro", "Chen Wei"], ["Chen Wei", "Dara Quispe"]],
    });
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let (name, json) = line.split_once(' ').expect("name and JSON");
        let got: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(got, expected, "{name}");
    }
    assert_eq!(out.lines().count(), 3, "{out}");
}

#[tokio::test]
async fn graphviz_renders_the_dot_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = exports(dir.path(), Shape::People).await;
    let dot = files
        .iter()
        .find(|(f, _)| *f == Format::Dot)
        .map(|(_, p)| p.to_string_lossy().into_owned())
        .expect("dot");
    let Some(svg) = run("dot", &["-Tsvg", &dot]) else {
        return;
    };
    for name in ["Ada Lind", "Dara Quispe"] {
        assert!(svg.contains(name), "{name} missing from the SVG");
    }
    assert_eq!(svg.matches("class=\"edge\"").count(), 3);
}

/// Cytoscape.js (headless), graphology's Graph.from and TimelineJS3 (in jsdom) read the JSON
/// exports; tests/clients/js/check.mjs prints what each saw.
#[tokio::test]
async fn javascript_visualisers_read_the_json_exports() {
    let js = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/js"));
    if !js.join("node_modules").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tests/clients/js/node_modules is missing under CI: scripts/test.sh runs npm ci there"
        );
        eprintln!("skipping: run `npm ci --prefix tests/clients/js` first");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let app = TestApp::new().await;
    for text in ARTICLES {
        app.post_text(text).await;
    }
    let graph = Graph::load(&app.store).await.expect("graph");
    let exported = ExportGraph::build(
        &graph,
        &Selection {
            shape: Shape::People,
            window: Window::default(),
            focus: None,
        },
    );
    let mut files = Vec::new();
    for format in [Format::Cytoscape, Format::Graphology, Format::TimelineJs] {
        let path = dir.path().join(format!("{format:?}.json"));
        exported
            .write(format, &mut std::fs::File::create(&path).expect("create"))
            .expect("write");
        files.push(path.to_string_lossy().into_owned());
    }
    let script = js.join("check.mjs").to_string_lossy().into_owned();
    let Some(out) = run("node", &[&script, &files[0], &files[1], &files[2]]) else {
        return;
    };
    let lines: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let nodes = serde_json::json!(["Ada Lind", "Ben Okoro", "Chen Wei", "Dara Quispe"]);
    let edges = serde_json::json!([
        "Ada Lind ~ Ben Okoro",
        "Ben Okoro ~ Chen Wei",
        "Chen Wei ~ Dara Quispe"
    ]);
    for client in ["cytoscape", "graphology"] {
        let seen = lines
            .iter()
            .find(|l| l["client"] == client)
            .unwrap_or_else(|| panic!("{client} printed nothing: {out}"));
        assert_eq!(
            (&seen["nodes"], &seen["edges"]),
            (&nodes, &edges),
            "{client}"
        );
    }
    let timeline = lines
        .iter()
        .find(|l| l["client"] == "timelinejs")
        .unwrap_or_else(|| panic!("timelinejs printed nothing: {out}"));
    assert_eq!(timeline["valid"], true);
    assert_eq!(
        timeline["dates"],
        serde_json::json!(["2024-3-4", "2024-3-12", "2024-4-19"])
    );
    assert!(timeline["slides"].as_u64().unwrap_or(0) >= 3, "{timeline}");
}
