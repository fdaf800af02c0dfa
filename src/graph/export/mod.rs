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

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use super::query::{Projection, Window};
use super::Graph;
use crate::store::{EntityRow, EventRow};

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
    pub event: EventRow,
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ExportGraph {
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
    pub events: Vec<ExportEvent>,
}

fn entity_node(e: &EntityRow, dates: Vec<String>) -> ExportNode {
    ExportNode {
        id: format!("n{}", e.id),
        label: e.name.clone(),
        kind: e.kind.clone(),
        country: e.country.clone(),
        dates,
    }
}

/// Entity nodes with the days they were active.
fn entity_nodes(graph: &Graph, dates: BTreeMap<i64, BTreeSet<String>>) -> Vec<ExportNode> {
    dates
        .into_iter()
        .filter_map(|(id, d)| {
            graph
                .entity(id)
                .map(|e| entity_node(e, d.into_iter().collect()))
        })
        .collect()
}

impl ExportGraph {
    pub fn build(graph: &Graph, selection: &Selection) -> Self {
        let window = &selection.window;
        // The entities in scope: all, or an ego network.
        let focus: Option<BTreeSet<i64>> = selection.focus.map(|(entity, depth)| {
            graph
                .neighborhood(entity, depth, usize::MAX, window)
                .nodes
                .iter()
                .map(|n| n.id)
                .collect()
        });
        let in_scope = |id: i64| focus.as_ref().is_none_or(|f| f.contains(&id));
        let mut out = ExportGraph::default();
        let mut events: BTreeMap<i64, &EventRow> = BTreeMap::new();
        match selection.shape {
            Shape::People | Shape::Countries => {
                let projection = if selection.shape == Shape::People {
                    Projection::People
                } else {
                    Projection::Countries
                };
                let mut dates: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
                for ((a, b), shared) in graph.pair_events(projection, window) {
                    if !(in_scope(a) && in_scope(b)) {
                        continue;
                    }
                    let event_dates: BTreeSet<String> =
                        shared.iter().filter_map(|e| e.date_start.clone()).collect();
                    dates
                        .entry(a)
                        .or_default()
                        .extend(event_dates.iter().cloned());
                    dates
                        .entry(b)
                        .or_default()
                        .extend(event_dates.iter().cloned());
                    let kinds: BTreeSet<String> = shared.iter().map(|e| e.kind.clone()).collect();
                    let sources: BTreeSet<String> = shared
                        .iter()
                        .flat_map(|e| e.sources.iter().cloned())
                        .collect();
                    out.edges.push(ExportEdge {
                        id: format!("e{a}-{b}"),
                        source: format!("n{a}"),
                        target: format!("n{b}"),
                        weight: shared.len(),
                        kinds: kinds.into_iter().collect(),
                        first: shared.iter().filter_map(|e| e.date_start.clone()).min(),
                        last: shared.iter().filter_map(|e| e.date_end.clone()).max(),
                        events: shared.iter().map(|e| e.id).collect(),
                        sources: sources.into_iter().collect(),
                    });
                    events.extend(shared.iter().map(|e| (e.id, *e)));
                }
                out.nodes = entity_nodes(graph, dates);
            }
            Shape::Bipartite => {
                let mut entity_dates: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
                for event in graph.events().filter(|e| window.admits(e)) {
                    let parties: Vec<(&EntityRow, &str)> = graph
                        .participants(event.id)
                        .filter(|(e, _)| in_scope(e.id))
                        .collect();
                    if parties.is_empty() {
                        continue;
                    }
                    for (entity, role) in parties {
                        entity_dates
                            .entry(entity.id)
                            .or_default()
                            .extend(event.date_start.clone());
                        out.edges.push(ExportEdge {
                            id: format!("p{}-{}", event.id, entity.id),
                            source: format!("ev{}", event.id),
                            target: format!("n{}", entity.id),
                            weight: 1,
                            kinds: vec![role.to_string()],
                            first: event.date_start.clone(),
                            last: event.date_end.clone(),
                            events: vec![event.id],
                            sources: event.sources.clone(),
                        });
                    }
                    events.insert(event.id, event);
                }
                out.nodes = entity_nodes(graph, entity_dates);
                out.nodes.extend(events.values().map(|e| {
                    ExportNode {
                        id: format!("ev{}", e.id),
                        label: format!("{} {}", e.kind, e.date_value.as_deref().unwrap_or(""))
                            .trim()
                            .to_string(),
                        kind: e.kind.clone(),
                        country: None,
                        dates: e.date_start.iter().cloned().collect(),
                    }
                }));
                out.edges.sort_by(|a, b| a.id.cmp(&b.id));
            }
        }
        out.events = events
            .values()
            .map(|e| ExportEvent {
                event: (*e).clone(),
                participants: graph
                    .participants(e.id)
                    .map(|(p, _)| p.name.clone())
                    .collect(),
            })
            .collect();
        out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    pub fn sample_export(shape: Shape) -> ExportGraph {
        ExportGraph::build(
            &sample(),
            &Selection {
                shape,
                window: Window::default(),
                focus: None,
            },
        )
    }

    #[test]
    fn people_projection_has_one_edge_per_pair() {
        let g = sample_export(Shape::People);
        assert_eq!(g.nodes.len(), 5);
        assert_eq!(g.edges.len(), 4);
        let ab = g
            .edges
            .iter()
            .find(|e| e.source == "n1" && e.target == "n2")
            .expect("Lind-Okoro");
        assert_eq!(
            (ab.weight, ab.first.as_deref(), ab.last.as_deref()),
            (2, Some("2024-01-05"), Some("2024-05-01"))
        );
    }

    #[test]
    fn focus_keeps_the_ego_network() {
        let g = ExportGraph::build(
            &sample(),
            &Selection {
                shape: Shape::People,
                window: Window::default(),
                focus: Some((4, 1)),
            },
        );
        let mut ids: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec!["n3", "n4"]);
    }

    #[test]
    fn bipartite_links_events_to_entities() {
        let g = sample_export(Shape::Bipartite);
        assert_eq!(g.nodes.iter().filter(|n| n.id.starts_with("ev")).count(), 5);
        assert_eq!(g.edges.len(), 10);
    }

    #[test]
    fn every_format_writes_something() {
        let g = sample_export(Shape::People);
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
