//! The in-memory graph: entities and events as nodes, an edge from each event to each of its
//! participants (an event is a node, not an edge). Person-to-person and country-to-country
//! contacts are projections computed from it.
//!
//! Built from the store at start; after each committed ingest the new or merged events are
//! applied under a write lock held only for the update, so readers are never blocked for long.

pub mod centrality;
mod contact_index;
pub mod deadline;
pub mod export;
mod follow;
pub mod metrics;
pub mod query;
pub mod resolve;
mod symbols;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use chrono::{Datelike, NaiveDate};
use petgraph::stable_graph::{NodeIndex, StableUnGraph};
use petgraph::visit::EdgeRef;

use crate::extract::EventKind;
use crate::store::{DeleteOutcome, EntityRow, EventRow, GraphRow, GraphRows, Store, StoreError};
use contact_index::ContactIndex;
pub use follow::{follow, FOLLOW_EVERY};
use symbols::{Symbol, Symbols};

/// A day as a number (days since 0001-01-01), so that windows compare integers.
pub type Day = i32;

/// The day number of a YYYY-MM-DD date (split by hand: chrono's format parser costs more
/// than the rest of a graph rebuild's per-event work).
pub fn day_number(text: &str) -> Option<Day> {
    let mut parts = text.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.num_days_from_ce())
}

pub fn day_text(day: Day) -> String {
    NaiveDate::from_num_days_from_ce_opt(day).map_or_else(String::new, |d| d.to_string())
}

/// An event as the graph keeps it: labels interned, days as numbers. At a million events
/// owned strings would cost more than the rest of the graph together.
#[derive(Debug, Clone)]
pub struct EventNode {
    id: i64,
    kind: Symbol,
    status: Symbol,
    date: Option<Symbol>,
    start: Option<Day>,
    end: Option<Day>,
    sources: Box<[Symbol]>,
}

#[derive(Debug, Clone)]
pub enum Node {
    // Boxed: entities are few, and an inline row would make every event node as large.
    Entity(Box<EntityRow>),
    Event(EventNode),
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Edge weight: the participant's role.
    graph: StableUnGraph<Node, Symbol>,
    entities: FxHashMap<i64, NodeIndex>,
    events: FxHashMap<i64, NodeIndex>,
    /// ISO code -> the country entity, for the country projection.
    countries: HashMap<String, NodeIndex>,
    /// ISO code -> the people of that country, for a country's contacts.
    people: HashMap<String, Vec<NodeIndex>>,
    /// Kinds, statuses, roles and date values.
    labels: Symbols,
    /// Where events were reported.
    sources: Symbols,
    /// The default window's people-to-people contacts; `None` during a bulk load, which
    /// builds it once at the end.
    contact_index: Option<ContactIndex>,
}

/// An event of the graph, with its labels resolved.
#[derive(Clone, Copy)]
pub struct Event<'g> {
    graph: &'g Graph,
    ix: NodeIndex,
    node: &'g EventNode,
}

impl<'g> Event<'g> {
    pub fn id(self) -> i64 {
        self.node.id
    }

