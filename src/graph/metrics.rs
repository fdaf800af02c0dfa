//! Graph measures not taken from a crate, with the reason.

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

use super::deadline::{Deadline, Interrupted};

/// Weighted PageRank by power iteration, O(edges) per iteration.
///
/// petgraph's `page_rank` compares every pair of nodes in every iteration (quadratic in the
/// node count), which takes hours on a graph of 100k people; this is the same measure as
/// networkx's `pagerank` (edge weights count, dangling nodes spread their rank evenly).
/// The iterations run over a compressed adjacency list (one array of neighbours and one of
/// weights), which is several times faster than following petgraph's linked edge lists.
///
/// The deadline is checked once per iteration.
pub fn pagerank(
    graph: &UnGraph<i64, usize>,
    damping: f64,
    iterations: usize,
    deadline: &Deadline,
) -> Result<Vec<f64>, Interrupted> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let adjacency = Adjacency::of(graph);
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..iterations {
        deadline.check()?;
        next.fill((1.0 - damping) / n as f64);
        let mut dangling = 0.0;
        for (v, (&r, &strength)) in rank.iter().zip(&adjacency.strength).enumerate() {
            if strength == 0.0 {
                dangling += r;
                continue;
            }
            let share = damping * r / strength;
            let (others, weights) = adjacency.of_node(v);
            for (other, weight) in others.iter().zip(weights) {
                next[*other as usize] += share * weight;
            }
        }
        let spread = damping * dangling / n as f64;
        for x in &mut next {
            *x += spread;
        }
        std::mem::swap(&mut rank, &mut next);
    }
    Ok(rank)
}

/// Each node's neighbours and edge weights, contiguous (compressed sparse rows).
pub(crate) struct Adjacency {
    offsets: Vec<usize>,
    others: Vec<u32>,
    weights: Vec<f64>,
    /// The sum of each node's edge weights.
    strength: Vec<f64>,
}

impl Adjacency {
    pub(crate) fn of(graph: &UnGraph<i64, usize>) -> Self {
        let n = graph.node_count();
        let mut degree = vec![0usize; n];
        for e in graph.edge_references() {
            degree[e.source().index()] += 1;
            degree[e.target().index()] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for d in &degree {
            offsets.push(offsets.last().copied().unwrap_or(0) + d);
        }
        let total = offsets[n];
        let mut others = vec![0u32; total];
        let mut weights = vec![0.0; total];
        let mut strength = vec![0.0; n];
        let mut fill = offsets[..n].to_vec();
        for e in graph.edge_references() {
            let (a, b, w) = (e.source().index(), e.target().index(), *e.weight() as f64);
            for (from, to) in [(a, b), (b, a)] {
                others[fill[from]] = to as u32;
                weights[fill[from]] = w;
                fill[from] += 1;
                strength[from] += w;
            }
        }
        Self {
            offsets,
            others,
            weights,
            strength,
        }
    }

    fn of_node(&self, v: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[v]..self.offsets[v + 1];
        (&self.others[range.clone()], &self.weights[range])
    }

    /// The neighbours of a node.
    pub(crate) fn others(&self, v: usize) -> &[u32] {
        &self.others[self.offsets[v]..self.offsets[v + 1]]
    }

    pub(crate) fn node_count(&self) -> usize {
        self.strength.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_centre_ranks_highest_and_ranks_sum_to_one() {
        let mut g = UnGraph::<i64, usize>::default();
        let centre = g.add_node(0);
        for i in 1..=4 {
            let leaf = g.add_node(i);
            g.add_edge(centre, leaf, 1);
        }
        let rank = pagerank(&g, 0.85, 100, &Deadline::none()).expect("no deadline");
        assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(rank[0] > rank[1] * 3.0);
        // networkx.pagerank of a 5-node star gives the centre 0.4752.
        assert!((rank[0] - 0.4752).abs() < 1e-3, "{rank:?}");
    }
}
