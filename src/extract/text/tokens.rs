//! Words with byte offsets into the text, possessives split off.

use super::*;

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
