//! GET /v1/entities?q=, GET /v1/entities/{id}, GET /v1/entities/{id}/timeline.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::extract::EntityKind;
use crate::store::{EntityView, TimelinePage};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/entities", get(search))
        .route("/v1/entities/{id}", get(one))
        .route("/v1/entities/{id}/timeline", get(timeline))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    kind: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
struct SearchResult {
    entities: Vec<EntityView>,
}

async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<SearchResult>> {
    let q = params::query(q)?;
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            EntityKind::parse(k)
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "kind must be person, country, organization or location, got {k:?}"
                    ))
                })?
                .as_str(),
        ),
        None => None,
    };
    let limit = params::limit(q.limit.as_deref())?;
    let entities = state
        .store
        .search_entities(params::text(q.q.as_deref(), "q")?, kind, limit)
        .await?;
    Ok(Json(SearchResult { entities }))
}

async fn one(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<EntityView>> {
    let id = params::id(&params::path(id)?, "entity")?;
    state
        .store
        .entity(id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no entity {id}")))
}

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
    filter.entities = Some(vec![id]);
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
