//! The SQLite engine: one file, WAL, foreign keys on, migrations embedded. Bulk reads and
//! writes run natively (rusqlite on a pool connection's own handle) where sqlx's per-row and
//! per-statement costs were measured to dominate.

pub(super) mod ingest;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::{Result, StoreError};

/// How much of the database file reads may map (see `connect`).
pub(super) const MAPPED_READ_BYTES: i64 = 256 << 20;

pub(super) async fn open(path: &Path) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    connect(options, 4).await
}

pub(super) async fn open_existing(path: &Path) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false);
    connect(options, 4).await
}

pub(super) async fn open_in_memory() -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
    // One connection: every in-memory connection would be its own empty database.
    connect(options, 1).await
}

async fn connect(options: SqliteConnectOptions, max_connections: u32) -> Result<SqlitePool> {
    let options = options
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Reads map the first 256 MiB of the file instead of copying each page through a
        // system call into a 2 MiB cache per connection: at a million events, reads spent
        // most of their time in those calls. The pages are the kernel's file cache, but
        // each connection's mapping counts in the resident size: hence the bound.
        .pragma("mmap_size", MAPPED_READ_BYTES.to_string());
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// Pages in use times page size, the write-ahead log's included.
pub(super) async fn size(pool: &SqlitePool) -> Result<i64> {
    let (bytes,): (i64,) = sqlx::query_as(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
    )
    .fetch_one(pool)
    .await?;
    Ok(bytes)
}

pub(super) async fn backup_to(pool: &SqlitePool, path: &Path) -> Result<()> {
    let target = path
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{} is not UTF-8", path.display())))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await?;
    Ok(())
}

/// Runs `work` with rusqlite on a pool connection's own SQLite handle: on this thread,
/// without a round trip to sqlx's worker for every statement and row (bulk reads and writes
/// spend most of their time on those otherwise).
pub(super) async fn native<T>(
    pool: &SqlitePool,
    work: impl FnOnce(&mut rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut connection = pool.acquire().await?;
    let mut handle = connection.lock_handle().await?;
    // SAFETY: while `handle` is held, sqlx's worker makes no call on this connection, so
    // this thread has it alone; `from_handle` leaves the connection open when dropped.
    let mut db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }?;
    work(&mut db)
}
