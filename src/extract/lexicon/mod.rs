//! The lexicon: every vocabulary the extractor reads, loaded from plain data files so that
//! users can read and extend them (see `data/`, and `--lexicon DIR` for a folder of the user's
//! that extends them). This module only parses the files and builds the automata once; the
//! passes read it through typed lookups.
//!
//! Layout: `source` (where files come from, rows with their line), `classes` (typed word
//! classes and cues), `phrases` (whole-word automata), `gazetteer` (countries, organisations,
//! places), `time_words` (the vocabulary of temporal expressions).

mod classes;
mod gazetteer;
mod phrases;
mod source;
pub mod time_words;

// Fx hashing: the lexicon is looked up for nearly every word of every article, and its keys
// are fixed at load time (no table grows from input), so a fast non-keyed hash is safe.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

pub use classes::{Cue, WordClass};
pub use gazetteer::{CountryRole, GazTarget, Organization};
pub use phrases::{Hit, PhraseMatcher};
pub use source::{LexiconError, Sources};
pub use time_words::TimeWords;

use super::kind::EventKind;
use super::words::fold;
use gazetteer::GazetteerBuilder;
use source::Row;

/// How an event kind is coded and read.
#[derive(Debug, Clone, PartialEq)]
pub struct KindInfo {
    pub kind: EventKind,
    pub cameo: Option<String>,
    pub plover: String,
    pub defaults_to_published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub kind: EventKind,
    pub strength: f64,
    pub guard: TriggerGuard,
    /// The words fit a call as well as a meeting ("talks"): see triggers.tsv.
    pub neutral: bool,
}

/// What must hold around an ambiguous trigger word for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerGuard {
    None,
    /// Counts only as a noun ("a call", "our call", "call with"), not as a verb ("called for").
    Noun,
    /// A person must follow within a few words ("received the minister").
    Person,
    /// A verb whose object is the person called ("called Modi", "rang the chancellor"), not a
    /// name given ("a man called Smith"), an appeal ("called for", "called on") or a
    /// judgement ("called Smith a liar").
    Callee,
    /// Either: "a call with Y" as a noun, "to call Y" as a verb with its callee.
    NounOrCallee,
}

/// All lexicons, built once.
pub struct Lexicon {
    pub gazetteer: PhraseMatcher,
    pub gazetteer_targets: Vec<GazTarget>,
    pub organizations: Vec<Organization>,
    /// ISO alpha-2 code -> display name.
    pub country_names: HashMap<String, String>,
    titles: PhraseMatcher,
    pub title_names: Vec<String>,
    /// Title phrases written in capitals ("PM"): they match only as written ("9 pm" is a time).
    title_capitals: Vec<Option<String>>,
    pub triggers: PhraseMatcher,
    pub trigger_info: Vec<Trigger>,
    /// Codes of each kind, indexed like [`EventKind::ALL`].
    kinds: Vec<KindInfo>,
    /// Status cues, indexed like [`Cue::ALL`].
    cues: Vec<PhraseMatcher>,
    /// Honorific -> gender ('m', 'f' or '-').
    pub honorifics: HashMap<String, char>,
    /// Folded given name -> the gender ('m' or 'f') its bearers are known by.
    pub given_names: HashMap<String, char>,
    pub not_names: HashSet<String>,
    /// Words that end institution and place names ("Council", "Airport").
    pub org_words: HashSet<String>,
    /// Lower-case words with no capitalised use: a run made only of them is no name.
    pub common_words: HashSet<String>,
    pub abbreviations: HashSet<String>,
    /// Closed word classes of grammar.tsv, in file order, indexed like [`WordClass::ALL`].
    grammar: Vec<Vec<String>>,
    /// The same classes as sets, for membership tests on hot paths.
    grammar_sets: Vec<HashSet<String>>,
    /// The vocabulary of temporal expressions (time.tsv).
    pub time: TimeWords,
}

static BUILTIN: LazyLock<Arc<Lexicon>> = LazyLock::new(|| {
    Arc::new(
        Lexicon::load(&Sources::builtin())
            .unwrap_or_else(|e| panic!("the built-in lexicon does not load: {e}")),
    )
});

/// The first field of each row: a word list file.
fn words(rows: &[Row]) -> HashSet<String> {
    rows.iter().map(|r| r.fields[0].to_string()).collect()
}

