//! Questions analysts ask of the graph: who met whom, common contacts, chains of contacts,
//! ego networks, centrality and communities, always within a window of kinds, status and dates.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::{NodeIndex as ProjectedIndex, UnGraph};
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::centrality::{self, Method, TooLarge};
use super::deadline::{Deadline, Interrupted};
use super::symbols::Symbol;
use super::{day_number, Day, Event, EventNode, Graph};
use crate::extract::EventKind;
use crate::store::EntityRow;

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
            kinds: EventKind::CONTACTS
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            status: Some("occurred".into()),
            from: None,
            to: None,
        }
    }
}

impl Window {
    /// The window in the graph's terms: labels as symbols, dates as day numbers.
    pub(crate) fn resolve(&self, graph: &Graph) -> Admit {
        let kinds: Vec<Symbol> = self.kinds.iter().filter_map(|k| graph.label(k)).collect();
        let status = self.status.as_deref().map(|s| graph.label(s));
        let mut wanted: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut contact_kinds: Vec<&str> = EventKind::CONTACTS.iter().map(|k| k.as_str()).collect();
        contact_kinds.sort_unstable();
        Admit {
            default_contacts: wanted == contact_kinds
                && self.status.as_deref() == Some("occurred")
                && self.from.is_none()
                && self.to.is_none(),
            nothing: kinds.is_empty() || status == Some(None),
            kinds,
            status: status.flatten(),
            from: self.from.as_deref().and_then(day_number),
            to: self.to.as_deref().and_then(day_number),
        }
    }
}

/// A [`Window`] resolved against one graph.
#[derive(Debug, Clone)]
pub(crate) struct Admit {
    /// The default window: the graph's contact index answers for it.
    default_contacts: bool,
    /// A kind or status the graph has never seen: no event can match.
    nothing: bool,
    kinds: Vec<Symbol>,
    status: Option<Symbol>,
    from: Option<Day>,
    to: Option<Day>,
}

impl Admit {
    pub(crate) fn admits(&self, e: &EventNode) -> bool {
        if self.nothing
            || !self.kinds.contains(&e.kind)
            || self.status.is_some_and(|s| s != e.status)
        {
            return false;
        }
        // Undated events fall outside any bounded window.
        let after_from = self
            .from
            .is_none_or(|from| e.end.is_some_and(|d| d >= from));
        let before_to = self.to.is_none_or(|to| e.start.is_some_and(|d| d <= to));
        after_from && before_to
    }
}

/// How contacts are projected: between people (and organisations), or between countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct EventRef {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub date: Option<String>,
    pub sources: Vec<String>,
}

impl From<Event<'_>> for EventRef {
    fn from(e: Event<'_>) -> Self {
        Self {
            id: e.id(),
            kind: e.kind().to_string(),
            status: e.status().to_string(),
            date: e.date().map(str::to_string),
            sources: e.sources().map(str::to_string).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Contact {
    pub entity: EntityRef,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub kinds: Vec<String>,
    pub events: Vec<EventRef>,
}

/// One pair of the projection and the admitted event that links it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairLink {
    pub a: i64,
    pub b: i64,
    /// The event's first day (for ordering), `Day::MIN` when undated.
    pub start: Day,
    pub event: NodeIndex,
}

/// Sorted pair links grouped by pair: each group is one pair's events.
pub(crate) fn by_pair(links: &[PairLink]) -> impl Iterator<Item = &[PairLink]> {
    links.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b))
}

/// Whether an entity counts as a person-like contact (people and organisations).
pub(crate) fn is_party(e: &EntityRow) -> bool {
    e.kind != "country" && e.kind != "location"
}

impl Graph {
    /// The node a participant stands for in a projection: in the country projection a person
    /// stands for their country.
    fn projected(&self, ix: NodeIndex, projection: Projection) -> Option<NodeIndex> {
        let e = self.entity_at(ix)?;
        match projection {
            Projection::People => is_party(e).then_some(ix),
            Projection::Countries => e.country.as_deref().and_then(|c| self.country_index(c)),
        }
    }

    /// The projected neighbours of an entity through one admitted event.
    fn partners(
        &self,
        me: NodeIndex,
        my_country: Option<&str>,
        event: Event<'_>,
        projection: Projection,
        out: &mut Vec<NodeIndex>,
    ) {
        out.clear();
        for other in event.participant_indices() {
            if other == me {
                continue;
            }
            let Some(partner) = self.projected(other, projection) else {
                continue;
            };
            if partner == me || out.contains(&partner) {
                continue;
            }
            if projection == Projection::Countries
                && self.entity_at(partner).and_then(|p| p.country.as_deref()) == my_country
            {
                continue;
            }
            out.push(partner);
        }
    }

