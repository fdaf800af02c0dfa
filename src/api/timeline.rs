//! GET /v1/timeline (an entity's, a pair's or a country's events in date order, with a
//! histogram) and GET /v1/search (full text over articles, with the events they report).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::graph::ReadGraph;
use crate::store::{Bucket, BucketSize, EventView, SearchPage, Span, Store};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(timeline))
        .routes(routes!(search))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    #[serde(flatten)]
    #[param(ignore)]
    pub filter: FilterParams,
    /// Two entities separated by a comma: the events both take part in.
    pub pair: Option<String>,
    /// The histogram's bucket: day, week, month (the default) or year.
    #[param(example = "month")]
    pub bucket: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TimelineReply {
    events: Vec<EventView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    next_cursor: Option<String>,
    bucket: String,
    /// Events per bucket, over the whole timeline: each event whose date lies within one
    /// bucket (a day-precision date always does; a month does in month and year buckets).
    buckets: Vec<Bucket>,
    /// The events dated more coarsely than the buckets (a month in day or week buckets, a
    /// year in month buckets, a week across two months), by date, with its first and last
    /// day: never counted on the first day of their range.
    spans: Vec<Span>,
}

/// An entity's, a pair's or a country's events in date order, with a histogram; one of
/// entity, pair or country is required.
#[utoipa::path(
    get,
    path = "/v1/timeline",
    tag = "timeline",
    params(FilterParams, TimelineParams),
    responses(
        (status = 200, description = "A page of events and the histogram", body = TimelineReply),
        (status = 400, description = "None of entity, pair or country, or a malformed parameter"),
        (status = 404, description = "An entity is unknown (the detail names near spellings)"),
        (status = 409, description = "An entity's name is ambiguous: see candidates"),
    ),
)]
async fn timeline(
    State(state): State<AppState>,
    q: Result<Query<TimelineParams>, QueryRejection>,
) -> ApiResult<Json<TimelineReply>> {
    let q = params::query(q)?;
    Ok(Json(timeline_page(&state.store, &state.graph, &q).await?))
}

/// A page of a timeline with its histogram: the handler's work, shared with
/// `eventgraph timeline`.
pub async fn timeline_page(
    store: &Store,
    graph: &(impl ReadGraph + Sync),
    q: &TimelineParams,
) -> ApiResult<TimelineReply> {
    let mut filter = q.filter.filter_in(store, graph).await?;
    if let Some(pair) = q.pair.as_deref().filter(|p| !p.is_empty()) {
        let (a, b) = pair.split_once(',').ok_or_else(|| {
            AppError::BadRequest(format!(
                "pair must be two entities separated by a comma, got {pair:?}"
            ))
        })?;
        for side in [a, b] {
            filter.all_of.push(
                params::required_entity_in(store, graph, Some(side), "pair")
                    .await?
                    .id,
            );
        }
        if filter.all_of[filter.all_of.len() - 2] == filter.all_of[filter.all_of.len() - 1] {
            return Err(AppError::BadRequest(format!(
                "pair must name two different entities, got {pair:?}"
            )));
        }
    }
    if filter.entities.is_none() && filter.all_of.is_empty() && filter.country.is_none() {
        return Err(AppError::BadRequest(
            "give entity, pair=a,b or country".into(),
        ));
    }
    let name = q.bucket.clone().unwrap_or_else(|| "month".into());
    let size = BucketSize::parse(&name).ok_or_else(|| {
        AppError::BadRequest(format!(
            "bucket must be day, week, month or year, got {name:?}"
        ))
    })?;
    let limit = params::limit(q.filter.limit.as_deref())?;
    let page = store
        .timeline(
            &filter,
            q.filter.cursor.as_deref().filter(|c| !c.is_empty()),
            limit,
        )
        .await?;
    let histogram = store.timeline_buckets(&filter, size).await?;
    Ok(TimelineReply {
        events: page.events,
        next_cursor: page.next_cursor,
        bucket: name,
        buckets: histogram.buckets,
        spans: histogram.spans,
    })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find in the articles' text (SQLite FTS5).
    #[param(required = true, value_type = String, example = "minister")]
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (50 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// Full-text search over the articles, with the events they report.
#[utoipa::path(
    get,
    path = "/v1/search",
    operation_id = "search_articles",
    tag = "timeline",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of the matching articles, best first", body = SearchPage),
        (status = 400, description = "q is malformed or too long, or the cursor or the limit is malformed"),
    ),
)]
async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<SearchPage>> {
    let q = params::query(q)?;
    Ok(Json(search_page(&state.store, &q).await?))
}

/// A page of search results: the handler's work, shared with `eventgraph search`.
pub async fn search_page(store: &Store, q: &SearchParams) -> ApiResult<SearchPage> {
    let text = params::text(q.q.as_deref(), "q")?;
    let limit = params::limit(q.limit.as_deref())?;
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    Ok(store.search(text, cursor, limit).await?)
}
