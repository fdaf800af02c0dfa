//! The in-memory graph: entities and events as nodes, an edge from each event to each of its
//! participants (an event is a node, not an edge). Person-to-person and country-to-country
//! contacts are projections computed from it.
//!
//! Built from the store at start; after each committed ingest the new or merged events are
//! applied under a write lock held only for the update, so readers are never blocked for long.

pub mod export;
pub mod metrics;
pub mod query;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use petgraph::stable_graph::{NodeIndex, StableUnGraph};
use petgraph::visit::EdgeRef;

use crate::store::{EntityRow, EventRow, GraphRows, Store, StoreError};

/// Kinds of event that put people in contact.
pub const CONTACT_KINDS: &[&str] = &["call", "meeting", "visit"];

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Entity(EntityRow),
    Event(EventRow),
}

#[derive(Debug, Default)]
pub struct Graph {
    graph: StableUnGraph<Node, String>,
    entities: HashMap<i64, NodeIndex>,
    events: HashMap<i64, NodeIndex>,
    /// ISO code -> the country entity, for the country projection.
    countries: HashMap<String, i64>,
}

/// The shared, updatable graph of a running service.
#[derive(Clone, Default)]
pub struct SharedGraph(Arc<RwLock<Graph>>);

impl SharedGraph {
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let rows = store.graph_rows().await?;
        Ok(Self(Arc::new(RwLock::new(Graph::from_rows(rows)))))
    }

    /// Applies the events of one ingest (read from the store before taking the lock).
    pub async fn refresh(&self, store: &Store, event_ids: &[i64]) -> Result<(), StoreError> {
        let rows = store.graph_rows_for_events(event_ids).await?;
        let mut graph = self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        graph.apply(rows);
        Ok(())
    }

    /// Runs a read-only query on the current graph.
    pub fn read<T>(&self, f: impl FnOnce(&Graph) -> T) -> T {
        let graph = self
            .0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&graph)
    }
}

impl Graph {
    pub fn from_rows(rows: GraphRows) -> Self {
        let mut graph = Self::default();
        graph.apply(rows);
        graph
    }

    /// Inserts or replaces entities and events, and replaces the participants of the events.
    pub fn apply(&mut self, rows: GraphRows) {
        for e in rows.entities {
            if let (true, Some(code)) = (e.kind == "country", &e.country) {
                self.countries.insert(code.clone(), e.id);
            }
            match self.entities.get(&e.id) {
                Some(&ix) => self.graph[ix] = Node::Entity(e),
                None => {
                    let id = e.id;
                    let ix = self.graph.add_node(Node::Entity(e));
                    self.entities.insert(id, ix);
                }
            }
        }
        for e in rows.events {
            match self.events.get(&e.id) {
                Some(&ix) => {
                    let edges: Vec<_> = self.graph.edges(ix).map(|edge| edge.id()).collect();
                    for edge in edges {
                        self.graph.remove_edge(edge);
                    }
                    self.graph[ix] = Node::Event(e);
                }
                None => {
                    let id = e.id;
                    let ix = self.graph.add_node(Node::Event(e));
                    self.events.insert(id, ix);
                }
            }
        }
        for p in rows.participations {
            if let (Some(&event), Some(&entity)) = (
                self.events.get(&p.event_id),
                self.entities.get(&p.entity_id),
            ) {
                self.graph.add_edge(event, entity, p.role);
            }
        }
    }

    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// The country entity with an ISO code, if the store has one.
    pub fn country_entity(&self, code: &str) -> Option<&EntityRow> {
        self.countries.get(code).and_then(|id| self.entity(*id))
    }

    pub fn entity(&self, id: i64) -> Option<&EntityRow> {
        self.entities
            .get(&id)
            .and_then(|&ix| match &self.graph[ix] {
                Node::Entity(e) => Some(e),
                Node::Event(_) => None,
            })
    }

    pub fn event(&self, id: i64) -> Option<&EventRow> {
        self.events.get(&id).and_then(|&ix| match &self.graph[ix] {
            Node::Event(e) => Some(e),
            Node::Entity(_) => None,
        })
    }

