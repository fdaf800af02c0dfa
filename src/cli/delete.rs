//! `eventgraph delete ARTICLE_ID`: remove an article and everything only it supports.

use std::process::ExitCode;

use super::Cli;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The article's id (as `ingest` and `POST /v1/articles` report it).
    article: i64,
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let store = super::db::open_existing(cli).await?;
    let Some(outcome) = store.delete_article(args.article).await? else {
        anyhow::bail!("no article {}", args.article);
    };
    println!("{}", serde_json::to_string(&outcome)?);
    Ok(ExitCode::SUCCESS)
}
