//! `eventgraph bench-load`: an open-loop load generator for a running server. Requests go out
//! on a fixed schedule whatever the server's pace, and each one's latency counts from the time
//! it was due, so a server that falls behind shows its queue in the figures instead of slowing
//! the generator down (no coordinated omission).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::bench_graph::percentile;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The server, e.g. http://127.0.0.1:8099 (loopback is what this is for).
    #[arg(long)]
    url: String,
    /// Reads per second in all, shared evenly by contacts, events list, GEXF ego export,
    /// search and entity timeline.
    #[arg(long, default_value_t = 1000.0)]
    reads: f64,
    /// Articles posted per second alongside (generated, all distinct).
    #[arg(long, default_value_t = 100.0)]
    writes: f64,
    /// Seconds of load.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// The read endpoints to share the reads among (comma-separated; all five by default).
    #[arg(long, value_delimiter = ',', default_values_t = READS.iter().map(|r| r.to_string()))]
    endpoints: Vec<String>,
    /// Entity ids read are drawn uniformly from 201..=this (the people of a store made by
    /// `bench-graph`; the first 200 are countries).
    #[arg(long, default_value_t = 100_000)]
    entities: i64,
    /// Seed of the generated articles: give each run on one store its own, or the posts are
    /// answered "known".
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Exit non-zero when the read p99 or the write p99 exceeds this many milliseconds
    /// (read:write, e.g. 10:50). Errors always fail the run.
    #[arg(long, value_name = "READ_MS:WRITE_MS")]
    targets: Option<String>,
}

/// What one endpoint's requests gave: latencies from their due time, and failures.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
    transport_errors: usize,
}

impl Tally {
    fn errors(&self) -> usize {
        self.transport_errors
            + self
                .statuses
                .iter()
                .filter(|(s, _)| !(200..300).contains(*s))
                .map(|(_, n)| n)
                .sum::<usize>()
    }
}

type Tallies = Arc<Mutex<BTreeMap<&'static str, Tally>>>;

const READS: &[&str] = &["contacts", "events", "export_gexf", "search", "timeline"];
const SEARCH_WORDS: &[&str] = &["minister", "talks", "trade", "call", "visit", "summit"];

