//! The entity model: entities, their kinds, mentions and the layer of one article.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Country,
    Organization,
    Location,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Country => "country",
            Self::Organization => "organization",
            Self::Location => "location",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(Self::Person),
            "country" => Some(Self::Country),
            "organization" | "organisation" => Some(Self::Organization),
            "location" => Some(Self::Location),
            _ => None,
        }
    }

    /// A kind a user names as a filter (`kind=`, `--kind`); the error, to follow the
    /// parameter's name, says which kinds there are.
    pub fn parse_filter(s: &str) -> Result<Self, String> {
        Self::parse(s)
            .ok_or_else(|| format!("must be person, country, organization or location, got {s:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Other names the article uses for it (surname, "Mr X", handles, short names).
    pub aliases: Vec<String>,
    /// News media report events; they never take part in them.
    #[serde(skip)]
    pub media: bool,
    /// 'm' or 'f' when an honorific or pronoun told; used to resolve pronouns.
    #[serde(skip)]
    pub gender: Option<char>,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionForm {
    Name,
    Alias,
    Adjective,
    Title,
    Pronoun,
    /// "we", "our", "I" inside a quote: the quoted speaker.
    Speaker,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: EntityKind,
    pub entity: usize,
    pub form: MentionForm,
    /// A country or organisation that only qualifies a title ("US" in "US Secretary of
    /// State"): an affiliation, not a party to an event.
    #[serde(skip)]
    pub qualifier: bool,
}

/// Entities and mentions of one article, plus the quote spans and their speakers.
#[derive(Debug, Default)]
pub struct EntityLayer {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<usize>,
}

impl EntityLayer {
    /// The quote around a position (quotes are sorted and do not overlap).
    pub fn quote_at(&self, pos: usize) -> Option<&Quote> {
        let after = self.quotes.partition_point(|q| q.start <= pos);
        after
            .checked_sub(1)
            .map(|i| &self.quotes[i])
            .filter(|q| pos < q.end)
    }

    /// The mentions that start in `start..end` (mentions are sorted by start).
    pub fn mentions_in(&self, start: usize, end: usize) -> &[Mention] {
        let first = self.mentions.partition_point(|m| m.start < start);
        let last = self.mentions.partition_point(|m| m.start < end);
        &self.mentions[first..last.max(first)]
    }
}
