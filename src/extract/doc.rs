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

/// Walking the token layer from a position: the words before and after a span, and windows
/// counted in words rather than bytes.
impl Doc<'_> {
    /// The last token that ends at or before `pos`, in any sentence.
    pub fn token_before(&self, pos: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.end <= pos);
        i.checked_sub(1).map(|i| &self.tokens[i])
    }

    /// The first token that starts at or after `pos`, in any sentence.
    pub fn token_after(&self, pos: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.start < pos);
        self.tokens.get(i)
    }

    /// The tokens that lie wholly inside `text[start..end]`, in any sentence.
    pub fn words_in(&self, start: usize, end: usize) -> &[Token] {
        let first = self.tokens.partition_point(|t| t.start < start);
        let last = self.tokens.partition_point(|t| t.end <= end);
        &self.tokens[first..last.max(first)]
    }

    /// The words inside `text[start..end]`, lower case.
    pub fn lower_words(
        &self,
        start: usize,
        end: usize,
    ) -> impl DoubleEndedIterator<Item = String> + '_ {
        self.words_in(start, end)
            .iter()
            .map(|t| t.text(self.text).to_lowercase())
    }

    /// The word before `pos`, lower case; empty when there is none.
    pub fn word_before(&self, pos: usize) -> String {
        self.token_before(pos)
            .map_or_else(String::new, |t| t.text(self.text).to_lowercase())
    }

    /// The word after `pos`, lower case; empty when there is none.
    pub fn word_after(&self, pos: usize) -> String {
        self.token_after(pos)
            .map_or_else(String::new, |t| t.text(self.text).to_lowercase())
    }

    /// The word before `pos`, lower case, if it starts at or after `limit` (typically the
    /// sentence start): guards look at neighbours without crossing into another sentence.
    pub fn word_before_within(&self, pos: usize, limit: usize) -> Option<String> {
        self.token_before(pos)
            .filter(|t| t.start >= limit)
            .map(|t| t.text(self.text).to_lowercase())
    }

    /// The word after `pos`, lower case, if it ends at or before `limit`.
    pub fn word_after_within(&self, pos: usize, limit: usize) -> Option<String> {
        self.token_after(pos)
            .filter(|t| t.end <= limit)
            .map(|t| t.text(self.text).to_lowercase())
    }

    /// The token right after `pos` when only blanks lie between: the next word, unless
    /// punctuation or a line of another kind comes first.
    pub fn spaced_token_after(&self, pos: usize) -> Option<&Token> {
        self.token_after(pos)
            .filter(|t| is_blank_gap(&self.text[pos..t.start]))
    }

    /// The token right before `pos` when only blanks lie between.
    pub fn spaced_token_before(&self, pos: usize) -> Option<&Token> {
        self.token_before(pos)
            .filter(|t| is_blank_gap(&self.text[t.end..pos]))
    }

    /// Where the `words`-th token after `pos` ends, not past `limit`: a window of a few words
    /// after a span ("the President of ..." looks a few words on for the country).
    pub fn end_after_words(&self, pos: usize, words: usize, limit: usize) -> usize {
        let i = self.tokens.partition_point(|t| t.start < pos);
        self.tokens[i..]
            .iter()
            .take_while(|t| t.end <= limit)
            .take(words)
            .last()
            .map_or(pos, |t| t.end)
    }

    /// Where the `words`-th token before `pos` starts, not before `limit`.
    pub fn start_before_words(&self, pos: usize, words: usize, limit: usize) -> usize {
        let i = self.tokens.partition_point(|t| t.end <= pos);
        self.tokens[..i]
            .iter()
            .rev()
            .take_while(|t| t.start >= limit)
            .take(words)
            .last()
            .map_or(pos, |t| t.start)
    }
}

/// Some white space and nothing else.
fn is_blank_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc<'_> {
        Doc::new(text, 0, Lexicon::builtin())
    }

    #[test]
    fn words_before_and_after_a_position_cross_sentences_and_skip_punctuation() {
        let text = "Lind met Okoro. Then, the talks ended.\n";
        let d = doc(text);
        let okoro = text.find("Okoro").unwrap();
        assert_eq!(d.word_before(okoro), "met");
        assert_eq!(d.word_after(okoro + "Okoro".len()), "then");
        assert_eq!(d.word_before(text.find("the").unwrap()), "then");
        assert_eq!(d.word_before(0), "");
        assert_eq!(d.word_after(text.len()), "");
    }

    #[test]
    fn word_windows_count_words_and_stop_at_their_limit() {
        let text = "The President of the Republic of Korea spoke.\n";
        let d = doc(text);
        let after_president = text.find(" of").unwrap();
        let end = d.end_after_words(after_president, 3, text.len());
        assert_eq!(&text[after_president..end], " of the Republic");
        let limit = text.find(" Republic").unwrap();
        assert_eq!(d.end_after_words(after_president, 9, limit), limit);
        let spoke = text.find("spoke").unwrap();
        let start = d.start_before_words(spoke, 2, 0);
        assert_eq!(&text[start..spoke], "of Korea ");
        assert_eq!(
            d.start_before_words(spoke, 5, text.find("Korea").unwrap()),
            text.find("Korea").unwrap()
        );
    }

    #[test]
    fn spaced_neighbours_stop_at_punctuation() {
        let text = "Lind met the envoy, Okoro. Then Okoro left.\n";
        let d = doc(text);
        let envoy = text.find("envoy").unwrap();
        let word = |t: Option<&Token>| t.map(|t| t.text(text));
        assert_eq!(word(d.spaced_token_before(envoy)), Some("the"));
        assert_eq!(word(d.spaced_token_after(envoy)), None, "a comma follows");
        assert_eq!(
            word(d.spaced_token_after(envoy + "envoy,".len())),
            Some("Okoro")
        );
        assert_eq!(
            word(d.spaced_token_before(text.find("Then").unwrap())),
            None
        );
        assert_eq!(
            word(d.spaced_token_after(text.find(" left").unwrap())),
            Some("left")
        );
        assert_eq!(
            word(d.spaced_token_after(text.find("left").unwrap())),
            None,
            "no gap"
        );
    }
}
