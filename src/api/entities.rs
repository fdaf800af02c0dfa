//! GET /v1/entities?q=, GET /v1/entities/{id} (with the merges into it),
//! GET /v1/entities/{id}/timeline.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::extract::EntityKind;
use crate::store::{EntityView, MergeView, TimelinePage};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(one))
        .routes(routes!(timeline))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchParams {
    /// Part of a name or alias.
    #[param(example = "Brenner")]
    q: Option<String>,
    /// person, country, organization or location.
    #[param(example = "person")]
    kind: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1 to 500 (50 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    limit: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct SearchResult {
    entities: Vec<EntityView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    next_cursor: Option<String>,
}

/// The cursor of the entity search: the event count and id of the last entity of a page.
fn entity_cursor(raw: Option<&str>) -> ApiResult<Option<(i64, i64)>> {
    let Some(raw) = raw.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    raw.split_once(',')
        .and_then(|(events, id)| Some((events.parse().ok()?, id.parse().ok()?)))
        .map(Some)
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "invalid cursor {raw:?}: pass next_cursor from the previous page"
            ))
        })
}

/// Entities by name or alias, those in most events first, in keyset pages.
#[utoipa::path(
    get,
    path = "/v1/entities",
    operation_id = "search_entities",
    tag = "entities",
    params(SearchParams),
    responses(
        (status = 200, description = "The matching entities", body = SearchResult),
        (status = 400, description = "The kind, the cursor or the limit is malformed, or q is too long"),
    ),
)]
async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<SearchResult>> {
    let q = params::query(q)?;
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            EntityKind::parse_filter(k)
                .map_err(|e| AppError::BadRequest(format!("kind {e}")))?
                .as_str(),
        ),
        None => None,
    };
    let limit = params::limit(q.limit.as_deref())?;
    let after = entity_cursor(q.cursor.as_deref())?;
    let mut entities = state
        .store
        .search_entities_after(params::text(q.q.as_deref(), "q")?, kind, after, limit + 1)
        .await?;
    let next_cursor = (entities.len() > limit as usize).then(|| {
        entities.truncate(limit as usize);
        entities
            .last()
            .map(|e| format!("{},{}", e.counts.events, e.id))
    });
    Ok(Json(SearchResult {
        entities,
        next_cursor: next_cursor.flatten(),
    }))
}

/// An entity with the merges into it.
#[derive(Serialize, ToSchema)]
struct EntityDetail {
    #[serde(flatten)]
    entity: EntityView,
    /// Every merge into the entity, oldest first: names resolved to it at ingest (`auto`) and
    /// entities merged into it (`analyst`), with their reasons; split ones have `split_at`.
    merges: Vec<MergeView>,
}

/// One entity with its aliases, counts and the merges into it.
#[utoipa::path(
    get,
    path = "/v1/entities/{id}",
    operation_id = "entity",
    tag = "entities",
    params(("id" = i64, Path, description = "The entity's id", example = 1)),
    responses(
        (status = 200, description = "The entity", body = EntityDetail),
        (status = 400, description = "The id is not a positive integer"),
        (status = 404, description = "No such entity"),
    ),
)]
async fn one(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<EntityDetail>> {
    let id = params::id(&params::path(id)?, "entity")?;
    let entity = state
        .store
        .entity(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no entity {id}")))?;
    let merges = state.store.merges_into(id).await?;
    Ok(Json(EntityDetail { entity, merges }))
}

/// The entity's events in date order, in pages.
#[utoipa::path(
    get,
    path = "/v1/entities/{id}/timeline",
    operation_id = "entity_timeline",
    tag = "entities",
    params(("id" = i64, Path, description = "The entity's id", example = 1), FilterParams),
    responses(
        (status = 200, description = "A page of the entity's events", body = TimelinePage),
        (status = 400, description = "The id or a filter is malformed"),
        (status = 404, description = "No such entity"),
        (status = 409, description = "The entity filter's name is ambiguous: see candidates"),
    ),
)]
async fn timeline(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<FilterParams>, QueryRejection>,
) -> ApiResult<Json<TimelinePage>> {
    let id = params::id(&params::path(id)?, "entity")?;
    if state.store.entity(id).await?.is_none() {
        return Err(AppError::NotFound(format!("no entity {id}")));
    }
    let q = params::query(q)?;
    let mut filter = q.filter(&state).await?;
    // With an `entity` filter too: the events the two share.
    if let Some(others) = filter.entities.replace(vec![id]) {
        filter.all_of.extend(others);
        filter.all_of.push(id);
    }
    let limit = params::limit(q.limit.as_deref())?;
    Ok(Json(
        state
            .store
            .timeline(
                &filter,
                q.cursor.as_deref().filter(|c| !c.is_empty()),
                limit,
            )
            .await?,
    ))
}
