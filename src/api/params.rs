//! Query and path parameters, parsed by hand so every mistake gets a problem+json reason.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use serde::de::DeserializeOwned;

use super::{AppError, AppState};
use crate::extract::Status;
use crate::graph::query::{EntityRef, Window};
use crate::graph::resolve::resolve;
use crate::graph::ReadGraph;
use crate::limits::{Bound, PAGE};
use crate::store::{EventFilter, Store};

/// A count parameter from 1 to `max`, `default` when absent.
pub fn number(
    raw: &Option<String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, AppError> {
    match raw.as_deref().filter(|r| !r.is_empty()) {
        None => Ok(default),
        Some(r) => r
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "{name} must be an integer from 1 to {max}, got {r:?}"
                ))
            }),
    }
}

/// A count parameter within one of the shared bounds (see [`crate::limits`]).
pub fn bounded(raw: Option<&str>, bound: Bound) -> Result<usize, AppError> {
    bound.parse(raw).map_err(AppError::BadRequest)
}

pub fn query<T: DeserializeOwned>(q: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    q.map(|Query(v)| v)
        .map_err(|e| AppError::BadRequest(e.body_text()))
}

pub fn path<T>(p: Result<Path<T>, PathRejection>) -> Result<T, AppError> {
    p.map(|Path(v)| v)
        .map_err(|e| AppError::BadRequest(e.body_text()))
}

/// Longest search text or entity name: longer ones are no name, and would only make
/// SQLite's pattern matching slow (or refuse, past 50 000 bytes).
pub const MAX_TEXT_CHARS: usize = 300;

/// A free-text parameter, bounded in length.
pub fn text<'a>(raw: Option<&'a str>, name: &str) -> Result<&'a str, AppError> {
    let raw = raw.unwrap_or("");
    let chars = raw.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(AppError::BadRequest(format!(
            "{name} is {chars} characters long; at most {MAX_TEXT_CHARS} are accepted"
        )));
    }
    Ok(raw)
}

pub fn id(raw: &str, what: &str) -> Result<i64, AppError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        AppError::BadRequest(format!("{what} id must be a positive integer, got {raw:?}"))
    })
}

/// A page size (see [`crate::limits::PAGE`]).
pub fn limit(raw: Option<&str>) -> Result<u32, AppError> {
    Ok(bounded(raw, PAGE)? as u32)
}

/// A cursor naming the last id of the previous page.
pub fn id_cursor(raw: Option<&str>) -> Result<Option<i64>, AppError> {
    match raw.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c.parse::<i64>().map(Some).map_err(|_| {
            AppError::BadRequest(format!(
                "invalid cursor {c:?}: pass next_cursor from the previous page"
            ))
        }),
    }
}

/// Both date bounds, in order.
pub fn date_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>), AppError> {
    let from = date_bound(from, "from", false)?;
    let to = date_bound(to, "to", true)?;
    if let (Some(from), Some(to)) = (&from, &to) {
        if from > to {
            return Err(AppError::BadRequest(format!(
                "from ({from}) is after to ({to})"
            )));
        }
    }
    Ok((from, to))
}

/// A date bound: YYYY, YYYY-MM or YYYY-MM-DD; `end` picks the last day of a year or month.
pub fn date_bound(raw: Option<&str>, name: &str, end: bool) -> Result<Option<String>, AppError> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        AppError::BadRequest(format!(
            "{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {raw:?}"
        ))
    };
    let (first, last) = crate::store::date_range(raw)
        .filter(|_| matches!(raw.len(), 4 | 7 | 10))
        .ok_or_else(bad)?;
    Ok(Some(if end { last } else { first }.to_string()))
}

pub fn kind(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    // Case does not matter, as in names: "CALL" is "call".
    let lower = raw.to_lowercase();
    if crate::store::is_event_kind(&lower) {
        return Ok(Some(lower));
    }
    Err(AppError::BadRequest(format!(
        "unknown kind {raw:?}; known kinds: {}",
        crate::store::event_kinds().join(", ")
    )))
}

/// Event kinds, comma-separated; none when absent or empty.
pub fn kinds(raw: Option<&str>) -> Result<Vec<String>, AppError> {
    let Some(raw) = raw.filter(|k| !k.is_empty()) else {
        return Ok(Vec::new());
    };
    Ok(raw
        .split(',')
        .map(|k| kind(Some(k.trim())))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

pub fn status(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    Status::parse(&raw.to_lowercase())
        .map(|s| Some(s.as_str().to_string()))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "status must be occurred, planned, denied or any, got {raw:?}"
            ))
        })
}

