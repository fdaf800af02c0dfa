//! SQLite storage through sqlx: one file, WAL, foreign keys on, migrations embedded.
//!
//! Every write happens in one `BEGIN IMMEDIATE` transaction per article, so a reader never
//! sees half an article and two writers never deadlock on a lock upgrade.

mod articles_list;
mod bulk;
mod dates;
mod delete;
mod graph_rows;
mod ids;
mod ingest;
mod read;
mod search;
mod terms;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use articles_list::{ArticleFilter, ArticlePage, ArticleSummary};
pub use dates::date_range;
pub use delete::DeleteOutcome;
pub use graph_rows::{EntityRow, EventRow, GraphRow, GraphRows, ParticipationRow};
pub use ingest::{EventOutcome, IngestOutcome};
pub use read::{
    ArticleView, EntityCounts, EntityView, EventFilter, EventPage, EventView, EvidenceView,
    ParticipantView, TimelinePage,
};
pub use search::{Bucket, BucketSize, Histogram, SearchHit, SearchPage, Span};
pub use terms::{event_kinds, fold_name, is_event_kind};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Native(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
    /// A write shared with other articles (one transaction) failed; nothing of it was stored.
    #[error("database error: {0}")]
    Write(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How much of the database file reads may map (see `connect`).
const MAPPED_READ_BYTES: i64 = 256 << 20;

/// The database handle shared by the CLI and the HTTP service.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        Self::connect(options, 4).await
    }

    /// Opens a database file that must exist already (read commands: a mistyped path is an
    /// error, not a new empty store), and brings its schema up to date.
    pub async fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(StoreError::Invalid(format!(
                "no database at {}",
                path.display()
            )));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false);
        Self::connect(options, 4).await
    }

    /// A private in-memory database, for tests and one-off runs.
    pub async fn open_in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        // One connection: every in-memory connection would be its own empty database.
        Self::connect(options, 1).await
    }

    async fn connect(options: SqliteConnectOptions, max_connections: u32) -> Result<Self> {
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
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The database's size in bytes (pages in use, the write-ahead log's included) and its
    /// number of events: what a stored event costs on disk.
    pub async fn size_per_event(&self) -> Result<(i64, i64)> {
        let (bytes,): (i64,) = sqlx::query_as(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        )
        .fetch_one(&self.pool)
        .await?;
        let (events,): (i64,) = sqlx::query_as("SELECT count(*) FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok((bytes, events))
    }

    /// Writes a consistent copy of the database to a new file (`VACUUM INTO`): one read
    /// transaction, so writers may go on meanwhile.
    pub async fn backup_to(&self, path: &Path) -> Result<()> {
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not UTF-8", path.display())))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Runs `work` with rusqlite on a pool connection's own SQLite handle: on this thread,
    /// without a round trip to sqlx's worker for every statement and row (bulk reads and
    /// writes spend most of their time on those otherwise).
    async fn native<T>(
        &self,
        work: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let mut connection = self.pool.acquire().await?;
        let mut handle = connection.lock_handle().await?;
        // SAFETY: while `handle` is held, sqlx's worker makes no call on this connection, so
        // this thread has it alone; `from_handle` leaves the connection open when dropped.
        let mut db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }?;
        Ok(work(&mut db)?)
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
