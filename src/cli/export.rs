//! `eventgraph export --format F`: the graph for a visualiser, to stdout or a file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};

use super::db::DbArg;
use super::graph_args::{self, WindowArgs};
use crate::graph::export::{ExportGraph, Format, Selection, Shape};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// gexf, graphml, cytoscape, graphology, dot, node-link, timelinejs, vis-timeline, csv-nodes, csv-edges.
    #[arg(long)]
    format: String,
    /// contacts (person-person), countries, or bipartite (entity-event).
    #[arg(long, default_value = "contacts")]
    projection: String,
    /// Only the ego network of this entity (id or name).
    #[arg(long)]
    entity: Option<String>,
    /// Hops of the ego network, 1 to 3 (default 1).
    #[arg(long)]
    depth: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    db: DbArg,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let format = Format::parse(&args.format)
        .ok_or_else(|| anyhow!("format must be one of {}", Format::NAMES))?;
    let shape = Shape::parse(&args.projection)
        .ok_or_else(|| anyhow!("projection must be contacts, countries or bipartite"))?;
    let depth = super::query::bound(crate::limits::DEPTH, &args.depth)?;
    let store = args.db.open_existing().await?;
    let graph = graph_args::load(&store).await?;
    let focus = match &args.entity {
        Some(reference) => Some((graph_args::entity(&store, &graph, reference).await?, depth)),
        None => None,
    };
    let exported = ExportGraph::build(
        &graph,
        &Selection {
            shape,
            window: args.window.window()?,
            focus,
        },
    );
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            exported.write(format, &mut out)?;
            out.flush()?;
            eprintln!(
                "wrote {} nodes and {} edges to {}",
                exported.node_count(),
                exported.edge_count(),
                path.display()
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // A reader that stops early (`| head`) is not an error (see `stdout_error`).
            exported
                .write(format, &mut out)
                .and_then(|_| out.flush())
                .map_err(super::stdout_error)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
