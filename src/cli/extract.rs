//! `eventgraph extract FILE...`: one JSON line per article, no database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::inputs::{self, LimitArg};
use super::lexicon_arg::LexiconArg;
use crate::extract::ExtractLine;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt scraped text, .json, .ndjson) or directories of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArg,
    #[command(flatten)]
    input: LimitArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let extractor = args.lexicon.extractor()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for path in inputs::files(&args.paths)? {
        for record in inputs::read(&path, args.input.limits())? {
            match record.article {
                Ok(article) => {
                    let extraction = extractor.extract(&article);
                    let line = serde_json::to_string(&ExtractLine {
                        source: &record.source,
                        extraction: &extraction,
                    })?;
                    writeln!(out, "{line}").map_err(super::stdout_error)?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("{}: {e}", record.source);
                }
            }
        }
    }
    out.flush().map_err(super::stdout_error)?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
