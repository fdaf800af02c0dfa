//! People, countries, organisations and places in one article, and who is who inside it.
//!
//! Stages: gazetteer hits (countries, organisations, places); title phrases with their country
//! qualifier ("Ukraine's Foreign Minister"); capitalised name runs; then in-article resolution
//! of surnames, "Mr X", handles, bare titles, counterparts, pronouns and first person in quotes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::lexicon::{CountryRole, GazTarget, Hit, Lexicon, WordClass};
use super::text::{self, starts_upper, BlockKind, Sentence, Token};

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

/// A title phrase in the text, with the country that qualifies it.
#[derive(Debug, Clone)]
struct TitleHit {
    start: usize,
    end: usize,
    title: String,
    country: Option<String>,
    /// Where the whole phrase starts, qualifier included.
    phrase_start: usize,
}

pub fn find(
    text: &str,
    body_start: usize,
    sentences: &[Sentence],
    lexicon: &Lexicon,
) -> EntityLayer {
    let mut b = Builder {
        people: People::default(),
        text,
        lexicon,
        layer: EntityLayer::default(),
        index: HashMap::new(),
    };
    let mut titles = Vec::new();
    let mut runs = Vec::new();
    for s in sentences {
        let mut gaz = b.gazetteer(s);
        let title_phrases = lexicon.find_titles(text, s.start, s.end);
        b.organization_phrases(s, &title_phrases, &mut gaz);
        let sentence_titles = b.title_hits(&title_phrases, &gaz);
        // Runs point at their title by index: make it an index into the article's titles.
        let offset = titles.len();
        runs.extend(
            name_runs(text, s, &gaz, &sentence_titles, lexicon)
                .into_iter()
                .map(|mut run| {
                    run.title = run.title.map(|t| t + offset);
                    run
                }),
        );
        titles.extend(sentence_titles);
    }
    b.people_from_runs(&runs, &titles);
    b.title_mentions(&titles);
    b.handles(sentences);
    b.layer.quotes = text::quotes(text, body_start)
        .into_iter()
        .map(|(start, end)| Quote {
            start,
            end,
            speaker: None,
        })
        .collect();
    b.pronouns(sentences);
    b.counterparts(&titles);
    b.layer.mentions.sort_by_key(|m| (m.start, m.end));
    drop_unmentioned(b.layer)
}

/// Entities whose every mention gave way to a longer name ("UN" inside "UN Human Rights
/// Council") are dropped, and mention indices renumbered.
fn drop_unmentioned(mut layer: EntityLayer) -> EntityLayer {
    let mut used = vec![false; layer.entities.len()];
    for m in &layer.mentions {
        used[m.entity] = true;
    }
    let mut new_index = vec![0; layer.entities.len()];
    let mut next = 0;
    for (i, keep) in used.iter().enumerate() {
        new_index[i] = next;
        next += usize::from(*keep);
    }
    let mut i = 0;
    layer.entities.retain(|_| {
        i += 1;
        used[i - 1]
    });
    for m in &mut layer.mentions {
        m.entity = new_index[m.entity];
    }
    for q in &mut layer.quotes {
        q.speaker = q.speaker.map(|s| new_index[s]);
    }
    layer
}

struct Builder<'a> {
    text: &'a str,
    lexicon: &'a Lexicon,
    layer: EntityLayer,
    /// (kind, key) -> entity index; the key is an ISO code, an organisation name, or a folded
    /// person name.
    index: HashMap<(EntityKind, String), usize>,
    /// Folded names of the people found so far, kept to compare names without folding again.
    people: People,
}

/// A gazetteer hit kept for later stages of the same sentence.
struct GazHit {
    start: usize,
    end: usize,
    /// `None` for an organisation found by its form ("Ministry of Foreign Affairs").
    target: Option<GazTarget>,
}

/// People's mentions keyed by (end, start), for finding the nearest one before a position.
type PersonMentions = std::collections::BTreeMap<(usize, usize), usize>;

/// The folded names of the people found so far, indexed by their first and last words, so that
/// a name is compared with the few people it could be, not with everyone in a long page.
#[derive(Default)]
struct People {
    /// (entity, folded name), in the order found.
    names: Vec<(usize, String)>,
    slot_of: HashMap<usize, usize>,
    /// Word -> slots of the names ending (starting) with it, in the order found.
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
}

impl People {
    fn add(&mut self, entity: usize, folded: String) {
        let slot = self.names.len();
        self.index(slot, &folded);
        self.names.push((entity, folded));
        self.slot_of.insert(entity, slot);
    }

    fn index(&mut self, slot: usize, folded: &str) {
        let (first, last) = first_and_last(folded);
        for (map, word) in [(&mut self.by_last, last), (&mut self.by_first, first)] {
            let slots = map.entry(word.to_string()).or_default();
            if let Err(i) = slots.binary_search(&slot) {
                slots.insert(i, slot);
            }
        }
    }

    /// A fuller form of a name replaces the one known.
    fn rename(&mut self, entity: usize, folded: String) {
        let Some(&slot) = self.slot_of.get(&entity) else {
            return;
        };
        let (first, last) = first_and_last(&self.names[slot].1);
        let (first, last) = (first.to_string(), last.to_string());
        for (map, word) in [(&mut self.by_last, last), (&mut self.by_first, first)] {
            if let Some(slots) = map.get_mut(&word) {
                slots.retain(|s| *s != slot);
            }
        }
        self.index(slot, &folded);
        self.names[slot].1 = folded;
    }

    /// The person a (folded) name refers to: the same name; for one word, the person with that
    /// surname (or that first word); for longer names, the same surname with a first initial
    /// that agrees, or one name the end of the other ("Van der Berg" of "Pieter van der Berg").
    fn known(&self, folded: &str) -> Option<usize> {
        let words: Vec<&str> = folded.split(' ').collect();
        let last = *words.last()?;
        let named = |map: &HashMap<String, Vec<usize>>, word: &str| {
            map.get(word)
                .into_iter()
                .flatten()
                .map(|&slot| (self.names[slot].0, self.names[slot].1.as_str()))
                .collect::<Vec<_>>()
        };
        let same_last = named(&self.by_last, last);
        if let Some((i, _)) = same_last.iter().find(|(_, f)| *f == folded) {
            return Some(*i);
        }
        if words.len() == 1 {
            let by_first = || {
                named(&self.by_first, last)
                    .into_iter()
                    .find(|(_, f)| f.contains(' '))
            };
            return same_last.first().copied().or_else(by_first).map(|(i, _)| i);
        }
        same_last
            .iter()
            .find(|(_, f)| {
                let ow: Vec<&str> = f.split(' ').collect();
                let suffix = ow.ends_with(&words) || words.ends_with(&ow);
                suffix || ow.len() == 1 || ow[0].chars().next() == words[0].chars().next()
            })
            .map(|(i, _)| *i)
    }
}

