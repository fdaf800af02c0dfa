//! Lines of a scraped page: prose, headlines, captions, and the page furniture that is skipped.

use super::*;

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
