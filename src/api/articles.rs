//! POST /v1/articles (text, JSON, NDJSON) and GET /v1/articles/{id}.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::{stream, StreamExt};
use serde::Serialize;

use super::{params, ApiResult, AppError, AppState};
use crate::article::{Article, Format};
use crate::pipeline;
use crate::store::{ArticleView, DeleteOutcome, IngestOutcome};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/articles", post(ingest))
        .route("/v1/articles/{id}", get(article).delete(delete_article))
}

/// One line of an NDJSON batch, as reported back.
#[derive(Serialize)]
struct BatchLine {
    line: usize,
    status: &'static str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    outcome: Option<IngestOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct BatchReport {
    created: usize,
    known: usize,
    rejected: usize,
    results: Vec<BatchLine>,
}

async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = Format::from_content_type(content_type).ok_or_else(|| {
        AppError::UnsupportedMediaType(format!(
            "content type {content_type:?} is not accepted: send text/plain, application/json or application/x-ndjson"
        ))
    })?;
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(e.body_text()),
        _ => AppError::BadRequest(e.body_text()),
    })?;
    let records = format.parse(&body, state.limits)?;
    if format != Format::Ndjson {
        let article = records
            .into_iter()
            .next()
            .map(|(_, r)| r)
            .ok_or_else(|| AppError::BadRequest("empty body".into()))??;
        let outcome = ingest_one(&state, article).await?;
        let status = if outcome.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        return Ok((status, Json(outcome)).into_response());
    }
    let mut report = BatchReport {
        created: 0,
        known: 0,
        rejected: 0,
        results: Vec::with_capacity(records.len()),
    };
    // Lines are extracted concurrently and written together (group commit); the report keeps
    // their order.
    let results: Vec<_> = stream::iter(records)
        .map(|(line, record)| {
            let state = &state;
            async move {
                let result = match record {
                    Ok(article) => ingest_one(state, article).await,
                    Err(e) => Err(AppError::from(e)),
                };
                (line, result)
            }
        })
        .buffered(pipeline::MAX_GROUP)
        .collect()
        .await;
    for (line, result) in results {
        let entry = match result {
            Ok(outcome) if outcome.created => {
                report.created += 1;
                BatchLine {
                    line,
                    status: "created",
                    outcome: Some(outcome),
                    error: None,
                }
            }
            Ok(outcome) => {
                report.known += 1;
                BatchLine {
                    line,
                    status: "known",
                    outcome: Some(outcome),
                    error: None,
                }
            }
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(e) => {
                report.rejected += 1;
                BatchLine {
                    line,
                    status: "rejected",
                    outcome: None,
                    error: Some(e.to_string()),
                }
            }
        };
        report.results.push(entry);
    }
    if report.created + report.known == 0 {
        let reasons: Vec<String> = report
            .results
            .iter()
            .map(|r| format!("line {}: {}", r.line, r.error.as_deref().unwrap_or("")))
            .collect();
        return Err(AppError::Unprocessable(format!(
            "no line of the batch was accepted: {}",
            reasons.join("; ")
        )));
    }
    let status = if report.created > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

/// Stores one article, then brings the graph up to date with its events.
async fn ingest_one(state: &AppState, article: Article) -> ApiResult<IngestOutcome> {
    let outcome = state
        .writer
        .ingest(with_default_source(article, "http"))
        .await?;
    state
        .metrics
        .ingested(outcome.created, outcome.events.len());
    if outcome.created {
        let ids: Vec<i64> = outcome.events.iter().map(|e| e.id).collect();
        // The article is committed; a graph that lags is rebuilt at the next start.
        if let Err(e) = state.graph.refresh(&state.store, &ids).await {
            tracing::warn!(error = %e, "graph refresh failed");
        }
    }
    Ok(outcome)
}

fn with_default_source(mut article: Article, source: &str) -> Article {
    article.source.get_or_insert_with(|| source.to_string());
    article
}

async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<ArticleView>> {
    let id = params::id(&params::path(id)?, "article")?;
    state
        .store
        .article(id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no article {id}")))
}

/// DELETE /v1/articles/{id}: the article and everything only it supports.
async fn delete_article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<DeleteOutcome>> {
    let id = params::id(&params::path(id)?, "article")?;
    let outcome = state
        .store
        .delete_article(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no article {id}")))?;
    // The store is committed; a graph that lags is rebuilt at the next start.
    if let Err(e) = state.graph.forget(&state.store, &outcome).await {
        tracing::warn!(error = %e, "graph update after a delete failed");
    }
    Ok(Json(outcome))
}
