//! Keeping a server's graph in step with the store when other processes write to it (another
//! replica, `eventgraph ingest` from another shell, `eventgraph delete`): the server reads the
//! store's change log (`graph_changes`) every `FOLLOW_EVERY` and applies what it finds. Its
//! own writes come through the log too; applying a change twice leaves the graph as once.

use std::time::Duration;

use super::SharedGraph;
use crate::store::{ChangeCursor, GraphChange, Store, StoreError};

/// How often the log is read: a row committed anywhere is in the graph within about this
/// long, plus the time to read and apply it.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(250);

impl SharedGraph {
    /// Applies changes read from the store's log: the deletions, then the entities and
    /// events as the store holds them now.
    pub async fn apply_changes(
        &self,
        store: &Store,
        changes: &[GraphChange],
    ) -> Result<(), StoreError> {
        let mut events = Vec::new();
        let mut events_gone = Vec::new();
        let mut entities_gone = Vec::new();
        let mut entities = Vec::new();
        for change in changes {
            match *change {
                GraphChange::Event(id) => events.push(id),
                GraphChange::EventDeleted(id) => events_gone.push(id),
                GraphChange::EntityDeleted(id) => entities_gone.push(id),
                GraphChange::Entity(id) => entities.push(id),
            }
        }
        events.sort_unstable();
        events.dedup();
        let _turn = self.writer.lock().await;
        // Read under the writer's turn, as `refresh` does: rows read before another update
        // must not be applied after it.
        let mut rows = store.graph_rows_for_events(&events).await?;
        rows.entities
            .extend(store.graph_rows_for_entities(&entities).await?);
        self.update(move |graph| {
            // Removals first: the rows read now are the store's current state, whatever
            // order the changes came in.
            for id in events_gone {
                graph.remove_event(id);
            }
            for id in entities_gone {
                graph.remove_entity(id);
            }
            graph.apply(rows);
        })
        .await;
        Ok(())
    }
}

/// Follows the store's log from `cursor` (taken before the graph was loaded) for as long as
/// the server runs: it stops once nothing else holds the graph. A failed read or update is
/// logged and tried again at the next tick, from the same place.
pub async fn follow(store: Store, graph: SharedGraph, mut cursor: ChangeCursor, every: Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if graph.held_once() {
            return;
        }
        // Everything there is, a page at a time.
        loop {
            let (changes, next) = match store.changes_since(cursor).await {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the store's changes failed");
                    break;
                }
            };
            if changes.is_empty() {
                cursor = next;
                break;
            }
            if let Err(e) = graph.apply_changes(&store, &changes).await {
                tracing::warn!(error = %e, "updating the graph from the store's changes failed");
                break;
            }
            cursor = next;
        }
    }
}
