//! `eventgraph eval GOLD.jsonl TEXT_DIR`: runs the extractor on each gold article and prints
//! the figures of tools/score.py.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::lexicon_arg::LexiconArg;
use crate::article::{parse_text, Limits};
use crate::eval;
use crate::extract::ExtractLine;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold annotations, one JSON object per article (see the corpus README).
    gold: PathBuf,
    /// Directory holding <id>.txt for each gold article.
    text_dir: PathBuf,
    /// Print, per article, what was missed and what was extra.
    #[arg(long)]
    verbose: bool,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lexicon: LexiconArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let gold_text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = eval::read_jsonl(&gold_text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let extractor = args.lexicon.extractor()?;
    let mut system = Vec::with_capacity(gold.len());
    for g in &gold {
        let Some(id) = g.get("id").and_then(|v| v.as_str()) else {
            continue;
        };
        let path = args.text_dir.join(format!("{id}.txt"));
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{}: missing; scored as no output", path.display());
            continue;
        };
        let article = match parse_text(&bytes, Limits::default()) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                continue;
            }
        };
        let extraction = extractor.extract(&article);
        let source = path.display().to_string();
        system.push(serde_json::to_value(ExtractLine {
            source: &source,
            extraction: &extraction,
        })?);
    }
    let (report, diffs) = eval::score(&gold, &system);
    if args.verbose {
        for d in &diffs {
            eprint!("{}", d.to_text());
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string(&report)?)?;
    } else {
        outln!("{}", report.to_text().trim_end_matches('\n'))?;
    }
    Ok(ExitCode::SUCCESS)
}
