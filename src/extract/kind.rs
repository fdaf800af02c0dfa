//! The kinds of event the extractor reports. The lexicon maps trigger words to them and gives
//! their codes (event_kinds.tsv); which kinds are contacts between people is known here only.

use serde::{Deserialize, Serialize};

macro_rules! event_kinds {
    ($($(#[$meta:meta])* $variant:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum EventKind { $($(#[$meta])* $variant,)* }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(EventKind::$variant => $name,)* }
            }

            pub fn parse(name: &str) -> Option<Self> {
                match name { $($name => Some(EventKind::$variant),)* _ => None }
            }
        }
    };
}

event_kinds! {
    Call = "call",
    Meeting = "meeting",
    Visit = "visit",
    Leak = "leak",
    Report = "report",
    Statement = "statement",
    Investigation = "investigation",
    Attack = "attack",
    Agreement = "agreement",
    Sanction = "sanction",
}

impl EventKind {
    /// The person-to-person contacts: the kinds that make who-met-whom edges.
    pub const CONTACTS: &'static [EventKind] =
        &[EventKind::Call, EventKind::Meeting, EventKind::Visit];

    pub fn is_contact(self) -> bool {
        Self::CONTACTS.contains(&self)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
