//! GET /v1/export?format=...: the graph (or an ego network) for a visualiser.

use std::io::{Seek, Write};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tempfile::{SpooledData, SpooledTempFile};
use tokio_util::io::ReaderStream;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params;
use super::{ApiResult, AppError, AppState};
use crate::graph::deadline::{Deadline, Interrupted};
use crate::graph::export::{ExportGraph, Format, Selection, Shape};

/// Exports up to this size are held in memory; larger ones go through a temporary file.
const IN_MEMORY_EXPORT_BYTES: usize = 8 << 20;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// gexf, graphml, cytoscape, graphology, dot, node-link, timelinejs, vis-timeline,
    /// csv-nodes or csv-edges.
    #[param(required = true, value_type = String, example = "gexf")]
    pub format: Option<String>,
    /// contacts (the default), countries or bipartite.
    #[param(example = "contacts")]
    pub projection: Option<String>,
    /// Event kinds, comma-separated (calls, meetings and visits by default).
    pub kind: Option<String>,
    /// occurred (the default), planned, denied, or any.
    pub status: Option<String>,
    /// Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    pub from: Option<String>,
    /// Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    pub to: Option<String>,
    /// Only this entity's ego network: an id or a name.
    pub entity: Option<String>,
    /// The ego network's depth, 1 to 3 (1 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 3)]
    pub depth: Option<String>,
}

/// The graph, or an entity's ego network, as a document for a visualiser.
#[utoipa::path(
    get,
    path = "/v1/export",
    tag = "export",
    params(ExportParams),
    responses(
        (status = 200, description = "The document, as an attachment", content(
            (String = "application/xml"),
            (String = "application/json"),
            (String = "text/vnd.graphviz"),
            (String = "text/csv"),
        )),
        (status = 400, description = "format is missing or unknown, or a parameter is malformed"),
        (status = 404, description = "The entity is unknown (the detail names near spellings)"),
        (status = 408, description = "The document was not written within the request's time limit"),
        (status = 409, description = "The entity's name is ambiguous: see candidates"),
        (status = 422, description = "The document is larger than the service's limit"),
    ),
)]
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
    // Checked with or without an entity, as the CLI checks it.
    let depth = params::bounded(q.depth.as_deref(), crate::limits::DEPTH)?;
    let focus = match q.entity.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(entity) => {
            let focus = params::required_entity(&state, Some(entity), "entity").await?;
            Some((focus.id, depth))
        }
        None => None,
    };
    let selection = Selection {
        shape,
        window,
        focus,
    };
    // A one-hop ego network is small (a person's own contacts): it is written under the read
    // lock, so an ingest meanwhile waits for it instead of copying the whole graph, as it must
    // while a snapshot is out. Larger selections take a snapshot and leave ingests alone.
    let under_lock = matches!(selection.focus, Some((_, 1)));
    let shared = state.graph.clone();
    let graph = (!under_lock).then(|| state.graph.snapshot());
    let limit = state.max_export_bytes;
    // Writing stops at the request's deadline, or as soon as the request is dropped.
    let deadline = Deadline::after(state.request_timeout);
    let _cancel = deadline.cancel_on_drop();
    let timeout = state.request_timeout;
    // Writing a large document is CPU work: off the async runtime, from a snapshot (ingests go
    // on meanwhile). It goes to a spool (memory up to a few MiB, a temporary file beyond) so
    // that the snapshot is held only while writing, never while a slow client downloads.
    let body = tokio::task::spawn_blocking(move || {
        spooled(IN_MEMORY_EXPORT_BYTES, |out| {
            let mut out = Bounded::new(out, limit, deadline);
            let mut write = |graph: &crate::graph::Graph| {
                ExportGraph::build(graph, &selection).write(format, &mut out)
            };
            match &graph {
                Some(snapshot) => write(snapshot),
                None => shared.read(write),
            }
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| {
        let cause = e.get_ref();
        if let Some(too_large) = cause.and_then(|c| c.downcast_ref::<TooLarge>()) {
            AppError::Unprocessable(format!(
                "{too_large}: narrow it with kind, status, from and to, or entity and depth"
            ))
        } else if cause.is_some_and(|c| c.is::<Interrupted>()) {
            AppError::RequestTimeout(format!(
                "the export was not written within {} s: narrow it with kind, status, from and to, or entity and depth",
                timeout.as_secs_f64()
            ))
        } else {
            AppError::Internal(e.into())
        }
    })?;
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

/// The export passed the configured size.
#[derive(Debug, thiserror::Error)]
#[error("the export is larger than the limit of {limit} bytes")]
struct TooLarge {
    limit: u64,
}

/// A writer that fails with `TooLarge` once more than `limit` bytes are written to it, so
/// that one request cannot fill the disk with its spool, and with `Interrupted` once its
/// deadline passes, so that it cannot outlive its request.
struct Bounded<W> {
    inner: W,
    written: u64,
    limit: u64,
    deadline: Deadline,
}

impl<W: Write> Bounded<W> {
    fn new(inner: W, limit: u64, deadline: Deadline) -> Self {
        Self {
            inner,
            written: 0,
            limit,
            deadline,
        }
    }
}

impl<W: Write> Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.deadline.check().map_err(std::io::Error::other)?;
        if self.written + buf.len() as u64 > self.limit {
            return Err(std::io::Error::other(TooLarge { limit: self.limit }));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A response body written by `write`: held in memory up to `in_memory` bytes, streamed from
/// a temporary file beyond.
fn spooled(
    in_memory: usize,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Body> {
    let mut spool = SpooledTempFile::new(in_memory);
    {
        let mut out = std::io::BufWriter::new(&mut spool);
        write(&mut out)?;
        out.flush()?;
    }
    spool.rewind()?;
    Ok(match spool.into_inner() {
        SpooledData::InMemory(bytes) => Body::from(bytes.into_inner()),
        SpooledData::OnDisk(file) => {
            Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(file)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn small_bodies_stay_in_memory_and_large_ones_stream_from_disk() {
        let text: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        for in_memory in [1 << 20, 1024] {
            let body = spooled(in_memory, |out| out.write_all(&text)).expect("spooled");
            let read = body.collect().await.expect("body").to_bytes();
            assert_eq!(read.as_ref(), text.as_slice(), "limit {in_memory}");
        }
    }

    #[test]
    fn a_bounded_writer_refuses_past_its_limit_and_says_so() {
        let mut out = Bounded::new(Vec::new(), 10, Deadline::none());
        out.write_all(b"0123456789").expect("up to the limit");
        let e = out.write_all(b"x").expect_err("past the limit");
        let reason = e.get_ref().and_then(|e| e.downcast_ref::<TooLarge>());
        assert_eq!(reason.map(|r| r.limit), Some(10));
        assert_eq!(out.inner, b"0123456789");
    }

    #[test]
    fn a_bounded_writer_stops_when_its_request_is_gone() {
        let deadline = Deadline::none();
        let mut out = Bounded::new(Vec::new(), 100, deadline.clone());
        out.write_all(b"01234").expect("while the request lives");
        drop(deadline.cancel_on_drop());
        let e = out.write_all(b"5").expect_err("cancelled");
        assert!(e.get_ref().is_some_and(|c| c.is::<Interrupted>()), "{e}");
        assert_eq!(out.inner, b"01234");
    }
}
