//! POST /v1/entities/{id}/merge and POST /v1/entities/{id}/split: the analyst's correction of
//! entity resolution. The store does the work in one transaction (the CLI calls the same
//! functions); the handlers read the body, turn refusals into problems, and bring the graph
//! up to date.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params;
use super::{ApiResult, AppError, AppState};
use crate::store::{MergeOutcome, MergeRefusal, MergeView};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(merge))
        .routes(routes!(split))
}

#[derive(Deserialize, ToSchema)]
struct MergeRequest {
    /// The entity to merge into `{id}`: it is deleted, and what named it names `{id}`.
    other: i64,
    /// Why the two are one person (or organisation, ...): kept with the merge.
    reason: String,
}

#[derive(Deserialize, ToSchema)]
struct SplitRequest {
    /// The id of the merge to undo, as the merge answered it or `GET /v1/entities/{id}` lists it.
    merge: i64,
}

/// The JSON body, or a problem saying what is wrong with it.
fn body<T>(b: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    b.map(|Json(v)| v).map_err(|e| match e {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::UnsupportedMediaType("send the body as application/json".into())
        }
        JsonRejection::JsonDataError(_) => AppError::Unprocessable(e.body_text()),
        // A body over the service's limit: the rejection's own status (413) says so.
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge(other.body_text())
        }
        other => AppError::BadRequest(other.body_text()),
    })
}

impl From<MergeRefusal> for AppError {
    fn from(refusal: MergeRefusal) -> Self {
        match refusal {
            MergeRefusal::Unknown(reason) => Self::NotFound(reason),
            MergeRefusal::Invalid(reason) => Self::Unprocessable(reason),
            MergeRefusal::Conflict(reason) => Self::Status(StatusCode::CONFLICT, reason),
        }
    }
}

/// The committed merge or split, once the graph follows it.
async fn applied(state: &AppState, outcome: MergeOutcome) -> ApiResult<Json<MergeView>> {
    let applied = outcome?;
    // The store is committed; a graph that lags catches up from the store's change log.
    if let Err(e) = state
        .graph
        .apply_changes(&state.store, &applied.changes)
        .await
    {
        tracing::warn!(error = %e, "graph update after a merge or split failed");
    }
    Ok(Json(applied.merge))
}

/// Merges entity `other` into `{id}`: its aliases, mentions and event participations move to
/// `{id}`, it is deleted (its id is never given to another entity), and the merge is recorded
/// with its reason. Events that become alike stay separate events.
#[utoipa::path(
    post,
    path = "/v1/entities/{id}/merge",
    operation_id = "merge_entities",
    tag = "entities",
    params(("id" = i64, Path, description = "The entity that is kept", example = 63)),
    request_body(content = MergeRequest, content_type = "application/json",
        example = json!({"other": 64, "reason": "Ortega is the first surname of Luis Ortega Villa, named so in the same report"})),
    responses(
        (status = 200, description = "Merged: the record of the merge", body = MergeView),
        (status = 400, description = "The id or the body is malformed"),
        (status = 404, description = "No such entity"),
        (status = 415, description = "The body is not application/json"),
        (status = 422, description = "An entity merged into itself, entities of two kinds, no reason, or a reason longer than 2000 characters"),
    ),
)]
async fn merge(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    request: Result<Json<MergeRequest>, JsonRejection>,
) -> ApiResult<Json<MergeView>> {
    let id = params::id(&params::path(id)?, "entity")?;
    let request = body(request)?;
    let outcome = state
        .store
        .merge_entities(id, request.other, &request.reason)
        .await?;
    applied(&state, outcome).await
}

/// Undoes a merge into `{id}`: the merged entity comes back under its own id with the
/// aliases, mentions and participations the merge moved, and the split is recorded. A name
/// joined to the entity at ingest (`auto`) becomes an entity of its own, under a new id
/// (`merged_id` of the answer), with what was attached under that name.
#[utoipa::path(
    post,
    path = "/v1/entities/{id}/split",
    operation_id = "split_entity",
    tag = "entities",
    params(("id" = i64, Path, description = "The entity the merge went into", example = 63)),
    request_body(content = SplitRequest, content_type = "application/json", example = json!({"merge": 1})),
    responses(
        (status = 200, description = "Split: the record of the merge, with split_at", body = MergeView),
        (status = 400, description = "The id or the body is malformed"),
        (status = 404, description = "No such merge into this entity"),
        (status = 409, description = "The merge is split already, the entity was merged away or deleted since, or another entity holds the id or the name to restore"),
        (status = 415, description = "The body is not application/json"),
        (status = 422, description = "The body is JSON of the wrong shape: a missing or mistyped field"),
    ),
)]
async fn split(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    request: Result<Json<SplitRequest>, JsonRejection>,
) -> ApiResult<Json<MergeView>> {
    let id = params::id(&params::path(id)?, "entity")?;
    let request = body(request)?;
    let outcome = state.store.split_merge(request.merge, Some(id)).await?;
    applied(&state, outcome).await
}
