//! `eventgraph serve`: the HTTP API over the database.

use std::process::ExitCode;

use anyhow::Context;

use super::db::DbArg;
use super::inputs::LimitArg;
use super::lexicon_arg::LexiconArg;
use crate::api::{self, Config, DEFAULT_MAX_BODY_BYTES};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "EVENTGRAPH_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Largest request body, in bytes (an NDJSON batch may hold many articles).
    #[arg(long, env = "EVENTGRAPH_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Bearer token that writes (ingest) must carry; unset, writes are open.
    #[arg(long, env = "EVENTGRAPH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Refuse every write: serve the store as it is.
    #[arg(long, env = "EVENTGRAPH_READ_ONLY")]
    read_only: bool,
    /// Origins browsers may call the API from (comma-separated, or * for any).
    #[arg(
        long = "cors-origin",
        env = "EVENTGRAPH_CORS_ORIGINS",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "EVENTGRAPH_REQUEST_TIMEOUT", default_value_t = api::DEFAULT_REQUEST_TIMEOUT.as_secs())]
    request_timeout: u64,
    /// Largest export document, in bytes; larger exports are refused (422) with a reason.
    #[arg(long, env = "EVENTGRAPH_MAX_EXPORT_BYTES", default_value_t = api::DEFAULT_MAX_EXPORT_BYTES)]
    max_export_bytes: u64,
    /// Articles to ingest before serving (files or directories), e.g. the bundled samples/.
    #[arg(long = "ingest", value_name = "PATH")]
    ingest: Vec<std::path::PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArg,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    input: LimitArg,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let extractor = args.lexicon.extractor()?;
    if !args.ingest.is_empty() {
        super::ingest::ingest_paths(
            &args.db,
            args.input.limits(),
            &args.ingest,
            extractor.clone(),
        )
        .await?;
    }
    let store = args.db.open_or_create().await?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let config = Config {
        limits: args.input.limits(),
        max_body_bytes: args.max_body_bytes,
        token: args.token.clone(),
        read_only: args.read_only,
        cors_origins: args.cors_origins.clone(),
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
        max_export_bytes: args.max_export_bytes,
        extractor,
    };
    tracing::info!(addr = %listener.local_addr()?, db = %args.db.location, "serving");
    api::serve(listener, api::app(store, config).await?).await?;
    Ok(ExitCode::SUCCESS)
}