fn first_and_last(folded: &str) -> (&str, &str) {
    let first = folded.split(' ').next().unwrap_or("");
    let last = folded.rsplit(' ').next().unwrap_or("");
    (first, last)
}

/// A run of capitalised words that may be a person's name.
struct NameRun {
    tokens: Vec<Token>,
    /// The run came from a headline in title case, where capitals say nothing.
    title_case: bool,
    honorific: Option<char>,
    title: Option<usize>,
    after_title_or_honorific: bool,
}

impl<'a> Builder<'a> {
    fn entity(&mut self, kind: EntityKind, key: String, make: impl FnOnce() -> Entity) -> usize {
        if let Some(&i) = self.index.get(&(kind, key.clone())) {
            return i;
        }
        let i = self.layer.entities.len();
        self.layer.entities.push(make());
        self.index.insert((kind, key), i);
        i
    }

    fn mention(
        &mut self,
        start: usize,
        end: usize,
        entity: usize,
        form: MentionForm,
    ) -> &mut Mention {
        let kind = self.layer.entities[entity].kind;
        let text = self.text[start..end].to_string();
        if matches!(form, MentionForm::Name | MentionForm::Alias) {
            let e = &mut self.layer.entities[entity];
            if text != e.name && !e.aliases.contains(&text) {
                e.aliases.push(text.clone());
            }
        }
        self.layer.mentions.push(Mention {
            start,
            end,
            text,
            kind,
            entity,
            form,
            qualifier: false,
        });
        self.layer.mentions.last_mut().expect("just pushed")
    }

    fn gazetteer(&mut self, s: &Sentence) -> Vec<GazHit> {
        let mut hits = Vec::new();
        for hit in self.lexicon.gazetteer.find(self.text, s.start, s.end) {
            let target = self.lexicon.gazetteer_targets[hit.pattern].clone();
            // "Jordan Peterson": a country name that is also a given name needs no capital after it.
            if let GazTarget::Country {
                role: CountryRole::Ambiguous,
                ..
            } = target
            {
                let next = text::tokens(self.text, hit.end, s.end).into_iter().next();
                if next.is_some_and(|t| starts_upper(t.text(self.text))) {
                    continue;
                }
            }
            let (entity, form) = self.gazetteer_entity(&target);
            self.mention(hit.start, hit.end, entity, form);
            hits.push(GazHit {
                start: hit.start,
                end: hit.end,
                target: Some(target),
            });
        }
        hits
    }

    /// Organisations named by their form: capitalised words ending in an institution word,
    /// with an "of ..." complement ("UN Human Rights Council", "Ministry of Foreign Affairs",
    /// "University of Nairobi"). A gazetteer organisation inside one gives way to it.
    fn organization_phrases(&mut self, s: &Sentence, titles: &[Hit], gaz: &mut Vec<GazHit>) {
        let tokens = text::tokens(self.text, s.start, s.end);
        let text = self.text;
        let joined = |a: &Token, b: &Token| text[a.end..b.start].chars().all(|c| c == ' ');
        let capitalised = |t: &Token| {
            let w = t.text(text);
            starts_upper(w)
                && !self.lexicon.honorifics.contains_key(w)
                && !self.lexicon.is(WordClass::SentenceOpener, w)
        };
        let mut i = 0;
        while i < tokens.len() {
            let word = tokens[i].text(text);
            if !(starts_upper(word) && self.lexicon.org_words.contains(word)) {
                i += 1;
                continue;
            }
            let mut first = i;
            while first > 0
                && joined(&tokens[first - 1], &tokens[first])
                && capitalised(&tokens[first - 1])
            {
                first -= 1;
            }
            // "President Lena Park": a title, a name, and a surname that is also an institution
            // word. A name stands between the title and that word ("Prime Minister's Office"
            // has none).
            let titled_name = titles.iter().any(|title| {
                title.start == tokens[first].start
                    && tokens[first..i]
                        .iter()
                        .any(|t| t.start >= title.end && capitalised(t))
            });
            if titled_name {
                i += 1;
                continue;
            }
            let mut last = i;
            // "International Airport": institution words in a row are one name.
            while tokens.get(last + 1).is_some_and(|t| {
                joined(&tokens[last], t) && self.lexicon.org_words.contains(t.text(text))
            }) {
                last += 1;
            }
            // A known place ends a complement: "Republic of Vietnam Vo Van Thuong" is two names.
            let ends_place = |t: &Token| gaz.iter().any(|g| g.end == t.end && g.target.is_some());
            // "of Foreign Affairs", "for the Welfare of Immigrants".
            while let Some(link) = tokens.get(last + 1) {
                if !matches!(link.text(text), "of" | "for" | "on") || !joined(&tokens[last], link) {
                    break;
                }
                let mut next = last + 2;
                if tokens.get(next).is_some_and(|t| t.text(text) == "the") {
                    next += 1;
                }
                // "the Palace on Monday": a date, not the name's complement.
                let dated = |t: &Token| {
                    let word = t.text(text);
                    word.parse::<chrono::Weekday>().is_ok() || word.parse::<chrono::Month>().is_ok()
                };
                if tokens.get(next).is_some_and(dated) {
                    break;
                }
                let mut end = next;
                while tokens
                    .get(end)
                    .is_some_and(|t| capitalised(t) && joined(&tokens[end - 1], t))
                {
                    end += 1;
                    if ends_place(&tokens[end - 1]) {
                        break;
                    }
                }
                if end == next {
                    break;
                }
                last = end - 1;
            }
            if first == last {
                i += 1;
                continue;
            }
            let (start, end) = (tokens[first].start, tokens[last].end);
            // Known organisations inside give way; countries inside stay as nested mentions.
            let inner_org = |g: &GazHit| {
                matches!(g.target, Some(GazTarget::Organization(_)))
                    && g.start >= start
                    && g.end <= end
            };
            if gaz.iter().any(|g| {
                g.start < end
                    && start < g.end
                    && !inner_org(g)
                    && !(g.start >= start && g.end <= end)
            }) {
                i = last + 1;
                continue;
            }
            let removed: Vec<(usize, usize)> = gaz
                .iter()
                .filter(|g| inner_org(g))
                .map(|g| (g.start, g.end))
                .collect();
            self.layer
                .mentions
                .retain(|m| !removed.contains(&(m.start, m.end)));
            gaz.retain(|g| !inner_org(g));
            let name = text[start..end].to_string();
            let entity = self.entity(EntityKind::Organization, fold(&name), || Entity {
                name: name.clone(),
                kind: EntityKind::Organization,
                country: None,
                title: None,
                aliases: Vec::new(),
                media: false,
                gender: None,
            });
            self.mention(start, end, entity, MentionForm::Name);
            gaz.push(GazHit {
                start,
                end,
                target: None,
            });
            i = last + 1;
        }
        gaz.sort_by_key(|g| g.start);
    }

