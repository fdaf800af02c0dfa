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
                if path.is_dir() {
                    anyhow::bail!(
                        "{} is a folder, not a database file: check --db (or EVENTGRAPH_DB)",
                        path.display()
                    );
                }
                // An empty file is no store either: reading it must not turn it into one.
                let empty = std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
                if !path.is_file() || empty {
                    anyhow::bail!(
                        "no database at {}{}: check --db (or EVENTGRAPH_DB); `eventgraph ingest` creates one",
                        path.display(),
                        if empty { " (the file is empty)" } else { "" }
                    );
                }
                Store::open_existing(path).await
            }
            Location::Postgres(_) => Store::open_location(&self.location).await,
        };
        store.with_context(|| format!("cannot open database {}", self.location))
    }
}
