//! Sentences: split inside lines so that "Mr.", "U.S." and "Jan." do not end one; wire datelines.

use super::*;

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