    fn gazetteer_entity(&mut self, target: &GazTarget) -> (usize, MentionForm) {
        let lexicon = self.lexicon;
        match target {
            GazTarget::Country { code, role } => {
                let name = lexicon.country_name(code);
                let entity = self.entity(EntityKind::Country, code.clone(), || Entity {
                    name,
                    kind: EntityKind::Country,
                    country: Some(code.clone()),
                    title: None,
                    aliases: Vec::new(),
                    media: false,
                    gender: None,
                });
                let form = if *role == CountryRole::Adjective {
                    MentionForm::Adjective
                } else {
                    MentionForm::Alias
                };
                (entity, form)
            }
            GazTarget::Organization(i) => {
                let org = &lexicon.organizations[*i];
                let entity = self.entity(EntityKind::Organization, org.name.clone(), || Entity {
                    name: org.name.clone(),
                    kind: EntityKind::Organization,
                    country: org.country.clone(),
                    title: None,
                    aliases: Vec::new(),
                    media: org.is_media(),
                    gender: None,
                });
                (entity, MentionForm::Alias)
            }
            GazTarget::Place { name, country } => {
                let entity = self.entity(EntityKind::Location, name.clone(), || Entity {
                    name: name.clone(),
                    kind: EntityKind::Location,
                    country: country.clone(),
                    title: None,
                    aliases: Vec::new(),
                    media: false,
                    gender: None,
                });
                (entity, MentionForm::Alias)
            }
        }
    }

    /// Title phrases, each with a country from just before it: "Ukraine's", "Ukrainian", "US".
    fn title_hits(&mut self, phrases: &[Hit], gaz: &[GazHit]) -> Vec<TitleHit> {
        let mut out = Vec::new();
        for &hit in phrases {
            if gaz.iter().any(|g| g.start < hit.end && hit.start < g.end) {
                continue;
            }
            let title = self.lexicon.title_names[hit.pattern].clone();
            let mut country = None;
            let mut phrase_start = hit.start;
            let qualifier = gaz.iter().rev().find(|g| {
                g.end <= hit.start && only_possessive_between(&self.text[g.end..hit.start])
            });
            if let Some(g) = qualifier {
                // An organisation qualifies a title ("Nato Secretary-General") without a country.
                let code = match &g.target {
                    Some(GazTarget::Country { code, .. }) => Some(code.clone()),
                    _ => None,
                };
                if let Some(m) = self
                    .layer
                    .mentions
                    .iter_mut()
                    .rev()
                    .find(|m| m.start == g.start)
                {
                    m.qualifier = true;
                }
                country = code;
                phrase_start = g.start;
            } else {
                // "the President of Rwanda", "his counterpart from the Democratic Republic of
                // Congo", "General Secretary of the Communist Party of China": the country after.
                let rest = &self.text[hit.end..];
                if rest.starts_with(" of ") || rest.starts_with(" from ") {
                    let limit = hit.end + 60;
                    country = gaz
                        .iter()
                        .filter(|g| g.start > hit.end && g.start <= limit)
                        .filter(|g| !self.text[hit.end..g.start].contains([',', ';', '(']))
                        .find_map(|g| match &g.target {
                            Some(GazTarget::Country { code, .. }) => Some(code.clone()),
                            _ => None,
                        });
                }
            }
            out.push(TitleHit {
                start: hit.start,
                end: hit.end,
                title,
                country,
                phrase_start,
            });
        }
        // Keep the most specific title when phrases chain ("Deputy Prime Minister" over "Minister").
        out
    }

    /// People named by runs of two or more words, then single words that are their surnames
    /// or that follow a title or honorific.
    fn people_from_runs(&mut self, runs: &[NameRun], titles: &[TitleHit]) {
        for run in runs.iter().filter(|r| r.tokens.len() >= 2 && !r.title_case) {
            let (start, end) = (run.tokens[0].start, run.tokens[run.tokens.len() - 1].end);
            let name = self.text[start..end].to_string();
            let entity = self.person(&name, run, titles);
            self.mention(start, end, entity, MentionForm::Name);
        }
        for run in runs {
            let (start, end) = (run.tokens[0].start, run.tokens[run.tokens.len() - 1].end);
            let name = &self.text[start..end];
            if run.tokens.len() >= 2 && !run.title_case {
                continue;
            }
            if let Some(entity) = self.known_person(name) {
                self.mention(start, end, entity, MentionForm::Alias);
                self.apply_title(entity, run, titles);
                continue;
            }
            // A title-case headline runs words together ("Talks Between Putin, Erdogan"): a
            // word of the run that names a known person is that person.
            if run.title_case && run.tokens.len() >= 2 {
                for tok in &run.tokens {
                    let word = &self.text[tok.start..tok.end];
                    if word.len() < 3 || self.lexicon.is(WordClass::SentenceOpener, word) {
                        continue;
                    }
                    if let Some(entity) = self.known_person(word) {
                        self.mention(tok.start, tok.end, entity, MentionForm::Alias);
                    }
                }
                continue;
            }
            // A single word that follows a title or honorific is a person known by one name.
            if run.tokens.len() == 1 && run.after_title_or_honorific && !run.title_case {
                let name = name.to_string();
                let entity = self.person(&name, run, titles);
                self.mention(start, end, entity, MentionForm::Name);
            }
        }
        self.honorific_aliases(runs);
    }

    fn person(&mut self, name: &str, run: &NameRun, titles: &[TitleHit]) -> usize {
        let entity = match self.known_person(name) {
            Some(e) => e,
            None => {
                let entity = self.entity(EntityKind::Person, fold(name), || Entity {
                    name: name.to_string(),
                    kind: EntityKind::Person,
                    country: None,
                    title: None,
                    aliases: Vec::new(),
                    media: false,
                    gender: None,
                });
                self.people.add(entity, fold(name));
                entity
            }
        };
        // A fuller form of a known name becomes the name shown.
        let e = &mut self.layer.entities[entity];
        if name.split_whitespace().count() > e.name.split_whitespace().count() {
            let old = std::mem::replace(&mut e.name, name.to_string());
            if !e.aliases.contains(&old) {
                e.aliases.push(old);
            }
            self.people.rename(entity, fold(name));
        }
        if e.gender.is_none() {
            e.gender = run.honorific.filter(|g| *g != '-');
        }
        // Only a full name tells its given name ("Mr Costa" does not).
        if e.gender.is_none() && name.split_whitespace().count() > 1 {
            let given = name.split_whitespace().next().map(fold).unwrap_or_default();
            e.gender = self.lexicon.given_names.get(&given).copied();
        }
        self.apply_title(entity, run, titles);
        entity
    }

