//! Betweenness and closeness: one breadth-first search per source node, exact on graphs small
//! enough and estimated from a sample of sources beyond, within a fixed budget of steps.
//!
//! Written here rather than taken from rustworkx-core (which the tests keep as the reference):
//! its searches cannot be stopped part-way, and it has no sampled estimate, so a large
//! projection used to keep a blocking thread busy for minutes after its request timed out.

use serde::Serialize;

use super::deadline::{Deadline, Interrupted};
use super::metrics::Adjacency;

/// Node and link visits one request may spend on searches (about two seconds of work in a
/// release build).
pub const SEARCH_BUDGET: u64 = 200_000_000;

/// Fewer sources than this give estimates too noisy to rank by.
pub const MIN_SOURCES: usize = 64;

/// How a score was computed, as the answer names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "method", rename_all = "lowercase")]
#[schema(as = CentralityMethod)]
pub enum Method {
    /// A search from every node.
    Exact,
    /// Searches from `sources` nodes drawn at random (seeded: the same graph gives the same
    /// answer); betweenness after Brandes and Pich (2007), closeness after Eppstein and Wang
    /// (2004).
    Sampled { sources: usize },
}

/// A projection too large for even a sampled estimate within the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the projection has {nodes} nodes and {links} links: even a sampled estimate from {MIN_SOURCES} sources would take more than {budget} search steps; narrow the window (kind, from, to)")]
pub struct TooLarge {
    pub nodes: usize,
    pub links: usize,
    pub budget: u64,
}

/// Exact when a search from every node fits the budget, else as many sources as fit.
pub fn plan(nodes: usize, links: usize, budget: u64) -> Result<Method, TooLarge> {
    let per_search = (nodes as u64 + 2 * links as u64).max(1);
    let searches = budget / per_search;
    if searches >= nodes as u64 {
        Ok(Method::Exact)
    } else if searches >= MIN_SOURCES as u64 {
        Ok(Method::Sampled {
            sources: searches as usize,
        })
    } else {
        Err(TooLarge {
            nodes,
            links,
            budget,
        })
    }
}

/// The source nodes of a method: all, or a seeded sample.
fn sources(n: usize, method: Method) -> Vec<u32> {
    let mut all: Vec<u32> = (0..n as u32).collect();
    if let Method::Sampled { sources } = method {
        fastrand::Rng::with_seed(n as u64).shuffle(&mut all);
        all.truncate(sources);
    }
    all
}

