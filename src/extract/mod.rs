//! The extractor: article text in, entities, mentions, times and events out. Pure: no I/O.

// The passes are private: the service reaches the extractor through the types re-exported
// here, so a pass can change shape without touching the store, the graph or the API.
mod doc;
mod entities;
mod events;
mod kind;
mod lexicon;
mod page;
mod text;
mod time;
mod words;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::article::{Article, Published};
use doc::Doc;
pub use entities::{Entity, EntityKind, Mention, MentionForm};
pub use events::{Event, EventDate, Evidence, Participant, Role, Status};
pub use kind::EventKind;
use lexicon::Lexicon;
pub use lexicon::LexiconError;
use time::TimeEngine;
pub use time::{Precision, TimeMention, TimexValue};
pub use words::fold as fold_name;

/// Everything found in one article. Offsets are byte offsets into the article text.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub published: Option<Published>,
    /// Why nothing was extracted (a page not in English), when that is the case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub times: Vec<TimeMention>,
    pub events: Vec<Event>,
}

/// Runs the stages over an article with a lexicon (the built-in one by default). Cheap to
/// clone: the lexicon and the compiled time rules are shared.
#[derive(Clone)]
pub struct Extractor {
    lexicon: Arc<Lexicon>,
    time: Arc<TimeEngine>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor").finish_non_exhaustive()
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Self {
            lexicon: Lexicon::builtin_shared(),
            time: TimeEngine::builtin(),
        }
    }
}

impl Extractor {
    /// An extractor over `lexicon`, compiling its time rules.
    fn with_lexicon(lexicon: Lexicon) -> Result<Self, LexiconError> {
        let time = TimeEngine::new(&lexicon.time).map_err(|reason| LexiconError::BadFile {
            file: "time.tsv".into(),
            reason: format!("a time word breaks a rule: {reason}"),
        })?;
        Ok(Self {
            lexicon: Arc::new(lexicon),
            time: Arc::new(time),
        })
    }

    /// The built-in lexicon, extended by the data files of `folder` when one is given.
    pub fn with_lexicon_folder(folder: Option<&Path>) -> Result<Self, LexiconError> {
        match folder {
            Some(folder) => Self::with_lexicon(Lexicon::with_folder(folder)?),
            None => Ok(Self::default()),
        }
    }

    /// The article's headline as the page text shows it (see [`text::headline`]), for an
    /// article that came without a title.
    pub fn headline(&self, article: &Article) -> Option<String> {
        let body = article.text.get(article.body_start..)?;
        text::headline(body, &self.lexicon).map(str::to_string)
    }

    pub fn extract(&self, article: &Article) -> Extraction {
        let text = article.text.as_str();
        let doc = Doc::new(text, article.body_start, &self.lexicon);
        let sentences = &doc.sentences;
        let published = article
            .published
            .clone()
            .or_else(|| page::published_in_page(&doc, &self.lexicon, &self.time));
        if let Some(language) = page::non_english(text, sentences, &self.lexicon) {
            return Extraction {
                published,
                skipped: Some(format!("not English (detected language: {language})")),
                entities: Vec::new(),
                mentions: Vec::new(),
                times: Vec::new(),
                events: Vec::new(),
            };
        }
        let layer = entities::find(&doc, &self.lexicon);
        // Times outside the sentences (menus, "Updated:" lines) are page furniture.
        let times: Vec<TimeMention> =
            time::find_times(&self.time, &doc, published.as_ref().map(|p| p.date))
                .into_iter()
                .filter(|t| {
                    sentences
                        .iter()
                        .any(|s| s.start <= t.start && t.end <= s.end)
                })
                .collect();
        let datelines = text::datelines(text, sentences);
        let events = events::find(&events::Context {
            doc: &doc,
            text,
            datelines: &datelines,
            sentences,
            layer: &layer,
            times: &times,
            published: published.as_ref(),
            lexicon: &self.lexicon,
            time: &self.time,
        });
        Extraction {
            published,
            skipped: None,
            entities: layer.entities,
            mentions: layer.mentions,
            times,
            events,
        }
    }
}

/// The `eventgraph extract` line for one input: the extraction with its source.
#[derive(Debug, Serialize)]
pub struct ExtractLine<'a> {
    pub source: &'a str,
    #[serde(flatten)]
    pub extraction: &'a Extraction,
}
