//! Answers that do not come from a handler made problem+json too: limits on the request head
//! checked before routing, and a last layer that rewrites any other error response (the
//! timeout layer's empty 408, a body limit's plain-text 413, axum's rejections) with a reason.
//!
//! hyper itself still answers a head it cannot parse: a request line with a URI over 65534
//! bytes (414, a constant of hyper's), a head over its read buffer (~400 KiB) or with more than
//! 100 headers (431); those answers have no body, and no layer of the service sees them.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppError;

/// Longest URI (path and query) the service reads.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest header section (names, values and separators) the service reads.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses oversized heads with 414 or 431 before any routing or extraction.
pub async fn head_limits(request: Request, next: Next) -> Response {
    let uri = request.uri().to_string().len();
    if uri > MAX_URI_BYTES {
        return AppError::Status(
            StatusCode::URI_TOO_LONG,
            format!("the URI is {uri} bytes long; at most {MAX_URI_BYTES} are accepted: send fewer or shorter parameters"),
        )
        .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > MAX_HEADER_BYTES {
        return AppError::Status(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the headers take {headers} bytes; at most {MAX_HEADER_BYTES} are accepted"),
        )
        .into_response();
    }
    next.run(request).await
}

/// The text of an error body worth passing on as the reason.
const MAX_REASON_BYTES: usize = 2048;

/// Rewrites an error response that is not problem+json yet, keeping its status and headers
/// (a 405's `Allow`); a short plain-text body becomes the reason.
pub async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = to_bytes(body, MAX_REASON_BYTES)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let reason = text.unwrap_or_else(|| default_reason(status).to_string());
    let problem = AppError::Status(status, reason).into_response();
    let (problem_parts, problem_body) = problem.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &problem_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    Response::from_parts(parts, Body::new(problem_body))
}

fn default_reason(status: StatusCode) -> &'static str {
    match status {
        StatusCode::REQUEST_TIMEOUT => {
            "the request took longer than the service's time limit: narrow the query"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than the service accepts",
        StatusCode::METHOD_NOT_ALLOWED => "the method is not allowed on this path",
        StatusCode::NOT_FOUND => "nothing is found at this path",
        s if s.is_server_error() => "the server could not complete the request",
        _ => "the request was refused",
    }
}