    pub fn kind(self) -> &'g str {
        self.graph.labels.name(self.node.kind)
    }

    pub fn status(self) -> &'g str {
        self.graph.labels.name(self.node.status)
    }

    /// The date value as extracted ("2023-04-11", "2023-04", "2023-W15").
    pub fn date(self) -> Option<&'g str> {
        self.node.date.map(|d| self.graph.labels.name(d))
    }

    pub fn start_day(self) -> Option<Day> {
        self.node.start
    }

    pub fn end_day(self) -> Option<Day> {
        self.node.end
    }

    /// The first day the date covers, as YYYY-MM-DD.
    pub fn start(self) -> Option<String> {
        self.node.start.map(day_text)
    }

    /// The last day the date covers, as YYYY-MM-DD.
    pub fn end(self) -> Option<String> {
        self.node.end.map(day_text)
    }

    pub fn sources(self) -> impl Iterator<Item = &'g str> + 'g {
        let sources = &self.graph.sources;
        self.node.sources.iter().map(move |s| sources.name(*s))
    }

    /// The participants, with their roles.
    pub fn participants(self) -> impl Iterator<Item = (&'g EntityRow, &'g str)> + 'g {
        let graph = self.graph;
        graph.graph.edges(self.ix).filter_map(move |edge| {
            let other = if edge.source() == self.ix {
                edge.target()
            } else {
                edge.source()
            };
            graph
                .entity_at(other)
                .map(|e| (e, graph.labels.name(*edge.weight())))
        })
    }

    /// The participants' nodes.
    pub(crate) fn participant_indices(self) -> impl Iterator<Item = NodeIndex> + 'g {
        let ix = self.ix;
        self.graph.graph.edges(ix).map(move |edge| {
            if edge.source() == ix {
                edge.target()
            } else {
                edge.source()
            }
        })
    }

    pub(crate) fn node(self) -> &'g EventNode {
        self.node
    }

    pub(crate) fn index(self) -> NodeIndex {
        self.ix
    }
}

impl std::fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id())
            .field("kind", &self.kind())
            .field("date", &self.date())
            .finish()
    }
}

/// The shared, updatable graph of a running service.
///
/// Long queries take a snapshot (an `Arc` cloned under a lock held for just that) and run on
/// it for as long as they like, off the lock; short lookups read under the lock. Writers, one
/// at a time, change the graph in place when no snapshot is out, and otherwise change a copy
/// and swap it in: a long query never holds up an ingest, an ingest never changes the graph
/// under a query, and the graph is copied only while a long query runs.
#[derive(Clone, Default)]
pub struct SharedGraph {
    current: Arc<RwLock<Arc<Graph>>>,
    /// Orders updates: each reads its rows from the store and applies them before the next.
    writer: Arc<tokio::sync::Mutex<()>>,
}

impl From<Graph> for SharedGraph {
    fn from(graph: Graph) -> Self {
        Self {
            current: Arc::new(RwLock::new(Arc::new(graph))),
            writer: Arc::default(),
        }
    }
}

impl SharedGraph {
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(Graph::load(store).await?.into())
    }

    /// Applies the events of one ingest.
    pub async fn refresh(&self, store: &Store, event_ids: &[i64]) -> Result<(), StoreError> {
        let _turn = self.writer.lock().await;
        let rows = store.graph_rows_for_events(event_ids).await?;
        self.update(move |graph| graph.apply(rows)).await;
        Ok(())
    }

    /// Takes out what deleting an article removed, and brings the events it kept up to date.
    pub async fn forget(&self, store: &Store, deleted: &DeleteOutcome) -> Result<(), StoreError> {
        let _turn = self.writer.lock().await;
        let rows = store.graph_rows_for_events(&deleted.events_kept).await?;
        let deleted = deleted.clone();
        self.update(move |graph| {
            for &event in &deleted.events_deleted {
                graph.remove_event(event);
            }
            for &entity in &deleted.entities_deleted {
                graph.remove_entity(entity);
            }
            graph.apply(rows);
        })
        .await;
        Ok(())
    }

    /// Runs a change on a blocking thread (copying a large graph is CPU work); the caller
    /// holds the writer's turn.
    async fn update(&self, change: impl FnOnce(&mut Graph) + Send + 'static) {
        let current = self.current.clone();
        let applied = tokio::task::spawn_blocking(move || {
            {
                let mut slot = current.write().unwrap_or_else(|p| p.into_inner());
                if let Some(graph) = Arc::get_mut(&mut slot) {
                    change(graph);
                    return;
                }
            }
            // A query holds a snapshot: change a copy, made without holding the lock.
            let base = current.read().unwrap_or_else(|p| p.into_inner()).clone();
            let mut copy = Graph::clone(&base);
            drop(base);
            change(&mut copy);
            *current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(copy);
        })
        .await;
        if let Err(e) = applied {
            tracing::error!(error = %e, "graph update failed");
        }
    }

    /// Whether this handle is the graph's only one: the service that queried it is gone.
    fn held_once(&self) -> bool {
        Arc::strong_count(&self.current) == 1
    }

    /// The current graph, to query without holding any lock.
    pub fn snapshot(&self) -> Arc<Graph> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Runs a short read-only query under the lock (an update waits for it): no snapshot, so
    /// an update meanwhile does not copy the graph.
    pub fn read<T>(&self, f: impl FnOnce(&Graph) -> T) -> T {
        let graph = self
            .current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&graph)
    }
}

