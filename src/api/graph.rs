//! GET /v1/graph/{contacts,common,path,neighborhood,centrality,communities}.
//!
//! Every query takes the window filters: `kind` (event kinds, comma-separated; calls, meetings
//! and visits by default), `status` (occurred by default; `any` for all), and the date bounds
//! `from`/`to` (on /path, whose `from`/`to` are entities, the bounds are `since`/`until`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params::{self, WindowParams};
use super::{ApiResult, AppError, AppState};
use crate::graph::centrality::Method;
use crate::graph::deadline::Deadline;
use crate::graph::query::{
    Contact, EntityRef, Hop, Metric, Network, Projection, QueryError, Window,
};
use crate::graph::Graph;
use crate::limits;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(contacts))
        .routes(routes!(common))
        .routes(routes!(path))
        .routes(routes!(neighborhood))
        .routes(routes!(centrality))
        .routes(routes!(communities))
}

#[derive(Debug, Default, Deserialize)]
struct GraphParams {
    entity: Option<String>,
    with: Option<String>,
    a: Option<String>,
    b: Option<String>,
    from: Option<String>,
    to: Option<String>,
    since: Option<String>,
    until: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    max_hops: Option<String>,
    k: Option<String>,
    depth: Option<String>,
    limit: Option<String>,
    metric: Option<String>,
    projection: Option<String>,
}

impl GraphParams {
    /// The window; `dates` names the parameters that hold the date bounds.
    fn window(&self, dates: (&Option<String>, &Option<String>)) -> Result<Window, AppError> {
        params::window(
            self.kind.as_deref(),
            self.status.as_deref(),
            dates.0.as_deref(),
            dates.1.as_deref(),
        )
    }
}

/// Runs a query on a snapshot of the graph, on a blocking thread, until the request's
/// deadline. Dropping the request (a timeout, a hang-up) cancels the work at its next check.
pub(super) async fn compute<T: Send + 'static>(
    state: &AppState,
    query: impl FnOnce(&Graph, &Deadline) -> Result<T, QueryError> + Send + 'static,
) -> ApiResult<T> {
    let graph = state.graph.snapshot();
    let limit = state.request_timeout;
    let deadline = Deadline::after(limit);
    let _cancel = deadline.cancel_on_drop();
    let running = state.metrics.query_running();
    let answer = tokio::task::spawn_blocking(move || {
        let _running = running;
        query(&graph, &deadline)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    answer.map_err(|e| match e {
        QueryError::TooLarge(too_large) => AppError::Unprocessable(too_large.to_string()),
        QueryError::Interrupted(_) => AppError::RequestTimeout(format!(
            "the query did not finish within {} s: narrow the window (kind, from, to) or ask for less (depth, max_hops, limit)",
            limit.as_secs_f64()
        )),
    })
}

/// One entity from an id or a name (see [`crate::graph::resolve`]).
pub(super) async fn entity(
    state: &AppState,
    raw: Option<&str>,
    name: &str,
) -> Result<EntityRef, AppError> {
    params::required_entity(state, raw, name).await
}

#[derive(Serialize, ToSchema)]
struct ContactsReply {
    entity: EntityRef,
    contacts: Vec<Contact>,
}

/// Who the entity called, met or visited, how often, when first and last.
#[utoipa::path(
    get,
    path = "/v1/graph/contacts",
    tag = "graph",
    params(
        ("entity" = String, Query, description = "An entity id, name, alias or surname", example = "Matthias Brenner"),
        ("with" = Option<String>, Query, description = "Only the contacts with this entity"),
        WindowParams,
    ),
    responses(
        (status = 200, description = "The entity and its contacts", body = ContactsReply),
        (status = 400, description = "entity is missing, or a window parameter is malformed"),
        (status = 404, description = "An entity is unknown (the detail names near spellings)"),
        (status = 409, description = "An entity's name is ambiguous: see candidates"),
    ),
)]
async fn contacts(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<ContactsReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let me = entity(&state, q.entity.as_deref(), "entity").await?;
    let id = me.id;
    // Bounded by the entity's own events: a short read, no snapshot.
    let mut contacts = state.graph.read(|g| g.contacts(id, &window));
    if q.with.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        let other = entity(&state, q.with.as_deref(), "with").await?;
        contacts.retain(|c| c.entity.id == other.id);
    }
    Ok(Json(ContactsReply {
        entity: me,
        contacts,
    }))
}

