//! Lines of a scraped page: prose, headlines, captions, and the page furniture that is skipped.

use super::*;

/// The article's headline: the first headline-like line of the page text before its first
/// line of prose. Menus ("Home | World"), labels and error codes ("403") are furniture, not
/// headlines; a page that starts with prose has none.
pub fn headline<'t>(body: &'t str, lexicon: &Lexicon) -> Option<&'t str> {
    for line in body.lines() {
        match classify_line(line, lexicon) {
            Some(BlockKind::Headline) => return Some(line.trim()),
            Some(BlockKind::Prose) => return None,
            None => {}
        }
    }
    None
}

/// Classifies one line of page text; `None` means the line is noise.
pub(super) fn classify_line(line: &str, lexicon: &Lexicon) -> Option<BlockKind> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_is_the_first_headline_like_line_before_the_prose() {
        let lexicon = Lexicon::builtin();
        let page = "Home | World\n403\nMinisters meet in Oslo for trade talks\nThe two met on Monday.\nA subhead later on here";
        assert_eq!(
            headline(page, lexicon),
            Some("Ministers meet in Oslo for trade talks")
        );
        assert_eq!(
            headline("The two met on Monday.\nA subhead later on here", lexicon),
            None
        );
        assert_eq!(headline("Home | World\n403\n", lexicon), None);
    }
}
