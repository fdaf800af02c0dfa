//! Who may write: with a token configured (`EVENTGRAPH_TOKEN`), every request that changes
//! the store must carry it as `Authorization: Bearer <token>`; in read-only mode none may.
//! Reads are open: put the service behind a proxy to restrict them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::AppError;

#[derive(Clone, Debug, Default)]
pub struct Access {
    pub token: Option<String>,
    pub read_only: bool,
}

fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn guard(State(access): State<Arc<Access>>, request: Request, next: Next) -> Response {
    if writes(request.method()) {
        if access.read_only {
            return AppError::Forbidden("this service is read-only: it accepts no writes".into())
                .into_response();
        }
        if let Some(token) = &access.token {
            let given = request
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            // Compared in constant time, so that timing tells nothing about the token.
            let valid = given.is_some_and(|g| bool::from(g.as_bytes().ct_eq(token.as_bytes())));
            if !valid {
                let mut response = AppError::Unauthorized(
                    "writing needs the service's token: Authorization: Bearer <token>".into(),
                )
                .into_response();
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return response;
            }
        }
    }
    next.run(request).await
}
