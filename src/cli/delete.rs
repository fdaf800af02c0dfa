//! `eventgraph delete ARTICLE_ID`: remove an article and everything only it supports.

use std::process::ExitCode;

use super::db::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The article's id (as `ingest` and `POST /v1/articles` report it).
    article: i64,
    #[command(flatten)]
    db: DbArg,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let Some(outcome) = store.delete_article(args.article).await? else {
        anyhow::bail!("no article {}", args.article);
    };
    outln!("{}", serde_json::to_string(&outcome)?)?;
    Ok(ExitCode::SUCCESS)
}
