//! The PostgreSQL engine: a pool over one database that several eventgraph processes share,
//! migrations embedded (`migrations/postgres/`).

pub(super) mod events;
pub(super) mod graph_rows;
pub(super) mod ingest;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use super::{Result, StoreError};

/// Connections per process: enough for the group-commit writer, the graph loader and
/// concurrent reads, few enough that several replicas stay under a server's default limit
/// of 100.
const MAX_CONNECTIONS: u32 = 8;

pub(super) async fn open(url: &str) -> Result<PgPool> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("invalid PostgreSQL URL: {e}")))?
        .application_name("eventgraph");
    // One connection first, so that an unreachable server or a refused login is reported at
    // once with its reason (the pool would retry until its acquire timeout).
    let probe = options
        .connect()
        .await
        .map_err(|e| StoreError::Connect(e.to_string()))?;
    probe.close().await?;
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    // Replicas starting together are serialised by the migrator's advisory lock.
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}

/// The size on disk of eventgraph's tables in the current schema, with their indexes (the
/// full-text index included) and out-of-line text.
pub(super) async fn size(pool: &PgPool) -> Result<i64> {
    let (bytes,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
    )
    .fetch_one(pool)
    .await?;
    Ok(bytes)
}

/// Whether an error is PostgreSQL giving up on a transaction that may well succeed when run
/// again: a deadlock between writers, a serialisation failure, or a reference to an entity or
/// event that a concurrent writer deleted before it committed (an entity merged away, an event
/// deleted with its only article). Run again, ingest finds where the entity's name went, or
/// stores the event anew. Other foreign-key violations (an article, a merge, a mention) are
/// not what a concurrent writer leaves behind and would fail again.
pub(super) fn is_retryable(error: &StoreError) -> bool {
    match error {
        StoreError::Sqlx(sqlx::Error::Database(e)) => match e.code().as_deref() {
            Some("40001" | "40P01") => true,
            // Constraints are named by PostgreSQL: `<table>_<column>_fkey`.
            Some("23503") => e
                .constraint()
                .is_some_and(|c| c.ends_with("_entity_id_fkey") || c.ends_with("_event_id_fkey")),
            _ => false,
        },
        _ => false,
    }
}

/// Creates the schema `name` in the database at `url`, for a run of its own (benchmarks), and
/// returns a URL whose connections work in it. `name` must be a plain lower-case identifier.
pub async fn create_schema(url: &str, name: &str) -> Result<String> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(StoreError::Invalid(format!(
            "{name:?} is not a plain schema name"
        )));
    }
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| StoreError::Connect(e.to_string()))?;
    // `name` is checked above: letters, digits and underscores only.
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{separator}options=-csearch_path%3D{name}"))
}

/// Drops a schema `create_schema` made, with everything in it.
pub async fn drop_schema(url: &str, name: &str) -> Result<()> {
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(StoreError::Invalid(format!(
            "{name:?} is not a plain schema name"
        )));
    }
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| StoreError::Connect(e.to_string()))?;
    sqlx::query(&format!("DROP SCHEMA {name} CASCADE"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(())
}
