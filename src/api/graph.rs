//! GET /v1/graph/{contacts,common,path,neighborhood,centrality,communities}.
//!
//! Every query takes the window filters: `kind` (event kinds, comma-separated; calls, meetings
//! and visits by default), `status` (occurred by default; `any` for all), and the date bounds
//! `from`/`to` (on /path, whose `from`/`to` are entities, the bounds are `since`/`until`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::params;
use super::{ApiResult, AppError, AppState};
use crate::graph::query::{Contact, EntityRef, Hop, Metric, Network, Projection, Window};

/// Bounds on what one request may cost.
const MAX_HOPS: usize = 6;
const MAX_PATHS: usize = 5;
const MAX_DEPTH: usize = 3;
const MAX_NEIGHBORHOOD: usize = 2000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/graph/contacts", get(contacts))
        .route("/v1/graph/common", get(common))
        .route("/v1/graph/path", get(path))
        .route("/v1/graph/neighborhood", get(neighborhood))
        .route("/v1/graph/centrality", get(centrality))
        .route("/v1/graph/communities", get(communities))
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

    fn number(
        raw: &Option<String>,
        name: &str,
        default: usize,
        max: usize,
    ) -> Result<usize, AppError> {
        match raw.as_deref().filter(|r| !r.is_empty()) {
            None => Ok(default),
            Some(r) => r
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "{name} must be an integer from 1 to {max}, got {r:?}"
                    ))
                }),
        }
    }
}

/// One entity from an id or a name; unknown names get 404 with the closest known names.
pub(super) async fn entity(
    state: &AppState,
    raw: Option<&str>,
    name: &str,
) -> Result<EntityRef, AppError> {
    let raw = raw
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| AppError::BadRequest(format!("{name} is required: an entity id or name")))?;
    let mut ids = state.store.resolve_entity(raw).await?;
    if ids.is_empty() {
        // A surname alone ("okoro") names the one known person with that surname.
        let folded = crate::extract::entities::fold(raw);
        let by_surname: Vec<i64> = state
            .store
            .search_entities(raw, None, 10)
            .await?
            .into_iter()
            .filter(|e| {
                crate::extract::entities::fold(&e.name).rsplit(' ').next() == Some(folded.as_str())
            })
            .map(|e| e.id)
            .collect();
        if by_surname.len() == 1 {
            ids = by_surname;
        }
    }
    // Several entities share the name: the one in the most events is meant.
    let best = state.graph.read(|g| {
        ids.iter()
            .filter_map(|id| g.entity(*id))
            .max_by_key(|e| g.events_of(e.id).count())
            .map(EntityRef::from)
    });
    if let Some(e) = best {
        return Ok(e);
    }
    // The closest known names by spelling (Jaro-Winkler on folded names).
    let folded = crate::extract::entities::fold(raw);
    let mut scored: Vec<(f64, String)> = state.graph.read(|g| {
        g.entities()
            .map(|e| {
                let name = crate::extract::entities::fold(&e.name);
                let surname = name.rsplit(' ').next().unwrap_or("");
                let score = strsim::jaro_winkler(&folded, &name)
                    .max(strsim::jaro_winkler(&folded, surname));
                (score, e.name.clone())
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect()
    });
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut suggestions: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !suggestions.contains(&name) {
            suggestions.push(name);
        }
    }
    suggestions.truncate(5);
    let hint = if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}", suggestions.join(", "))
    };
    Err(AppError::NotFound(format!("no entity named {raw:?}{hint}")))
}

#[derive(Serialize)]
struct ContactsReply {
    entity: EntityRef,
    contacts: Vec<Contact>,
}

async fn contacts(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<ContactsReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let me = entity(&state, q.entity.as_deref(), "entity").await?;
    let mut contacts = state.graph.read(|g| g.contacts(me.id, &window));
    if q.with.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        let other = entity(&state, q.with.as_deref(), "with").await?;
        contacts.retain(|c| c.entity.id == other.id);
    }
    Ok(Json(ContactsReply {
        entity: me,
        contacts,
    }))
}

async fn common(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let a = entity(&state, q.a.as_deref(), "a").await?;
    let b = entity(&state, q.b.as_deref(), "b").await?;
    let common = state.graph.read(|g| g.common_contacts(a.id, b.id, &window));
    let common: Vec<Value> = common
        .into_iter()
        .map(|(e, with_a, with_b)| json!({"entity": e, "with_a": with_a, "with_b": with_b}))
        .collect();
    Ok(Json(json!({"a": a, "b": b, "common": common})))
}

#[derive(Serialize)]
struct PathReply {
    from: EntityRef,
    to: EntityRef,
    paths: Vec<Vec<HopView>>,
}

#[derive(Serialize)]
struct HopView {
    from: EntityRef,
    to: EntityRef,
    events: Vec<Value>,
}

async fn path(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<PathReply>> {
    let q = params::query(q)?;
    let window = q.window((&q.since, &q.until))?;
    let from = entity(&state, q.from.as_deref(), "from").await?;
    let to = entity(&state, q.to.as_deref(), "to").await?;
    let max_hops = GraphParams::number(&q.max_hops, "max_hops", 4, MAX_HOPS)?;
    let k = GraphParams::number(&q.k, "k", 1, MAX_PATHS)?;
    let paths = state.graph.read(|g| {
        let view = |h: &Hop| -> Option<HopView> {
            Some(HopView {
                from: g.entity(h.from)?.into(),
                to: g.entity(h.to)?.into(),
                events: h.events.iter().filter_map(|id| g.event(*id)).map(|e| json!({"id": e.id(), "kind": e.kind(), "date": e.date(), "sources": e.sources().collect::<Vec<_>>()})).collect(),
            })
        };
        g.paths(from.id, to.id, max_hops, k, &window).iter().map(|p| p.iter().filter_map(view).collect()).collect()
    });
    Ok(Json(PathReply { from, to, paths }))
}

async fn neighborhood(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<Network>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let me = entity(&state, q.entity.as_deref(), "entity").await?;
    let depth = GraphParams::number(&q.depth, "depth", 1, MAX_DEPTH)?;
    let limit = GraphParams::number(&q.limit, "limit", 200, MAX_NEIGHBORHOOD)?;
    Ok(Json(
        state
            .graph
            .read(|g| g.neighborhood(me.id, depth, limit, &window)),
    ))
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

async fn centrality(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
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
    let ranked = state
        .graph
        .read(|g| g.centrality(metric, projection, &window, limit))
        .map_err(|e| AppError::Unprocessable(e.to_string()))?;
    let ranked: Vec<Value> = ranked
        .into_iter()
        .map(|(e, score)| json!({"entity": e, "score": score}))
        .collect();
    Ok(Json(
        json!({"metric": raw_metric, "projection": projection, "ranking": ranked}),
    ))
}

async fn communities(
    State(state): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let q = params::query(q)?;
    let window = q.window((&q.from, &q.to))?;
    let projection = projection(q.projection.as_deref())?;
    let groups = state.graph.read(|g| g.communities(projection, &window));
    Ok(Json(
        json!({"projection": projection, "communities": groups}),
    ))
}
