//! Questions analysts ask of the graph: who met whom, common contacts, chains of contacts,
//! ego networks, centrality and communities, always within a window of kinds, status and dates.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::{NodeIndex, UnGraph};
use serde::Serialize;

use super::{Graph, CONTACT_KINDS};
use crate::store::{EntityRow, EventRow};

/// Which events count.
#[derive(Debug, Clone)]
pub struct Window {
    pub kinds: Vec<String>,
    /// `None` counts every status.
    pub status: Option<String>,
    /// Inclusive YYYY-MM-DD bounds; an event counts when its date range overlaps them.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Default for Window {
    /// Contacts that happened: calls, meetings and visits with status occurred.
    fn default() -> Self {
        Self {
            kinds: CONTACT_KINDS.iter().map(|k| k.to_string()).collect(),
            status: Some("occurred".into()),
            from: None,
            to: None,
        }
    }
}

impl Window {
    pub fn admits(&self, e: &EventRow) -> bool {
        if !self.kinds.contains(&e.kind) || self.status.as_ref().is_some_and(|s| *s != e.status) {
            return false;
        }
        // Undated events fall outside any bounded window.
        let after_from = self
            .from
            .as_ref()
            .is_none_or(|from| e.date_end.as_ref().is_some_and(|d| d >= from));
        let before_to = self
            .to
            .as_ref()
            .is_none_or(|to| e.date_start.as_ref().is_some_and(|d| d <= to));
        after_from && before_to
    }
}

/// How contacts are projected: between people (and organisations), or between countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Projection {
    People,
    Countries,
}