    pub fn entities(&self) -> impl Iterator<Item = &EntityRow> {
        self.entities
            .values()
            .filter_map(|&ix| match &self.graph[ix] {
                Node::Entity(e) => Some(e),
                Node::Event(_) => None,
            })
    }

    pub fn events(&self) -> impl Iterator<Item = &EventRow> {
        self.events
            .values()
            .filter_map(|&ix| match &self.graph[ix] {
                Node::Event(e) => Some(e),
                Node::Entity(_) => None,
            })
    }

    /// The events an entity takes part in.
    pub fn events_of(&self, entity: i64) -> impl Iterator<Item = &EventRow> {
        let ix = self.entities.get(&entity).copied();
        ix.into_iter().flat_map(move |ix| {
            self.graph
                .neighbors(ix)
                .filter_map(move |n| match &self.graph[n] {
                    Node::Event(e) => Some(e),
                    Node::Entity(_) => None,
                })
        })
    }

    /// The participants of an event, with their roles.
    pub fn participants(&self, event: i64) -> impl Iterator<Item = (&EntityRow, &str)> {
        let ix = self.events.get(&event).copied();
        ix.into_iter().flat_map(move |ix| {
            self.graph.edges(ix).filter_map(move |edge| {
                let other = if edge.source() == ix {
                    edge.target()
                } else {
                    edge.source()
                };
                match &self.graph[other] {
                    Node::Entity(e) => Some((e, edge.weight().as_str())),
                    Node::Event(_) => None,
                }
            })
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::ParticipationRow;

    pub fn person(id: i64, name: &str, country: &str) -> EntityRow {
        EntityRow {
            id,
            kind: "person".into(),
            name: name.into(),
            country: Some(country.into()),
        }
    }

    pub fn event(id: i64, kind: &str, date: &str) -> EventRow {
        EventRow {
            id,
            kind: kind.into(),
            status: "occurred".into(),
            date_value: Some(date.into()),
            date_start: Some(date.into()),
            date_end: Some(date.into()),
            sources: vec![format!("https://example.org/{id}")],
        }
    }

    pub fn took_part(event_id: i64, entity_id: i64) -> ParticipationRow {
        ParticipationRow {
            event_id,
            entity_id,
            role: "participant".into(),
        }
    }

    /// A small world: A called B, B met C, C met D, A met E; E and D never met.
    pub fn sample() -> Graph {
        Graph::from_rows(GraphRows {
            entities: vec![
                person(1, "Ada Lind", "SE"),
                person(2, "Ben Okoro", "NG"),
                person(3, "Chen Wei", "CN"),
                person(4, "Dara Quispe", "PE"),
                person(5, "Eli Haddad", "LB"),
            ],
            events: vec![
                event(10, "call", "2024-01-05"),
                event(11, "meeting", "2024-02-10"),
                event(12, "meeting", "2024-03-15"),
                event(13, "meeting", "2024-04-20"),
                event(14, "call", "2024-05-01"),
            ],
            participations: vec![
                took_part(10, 1),
                took_part(10, 2),
                took_part(11, 2),
                took_part(11, 3),
                took_part(12, 3),
                took_part(12, 4),
                took_part(13, 1),
                took_part(13, 5),
                took_part(14, 1),
                took_part(14, 2),
            ],
        })
    }

    #[test]
    fn events_are_nodes_linked_to_participants() {
        let g = sample();
        assert_eq!((g.entity_count(), g.event_count()), (5, 5));
        let mut names: Vec<&str> = g.participants(11).map(|(e, _)| e.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, vec!["Ben Okoro", "Chen Wei"]);
        assert_eq!(g.events_of(1).count(), 3);
    }

    #[test]
    fn applying_an_event_again_replaces_its_participants() {
        let mut g = sample();
        g.apply(GraphRows {
            entities: vec![],
            events: vec![event(11, "meeting", "2024-02-11")],
            participations: vec![took_part(11, 2), took_part(11, 4)],
        });
        let mut names: Vec<&str> = g.participants(11).map(|(e, _)| e.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, vec!["Ben Okoro", "Dara Quispe"]);
        assert_eq!(
            g.event(11).and_then(|e| e.date_value.as_deref()),
            Some("2024-02-11")
        );
    }
}
