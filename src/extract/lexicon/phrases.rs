//! Whole-word phrase matching over text, for gazetteers, titles, triggers and cues.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::words::is_word_boundary;

/// A match of one of the lexicon automata in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// An automaton over phrases that only reports whole-word matches.
pub struct PhraseMatcher {
    automaton: AhoCorasick,
}

impl PhraseMatcher {
    pub(super) fn new<I, P>(phrases: I, case_insensitive: bool) -> Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(case_insensitive)
            .build(phrases)
            .expect("lexicon phrases build an automaton");
        Self { automaton }
    }

    /// Whole-word, leftmost-longest, non-overlapping matches in `text[range]`, with offsets
    /// into `text`.
    pub fn find(&self, text: &str, from: usize, to: usize) -> Vec<Hit> {
        let slice = &text[from..to];
        self.automaton
            .find_iter(slice)
            .map(|m| Hit {
                start: from + m.start(),
                end: from + m.end(),
                pattern: m.pattern().as_usize(),
            })
            .filter(|h| is_word_boundary(text, h.start) && is_word_boundary(text, h.end))
            .collect()
    }
}
