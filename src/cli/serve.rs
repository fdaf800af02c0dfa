//! `eventgraph serve`: the HTTP API over the database.

use std::process::ExitCode;

use anyhow::Context;

use super::Cli;
use crate::api::{self, Config, DEFAULT_MAX_BODY_BYTES};
use crate::store::Store;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "EVENTGRAPH_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Largest request body, in bytes (an NDJSON batch may hold many articles).
    #[arg(long, env = "EVENTGRAPH_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Articles to ingest before serving (files or directories), e.g. the bundled samples/.
    #[arg(long = "ingest", value_name = "PATH")]
    ingest: Vec<std::path::PathBuf>,
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    if !args.ingest.is_empty() {
        super::ingest::ingest_paths(cli, &args.ingest).await?;
    }
    let store = Store::open(&cli.db)
        .await
        .with_context(|| format!("cannot open database {}", cli.db.display()))?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let config = Config {
        limits: cli.limits(),
        max_body_bytes: args.max_body_bytes,
    };
    tracing::info!(addr = %listener.local_addr()?, db = %cli.db.display(), "serving");
    api::serve(listener, api::app(store, config).await?).await?;
    Ok(ExitCode::SUCCESS)
}
