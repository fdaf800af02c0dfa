//! `eventgraph bench-ingest`: end-to-end ingest of generated articles into a fresh SQLite
//! file (or, with `--postgres URL`, a fresh schema in that PostgreSQL database), from one
//! client (article by article, then in batches as `eventgraph ingest` stores them) and from
//! concurrent HTTP clients posting to the API on a loopback port. Prints articles/s and
//! events/s.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::StreamExt;

use crate::api::{self, Config};
use crate::article::{parse_text, Limits};
use crate::store::Store;
use crate::synth::Generator;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many generated articles to ingest in each run.
    #[arg(long, default_value_t = 5000)]
    articles: usize,
    /// Concurrent HTTP clients (comma-separated runs, e.g. 1,8).
    #[arg(long, value_delimiter = ',', default_value = "8")]
    clients: Vec<usize>,
    /// Measure on PostgreSQL: each run goes into a new schema in this database (dropped after).
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
}

/// Where each run stores: its own new SQLite file, or its own new PostgreSQL schema.
struct Stores<'a> {
    dir: &'a std::path::Path,
    postgres: Option<&'a str>,
    schemas: Vec<String>,
}

impl Stores<'_> {
    async fn fresh(&mut self, name: &str) -> anyhow::Result<Store> {
        match self.postgres {
            None => Ok(Store::open(&self.dir.join(format!("{name}.db"))).await?),
            Some(url) => {
                let schema =
                    format!("eventgraph_bench_{}_{name}", std::process::id()).replace('-', "_");
                let scoped = crate::store::create_postgres_schema(url, &schema).await?;
                self.schemas.push(schema);
                Ok(Store::open_postgres(&scoped).await?)
            }
        }
    }

    async fn drop_all(&self) -> anyhow::Result<()> {
        if let Some(url) = self.postgres {
            for schema in &self.schemas {
                crate::store::drop_postgres_schema(url, schema).await?;
            }
        }
        Ok(())
    }
}

fn row(what: &str, articles: usize, events: usize, elapsed: Duration) {
    let s = elapsed.as_secs_f64();
    println!(
        "{what:<36} {articles:>8} articles {events:>8} events {s:>7.2} s {:>8.0} articles/s {:>8.0} events/s",
        articles as f64 / s,
        events as f64 / s
    );
}

/// Database bytes per stored event and per article (text, full-text index, mentions and
/// evidence included).
async fn print_size(store: &Store, articles: usize) -> anyhow::Result<()> {
    let (bytes, events) = store.size_per_event().await?;
    println!(
        "database: {:.1} MB, {} distinct events: {:.0} bytes per event, {:.0} per article",
        bytes as f64 / 1e6,
        events,
        bytes as f64 / events.max(1) as f64,
        bytes as f64 / articles.max(1) as f64
    );
    Ok(())
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; run `cargo run --release -- bench-ingest` for real figures");
    }
    let dir = tempfile::tempdir()?;
    let mut generator = Generator::new(17);
    let texts: Vec<String> = (0..args.articles)
        .map(|i| generator.article(4 + i % 6))
        .collect();
    let megabytes = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{} generated articles, {megabytes:.1} MB", texts.len());

    // One client: the command-line path, article after article.
    let mut stores = Stores {
        dir: dir.path(),
        postgres: args.postgres.as_deref(),
        schemas: Vec::new(),
    };
    let measured = measure(args, &texts, &mut stores).await;
    stores.drop_all().await?;
    measured
}

async fn measure(
    args: &Args,
    texts: &[String],
    stores: &mut Stores<'_>,
) -> anyhow::Result<ExitCode> {
    let store = stores
        .fresh("one")
        .await
        .context("open the benchmark database")?;
    let extractor = crate::extract::Extractor::default();
    let started = Instant::now();
    let mut events = 0;
    for text in texts {
        let article = parse_text(text.as_bytes(), Limits::default())?;
        events += crate::pipeline::ingest(&store, &extractor, article)
            .await?
            .events
            .len();
    }
    row(
        "one client, in process",
        texts.len(),
        events,
        started.elapsed(),
    );

    // The same, 64 articles per transaction, extracting the next batch while one is written
    // (what `eventgraph ingest` does).
    let store = stores.fresh("batched").await?;
    let started = Instant::now();
    let mut events = 0;
    let mut bulk = crate::pipeline::BatchIngest::new(&store, crate::extract::Extractor::default());
    let mut stored = Vec::new();
    for chunk in texts.chunks(64) {
        let articles = chunk
            .iter()
            .map(|t| parse_text(t.as_bytes(), Limits::default()))
            .collect::<Result<Vec<_>, _>>()?;
        stored.extend(bulk.push(articles).await?);
    }
    stored.extend(bulk.finish().await?);
    for outcome in stored.into_iter().flatten() {
        events += outcome?.events.len();
    }
    row(
        "one client, batches of 64",
        texts.len(),
        events,
        started.elapsed(),
    );
    print_size(&store, texts.len()).await?;

    for &clients in &args.clients {
        let store = stores.fresh(&format!("http_{clients}")).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/v1/articles", listener.local_addr()?);
        let app = api::app(store, Config::default()).await?;
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(clients)
            .build()?;
        let started = Instant::now();
        let results: Vec<anyhow::Result<usize>> = futures_util::stream::iter(texts.iter().cloned())
            .map(|text| {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    let response = client
                        .post(&url)
                        .header("content-type", "text/plain")
                        .body(text)
                        .send()
                        .await?;
                    anyhow::ensure!(response.status().is_success(), "{}", response.status());
                    let body: serde_json::Value = response.json().await?;
                    Ok(body["events"].as_array().map_or(0, Vec::len))
                }
            })
            .buffer_unordered(clients.max(1))
            .collect()
            .await;
        let elapsed = started.elapsed();
        server.abort();
        let events = results
            .into_iter()
            .collect::<anyhow::Result<Vec<usize>>>()?;
        row(
            &format!("{clients} HTTP clients"),
            events.len(),
            events.iter().sum(),
            elapsed,
        );
    }
    Ok(ExitCode::SUCCESS)
}
