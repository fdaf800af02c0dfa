//! The store: articles, entities and events on SQLite (one file, the embedded default) or
//! PostgreSQL (a shared server, for several writers and replicas), behind one `Store` type.
//!
//! Every write happens in one transaction per article (or per batch, each article under its
//! own savepoint), so a reader never sees half an article. On SQLite the write transaction
//! takes the lock at once (`BEGIN IMMEDIATE`), so two writers never deadlock on a lock
//! upgrade; on PostgreSQL unique constraints and `ON CONFLICT` keep concurrent writers from
//! storing anything twice, and a transaction that loses a deadlock is run again.

mod articles_list;
mod bulk;
mod changes;
mod copy;
mod dates;
mod delete;
mod engine;
mod graph_rows;
mod ids;
mod ingest;
mod location;
mod merges;
mod person_names;
mod postgres;
mod read;
mod search;
mod sqlite;
mod terms;

use std::path::Path;

pub use articles_list::{ArticleFilter, ArticlePage, ArticleSummary};
pub use changes::{ChangeCursor, GraphChange};
pub use copy::TableCopy;
pub use dates::date_range;
pub use delete::DeleteOutcome;
pub(crate) use engine::Engine;
pub use graph_rows::{EntityRow, EventRow, GraphRow, GraphRows, ParticipationRow};
pub use ingest::{EventOutcome, IngestOutcome};
pub use location::Location;
pub use merges::{Applied, MergeRefusal, MergeView, Outcome as MergeOutcome, MAX_REASON_CHARS};
pub use postgres::{create_schema as create_postgres_schema, drop_schema as drop_postgres_schema};
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
    /// The database server could not be reached or refused the login.
    #[error("cannot connect to PostgreSQL: {0}")]
    Connect(String),
    /// A write shared with other articles (one transaction) failed; nothing of it was stored.
    #[error("database error: {0}")]
    Write(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database handle shared by the CLI and the HTTP service.
#[derive(Clone, Debug)]
pub struct Store {
    engine: Engine,
}

impl Store {
    /// Opens the store `--db` names, creating it (the SQLite file, or the tables in the
    /// PostgreSQL database) if needed, and brings its schema up to date.
    pub async fn open_location(location: &Location) -> Result<Self> {
        match location {
            Location::Sqlite(path) => Self::open(path).await,
            Location::Postgres(url) => Self::open_postgres(url).await,
        }
    }

    /// Opens (creating if needed) a SQLite database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            engine: Engine::Sqlite(sqlite::open(path).await?),
        })
    }

    /// Opens a SQLite database file that must exist already (read commands: a mistyped path
    /// is an error, not a new empty store), and brings its schema up to date.
    pub async fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(StoreError::Invalid(format!(
                "no database at {}",
                path.display()
            )));
        }
        Ok(Self {
            engine: Engine::Sqlite(sqlite::open_existing(path).await?),
        })
    }

    /// A private in-memory SQLite database, for tests and one-off runs.
    pub async fn open_in_memory() -> Result<Self> {
        Ok(Self {
            engine: Engine::Sqlite(sqlite::open_in_memory().await?),
        })
    }

    /// Connects to a PostgreSQL database (`postgres://user:password@host:port/database`) and
    /// brings its schema up to date. The database must exist; the tables are created.
    pub async fn open_postgres(url: &str) -> Result<Self> {
        Ok(Self {
            engine: Engine::Postgres(postgres::open(url).await?),
        })
    }

    /// The name of the engine: "sqlite" or "postgres".
    pub fn engine_name(&self) -> &'static str {
        match self.engine {
            Engine::Sqlite(_) => "sqlite",
            Engine::Postgres(_) => "postgres",
        }
    }

    /// The SQLite pool, when the store is on SQLite (for tests and tools that read the file).
    pub fn sqlite_pool(&self) -> Option<&sqlx::SqlitePool> {
        match &self.engine {
            Engine::Sqlite(pool) => Some(pool),
            Engine::Postgres(_) => None,
        }
    }

    /// The PostgreSQL pool, when the store is on PostgreSQL.
    pub fn postgres_pool(&self) -> Option<&sqlx::PgPool> {
        match &self.engine {
            Engine::Postgres(pool) => Some(pool),
            Engine::Sqlite(_) => None,
        }
    }

    /// The database's size in bytes and its number of events: what a stored event costs.
    pub async fn size_per_event(&self) -> Result<(i64, i64)> {
        let bytes = match &self.engine {
            Engine::Sqlite(pool) => sqlite::size(pool).await?,
            Engine::Postgres(pool) => postgres::size(pool).await?,
        };
        let (events,): (i64,) = engine::on_engine!(self, |pool, DB| {
            sqlx::query_as("SELECT count(*) FROM events")
                .fetch_one(pool)
                .await?
        });
        Ok((bytes, events))
    }

    /// Writes a consistent copy of a SQLite database to a new file (`VACUUM INTO`): one read
    /// transaction, so writers may go on meanwhile. A PostgreSQL store is backed up with the
    /// server's own tools.
    pub async fn backup_to(&self, path: &Path) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(pool) => sqlite::backup_to(pool, path).await,
            Engine::Postgres(_) => Err(StoreError::Invalid(
                "backup copies SQLite files; back up a PostgreSQL database with pg_dump".into(),
            )),
        }
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        engine::on_engine!(self, |pool, DB| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }
}
