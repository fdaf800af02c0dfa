//! `--lexicon DIR`: the commands that extract take a folder of lexicon files extending the
//! built-in ones.

use std::path::PathBuf;

use anyhow::Context;

use crate::extract::Extractor;

#[derive(clap::Args, Debug, Clone)]
pub struct LexiconArg {
    /// Folder of lexicon files that extend the built-in ones: files named as those of
    /// src/extract/lexicon/data/ (triggers.tsv, countries.tsv, ...), whose rows come first.
    #[arg(long = "lexicon", env = "EVENTGRAPH_LEXICON", value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

impl LexiconArg {
    pub fn extractor(&self) -> anyhow::Result<Extractor> {
        Extractor::with_lexicon_folder(self.folder.as_deref()).context("cannot load the lexicon")
    }
}