/// The contacts two entities share, with the events linking each to either.
#[utoipa::path(
    get,
    path = "/v1/graph/common",
    tag = "graph",
    params(
        ("a" = String, Query, description = "An entity id or name", example = "Elaine MacLeod"),
        ("b" = String, Query, description = "An entity id or name", example = "Samuel Otieno"),
        WindowParams,
    ),
    responses(
        (status = 200, description = "The contacts both have", body = CommonReply),
        (status = 400, description = "a or b is missing, or a window parameter is malformed"),
        (status = 404, description = "An entity is unknown (the detail names near spellings)"),
        (status = 409, description = "An entity's name is ambiguous: see candidates"),
    ),
)]
async fn common(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<CommonReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let a = entity(&state, q.a.as_deref(), "a").await?;
    let b = entity(&state, q.b.as_deref(), "b").await?;
    let (ia, ib) = (a.id, b.id);
    let common = state.graph.read(|g| g.common_contacts(ia, ib, &window));
    let common = common
        .into_iter()
        .map(|(entity, with_a, with_b)| CommonContact {
            entity,
            with_a,
            with_b,
        })
        .collect();
    Ok(Json(CommonReply { a, b, common }))
}

#[derive(Serialize, ToSchema)]
struct CommonReply {
    a: EntityRef,
    b: EntityRef,
    common: Vec<CommonContact>,
}

/// A contact of both: how many events link it to a and to b.
#[derive(Serialize, ToSchema)]
struct CommonContact {
    entity: EntityRef,
    with_a: usize,
    with_b: usize,
}

#[derive(Serialize, ToSchema)]
struct PathReply {
    from: EntityRef,
    to: EntityRef,
    paths: Vec<Vec<HopView>>,
}

#[derive(Serialize, ToSchema)]
struct HopView {
    from: EntityRef,
    to: EntityRef,
    /// The events linking the two: id, kind, date and sources.
    #[schema(value_type = Vec<Object>)]
    events: Vec<Value>,
}

/// The shortest chains of contacts between two entities.
#[utoipa::path(
    get,
    path = "/v1/graph/path",
    tag = "graph",
    params(
        ("from" = String, Query, description = "An entity id or name", example = "Elaine MacLeod"),
        ("to" = String, Query, description = "An entity id or name", example = "Samuel Otieno"),
        ("max_hops" = Option<u32>, Query, description = "Longest chain, 1 to 6 (4 by default)", minimum = 1, maximum = 6),
        ("k" = Option<u32>, Query, description = "How many chains, 1 to 5 (1 by default)", minimum = 1, maximum = 5),
        ("kind" = Option<String>, Query, description = "Event kinds, comma-separated (calls, meetings and visits by default)"),
        ("status" = Option<String>, Query, description = "occurred (the default), planned, denied, or any"),
        ("since" = Option<String>, Query, description = "Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ("until" = Option<String>, Query, description = "Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD"),
    ),
    responses(
        (status = 200, description = "The chains, shortest first", body = PathReply),
        (status = 400, description = "from or to is missing, or a parameter is malformed"),
        (status = 404, description = "An entity is unknown (the detail names near spellings)"),
        (status = 408, description = "The search did not finish within the request's time limit"),
        (status = 409, description = "An entity's name is ambiguous: see candidates"),
    ),
)]
async fn path(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<PathReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.since, &q.until))?;
    let from = entity(&state, q.from.as_deref(), "from").await?;
    let to = entity(&state, q.to.as_deref(), "to").await?;
    let max_hops = params::bounded(q.max_hops.as_deref(), limits::MAX_HOPS)?;
    let k = params::bounded(q.k.as_deref(), limits::PATHS)?;
    let ends = (from.id, to.id);
    let paths = compute(&state, move |g, deadline| {
        let view = |h: &Hop| -> Option<HopView> {
            Some(HopView {
                from: g.entity(h.from)?.into(),
                to: g.entity(h.to)?.into(),
                events: h.events.iter().filter_map(|id| g.event(*id)).map(|e| json!({"id": e.id(), "kind": e.kind(), "date": e.date(), "sources": e.sources().collect::<Vec<_>>()})).collect(),
            })
        };
        let paths = g.paths(ends.0, ends.1, max_hops, k, &window, deadline)?;
        Ok(paths.iter().map(|p| p.iter().filter_map(view).collect()).collect())
    })
    .await?;
    Ok(Json(PathReply { from, to, paths }))
}