fn read_url(base: &str, endpoint: &str, rng: &mut fastrand::Rng, entities: i64) -> String {
    let id = rng.i64(201..=entities.max(201));
    match endpoint {
        "contacts" => format!("{base}/v1/graph/contacts?entity={id}"),
        "events" => format!("{base}/v1/events?entity={id}&limit=50"),
        "export_gexf" => format!("{base}/v1/export?format=gexf&entity={id}&depth=1"),
        "search" => format!(
            "{base}/v1/search?q={}&limit=20",
            SEARCH_WORDS[rng.usize(..SEARCH_WORDS.len())]
        ),
        _ => format!("{base}/v1/entities/{id}/timeline"),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// Sends `count` requests at `rate` per second from `start`, each on its own task so a slow
/// answer never delays the next send; `request(i)` builds the i-th.
async fn offer<F>(
    start: Instant,
    rate: f64,
    count: usize,
    tallies: Tallies,
    mut request: F,
) -> Vec<tokio::task::JoinHandle<()>>
where
    F: FnMut(usize) -> (&'static str, reqwest::RequestBuilder),
{
    let mut sent = Vec::with_capacity(count);
    for i in 0..count {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due).await;
        let (endpoint, builder) = request(i);
        let tallies = tallies.clone();
        sent.push(tokio::spawn(async move {
            let outcome = match builder.send().await {
                // The answer counts once its body has arrived.
                Ok(response) => {
                    let status = response.status().as_u16();
                    response.bytes().await.map(|_| status)
                }
                Err(e) => Err(e),
            };
            let latency = due.elapsed();
            let mut tallies = tallies.lock().unwrap_or_else(|e| e.into_inner());
            let tally = tallies.entry(endpoint).or_default();
            match outcome {
                Ok(status) => {
                    *tally.statuses.entry(status).or_default() += 1;
                    tally.latencies.push(latency);
                }
                Err(_) => tally.transport_errors += 1,
            }
        }));
    }
    sent
}

fn parse_targets(spec: &str) -> anyhow::Result<(f64, f64)> {
    let (read, write) = spec
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("--targets wants READ_MS:WRITE_MS, e.g. 10:50"))?;
    Ok((read.trim().parse()?, write.trim().parse()?))
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let targets = args.targets.as_deref().map(parse_targets).transpose()?;
    let base = args.url.trim_end_matches('/').to_string();
    let reads = (args.reads * args.seconds as f64) as usize;
    let writes = (args.writes * args.seconds as f64) as usize;
    // Generated before the clock starts: making them must not eat into the schedule.
    let mut generator = crate::synth::Generator::new(args.seed);
    let articles: Vec<String> = (0..writes).map(|_| generator.article(6)).collect();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(60))
        .build()?;
    let tallies: Tallies = Arc::default();
    println!(
        "offering {} reads/s and {} articles/s for {} s to {base}",
        args.reads, args.writes, args.seconds
    );
    let start = Instant::now() + Duration::from_millis(50);
    let endpoints: Vec<&'static str> = READS
        .iter()
        .copied()
        .filter(|r| args.endpoints.iter().any(|e| e == r))
        .collect();
    anyhow::ensure!(
        !endpoints.is_empty() || reads == 0,
        "--endpoints names none of {}",
        READS.join(", ")
    );
    let readers = {
        let (client, base, tallies) = (client.clone(), base.clone(), tallies.clone());
        let entities = args.entities;
        let rate = args.reads;
        tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(5);
            offer(start, rate, reads, tallies, move |i| {
                let endpoint = endpoints[i % endpoints.len()];
                let url = read_url(&base, endpoint, &mut rng, entities);
                (endpoint, client.get(url))
            })
            .await
        })
    };
    let writers = {
        let (client, tallies) = (client.clone(), tallies.clone());
        let rate = args.writes;
        let url = format!("{base}/v1/articles");
        tokio::spawn(async move {
            offer(start, rate, writes, tallies, move |i| {
                let body = articles[i].clone();
                let post = client
                    .post(&url)
                    .header("content-type", "text/plain")
                    .body(body);
                ("post_article", post)
            })
            .await
        })
    };
    let mut sent = Vec::new();
    if writes > 0 {
        sent.extend(writers.await?);
    }
    if reads > 0 {
        sent.extend(readers.await?);
    }
    for request in sent {
        request.await?;
    }
    let elapsed = start.elapsed();

    let mut tallies = tallies.lock().unwrap_or_else(|e| e.into_inner());
    println!(
        "{:<14} {:>7} {:>8} {:>8} {:>8} {:>9} {:>7}  statuses",
        "endpoint", "count", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"
    );
    let mut failed = false;
    for (endpoint, tally) in tallies.iter_mut() {
        tally.latencies.sort_unstable();
        let l = &tally.latencies;
        let p99 = percentile(l, 0.99);
        let statuses: Vec<String> = tally
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}:{n}"))
            .collect();
        println!(
            "{endpoint:<14} {:>7} {:>8} {:>8} {:>8} {:>9} {:>7}  {}",
            l.len() + tally.transport_errors,
            ms(percentile(l, 0.5)),
            ms(percentile(l, 0.9)),
            ms(p99),
            ms(l.last().copied().unwrap_or_default()),
            tally.errors(),
            statuses.join(" ")
        );
        failed |= tally.errors() > 0;
        if let Some((read_ms, write_ms)) = targets {
            let limit = if *endpoint == "post_article" {
                write_ms
            } else {
                read_ms
            };
            if p99.as_secs_f64() * 1e3 > limit {
                println!("  {endpoint}: p99 over the target of {limit} ms");
                failed = true;
            }
        }
    }
    println!(
        "ran {:.1} s for a {} s schedule",
        elapsed.as_secs_f64(),
        args.seconds
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
