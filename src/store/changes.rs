//! The log of what writes changed in the graph (`graph_changes`), and reading it from where a
//! server last stopped: how a server's in-memory graph learns of articles that other
//! processes stored or deleted.
//!
//! On SQLite writers take turns, so sequence numbers are in commit order and a reader simply
//! goes on after the last it saw. On PostgreSQL a transaction may commit after one that took
//! a later number; a reader there takes only rows of transactions older than every one still
//! running (`pg_snapshot_xmin`), in (transaction, number) order, so a late commit is never
//! skipped.

use super::engine::{Dialect, Engine};
use super::{Result, Store};

/// One change to apply to a graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphChange {
    /// Created, merged into, or kept by a delete: read it again.
    Event(i64),
    EventDeleted(i64),
    EntityDeleted(i64),
    /// Restored by a split: read it again (it may take part in no event, so no `Event`
    /// change brings it back).
    Entity(i64),
}

impl GraphChange {
    pub(super) fn parts(self) -> (&'static str, i64) {
        match self {
            Self::Event(id) => ("event", id),
            Self::EventDeleted(id) => ("event deleted", id),
            Self::EntityDeleted(id) => ("entity deleted", id),
            Self::Entity(id) => ("entity", id),
        }
    }

    fn from_parts(change: &str, id: i64) -> Option<Self> {
        match change {
            "event" => Some(Self::Event(id)),
            "event deleted" => Some(Self::EventDeleted(id)),
            "entity deleted" => Some(Self::EntityDeleted(id)),
            "entity" => Some(Self::Entity(id)),
            _ => None,
        }
    }
}

/// Appends `changes` to the log, in the transaction `tx` that made them.
pub(super) async fn log_changes<DB>(tx: &mut DB::Connection, changes: &[GraphChange]) -> Result<()>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: sqlx::IntoArguments<'a, DB>,
    &'static str: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
{
    for change in changes {
        let (change, id) = change.parts();
        sqlx::query("INSERT INTO graph_changes (change, id) VALUES ($1, $2)")
            .bind(change)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Where a reader of the log stands: the last (transaction, sequence number) it has read.
/// On SQLite the transaction part is always 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeCursor {
    xid: i64,
    seq: i64,
}

/// Most changes read at once.
const PAGE: i64 = 5000;

impl Store {
    /// Where a graph loaded from the store after this call starts reading the log. Changes
    /// committed between this call and the load are read again later, which is harmless:
    /// applying a change twice leaves the graph as once.
    pub async fn change_cursor(&self) -> Result<ChangeCursor> {
        match &self.engine {
            Engine::Sqlite(pool) => {
                let seq: i64 =
                    sqlx::query_scalar("SELECT COALESCE(max(seq), 0) FROM graph_changes")
                        .fetch_one(pool)
                        .await?;
                Ok(ChangeCursor { xid: 0, seq })
            }
            Engine::Postgres(pool) => {
                // Every transaction older than the oldest running one has ended, and what it
                // wrote is in a graph loaded now; rows of the others come through the log.
                let xmin: i64 = sqlx::query_scalar(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
                )
                .fetch_one(pool)
                .await?;
                Ok(ChangeCursor {
                    xid: xmin - 1,
                    seq: i64::MAX,
                })
            }
        }
    }

    /// The changes after `cursor` (up to a few thousand), and the cursor after them.
    pub async fn changes_since(
        &self,
        cursor: ChangeCursor,
    ) -> Result<(Vec<GraphChange>, ChangeCursor)> {
        let rows: Vec<(i64, i64, String, i64)> = match &self.engine {
            Engine::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT 0, seq, change, id FROM graph_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(cursor.seq)
                .bind(PAGE)
                .fetch_all(pool)
                .await?
            }
            Engine::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT xid, seq, change, id FROM graph_changes \
                     WHERE xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AND (xid, seq) > ($1, $2) \
                     ORDER BY xid, seq LIMIT $3",
                )
                .bind(cursor.xid)
                .bind(cursor.seq)
                .bind(PAGE)
                .fetch_all(pool)
                .await?
            }
        };
        let next = rows.last().map_or(cursor, |(xid, seq, _, _)| ChangeCursor {
            xid: *xid,
            seq: *seq,
        });
        let changes = rows
            .iter()
            .filter_map(|(_, _, change, id)| GraphChange::from_parts(change, *id))
            .collect();
        Ok((changes, next))
    }
}
