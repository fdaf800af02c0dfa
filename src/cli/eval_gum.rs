//! `eventgraph eval-gum FILE...`: dates and named entities against the GUM Wikinews set.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::lexicon_arg::LexiconArg;
use crate::eval::read_jsonl;
use crate::eval_gum;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// GUM JSONL files with byte offsets (corpus/gum/gum_news_bytes.jsonl, ...).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lexicon: LexiconArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut records = Vec::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        records.extend(read_jsonl(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?);
    }
    let report =
        eval_gum::score(&records, &args.lexicon.extractor()?).map_err(anyhow::Error::msg)?;
    if args.json {
        outln!("{}", serde_json::to_string(&report)?)?;
    } else {
        outln!("{}", report.to_text().trim_end_matches('\n'))?;
    }
    Ok(ExitCode::SUCCESS)
}
