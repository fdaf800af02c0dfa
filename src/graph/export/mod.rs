//! Exports of the graph to visualisers: GEXF (Gephi), GraphML, Cytoscape.js, graphology
//! (sigma.js), Graphviz DOT, node-link JSON (D3, networkx), TimelineJS3, vis-timeline, CSV.
//!
//! A [`Selection`] picks the projection (people, countries, or the bipartite entity-event
//! graph), the window and optionally an ego network; [`ExportGraph`] is that selection as
//! nodes and edges; each format writes it to any `io::Write`.

mod csv_files;
mod dot;
mod gexf;
mod graphml;
mod json;
mod timeline;

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use super::deadline::Deadline;
use super::query::{by_pair, Admit, PairLink, Projection, Window};
use super::{day_text, Day, Event, Graph};
use crate::store::EntityRow;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Person-to-person contacts.
    People,
    /// Country-to-country contacts.
    Countries,
    /// Entities and events as two kinds of node, linked by participation.
    Bipartite,
}

impl Shape {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "contacts" | "people" => Some(Self::People),
            "countries" => Some(Self::Countries),
            "bipartite" => Some(Self::Bipartite),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Selection {
    pub shape: Shape,
    pub window: Window,
    /// Only the ego network of this entity, this many hops deep.
    pub focus: Option<(i64, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gexf,
    Graphml,
    Cytoscape,
    Graphology,
    Dot,
    NodeLink,
    TimelineJs,
    VisTimeline,
    CsvNodes,
    CsvEdges,
}

impl Format {
    pub const NAMES: &'static str = "gexf, graphml, cytoscape, graphology, dot, node-link, timelinejs, vis-timeline, csv-nodes, csv-edges";

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "gexf" => Self::Gexf,
            "graphml" => Self::Graphml,
            "cytoscape" => Self::Cytoscape,
            "graphology" | "sigma" => Self::Graphology,
            "dot" | "graphviz" => Self::Dot,
            "node-link" | "nodelink" | "d3" => Self::NodeLink,
            "timelinejs" => Self::TimelineJs,
            "vis-timeline" => Self::VisTimeline,
            "csv-nodes" => Self::CsvNodes,
            "csv-edges" => Self::CsvEdges,
            _ => return None,
        })
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Gexf | Self::Graphml => "application/xml",
            Self::Dot => "text/vnd.graphviz",
            Self::CsvNodes | Self::CsvEdges => "text/csv",
            _ => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Gexf => "gexf",
            Self::Graphml => "graphml",
            Self::Dot => "dot",
            Self::CsvNodes | Self::CsvEdges => "csv",
            _ => "json",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportNode {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub country: Option<String>,
    /// Days the node was active (its events' dates), for dynamic formats.
    pub dates: Vec<String>,
}

impl ExportNode {
    pub fn first(&self) -> Option<&String> {
        self.dates.first()
    }

