//! `eventgraph backup PATH`: a consistent copy of the live database (SQLite's `VACUUM INTO`),
//! safe while the service is writing. Restore by pointing `--db` at the copy, or by copying it
//! over the database file while no eventgraph process has it open.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::Cli;
use crate::store::{Location, Store};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The new file to write (it must not exist yet).
    path: PathBuf,
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    if args.path.exists() {
        anyhow::bail!(
            "{} already exists: choose a new file (a backup never overwrites)",
            args.path.display()
        );
    }
    let Location::Sqlite(db) = &cli.db else {
        anyhow::bail!("backup copies SQLite files; back up a PostgreSQL database with pg_dump");
    };
    if !db.exists() {
        anyhow::bail!("no database at {}", db.display());
    }
    let store = Store::open(db)
        .await
        .with_context(|| format!("cannot open database {}", db.display()))?;
    store
        .backup_to(&args.path)
        .await
        .with_context(|| format!("cannot write the backup {}", args.path.display()))?;
    let bytes = std::fs::metadata(&args.path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "backed up {} to {} ({:.1} MB)",
        db.display(),
        args.path.display(),
        bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}
