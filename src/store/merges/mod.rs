//! The record of merges: which entities were found to be one, why and by whom, and what each
//! merge moved, so that a split can undo it exactly. Ingest records the names it resolves to
//! a stored person (`auto`); analysts merge and split stored entities (`merge`, `split`).
//!
//! `entity_merges.kept_id` and `merged_id` refer to entities without a foreign key: the merged
//! entity's row is deleted by the merge (the record is what a split restores it from), and the
//! kept entity may be merged away or deleted with its articles later, while its record still
//! says what happened and why (and lets a split refuse with the reason).

mod merge;
mod split;

use serde::Serialize;

use super::changes::log_changes;
use super::engine::{on_engine, Dialect};
use super::{GraphChange, Result, Store};

/// One merge into an entity, as `GET /v1/entities/{id}` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MergeView {
    /// The merge's id: what a split names.
    pub id: i64,
    /// The entity that was kept.
    pub kept_id: i64,
    /// The entity merged into it; null for a name resolved at ingest, which has no entity of
    /// its own until a split gives it one (then its id).
    pub merged_id: Option<i64>,
    /// The merged entity's (or the resolved name's) name.
    pub name: String,
    pub reason: String,
    /// `auto` (resolved at ingest) or `analyst`.
    pub by: String,
    /// RFC 3339.
    pub created_at: String,
    /// When the merge was undone (RFC 3339); null while it holds.
    pub split_at: Option<String>,
}

/// Why a merge or a split was refused: the request, not the store, is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefusal {
    /// No such entity or merge.
    #[error("{0}")]
    Unknown(String),
    /// The request can never be done: one entity twice, two kinds, no reason.
    #[error("{0}")]
    Invalid(String),
    /// Not now: the merge is split already, or what it would restore is taken.
    #[error("{0}")]
    Conflict(String),
}

/// A merge or split as committed, with what a server's graph must apply to follow it.
#[derive(Debug, Clone)]
pub struct Applied {
    pub merge: MergeView,
    pub changes: Vec<GraphChange>,
}

/// Answers of `merge_entities` and `split_merge`: committed, or refused with a reason.
pub type Outcome = std::result::Result<Applied, MergeRefusal>;

/// Longest reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// The chain of merges still in force that starts at the merge of an entity named so, or at
/// the join of a name to a stored person at ingest ($1 kind, $2 folded name): each merge's id, and the entity it merged into when that entity
/// exists, nearest first. The first entity present is the one the name now belongs to; the
/// merges up to it are those a split must undo to give the name back (see `merged_into`).
/// Ingest uses it so that a name merged away does not come back as a new entity (which would
/// also take the name a split must restore).
pub(super) const MERGED_INTO: &str = "WITH RECURSIVE chain (merge_id, id, depth) AS ( \
     SELECT id, kept_id, 1 FROM entity_merges \
     WHERE kind = $1 AND norm_name = $2 AND split_at IS NULL \
     UNION ALL \
     SELECT m.id, m.kept_id, c.depth + 1 FROM entity_merges m JOIN chain c ON m.merged_id = c.id \
     WHERE m.split_at IS NULL AND c.depth < 32) \
     SELECT c.merge_id, e.id FROM chain c LEFT JOIN entities e ON e.id = c.id \
     ORDER BY c.depth, c.merge_id";

/// Where a name of a merged entity now belongs, from `MERGED_INTO`'s rows: the first entity
/// present, and the merges of the chain up to it. What ingest attaches to that entity under
/// the name is recorded with each of these merges, so that splitting them moves it back.
pub(super) fn merged_into(rows: &[(i64, Option<i64>)]) -> Option<(i64, Vec<i64>)> {
    let mut merges = Vec::new();
    for &(merge_id, entity) in rows {
        merges.push(merge_id);
        if let Some(entity) = entity {
            return Some((entity, merges));
        }
    }
    None
}

/// Records a mention ingest attached to a merge's kept entity under the merged entity's name:
/// $1 merge id, $2 mention id.
pub(super) const MERGED_MENTION: &str =
    "INSERT INTO entity_merge_mentions (merge_id, mention_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// Records an alias ingest gave a merge's kept entity under the merged entity's name: $1
/// merge id, $2 alias, $3 folded alias, $4 1 when the kept entity had no such alias before.
pub(super) const MERGED_ALIAS: &str = "INSERT INTO entity_merge_aliases \
     (merge_id, alias, norm_alias, added) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

/// Records a participation ingest gave a merge's kept entity under the merged entity's name:
/// $1 merge id, $2 event id, $3 role. It moved with the merge (`moved` = 1): a split moves it
/// back.
pub(super) const MERGED_PARTICIPANT: &str = "INSERT INTO entity_merge_participants \
     (merge_id, event_id, role, moved) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING";

/// Records a name resolved to a stored person at ingest: $1 kept id, $2 name, $3 folded name,
/// $4 country, $5 title, $6 reason, $7 time. Only people are resolved so: the rule of
/// `person_names` (same surname, the shorter name's given names among the longer's) is about
/// people's names; entities of other kinds are found by their exact key or alias, a match
/// that has no reason to record.
pub(super) const AUTO_MERGE: &str = "INSERT INTO entity_merges \
     (kept_id, merged_id, kind, name, norm_name, country, title, reason, merged_by, created_at) \
     VALUES ($1, NULL, 'person', $2, $3, $4, $5, $6, 'auto', $7) RETURNING id";

const MERGE_COLUMNS: &str =
    "id, kept_id, merged_id, name, reason, merged_by, created_at, split_at FROM entity_merges";

type MergeRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn view(r: MergeRow) -> MergeView {
    MergeView {
        id: r.0,
        kept_id: r.1,
        merged_id: r.2,
        name: r.3,
        reason: r.4,
        by: r.5,
        created_at: r.6,
        split_at: r.7,
    }
}

impl Store {
    /// The merges into an entity, oldest first, those undone since included.
    pub async fn merges_into(&self, entity_id: i64) -> Result<Vec<MergeView>> {
        let rows: Vec<MergeRow> = on_engine!(self, |pool, DB| {
            sqlx::query_as(&format!(
                "SELECT {MERGE_COLUMNS} WHERE kept_id = $1 ORDER BY id"
            ))
            .bind(entity_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(view).collect())
    }
}

/// Logs, in the transaction `tx` of a merge or split, its graph changes: `entity`'s (the
/// merged entity deleted, or restored), then the events whose participants moved; and
/// returns them for the graph of this process.
async fn log_merge_changes<DB>(
    tx: &mut DB::Connection,
    merge_id: i64,
    entity: GraphChange,
) -> Result<Vec<GraphChange>>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: sqlx::IntoArguments<'a, DB>,
    &'static str: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let events: Vec<i64> = sqlx::query_scalar(
        "SELECT event_id FROM entity_merge_participants WHERE merge_id = $1 ORDER BY event_id",
    )
    .bind(merge_id)
    .fetch_all(&mut *tx)
    .await?;
    let changes: Vec<GraphChange> = std::iter::once(entity)
        .chain(events.into_iter().map(GraphChange::Event))
        .collect();
    log_changes::<DB>(tx, &changes).await?;
    Ok(changes)
}