    pub fn last(&self) -> Option<&String> {
        self.dates.last()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportEdge {
    pub id: String,
    pub source: String,
    pub target: String,
    pub source_label: String,
    pub target_label: String,
    pub weight: usize,
    pub kinds: Vec<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub events: Vec<i64>,
    pub sources: Vec<String>,
}

/// A timeline entry: one event with the names of its participants.
#[derive(Debug, Clone)]
pub struct ExportEvent {
    pub id: i64,
    pub kind: String,
    /// First and last day, YYYY-MM-DD.
    pub start: Option<String>,
    pub end: Option<String>,
    pub sources: Vec<String>,
    pub participants: Vec<String>,
    /// occurred, planned or denied.
    pub status: String,
    /// The date as reported (`2024-05-15`, `2024-05`, `2024`).
    pub date: Option<String>,
}

impl From<Event<'_>> for ExportEvent {
    fn from(e: Event<'_>) -> Self {
        Self {
            id: e.id(),
            kind: e.kind().to_string(),
            start: e.start(),
            end: e.end(),
            sources: e.sources().map(str::to_string).collect(),
            participants: e.participants().map(|(p, _)| p.name.clone()).collect(),
            status: e.status().to_string(),
            date: e.date().map(str::to_string),
        }
    }
}

/// The links a selection keeps, in output order.
enum Links {
    /// Projected pairs, one link per pair and event (see [`Graph::pair_links`]).
    Pairs(Vec<PairLink>),
    /// Bipartite: (event, entity) participations.
    Participations(Vec<(NodeIndex, NodeIndex)>),
}

/// A selection of the graph, ready to be written: compact indices into the graph, from which
/// each format draws nodes and edges one at a time, so a large export streams to its output
/// instead of being built in memory first.
pub struct ExportGraph<'g> {
    graph: &'g Graph,
    /// Entity nodes in id order, with the days they were active.
    entities: Vec<(NodeIndex, Vec<Day>)>,
    links: Links,
    /// The events in scope, in id order.
    events: Vec<NodeIndex>,
    edge_count: usize,
    /// The window and the ego network's entities, for timelines (see [`ExportGraph::events`]).
    admit: Admit,
    focus: Option<HashSet<i64>>,
}

fn entity_node(e: &EntityRow, days: &[Day]) -> ExportNode {
    ExportNode {
        id: format!("n{}", e.id),
        label: e.name.clone(),
        kind: e.kind.clone(),
        country: e.country.clone(),
        dates: days.iter().map(|d| day_text(*d)).collect(),
    }
}

impl<'g> ExportGraph<'g> {
    pub fn build(graph: &'g Graph, selection: &Selection) -> Self {
        let window = &selection.window;
        let admit = window.resolve(graph);
        // The entities in scope: all, or an ego network.
        let focus: Option<HashSet<i64>> = selection.focus.map(|(entity, depth)| {
            graph
                .neighborhood(entity, depth, usize::MAX, window, &Deadline::none())
                // Without a deadline nothing interrupts it.
                .unwrap_or_default()
                .nodes
                .iter()
                .map(|n| n.id)
                .collect()
        });
        let in_scope = |id: i64| focus.as_ref().is_none_or(|f| f.contains(&id));
        // (entity id, day) for every day an entity was active.
        let mut active: Vec<(i64, Day)> = Vec::new();
        let mut events: Vec<NodeIndex> = Vec::new();
        let (links, edge_count) = match selection.shape {
            Shape::People | Shape::Countries => {
                let projection = if selection.shape == Shape::People {
                    Projection::People
                } else {
                    Projection::Countries
                };
                let mut links = match (&focus, projection) {
                    // An ego network of people: only its own events, not the whole graph.
                    (Some(people), Projection::People) => graph.people_links_among(people, &admit),
                    _ => graph
                        .pair_links(projection, &admit, &Deadline::none())
                        .unwrap_or_default(),
                };
                links.retain(|l| in_scope(l.a) && in_scope(l.b));
                for l in &links {
                    if l.start != Day::MIN {
                        active.push((l.a, l.start));
                        active.push((l.b, l.start));
                    }
                    events.push(l.event);
                }
                let pairs = by_pair(&links).count();
                (Links::Pairs(links), pairs)
            }
            Shape::Bipartite => {
                let mut participations = Vec::new();
                for event in graph.events().filter(|e| admit.admits(e.node())) {
                    let before = participations.len();
                    for ix in event.participant_indices() {
                        let Some(entity) = graph.entity_at(ix).filter(|e| in_scope(e.id)) else {
                            continue;
                        };
                        participations.push((event.index(), ix));
                        if let Some(day) = event.start_day() {
                            active.push((entity.id, day));
                        }
                    }
                    if participations.len() > before {
                        events.push(event.index());
                    }
                }
                let id = |ix: NodeIndex| {
                    graph
                        .event_at(ix)
                        .map(|e| e.id())
                        .or_else(|| graph.entity_at(ix).map(|e| e.id))
                        .unwrap_or(0)
                };
                participations.sort_unstable_by_key(|(event, entity)| (id(*event), id(*entity)));
                let count = participations.len();
                (Links::Participations(participations), count)
            }
        };
        active.sort_unstable();
        active.dedup();
        let mut entities: Vec<(NodeIndex, Vec<Day>)> = Vec::new();
        let mut linked: HashSet<i64> = HashSet::new();
        if let Links::Pairs(links) = &links {
            linked.extend(links.iter().flat_map(|l| [l.a, l.b]));
        } else if let Links::Participations(p) = &links {
            linked.extend(
                p.iter()
                    .filter_map(|(_, e)| graph.entity_at(*e))
                    .map(|e| e.id),
            );
        }
        let mut ids: Vec<i64> = linked.into_iter().collect();
        ids.sort_unstable();
        let mut days = active.as_slice();
        for id in ids {
            let Some(ix) = graph.entity_index(id) else {
                continue;
            };
            let start = days.partition_point(|(e, _)| *e < id);
            let end = days.partition_point(|(e, _)| *e <= id);
            entities.push((ix, days[start..end].iter().map(|(_, d)| *d).collect()));
            days = &days[end..];
        }
        events.sort_unstable_by_key(|ix| graph.event_at(*ix).map(|e| e.id()));
        events.dedup();
        Self {
            graph,
            entities,
            links,
            events,
            edge_count,
            admit,
            focus,
        }
    }

