//! Page text to blocks, sentences and word tokens, all as byte offsets into the original text.
//!
//! Scraped pages mix prose with menus, bylines, share buttons and datelines. Lines are sorted
//! into prose, headlines and noise first, so later stages see only text a reader would read.

use super::lexicon::{Lexicon, WordClass};

mod lines;
mod quotes;
mod sentences;
mod tokens;

pub use lines::headline;
use lines::*;
pub use quotes::quotes;
pub use sentences::{datelines, sentences};
pub use tokens::tokens;

/// What kind of line a sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text of the article, including photo captions.
    Prose,
    /// A short line without sentence punctuation: a headline, subhead or teaser.
    Headline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

pub use super::words::starts_upper;

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0, Lexicon::builtin())
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn sentences_survive_abbreviations_and_initials() {
        let text = "Mr. Hale met the U.S. envoy in Oslo on Jan. 5 and J. Smith joined them. Then they left.\n";
        assert_eq!(
            split(text),
            vec![
                "Mr. Hale met the U.S. envoy in Oslo on Jan. 5 and J. Smith joined them.",
                "Then they left."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let text = "“We spoke today,” she said. “It went well.” The talks ended.\n";
        assert_eq!(
            split(text),
            vec![
                "“We spoke today,” she said.",
                "“It went well.”",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn noise_lines_are_skipped_and_headlines_kept() {
        let text = "Home | World | Business | Sport\nMinisters meet in Oslo for trade talks\nReuters\nShare this article\nThe two ministers met on Monday in the Norwegian capital.\nUpdated: April 11, 2023, 5:45 PM\n";
        let found = sentences(text, 0, Lexicon::builtin());
        let kinds: Vec<(BlockKind, &str)> = found
            .iter()
            .map(|s| (s.kind, &text[s.start..s.end]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    BlockKind::Headline,
                    "Ministers meet in Oslo for trade talks"
                ),
                (
                    BlockKind::Prose,
                    "The two ministers met on Monday in the Norwegian capital."
                ),
            ]
        );
    }

    #[test]
    fn tokens_keep_offsets_and_drop_possessives() {
        let text = "“Tánaiste’s talk” with @ForeignMin and al-Sisi's U.S. aide";
        let words: Vec<&str> = tokens(text, 0, text.len())
            .iter()
            .map(|t| t.text(text))
            .collect();
        assert_eq!(
            words,
            vec![
                "Tánaiste",
                "talk",
                "with",
                "@ForeignMin",
                "and",
                "al-Sisi",
                "U.S",
                "aide"
            ]
        );
    }

    #[test]
    fn quotes_pair_within_lines() {
        let text = "He said “we met” and \"it went well\".\n“An open quote\nnext";
        let spans: Vec<&str> = quotes(text, 0).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            spans,
            vec!["“we met”", "\"it went well\"", "“An open quote"]
        );
    }

    #[test]
    fn a_dateline_window_never_cuts_a_character() {
        // The 80-byte window ends inside the four bytes of the emoji.
        let text = format!("KYIV {}🙂 - and more words follow here.\n", "x".repeat(73));
        let found = datelines(&text, &sentences(&text, 0, Lexicon::builtin()));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn wire_datelines() {
        let text = "NEW DELHI, Jan 17 (Reuters) - The minister spoke on Tuesday.\nThe envoy - a veteran - left.\n";
        let found = datelines(text, &sentences(text, 0, Lexicon::builtin()));
        assert_eq!(
            found.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>(),
            vec!["NEW DELHI, Jan 17 (Reuters) - "]
        );
    }
}
