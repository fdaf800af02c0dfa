//! Paths given on the command line to articles: files, directories (walked, sorted) and NDJSON
//! batches; every bad record is reported with where it came from.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::article::{Article, ArticleError, Format, Limits, DEFAULT_MAX_ARTICLE_BYTES};

/// `--max-article-bytes`, on the commands that read articles.
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArg {
    /// Largest article accepted, in bytes.
    #[arg(long, env = "EVENTGRAPH_MAX_ARTICLE_BYTES", default_value_t = DEFAULT_MAX_ARTICLE_BYTES)]
    max_article_bytes: usize,
}

impl LimitArg {
    pub fn limits(&self) -> Limits {
        Limits {
            max_article_bytes: self.max_article_bytes,
        }
    }
}

/// One input record: where it came from ("path" or "path:line") and the article or its error.
pub struct Record {
    pub source: String,
    pub article: Result<Article, ArticleError>,
}

/// The files a list of paths names: files as given, directories walked for .txt, .json and
/// .ndjson files in name order.
pub fn files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_article_file(e.path()))
                .map(|e| e.into_path())
                .collect();
            if found.is_empty() {
                anyhow::bail!("{} holds no .txt, .json or .ndjson files", path.display());
            }
            out.append(&mut found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Directories are walked for .txt, .json and .ndjson only: a .jsonl beside articles is
/// usually something else (the gold annotations of samples/, say).
fn is_article_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "json" | "ndjson")
    )
}

/// Reads one file into records. A file of unknown extension is read as scraped text.
pub fn read(path: &Path, limits: Limits) -> anyhow::Result<Vec<Record>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let format = Format::from_extension(path).unwrap_or(Format::Text);
    let display = path.display().to_string();
    let records = match format.parse(&bytes, limits) {
        Ok(records) => records,
        Err(e) => vec![(1, Err(e))],
    };
    Ok(records
        .into_iter()
        .map(|(line, article)| {
            let source = if format == Format::Ndjson {
                format!("{display}:{line}")
            } else {
                display.clone()
            };
            let article = article.map(|mut a| {
                a.source.get_or_insert_with(|| source.clone());
                a
            });
            Record { source, article }
        })
        .collect())
}
