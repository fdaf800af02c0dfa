//! Errors as `application/problem+json` (RFC 9457): a status, a title and a reason.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::article::ArticleError;
use crate::graph::query::EntityRef;
use crate::graph::resolve::ResolveError;
use crate::pipeline::IngestError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    RequestTimeout(String),
    /// The store is saturated or shutting down: the request may be retried as it is.
    #[error("{0}")]
    Unavailable(String),
    /// A name that several entities answer to.
    #[error("{detail}")]
    Ambiguous {
        detail: String,
        candidates: Vec<EntityRef>,
    },
    /// Any other refusal, with its status (405, 414, 431, and what lower layers answer).
    #[error("{1}")]
    Status(StatusCode, String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

/// The body of every error answer (RFC 9457), served as `application/problem+json`.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no event 999"}))]
pub(crate) struct Problem<'a> {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    kind: &'a str,
    /// The status's reason phrase.
    #[schema(value_type = String)]
    title: &'a str,
    /// The HTTP status code.
    status: u16,
    /// What was wrong, and how to ask instead.
    detail: String,
    /// The entities an ambiguous name could mean (409 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<EntityRef>, required = false)]
    candidates: Option<&'a [EntityRef]>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Status(status, _) => *status,
            Self::Ambiguous { .. } => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<ArticleError> for AppError {
    fn from(e: ArticleError) -> Self {
        let detail = e.to_string();
        match e {
            ArticleError::NotUtf8(_) | ArticleError::BadJson(_) | ArticleError::Empty => {
                Self::BadRequest(detail)
            }
            ArticleError::TooLarge { .. } => Self::PayloadTooLarge(detail),
            ArticleError::NoText | ArticleError::BadDate(_) | ArticleError::WrongJson(_) => {
                Self::Unprocessable(detail)
            }
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(reason) => Self::BadRequest(reason),
            // No connection came free in time, or the pool is closing: load, not a defect.
            StoreError::Sqlx(sqlx::Error::PoolTimedOut) => {
                tracing::warn!("no database connection came free in time");
                Self::Unavailable(STORE_BUSY.into())
            }
            StoreError::Sqlx(sqlx::Error::Database(e))
                if e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                    && is_sqlite_busy(e.code().as_deref()) =>
            {
                tracing::warn!("the database stayed locked past its busy timeout");
                Self::Unavailable(STORE_BUSY.into())
            }
            StoreError::Sqlx(sqlx::Error::PoolClosed) => {
                Self::Unavailable("the server is shutting down; retry shortly".into())
            }
            other => Self::Internal(other.into()),
        }
    }
}

impl From<IngestError> for AppError {
    fn from(e: IngestError) -> Self {
        match e {
            IngestError::Store(e) => e.into(),
            // A defect, not bad input: 500, its cause logged where it happened.
            failed @ IngestError::ExtractorFailed => Self::Internal(failed.into()),
        }
    }
}

impl From<ResolveError> for AppError {
    fn from(e: ResolveError) -> Self {
        let detail = e.to_string();
        match e {
            ResolveError::Unknown { .. } => Self::NotFound(detail),
            ResolveError::Ambiguous { candidates, .. } => Self::Ambiguous { detail, candidates },
            ResolveError::Store(e) => e.into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            Self::Internal(e) => {
                // The cause goes to the log; the client gets no internals.
                tracing::error!(error = ?e, "request failed");
                "the server could not complete the request".to_string()
            }
            other => other.to_string(),
        };
        let problem = Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail,
            candidates: match &self {
                Self::Ambiguous { candidates, .. } => Some(candidates),
                _ => None,
            },
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

/// SQLITE_BUSY and its extended codes (the low byte is the primary code): another writer
/// held the file past the busy timeout.
fn is_sqlite_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| c & 0xff == 5)
}

/// The reason a 503 gives when the store could not serve the request in time.
const STORE_BUSY: &str = "the store is busy; retry shortly";

/// What a 503 asks the client to wait before trying again.
const RETRY_AFTER_SECONDS: &str = "1";

pub type ApiResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// The problem+json body of a response, after checking that it is one.
    async fn problem_of(response: Response) -> serde_json::Value {
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&body).unwrap()
    }

    #[tokio::test]
    async fn an_extractor_failure_is_a_500_problem_with_a_safe_reason() {
        let response = AppError::from(IngestError::ExtractorFailed).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let problem = problem_of(response).await;
        assert_eq!(problem["status"], 500);
        assert_eq!(
            problem["detail"],
            "the server could not complete the request"
        );
    }

    #[tokio::test]
    async fn a_saturated_pool_is_a_503_problem_to_retry() {
        let response = AppError::from(StoreError::Sqlx(sqlx::Error::PoolTimedOut)).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], RETRY_AFTER_SECONDS);
        let problem = problem_of(response).await;
        assert_eq!(problem["status"], 503);
        assert_eq!(problem["detail"], STORE_BUSY);
    }

    #[test]
    fn busy_codes_are_sqlite_busy_and_its_extended_forms() {
        assert!(is_sqlite_busy(Some("5")));
        assert!(is_sqlite_busy(Some("517"))); // SQLITE_BUSY_SNAPSHOT
        assert!(!is_sqlite_busy(Some("19"))); // a constraint
        assert!(!is_sqlite_busy(None));
    }

    #[test]
    fn other_database_errors_stay_internal() {
        let error = AppError::from(StoreError::Sqlx(sqlx::Error::RowNotFound));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