    /// The events through which an entity reaches its contacts: its own events, and for a
    /// country also the events of its people.
    fn reach_events(&self, me: NodeIndex, admit: &Admit) -> Vec<Event<'_>> {
        let mut events: Vec<Event<'_>> = self
            .events_at(me)
            .filter(|e| admit.admits(e.node()))
            .collect();
        let country = self
            .entity_at(me)
            .filter(|e| e.kind == "country")
            .and_then(|e| e.country.as_deref());
        if let Some(code) = country {
            for &person in self.people_of(code) {
                events.extend(self.events_at(person).filter(|e| admit.admits(e.node())));
            }
            events.sort_by_key(|e| e.id());
            events.dedup_by_key(|e| e.id());
        }
        events
    }

    /// Each projected neighbour of an entity with the admitted events linking them.
    fn linked(&self, me: NodeIndex, admit: &Admit) -> HashMap<NodeIndex, Vec<Event<'_>>> {
        let mut by_partner: HashMap<NodeIndex, Vec<Event<'_>>> = HashMap::new();
        let Some(entity) = self.entity_at(me) else {
            return by_partner;
        };
        let projection = Projection::for_entity(entity);
        let mut partners = Vec::new();
        for event in self.reach_events(me, admit) {
            self.partners(
                me,
                entity.country.as_deref(),
                event,
                projection,
                &mut partners,
            );
            for &partner in &partners {
                by_partner.entry(partner).or_default().push(event);
            }
        }
        by_partner
    }

    /// Who the entity was in contact with, most often first.
    pub fn contacts(&self, entity: i64, window: &Window) -> Vec<Contact> {
        let Some(me) = self.entity_index(entity) else {
            return Vec::new();
        };
        let admit = window.resolve(self);
        let mut contacts: Vec<Contact> = self
            .linked(me, &admit)
            .into_iter()
            .filter_map(|(partner, mut events)| {
                let partner = self.entity_at(partner)?;
                events.sort_by_key(|e| (e.start_day(), e.id()));
                let dates: Vec<&str> = events.iter().filter_map(|e| e.date()).collect();
                let kinds: BTreeSet<&str> = events.iter().map(|e| e.kind()).collect();
                Some(Contact {
                    entity: partner.into(),
                    count: events.len(),
                    first: dates.first().map(|d| d.to_string()),
                    last: dates.last().map(|d| d.to_string()),
                    kinds: kinds.into_iter().map(str::to_string).collect(),
                    events: events.into_iter().map(EventRef::from).collect(),
                })
            })
            .collect();
        contacts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.entity.name.cmp(&b.entity.name))
                .then(a.entity.id.cmp(&b.entity.id))
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
        let (Some(ia), Some(ib)) = (self.entity_index(a), self.entity_index(b)) else {
            return Vec::new();
        };
        let admit = window.resolve(self);
        let of_b = self.linked(ib, &admit);
        let mut common: Vec<(EntityRef, usize, usize)> = self
            .linked(ia, &admit)
            .into_iter()
            .filter(|(c, _)| *c != ib)
            .filter_map(|(c, events)| {
                let with_b = of_b.get(&c)?.len();
                Some((self.entity_at(c)?.into(), events.len(), with_b))
            })
            .collect();
        common.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then(x.0.name.cmp(&y.0.name))
                .then(x.0.id.cmp(&y.0.id))
        });
        common
    }

    /// The projected neighbours of an entity, without the events: the inner step of the
    /// path search, so it allocates nothing per neighbour.
    fn neighbours(&self, me: NodeIndex, admit: &Admit, out: &mut Vec<NodeIndex>) {
        out.clear();
        let Some(entity) = self.entity_at(me) else {
            return;
        };
        if entity.kind == "country" {
            out.extend(self.linked(me, admit).into_keys());
        } else if let Some(indexed) = self.indexed_contacts(me).filter(|_| admit.default_contacts) {
            // Already sorted and distinct.
            out.extend(indexed);
            return;
        } else {
            for event in self.events_at(me).filter(|e| admit.admits(e.node())) {
                out.extend(
                    event.participant_indices().filter(|&other| {
                        other != me && self.entity_at(other).is_some_and(is_party)
                    }),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The ids of the admitted events that link two entities.
    fn link_events(&self, a: NodeIndex, b: NodeIndex, admit: &Admit) -> Vec<i64> {
        let is_country = |ix| self.entity_at(ix).is_some_and(|e| e.kind == "country");
        if !is_country(a) && !is_country(b) {
            // Through the events of the end with fewer, for hubs of thousands of events.
            let (few, other) = if self.graph.edges(a).count() <= self.graph.edges(b).count() {
                (a, b)
            } else {
                (b, a)
            };
            let mut events: Vec<i64> = self
                .events_at(few)
                .filter(|e| admit.admits(e.node()))
                .filter(|e| e.participant_indices().any(|p| p == other))
                .map(Event::id)
                .collect();
            events.sort_unstable();
            events.dedup();
            return events;
        }
        let mut events: Vec<i64> = self
            .linked(a, admit)
            .remove(&b)
            .unwrap_or_default()
            .into_iter()
            .map(Event::id)
            .collect();
        events.sort_unstable();
        events
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
        deadline: &Deadline,
    ) -> Result<Vec<Vec<Hop>>, Interrupted> {
        let (Some(start), Some(goal)) = (self.entity_index(from), self.entity_index(to)) else {
            return Ok(Vec::new());
        };
        if start == goal {
            return Ok(Vec::new());
        }
        let admit = window.resolve(self);
        let mut sides = [Side::new(start), Side::new(goal)];
        let mut expanded = 0usize;
        let mut meeting: Vec<NodeIndex> = Vec::new();
        while meeting.is_empty() && sides[0].depth + sides[1].depth < max_hops {
            let grow = usize::from(sides[1].frontier.len() < sides[0].frontier.len());
            if sides[grow].frontier.is_empty() {
                break;
            }
            let reached = sides[grow].widen(self, &admit, &mut expanded, deadline)?;
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
        meeting.sort_unstable_by_key(|n| self.entity_at(*n).map(|e| e.id));
        let mut chains: Vec<Vec<NodeIndex>> = Vec::new();
        'meet: for m in meeting {
            let mut left = Vec::new();
            collect_chains(&sides[0].parents, start, m, &mut vec![m], &mut left, k);
            let mut right = Vec::new();
            collect_chains(&sides[1].parents, goal, m, &mut vec![m], &mut right, k);
            for l in &left {
                for r in &right {
                    // `l` runs from `start` to `m`, `r` from `goal` to `m`.
                    chains.push(l.iter().chain(r.iter().rev().skip(1)).copied().collect());
                    if chains.len() >= k {
                        break 'meet;
                    }
                }
            }
        }
        let id = |ix: NodeIndex| self.entity_at(ix).map_or(0, |e| e.id);
        chains
            .into_iter()
            .map(|chain| {
                chain
                    .windows(2)
                    .map(|w| {
                        deadline.check()?;
                        Ok(Hop {
                            from: id(w[0]),
                            to: id(w[1]),
                            events: self.link_events(w[0], w[1], &admit),
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// The ego network of an entity: contacts up to `depth` hops, at most `limit` nodes.
    pub fn neighborhood(
        &self,
        entity: i64,
        depth: usize,
        limit: usize,
        window: &Window,
        deadline: &Deadline,
    ) -> Result<Network, Interrupted> {
        let Some(me) = self.entity_index(entity) else {
            return Ok(Network {
                nodes: Vec::new(),
                edges: Vec::new(),
                truncated: false,
            });
        };
        let admit = window.resolve(self);
        let id = |ix: NodeIndex| self.entity_at(ix).map_or(0, |e| e.id);
        let mut nodes: Vec<NodeIndex> = vec![me];
        let mut seen: HashSet<NodeIndex> = HashSet::from([me]);
        let mut edges: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
        let mut frontier = vec![me];
        let mut truncated = false;
        for _ in 0..depth {
            let mut next = Vec::new();
            for &node in &frontier {
                deadline.check()?;
                let mut linked: Vec<(NodeIndex, Vec<Event<'_>>)> =
                    self.linked(node, &admit).into_iter().collect();
                linked.sort_by_key(|(other, _)| id(*other));
                for (other, events) in linked {
                    if !seen.contains(&other) {
                        if nodes.len() >= limit {
                            truncated = true;
                            continue;
                        }
                        seen.insert(other);
                        nodes.push(other);
                        next.push(other);
                    }
                    let (a, b) = (id(node), id(other));
                    edges.entry((a.min(b), a.max(b))).or_insert_with(|| {
                        let mut ids: Vec<i64> = events.iter().map(|e| e.id()).collect();
                        ids.sort_unstable();
                        ids
                    });
                }
            }
            frontier = next;
        }
        let kept: HashSet<i64> = seen.iter().map(|ix| id(*ix)).collect();
        let edges = edges
            .into_iter()
            .filter(|((a, b), _)| kept.contains(a) && kept.contains(b))
            .map(|((a, b), events)| NetworkEdge {
                source: a,
                target: b,
                weight: events.len(),
                events,
            })
            .collect();
        Ok(Network {
            nodes: nodes
                .iter()
                .filter_map(|ix| self.entity_at(*ix))
                .map(EntityRef::from)
                .collect(),
            edges,
            truncated,
        })
    }

    /// Every pair of the projection that shared an admitted event, one link per pair and
    /// event, sorted by pair and then by date: consecutive links of one pair are its events.
    /// Pairs are ordered by entity id (`a < b`). People projection: persons only.
    pub(crate) fn pair_links(
        &self,
        projection: Projection,
        admit: &Admit,
        deadline: &Deadline,
    ) -> Result<Vec<PairLink>, Interrupted> {
        self.pair_links_of(self.events(), projection, admit, deadline)
    }

    /// The people-projection links among `people` only: the events of those people are
    /// scanned, not the whole graph, so an ego network costs what it holds.
    pub(crate) fn people_links_among(&self, people: &HashSet<i64>, admit: &Admit) -> Vec<PairLink> {
        let mut events: Vec<Event<'_>> = people.iter().flat_map(|&p| self.events_of(p)).collect();
        events.sort_unstable_by_key(|e| e.index());
        events.dedup_by_key(|e| e.index());
        let mut links = self
            .pair_links_of(
                events.into_iter(),
                Projection::People,
                admit,
                &Deadline::none(),
            )
            // Without a deadline nothing interrupts it.
            .unwrap_or_default();
        links.retain(|l| people.contains(&l.a) && people.contains(&l.b));
        links
    }

    fn pair_links_of<'a>(
        &'a self,
        events: impl Iterator<Item = Event<'a>>,
        projection: Projection,
        admit: &Admit,
        deadline: &Deadline,
    ) -> Result<Vec<PairLink>, Interrupted> {
        let mut links = Vec::new();
        let mut parties: Vec<i64> = Vec::new();
        for (i, event) in events.enumerate() {
            deadline.check_every(i, 1 << 14)?;
            if !admit.admits(event.node()) {
                continue;
            }
            parties.clear();
            for ix in event.participant_indices() {
                let party = match projection {
                    Projection::People => self
                        .entity_at(ix)
                        .filter(|e| e.kind == "person")
                        .map(|e| e.id),
                    Projection::Countries => self
                        .projected(ix, projection)
                        .and_then(|c| self.entity_at(c))
                        .map(|c| c.id),
                };
                parties.extend(party);
            }
            parties.sort_unstable();
            parties.dedup();
            for (i, &a) in parties.iter().enumerate() {
                for &b in &parties[i + 1..] {
                    links.push(PairLink {
                        a,
                        b,
                        start: event.start_day().unwrap_or(Day::MIN),
                        event: event.index(),
                    });
                }
            }
        }
        links.sort_unstable_by_key(|l| (l.a, l.b, l.start, l.event));
        Ok(links)
    }

    /// The contact projection of the whole window as a petgraph graph (edge weight: shared
    /// events), for the algorithms; the second value maps node indices to entity ids.
    pub fn projection(
        &self,
        projection: Projection,
        window: &Window,
        deadline: &Deadline,
    ) -> Result<(UnGraph<i64, usize>, Vec<i64>), Interrupted> {
        let admit = window.resolve(self);
        let links = self.pair_links(projection, &admit, deadline)?;
        let mut graph = UnGraph::<i64, usize>::default();
        let mut index: HashMap<i64, ProjectedIndex> = HashMap::new();
        let mut ids = Vec::new();
        let mut node = |graph: &mut UnGraph<i64, usize>, id: i64| {
            *index.entry(id).or_insert_with(|| {
                ids.push(id);
                graph.add_node(id)
            })
        };
        for group in by_pair(&links) {
            let (na, nb) = (node(&mut graph, group[0].a), node(&mut graph, group[0].b));
            graph.add_edge(na, nb, group.len());
        }
        Ok((graph, ids))
    }

    /// The most central entities of the projection by a metric, highest first. Degree and
    /// PageRank cost time linear in the projection; betweenness and closeness are exact up to
    /// a budget of search steps, sampled beyond it, refused where even a sample would exceed it.
    pub fn centrality(
        &self,
        metric: Metric,
        projection: Projection,
        window: &Window,
        limit: usize,
        deadline: &Deadline,
    ) -> Result<Ranking, QueryError> {
        let budget = centrality::SEARCH_BUDGET;
        self.centrality_within(metric, projection, window, limit, deadline, budget)
    }

    /// [`centrality`](Self::centrality) within a given budget of search steps.
    fn centrality_within(
        &self,
        metric: Metric,
        projection: Projection,
        window: &Window,
        limit: usize,
        deadline: &Deadline,
        budget: u64,
    ) -> Result<Ranking, QueryError> {
        let (graph, ids) = self.projection(projection, window, deadline)?;
        let (nodes, links) = (graph.node_count(), graph.edge_count());
        let method = match metric {
            Metric::Degree | Metric::Pagerank => Method::Exact,
            Metric::Betweenness | Metric::Closeness => centrality::plan(nodes, links, budget)?,
        };
        let scores: Vec<f64> = match metric {
            Metric::Degree => graph
                .node_indices()
                .map(|n| graph.neighbors(n).count() as f64)
                .collect(),
            Metric::Pagerank => super::metrics::pagerank(&graph, 0.85, 50, deadline)?,
            Metric::Betweenness => {
                let adjacency = super::metrics::Adjacency::of(&graph);
                centrality::betweenness(&adjacency, method, deadline)?
            }
            Metric::Closeness => {
                let adjacency = super::metrics::Adjacency::of(&graph);
                centrality::closeness(&adjacency, method, deadline)?
            }
        };
        let mut ranked: Vec<(i64, f64)> = ids.into_iter().zip(scores).collect();
        // Only the top needs names: sorting a million names would cost more than the ranking.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Ranking {
            method,
            nodes,
            links,
            ranked: ranked
                .into_iter()
                .filter_map(|(id, score)| self.entity(id).map(|e| (EntityRef::from(e), score)))
                .take(limit)
                .collect(),
        })
    }

    /// Communities of the projection by label propagation: each node takes the label most
    /// common among its neighbours (weighted), ties to the smallest, until nothing changes.
    pub fn communities(
        &self,
        projection: Projection,
        window: &Window,
        deadline: &Deadline,
    ) -> Result<Vec<Vec<EntityRef>>, Interrupted> {
        let (graph, ids) = self.projection(projection, window, deadline)?;
        let mut labels: Vec<usize> = (0..graph.node_count()).collect();
        for _ in 0..MAX_PROPAGATION_ROUNDS {
            let mut changed = false;
            for n in graph.node_indices() {
                deadline.check_every(n.index(), 1 << 12)?;
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
        Ok(out)
    }
}

const MAX_PATH_EXPANSIONS: usize = 50_000;

/// Reads chains back from `node` to `from` along the breadth-first links, up to `k` of
/// them; each chain runs from `from` to the node the reading started at.
fn collect_chains(
    parents: &FxHashMap<NodeIndex, Vec<NodeIndex>>,
    from: NodeIndex,
    node: NodeIndex,
    suffix: &mut Vec<NodeIndex>,
    found: &mut Vec<Vec<NodeIndex>>,
    k: usize,
) {
    if found.len() >= k {
        return;
    }
    if node == from {
        found.push(suffix.iter().rev().copied().collect());
        return;
    }
    for &parent in parents.get(&node).into_iter().flatten() {
        suffix.push(parent);
        collect_chains(parents, from, parent, suffix, found, k);
        suffix.pop();
        if found.len() >= k {
            return;
        }
    }
}
const MAX_PROPAGATION_ROUNDS: usize = 50;

/// Why a query gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
}

/// A centrality ranking, with how it was computed and over what.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub method: Method,
    /// The projection's size.
    pub nodes: usize,
    pub links: usize,
    pub ranked: Vec<(EntityRef, f64)>,
}

/// One end of a two-sided breadth-first search.
struct Side {
    depth: usize,
    frontier: Vec<NodeIndex>,
    depth_of: FxHashMap<NodeIndex, usize>,
    parents: FxHashMap<NodeIndex, Vec<NodeIndex>>,
}

impl Side {
    fn new(start: NodeIndex) -> Self {
        Self {
            depth: 0,
            frontier: vec![start],
            depth_of: FxHashMap::from_iter([(start, 0)]),
            parents: FxHashMap::default(),
        }
    }

    /// Reaches one level further; returns the entities reached for the first time.
    fn widen(
        &mut self,
        graph: &Graph,
        admit: &Admit,
        expanded: &mut usize,
        deadline: &Deadline,
    ) -> Result<Vec<NodeIndex>, Interrupted> {
        self.depth += 1;
        let mut next = Vec::new();
        let mut neighbours = Vec::new();
        for node in std::mem::take(&mut self.frontier) {
            *expanded += 1;
            deadline.check_every(*expanded, 64)?;
            graph.neighbours(node, admit, &mut neighbours);
            for &other in &neighbours {
                match self.depth_of.get(&other) {
                    None => {
                        self.depth_of.insert(other, self.depth);
                        next.push(other);
                        self.parents.entry(other).or_default().push(node);
                    }
                    // Another way to reach `other` in as few hops.
                    Some(&d) if d == self.depth => {
                        self.parents.entry(other).or_default().push(node)
                    }
                    Some(_) => {}
                }
            }
        }
        self.frontier = next.clone();
        Ok(next)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hop {
    pub from: i64,
    pub to: i64,
    pub events: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NetworkEdge {
    pub source: i64,
    pub target: i64,
    pub weight: usize,
    pub events: Vec<i64>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
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
        let none = Deadline::none();
        let paths = g.paths(1, 4, 4, 3, &Window::default(), &none).unwrap();
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
            g.paths(1, 4, 2, 3, &Window::default(), &none)
                .unwrap()
                .is_empty(),
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
                },
                &none
            )
            .unwrap()
            .is_empty());
    }

    #[test]
    fn neighborhood_respects_depth_and_limit() {
        let g = sample();
        let none = Deadline::none();
        let one = g
            .neighborhood(2, 1, 100, &Window::default(), &none)
            .unwrap();
        assert_eq!(one.nodes.len(), 3);
        let two = g
            .neighborhood(2, 2, 100, &Window::default(), &none)
            .unwrap();
        assert_eq!(two.nodes.len(), 5);
        let small = g.neighborhood(2, 2, 2, &Window::default(), &none).unwrap();
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
                .centrality(
                    metric,
                    Projection::People,
                    &Window::default(),
                    2,
                    &Deadline::none(),
                )
                .expect("small graph")
                .ranked;
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
                &Deadline::none(),
            )
            .expect("small graph")
            .ranked;
        assert_eq!(between[0].0.name, "Ben Okoro");
    }

    #[test]
    fn past_the_budget_centralities_are_sampled_then_refused() {
        let g = Graph::from_rows(crate::synth::graph::rows(2000, 400, 3));
        let window = Window::default();
        let none = Deadline::none();
        let exact = g
            .centrality(Metric::Closeness, Projection::People, &window, 5, &none)
            .expect("within the default budget");
        assert_eq!(exact.method, Method::Exact);
        let per_search = (exact.nodes + 2 * exact.links) as u64;
        for metric in [Metric::Betweenness, Metric::Closeness] {
            let sampled = g
                .centrality_within(
                    metric,
                    Projection::People,
                    &window,
                    5,
                    &none,
                    100 * per_search,
                )
                .expect("a sample fits");
            assert_eq!(sampled.method, Method::Sampled { sources: 100 });
            assert_eq!(sampled.ranked.len(), 5);
            let refused = g.centrality_within(
                metric,
                Projection::People,
                &window,
                5,
                &none,
                10 * per_search,
            );
            assert!(
                matches!(refused, Err(QueryError::TooLarge(_))),
                "{refused:?}"
            );
        }
        // Degree and PageRank are linear in the projection: never sampled.
        let pagerank = g
            .centrality_within(Metric::Pagerank, Projection::People, &window, 5, &none, 1)
            .expect("linear");
        assert_eq!(pagerank.method, Method::Exact);
    }

    #[test]
    fn communities_cover_every_connected_person() {
        let g = sample();
        let groups = g
            .communities(Projection::People, &Window::default(), &Deadline::none())
            .unwrap();
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 5);
    }
}
