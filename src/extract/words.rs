//! Character-level word helpers shared by every pass; they depend on nothing else.

/// The word begins with a capital letter.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when `pos` is not inside a word: a letter or digit on both sides means it is.
pub fn is_word_boundary(text: &str, pos: usize) -> bool {
    if !text.is_char_boundary(pos) {
        return false;
    }
    let before = text[..pos].chars().next_back();
    let after = text[pos..].chars().next();
    !matches!((before, after), (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric())
}

/// Case- and accent-folded form of a name, for comparing names inside an article.
pub fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = name
        .nfkd()
        .filter(char::is_ascii)
        .collect::<String>()
        .to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '@')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries() {
        let text = "recall é";
        assert!(!is_word_boundary(text, 2));
        assert!(is_word_boundary(text, 6));
        assert!(!is_word_boundary(text, 8)); // inside the two-byte é
    }

    #[test]
    fn fold_keeps_letters_digits_hyphens_and_handles() {
        assert_eq!(
            fold("José Ángel  Martínez-Ruiz"),
            "jose angel martinez-ruiz"
        );
        assert_eq!(fold("@SecBlinken"), "@secblinken");
    }
}
