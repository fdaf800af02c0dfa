//! `eventgraph bench-graph`: a generated graph of many events in a temporary SQLite file;
//! times the rebuild, contacts, paths, PageRank and a whole-graph GEXF export, with peak
//! memory, and (with --networkx) the same path and PageRank in networkx for comparison.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::bench::peak_rss_mib;
use crate::api::{self, Config};
use crate::graph::deadline::Deadline;
use crate::graph::export::{ExportGraph, Format, Selection, Shape};
use crate::graph::query::{Metric, Projection, Window};
use crate::graph::{Graph, SharedGraph};
use crate::store::Store;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many events to generate.
    #[arg(long, default_value_t = 1_000_000)]
    events: usize,
    /// How many entities the generated events are among.
    #[arg(long, default_value_t = 100_000)]
    entities: usize,
    /// How many contacts and path queries to time.
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    /// Also time networkx (python3 with networkx, numpy and scipy) on the same graph, paths
    /// and PageRank.
    #[arg(long)]
    networkx: bool,
    /// Also time contacts and path requests over HTTP on loopback, from this many concurrent
    /// clients (comma-separated, e.g. 1,64).
    #[arg(long, value_delimiter = ',')]
    http: Vec<usize>,
    /// Keep the generated store in this file, and reuse it when it exists (skips generating
    /// and loading; --events and --entities are then ignored).
    #[arg(long, value_name = "PATH")]
    keep: Option<std::path::PathBuf>,
}

fn row(what: &str, value: String) {
    println!("{what:<44} {value}");
}