    fn apply_title(&mut self, entity: usize, run: &NameRun, titles: &[TitleHit]) {
        let Some(t) = run.title.map(|i| &titles[i]) else {
            return;
        };
        let e = &mut self.layer.entities[entity];
        if e.title.is_none() && t.title != "Counterpart" {
            e.title = Some(t.title.clone());
        }
        if e.country.is_none() {
            e.country = t.country.clone();
        }
    }

    /// A person already in the article whose name agrees with `name`: the same full name, the
    /// surname alone, or the family name written first ("Xi" for "Xi Jinping").
    fn known_person(&self, name: &str) -> Option<usize> {
        self.people.known(&fold(name))
    }

    /// "Mr Blinken" is an alias of the person, kept whole.
    fn honorific_aliases(&mut self, runs: &[NameRun]) {
        let mut person_at: HashMap<usize, usize> = HashMap::new();
        for m in self
            .layer
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
        {
            person_at.entry(m.start).or_insert(m.entity);
        }
        for run in runs.iter().filter(|r| r.honorific.is_some()) {
            let start = run.tokens[0].start;
            let end = run.tokens[run.tokens.len() - 1].end;
            let before = self.text[..start].trim_end();
            let Some(word) = before.rsplit(char::is_whitespace).next() else {
                continue;
            };
            let h = word.trim_start_matches(|c: char| !c.is_alphanumeric());
            let h_start = before.len() - h.len();
            let entity = person_at.get(&start).copied();
            if let Some(entity) = entity {
                let alias = self.text[h_start..end].to_string();
                let e = &mut self.layer.entities[entity];
                if !e.aliases.contains(&alias) {
                    e.aliases.push(alias);
                }
            }
        }
    }

