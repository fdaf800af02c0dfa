//! `eventgraph bench`: extraction throughput on one core, on given articles and on a generated
//! corpus, with peak memory. Build with --release for meaningful figures.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::inputs::{self, LimitArg};
use super::lexicon_arg::LexiconArg;
use crate::article::{parse_text, Article, Limits};
use crate::extract::Extractor;
use crate::synth::Generator;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files or directories to measure (e.g. ../shared/corpus/dev).
    paths: Vec<PathBuf>,
    /// How many synthetic articles to generate and measure.
    #[arg(long, default_value_t = 20_000)]
    generated: usize,
    /// How many times to run over the given articles (small corpora need several passes).
    #[arg(long, default_value_t = 20)]
    repeat: usize,
    /// Also time single articles of 0.125 to 8 MB (news text, and one line without spaces),
    /// to show that extraction time grows linearly with size.
    #[arg(long)]
    scaling: bool,
    #[command(flatten)]
    lexicon: LexiconArg,
    #[command(flatten)]
    input: LimitArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; run `cargo run --release -- bench` for real figures"
        );
    }
    let extractor = args.lexicon.extractor()?;
    println!(
        "{:<28} {:>9} {:>10} {:>10} {:>12} {:>10}",
        "corpus", "articles", "MB", "seconds", "articles/s", "MB/s"
    );
    if !args.paths.is_empty() {
        let mut articles = Vec::new();
        for path in inputs::files(&args.paths)? {
            articles.extend(
                inputs::read(&path, args.input.limits())?
                    .into_iter()
                    .filter_map(|r| r.article.ok()),
            );
        }
        let label = format!("given x{}", args.repeat);
        measure(&extractor, &label, &articles, args.repeat);
    }
    if args.generated > 0 {
        let mut generator = Generator::new(42);
        let articles: Vec<Article> = (0..args.generated)
            .filter_map(|i| {
                parse_text(generator.article(4 + i % 8).as_bytes(), Limits::default()).ok()
            })
            .collect();
        measure(&extractor, "generated", &articles, 1);
    }
    if args.scaling {
        scaling(&extractor);
    }
    if let Some(peak) = peak_rss_mib() {
        println!("peak memory (VmHWM): {peak:.1} MiB");
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(extractor: &Extractor, label: &str, articles: &[Article], repeat: usize) {
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum::<usize>() * repeat;
    let mut events = 0usize;
    let started = Instant::now();
    for _ in 0..repeat {
        for article in articles {
            events += extractor.extract(article).events.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let count = articles.len() * repeat;
    let mb = bytes as f64 / 1e6;
    println!(
        "{label:<28} {count:>9} {mb:>10.2} {seconds:>10.2} {:>12.0} {:>10.2}",
        count as f64 / seconds,
        mb / seconds
    );
    tracing::debug!(events, "events found");
}

/// Peak resident memory of this process in MiB, from /proc (Linux only).
pub(super) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// One article of each size, twice as large each time: a constant time per MB means linear.
fn scaling(extractor: &Extractor) {
    let limits = Limits {
        max_article_bytes: usize::MAX,
    };
    let mut generator = Generator::new(7);
    let mut news = String::new();
    while news.len() < 8 << 20 {
        news.push_str(&generator.article(12));
        news.push('\n');
    }
    println!();
    println!(
        "{:<28} {:>10} {:>10} {:>12}",
        "one article", "MB", "seconds", "seconds/MB"
    );
    for (label, body) in [
        ("news text", news.as_str()),
        ("one line, no spaces", &"x".repeat(8 << 20)),
    ] {
        let mut size = 128 << 10;
        while size <= 8 << 20 {
            let mut end = size.min(body.len());
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            let text = format!(" date 2024-05-15 Scaling\n\n{}", &body[..end]);
            let Ok(article) = parse_text(text.as_bytes(), limits) else {
                break;
            };
            let started = Instant::now();
            std::hint::black_box(extractor.extract(&article));
            let seconds = started.elapsed().as_secs_f64();
            let mb = text.len() as f64 / 1e6;
            println!(
                "{label:<28} {mb:>10.2} {seconds:>10.3} {:>12.3}",
                seconds / mb
            );
            size *= 2;
        }
    }
}
