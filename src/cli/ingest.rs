//! `eventgraph ingest PATH...`: stores articles with a progress bar and a closing summary.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::db::DbArg;
use super::inputs::{self, LimitArg};
use super::lexicon_arg::LexiconArg;
use crate::article::{Article, Limits};
use crate::extract::Extractor;
use crate::pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt, .json, .ndjson) or directories of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArg,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    input: LimitArg,
}

#[derive(Default)]
pub(super) struct Summary {
    new: usize,
    known: usize,
    rejected: usize,
    events_new: usize,
    events_merged: usize,
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let summary = ingest_paths(
        &args.db,
        args.input.limits(),
        &args.paths,
        args.lexicon.extractor()?,
    )
    .await?;
    Ok(if summary.rejected > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Articles stored per transaction.
const BATCH: usize = 64;

/// Hands a batch to the bulk ingest, and counts the batch it stored before.
async fn push(
    bulk: &mut pipeline::BatchIngest<'_>,
    batch: Vec<(String, Article)>,
    in_flight: &mut Vec<String>,
    summary: &mut Summary,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let (sources, articles): (Vec<String>, Vec<Article>) = batch.into_iter().unzip();
    let stored = bulk.push(articles).await?;
    count(&std::mem::replace(in_flight, sources), stored, summary, bar)
}

/// Counts a stored batch. An article the extractor failed on is rejected; one that could not
/// be stored stops the command (the others of its batch are kept).
fn count(
    sources: &[String],
    outcomes: Option<pipeline::BatchOutcomes>,
    summary: &mut Summary,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    for (source, outcome) in sources.iter().zip(outcomes.into_iter().flatten()) {
        let outcome = match outcome {
            Err(e @ pipeline::IngestError::ExtractorFailed) => {
                summary.rejected += 1;
                bar.suspend(|| eprintln!("rejected {source}: {e} (a defect, logged)"));
                continue;
            }
            other => other.with_context(|| format!("storing {source}"))?,
        };
        if outcome.created {
            summary.new += 1;
            summary.events_new += outcome.events.iter().filter(|e| !e.merged).count();
            summary.events_merged += outcome.events.iter().filter(|e| e.merged).count();
        } else {
            summary.known += 1;
        }
    }
    Ok(())
}

/// Ingests every record under `paths`, printing rejections and a closing summary.
pub(super) async fn ingest_paths(
    db: &DbArg,
    limits: Limits,
    paths: &[PathBuf],
    extractor: Extractor,
) -> anyhow::Result<Summary> {
    let files = inputs::files(paths)?;
    let store = db.open_or_create().await?;
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut summary = Summary::default();
    let mut bulk = pipeline::BatchIngest::new(&store, extractor);
    // The sources of the batch being extracted, for the messages about it.
    let mut in_flight: Vec<String> = Vec::new();
    let mut batch: Vec<(String, Article)> = Vec::with_capacity(BATCH);
    for path in &files {
        for record in inputs::read(path, limits)? {
            match record.article {
                Ok(article) => batch.push((record.source, article)),
                Err(e) => {
                    summary.rejected += 1;
                    bar.suspend(|| eprintln!("rejected {}: {e}", record.source));
                }
            }
            if batch.len() >= BATCH {
                let full = std::mem::take(&mut batch);
                push(&mut bulk, full, &mut in_flight, &mut summary, &bar).await?;
            }
        }
        bar.inc(1);
    }
    push(&mut bulk, batch, &mut in_flight, &mut summary, &bar).await?;
    count(&in_flight, bulk.finish().await?, &mut summary, &bar)?;
    bar.finish_and_clear();
    outln!(
        "articles: {} new, {} known, {} rejected; events: {} new, {} merged into existing; database: {}",
        summary.new,
        summary.known,
        summary.rejected,
        summary.events_new,
        summary.events_merged,
        db.location
    )?;
    Ok(summary)
}