    /// Bare titles ("Ukraine's Foreign Minister said", "the secretary", "his Chinese
    /// counterpart") refer to the one person in the article who holds that title (and country).
    fn title_mentions(&mut self, titles: &[TitleHit]) {
        let person_starts: std::collections::HashSet<usize> = self
            .layer
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| m.start)
            .collect();
        for t in titles {
            if self.names_someone(t.end, &person_starts) || self.generic_title(t) {
                continue;
            }
            let holders: Vec<usize> = self
                .layer
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityKind::Person)
                .filter(|(_, e)| {
                    t.title == "Counterpart"
                        || e.title
                            .as_deref()
                            .is_some_and(|held| self.title_refers_to(&t.title, held))
                })
                .map(|(i, _)| i)
                .collect();
            let candidates: Vec<usize> = holders
                .into_iter()
                .filter(|&i| t.country.is_none() || self.layer.entities[i].country == t.country)
                .collect();
            // A counterpart needs a country to tell it from the person it is the counterpart of.
            let usable = candidates.len() == 1 && (t.title != "Counterpart" || t.country.is_some());
            if usable {
                self.mention(t.phrase_start, t.end, candidates[0], MentionForm::Title);
            }
        }
    }

    /// "the only British prime minister to have visited", "the first president to": a title
    /// that describes a class of holders, not someone of the article.
    fn generic_title(&self, t: &TitleHit) -> bool {
        let before = self.text[..t.phrase_start]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase();
        self.lexicon.is(WordClass::GenericTitleCue, &before)
    }

    /// "Ms Arruda invited her counterpart": a counterpart of no named country is the person
    /// last named before its possessor, other than the possessor (and not of the possessor's
    /// country). Runs after pronouns, which may be the possessor.
    fn counterparts(&mut self, titles: &[TitleHit]) {
        let mut people: Vec<(usize, usize, usize)> = self
            .layer
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| (m.start, m.end, m.entity))
            .collect();
        people.sort_unstable();
        for t in titles
            .iter()
            .filter(|t| t.title == "Counterpart" && t.country.is_none())
        {
            if people.iter().any(|&(a, b, _)| a < t.end && t.start < b) {
                continue;
            }
            // The possessor stands right before the title: "her counterpart", "Costa's counterpart".
            let Some(&(owner_start, _, owner)) = people.iter().rev().find(|&&(_, end, _)| {
                end <= t.start && {
                    let gap = self.text[end..t.start].trim();
                    gap.is_empty() || gap == "'s" || gap == "’s"
                }
            }) else {
                continue;
            };
            let country = |entity: usize| self.layer.entities[entity].country.clone();
            let other = people
                .iter()
                .rev()
                .filter(|&&(_, end, _)| end <= owner_start)
                .find(|&&(_, _, entity)| {
                    entity != owner
                        && !(country(owner).is_some() && country(entity) == country(owner))
                })
                .map(|&(_, _, entity)| entity);
            if let Some(entity) = other {
                self.mention(t.start, t.end, entity, MentionForm::Title);
            }
        }
    }

    /// A title followed by a name, straight or past one honorific ("President Asiwaju Bola
    /// Tinubu"), is part of that name's mention, not a bare title.
    fn names_someone(
        &self,
        title_end: usize,
        person_starts: &std::collections::HashSet<usize>,
    ) -> bool {
        let after = &self.text[title_end..];
        let gap = after.len() - after.trim_start().len();
        if person_starts.contains(&(title_end + gap)) {
            return true;
        }
        let rest = after.trim_start();
        // "Foreign Minister of Ukraine Andrii Sybiha": the title's country stands between.
        if rest.starts_with("of ") || rest.starts_with("from ") {
            let at = self.text.len() - rest.len();
            let limit = floor_char_boundary(self.text, (at + 70).min(self.text.len()));
            if let Some(&p) = person_starts
                .iter()
                .filter(|&&p| p > at && p <= limit)
                .min()
            {
                if !self.text[at..p].contains([',', ';', '(', '.']) {
                    return true;
                }
            }
        }
        // "Party General Secretary and President Xi Jinping": both titles are Xi's.
        if let Some(next) = rest.strip_prefix("and ") {
            let at = self.text.len() - next.len();
            let window = floor_char_boundary(self.text, (at + 60).min(self.text.len()));
            if let Some(t) = self
                .lexicon
                .find_titles(self.text, at, window)
                .into_iter()
                .filter(|t| t.start == at)
                .max_by_key(|t| t.end)
            {
                return self.names_someone(t.end, person_starts);
            }
        }
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_len];
        let next = title_end + gap + word_len;
        let next = next + (self.text[next..].len() - self.text[next..].trim_start().len());
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic)
            && person_starts.contains(&next)
    }

    /// A bare title refers to a person holding it, or a longer title ending with it ("the
    /// Minister" for a Foreign Minister); but not one of another rank ("President" is not the
    /// Vice President).
    fn title_refers_to(&self, bare: &str, held: &str) -> bool {
        let (bare, held) = (bare.to_lowercase(), held.to_lowercase());
        let Some(at) = held.find(&bare) else {
            return false;
        };
        let before = held[..at].trim_end_matches([' ', '-']);
        let modifier = before.rsplit([' ', '-']).next().unwrap_or("");
        !self.lexicon.is(WordClass::RankModifier, modifier)
    }

    /// "@SecBlinken": a handle that contains a person's surname refers to that person.
    fn handles(&mut self, sentences: &[Sentence]) {
        for s in sentences {
            for tok in text::tokens(self.text, s.start, s.end) {
                let handle = tok.text(self.text);
                if !handle.starts_with('@') {
                    continue;
                }
                let lower = handle.to_lowercase();
                let person = self.layer.entities.iter().enumerate().find(|(_, e)| {
                    e.kind == EntityKind::Person
                        && e.name
                            .split_whitespace()
                            .map(fold)
                            .any(|w| w.len() >= 4 && lower.contains(&w))
                });
                if let Some((entity, _)) = person {
                    self.mention(tok.start, tok.end, entity, MentionForm::Alias);
                }
            }
        }
    }

    /// Third-person pronouns resolve to the nearest compatible person before them; quotes get
    /// their speakers; first person inside a quote is the speaker.
    fn pronouns(&mut self, sentences: &[Sentence]) {
        let mut pronouns = Vec::new();
        let mut first_person = Vec::new();
        let mut previous_start = 0;
        for s in sentences.iter().filter(|s| s.kind == BlockKind::Prose) {
            for tok in text::tokens(self.text, s.start, s.end) {
                let lower = tok.text(self.text).to_lowercase();
                if let Some(gender) = self.lexicon.pronoun_gender(&lower) {
                    let at = Pronoun {
                        tok,
                        gender,
                        sentence_start: s.start,
                        window_start: previous_start,
                    };
                    pronouns.push(at);
                } else if self.lexicon.is(WordClass::FirstPerson, &lower)
                    // "US" in capitals is the country, not "us".
                    && tok.text(self.text) != "US"
                {
                    first_person.push(tok);
                }
            }
            previous_start = s.start;
        }
        // People's mentions by position, kept up to date as pronouns resolve.
        let mut people: PersonMentions = self
            .layer
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| ((m.end, m.start), m.entity))
            .collect();
        // Pronouns outside quotes first: quote speakers may be pronouns ("he tweeted").
        for &at in &pronouns {
            if self.layer.quote_at(at.tok.start).is_none() {
                self.resolve_pronoun(&mut people, at, true);
            }
        }
        for q in 0..self.layer.quotes.len() {
            self.layer.quotes[q].speaker = self.speaker(&people, self.layer.quotes[q]);
        }
        for &at in &pronouns {
            if self.layer.quote_at(at.tok.start).is_some() {
                self.resolve_pronoun(&mut people, at, false);
            }
        }
        for tok in first_person {
            if let Some(speaker) = self.layer.quote_at(tok.start).and_then(|q| q.speaker) {
                self.mention(tok.start, tok.end, speaker, MentionForm::Speaker);
            }
        }
    }

    fn resolve_pronoun(&mut self, people: &mut PersonMentions, at: Pronoun, skip_quotes: bool) {
        let Pronoun {
            tok,
            gender,
            sentence_start,
            window_start,
        } = at;
        let is_object = matches!(
            &self.text[tok.start..tok.end].to_lowercase()[..],
            "him" | "her"
        );
        let layer = &self.layer;
        // Walking back from the pronoun, the people that fit, nearest (latest end) first.
        let mut fitting = people
            .range(..=(tok.start, usize::MAX))
            .rev()
            .map(|(&(end, start), &entity)| (start, end, entity))
            .filter(|&(start, _, _)| !skip_quotes || layer.quote_at(start).is_none())
            .filter(|&(_, _, entity)| layer.entities[entity].gender.is_none_or(|g| g == gender))
            // An object pronoun is not the subject of its own clause ("X assured him").
            .filter(|&(start, end, _)| {
                !(is_object
                    && start >= sentence_start
                    && !self.lexicon.separates_clauses(
                        &self.text[end..tok.start],
                        WordClass::ObjectClauseBreak,
                    ))
            });
        let nearest = fitting.next();
        // "Trump defeated Vice President Harris. He and Milei met": a person known to be of the
        // pronoun's gender, in this sentence or the one before, beats a nearer one whose gender
        // is unknown.
        let known = |entity: usize| layer.entities[entity].gender == Some(gender);
        let candidate = match nearest {
            // The nearest person of the pronoun's own sentence stays its referent ("Berg
            // thanked his counterpart").
            Some((start, _, entity)) if !known(entity) && start < sentence_start => fitting
                .take_while(|&(start, _, _)| start >= window_start)
                .find(|&(_, _, other)| known(other))
                .or(nearest),
            _ => nearest,
        }
        .map(|(_, _, entity)| entity);
        if let Some(entity) = candidate {
            if self.layer.entities[entity].gender.is_none() {
                self.layer.entities[entity].gender = Some(gender);
            }
            self.mention(tok.start, tok.end, entity, MentionForm::Pronoun);
            people.insert((tok.end, tok.start), entity);
        }
    }

    /// The speaker of a quote: a person (or resolved pronoun) next to a speech verb right after
    /// the quote ("…,” he tweeted), or before it ("Kuleba said: “…”").
    fn speaker(&self, people: &PersonMentions, q: Quote) -> Option<usize> {
        let text = self.text;
        let line_end = text[q.end..].find('\n').map_or(text.len(), |i| q.end + i);
        let after_end = floor_char_boundary(text, (q.end + 80).min(line_end));
        let after = &text[q.end..after_end];
        let person_after = people
            .range((q.end, 0)..=(after_end, usize::MAX))
            .map(|(&(_, start), &entity)| (start, entity))
            .filter(|&(start, _)| start >= q.end)
            .min_by_key(|&(start, _)| start);
        if let Some((start, entity)) = person_after {
            let around = &text[q.end..after_end];
            if contains_word(around, self.lexicon.class(WordClass::SpeechVerb))
                && !after[..start - q.end].contains(['.', '“', '"'])
            {
                return Some(entity);
            }
        }
        let line_start = text[..q.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..q.start];
        if before.trim_end().ends_with(':') || before.trim_end().ends_with(',') {
            return people
                .range((line_start, 0)..=(q.start, usize::MAX))
                .rev()
                .map(|(&(end, start), &entity)| (start, end, entity))
                .filter(|&(start, _, _)| start >= line_start)
                .find(|&(start, _, _)| self.layer.quote_at(start).is_none())
                .filter(|&(_, end, _)| {
                    contains_word(
                        &text[end..q.start],
                        self.lexicon.class(WordClass::SpeechVerb),
                    )
                })
                .map(|(_, _, entity)| entity);
        }
        None
    }
}

/// A third-person pronoun to resolve, with where its sentence and the one before it start.
#[derive(Clone, Copy)]
struct Pronoun {
    tok: Token,
    gender: char,
    sentence_start: usize,
    window_start: usize,
}

