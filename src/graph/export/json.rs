//! JSON formats: Cytoscape.js elements, graphology's serialised graph (sigma.js), and
//! node-link data (D3, networkx `node_link_graph(..., edges="links")`).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{write_json_array, ExportEdge, ExportGraph, ExportNode};

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

pub fn cytoscape(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(br#"{"elements":{"nodes":"#)?;
    write_json_array(
        out,
        g.nodes()
            .map(|n| json!({"data": merge(json!({"id": n.id}), node_data(&n))})),
    )?;
    out.write_all(br#","edges":"#)?;
    write_json_array(
        out,
        g.edges().map(|e| json!({"data": merge(json!({"id": e.id, "source": e.source, "target": e.target}), edge_data(&e))})),
    )?;
    out.write_all(b"}}")
}

pub fn graphology(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(br#"{"attributes":{"name":"eventgraph"},"options":{"type":"undirected","multi":false,"allowSelfLoops":false},"nodes":"#)?;
    write_json_array(
        out,
        g.nodes()
            .map(|n| json!({"key": n.id, "attributes": node_data(&n)})),
    )?;
    out.write_all(br#","edges":"#)?;
    write_json_array(
        out,
        g.edges().map(|e| json!({"key": e.id, "source": e.source, "target": e.target, "undirected": true, "attributes": edge_data(&e)})),
    )?;
    out.write_all(b"}")
}

pub fn node_link(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(
        br#"{"directed":false,"multigraph":false,"graph":{"name":"eventgraph"},"nodes":"#,
    )?;
    write_json_array(
        out,
        g.nodes().map(|n| merge(json!({"id": n.id}), node_data(&n))),
    )?;
    out.write_all(br#","links":"#)?;
    write_json_array(
        out,
        g.edges().map(|e| {
            merge(
                json!({"source": e.source, "target": e.target}),
                edge_data(&e),
            )
        }),
    )?;
    out.write_all(b"}")
}