/// The entity's network, up to depth hops.
#[utoipa::path(
    get,
    path = "/v1/graph/neighborhood",
    tag = "graph",
    params(
        ("entity" = String, Query, description = "An entity id or name", example = "Matthias Brenner"),
        ("depth" = Option<u32>, Query, description = "Hops, 1 to 3 (1 by default)", minimum = 1, maximum = 3),
        ("limit" = Option<u32>, Query, description = "Most nodes, 1 to 2000 (200 by default)", minimum = 1, maximum = 2000),
        WindowParams,
    ),
    responses(
        (status = 200, description = "The network", body = Network),
        (status = 400, description = "entity is missing, or a parameter is malformed"),
        (status = 404, description = "The entity is unknown (the detail names near spellings)"),
        (status = 408, description = "The query did not finish within the request's time limit"),
        (status = 409, description = "The entity's name is ambiguous: see candidates"),
        (status = 422, description = "The network is too large to compute"),
    ),
)]
async fn neighborhood(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<Network>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let me = entity(&state, q.entity.as_deref(), "entity").await?;
    let depth = params::bounded(q.depth.as_deref(), limits::DEPTH)?;
    let limit = params::bounded(q.limit.as_deref(), limits::NEIGHBORHOOD)?;
    let id = me.id;
    let network = compute(&state, move |g, deadline| {
        Ok(g.neighborhood(id, depth, limit, &window, deadline)?)
    })
    .await?;
    Ok(Json(network))
}

fn projection(raw: Option<&str>) -> Result<Projection, AppError> {
    match raw.unwrap_or("people") {
        "people" | "person" | "contacts" => Ok(Projection::People),
        "countries" | "country" => Ok(Projection::Countries),
        other => Err(AppError::BadRequest(format!(
            "projection must be people or countries, got {other:?}"
        ))),
    }
}

/// The most central entities of the people's (or countries') graph.
#[utoipa::path(
    get,
    path = "/v1/graph/centrality",
    tag = "graph",
    params(
        ("metric" = Option<String>, Query, description = "degree (the default), pagerank, betweenness or closeness", example = "pagerank"),
        ("projection" = Option<String>, Query, description = "people (the default) or countries", example = "people"),
        ("limit" = Option<u32>, Query, description = "How many, 1 to 500 (50 by default)", minimum = 1, maximum = 500),
        WindowParams,
    ),
    responses(
        (status = 200, description = "The ranking, and how the scores were computed", body = CentralityReply),
        (status = 400, description = "A parameter is malformed"),
        (status = 408, description = "The query did not finish within the request's time limit"),
        (status = 422, description = "The graph is too large for this metric"),
    ),
)]
async fn centrality(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<CentralityReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let raw_metric = q.metric.as_deref().unwrap_or("degree");
    let metric = Metric::parse(raw_metric).ok_or_else(|| {
        AppError::BadRequest(format!(
            "metric must be degree, pagerank, betweenness or closeness, got {raw_metric:?}"
        ))
    })?;
    let projection = projection(q.projection.as_deref())?;
    let limit = params::limit(q.limit.as_deref())? as usize;
    let ranking = compute(&state, move |g, deadline| {
        g.centrality(metric, projection, &window, limit, deadline)
    })
    .await?;
    let ranking_list = ranking
        .ranked
        .into_iter()
        .map(|(entity, score)| Ranked { entity, score })
        .collect();
    Ok(Json(CentralityReply {
        metric: raw_metric.to_string(),
        projection,
        nodes: ranking.nodes,
        links: ranking.links,
        ranking: ranking_list,
        method: ranking.method,
    }))
}

#[derive(Serialize, ToSchema)]
struct CentralityReply {
    metric: String,
    projection: Projection,
    /// The projection's size.
    nodes: usize,
    links: usize,
    /// The most central first.
    ranking: Vec<Ranked>,
    /// How the scores were computed: exact, or sampled from `sources` nodes.
    #[serde(flatten)]
    method: Method,
}

#[derive(Serialize, ToSchema)]
struct Ranked {
    entity: EntityRef,
    score: f64,
}

/// Groups of entities more linked to each other than to the rest.
#[utoipa::path(
    get,
    path = "/v1/graph/communities",
    tag = "graph",
    params(
        ("projection" = Option<String>, Query, description = "people (the default) or countries", example = "people"),
        WindowParams,
    ),
    responses(
        (status = 200, description = "The groups", body = CommunitiesReply),
        (status = 400, description = "A parameter is malformed"),
        (status = 408, description = "The query did not finish within the request's time limit"),
        (status = 422, description = "The graph is too large to compute"),
    ),
)]
async fn communities(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<CommunitiesReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let projection = projection(q.projection.as_deref())?;
    let groups = compute(&state, move |g, deadline| {
        Ok(g.communities(projection, &window, deadline)?)
    })
    .await?;
    Ok(Json(CommunitiesReply {
        projection,
        communities: groups,
    }))
}

#[derive(Serialize, ToSchema)]
struct CommunitiesReply {
    projection: Projection,
    /// Each group's members.
    communities: Vec<Vec<EntityRef>>,
}
