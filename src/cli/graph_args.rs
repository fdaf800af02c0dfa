//! Arguments shared by `eventgraph query` and `eventgraph export`: the window and names.

use anyhow::{anyhow, bail};

use crate::graph::query::Window;
use crate::graph::Graph;
use crate::store::Store;

#[derive(clap::Args, Debug, Clone)]
pub struct WindowArgs {
    /// Event kinds, comma-separated (default: call,meeting,visit).
    #[arg(long, global = true)]
    kind: Option<String>,
    /// occurred, planned, denied or any (default: occurred).
    #[arg(long, global = true)]
    status: Option<String>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, global = true)]
    from: Option<String>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, global = true)]
    to: Option<String>,
}

impl WindowArgs {
    pub fn window(&self) -> anyhow::Result<Window> {
        crate::api::window(
            self.kind.as_deref(),
            self.status.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
        )
        .map_err(|e| anyhow!("{e}"))
    }
}

/// Loads the whole graph from the store.
pub async fn load(store: &Store) -> anyhow::Result<Graph> {
    Ok(Graph::load(store).await?)
}

/// An entity id from an id or a name (case and accents folded, aliases included).
pub async fn entity(store: &Store, graph: &Graph, reference: &str) -> anyhow::Result<i64> {
    let ids = store.resolve_entity(reference).await?;
    let best = ids
        .iter()
        .copied()
        .filter(|id| graph.entity(*id).is_some())
        .max_by_key(|id| graph.events_of(*id).count());
    match best.or(ids.first().copied()) {
        Some(id) => Ok(id),
        None => {
            let near: Vec<String> = store
                .search_entities(reference, None, 5)
                .await?
                .into_iter()
                .map(|e| e.name)
                .collect();
            if near.is_empty() {
                bail!("no entity named {reference:?}")
            }
            bail!(
                "no entity named {reference:?}; did you mean: {}",
                near.join(", ")
            )
        }
    }
}