pub fn country(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if raw.len() == 2 && raw.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(Some(raw.to_ascii_uppercase()));
    }
    Err(AppError::BadRequest(format!(
        "country must be an ISO 3166 alpha-2 code such as UA, got {raw:?}"
    )))
}

/// The entity a parameter names (an id, a name or alias, a surname), if it is given: unknown
/// names are 404 with near spellings, ambiguous ones 409 with the candidates. The store and
/// graph are the service's, or the command line's.
pub async fn entity_in(
    store: &Store,
    graph: &(impl ReadGraph + Sync),
    raw: Option<&str>,
    name: &str,
) -> Result<Option<EntityRef>, AppError> {
    let raw = text(raw, name)?.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    Ok(Some(resolve(store, graph, raw).await?))
}

/// Like [`entity_in`], for a parameter that must be given.
pub async fn required_entity(
    state: &AppState,
    raw: Option<&str>,
    name: &str,
) -> Result<EntityRef, AppError> {
    required_entity_in(&state.store, &state.graph, raw, name).await
}

/// [`required_entity`] over a store and graph of the caller's.
pub async fn required_entity_in(
    store: &Store,
    graph: &(impl ReadGraph + Sync),
    raw: Option<&str>,
    name: &str,
) -> Result<EntityRef, AppError> {
    entity_in(store, graph, raw, name)
        .await?
        .ok_or_else(|| AppError::BadRequest(format!("{name} is required: an entity id or name")))
}

/// The filters shared by the event list and timelines.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Event kinds, comma-separated (call, meeting, visit, ...); every kind by default.
    #[param(example = "call,meeting")]
    pub kind: Option<String>,
    /// occurred, planned, denied, or any (the default).
    #[param(example = "occurred")]
    pub status: Option<String>,
    /// Events this entity takes part in: an id, a name, an alias or a surname.
    pub entity: Option<String>,
    /// Events with a participant of this country (ISO 3166 alpha-2).
    #[param(example = "UA")]
    pub country: Option<String>,
    /// Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024-01")]
    pub from: Option<String>,
    /// Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024-12")]
    pub to: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (50 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<String>,
}

/// The window of graph queries and exports, for the API description: [`window`] reads it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct WindowParams {
    /// Event kinds, comma-separated (calls, meetings and visits by default).
    #[param(example = "call,meeting")]
    kind: Option<String>,
    /// occurred (the default), planned, denied, or any.
    #[param(example = "any")]
    status: Option<String>,
    /// Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024")]
    from: Option<String>,
    /// Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[param(example = "2024-12-31")]
    to: Option<String>,
}

impl FilterParams {
    pub async fn filter(&self, state: &AppState) -> Result<EventFilter, AppError> {
        self.filter_in(&state.store, &state.graph).await
    }

    /// [`FilterParams::filter`] over a store and graph of the caller's.
    pub async fn filter_in(
        &self,
        store: &Store,
        graph: &(impl ReadGraph + Sync),
    ) -> Result<EventFilter, AppError> {
        let filter = EventFilter {
            kinds: kinds(self.kind.as_deref())?,
            // `any` means every status, as in the graph's window.
            status: match self.status.as_deref() {
                Some(any) if any.eq_ignore_ascii_case("any") => None,
                other => status(other)?,
            },
            entities: entity_in(store, graph, self.entity.as_deref(), "entity")
                .await?
                .map(|e| vec![e.id]),
            all_of: Vec::new(),
            country: country(self.country.as_deref())?,
            from: None,
            to: None,
        };
        let (from, to) = date_range(self.from.as_deref(), self.to.as_deref())?;
        Ok(EventFilter { from, to, ..filter })
    }
}

/// The window of graph queries and exports: event kinds (comma-separated; calls, meetings
/// and visits by default), status (occurred by default, `any` for all), date bounds.
pub fn window(
    kinds: Option<&str>,
    wanted_status: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Window, AppError> {
    let mut window = Window::default();
    let wanted = self::kinds(kinds)?;
    if !wanted.is_empty() {
        window.kinds = wanted;
    }
    window.status = match wanted_status {
        Some(any) if any.eq_ignore_ascii_case("any") => None,
        Some(s) if !s.is_empty() => status(Some(s))?,
        _ => window.status,
    };
    window.from = date_bound(from, "from", false)?;
    window.to = date_bound(to, "to", true)?;
    Ok(window)
}
