//! One article as the passes read it: its text, its sentences and their word tokens, split
//! once and shared, so that no pass tokenizes a sentence again.

use super::lexicon::Lexicon;
use super::text::{self, Sentence, Token};

pub struct Doc<'a> {
    pub text: &'a str,
    /// Where the body starts (after the date line).
    pub body_start: usize,
    /// In text order, not overlapping.
    pub sentences: Vec<Sentence>,
    tokens: Vec<Token>,
    /// For each sentence, where its tokens start in `tokens` (one more entry: the end).
    first_token: Vec<usize>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, body_start: usize, lexicon: &Lexicon) -> Self {
        let sentences = text::sentences(text, body_start, lexicon);
        let mut tokens = Vec::new();
        let mut first_token = Vec::with_capacity(sentences.len() + 1);
        for s in &sentences {
            first_token.push(tokens.len());
            tokens.extend(text::tokens(text, s.start, s.end));
        }
        first_token.push(tokens.len());
        Self {
            text,
            body_start,
            sentences,
            tokens,
            first_token,
        }
    }

    /// The tokens of one of the document's sentences.
    pub fn tokens(&self, s: &Sentence) -> &[Token] {
        let i = self.sentences.partition_point(|x| x.start < s.start);
        debug_assert!(
            self.sentences.get(i) == Some(s),
            "not a sentence of this document"
        );
        &self.tokens[self.first_token[i]..self.first_token[i + 1]]
    }
}
