//! The extractor's terms as the store keeps them: the folded form of names (the `norm_name`
//! and `norm_alias` columns are written and looked up in it) and the event kinds. The rest
//! of the service asks here rather than reaching into the extractor's modules.

/// A name folded for comparison: ASCII, lower case, words split on punctuation.
pub fn fold_name(name: &str) -> String {
    crate::extract::entities::fold(name)
}

/// Whether the extractor's lexicon knows an event kind.
pub fn is_event_kind(kind: &str) -> bool {
    crate::extract::lexicon::Lexicon::builtin()
        .kind(kind)
        .is_some()
}

/// The event kinds of the extractor's lexicon, sorted.
pub fn event_kinds() -> Vec<String> {
    let mut kinds: Vec<String> = crate::extract::lexicon::Lexicon::builtin()
        .kinds
        .keys()
        .cloned()
        .collect();
    kinds.sort_unstable();
    kinds
}