/// The `p` quantile (0..=1) of latencies sorted in ascending order; zero when there are none.
pub(super) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; run `cargo run --release -- bench-graph` for real figures");
    }
    let dir = std::env::temp_dir().join(format!("eventgraph-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = args.keep.clone().unwrap_or_else(|| dir.join("bench.db"));
    let reuse = args.keep.is_some() && db.exists();
    let store = Store::open(&db)
        .await
        .context("open the benchmark database")?;
    if reuse {
        row("reuse database", db.display().to_string());
    } else {
        let started = Instant::now();
        let rows = crate::synth::graph::rows(args.events, args.entities, 7);
        row(
            "generate rows",
            format!(
                "{:.2} s ({} events, {} entities, {} participations)",
                started.elapsed().as_secs_f64(),
                rows.events.len(),
                rows.entities.len(),
                rows.participations.len()
            ),
        );
        let started = Instant::now();
        store.bulk_load(&rows).await?;
        row(
            "load into SQLite",
            format!("{:.2} s", started.elapsed().as_secs_f64()),
        );
    }

    let (bytes, events) = store.size_per_event().await?;
    row(
        "database size",
        format!(
            "{:.0} MB, {:.0} bytes per event ({events} events)",
            bytes as f64 / 1e6,
            bytes as f64 / events.max(1) as f64
        ),
    );

    let started = Instant::now();
    let graph = Graph::load(&store).await?;
    row(
        "rebuild graph from SQLite",
        format!("{:.2} s", started.elapsed().as_secs_f64()),
    );

    let window = Window::default();
    let people: Vec<i64> = graph
        .entities()
        .filter(|e| e.kind == "person")
        .map(|e| e.id)
        .collect();
    let mut rng = fastrand::Rng::with_seed(11);
    let mut times = Vec::with_capacity(args.queries);
    for _ in 0..args.queries {
        let id = people[rng.usize(..people.len())];
        let t = Instant::now();
        std::hint::black_box(graph.contacts(id, &window));
        times.push(t.elapsed());
    }
    times.sort_unstable();
    row(
        "contacts (in process)",
        format!(
            "p50 {:?}  p99 {:?}",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        ),
    );

    let pairs: Vec<(i64, i64)> = (0..args.queries.min(300))
        .map(|_| {
            (
                people[rng.usize(..people.len())],
                people[rng.usize(..people.len())],
            )
        })
        .collect();
    let mut times = Vec::with_capacity(pairs.len());
    let mut found = 0;
    for &(a, b) in &pairs {
        let t = Instant::now();
        found += usize::from(
            !graph
                .paths(a, b, 4, 1, &window, &Deadline::none())?
                .is_empty(),
        );
        times.push(t.elapsed());
    }
    times.sort_unstable();
    let path_total: Duration = times.iter().sum();
    row(
        "path, max 4 hops (in process)",
        format!(
            "p50 {:?}  p99 {:?}  ({found}/{} found)",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            pairs.len()
        ),
    );

    let started = Instant::now();
    let ranking = graph
        .centrality(
            Metric::Pagerank,
            Projection::People,
            &window,
            10,
            &Deadline::none(),
        )?
        .ranked;
    let pagerank = started.elapsed();
    row(
        "PageRank, people projection",
        format!(
            "{:.2} s (top: {})",
            pagerank.as_secs_f64(),
            ranking.first().map_or("-".into(), |r| r.0.name.clone())
        ),
    );

    let started = Instant::now();
    let exported = ExportGraph::build(
        &graph,
        &Selection {
            shape: Shape::People,
            window: window.clone(),
            focus: None,
        },
    );
    let built = started.elapsed();
    let gexf = dir.join("graph.gexf");
    let started = Instant::now();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&gexf)?);
        exported.write(Format::Gexf, &mut out)?;
        out.flush()?;
    }
    let written = started.elapsed();
    let bytes = std::fs::metadata(&gexf)?.len() as f64;
    row(
        "GEXF export, whole people projection",
        format!(
            "{:.0} MB in {:.2} s = {:.0} MB/s writing (+{:.2} s projecting)",
            bytes / 1e6,
            written.as_secs_f64(),
            bytes / 1e6 / written.as_secs_f64(),
            built.as_secs_f64()
        ),
    );
    if let Some(peak) = peak_rss_mib() {
        row("peak memory (VmHWM)", format!("{peak:.0} MiB"));
    }

    // networkx reads the same projection, written now: the graph moves to the server below.
    let nodelink = dir.join("graph.json");
    if args.networkx {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&nodelink)?);
        exported.write(Format::NodeLink, &mut out)?;
        out.flush()?;
    }
    drop(exported);
    let graph = SharedGraph::from(graph);
    for &clients in &args.http {
        let runs = http_latency(&store, &graph, &people, &pairs, clients, args.queries).await?;
        for (name, (times, elapsed)) in runs {
            row(
                &format!("{name} over HTTP, {clients} clients"),
                format!(
                    "p50 {:?}  p99 {:?}  ({:.0} requests/s)",
                    percentile(&times, 0.5),
                    percentile(&times, 0.99),
                    times.len() as f64 / elapsed.as_secs_f64()
                ),
            );
        }
    }

    if args.networkx {
        let pair_file = dir.join("pairs.txt");
        std::fs::write(
            &pair_file,
            pairs
                .iter()
                .map(|(a, b)| format!("n{a} n{b}\n"))
                .collect::<String>(),
        )?;
        let script = r#"
import json, sys, time
import networkx as nx
g = nx.node_link_graph(json.load(open(sys.argv[1])), edges="links")
pairs = [l.split() for l in open(sys.argv[2]) if l.strip()]
t = time.perf_counter()
for a, b in pairs:
    try:
        nx.shortest_path(g, a, b)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        pass
paths = time.perf_counter() - t
t = time.perf_counter()
try:
    # 50 iterations, as here: a tolerance nothing meets, and no complaint when it is not met.
    nx.pagerank(g, alpha=0.85, max_iter=50, tol=1e-300)
except nx.PowerIterationFailedConvergence:
    pass
print(json.dumps({"paths": paths, "pagerank": time.perf_counter() - t}))
"#;
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&nodelink)
            .arg(&pair_file)
            .output()
            .context("run python3")?;
        if out.status.success() {
            let times: serde_json::Value = serde_json::from_slice(&out.stdout)?;
            let nx_paths = times["paths"].as_f64().unwrap_or(0.0);
            let nx_rank = times["pagerank"].as_f64().unwrap_or(0.0);
            row(
                "networkx shortest_path, same pairs",
                format!(
                    "{nx_paths:.2} s vs {:.2} s here: {:.1}x",
                    path_total.as_secs_f64(),
                    nx_paths / path_total.as_secs_f64().max(1e-9)
                ),
            );
            row(
                "networkx pagerank (50 iterations)",
                format!(
                    "{nx_rank:.2} s vs {:.2} s here: {:.1}x",
                    pagerank.as_secs_f64(),
                    nx_rank / pagerank.as_secs_f64().max(1e-9)
                ),
            );
        } else {
            eprintln!(
                "networkx run failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    drop(store);
    std::fs::remove_dir_all(&dir).ok();
    Ok(ExitCode::SUCCESS)
}

/// For each read endpoint timed, the latencies (sorted) and the wall time of `requests`
/// requests, `clients` at a time, against the API served on a loopback port.
async fn http_latency(
    store: &Store,
    graph: &SharedGraph,
    people: &[i64],
    pairs: &[(i64, i64)],
    clients: usize,
    requests: usize,
) -> anyhow::Result<Vec<(&'static str, (Vec<Duration>, Duration))>> {
    use futures_util::StreamExt;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = api::router(store.clone(), graph.clone(), Config::default());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let person = |i: usize| people[i * 7919 % people.len()];
    let urls = |f: &dyn Fn(usize) -> String| (0..requests).map(f).collect::<Vec<String>>();
    let endpoints: [(&'static str, Vec<String>); 4] = [
        (
            "contacts",
            urls(&|i| format!("{base}/v1/graph/contacts?entity={}", person(i))),
        ),
        (
            "path",
            urls(&|i| {
                let (a, b) = pairs[i % pairs.len()];
                format!("{base}/v1/graph/path?from={a}&to={b}&max_hops=4")
            }),
        ),
        // A dashboard's first page: one person's events, newest first.
        (
            "events list",
            urls(&|i| format!("{base}/v1/events?entity={}&limit=50", person(i))),
        ),
        (
            "entity timeline",
            urls(&|i| format!("{base}/v1/entities/{}/timeline", person(i))),
        ),
    ];
    let mut out = Vec::new();
    for (name, urls) in endpoints {
        let started = Instant::now();
        let mut times: Vec<Duration> = futures_util::stream::iter(urls)
            .map(|url| {
                let client = client.clone();
                async move {
                    let t = Instant::now();
                    let response = client.get(&url).send().await?;
                    anyhow::ensure!(
                        response.status().is_success(),
                        "{url}: {}",
                        response.status()
                    );
                    response.bytes().await?;
                    Ok(t.elapsed())
                }
            })
            .buffer_unordered(clients)
            .collect::<Vec<anyhow::Result<Duration>>>()
            .await
            .into_iter()
            .collect::<anyhow::Result<_>>()?;
        let elapsed = started.elapsed();
        times.sort_unstable();
        out.push((name, (times, elapsed)));
    }
    server.abort();
    Ok(out)
}
