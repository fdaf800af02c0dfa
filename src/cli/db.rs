//! The database argument and opening the database: only `ingest` and `serve` create one;
//! every other command needs it to exist, so a mistyped `--db` fails instead of answering
//! from a new empty store.

use anyhow::Context;

use crate::store::{Location, Store};

/// `--db`, on the commands that use the database.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// The store: a SQLite file (ingest and serve create it if missing; other commands need
    /// it), or a PostgreSQL URL, postgres://user:password@host:port/database (the database
    /// must exist; its tables are created if missing).
    #[arg(
        id = "db",
        long = "db",
        value_name = "FILE|URL",
        global = true,
        env = "EVENTGRAPH_DB",
        default_value = "eventgraph.db"
    )]
    pub location: Location,
}

impl DbArg {
    /// The database, created if missing.
    pub async fn open_or_create(&self) -> anyhow::Result<Store> {
        Store::open_location(&self.location)
            .await
            .with_context(|| format!("cannot open database {}", self.location))
    }

    /// The database, which must exist. (A PostgreSQL database always exists once connected
    /// to: the server refuses a database it does not have.)
    pub async fn open_existing(&self) -> anyhow::Result<Store> {
        let store = match &self.location {
            Location::Sqlite(path) => {
                if !path.is_file() {
                    anyhow::bail!(
                        "no database at {}: check --db (or EVENTGRAPH_DB); `eventgraph ingest` creates one",
                        path.display()
                    );
                }
                Store::open_existing(path).await
            }
            Location::Postgres(_) => Store::open_location(&self.location).await,
        };
        store.with_context(|| format!("cannot open database {}", self.location))
    }
}
