//! The extractor's terms as the store keeps them: the folded form of names (the `norm_name`
//! and `norm_alias` columns are written and looked up in it) and the event kinds. The rest
//! of the service asks here rather than reaching into the extractor's modules.

use crate::extract::EventKind;

/// A name folded for comparison: ASCII, lower case, words split on punctuation.
pub fn fold_name(name: &str) -> String {
    crate::extract::fold_name(name)
}

/// Whether the extractor knows an event kind.
pub fn is_event_kind(kind: &str) -> bool {
    EventKind::parse(kind).is_some()
}

/// The event kinds the extractor reports, sorted.
pub fn event_kinds() -> Vec<String> {
    let mut kinds: Vec<String> = EventKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    kinds.sort_unstable();
    kinds
}
