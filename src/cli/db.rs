//! Opening the database: only `ingest` and `serve` create one; every other command needs it
//! to exist, so a mistyped `--db` fails instead of answering from a new empty store.

use anyhow::Context;

use super::Cli;
use crate::store::Store;

/// The database of `--db`, created if missing.
pub async fn open_or_create(cli: &Cli) -> anyhow::Result<Store> {
    Store::open(&cli.db)
        .await
        .with_context(|| format!("cannot open database {}", cli.db.display()))
}

/// The database of `--db`, which must exist.
pub async fn open_existing(cli: &Cli) -> anyhow::Result<Store> {
    if !cli.db.is_file() {
        anyhow::bail!(
            "no database at {}: check --db (or EVENTGRAPH_DB); `eventgraph ingest` creates one",
            cli.db.display()
        );
    }
    Store::open_existing(&cli.db)
        .await
        .with_context(|| format!("cannot open database {}", cli.db.display()))
}