    pub fn node_count(&self) -> usize {
        match self.links {
            Links::Pairs(_) => self.entities.len(),
            Links::Participations(_) => self.entities.len() + self.events.len(),
        }
    }

    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// The nodes: entities in id order, then (bipartite) the events.
    pub fn nodes(&self) -> impl Iterator<Item = ExportNode> + '_ {
        let graph = self.graph;
        let entities = self
            .entities
            .iter()
            .filter_map(move |(ix, days)| graph.entity_at(*ix).map(|e| entity_node(e, days)));
        let events = match self.links {
            Links::Pairs(_) => &[][..],
            Links::Participations(_) => &self.events[..],
        };
        entities.chain(events.iter().filter_map(move |ix| {
            let e = graph.event_at(*ix)?;
            Some(ExportNode {
                id: format!("ev{}", e.id()),
                label: format!("{} {}", e.kind(), e.date().unwrap_or(""))
                    .trim()
                    .to_string(),
                kind: e.kind().to_string(),
                country: None,
                dates: e.start().into_iter().collect(),
            })
        }))
    }

    /// The edges: one per projected pair, or one per participation.
    pub fn edges(&self) -> Box<dyn Iterator<Item = ExportEdge> + '_> {
        let graph = self.graph;
        let name = move |ix: NodeIndex| graph.entity_at(ix).map_or("", |e| e.name.as_str());
        match &self.links {
            Links::Pairs(links) => Box::new(by_pair(links).map(move |group| {
                let (a, b) = (group[0].a, group[0].b);
                let shared: Vec<Event<'_>> = group
                    .iter()
                    .filter_map(|l| graph.event_at(l.event))
                    .collect();
                let kinds: BTreeSet<&str> = shared.iter().map(|e| e.kind()).collect();
                let sources: BTreeSet<&str> = shared.iter().flat_map(|e| e.sources()).collect();
                let label = |id: i64| graph.entity(id).map_or("", |e| e.name.as_str());
                ExportEdge {
                    id: format!("e{a}-{b}"),
                    source: format!("n{a}"),
                    target: format!("n{b}"),
                    source_label: label(a).to_string(),
                    target_label: label(b).to_string(),
                    weight: shared.len(),
                    kinds: kinds.into_iter().map(str::to_string).collect(),
                    first: shared
                        .iter()
                        .filter_map(|e| e.start_day())
                        .min()
                        .map(day_text),
                    last: shared
                        .iter()
                        .filter_map(|e| e.end_day())
                        .max()
                        .map(day_text),
                    events: shared.iter().map(|e| e.id()).collect(),
                    sources: sources.into_iter().map(str::to_string).collect(),
                }
            })),
            Links::Participations(participations) => {
                Box::new(participations.iter().filter_map(move |&(event, entity)| {
                    let e = graph.event_at(event)?;
                    let party = graph.entity_at(entity)?;
                    let role = e
                        .participants()
                        .find(|(p, _)| p.id == party.id)
                        .map_or("participant", |(_, role)| role);
                    Some(ExportEdge {
                        id: format!("p{}-{}", e.id(), party.id),
                        source: format!("ev{}", e.id()),
                        target: format!("n{}", party.id),
                        source_label: format!("{} {}", e.kind(), e.date().unwrap_or(""))
                            .trim()
                            .to_string(),
                        target_label: name(entity).to_string(),
                        weight: 1,
                        kinds: vec![role.to_string()],
                        first: e.start(),
                        last: e.end(),
                        events: vec![e.id()],
                        sources: e.sources().map(str::to_string).collect(),
                    })
                }))
            }
        }
    }

    /// The events of the window, in id order, for timelines: every dated event of the window
    /// with a participant in scope, whatever the projection. A visit by one person to a
    /// country is on the timeline although it links no two people.
    pub fn events(&self) -> impl Iterator<Item = ExportEvent> + '_ {
        let graph = self.graph;
        let in_scope = |e: &Event<'_>| {
            self.focus.as_ref().is_none_or(|focus| {
                e.participant_indices()
                    .filter_map(|ix| graph.entity_at(ix))
                    .any(|p| focus.contains(&p.id))
            })
        };
        let mut events: Vec<Event<'_>> = graph
            .events()
            .filter(|e| self.admit.admits(e.node()) && in_scope(e))
            .collect();
        events.sort_unstable_by_key(|e| e.id());
        events.into_iter().map(ExportEvent::from)
    }

    pub fn write(&self, format: Format, out: &mut impl Write) -> io::Result<()> {
        match format {
            Format::Gexf => gexf::write(self, out),
            Format::Graphml => graphml::write(self, out),
            Format::Dot => dot::write(self, out),
            Format::Cytoscape => json::cytoscape(self, out),
            Format::Graphology => json::graphology(self, out),
            Format::NodeLink => json::node_link(self, out),
            Format::TimelineJs => timeline::timelinejs(self, out),
            Format::VisTimeline => timeline::vis(self, out),
            Format::CsvNodes => csv_files::nodes(self, out),
            Format::CsvEdges => csv_files::edges(self, out),
        }
    }
}