/// One breadth-first search's state, reused from source to source: resetting only the nodes
/// the last search reached keeps a search on a small component cheap.
struct Search {
    dist: Vec<i32>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    /// Nodes in the order reached: the queue, then (backwards) the order of accumulation.
    order: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Self {
        Self {
            dist: vec![-1; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
        }
    }

    fn run(&mut self, adj: &Adjacency, s: u32, deadline: &Deadline) -> Result<(), Interrupted> {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = -1;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.dist[s as usize] = 0;
        self.sigma[s as usize] = 1.0;
        self.order.push(s);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            deadline.check_every(head, 1 << 16)?;
            for &w in adj.others(v) {
                let w = w as usize;
                if self.dist[w] < 0 {
                    self.dist[w] = self.dist[v] + 1;
                    self.order.push(w as u32);
                }
                if self.dist[w] == self.dist[v] + 1 {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        Ok(())
    }
}

/// Normalised betweenness (shortest paths through a node, endpoints excluded, as a share of
/// the pairs of other nodes), unweighted.
pub(crate) fn betweenness(
    adj: &Adjacency,
    method: Method,
    deadline: &Deadline,
) -> Result<Vec<f64>, Interrupted> {
    let n = adj.node_count();
    let mut score = vec![0.0; n];
    let mut search = Search::new(n);
    let sources = sources(n, method);
    for &s in &sources {
        deadline.check()?;
        search.run(adj, s, deadline)?;
        // Dependencies flow back from the farthest nodes to the source.
        for &w in search.order.iter().rev() {
            let w = w as usize;
            for &v in adj.others(w) {
                let v = v as usize;
                if search.dist[v] == search.dist[w] - 1 {
                    search.delta[v] += search.sigma[v] / search.sigma[w] * (1.0 + search.delta[w]);
                }
            }
            if w != s as usize {
                score[w] += search.delta[w];
            }
        }
    }
    // Every pair is counted from both ends; a sample stands for n / k times its sources.
    let sampled = n as f64 / sources.len().max(1) as f64;
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        2.0
    };
    for x in &mut score {
        *x *= sampled / pairs;
    }
    Ok(score)
}

/// Closeness with Wasserman and Faust's correction for disconnected graphs: the reachable
/// share of the graph over the mean distance to the reachable nodes. A sample estimates each
/// node's mean distance from the sources in its component (exact for the sources).
pub(crate) fn closeness(
    adj: &Adjacency,
    method: Method,
    deadline: &Deadline,
) -> Result<Vec<f64>, Interrupted> {
    let n = adj.node_count();
    let mut search = Search::new(n);
    let mut score = vec![0.0; n];
    if n < 2 {
        return Ok(score);
    }
    let wf = |reachable: usize, mean: f64| {
        if reachable < 2 || mean <= 0.0 {
            0.0
        } else {
            (reachable - 1) as f64 / (n - 1) as f64 / mean
        }
    };
    let mut component = vec![0usize; n];
    if method != Method::Exact {
        // Component sizes, exactly: one search per component.
        let mut sized = vec![false; n];
        for s in 0..n {
            if sized[s] {
                continue;
            }
            deadline.check()?;
            search.run(adj, s as u32, deadline)?;
            let size = search.order.len();
            for &v in &search.order {
                sized[v as usize] = true;
                component[v as usize] = size;
            }
        }
    }
    let mut distance_sum = vec![0u64; n];
    let mut heard = vec![0u32; n];
    let mut is_source = vec![false; n];
    for s in sources(n, method) {
        deadline.check()?;
        search.run(adj, s, deadline)?;
        let total: u64 = search
            .order
            .iter()
            .map(|&v| search.dist[v as usize] as u64)
            .sum();
        is_source[s as usize] = true;
        score[s as usize] = wf(
            search.order.len(),
            total as f64 / (search.order.len() - 1).max(1) as f64,
        );
        if method != Method::Exact {
            for &v in &search.order[1..] {
                distance_sum[v as usize] += search.dist[v as usize] as u64;
                heard[v as usize] += 1;
            }
        }
    }
    for v in (0..n).filter(|&v| !is_source[v] && heard[v] > 0) {
        score[v] = wf(component[v], distance_sum[v] as f64 / heard[v] as f64);
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::UnGraph;

    /// A reproducible sparse graph of several components.
    fn random_graph(nodes: usize, links: usize, seed: u64) -> UnGraph<i64, usize> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut g = UnGraph::<i64, usize>::default();
        let ix: Vec<_> = (0..nodes as i64).map(|i| g.add_node(i)).collect();
        for _ in 0..links {
            let (a, b) = (rng.usize(..nodes), rng.usize(..nodes));
            if a != b && g.find_edge(ix[a], ix[b]).is_none() {
                g.add_edge(ix[a], ix[b], 1);
            }
        }
        g
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn exact_scores_agree_with_rustworkx() {
        let g = random_graph(120, 160, 3);
        let adj = Adjacency::of(&g);
        let none = Deadline::none();
        let ours = betweenness(&adj, Method::Exact, &none).expect("no deadline");
        let theirs: Vec<f64> =
            rustworkx_core::centrality::betweenness_centrality(&g, false, true, usize::MAX)
                .into_iter()
                .map(|s| s.unwrap_or(0.0))
                .collect();
        assert!(close(&ours, &theirs), "{ours:?}\n{theirs:?}");
        let ours = closeness(&adj, Method::Exact, &none).expect("no deadline");
        let theirs: Vec<f64> =
            rustworkx_core::centrality::closeness_centrality(&g, true, usize::MAX)
                .into_iter()
                .map(|s| s.unwrap_or(0.0))
                .collect();
        assert!(close(&ours, &theirs), "{ours:?}\n{theirs:?}");
    }

    #[test]
    fn samples_rank_the_hub_first() {
        // A hub linked to every tenth node of a long ring: the hub carries most paths.
        let mut g = UnGraph::<i64, usize>::default();
        let ring: Vec<_> = (0..2000).map(|i| g.add_node(i)).collect();
        for w in ring.windows(2) {
            g.add_edge(w[0], w[1], 1);
        }
        let hub = g.add_node(-1);
        for &r in ring.iter().step_by(10) {
            g.add_edge(hub, r, 1);
        }
        let adj = Adjacency::of(&g);
        let sampled = Method::Sampled { sources: 100 };
        for scores in [
            betweenness(&adj, sampled, &Deadline::none()),
            closeness(&adj, sampled, &Deadline::none()),
        ] {
            let scores = scores.expect("no deadline");
            let top = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b]));
            assert_eq!(top, Some(hub.index()));
        }
    }

    #[test]
    fn the_plan_samples_then_refuses_as_the_graph_grows() {
        assert_eq!(plan(1000, 5000, SEARCH_BUDGET), Ok(Method::Exact));
        assert_eq!(
            plan(100_000, 400_000, SEARCH_BUDGET),
            Ok(Method::Sampled { sources: 222 })
        );
        assert!(plan(2_000_000, 8_000_000, SEARCH_BUDGET).is_err());
    }

    #[test]
    fn a_passed_deadline_stops_the_searches() {
        let adj = Adjacency::of(&random_graph(500, 2000, 1));
        let late = Deadline::after(std::time::Duration::ZERO);
        assert_eq!(betweenness(&adj, Method::Exact, &late), Err(Interrupted));
        assert_eq!(closeness(&adj, Method::Exact, &late), Err(Interrupted));
    }
}