/// `key -> gender` rows ("m", "f" or "-"), the first row of a key winning.
fn genders(
    rows: &[Row],
    key: impl Fn(&str) -> String,
    allowed: &[char],
) -> Result<HashMap<String, char>, LexiconError> {
    let mut map = HashMap::default();
    for r in rows {
        let [name, gender] = r.columns(2, "name, gender")? else {
            unreachable!("two columns")
        };
        let g = gender
            .chars()
            .next()
            .filter(|g| gender.len() == 1 && allowed.contains(g))
            .ok_or_else(|| r.error(format!("gender must be one of {allowed:?}, not {gender:?}")))?;
        let key = key(name);
        if key.is_empty() {
            return Err(r.error(format!("{name:?} has no letters to compare names by")));
        }
        map.entry(key).or_insert(g);
    }
    Ok(map)
}

impl Lexicon {
    /// The built-in lexicon, loaded once.
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }

    /// The built-in lexicon, as extractors share it.
    pub fn builtin_shared() -> Arc<Lexicon> {
        Arc::clone(&BUILTIN)
    }

    /// The built-in lexicon extended by the data files of `folder`.
    pub fn with_folder(folder: &Path) -> Result<Lexicon, LexiconError> {
        Self::load(&Sources::with_folder(folder)?)
    }

    /// Parses every data file; a bad row is an error naming its file and line.
    pub fn load(sources: &Sources) -> Result<Self, LexiconError> {
        let mut gaz = GazetteerBuilder::default();
        let country_names = gaz.add_countries(&sources.rows("countries.tsv"))?;
        let organizations = gaz.add_organizations(&sources.rows("organizations.tsv"))?;
        gaz.add_places(&sources.rows("places.tsv"))?;

        let mut title_phrases = Vec::new();
        let mut title_names = Vec::new();
        for r in sources.rows("titles.tsv") {
            let [phrase, name] = r.columns(2, "phrase, title")? else {
                unreachable!("two columns")
            };
            title_phrases.push(phrase.to_string());
            title_names.push(name.to_string());
        }

        let mut trigger_phrases = Vec::new();
        let mut trigger_info = Vec::new();
        for r in sources.rows("triggers.tsv") {
            let [phrase, kind, strength] = r.columns(3, "phrase, kind, strength")? else {
                unreachable!("three columns")
            };
            let kind = EventKind::parse(kind)
                .ok_or_else(|| r.error(format!("unknown event kind {kind:?}")))?;
            let strength: f64 = strength
                .parse()
                .ok()
                .filter(|s| (0.0..=1.0).contains(s))
                .ok_or_else(|| {
                    r.error(format!(
                        "strength must be a number from 0 to 1, not {strength:?}"
                    ))
                })?;
            let guard = match r.optional(3) {
                None => TriggerGuard::None,
                Some("noun") => TriggerGuard::Noun,
                Some("person") => TriggerGuard::Person,
                Some("callee") => TriggerGuard::Callee,
                Some("noun|callee") => TriggerGuard::NounOrCallee,
                Some(other) => {
                    return Err(r.error(format!(
                        "unknown guard {other:?} (noun, person, callee, noun|callee or -)"
                    )))
                }
            };
            let neutral = match r.optional(4) {
                None | Some("firm") => false,
                Some("neutral") => true,
                Some(other) => {
                    return Err(r.error(format!("unknown mode {other:?} (firm, neutral or -)")))
                }
            };
            trigger_phrases.push(phrase.to_string());
            trigger_info.push(Trigger {
                kind,
                strength,
                guard,
                neutral,
            });
        }

        let mut kinds: Vec<Option<KindInfo>> = vec![None; EventKind::ALL.len()];
        for r in sources.rows("event_kinds.tsv") {
            let [kind, _, plover, dated] = r.columns(4, "kind, cameo, plover, dated")? else {
                unreachable!("four columns")
            };
            let kind = EventKind::parse(kind)
                .ok_or_else(|| r.error(format!("unknown event kind {kind:?}")))?;
            let defaults_to_published = match *dated {
                "published" => true,
                "none" => false,
                other => {
                    return Err(r.error(format!("dated must be published or none, not {other:?}")))
                }
            };
            kinds[kind as usize].get_or_insert(KindInfo {
                kind,
                cameo: r.optional(1).map(str::to_string),
                plover: plover.to_string(),
                defaults_to_published,
            });
        }
        let kinds = EventKind::ALL
            .iter()
            .zip(kinds)
            .map(|(kind, info)| {
                info.ok_or_else(|| LexiconError::BadFile {
                    file: "event_kinds.tsv".into(),
                    reason: format!("no row for the event kind {kind}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut cues: Vec<Vec<String>> = vec![Vec::new(); Cue::ALL.len()];
        for r in sources.rows("cues.tsv") {
            let [category, phrase] = r.columns(2, "cue, phrase")? else {
                unreachable!("two columns")
            };
            let cue = Cue::from_name(category)
                .ok_or_else(|| r.error(format!("unknown cue {category:?}")))?;
            cues[cue.index()].push(phrase.to_lowercase());
        }
        missing_classes("cues.tsv", Cue::ALL.iter().map(|c| c.name()), &cues)?;

        let mut grammar: Vec<Vec<String>> = vec![Vec::new(); WordClass::ALL.len()];
        for r in sources.rows("grammar.tsv") {
            let [class, word] = r.columns(2, "class, word")? else {
                unreachable!("two columns")
            };
            let class = WordClass::from_name(class)
                .ok_or_else(|| r.error(format!("unknown word class {class:?}")))?;
            grammar[class.index()].push(word.to_string());
        }
        missing_classes(
            "grammar.tsv",
            WordClass::ALL.iter().map(|c| c.name()),
            &grammar,
        )?;

        Ok(Self {
            gazetteer: PhraseMatcher::new(&gaz.surfaces, false),
            gazetteer_targets: gaz.targets,
            organizations,
            country_names,
            title_capitals: title_phrases
                .iter()
                .map(|p| p.chars().any(char::is_uppercase).then(|| p.clone()))
                .collect(),
            titles: PhraseMatcher::new(&title_phrases, true),
            title_names,
            triggers: PhraseMatcher::new(&trigger_phrases, true),
            trigger_info,
            kinds,
            cues: cues
                .iter()
                .map(|phrases| PhraseMatcher::new(phrases, true))
                .collect(),
            honorifics: genders(
                &sources.rows("honorifics.tsv"),
                str::to_string,
                &['m', 'f', '-'],
            )?,
            given_names: genders(&sources.rows("given_names.tsv"), fold, &['m', 'f'])?,
            not_names: words(&sources.rows("not_names.txt")),
            org_words: words(&sources.rows("org_words.txt")),
            common_words: words(&sources.rows("common_words.txt")),
            abbreviations: words(&sources.rows("abbreviations.txt")),
            grammar_sets: grammar
                .iter()
                .map(|v| v.iter().cloned().collect())
                .collect(),
            grammar,
            time: TimeWords::load(&sources.rows("time.tsv"))?,
        })
    }

    /// How a kind is coded.
    pub fn kind(&self, kind: EventKind) -> &KindInfo {
        &self.kinds[kind as usize]
    }

    pub fn country_name(&self, code: &str) -> String {
        self.country_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The words of a closed class in grammar.tsv.
    pub fn class(&self, class: WordClass) -> &[String] {
        &self.grammar[class.index()]
    }

    /// Title phrases in `text[from..to]`; a phrase written in capitals ("PM") matches only as
    /// written.
    pub fn find_titles(&self, text: &str, from: usize, to: usize) -> Vec<Hit> {
        let mut hits = self.titles.find(text, from, to);
        hits.retain(|h| {
            self.title_capitals[h.pattern]
                .as_deref()
                .is_none_or(|capitals| &text[h.start..h.end] == capitals)
        });
        hits
    }

    /// True when `word` (compared as written; classes are lower case) is in the class.
    pub fn is(&self, class: WordClass, word: &str) -> bool {
        self.grammar_sets[class.index()].contains(word)
    }

    /// True when `line` starts with one of the class's entries (case-insensitive).
    pub fn starts_with_any(&self, class: WordClass, line: &str) -> bool {
        let lower = line.trim_start().to_lowercase();
        self.class(class)
            .iter()
            .any(|prefix| lower.starts_with(prefix.as_str()))
    }

    /// True when `gap` (the text between two words) crosses a clause: clause punctuation, or
    /// a word of the given class.
    pub fn separates_clauses(&self, gap: &str, class: WordClass) -> bool {
        gap.contains([',', ';', ':', '“', '”', '"'])
            || gap.split_whitespace().any(|w| self.is(class, w))
    }

    /// 'm' or 'f' for a third-person pronoun.
    pub fn pronoun_gender(&self, word: &str) -> Option<char> {
        if self.is(WordClass::PronounM, word) {
            Some('m')
        } else if self.is(WordClass::PronounF, word) {
            Some('f')
        } else {
            None
        }
    }

    /// The phrases of a cue category.
    pub fn cue(&self, cue: Cue) -> &PhraseMatcher {
        &self.cues[cue.index()]
    }

    /// True when `text` holds a cue of the category as whole words (case-insensitive).
    pub fn has_cue(&self, cue: Cue, text: &str) -> bool {
        !self.cue(cue).find(text, 0, text.len()).is_empty()
    }
}

/// A class the code reads but the file does not define is an error: its rule would never fire.
fn missing_classes<'a>(
    file: &str,
    names: impl Iterator<Item = &'a str>,
    entries: &[Vec<String>],
) -> Result<(), LexiconError> {
    let missing: Vec<&str> = names
        .zip(entries)
        .filter(|(_, words)| words.is_empty())
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(LexiconError::BadFile {
        file: file.to_string(),
        reason: format!("no entries for the class(es) {}", missing.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::source::BUILTIN_FILES;
    use super::*;

    fn lookup(surface: &str) -> Option<&'static GazTarget> {
        let lex = Lexicon::builtin();
        let hits = lex.gazetteer.find(surface, 0, surface.len());
        hits.first()
            .filter(|h| (h.start, h.end) == (0, surface.len()))
            .map(|h| &lex.gazetteer_targets[h.pattern])
    }

    #[test]
    fn countries_come_from_file_and_builtin_data() {
        let country = |s| match lookup(s) {
            Some(GazTarget::Country { code, role }) => Some((code.as_str(), *role)),
            _ => None,
        };
        assert_eq!(country("Kremlin"), Some(("RU", CountryRole::Metonym)));
        assert_eq!(country("Ukrainian"), Some(("UA", CountryRole::Adjective)));
        // From keshvar only: not written in countries.tsv.
        assert_eq!(country("Mongolia"), Some(("MN", CountryRole::Name)));
        assert_eq!(Lexicon::builtin().country_name("US"), "United States");
    }

    /// A phrase listed twice would have its second row ignored (the first one found counts).
    #[test]
    fn the_built_in_triggers_list_each_phrase_once() {
        let text = include_str!("data/triggers.tsv");
        let mut seen = std::collections::HashSet::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let phrase = line.split('\t').next().unwrap_or_default();
            assert!(
                seen.insert(phrase),
                "{phrase:?} is listed twice in triggers.tsv"
            );
        }
    }

    #[test]
    fn organisations_have_kinds() {
        let lex = Lexicon::builtin();
        let Some(GazTarget::Organization(i)) = lookup("Nato") else {
            panic!("Nato missing")
        };
        assert_eq!(lex.organizations[*i].name, "NATO");
        let Some(GazTarget::Organization(i)) = lookup("Reuters") else {
            panic!("Reuters missing")
        };
        assert!(lex.organizations[*i].is_media());
    }

    #[test]
    fn phrase_matcher_reports_whole_words_only() {
        let lex = Lexicon::builtin();
        let text = "a recall, then a phone call";
        let hits = lex.triggers.find(text, 0, text.len());
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, vec!["phone call"]);
    }

    /// A built-in file without the rows of one class.
    fn without(file: &str, class: &str) -> String {
        let builtin = BUILTIN_FILES.iter().find(|(n, _)| *n == file).unwrap().1;
        builtin
            .lines()
            .filter(|l| !l.starts_with(&format!("{class}\t")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_class_the_code_reads_but_the_data_lacks_fails_at_load() {
        for (file, class) in [("grammar.tsv", "habit_adverb"), ("cues.tsv", "ongoing")] {
            let sources = Sources::builtin().replacing(file, &without(file, class));
            let err = Lexicon::load(&sources)
                .err()
                .expect("a missing class is an error");
            assert!(
                err.to_string()
                    .contains(&format!("no entries for the class(es) {class}")),
                "{err}"
            );
        }
    }

    #[test]
    fn a_bad_line_in_a_user_file_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "grammar.tsv",
                "habit_adverb\tusually\nhabit_adverbs\toften\n",
                ":2: unknown word class \"habit_adverbs\"",
            ),
            (
                "triggers.tsv",
                "# phrase\tkind\tstrength\npowwow\tparley\t0.9\n",
                ":2: unknown event kind \"parley\"",
            ),
            (
                "triggers.tsv",
                "powwow\tmeeting\n",
                ":1: expected 3 tab-separated columns",
            ),
            (
                "triggers.tsv",
                "powwow\tmeeting\tstrong\n",
                ":1: strength must be a number",
            ),
            (
                "countries.tsv",
                "XK\tnickname\tDardania\n",
                ":1: unknown role \"nickname\"",
            ),
            (
                "time.tsv",
                "month\tBrumaire\t13\n",
                ":1: \"month\" is not a time word kind with a valid value",
            ),
            ("given_names.tsv", "Ilse\tx\n", ":1: gender must be one of"),
        ];
        for (file, text, expected) in cases {
            let path = dir.path().join(file);
            std::fs::write(&path, text).unwrap();
            let err = Lexicon::with_folder(dir.path())
                .err()
                .expect("a bad line is an error");
            let message = err.to_string();
            assert!(
                message.starts_with(&path.display().to_string()),
                "{message}"
            );
            assert!(message.contains(expected), "{file}: {message}");
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn a_folder_with_a_file_of_another_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("trigers.tsv"), "powwow\tmeeting\t0.9\n").unwrap();
        let err = Lexicon::with_folder(dir.path())
            .err()
            .expect("an unknown file is an error");
        assert!(
            err.to_string()
                .contains("trigers.tsv is not a lexicon file"),
            "{err}"
        );
        let missing = Lexicon::with_folder(&dir.path().join("absent"))
            .err()
            .expect("no folder");
        assert!(
            matches!(missing, LexiconError::BadFolder { .. }),
            "{missing}"
        );
    }

    #[test]
    fn user_rows_extend_the_builtin_ones_and_win_over_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("triggers.tsv"),
            "powwow\tmeeting\t0.9\t-\tfirm\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("honorifics.tsv"), "Mr\tf\n").unwrap();
        let lex = Lexicon::with_folder(dir.path()).unwrap();
        let text = "a powwow and a phone call";
        let kinds: Vec<EventKind> = lex
            .triggers
            .find(text, 0, text.len())
            .iter()
            .map(|h| lex.trigger_info[h.pattern].kind)
            .collect();
        assert_eq!(kinds, vec![EventKind::Meeting, EventKind::Call]);
        assert_eq!(lex.honorifics.get("Mr"), Some(&'f'), "the user's row wins");
        assert_eq!(Lexicon::builtin().honorifics.get("Mr"), Some(&'m'));
    }

    #[test]
    fn a_user_row_wins_over_the_builtin_row_of_the_same_phrase_in_every_file() {
        let dir = tempfile::tempdir().unwrap();
        // A byte-order mark before the first row is no part of it.
        std::fs::write(
            dir.path().join("triggers.tsv"),
            "\u{feff}talks\tcall\t0.9\t-\tfirm\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("time.tsv"),
            "relmod\tnext\t2\nmonth\tmay\t6\n",
        )
        .unwrap();
        let lex = Lexicon::with_folder(dir.path()).unwrap();
        let text = "the talks";
        let hits = lex.triggers.find(text, 0, text.len());
        assert_eq!(hits.len(), 1);
        assert_eq!(lex.trigger_info[hits[0].pattern].kind, EventKind::Call);
        assert_eq!(lex.time.relmods.get("next").map(|r| r.shift), Some(2));
        assert_eq!(lex.time.months.get("may"), Some(&6));
        let builtin = &Lexicon::builtin().time;
        assert_eq!(builtin.relmods.get("next").map(|r| r.shift), Some(1));
        assert_eq!(builtin.months.get("may"), Some(&5));
    }

    #[test]
    fn rows_that_name_nothing_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (file, text, expected) in [
            ("time.tsv", "month\t.\t5\n", ":1:"),
            (
                "given_names.tsv",
                "Мария\tf\n",
                ":1: \"Мария\" has no letters",
            ),
        ] {
            let path = dir.path().join(file);
            std::fs::write(&path, text).unwrap();
            let err = Lexicon::with_folder(dir.path()).err().expect("refused");
            assert!(err.to_string().contains(expected), "{file}: {err}");
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn a_user_organisation_row_replaces_the_builtin_one_with_its_aliases() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("organizations.tsv"), "NATO\tmedia\t-\n").unwrap();
        let lex = Lexicon::with_folder(dir.path()).unwrap();
        let target = |lex: &Lexicon, surface: &str| {
            let hits = lex.gazetteer.find(surface, 0, surface.len());
            hits.first()
                .map(|h| lex.gazetteer_targets[h.pattern].clone())
        };
        let nato: Vec<&Organization> = lex
            .organizations
            .iter()
            .filter(|o| o.name == "NATO")
            .collect();
        assert_eq!(nato.len(), 1);
        assert!(nato[0].is_media(), "the user's kind");
        // The built-in row's aliases went with it: none of them names the built-in NATO.
        assert!(matches!(
            target(Lexicon::builtin(), "Nato"),
            Some(GazTarget::Organization(_))
        ));
        assert_eq!(target(&lex, "Nato"), None);
    }
}
