//! `eventgraph backup PATH`: a consistent copy of the live database (SQLite's `VACUUM INTO`),
//! safe while the service is writing. Restore by pointing `--db` at the copy, or by copying it
//! over the database file while no eventgraph process has it open.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::db::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The new file to write (it must not exist yet; missing parent folders are created).
    path: PathBuf,
    #[command(flatten)]
    db: DbArg,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.path.exists() {
        anyhow::bail!(
            "{} already exists: choose a new file (a backup never overwrites)",
            args.path.display()
        );
    }
    if args.db.location.is_postgres() {
        anyhow::bail!(
            "backup copies SQLite files; back up a PostgreSQL database with pg_dump, or copy it into a SQLite file with `eventgraph copy`"
        );
    }
    let store = args.db.open_existing().await?;
    // A new folder for backups is made as the file is: missing parents are created.
    if let Some(parent) = args.path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "cannot create the folder {} for the backup",
                parent.display()
            )
        })?;
    }
    store
        .backup_to(&args.path)
        .await
        .with_context(|| format!("cannot write the backup {}", args.path.display()))?;
    let bytes = std::fs::metadata(&args.path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "backed up {} to {} ({:.1} MB)",
        args.db.location,
        args.path.display(),
        bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}
