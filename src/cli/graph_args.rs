//! Arguments shared by `eventgraph query` and `eventgraph export`: the window and names.

use anyhow::anyhow;

use crate::graph::query::Window;
use crate::graph::resolve::resolve;
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

/// An entity id from an id or a name (see [`crate::graph::resolve`]); an unknown or
/// ambiguous name is an error that lists near spellings or the candidates.
pub async fn entity(store: &Store, graph: &Graph, reference: &str) -> anyhow::Result<i64> {
    Ok(resolve(store, graph, reference).await?.id)
}
