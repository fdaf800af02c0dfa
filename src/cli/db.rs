//! The database argument and opening the database: only `ingest` and `serve` create one;
//! every other command needs it to exist, so a mistyped `--db` fails instead of answering
//! from a new empty store.

use std::path::PathBuf;

use anyhow::Context;

use crate::store::Store;

/// `--db`, on the commands that use the database.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// SQLite database file (ingest and serve create it if missing; other commands need it).
    #[arg(
        id = "db",
        long = "db",
        value_name = "FILE",
        global = true,
        env = "EVENTGRAPH_DB",
        default_value = "eventgraph.db"
    )]
    pub path: PathBuf,
}

impl DbArg {
    /// The database, created if missing.
    pub async fn open_or_create(&self) -> anyhow::Result<Store> {
        Store::open(&self.path)
            .await
            .with_context(|| format!("cannot open database {}", self.path.display()))
    }

    /// The database, which must exist.
    pub async fn open_existing(&self) -> anyhow::Result<Store> {
        if !self.path.is_file() {
            anyhow::bail!(
                "no database at {}: check --db (or EVENTGRAPH_DB); `eventgraph ingest` creates one",
                self.path.display()
            );
        }
        Store::open_existing(&self.path)
            .await
            .with_context(|| format!("cannot open database {}", self.path.display()))
    }
}