/// Runs of capitalised words in a sentence that may name a person, cut at gazetteer hits,
/// titles and words that are never names.
fn name_runs(
    text: &str,
    s: &Sentence,
    gaz: &[GazHit],
    titles: &[TitleHit],
    lexicon: &Lexicon,
) -> Vec<NameRun> {
    let tokens = text::tokens(text, s.start, s.end);
    let title_case = s.kind == BlockKind::Headline && is_title_case(text, &tokens);
    let covered = |t: &Token| {
        gaz.iter().any(|g| g.start < t.end && t.start < g.end)
            || titles.iter().any(|h| h.start < t.end && t.start < h.end)
    };
    let mut runs = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let flush = |current: &mut Vec<Token>, runs: &mut Vec<NameRun>| {
        // A name does not end in a particle ("de").
        while current
            .last()
            .is_some_and(|t| lexicon.is(WordClass::Particle, t.text(text)))
        {
            current.pop();
        }
        if !current.is_empty() {
            let first = current[0];
            let (honorific, title, after) = context_before(text, first.start, titles, lexicon);
            let run = NameRun {
                tokens: std::mem::take(current),
                title_case,
                honorific,
                title,
                after_title_or_honorific: after,
            };
            if after || !names_something_else(text, &run.tokens, s.end, lexicon) {
                runs.push(run);
            }
        }
        current.clear();
    };
    for (i, t) in tokens.iter().enumerate() {
        let word = t.text(text);
        // Words of a name stand apart by spaces, or after an initial by its full stop ("John
        // F. Kennedy", "J. R. Smith").
        let joined = current.last().is_some_and(|prev| {
            let gap = &text[prev.end..t.start];
            let initial = prev.end - prev.start == 1
                && text[prev.start..prev.end].starts_with(|c: char| c.is_ascii_uppercase());
            let gap = if initial {
                gap.strip_prefix('.').unwrap_or(gap)
            } else {
                gap
            };
            !gap.is_empty() && gap.chars().all(|c| c == ' ')
        });
        if !joined {
            flush(&mut current, &mut runs);
        }
        // "Theresa May", "Mrs May": a month may end a name, or follow an honorific, when no
        // number follows.
        let after_honorific = i > 0
            && current.is_empty()
            && lexicon.honorifics.contains_key(tokens[i - 1].text(text));
        let calendar_surname = (!current.is_empty() || after_honorific)
            && is_calendar_word(word)
            && !tokens
                .get(i + 1)
                .is_some_and(|n| n.text(text).starts_with(|c: char| c.is_ascii_digit()));
        // "President Lena Park": an institution word left to a name (no organisation was
        // made of it) may be its surname.
        let institution_surname =
            !current.is_empty() && lexicon.org_words.contains(word) && !covered(t);
        // "Samuel A. Alito": a capital with a full stop inside a name is an initial, even "A".
        let initial = !current.is_empty()
            && word.len() == 1
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && text[t.end..].starts_with(". ");
        let capitalised =
            (is_name_word(word, lexicon) || calendar_surname || institution_surname || initial)
                && !covered(t);
        // Particles join a name only when a name word follows them ("Ana de la Cruz").
        let particle = !current.is_empty() && lexicon.is(WordClass::Particle, word) && {
            let rest = &tokens[i + 1..];
            let skip = rest
                .iter()
                .take_while(|n| lexicon.is(WordClass::Particle, n.text(text)))
                .count();
            rest.get(skip).is_some_and(|n| {
                is_name_word(n.text(text), lexicon)
                    && text[t.end..n.start]
                        .chars()
                        .all(|c| c == ' ' || c.is_alphabetic())
            })
        };
        if capitalised || particle {
            current.push(*t);
        } else {
            flush(&mut current, &mut runs);
        }
    }
    flush(&mut current, &mut runs);
    runs
}

/// What stands just before a name: an honorific (with its gender) or a title phrase.
fn context_before(
    text: &str,
    start: usize,
    titles: &[TitleHit],
    lexicon: &Lexicon,
) -> (Option<char>, Option<usize>, bool) {
    let before = text[..start].trim_end_matches([' ', ',']);
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .next()
        .unwrap_or("");
    let honorific = lexicon.honorifics.get(word).copied();
    // The title may stand before the honorific: "President Alhaji Musa Danjuma".
    let name_start = match honorific {
        Some(_) => before.len() - word.len(),
        None => start,
    };
    let title = titles.iter().rposition(|t| {
        let adjoins =
            |at: usize| t.end <= at && text[t.end..at].trim_matches([' ', ',']).is_empty();
        adjoins(start) || adjoins(name_start)
    });
    (honorific, title, honorific.is_some() || title.is_some())
}

/// Capitalised words that are not a person's name although they look like one: the start of
/// an institution or place ("Human Rights Council", "Kenyatta International Airport"), a
/// phrase after an article ("the Executive Board"), or only common words ("Related Coverage").
fn names_something_else(
    text: &str,
    tokens: &[Token],
    sentence_end: usize,
    lexicon: &Lexicon,
) -> bool {
    let (start, end) = (tokens[0].start, tokens[tokens.len() - 1].end);
    let rest = &text[end..sentence_end];
    let after_spaces = rest.trim_start_matches(' ');
    let next_word = after_spaces
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if after_spaces.len() < rest.len() && lexicon.org_words.contains(next_word) {
        return true;
    }
    let before = text[..start].trim_end_matches(' ');
    let spaced = before.len() < start;
    let last_word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if spaced && matches!(last_word, "the" | "a" | "an") {
        return true;
    }
    let common = |t: &Token| {
        t.text(text)
            .split(['-', '\'', '’'])
            .all(|part| lexicon.common_words.contains(&part.to_lowercase()))
    };
    // A two-word name ends in a surname, and surnames are not common nouns ("Peace Situation");
    // short syllables ("Li Wen") are left alone.
    let long_common_last =
        tokens.len() == 2 && tokens[1].end - tokens[1].start >= 5 && common(&tokens[1]);
    tokens.iter().all(common) || long_common_last
}

/// Months that are also given or family names.
fn is_calendar_word(word: &str) -> bool {
    matches!(word, "May" | "June" | "April" | "August" | "January")
}

/// A word that can be part of a name: capitalised, with lower case after the first letter
/// (all-caps words are acronyms or shouting), and not on the list of non-names.
fn is_name_word(word: &str, lexicon: &Lexicon) -> bool {
    // "al-Assad", "el-Sisi": a lower-case particle joined to a capitalised name.
    if let Some((particle, rest)) = word.split_once('-') {
        if lexicon.is(WordClass::Particle, particle) && starts_upper(rest) {
            return true;
        }
    }
    if !starts_upper(word)
        || lexicon.not_names.contains(word)
        || lexicon.org_words.contains(word)
        || lexicon.honorifics.contains_key(word)
    {
        return false;
    }
    let mut chars = word.chars();
    chars.next();
    let rest: String = chars.collect();
    // "al-Sisi", "O'Brien", "McDonald", "Jean-Paul".
    rest.chars().any(char::is_lowercase) || rest.is_empty()
}