impl Projection {
    /// Countries are in contact with countries; everything else with people.
    pub fn for_entity(e: &EntityRow) -> Self {
        if e.kind == "country" {
            Self::Countries
        } else {
            Self::People
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRef {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub date: Option<String>,
    pub sources: Vec<String>,
}

impl From<&EventRow> for EventRef {
    fn from(e: &EventRow) -> Self {
        Self {
            id: e.id,
            kind: e.kind.clone(),
            status: e.status.clone(),
            date: e.date_value.clone(),
            sources: e.sources.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRef {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
}

impl From<&EntityRow> for EntityRef {
    fn from(e: &EntityRow) -> Self {
        Self {
            id: e.id,
            name: e.name.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
        }
    }
}

/// One contact of an entity: how often, when first and last, and the events as evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contact {
    pub entity: EntityRef,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub kinds: Vec<String>,
    pub events: Vec<EventRef>,
}

impl Graph {
    /// The projected neighbours of an entity through one admitted event.
    fn partners<'a>(
        &'a self,
        entity: &'a EntityRow,
        event: &'a EventRow,
        projection: Projection,
    ) -> Vec<&'a EntityRow> {
        let mut out: Vec<&EntityRow> = Vec::new();
        for (other, _) in self.participants(event.id) {
            if other.id == entity.id {
                continue;
            }
            let partner = match projection {
                Projection::People => {
                    (other.kind != "country" && other.kind != "location").then_some(other)
                }
                // A person stands for their country in the country projection.
                Projection::Countries => other
                    .country
                    .as_deref()
                    .and_then(|c| self.country_entity(c)),
            };
            if let Some(p) =
                partner.filter(|p| p.id != entity.id && !out.iter().any(|o| o.id == p.id))
            {
                if projection == Projection::Countries && p.country == entity.country {
                    continue;
                }
                out.push(p);
            }
        }
        out
    }

    /// The events through which an entity reaches its contacts: its own events, and for a
    /// country also the events of its people.
    fn reach_events<'a>(&'a self, entity: &'a EntityRow, window: &'a Window) -> Vec<&'a EventRow> {
        let mut events: Vec<&EventRow> = self
            .events_of(entity.id)
            .filter(|e| window.admits(e))
            .collect();
        if entity.kind == "country" {
            let code = entity.country.as_deref();
            for person in self
                .entities()
                .filter(|p| p.kind == "person" && p.country.as_deref() == code && code.is_some())
            {
                events.extend(self.events_of(person.id).filter(|e| window.admits(e)));
            }
            events.sort_by_key(|e| e.id);
            events.dedup_by_key(|e| e.id);
        }
        events
    }

    /// Who the entity was in contact with, most often first.
    pub fn contacts(&self, entity: i64, window: &Window) -> Vec<Contact> {
        let Some(me) = self.entity(entity) else {
            return Vec::new();
        };
        let projection = Projection::for_entity(me);
        let mut by_partner: BTreeMap<i64, (EntityRef, Vec<&EventRow>)> = BTreeMap::new();
        for event in self.reach_events(me, window) {
            for partner in self.partners(me, event, projection) {
                by_partner
                    .entry(partner.id)
                    .or_insert_with(|| (partner.into(), Vec::new()))
                    .1
                    .push(event);
            }
        }
        let mut contacts: Vec<Contact> = by_partner
            .into_values()
            .map(|(entity, mut events)| {
                events.sort_by(|a, b| a.date_start.cmp(&b.date_start).then(a.id.cmp(&b.id)));
                let dates: Vec<&String> = events
                    .iter()
                    .filter_map(|e| e.date_value.as_ref())
                    .collect();
                let kinds: BTreeSet<String> = events.iter().map(|e| e.kind.clone()).collect();
                Contact {
                    entity,
                    count: events.len(),
                    first: dates.first().map(|d| d.to_string()),
                    last: dates.last().map(|d| d.to_string()),
                    kinds: kinds.into_iter().collect(),
                    events: events.into_iter().map(EventRef::from).collect(),
                }
            })
            .collect();
        contacts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.entity.name.cmp(&b.entity.name))
        });
        contacts
    }

    /// Entities both `a` and `b` were in contact with.
    pub fn common_contacts(
        &self,
        a: i64,
        b: i64,
        window: &Window,
    ) -> Vec<(EntityRef, usize, usize)> {
        let of_b: HashMap<i64, usize> = self
            .contacts(b, window)
            .into_iter()
            .map(|c| (c.entity.id, c.count))
            .collect();
        self.contacts(a, window)
            .into_iter()
            .filter(|c| c.entity.id != b)
            .filter_map(|c| of_b.get(&c.entity.id).map(|&nb| (c.entity, c.count, nb)))
            .collect()
    }

    /// Projected neighbours with the events linking them, for path and ego-network searches.
    /// Lighter than [`Graph::contacts`]: ids only, no copies of the events.
    fn neighbours(&self, entity: i64, window: &Window) -> Vec<(i64, Vec<i64>)> {
        let Some(me) = self.entity(entity) else {
            return Vec::new();
        };
        if me.kind == "country" {
            return self
                .contacts(entity, window)
                .into_iter()
                .map(|c| (c.entity.id, c.events.iter().map(|e| e.id).collect()))
                .collect();
        }
        let mut by_partner: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for event in self.events_of(entity).filter(|e| window.admits(e)) {
            for (other, _) in self.participants(event.id) {
                if other.id != entity && other.kind != "country" && other.kind != "location" {
                    by_partner.entry(other.id).or_default().push(event.id);
                }
            }
        }
        by_partner
            .into_iter()
            .map(|(partner, mut events)| {
                events.sort_unstable();
                (partner, events)
            })
            .collect()
    }

    /// Up to `k` shortest chains of contacts from `from` to `to`, at most `max_hops` long;
    /// each hop carries the events that link its two ends.
    ///
    /// A breadth-first search from both ends, always widening the smaller side by one level,
    /// records for every entity the entities one hop closer to its end; where the two sides
    /// meet, the chains are read back along those links.
    pub fn paths(
        &self,
        from: i64,
        to: i64,
        max_hops: usize,
        k: usize,
        window: &Window,
    ) -> Vec<Vec<Hop>> {
        if from == to || self.entity(from).is_none() || self.entity(to).is_none() {
            return Vec::new();
        }
        let mut sides = [Side::new(from), Side::new(to)];
        let mut expanded = 0usize;
        let mut meeting: Vec<i64> = Vec::new();
        while meeting.is_empty() && sides[0].depth + sides[1].depth < max_hops {
            let grow = usize::from(sides[1].frontier.len() < sides[0].frontier.len());
            if sides[grow].frontier.is_empty() {
                break;
            }
            let reached = sides[grow].widen(self, window, &mut expanded);
            let other = &sides[1 - grow];
            meeting = reached
                .into_iter()
                .filter(|n| other.depth_of.contains_key(n))
                .collect();
            // A bound on the work one request can cause.
            if expanded > MAX_PATH_EXPANSIONS {
                break;
            }
        }
        meeting.sort_unstable();
        let mut found = Vec::new();
        for m in meeting {
            let mut left = Vec::new();
            collect_paths(&sides[0].parents, from, m, &mut Vec::new(), &mut left, k);
            let mut right = Vec::new();
            collect_paths(&sides[1].parents, to, m, &mut Vec::new(), &mut right, k);
            for l in &left {
                for r in &right {
                    let back = r.iter().rev().map(|h| Hop {
                        from: h.to,
                        to: h.from,
                        events: h.events.clone(),
                    });
                    found.push(l.iter().cloned().chain(back).collect::<Vec<Hop>>());
                    if found.len() >= k {
                        return found;
                    }
                }
            }
        }
        found
    }

    /// The ego network of an entity: contacts up to `depth` hops, at most `limit` nodes.
    pub fn neighborhood(
        &self,
        entity: i64,
        depth: usize,
        limit: usize,
        window: &Window,
    ) -> Network {
        let mut nodes: Vec<i64> = vec![entity];
        let mut seen: HashSet<i64> = HashSet::from([entity]);
        let mut edges: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
        let mut frontier = vec![entity];
        let mut truncated = false;
        for _ in 0..depth {
            let mut next = Vec::new();
            for &node in &frontier {
                for (other, events) in self.neighbours(node, window) {
                    if !seen.contains(&other) {
                        if nodes.len() >= limit {
                            truncated = true;
                            continue;
                        }
                        seen.insert(other);
                        nodes.push(other);
                        next.push(other);
                    }
                    edges
                        .entry((node.min(other), node.max(other)))
                        .or_insert(events);
                }
            }
            frontier = next;
        }
        let edges = edges
            .into_iter()
            .filter(|((a, b), _)| seen.contains(a) && seen.contains(b))
            .map(|((a, b), events)| NetworkEdge {
                source: a,
                target: b,
                weight: events.len(),
                events,
            })
            .collect();
        Network {
            nodes: nodes
                .iter()
                .filter_map(|id| self.entity(*id))
                .map(EntityRef::from)
                .collect(),
            edges,
            truncated,
        }
    }

    /// Every pair of the projection that shared an admitted event, with those events.
    pub fn pair_events(
        &self,
        projection: Projection,
        window: &Window,
    ) -> BTreeMap<(i64, i64), Vec<&EventRow>> {
        let mut pairs: BTreeMap<(i64, i64), Vec<&EventRow>> = BTreeMap::new();
        for event in self.events().filter(|e| window.admits(e)) {
            let mut parties: Vec<i64> = self
                .participants(event.id)
                .filter_map(|(e, _)| match projection {
                    Projection::People => (e.kind == "person").then_some(e.id),
                    Projection::Countries => e
                        .country
                        .as_deref()
                        .and_then(|c| self.country_entity(c))
                        .map(|c| c.id),
                })
                .collect();
            parties.sort_unstable();
            parties.dedup();
            for (i, &a) in parties.iter().enumerate() {
                for &b in &parties[i + 1..] {
                    pairs.entry((a, b)).or_default().push(event);
                }
            }
        }
        for events in pairs.values_mut() {
            events.sort_by(|a, b| a.date_start.cmp(&b.date_start).then(a.id.cmp(&b.id)));
        }
        pairs
    }

    /// The contact projection of the whole window as a petgraph graph (edge weight: shared
    /// events), for the algorithms; the second value maps node indices to entity ids.
    pub fn projection(
        &self,
        projection: Projection,
        window: &Window,
    ) -> (UnGraph<i64, usize>, Vec<i64>) {
        let mut graph = UnGraph::<i64, usize>::default();
        let mut index: HashMap<i64, NodeIndex> = HashMap::new();
        let mut ids = Vec::new();
        let mut node = |graph: &mut UnGraph<i64, usize>, id: i64| {
            *index.entry(id).or_insert_with(|| {
                ids.push(id);
                graph.add_node(id)
            })
        };
        for ((a, b), events) in self.pair_events(projection, window) {
            let (na, nb) = (node(&mut graph, a), node(&mut graph, b));
            graph.add_edge(na, nb, events.len());
        }
        (graph, ids)
    }

    /// The most central entities of the projection by a metric, highest first.
    pub fn centrality(
        &self,
        metric: Metric,
        projection: Projection,
        window: &Window,
        limit: usize,
    ) -> Result<Vec<(EntityRef, f64)>, TooLarge> {
        let (graph, ids) = self.projection(projection, window);
        // Betweenness and closeness cost a search from every node: bounded per request.
        let exact = matches!(metric, Metric::Betweenness | Metric::Closeness);
        if exact && graph.node_count() > MAX_EXACT_CENTRALITY_NODES {
            return Err(TooLarge {
                nodes: graph.node_count(),
                limit: MAX_EXACT_CENTRALITY_NODES,
            });
        }
        let scores: Vec<f64> = match metric {
            Metric::Degree => graph
                .node_indices()
                .map(|n| graph.neighbors(n).count() as f64)
                .collect(),
            Metric::Pagerank => super::metrics::pagerank(&graph, 0.85, 50),
            Metric::Betweenness => {
                rustworkx_core::centrality::betweenness_centrality(&graph, false, true, 200)
                    .into_iter()
                    .map(|s| s.unwrap_or(0.0))
                    .collect()
            }
            Metric::Closeness => {
                rustworkx_core::centrality::closeness_centrality(&graph, true, 200)
                    .into_iter()
                    .map(|s| s.unwrap_or(0.0))
                    .collect()
            }
        };
        let mut ranked: Vec<(EntityRef, f64)> = ids
            .iter()
            .zip(scores)
            .filter_map(|(id, score)| self.entity(*id).map(|e| (EntityRef::from(e), score)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.name.cmp(&b.0.name)));
        ranked.truncate(limit);
        Ok(ranked)
    }

    /// Communities of the projection by label propagation: each node takes the label most
    /// common among its neighbours (weighted), ties to the smallest, until nothing changes.
    pub fn communities(&self, projection: Projection, window: &Window) -> Vec<Vec<EntityRef>> {
        let (graph, ids) = self.projection(projection, window);
        let mut labels: Vec<usize> = (0..graph.node_count()).collect();
        for _ in 0..MAX_PROPAGATION_ROUNDS {
            let mut changed = false;
            for n in graph.node_indices() {
                let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
                for edge in graph.edges(n) {
                    use petgraph::visit::EdgeRef;
                    let other = if edge.source() == n {
                        edge.target()
                    } else {
                        edge.source()
                    };
                    *votes.entry(labels[other.index()]).or_default() += edge.weight();
                }
                let best = votes
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(label, _)| *label);
                if let Some(best) = best.filter(|b| *b != labels[n.index()]) {
                    labels[n.index()] = best;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut groups: BTreeMap<usize, Vec<EntityRef>> = BTreeMap::new();
        for (i, label) in labels.into_iter().enumerate() {
            if let Some(e) = self.entity(ids[i]) {
                groups.entry(label).or_default().push(e.into());
            }
        }
        let mut out: Vec<Vec<EntityRef>> = groups.into_values().collect();
        out.sort_by_key(|group| std::cmp::Reverse(group.len()));
        out
    }
}

const MAX_PATH_EXPANSIONS: usize = 50_000;

/// Reads chains back from `node` to `from` along the breadth-first links, up to `k` of them.
fn collect_paths(
    parents: &HashMap<i64, Vec<(i64, Vec<i64>)>>,
    from: i64,
    node: i64,
    suffix: &mut Vec<Hop>,
    found: &mut Vec<Vec<Hop>>,
    k: usize,
) {
    if found.len() >= k {
        return;
    }
    if node == from {
        found.push(suffix.iter().rev().cloned().collect());
        return;
    }
    for (parent, events) in parents.get(&node).into_iter().flatten() {
        suffix.push(Hop {
            from: *parent,
            to: node,
            events: events.clone(),
        });
        collect_paths(parents, from, *parent, suffix, found, k);
        suffix.pop();
        if found.len() >= k {
            return;
        }
    }
}
const MAX_PROPAGATION_ROUNDS: usize = 50;
const MAX_EXACT_CENTRALITY_NODES: usize = 20_000;

/// A measure asked of more nodes than one request may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the projection has {nodes} nodes; betweenness and closeness are computed for at most {limit}: narrow the window (kind, from, to)")]
pub struct TooLarge {
    pub nodes: usize,
    pub limit: usize,
}

/// One end of a two-sided breadth-first search.
struct Side {
    depth: usize,
    frontier: Vec<i64>,
    depth_of: HashMap<i64, usize>,
    parents: HashMap<i64, Vec<(i64, Vec<i64>)>>,
}

impl Side {
    fn new(start: i64) -> Self {
        Self {
            depth: 0,
            frontier: vec![start],
            depth_of: HashMap::from([(start, 0)]),
            parents: HashMap::new(),
        }
    }

    /// Reaches one level further; returns the entities reached for the first time.
    fn widen(&mut self, graph: &Graph, window: &Window, expanded: &mut usize) -> Vec<i64> {
        self.depth += 1;
        let mut next = Vec::new();
        for node in std::mem::take(&mut self.frontier) {
            *expanded += 1;
            for (other, events) in graph.neighbours(node, window) {
                match self.depth_of.get(&other) {
                    None => {
                        self.depth_of.insert(other, self.depth);
                        next.push(other);
                        self.parents.entry(other).or_default().push((node, events));
                    }
                    // Another way to reach `other` in as few hops.
                    Some(&d) if d == self.depth => {
                        self.parents.entry(other).or_default().push((node, events))
                    }
                    Some(_) => {}
                }
            }
        }
        self.frontier = next.clone();
        next
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hop {
    pub from: i64,
    pub to: i64,
    pub events: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkEdge {
    pub source: i64,
    pub target: i64,
    pub weight: usize,
    pub events: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub nodes: Vec<EntityRef>,
    pub edges: Vec<NetworkEdge>,
    /// True when the size limit cut the network short.
    pub truncated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Degree,
    Pagerank,
    Betweenness,
    Closeness,
}

impl Metric {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "degree" => Some(Self::Degree),
            "pagerank" => Some(Self::Pagerank),
            "betweenness" => Some(Self::Betweenness),
            "closeness" => Some(Self::Closeness),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    fn names(g: &Graph, ids: impl IntoIterator<Item = i64>) -> Vec<String> {
        ids.into_iter()
            .filter_map(|id| g.entity(id))
            .map(|e| e.name.clone())
            .collect()
    }

    #[test]
    fn contacts_count_events_with_first_and_last() {
        let g = sample();
        let contacts = g.contacts(1, &Window::default());
        let summary: Vec<(&str, usize, Option<&str>, Option<&str>)> = contacts
            .iter()
            .map(|c| {
                (
                    c.entity.name.as_str(),
                    c.count,
                    c.first.as_deref(),
                    c.last.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Ben Okoro", 2, Some("2024-01-05"), Some("2024-05-01")),
                ("Eli Haddad", 1, Some("2024-04-20"), Some("2024-04-20"))
            ]
        );
        let calls_only = Window {
            kinds: vec!["call".into()],
            ..Window::default()
        };
        assert_eq!(g.contacts(1, &calls_only).len(), 1);
        let spring = Window {
            from: Some("2024-03-01".into()),
            to: Some("2024-04-30".into()),
            ..Window::default()
        };
        assert_eq!(
            names(&g, g.contacts(1, &spring).iter().map(|c| c.entity.id)),
            vec!["Eli Haddad"]
        );
    }

    #[test]
    fn common_contacts_and_paths() {
        let g = sample();
        let common = g.common_contacts(1, 3, &Window::default());
        assert_eq!(
            common
                .iter()
                .map(|(e, _, _)| e.name.as_str())
                .collect::<Vec<_>>(),
            vec!["Ben Okoro"]
        );
        let paths = g.paths(1, 4, 4, 3, &Window::default());
        assert_eq!(paths.len(), 1);
        let chain: Vec<i64> = std::iter::once(1)
            .chain(paths[0].iter().map(|h| h.to))
            .collect();
        assert_eq!(
            names(&g, chain),
            vec!["Ada Lind", "Ben Okoro", "Chen Wei", "Dara Quispe"]
        );
        assert_eq!(paths[0][0].events, vec![10, 14]);
        assert!(
            g.paths(1, 4, 2, 3, &Window::default()).is_empty(),
            "no chain of two hops"
        );
        assert!(g
            .paths(
                5,
                4,
                6,
                3,
                &Window {
                    kinds: vec!["call".into()],
                    ..Window::default()
                }
            )
            .is_empty());
    }

    #[test]
    fn neighborhood_respects_depth_and_limit() {
        let g = sample();
        let one = g.neighborhood(2, 1, 100, &Window::default());
        assert_eq!(one.nodes.len(), 3);
        let two = g.neighborhood(2, 2, 100, &Window::default());
        assert_eq!(two.nodes.len(), 5);
        let small = g.neighborhood(2, 2, 2, &Window::default());
        assert_eq!(small.nodes.len(), 2);
        assert!(small.truncated);
    }

    #[test]
    fn centrality_ranks_the_broker_first() {
        let g = sample();
        for metric in [
            Metric::Degree,
            Metric::Betweenness,
            Metric::Closeness,
            Metric::Pagerank,
        ] {
            let top = g
                .centrality(metric, Projection::People, &Window::default(), 2)
                .expect("small graph");
            assert!(
                matches!(top[0].0.name.as_str(), "Ben Okoro" | "Ada Lind"),
                "{metric:?}: {top:?}"
            );
            assert!(top[0].1 >= top[1].1);
        }
        let between = g
            .centrality(
                Metric::Betweenness,
                Projection::People,
                &Window::default(),
                5,
            )
            .expect("small graph");
        assert_eq!(between[0].0.name, "Ben Okoro");
    }

    #[test]
    fn communities_cover_every_connected_person() {
        let g = sample();
        let groups = g.communities(Projection::People, &Window::default());
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 5);
    }
}
