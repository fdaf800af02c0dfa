//! The command line: extract, ingest, serve and eval.

/// `println!` that returns the write's error instead of panicking: a closed pipe
/// (`eventgraph events | head`) then ends the command quietly (see `run`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::cli::stdout_error)
    }};
}

/// The reader of standard output went away (`| head`): the command's output, not its work,
/// was cut short.
#[derive(Debug, thiserror::Error)]
#[error("the reader of the output closed it")]
pub(crate) struct StdoutClosed;

/// A failed write to standard output: `StdoutClosed` for a closed pipe, else the error. Only
/// writes to standard output are so told apart: a broken connection to a database is a
/// failure however it reads.
pub(crate) fn stdout_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(StdoutClosed)
    } else {
        e.into()
    }
}

mod backup;
mod bench;
mod bench_graph;
mod bench_ingest;
mod bench_load;
mod copy;
mod db;
mod delete;
mod entities;
mod eval;
mod eval_gum;
mod export;
mod extract;
mod graph_args;
mod ingest;
mod inputs;
mod lexicon_arg;
mod lists;
mod query;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "eventgraph",
    version,
    about = "Turns news articles into a knowledge graph of who called, met, visited or leaked what, and when"
)]
pub struct Cli {
    /// Log filter, e.g. info or eventgraph=debug (RUST_LOG syntax).
    #[arg(long, global = true, env = "EVENTGRAPH_LOG", default_value = "info")]
    log: String,
    /// Log lines as plain text, or as one JSON object per line for log collectors.
    #[arg(long, global = true, env = "EVENTGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print what the extractor finds in each article, one JSON object per line (no database).
    Extract(extract::Args),
    /// Store articles (files, directories, NDJSON batches) and their events in the database.
    Ingest(ingest::Args),
    /// Serve the HTTP API over the database.
    Serve(serve::Args),
    /// Score the extractor against a gold file (the figures of tools/score.py).
    Eval(eval::Args),
    /// Score dates and named entities against the GUM Wikinews set (byte-offset files).
    EvalGum(eval_gum::Args),
    /// Ask the graph: contacts, common contacts, paths, neighbourhoods, centrality, communities.
    Query(query::Args),
    /// List events with filters, in pages, as JSON (what GET /v1/events answers).
    Events(lists::EventsArgs),
    /// An entity's, a pair's or a country's events in date order, with a histogram, as JSON
    /// (what GET /v1/timeline answers).
    Timeline(lists::TimelineArgs),
    /// Full-text search over the stored articles, as JSON (what GET /v1/search answers).
    Search(lists::SearchArgs),
    /// Export the graph for a visualiser (GEXF, GraphML, Cytoscape.js, DOT, ...).
    Export(export::Args),
    /// Delete an article with its mentions, and the events and entities only it supports.
    Delete(delete::Args),
    /// List entities, merge two that are one, or split a merge back.
    Entities(entities::Args),
    /// Copy the database, consistently, while it may be in use (restore: point --db at the copy).
    Backup(backup::Args),
    /// Copy every row of one store into another: SQLite to PostgreSQL, or back.
    Copy(copy::Args),
    /// Measure extraction throughput (MB/s, articles/s) and peak memory.
    Bench(bench::Args),
    /// Measure ingest into SQLite: articles/s and events/s, in process and over HTTP.
    BenchIngest(bench_ingest::Args),
    /// Measure the graph on a generated store: rebuild, contacts, paths, PageRank, GEXF export.
    BenchGraph(bench_graph::Args),
    /// Offer a fixed rate of mixed reads and article posts to a running server; latency per endpoint.
    BenchLoad(bench_load::Args),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
        // PostgreSQL's notices ("relation ... already exists, skipping" at each start) are
        // the server's chatter, not the user's business.
        .add_directive(
            "sqlx::postgres::notice=warn"
                .parse()
                .expect("a valid directive"),
        );
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => runtime().and_then(|rt| rt.block_on(ingest::run(args))),
        Command::Serve(args) => runtime().and_then(|rt| rt.block_on(serve::run(args))),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
        Command::BenchIngest(args) => runtime().and_then(|rt| rt.block_on(bench_ingest::run(args))),
        Command::BenchGraph(args) => runtime().and_then(|rt| rt.block_on(bench_graph::run(args))),
        Command::BenchLoad(args) => runtime().and_then(|rt| rt.block_on(bench_load::run(args))),
        Command::EvalGum(args) => eval_gum::run(args),
        Command::Query(args) => runtime().and_then(|rt| rt.block_on(query::run(args))),
        Command::Events(args) => runtime().and_then(|rt| rt.block_on(lists::events(args))),
        Command::Timeline(args) => runtime().and_then(|rt| rt.block_on(lists::timeline(args))),
        Command::Search(args) => runtime().and_then(|rt| rt.block_on(lists::search(args))),
        Command::Export(args) => runtime().and_then(|rt| rt.block_on(export::run(args))),
        Command::Delete(args) => runtime().and_then(|rt| rt.block_on(delete::run(args))),
        Command::Entities(args) => runtime().and_then(|rt| rt.block_on(entities::run(args))),
        Command::Backup(args) => runtime().and_then(|rt| rt.block_on(backup::run(args))),
        Command::Copy(args) => runtime().and_then(|rt| rt.block_on(copy::run(args))),
    };
    match result {
        Ok(code) => code,
        // The reader of the output went away (`| head`): what it wanted, it has.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", message(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each once: many errors repeat their cause's text in their own
/// ("database error: unable to open database file"), and the chain would say it again.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.is::<StdoutClosed>())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
