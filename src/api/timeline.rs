//! GET /v1/timeline (an entity's, a pair's or a country's events in date order, with a
//! histogram) and GET /v1/search (full text over articles, with the events they report).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::store::{Bucket, BucketSize, EventView, SearchHit};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/timeline", get(timeline))
        .route("/v1/search", get(search))
}

#[derive(Deserialize)]
struct TimelineParams {
    #[serde(flatten)]
    filter: FilterParams,
    pair: Option<String>,
    bucket: Option<String>,
}

#[derive(Serialize)]
struct TimelineReply {
    events: Vec<EventView>,
    next_cursor: Option<String>,
    bucket: String,
    buckets: Vec<Bucket>,
}

async fn timeline(
    State(state): State<AppState>,
    q: Result<Query<TimelineParams>, QueryRejection>,
) -> ApiResult<Json<TimelineReply>> {
    let q = params::query(q)?;
    let mut filter = q.filter.filter(&state).await?;
    if let Some(pair) = q.pair.as_deref().filter(|p| !p.is_empty()) {
        let (a, b) = pair.split_once(',').ok_or_else(|| {
            AppError::BadRequest(format!(
                "pair must be two entities separated by a comma, got {pair:?}"
            ))
        })?;
        for side in [a, b] {
            filter.all_of.push(
                params::required_entity(&state, Some(side), "pair")
                    .await?
                    .id,
            );
        }
    }
    if filter.entities.is_none() && filter.all_of.is_empty() && filter.country.is_none() {
        return Err(AppError::BadRequest(
            "give entity, pair=a,b or country".into(),
        ));
    }
    let name = q.bucket.clone().unwrap_or_else(|| "month".into());
    let size = BucketSize::parse(&name).ok_or_else(|| {
        AppError::BadRequest(format!("bucket must be day, week or month, got {name:?}"))
    })?;
    let limit = params::limit(q.filter.limit.as_deref())?;
    let page = state
        .store
        .timeline(
            &filter,
            q.filter.cursor.as_deref().filter(|c| !c.is_empty()),
            limit,
        )
        .await?;
    let buckets = state.store.timeline_buckets(&filter, size).await?;
    Ok(Json(TimelineReply {
        events: page.events,
        next_cursor: page.next_cursor,
        bucket: name,
        buckets,
    }))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
struct SearchReply {
    results: Vec<SearchHit>,
}

async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<SearchReply>> {
    let q = params::query(q)?;
    let text = params::text(q.q.as_deref(), "q")?;
    let limit = params::limit(q.limit.as_deref())?;
    Ok(Json(SearchReply {
        results: state.store.search(text, limit).await?,
    }))
}
