//! Tense: whether a sentence speaks of the future around a time expression.

use super::*;

/// Maximum look-back for tense cues.
const CUE_WINDOW: usize = 120;

/// The part of the current sentence before `pos`, at most [`CUE_WINDOW`] bytes.
fn sentence_before(text: &str, pos: usize) -> &str {
    let mut lo = pos.saturating_sub(CUE_WINDOW);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = &text[lo..pos];
    let cut = window
        .char_indices()
        .rev()
        .find(|&(i, c)| is_sentence_end(window, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &window[cut..]
}

/// Sentence-final punctuation; a '.' after a short capitalised token ("Mr.", "Apr.", "U.S.") is not.
fn is_sentence_end(s: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '!' | '?' => true,
        '.' => {
            let followed_by_space = s[i + 1..].chars().next().is_none_or(char::is_whitespace);
            let token: Vec<char> = s[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let abbreviation =
                (1..=3).contains(&token.len()) && token.last().is_some_and(|c| c.is_uppercase());
            followed_by_space && !abbreviation
        }
        _ => false,
    }
}

/// A capitalised cue inside a sentence is a name ("Will Smith"), not a modal.
fn is_name(sentence: &str, start: usize) -> bool {
    let capitalised = sentence[start..].starts_with(|c: char| c.is_uppercase());
    capitalised && sentence[..start].chars().any(char::is_alphanumeric)
}

/// The match is not glued to letters or digits (cues like "'ll" only check their word end).
fn is_whole_word(s: &str, start: usize, end: usize) -> bool {
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = s[start..].chars().next();
    let last = s[..end].chars().next_back();
    (!word_char(first) || !word_char(s[..start].chars().next_back()))
        && (!word_char(last) || !word_char(s[end..].chars().next()))
}

impl TimeEngine {
    /// Future cue in the same sentence before the mention, or "will" right after it.
    ///
    /// Before the mention the cue nearest to it wins, so in "he will travel next week, the
    /// White House said on Tuesday" the past "said" outweighs the earlier "will".
    pub(super) fn has_future_cue(&self, scan: &Scan, start: usize, end: usize) -> bool {
        if self.future_word_after(scan, end) {
            return true;
        }
        let before = sentence_before(scan.text, start);
        let nearest = self
            .cues
            .find_iter(before)
            .filter(|m| is_whole_word(before, m.start(), m.end()) && !is_name(before, m.start()))
            .filter_map(|m| {
                self.cue_kinds
                    .get(m.pattern().as_usize())
                    .copied()
                    .flatten()
            })
            .last();
        nearest.unwrap_or(false)
    }

    /// Looks at the first few words after a mention ending at `end`, in its clause ("Tuesday's
    /// meeting will ..."; the tokens leave the possessive out).
    fn future_word_after(&self, scan: &Scan, end: usize) -> bool {
        let after = &scan.text[end..];
        let clause_end = after
            .find(['.', '!', '?', '\n', ',', ';', ':'])
            .map_or(scan.text.len(), |i| end + i);
        for word in scan.words(end, clause_end).take(2) {
            if self.lex.clause_breaks.contains(&word) {
                return false;
            }
            let contracted = self
                .lex
                .future_after
                .iter()
                .any(|cue| cue.starts_with(['\'', '’']) && word.ends_with(cue.as_str()));
            if contracted || self.lex.future_after.contains(&word) {
                return true;
            }
        }
        false
    }
}