/// Writes the items as a JSON array, one at a time.
pub(crate) fn write_json_array<T: Serialize>(
    out: &mut impl Write,
    items: impl Iterator<Item = T>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &item).map_err(io::Error::other)?;
    }
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    fn selection(shape: Shape, focus: Option<(i64, usize)>) -> Selection {
        Selection {
            shape,
            window: Window::default(),
            focus,
        }
    }

    #[test]
    fn people_projection_has_one_edge_per_pair() {
        let graph = sample();
        let g = ExportGraph::build(&graph, &selection(Shape::People, None));
        assert_eq!((g.node_count(), g.edge_count()), (5, 4));
        assert_eq!((g.nodes().count(), g.edges().count()), (5, 4));
        let ab = g
            .edges()
            .find(|e| e.source == "n1" && e.target == "n2")
            .expect("Lind-Okoro");
        assert_eq!(
            (ab.weight, ab.first.as_deref(), ab.last.as_deref()),
            (2, Some("2024-01-05"), Some("2024-05-01"))
        );
        assert_eq!(
            (ab.source_label.as_str(), ab.target_label.as_str()),
            ("Ada Lind", "Ben Okoro")
        );
        let ada = g.nodes().find(|n| n.id == "n1").expect("Ada Lind");
        assert_eq!(ada.dates, vec!["2024-01-05", "2024-04-20", "2024-05-01"]);
    }

    #[test]
    fn focus_keeps_the_ego_network() {
        let graph = sample();
        let g = ExportGraph::build(&graph, &selection(Shape::People, Some((4, 1))));
        let mut ids: Vec<String> = g.nodes().map(|n| n.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec!["n3", "n4"]);
    }

    #[test]
    fn ego_links_match_the_whole_projection_cut_to_the_ego_network() {
        let graph = sample();
        let admit = Window::default().resolve(&graph);
        let whole = graph
            .pair_links(Projection::People, &admit, &Deadline::none())
            .expect("no deadline");
        for people in [vec![1, 2], vec![1, 2, 3], vec![3, 4], vec![2, 5]] {
            let people: HashSet<i64> = people.into_iter().collect();
            let key = |l: &PairLink| (l.a, l.b, l.start, l.event);
            let expected: Vec<_> = whole
                .iter()
                .filter(|l| people.contains(&l.a) && people.contains(&l.b))
                .map(key)
                .collect();
            let ego: Vec<_> = graph
                .people_links_among(&people, &admit)
                .iter()
                .map(key)
                .collect();
            assert_eq!(ego, expected, "{people:?}");
        }
        assert!(!whole.is_empty());
    }

    #[test]
    fn bipartite_links_events_to_entities() {
        let graph = sample();
        let g = ExportGraph::build(&graph, &selection(Shape::Bipartite, None));
        assert_eq!(g.nodes().filter(|n| n.id.starts_with("ev")).count(), 5);
        assert_eq!(g.node_count(), 10);
        assert_eq!((g.edges().count(), g.edge_count()), (10, 10));
        assert_eq!(g.events().count(), 5);
    }

    #[test]
    fn every_format_writes_something() {
        let graph = sample();
        let g = ExportGraph::build(&graph, &selection(Shape::People, None));
        for name in Format::NAMES.split(", ") {
            let format = Format::parse(name).expect("known format");
            let mut out = Vec::new();
            g.write(format, &mut out).expect("writes");
            let text = String::from_utf8(out).expect("UTF-8");
            assert!(
                text.contains("Ada Lind") || text.contains("n1"),
                "{name}: {text}"
            );
        }
    }
}
