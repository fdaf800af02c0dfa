//! The analysts' viewer: a page at `/` with its scripts and styles (vendored in
//! assets/viewer/ and compiled into the binary), and `/viewer/network`, the capped ego network
//! it draws.
//!
//! The page and its own script and style are answered `no-cache` with an ETag, so a new build
//! is picked up at once and an unchanged one costs a 304. The vendored libraries carry their
//! version in their file names and are cached for a year.
//!
//! Setting `EVENTGRAPH_VIEWER_DIR` to a folder laid out like assets/viewer/ serves the files
//! from there instead, read on every request: for working on the page without rebuilding.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::sync::OnceLock;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params;
use super::{ApiResult, AppError, AppState};
use crate::graph::query::EntityRef;

/// Most nodes the viewer draws; past this the strongest links are kept.
pub const MAX_NODES: usize = 2000;
/// Most edges the viewer draws (the strongest among the kept nodes).
pub const MAX_EDGES: usize = 10_000;
const MAX_DEPTH: usize = 2;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(network))
        .routes(routes!(asset))
}

/// One file of the page.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    /// Versioned file names are cached for good; the others are revalidated.
    immutable: bool,
}

macro_rules! asset {
    ($name:literal, $type:expr, $immutable:literal) => {
        Asset {
            name: $name,
            content_type: $type,
            bytes: include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/viewer/",
                $name
            )),
            immutable: $immutable,
        }
    };
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

static ASSETS: &[Asset] = &[
    asset!("index.html", HTML, false),
    asset!("viewer.js", JS, false),
    asset!("viewer.css", CSS, false),
    asset!("vendor/cytoscape-3.34.4.min.js", JS, true),
    asset!("vendor/vis-timeline-graph2d-8.5.4.min.js", JS, true),
    asset!("vendor/vis-timeline-graph2d-8.5.4.min.css", CSS, true),
    asset!("vendor/LICENSE.cytoscape", TEXT, false),
    asset!("vendor/LICENSE.vis-timeline", TEXT, false),
];

/// The page may load and call only its own server.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; form-action 'self'";

fn etags() -> &'static HashMap<&'static str, String> {
    static ETAGS: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let digest = Sha256::digest(a.bytes);
                let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
                (a.name, format!("\"{hex}\""))
            })
            .collect()
    })
}

fn content_type_of(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => HTML,
        Some("js") => JS,
        Some("css") => CSS,
        _ => TEXT,
    }
}