/// Short read access to a graph: a graph at hand, or a shared one under its lock.
pub trait ReadGraph {
    fn read_graph<T>(&self, f: impl FnOnce(&Graph) -> T) -> T;
}

impl ReadGraph for Graph {
    fn read_graph<T>(&self, f: impl FnOnce(&Graph) -> T) -> T {
        f(self)
    }
}

impl ReadGraph for SharedGraph {
    fn read_graph<T>(&self, f: impl FnOnce(&Graph) -> T) -> T {
        self.read(f)
    }
}

impl Graph {
    /// Everything the store holds, streamed row by row into the graph.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let mut graph = Self::default();
        store.stream_graph_rows(|row| graph.apply_row(row)).await?;
        graph.graph.shrink_to_fit();
        graph.build_contact_index();
        Ok(graph)
    }

    pub fn from_rows(rows: GraphRows) -> Self {
        let mut graph = Self::default();
        graph.apply(rows);
        graph.build_contact_index();
        graph
    }

    /// The people of an event that the default window counts as in contact (none when the
    /// event is of another kind or status), sorted.
    fn counted_parties(&self, event: NodeIndex) -> Vec<NodeIndex> {
        let Some(e) = self.event_at(event) else {
            return Vec::new();
        };
        if e.status() != "occurred"
            || !EventKind::parse(e.kind()).is_some_and(EventKind::is_contact)
        {
            return Vec::new();
        }
        let mut parties: Vec<NodeIndex> = e
            .participant_indices()
            .filter(|p| self.entity_at(*p).is_some_and(query::is_party))
            .collect();
        parties.sort_unstable();
        parties.dedup();
        parties
    }

    fn build_contact_index(&mut self) {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for &event in self.events.values() {
            let parties = self.counted_parties(event);
            for &a in &parties {
                for &b in &parties {
                    if a != b {
                        pairs.push((a.index() as u32, b.index() as u32));
                    }
                }
            }
        }
        self.contact_index = Some(ContactIndex::build(pairs));
    }

    /// Counts an event's contacts into the index (`delta` 1) or out of it (-1), once the
    /// index is built.
    fn count_contacts(&mut self, event: NodeIndex, delta: i32) {
        if self.contact_index.is_none() {
            return;
        }
        let parties = self.counted_parties(event);
        if let Some(index) = self.contact_index.as_mut() {
            index.update(&parties, delta);
        }
    }

    /// The default window's contacts of an entity, when the index is built.
    pub(crate) fn indexed_contacts(
        &self,
        entity: NodeIndex,
    ) -> Option<impl Iterator<Item = NodeIndex> + '_> {
        self.contact_index.as_ref().map(|index| index.of(entity))
    }

    /// Inserts or replaces entities and events, and replaces the participants of the events.
    pub fn apply(&mut self, rows: GraphRows) {
        let mut parties: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        for p in rows.participations {
            parties
                .entry(p.event_id)
                .or_default()
                .push((p.entity_id, p.role));
        }
        for e in rows.entities {
            self.apply_row(GraphRow::Entity(e));
        }
        for e in rows.events {
            let of_event = parties.remove(&e.id).unwrap_or_default();
            self.apply_row(GraphRow::Event(e, of_event));
        }
    }

    /// Inserts or replaces one entity, or one event with its participants.
    pub fn apply_row(&mut self, row: GraphRow) {
        match row {
            GraphRow::Expect {
                events,
                participations,
            } => {
                self.graph.reserve_nodes(events);
                self.graph.reserve_edges(participations);
                self.events.reserve(events);
            }
            GraphRow::Entity(e) => {
                let id = e.id;
                let is_country = e.kind == "country";
                let person_of = (e.kind == "person").then(|| e.country.clone()).flatten();
                let country = is_country.then(|| e.country.clone()).flatten();
                let ix = match self.entities.get(&id) {
                    Some(&ix) => {
                        if let Some(old) = self.entity_at(ix).and_then(|old| old.country.clone()) {
                            if let Some(people) = self.people.get_mut(&old) {
                                people.retain(|p| *p != ix);
                            }
                        }
                        self.graph[ix] = Node::Entity(Box::new(e));
                        ix
                    }
                    None => {
                        let ix = self.graph.add_node(Node::Entity(Box::new(e)));
                        self.entities.insert(id, ix);
                        ix
                    }
                };
                if let Some(code) = country {
                    self.countries.insert(code, ix);
                }
                if let Some(code) = person_of {
                    self.people.entry(code).or_default().push(ix);
                }
            }
            GraphRow::Event(e, parties) => {
                let node = self.event_node(e);
                let ix = match self.events.get(&node.id).copied() {
                    Some(ix) => {
                        self.count_contacts(ix, -1);
                        let edges: Vec<_> = self.graph.edges(ix).map(|edge| edge.id()).collect();
                        for edge in edges {
                            self.graph.remove_edge(edge);
                        }
                        self.graph[ix] = Node::Event(node);
                        ix
                    }
                    None => {
                        let id = node.id;
                        let ix = self.graph.add_node(Node::Event(node));
                        self.events.insert(id, ix);
                        ix
                    }
                };
                for (entity, role) in parties {
                    if let Some(&entity) = self.entities.get(&entity) {
                        let role = self.labels.intern(&role);
                        self.graph.add_edge(ix, entity, role);
                    }
                }
                self.count_contacts(ix, 1);
            }
        }
    }

    /// Removes an event and its participations.
    pub fn remove_event(&mut self, id: i64) {
        let Some(ix) = self.events.remove(&id) else {
            return;
        };
        self.count_contacts(ix, -1);
        self.graph.remove_node(ix);
    }

    /// Removes an entity (one that no event names any more).
    pub fn remove_entity(&mut self, id: i64) {
        let Some(ix) = self.entities.remove(&id) else {
            return;
        };
        if let Some(code) = self.entity_at(ix).and_then(|e| e.country.clone()) {
            if self.countries.get(&code) == Some(&ix) {
                self.countries.remove(&code);
            }
            if let Some(people) = self.people.get_mut(&code) {
                people.retain(|p| *p != ix);
            }
        }
        self.graph.remove_node(ix);
    }

    fn event_node(&mut self, e: EventRow) -> EventNode {
        EventNode {
            id: e.id,
            kind: self.labels.intern(&e.kind),
            status: self.labels.intern(&e.status),
            date: e.date_value.as_deref().map(|d| self.labels.intern(d)),
            start: e.date_start.as_deref().and_then(day_number),
            end: e.date_end.as_deref().and_then(day_number),
            sources: e.sources.iter().map(|s| self.sources.intern(s)).collect(),
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
        self.countries.get(code).and_then(|&ix| self.entity_at(ix))
    }

    pub(crate) fn country_index(&self, code: &str) -> Option<NodeIndex> {
        self.countries.get(code).copied()
    }

    /// The people of a country (ISO code).
    pub(crate) fn people_of(&self, code: &str) -> &[NodeIndex] {
        self.people.get(code).map_or(&[], Vec::as_slice)
    }

    pub fn entity(&self, id: i64) -> Option<&EntityRow> {
        self.entities.get(&id).and_then(|&ix| self.entity_at(ix))
    }

    pub(crate) fn entity_index(&self, id: i64) -> Option<NodeIndex> {
        self.entities.get(&id).copied()
    }

    pub(crate) fn entity_at(&self, ix: NodeIndex) -> Option<&EntityRow> {
        match self.graph.node_weight(ix)? {
            Node::Entity(e) => Some(e),
            Node::Event(_) => None,
        }
    }

    pub(crate) fn event_at(&self, ix: NodeIndex) -> Option<Event<'_>> {
        match self.graph.node_weight(ix)? {
            Node::Event(node) => Some(Event {
                graph: self,
                ix,
                node,
            }),
            Node::Entity(_) => None,
        }
    }

    pub fn event(&self, id: i64) -> Option<Event<'_>> {
        self.events.get(&id).and_then(|&ix| self.event_at(ix))
    }

    pub fn entities(&self) -> impl Iterator<Item = &EntityRow> {
        self.entities.values().filter_map(|&ix| self.entity_at(ix))
    }

    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        self.events.values().filter_map(|&ix| self.event_at(ix))
    }

    /// The events an entity takes part in.
    pub fn events_of(&self, entity: i64) -> impl Iterator<Item = Event<'_>> {
        self.entity_index(entity)
            .into_iter()
            .flat_map(|ix| self.events_at(ix))
    }

    pub(crate) fn events_at(&self, ix: NodeIndex) -> impl Iterator<Item = Event<'_>> {
        self.graph.neighbors(ix).filter_map(|n| self.event_at(n))
    }

    /// The participants of an event, with their roles.
    pub fn participants(&self, event: i64) -> impl Iterator<Item = (&EntityRow, &str)> {
        self.event(event).into_iter().flat_map(Event::participants)
    }

    pub(crate) fn label(&self, name: &str) -> Option<Symbol> {
        self.labels.get(name)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::deadline::Deadline;
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
        assert_eq!(g.event(11).and_then(|e| e.date()), Some("2024-02-11"));
        assert_eq!(
            g.event(11).and_then(|e| e.start()).as_deref(),
            Some("2024-02-11")
        );
    }

    #[test]
    fn the_contact_index_follows_applied_events() {
        use super::query::Window;
        let mut g = sample();
        let default = Window::default();
        // Beyond the default window the index is not used: the answers must agree.
        let bounded = Window {
            from: Some("2000-01-01".into()),
            ..Window::default()
        };
        let hops = |g: &Graph, w: &Window| {
            g.paths(5, 4, 6, 1, w, &Deadline::none())
                .unwrap()
                .first()
                .map(Vec::len)
        };
        assert_eq!(hops(&g, &default), Some(4));
        // Eli Haddad meets Dara Quispe: one hop.
        g.apply(GraphRows {
            entities: vec![],
            events: vec![event(15, "meeting", "2024-06-01")],
            participations: vec![took_part(15, 5), took_part(15, 4)],
        });
        assert_eq!(hops(&g, &default), Some(1));
        assert_eq!(hops(&g, &bounded), Some(1));
        // That meeting turns out to be only planned: back to four hops.
        let mut planned = event(15, "meeting", "2024-06-01");
        planned.status = "planned".into();
        g.apply(GraphRows {
            entities: vec![],
            events: vec![planned],
            participations: vec![took_part(15, 5), took_part(15, 4)],
        });
        assert_eq!(hops(&g, &default), Some(4));
        assert_eq!(hops(&g, &bounded), Some(4));
    }

    #[test]
    fn removed_events_and_entities_leave_the_graph_and_its_index() {
        let mut g = sample();
        // Without their call and their later call (events 10 and 14), Ada Lind and Ben Okoro
        // are no longer linked, and Ada's only contact is Eli Haddad.
        g.remove_event(10);
        g.remove_event(14);
        assert!(g.event(10).is_none());
        assert_eq!(g.events_of(1).count(), 1);
        assert!(g
            .paths(
                1,
                4,
                6,
                1,
                &super::query::Window::default(),
                &Deadline::none()
            )
            .unwrap()
            .is_empty());
        g.remove_event(13);
        g.remove_entity(5);
        assert!(g.entity(5).is_none());
        assert_eq!(g.entity_count(), 4);
        assert!(g.contacts(1, &super::query::Window::default()).is_empty());
    }
}
