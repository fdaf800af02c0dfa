//! POST /v1/articles (text, JSON, NDJSON) and GET /v1/articles/{id}.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{stream, StreamExt};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{params, ApiResult, AppError, AppState};
use crate::article::{Article, Format, JsonArticle};
use crate::pipeline;
use crate::store::{ArticleFilter, ArticlePage, ArticleView, DeleteOutcome, IngestOutcome};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ingest, list))
        .routes(routes!(article, delete_article))
}

/// One line of an NDJSON batch, as reported back.
#[derive(Serialize, ToSchema)]
struct BatchLine {
    /// The line's number, from 1.
    line: usize,
    /// created, known or rejected.
    #[schema(value_type = String, example = "created")]
    status: &'static str,
    /// The article's id and events (for created and known lines).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    outcome: Option<IngestOutcome>,
    /// Why the line was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The answer to a post: one article's outcome, or a batch's report.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
enum IngestReply {
    One(IngestOutcome),
    Batch(BatchReport),
}

/// The answer to an NDJSON batch.
#[derive(Serialize, ToSchema)]
struct BatchReport {
    created: usize,
    known: usize,
    rejected: usize,
    results: Vec<BatchLine>,
}

/// Stores articles and extracts their events: one scraped text, one JSON article, or an
/// NDJSON batch (one JSON article a line; a bad line is reported and does not stop the others).
#[utoipa::path(
    post,
    path = "/v1/articles",
    operation_id = "ingest",
    tag = "articles",
    request_body(
        description = "The article: scraped text (its first line may start with ` date YYYY-MM-DD`), a JSON article, or an NDJSON batch",
        content(
            (JsonArticle = "application/json"),
            (String = "application/x-ndjson", example = json!("{\"text\": \"Ada Lind met Ben Okoro in Abuja on Monday.\"}\n{\"text\": \"Ben Okoro called Chen Wei on Tuesday.\"}\n")),
            (String = "text/plain", example = json!(" date 2024-03-06 Sweden and Nigeria talk trade\n\nSwedish Foreign Minister Ada Lind spoke with Nigerian Foreign Minister Ben Okoro by phone on Monday.\n")),
        ),
    ),
    responses(
        (status = 201, description = "Stored: the article (or, for a batch, at least one line) is new", body = IngestReply),
        (status = 200, description = "Already stored (same url or same text): nothing changed", body = IngestReply),
        (status = 400, description = "The body is not UTF-8, is empty or is not JSON"),
        (status = 413, description = "The article or the body is too large"),
        (status = 415, description = "The content type is not text/plain, application/json or application/x-ndjson"),
        (status = 422, description = "The article has no text or a bad date, or no line of a batch was accepted"),
    ),
)]
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
        return Ok((status, Json(IngestReply::One(outcome))).into_response());
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
    Ok((status, Json(IngestReply::Batch(report))).into_response())
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
        // The article is committed; a graph that lags catches up from the store's change log.
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Articles published on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024-01")]
    from: Option<String>,
    /// Articles published on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024-12")]
    to: Option<String>,
    /// The host of the article's url, or a domain above it (`example.org` matches
    /// `news.example.org`).
    #[param(example = "example.org")]
    host: Option<String>,
    /// Part of the article's source (a file name, or what the client sent), case ignored.
    #[param(example = "samples/")]
    source: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1 to 500 (50 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<String>,
}

/// Articles without their text, by ascending id, in keyset pages.
#[utoipa::path(
    get,
    path = "/v1/articles",
    operation_id = "list_articles",
    tag = "articles",
    params(ListParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticlePage),
        (status = 400, description = "A filter, the cursor or the limit is malformed"),
    ),
)]
async fn list(
    State(state): State<AppState>,
    q: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<Json<ArticlePage>> {
    let q = params::query(q)?;
    let (from, to) = params::date_range(q.from.as_deref(), q.to.as_deref())?;
    let nonempty = |raw: Option<&str>, name: &str| -> ApiResult<Option<String>> {
        let raw = params::text(raw, name)?.trim();
        Ok((!raw.is_empty()).then(|| raw.to_string()))
    };
    let host = nonempty(q.host.as_deref(), "host")?;
    if let Some(host) = &host {
        if host.contains(['/', ':', ' ']) {
            return Err(AppError::BadRequest(format!(
                "host must be a host name such as example.org, without scheme, port or path, got {host:?}"
            )));
        }
    }
    let filter = ArticleFilter {
        from,
        to,
        host,
        source: nonempty(q.source.as_deref(), "source")?,
    };
    let cursor = params::id_cursor(q.cursor.as_deref())?;
    let limit = params::limit(q.limit.as_deref())?;
    Ok(Json(
        state.store.list_articles(&filter, cursor, limit).await?,
    ))
}

/// One article with its text and the events it reports.
#[utoipa::path(
    get,
    path = "/v1/articles/{id}",
    operation_id = "article",
    tag = "articles",
    params(("id" = i64, Path, description = "The article's id", example = 1)),
    responses(
        (status = 200, description = "The article", body = ArticleView),
        (status = 400, description = "The id is not a positive integer"),
        (status = 404, description = "No such article"),
    ),
)]
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

/// Deletes the article and everything only it supports: the events no other article
/// reports, and the entities nothing refers to any more.
#[utoipa::path(
    delete,
    path = "/v1/articles/{id}",
    tag = "articles",
    params(("id" = i64, Path, description = "The article's id", example = 1)),
    responses(
        (status = 200, description = "Deleted: what went with it and what stayed", body = DeleteOutcome),
        (status = 400, description = "The id is not a positive integer"),
        (status = 404, description = "No such article"),
    ),
)]
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
    // The store is committed; a graph that lags catches up from the store's change log.
    if let Err(e) = state.graph.forget(&state.store, &outcome).await {
        tracing::warn!(error = %e, "graph update after a delete failed");
    }
    Ok(Json(outcome))
}