fn serve(name: &str, headers: &HeaderMap) -> Response {
    if let Some(dir) = std::env::var_os("EVENTGRAPH_VIEWER_DIR") {
        let known = ASSETS.iter().any(|a| a.name == name);
        let path = std::path::Path::new(&dir).join(name);
        return match std::fs::read(&path) {
            Ok(bytes) if known => (
                [
                    (header::CONTENT_TYPE, content_type_of(name)),
                    (header::CACHE_CONTROL, "no-store"),
                    (header::CONTENT_SECURITY_POLICY, CSP),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                ],
                bytes,
            )
                .into_response(),
            _ => AppError::NotFound(format!("no viewer file {name}")).into_response(),
        };
    }
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return AppError::NotFound(format!("no viewer file {name}")).into_response();
    };
    let etag = etags().get(asset.name).cloned().unwrap_or_default();
    let cache = if asset.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.bytes).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, etag);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if asset.content_type == HTML {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

/// The analysts' page.
#[utoipa::path(
    get,
    path = "/",
    operation_id = "viewer_page",
    tag = "viewer",
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
    ),
)]
async fn index(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

/// A file of the page: its script, style and vendored libraries.
#[utoipa::path(
    get,
    path = "/viewer/{*file}",
    operation_id = "viewer_file",
    tag = "viewer",
    params(("file" = String, Path, description = "The file's path under assets/viewer/", example = "viewer.js")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"),
            (String = "text/css"),
            (String = "text/plain"),
        )),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 404, description = "No such file"),
    ),
)]
async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    serve(&file, &headers)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct NetworkParams {
    /// An entity id, name, alias or surname.
    #[param(required = true, value_type = String, example = "Matthias Brenner")]
    entity: Option<String>,
    /// Hops, 1 or 2 (1 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 2)]
    depth: Option<String>,
    /// Event kinds, comma-separated (calls, meetings and visits by default).
    kind: Option<String>,
    /// occurred (the default), planned, denied, or any.
    status: Option<String>,
    /// Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    from: Option<String>,
    /// Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    to: Option<String>,
    /// Most nodes drawn (2000 at most).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 2000)]
    limit: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
struct ViewNode {
    id: i64,
    name: String,
    kind: String,
    country: Option<String>,
    /// Hops from the selected entity.
    depth: usize,
    /// Links drawn to this node.
    degree: usize,
}

#[derive(Debug, Serialize, ToSchema)]
struct ViewEdge {
    source: i64,
    target: i64,
    /// Shared events.
    weight: usize,
    /// Events by kind.
    kinds: BTreeMap<String, usize>,
    /// The kind of most of the events (the first by name on a tie).
    main_kind: String,
    first: Option<String>,
    last: Option<String>,
    events: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
struct NetworkReply {
    entity: EntityRef,
    depth: usize,
    nodes: Vec<ViewNode>,
    edges: Vec<ViewEdge>,
    /// The size of the whole ego network within the window.
    total_nodes: usize,
    total_edges: usize,
    /// True when the cap left nodes or edges out.
    truncated: bool,
    limit: usize,
}

/// An edge waiting in the growth of the kept network: strongest first, then nearest to the
/// selected entity, then by id.
#[derive(PartialEq, Eq)]
struct Candidate {
    weight: usize,
    depth: usize,
    node: i64,
    edge: usize,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.weight
            .cmp(&other.weight)
            .then(other.depth.cmp(&self.depth))
            .then(other.node.cmp(&self.node))
            .then(other.edge.cmp(&self.edge))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The nodes kept under a cap: the network grown from the centre along its strongest links
/// (a maximum spanning tree, cut at `limit` nodes), so every kept node stays connected to
/// the centre through the strongest ties the network has.
fn keep_strongest(
    centre: i64,
    edges: &[(i64, i64, usize)],
    depths: &HashMap<i64, usize>,
    limit: usize,
) -> HashSet<i64> {
    let mut adjacent: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, (a, b, _)) in edges.iter().enumerate() {
        adjacent.entry(*a).or_default().push(i);
        adjacent.entry(*b).or_default().push(i);
    }
    let mut kept = HashSet::from([centre]);
    let mut heap = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<Candidate>, node: i64| {
        for &i in adjacent.get(&node).into_iter().flatten() {
            let (a, b, weight) = edges[i];
            let other = if a == node { b } else { a };
            heap.push(Candidate {
                weight,
                depth: depths.get(&other).copied().unwrap_or(usize::MAX),
                node: other,
                edge: i,
            });
        }
    };
    push(&mut heap, centre);
    while kept.len() < limit {
        let Some(next) = heap.pop() else { break };
        if kept.insert(next.node) {
            push(&mut heap, next.node);
        }
    }
    kept
}

/// The selected entity's ego network as the page draws it: capped, grown along the
/// strongest links.
#[utoipa::path(
    get,
    path = "/viewer/network",
    operation_id = "viewer_network",
    tag = "viewer",
    params(NetworkParams),
    responses(
        (status = 200, description = "The drawn nodes and links, and the size of the whole network", body = NetworkReply),
        (status = 400, description = "entity is missing, or a parameter is malformed"),
        (status = 404, description = "The entity is unknown (the detail names near spellings)"),
        (status = 408, description = "The network was not computed within the request's time limit"),
        (status = 409, description = "The entity's name is ambiguous: see candidates"),
    ),
)]
async fn network(
    State(state): State<AppState>,
    q: Result<Query<NetworkParams>, QueryRejection>,
) -> ApiResult<Json<NetworkReply>> {
    let q = params::query(q)?;
    let window = params::window(
        q.kind.as_deref(),
        q.status.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let depth = params::number(&q.depth, "depth", 1, MAX_DEPTH)?;
    let limit = params::number(&q.limit, "limit", MAX_NODES, MAX_NODES)?;
    let me = super::graph::entity(&state, q.entity.as_deref(), "entity").await?;
    let reply = super::graph::compute(&state, move |g, deadline| {
        let full = g.neighborhood(me.id, depth, usize::MAX, &window, deadline)?;
        // Hops from the centre, by breadth-first search over the network's edges.
        let mut adjacent: HashMap<i64, Vec<i64>> = HashMap::new();
        for e in &full.edges {
            adjacent.entry(e.source).or_default().push(e.target);
            adjacent.entry(e.target).or_default().push(e.source);
        }
        let mut depths: HashMap<i64, usize> = HashMap::from([(me.id, 0)]);
        let mut frontier = vec![me.id];
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for node in frontier {
                let d = depths[&node];
                for &other in adjacent.get(&node).into_iter().flatten() {
                    if let std::collections::hash_map::Entry::Vacant(slot) = depths.entry(other) {
                        slot.insert(d + 1);
                        next.push(other);
                    }
                }
            }
            frontier = next;
        }
        let total_nodes = full.nodes.len();
        let total_edges = full.edges.len();
        let weighted: Vec<(i64, i64, usize)> = full
            .edges
            .iter()
            .map(|e| (e.source, e.target, e.weight))
            .collect();
        let kept = if total_nodes > limit {
            keep_strongest(me.id, &weighted, &depths, limit)
        } else {
            full.nodes.iter().map(|n| n.id).collect()
        };
        let mut edges: Vec<ViewEdge> = full
            .edges
            .into_iter()
            .filter(|e| kept.contains(&e.source) && kept.contains(&e.target))
            .map(|e| {
                let events: Vec<_> = e.events.iter().filter_map(|id| g.event(*id)).collect();
                let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
                for ev in &events {
                    *kinds.entry(ev.kind().to_string()).or_default() += 1;
                }
                let main_kind = kinds
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                ViewEdge {
                    source: e.source,
                    target: e.target,
                    weight: e.weight,
                    main_kind,
                    kinds,
                    first: events
                        .iter()
                        .filter_map(|ev| ev.start_day())
                        .min()
                        .map(crate::graph::day_text),
                    last: events
                        .iter()
                        .filter_map(|ev| ev.end_day())
                        .max()
                        .map(crate::graph::day_text),
                    events: e.events,
                }
            })
            .collect();
        let mut truncated = kept.len() < total_nodes;
        if edges.len() > MAX_EDGES {
            edges.sort_by(|a, b| {
                b.weight
                    .cmp(&a.weight)
                    .then((a.source, a.target).cmp(&(b.source, b.target)))
            });
            edges.truncate(MAX_EDGES);
            truncated = true;
        }
        let mut degree: HashMap<i64, usize> = HashMap::new();
        for e in &edges {
            *degree.entry(e.source).or_default() += 1;
            *degree.entry(e.target).or_default() += 1;
        }
        let nodes: Vec<ViewNode> = full
            .nodes
            .into_iter()
            .filter(|n| kept.contains(&n.id))
            .map(|n| ViewNode {
                depth: depths.get(&n.id).copied().unwrap_or(0),
                degree: degree.get(&n.id).copied().unwrap_or(0),
                id: n.id,
                name: n.name,
                kind: n.kind,
                country: n.country,
            })
            .collect();
        Ok(NetworkReply {
            entity: me.clone(),
            depth,
            nodes,
            edges,
            total_nodes,
            total_edges,
            truncated,
            limit,
        })
    })
    .await?;
    Ok(Json(reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_the_strongest_ties_and_stays_connected() {
        // 1 is the centre; 2 is tied to it by 5 events, 3 by 1, and 4 hangs off 2 by 3.
        let edges = [(1, 2, 5), (1, 3, 1), (2, 4, 3), (3, 5, 9)];
        let depths = HashMap::from([(1, 0), (2, 1), (3, 1), (4, 2), (5, 2)]);
        let kept = keep_strongest(1, &edges, &depths, 3);
        assert_eq!(kept, HashSet::from([1, 2, 4]));
        let kept = keep_strongest(1, &edges, &depths, 10);
        assert_eq!(kept.len(), 5);
    }

    #[test]
    fn every_asset_has_a_content_type_and_an_etag() {
        for a in ASSETS {
            assert_eq!(a.content_type, content_type_of(a.name), "{}", a.name);
            assert!(etags()[a.name].starts_with('"'), "{}", a.name);
            assert!(!a.bytes.is_empty(), "{}", a.name);
        }
    }
}
