//! `eventgraph events`, `eventgraph timeline` and `eventgraph search`: the lists of
//! `/v1/events`, `/v1/timeline` and `/v1/search`, with the same parameters, bounds and JSON,
//! answered by the same code as the handlers.

use std::process::ExitCode;

use anyhow::anyhow;
use serde::Serialize;

use super::db::DbArg;
use crate::api::{self, AppError, FilterParams, SearchParams, TimelineParams};

/// The filters of `/v1/events` and `/v1/timeline`.
#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    /// Event kinds, comma-separated (call, meeting, visit, leak, ...); every kind by default.
    #[arg(long)]
    kind: Option<String>,
    /// occurred, planned, denied, or any (the default).
    #[arg(long)]
    status: Option<String>,
    /// Events this entity takes part in: an id, a name, an alias or a surname.
    #[arg(long)]
    entity: Option<String>,
    /// Events with a participant of this country (ISO 3166 alpha-2, e.g. UA).
    #[arg(long)]
    country: Option<String>,
    /// Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    to: Option<String>,
    #[command(flatten)]
    page: PageArgs,
}

/// A keyset page.
#[derive(clap::Args, Debug, Clone)]
pub struct PageArgs {
    /// The next_cursor of the previous page.
    #[arg(long)]
    cursor: Option<String>,
    /// Page size, 1 to 500 (50 by default).
    #[arg(long)]
    limit: Option<String>,
}

impl FilterArgs {
    fn params(&self) -> FilterParams {
        FilterParams {
            kind: self.kind.clone(),
            status: self.status.clone(),
            entity: self.entity.clone(),
            country: self.country.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            cursor: self.page.cursor.clone(),
            limit: self.page.limit.clone(),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    /// Two entities separated by a comma: the events both take part in.
    #[arg(long)]
    pair: Option<String>,
    /// The histogram's bucket: day, week, month (the default) or year.
    #[arg(long)]
    bucket: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words to find in the articles' text; every word must match.
    q: String,
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    db: DbArg,
}

pub async fn events(args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let graph = super::graph_args::load(&store).await?;
    let page = api::event_page(&store, &graph, &args.filter.params()).await;
    print(page)
}

pub async fn timeline(args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let graph = super::graph_args::load(&store).await?;
    let params = TimelineParams {
        filter: args.filter.params(),
        pair: args.pair.clone(),
        bucket: args.bucket.clone(),
    };
    print(api::timeline_page(&store, &graph, &params).await)
}

pub async fn search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let params = SearchParams {
        q: Some(args.q.clone()),
        cursor: args.page.cursor.clone(),
        limit: args.page.limit.clone(),
    };
    print(api::search_page(&store, &params).await)
}

/// Prints the answer as the endpoint's JSON body, or fails with the endpoint's reason.
fn print(answer: Result<impl Serialize, AppError>) -> anyhow::Result<ExitCode> {
    let value = answer.map_err(|e| match e {
        AppError::Internal(cause) => cause,
        refused => anyhow!("{refused}"),
    })?;
    outln!("{}", serde_json::to_string_pretty(&value)?)?;
    Ok(ExitCode::SUCCESS)
}
