//! `eventgraph query ...`: the graph questions of the HTTP API, as tables or JSON.

use std::process::ExitCode;

use anyhow::anyhow;
use serde_json::json;

use super::db::DbArg;
use super::graph_args::{self, WindowArgs};
use crate::graph::centrality::Method;
use crate::graph::deadline::Deadline;
use crate::graph::query::{Metric, Projection};
use crate::limits;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    question: Question,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    db: DbArg,
}

#[derive(clap::Subcommand, Debug)]
enum Question {
    /// Whom an entity was in contact with: how often, first and last date.
    Contacts {
        /// The entity (id or name).
        entity: String,
        /// Only the record of the pair with this entity.
        #[arg(long)]
        with: Option<String>,
    },
    /// Entities both were in contact with.
    Common {
        /// One entity (id or name).
        a: String,
        /// The other.
        b: String,
    },
    /// The shortest chains of contacts between two entities.
    Path {
        /// Where the chain starts (id or name).
        #[arg(value_name = "FROM")]
        source: String,
        /// Where it ends (id or name).
        #[arg(value_name = "TO")]
        target: String,
        /// Longest chain, 1 to 6 (default 4).
        #[arg(long)]
        max_hops: Option<String>,
        /// How many chains, 1 to 5 (default 1).
        #[arg(long)]
        k: Option<String>,
    },
    /// The ego network of an entity.
    Neighborhood {
        /// The entity (id or name).
        entity: String,
        /// Hops, 1 to 3 (default 1).
        #[arg(long)]
        depth: Option<String>,
        /// Most entities, 1 to 2000 (default 200).
        #[arg(long)]
        limit: Option<String>,
    },
    /// The most central entities: degree, pagerank, betweenness or closeness.
    Centrality {
        /// degree, pagerank, betweenness or closeness.
        #[arg(long, default_value = "degree")]
        metric: String,
        /// people or countries.
        #[arg(long, default_value = "people")]
        projection: String,
        /// How many, 1 to 500 (default 50).
        #[arg(long)]
        limit: Option<String>,
    },
    /// Groups of entities in closer contact with each other (label propagation).
    Communities {
        /// people or countries.
        #[arg(long, default_value = "people")]
        projection: String,
    },
}

/// A count read and checked as the HTTP API reads the same parameter (absent: its default).
pub(super) fn bound(bound: limits::Bound, raw: &Option<String>) -> anyhow::Result<usize> {
    bound
        .parse(raw.as_deref())
        .map_err(|e| anyhow!("--{}", e.replacen('_', "-", 1)))
}

fn projection(name: &str) -> anyhow::Result<Projection> {
    match name {
        "people" => Ok(Projection::People),
        "countries" => Ok(Projection::Countries),
        other => Err(anyhow!(
            "projection must be people or countries, got {other:?}"
        )),
    }
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let graph = graph_args::load(&store).await?;
    let window = args.window.window()?;
    let name = |id: i64| {
        graph
            .entity(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let (value, table): (serde_json::Value, Vec<String>) = match &args.question {
        Question::Contacts { entity, with } => {
            let id = graph_args::entity(&store, &graph, entity).await?;
            let mut contacts = graph.contacts(id, &window);
            if let Some(other) = with {
                let other = graph_args::entity(&store, &graph, other).await?;
                contacts.retain(|c| c.entity.id == other);
            }
            let rows = contacts
                .iter()
                .map(|c| {
                    format!(
                        "{:<32} {:>5}  {:<10} {:<10} {}",
                        c.entity.name,
                        c.count,
                        c.first.as_deref().unwrap_or("-"),
                        c.last.as_deref().unwrap_or("-"),
                        c.kinds.join(",")
                    )
                })
                .collect();
            (json!({"entity": name(id), "contacts": contacts}), rows)
        }
        Question::Common { a, b } => {
            let (a, b) = (
                graph_args::entity(&store, &graph, a).await?,
                graph_args::entity(&store, &graph, b).await?,
            );
            let common = graph.common_contacts(a, b, &window);
            let rows = common
                .iter()
                .map(|(e, na, nb)| format!("{:<32} {:>5} {:>5}", e.name, na, nb))
                .collect();
            let value = common
                .iter()
                .map(|(e, na, nb)| json!({"entity": e, "with_a": na, "with_b": nb}))
                .collect();
            (value, rows)
        }
        Question::Path {
            source,
            target,
            max_hops,
            k,
        } => {
            let (a, b) = (
                graph_args::entity(&store, &graph, source).await?,
                graph_args::entity(&store, &graph, target).await?,
            );
            let paths = graph.paths(
                a,
                b,
                bound(limits::MAX_HOPS, max_hops)?,
                bound(limits::PATHS, k)?,
                &window,
                &Deadline::none(),
            )?;
            let rows = paths
                .iter()
                .map(|p| {
                    std::iter::once(name(a))
                        .chain(
                            p.iter()
                                .map(|h| format!("({} events) {}", h.events.len(), name(h.to))),
                        )
                        .collect::<Vec<_>>()
                        .join(" -> ")
                })
                .collect();
            (json!(paths), rows)
        }
        Question::Neighborhood {
            entity,
            depth,
            limit,
        } => {
            let (depth, limit) = (
                bound(limits::DEPTH, depth)?,
                bound(limits::NEIGHBORHOOD, limit)?,
            );
            let id = graph_args::entity(&store, &graph, entity).await?;
            let network = graph.neighborhood(id, depth, limit, &window, &Deadline::none())?;
            let rows = network
                .edges
                .iter()
                .map(|e| {
                    format!(
                        "{:<32} {:<32} {:>5}",
                        name(e.source),
                        name(e.target),
                        e.weight
                    )
                })
                .collect();
            (json!(network), rows)
        }
        Question::Centrality {
            metric,
            projection: p,
            limit,
        } => {
            let m = Metric::parse(metric).ok_or_else(|| {
                anyhow!("metric must be degree, pagerank, betweenness or closeness")
            })?;
            let limit = bound(limits::PAGE, limit)?;
            let ranking = graph.centrality(m, projection(p)?, &window, limit, &Deadline::none())?;
            if let Method::Sampled { sources } = ranking.method {
                eprintln!(
                    "note: {metric} estimated from {sources} of the {} nodes",
                    ranking.nodes
                );
            }
            let ranking = ranking.ranked;
            let rows = ranking
                .iter()
                .map(|(e, s)| format!("{:<32} {:>10.4}", e.name, s))
                .collect();
            (
                json!(ranking
                    .iter()
                    .map(|(e, s)| json!({"entity": e, "score": s}))
                    .collect::<Vec<_>>()),
                rows,
            )
        }
        Question::Communities { projection: p } => {
            let groups = graph.communities(projection(p)?, &window, &Deadline::none())?;
            let rows = groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    format!(
                        "{:>3}: {}",
                        i + 1,
                        g.iter()
                            .map(|e| e.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            (json!(groups), rows)
        }
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&value)?)?;
    } else if table.is_empty() {
        eprintln!("nothing found in this window");
    } else {
        for row in table {
            outln!("{row}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