/// A headline in title case ("Minister Meets Envoy In Oslo") says nothing with capitals.
fn is_title_case(text: &str, tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| t.text(text))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capitalised = words.iter().filter(|w| starts_upper(w)).count();
    words.len() >= 4 && capitalised * 10 >= words.len() * 7
}

fn only_possessive_between(gap: &str) -> bool {
    matches!(gap.trim(), "" | "'s" | "’s" | "s'" | "-")
}

fn contains_word(haystack: &str, words: &[String]) -> bool {
    haystack
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
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

    fn layer(text: &str) -> EntityLayer {
        let lexicon = Lexicon::builtin();
        let sentences = text::sentences(text, 0, lexicon);
        find(text, 0, &sentences, lexicon)
    }

    /// The names of the entities of one kind, in order of appearance.
    fn names_of(l: &EntityLayer, kind: EntityKind) -> Vec<&str> {
        l.entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.as_str())
            .collect()
    }

    fn person<'a>(l: &'a EntityLayer, name: &str) -> &'a Entity {
        l.entities
            .iter()
            .find(|e| e.kind == EntityKind::Person && e.name == name)
            .unwrap_or_else(|| panic!("no person {name}: {:#?}", l.entities))
    }

    fn refers(l: &EntityLayer, text: &str, surface: &str, name: &str) -> bool {
        l.mentions.iter().any(|m| {
            m.text == surface
                && l.entities[m.entity].name == name
                && &text[m.start..m.end] == surface
        })
    }

    #[test]
    fn titles_give_role_and_country() {
        let text = "Kenyan Foreign Minister Amina Odhiambo met US Secretary of State Paul Hale in Geneva on Monday.\n";
        let l = layer(text);
        let amina = person(&l, "Amina Odhiambo");
        assert_eq!(
            (amina.title.as_deref(), amina.country.as_deref()),
            (Some("Foreign Minister"), Some("KE"))
        );
        let hale = person(&l, "Paul Hale");
        assert_eq!(
            (hale.title.as_deref(), hale.country.as_deref()),
            (Some("Secretary of State"), Some("US"))
        );
        assert!(l
            .entities
            .iter()
            .any(|e| e.kind == EntityKind::Location && e.name == "Geneva"));
        assert_eq!(
            l.entities
                .iter()
                .filter(|e| e.kind == EntityKind::Person)
                .count(),
            2
        );
    }

    #[test]
    fn surname_honorific_handle_and_pronoun_resolve() {
        let text = "Norway's Foreign Minister said on Friday that Brazilian Foreign Minister Rui Costa had thanked her in a phone call.\n\
                    Ingrid Solberg made the remarks after a summit in Oslo.\n\
                    “During our call today, @MinRuiCosta [Mr Costa] praised the deal,” she tweeted.\n\
                    Norwegian Foreign Minister Ingrid Solberg spoke to reporters later.\n";
        let l = layer(text);
        assert!(
            refers(&l, text, "her", "Ingrid Solberg"),
            "{:#?}",
            l.mentions
        );
        assert!(refers(&l, text, "@MinRuiCosta", "Rui Costa"));
        assert!(refers(&l, text, "Costa", "Rui Costa"));
        assert!(refers(&l, text, "our", "Ingrid Solberg"));
        assert!(refers(
            &l,
            text,
            "Norway's Foreign Minister",
            "Ingrid Solberg"
        ));
        assert!(person(&l, "Rui Costa")
            .aliases
            .contains(&"Mr Costa".to_string()));
    }

    #[test]
    fn no_people_from_places_titles_or_media() {
        let text = "The Prime Minister said the Washington Post report from Kyiv was wrong.\nForeign Minister Meets Envoy In Berlin\n";
        let l = layer(text);
        let people = names_of(&l, EntityKind::Person);
        assert!(people.is_empty(), "{people:?}");
        assert!(l
            .entities
            .iter()
            .any(|e| e.name == "Washington Post" && e.media));
    }

    #[test]
    fn particles_hyphens_and_family_name_first() {
        let text = "Ana de la Cruz met Jean-Paul Martin and Li Wen in Brussels on Tuesday. Ms de la Cruz later called Li.\n";
        let l = layer(text);
        for name in ["Ana de la Cruz", "Jean-Paul Martin", "Li Wen"] {
            person(&l, name);
        }
        assert!(refers(&l, text, "Li", "Li Wen"));
    }

    #[test]
    fn institutions_headings_and_honorifics_are_not_people() {
        let text = "Related Coverage\n\
                    The envoy landed at Jomo Kenyatta International Airport and addressed the UN Human Rights Council on Monday.\n\
                    His Highness Sheikh Tariq bin Saeed Al Mansoori met Minister of Intelligence Dalia Ben-Ami and Theresa May in Abu Dhabi.\n\
                    Alhaji Musa Danladi later welcomed Bashar al-Assad to the Executive Board meeting.\n\
                    Officials said Trade Policy would not change.\n";
        let l = layer(text);
        let mut people: Vec<&str> = l
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.name.as_str())
            .collect();
        people.sort_unstable();
        assert_eq!(
            people,
            vec![
                "Bashar al-Assad",
                "Dalia Ben-Ami",
                "Musa Danladi",
                "Tariq bin Saeed Al Mansoori",
                "Theresa May"
            ]
        );
    }

    #[test]
    fn organisations_by_their_form() {
        let text = "The Ministry of Foreign Affairs said Chancellor of the Exchequer Tom Reed visited the University of Nairobi and Jomo Kenyatta International Airport.\n\
                    President of the Republic of Ghana Kofi Mensah addressed the UN Human Rights Council.\n";
        let l = layer(text);
        let mut orgs: Vec<&str> = l
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .map(|e| e.name.as_str())
            .collect();
        orgs.sort_unstable();
        assert_eq!(
            orgs,
            vec![
                "Jomo Kenyatta International Airport",
                "Ministry of Foreign Affairs",
                "Republic of Ghana",
                "UN Human Rights Council",
                "University of Nairobi"
            ]
        );
        person(&l, "Kofi Mensah");
    }

    #[test]
    fn titles_in_later_sentences_belong_to_their_own_people() {
        let text = "Kenyan Foreign Minister Amina Odhiambo arrived on Monday.\nShe met Ugandan President Grace Akello and Ghanaian Trade Minister Kofi Mensah.\n";
        let l = layer(text);
        let akello = person(&l, "Grace Akello");
        assert_eq!(
            (akello.title.as_deref(), akello.country.as_deref()),
            (Some("President"), Some("UG"))
        );
        let mensah = person(&l, "Kofi Mensah");
        assert_eq!(
            (mensah.title.as_deref(), mensah.country.as_deref()),
            (Some("Trade Minister"), Some("GH"))
        );
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Volodymyr Zelenskyy"), "volodymyr zelenskyy");
        assert_eq!(fold("José  Ángel"), "jose angel");
    }

    #[test]
    fn a_bare_title_is_not_someone_of_another_rank_and_a_title_before_an_honorific_is_a_name() {
        let text = "President Alhaji Musa Danjuma opened the session. Vice President Ruth Okon spoke next. \
                    Later the President thanked the delegates.\n";
        let l = layer(text);
        assert_eq!(
            person(&l, "Musa Danjuma").title.as_deref(),
            Some("President")
        );
        assert!(
            !l.mentions
                .iter()
                .any(|m| m.text == "President" && l.entities[m.entity].name == "Ruth Okon"),
            "{:#?}",
            l.mentions
        );
        assert!(
            refers(&l, text, "President", "Musa Danjuma"),
            "{:#?}",
            l.mentions
        );
        // The deputy is still "the Vice President", and a foreign minister "the Minister".
        let text = "Vice President Ruth Okon arrived. Foreign Minister Ade Bello joined her. \
                    The Vice President and the Minister then left.\n";
        let l = layer(text);
        assert!(
            refers(&l, text, "Vice President", "Ruth Okon"),
            "{:#?}",
            l.mentions
        );
        assert!(
            refers(&l, text, "Minister", "Ade Bello"),
            "{:#?}",
            l.mentions
        );
    }

    #[test]
    fn a_date_after_an_institution_is_not_part_of_its_name() {
        let text = "The talks took place at the Belem Palace on Monday and at the Committee on Budgets in May.\n";
        let l = layer(text);
        let orgs = names_of(&l, EntityKind::Organization);
        assert!(orgs.contains(&"Belem Palace"), "{orgs:?}");
        assert!(orgs.contains(&"Committee on Budgets"), "{orgs:?}");
    }

    #[test]
    fn legislatures_and_seats_of_government_are_not_people() {
        let text = "Rahul Mehta told the Lok Sabha on Monday that Aso Rock had written to him.\n";
        let l = layer(text);
        let people = names_of(&l, EntityKind::Person);
        assert_eq!(people, vec!["Rahul Mehta"]);
    }

    #[test]
    fn a_headline_verb_in_title_case_ends_a_name() {
        let text = "Ruth Okon Arrives In Oslo. Ruth Okon met the king.\n";
        let l = layer(text);
        person(&l, "Ruth Okon");
        assert!(
            l.entities.iter().all(|e| !e.name.contains("Arrives")),
            "{:#?}",
            l.entities
        );
    }

    #[test]
    fn surnames_that_are_rare_common_nouns_stay_names() {
        let text = "Emmanuel Macron held talks with Olaf Scholz.\n";
        let l = layer(text);
        person(&l, "Emmanuel Macron");
    }

    #[test]
    fn a_month_after_an_honorific_is_a_surname() {
        let text = "Prime Minister Helen May landed on Monday. Later Mrs May met the governor.\n";
        let l = layer(text);
        assert!(refers(&l, text, "May", "Helen May"), "{:#?}", l.mentions);
    }

    #[test]
    fn pm_in_capitals_is_a_prime_minister_and_pm_after_a_time_is_not() {
        let text = "Belgian Prime Minister Jan Peeters arrived at 9 pm on Monday. \
                    The Belgian PM then met the press.\n";
        let l = layer(text);
        assert!(
            refers(&l, text, "Belgian PM", "Jan Peeters"),
            "{:#?}",
            l.mentions
        );
        assert!(
            !l.mentions.iter().any(|m| m.text == "pm"),
            "{:#?}",
            l.mentions
        );
    }

    #[test]
    fn a_pronoun_takes_a_person_known_to_fit_over_a_nearer_one_of_unknown_gender() {
        let text =
            "Mr Tom Reyes won the vote in March, defeating Senator Kim Lowe by a wide margin.\n\
                    He and President Olu Bakare held talks in April.\n";
        let l = layer(text);
        assert!(refers(&l, text, "He", "Tom Reyes"), "{:#?}", l.mentions);
    }

    #[test]
    fn middle_initials_stay_inside_a_name() {
        let text = "The ruling was written by Justice Maria A. Lindqvist, who sits on the court.\n\
                    Former President Harold T. Okafor met J. R. Mendes in Lagos.\n";
        let l = layer(text);
        let people = names_of(&l, EntityKind::Person);
        for name in ["Maria A. Lindqvist", "Harold T. Okafor", "J. R. Mendes"] {
            assert!(people.contains(&name), "{name} in {people:?}");
        }
    }

    #[test]
    fn a_given_name_tells_which_person_a_pronoun_may_be() {
        let text = "Fernanda Ruiz welcomed Tomas Weber to the talks.\n\
                    She said the meeting had gone well.\n";
        let l = layer(text);
        assert!(
            refers(&l, text, "She", "Fernanda Ruiz"),
            "{:#?}",
            l.mentions
        );
    }

    #[test]
    fn a_counterpart_of_no_named_country_is_the_other_person_last_named() {
        let text = "President Fernanda Ruiz spoke with President Tomas Weber on Monday.\n\
                    Ms Ruiz also invited her counterpart to visit in the spring.\n";
        let l = layer(text);
        assert!(
            refers(&l, text, "counterpart", "Tomas Weber"),
            "{:#?}",
            l.mentions
        );
    }

    #[test]
    fn a_title_after_the_only_or_the_first_names_no_one() {
        let text = "Irish Prime Minister Sean Byrne arrived in Oslo on Monday.\n\
                    The late Mary Doyle remains the only Irish prime minister to have visited Norway.\n";
        let l = layer(text);
        assert!(
            !refers(&l, text, "Irish prime minister", "Sean Byrne"),
            "{:#?}",
            l.mentions
        );
    }

    #[test]
    fn a_country_after_a_title_and_coordinated_titles_belong_to_the_name() {
        let text = "Danish Prime Minister Ola Berg arrived on Monday.\n\
                    Rwandan President Paul Rukundo met Berg in Kigali.\n\
                    Berg thanked his counterpart from Rwanda for the welcome.\n\
                    Vietnamese General Secretary Tran Minh arrived on Tuesday.\n\
                    Party General Secretary and President Li Wen welcomed Tran Minh.\n";
        let l = layer(text);
        assert!(refers(&l, text, "his", "Ola Berg"), "{:#?}", l.mentions);
        assert!(
            refers(&l, text, "counterpart", "Paul Rukundo"),
            "{:#?}",
            l.mentions
        );
        assert!(
            !l.mentions
                .iter()
                .any(|m| m.text.ends_with("General Secretary") && m.kind == EntityKind::Person),
            "the first title is Li Wen's, not a bare title: {:#?}",
            l.mentions
        );
    }
}
