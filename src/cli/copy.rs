//! `eventgraph copy --from A --to B`: every row of one store into another, SQLite or
//! PostgreSQL either way, with a progress bar and a summary. Run again, it adds only what the
//! target lacks.

use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::store::{Location, Store};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store to copy: a SQLite file or a PostgreSQL URL. It is only read.
    #[arg(long, value_name = "PATH|URL")]
    from: Location,
    /// The store to copy into (created if missing); best empty, or an earlier copy of the same
    /// store.
    #[arg(long, value_name = "PATH|URL")]
    to: Location,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.from == args.to {
        anyhow::bail!("--from and --to name the same store: {}", args.from);
    }
    if let Location::Sqlite(path) = &args.from {
        // Opening would create an empty file: a mistyped path must not copy nothing.
        if !path.exists() {
            anyhow::bail!("no database at {}", path.display());
        }
    }
    let from = Store::open_location(&args.from)
        .await
        .with_context(|| format!("cannot open database {}", args.from))?;
    // The target is made as `backup` makes its file: missing parent folders are created.
    if let Location::Sqlite(path) = &args.to {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| {
                format!("cannot create the folder {} for the copy", parent.display())
            })?;
        }
    }
    let to = Store::open_location(&args.to)
        .await
        .with_context(|| format!("cannot open database {}", args.to))?;
    let bar = ProgressBar::new(from.copy_size().await?);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = from
        .copy_into(&to, |rows| bar.inc(rows))
        .await
        .with_context(|| format!("cannot copy {} to {}", args.from, args.to))?;
    bar.finish_and_clear();
    let tables: Vec<String> = report
        .iter()
        .map(|t| format!("{} {} ({} new)", t.table, t.rows, t.added))
        .collect();
    outln!("copied {} to {}: {}", args.from, args.to, tables.join(", "))?;
    for t in report.iter().filter(|t| t.target_rows > t.rows) {
        eprintln!(
            "note: the target's {} hold {} rows the source has not",
            t.table,
            t.target_rows - t.rows
        );
    }
    Ok(ExitCode::SUCCESS)
}
