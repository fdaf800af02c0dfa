//! Page text to blocks, sentences and word tokens, all as byte offsets into the original text.
//!
//! Scraped pages mix prose with menus, bylines, share buttons and datelines. Lines are sorted
//! into prose, headlines and noise first, so later stages see only text a reader would read.

use super::lexicon::{Lexicon, WordClass};

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

pub use super::words::{is_word_boundary, starts_upper};

/// Classifies one line of page text; `None` means the line is noise.
fn classify_line(line: &str, lexicon: &Lexicon) -> Option<BlockKind> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lower = trimmed.to_lowercase();
    if lexicon.starts_with_any(WordClass::NoisePrefix, &lower) {
        return None;
    }
    // Menus and breadcrumb trails: several items between separators.
    if trimmed.matches(" | ").count() >= 2 || trimmed.matches(" > ").count() >= 2 {
        return None;
    }
    let words = trimmed.split_whitespace().count();
    // Bare credits, datelines and labels ("Reuters", "Apr 11, 2023") carry no events.
    if words < 4 {
        return None;
    }
    let ends_like_prose = trimmed.ends_with(['.', '!', '?', '"', '”', '’', '\'', ':', ')']);
    // A caption ends with its photo credit after the last full stop ("... on April 4. Reuters").
    let has_inner_stop = [". ", "? ", "! "].iter().any(|stop| trimmed.contains(stop));
    if ends_like_prose || (words >= 6 && has_inner_stop) {
        return Some(BlockKind::Prose);
    }
    Some(BlockKind::Headline)
}

/// Splits the article body (from `body_start`) into sentences, skipping noise lines.
pub fn sentences(text: &str, body_start: usize, lexicon: &Lexicon) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let Some(kind) = classify_line(line, lexicon) else {
            continue;
        };
        let content = line.trim_end();
        let lead = content.len() - content.trim_start().len();
        split_line(
            text,
            start + lead,
            start + content.len(),
            kind,
            lexicon,
            &mut out,
        );
    }
    out
}

/// Sentence boundaries inside one line: a full stop, question or exclamation mark (with any
/// closing quotes), then a space, then something that can start a sentence.
fn split_line(
    text: &str,
    start: usize,
    end: usize,
    kind: BlockKind,
    lexicon: &Lexicon,
    out: &mut Vec<Sentence>,
) {
    let line = &text[start..end];
    let mut sentence_start = start;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Include closing quotes and brackets in the sentence.
        let mut stop = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if matches!(q, '"' | '”' | '’' | '\'' | ')') {
                stop = j + q.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &line[stop..];
        let next = rest.trim_start();
        let has_space = rest.len() > next.len();
        let starts_sentence = next.chars().next().is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '@')
        });
        if !has_space || !starts_sentence || (c == '.' && is_abbreviation(&line[..i], lexicon)) {
            continue;
        }
        push_sentence(text, sentence_start, start + stop, kind, out);
        sentence_start = start + stop + (rest.len() - next.len());
    }
    push_sentence(text, sentence_start, end, kind, out);
}

fn push_sentence(text: &str, start: usize, end: usize, kind: BlockKind, out: &mut Vec<Sentence>) {
    if text[start..end].trim().is_empty() {
        return;
    }
    out.push(Sentence { start, end, kind });
}

/// The word before a full stop is an abbreviation ("Mr.", "U.S.") or an initial ("J.").
fn is_abbreviation(before: &str, lexicon: &Lexicon) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let mut letters = word.chars();
    let single_capital =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    single_capital || lexicon.abbreviations.contains(word)
}

/// Wire datelines at the start of a paragraph ("BRASILIA, Oct 16 (Reuters) - "): the date in
/// one is the filing date, not the date of anything reported. Returns their spans.
pub fn datelines(text: &str, sentences: &[Sentence]) -> Vec<(usize, usize)> {
    sentences
        .iter()
        .filter(|s| s.start == 0 || text[..s.start].ends_with('\n'))
        .filter_map(|s| {
            let head = &text[s.start..s.end];
            // The place: capital letters, spaces and dots ("NEW DELHI", "ST. PETERSBURG").
            let place_len = head
                .find(|c: char| !(c.is_uppercase() || c == ' ' || c == '.' || c == '\''))
                .unwrap_or(0);
            if head[..place_len]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                < 3
            {
                return None;
            }
            let window = &head[..head.floor_char_boundary(80)];
            let dash = [" - ", " – ", " — ", " -- "]
                .iter()
                .filter_map(|d| window.find(d).map(|i| i + d.len()))
                .min()?;
            Some((s.start, s.start + dash))
        })
        .collect()
}

/// Quoted passages inside single lines, as spans that include the quote marks. Curly quotes
/// pair “ with ”; straight double quotes pair in order. A quote left open at the end of its
/// line runs to the line end, as multi-paragraph quotes do in news copy.
pub fn quotes(text: &str, body_start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let mut open: Option<usize> = None;
        for (i, c) in line.char_indices() {
            match (c, open) {
                ('“', None) | ('"', None) => open = Some(i),
                ('”', Some(s)) | ('"', Some(s)) => {
                    out.push((line_start + s, line_start + i + c.len_utf8()));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((line_start + s, line_start + line.trim_end().len()));
        }
        line_start += line.len();
    }
    out
}

/// Word tokens in `text[start..end]`: letters and digits, with inner apostrophes, hyphens and
/// dots ("O'Brien", "al-Sisi", "U.S"), a leading `@` for handles, and without a possessive 's.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut iter = slice.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_handle = c == '@' && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if !(c.is_alphanumeric() || is_handle) {
            continue;
        }
        let mut stop = i + c.len_utf8();
        while let Some(&(j, n)) = iter.peek() {
            if n.is_alphanumeric() || n == '_' {
                stop = j + n.len_utf8();
                iter.next();
                continue;
            }
            // A joiner counts only between two word characters.
            let joins = matches!(n, '\'' | '’' | '-' | '.' | '‐');
            let after = slice[j + n.len_utf8()..].chars().next();
            if !(joins && after.is_some_and(char::is_alphanumeric)) {
                break;
            }
            // The possessive 's ends the word: "Kuleba's" is the token "Kuleba".
            if matches!(n, '\'' | '’') && is_possessive(&slice[j + n.len_utf8()..]) {
                iter.next();
                iter.next();
                break;
            }
            stop = j + n.len_utf8();
            iter.next();
        }
        out.push(Token {
            start: start + i,
            end: start + stop,
        });
    }
    out
}

fn is_possessive(after_apostrophe: &str) -> bool {
    let mut chars = after_apostrophe.chars();
    matches!(chars.next(), Some('s')) && !chars.next().is_some_and(char::is_alphanumeric)
}

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

    #[test]
    fn word_boundaries() {
        let text = "recall é";
        assert!(!is_word_boundary(text, 2));
        assert!(is_word_boundary(text, 6));
        assert!(!is_word_boundary(text, 8)); // inside the two-byte é
    }
}
