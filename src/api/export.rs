//! GET /v1/export?format=...: the graph (or an ego network) for a visualiser.

use std::io::{Seek, Write};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tempfile::{SpooledData, SpooledTempFile};
use tokio_util::io::ReaderStream;

use super::params;
use super::{ApiResult, AppError, AppState};
use crate::graph::export::{ExportGraph, Format, Selection, Shape};

/// Exports up to this size are held in memory; larger ones go through a temporary file.
const IN_MEMORY_EXPORT_BYTES: usize = 8 << 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/export", get(export))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    pub format: Option<String>,
    pub projection: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub entity: Option<String>,
    pub depth: Option<String>,
}

async fn export(
    State(state): State<AppState>,
    q: Result<Query<ExportParams>, QueryRejection>,
) -> ApiResult<Response> {
    let q = params::query(q)?;
    let raw = q.format.as_deref().unwrap_or("");
    let format = Format::parse(raw).ok_or_else(|| {
        AppError::BadRequest(format!(
            "format must be one of {}, got {raw:?}",
            Format::NAMES
        ))
    })?;
    let shape_name = q.projection.as_deref().unwrap_or("contacts");
    let shape = Shape::parse(shape_name).ok_or_else(|| {
        AppError::BadRequest(format!(
            "projection must be contacts, countries or bipartite, got {shape_name:?}"
        ))
    })?;
    let window = params::window(
        q.kind.as_deref(),
        q.status.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let focus = match q.entity.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(entity) => {
            let ids = params::entity(&state.store, Some(entity))
                .await?
                .unwrap_or_default();
            let depth = match q.depth.as_deref() {
                None | Some("") => 1,
                Some(d) => d
                    .parse::<usize>()
                    .ok()
                    .filter(|d| (1..=3).contains(d))
                    .ok_or_else(|| {
                        AppError::BadRequest(format!("depth must be 1, 2 or 3, got {d:?}"))
                    })?,
            };
            ids.first().map(|id| (*id, depth))
        }
        None => None,
    };
    let selection = Selection {
        shape,
        window,
        focus,
    };
    let graph = state.graph.clone();
    // Writing a large document is CPU work: off the async runtime. It goes to a spool (memory
    // up to a few MiB, a temporary file beyond) so that the graph is read-locked only while
    // writing, never while a slow client downloads.
    let spool = tokio::task::spawn_blocking(move || -> std::io::Result<SpooledTempFile> {
        let mut spool = SpooledTempFile::new(IN_MEMORY_EXPORT_BYTES);
        {
            let mut out = std::io::BufWriter::new(&mut spool);
            graph.read(|g| ExportGraph::build(g, &selection).write(format, &mut out))?;
            out.flush()?;
        }
        spool.rewind()?;
        Ok(spool)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(e.into()))?;
    let body = match spool.into_inner() {
        SpooledData::InMemory(bytes) => Body::from(bytes.into_inner()),
        SpooledData::OnDisk(file) => {
            Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(file)))
        }
    };
    let filename = format!("attachment; filename=\"eventgraph.{}\"", format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        body,
    )
        .into_response())
}
