//! JSON formats: Cytoscape.js elements, graphology's serialised graph (sigma.js), and
//! node-link data (D3, networkx `node_link_graph(..., edges="links")`).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{ExportEdge, ExportGraph, ExportNode};

fn node_data(n: &ExportNode) -> Value {
    json!({"label": n.label, "kind": n.kind, "country": n.country, "first": n.first(), "last": n.last()})
}

fn edge_data(e: &ExportEdge) -> Value {
    json!({"weight": e.weight, "kinds": e.kinds, "first": e.first, "last": e.last, "events": e.events, "sources": e.sources})
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(x)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in x {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

pub fn cytoscape(g: &ExportGraph, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| json!({"data": merge(json!({"id": n.id}), node_data(n))}))
        .collect();
    let edges: Vec<Value> =
        g.edges.iter().map(|e| json!({"data": merge(json!({"id": e.id, "source": e.source, "target": e.target}), edge_data(e))})).collect();
    serde_json::to_writer(out, &json!({"elements": {"nodes": nodes, "edges": edges}}))
        .map_err(io::Error::other)
}

pub fn graphology(g: &ExportGraph, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| json!({"key": n.id, "attributes": node_data(n)}))
        .collect();
    let edges: Vec<Value> = g
        .edges
        .iter()
        .map(|e| json!({"key": e.id, "source": e.source, "target": e.target, "undirected": true, "attributes": edge_data(e)}))
        .collect();
    let doc = json!({
        "attributes": {"name": "eventgraph"},
        "options": {"type": "undirected", "multi": false, "allowSelfLoops": false},
        "nodes": nodes,
        "edges": edges,
    });
    serde_json::to_writer(out, &doc).map_err(io::Error::other)
}

pub fn node_link(g: &ExportGraph, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| merge(json!({"id": n.id}), node_data(n)))
        .collect();
    let links: Vec<Value> = g
        .edges
        .iter()
        .map(|e| {
            merge(
                json!({"source": e.source, "target": e.target}),
                edge_data(e),
            )
        })
        .collect();
    let doc = json!({"directed": false, "multigraph": false, "graph": {"name": "eventgraph"}, "nodes": nodes, "links": links});
    serde_json::to_writer(out, &doc).map_err(io::Error::other)
}
