//! Loads the data files under `src/extract/lexicon/` (embedded at build time) into matchers.
//!
//! The files are plain TSV or word lists so that users can read and extend them; this module
//! only parses them and builds the automata once.

// Fx hashing: the lexicon is looked up for nearly every word of every article, and its keys
// are fixed at build time (no table grows from input), so a fast non-keyed hash is safe.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::text::is_word_boundary;

/// What a gazetteer surface form stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazTarget {
    /// A country, by ISO alpha-2 code, and how the surface form names it.
    Country { code: String, role: CountryRole },
    /// An organisation, by index into [`Lexicon::organizations`].
    Organization(usize),
    /// A city or region where events happen.
    Place {
        name: String,
        country: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryRole {
    Name,
    Adjective,
    Capital,
    Metonym,
    /// A country name that is also a given name (Jordan, Chad).
    Ambiguous,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
}

impl Organization {
    /// News media are sources of reports, never participants in events.
    pub fn is_media(&self) -> bool {
        self.kind == "media"
    }
}

/// How an event kind is coded and read.
#[derive(Debug, Clone, PartialEq)]
pub struct KindInfo {
    pub kind: String,
    pub cameo: Option<String>,
    pub plover: String,
    pub contact: bool,
    pub defaults_to_published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub kind: String,
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
}

/// A match of one of the lexicon automata in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// An automaton over phrases that only reports whole-word matches.
pub struct PhraseMatcher {
    automaton: AhoCorasick,
}

impl PhraseMatcher {
    fn new<I, P>(phrases: I, case_insensitive: bool) -> Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(case_insensitive)
            .build(phrases)
            .expect("lexicon phrases build an automaton");
        Self { automaton }
    }

    /// Whole-word, leftmost-longest, non-overlapping matches in `text[range]`, with offsets
    /// into `text`.
    pub fn find(&self, text: &str, from: usize, to: usize) -> Vec<Hit> {
        let slice = &text[from..to];
        self.automaton
            .find_iter(slice)
            .map(|m| Hit {
                start: from + m.start(),
                end: from + m.end(),
                pattern: m.pattern().as_usize(),
            })
            .filter(|h| is_word_boundary(text, h.start) && is_word_boundary(text, h.end))
            .collect()
    }
}

/// All lexicons, built once.
pub struct Lexicon {
    pub gazetteer: PhraseMatcher,
    pub gazetteer_targets: Vec<GazTarget>,
    pub gazetteer_surfaces: Vec<String>,
    pub organizations: Vec<Organization>,
    /// ISO alpha-2 code -> display name.
    pub country_names: HashMap<String, String>,
    titles: PhraseMatcher,
    pub title_names: Vec<String>,
    /// Title phrases written in capitals ("PM"): they match only as written ("9 pm" is a time).
    title_capitals: Vec<Option<String>>,
    pub triggers: PhraseMatcher,
    pub trigger_info: Vec<Trigger>,
    pub kinds: HashMap<String, KindInfo>,
    /// Status cues by category ("planned", "denied", "negation").
    pub cues: HashMap<String, PhraseMatcher>,
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
    /// Closed word classes from grammar.tsv, by class name, in file order.
    grammar: HashMap<String, Vec<String>>,
    /// The same classes as sets, for membership tests on hot paths.
    grammar_sets: HashMap<String, HashSet<String>>,
}

static BUILTIN: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Rows of a TSV data file: comments (#) and blank lines skipped, fields trimmed.
fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(str::trim).collect())
}

fn words(data: &str) -> HashSet<String> {
    rows(data)
        .filter_map(|r| r.first().map(|w| w.to_string()))
        .collect()
}

/// A field that is `-` or missing means "none".
fn optional(field: Option<&&str>) -> Option<String> {
    field
        .filter(|f| !f.is_empty() && **f != "-")
        .map(|f| f.to_string())
}

impl Lexicon {
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }

    fn load() -> Self {
        let mut gaz = GazetteerBuilder::default();
        let country_names = gaz.add_countries(include_str!("lexicon/countries.tsv"));
        let organizations = gaz.add_organizations(include_str!("lexicon/organizations.tsv"));
        gaz.add_places(include_str!("lexicon/places.tsv"));

        let (title_phrases, title_names): (Vec<String>, Vec<String>) =
            rows(include_str!("lexicon/titles.tsv"))
                .filter(|r| r.len() >= 2)
                .map(|r| (r[0].to_string(), r[1].to_string()))
                .unzip();

        let (trigger_phrases, trigger_info): (Vec<String>, Vec<Trigger>) =
            rows(include_str!("lexicon/triggers.tsv"))
                .filter(|r| r.len() >= 3)
                .map(|r| {
                    let strength = r[2].parse().unwrap_or(0.5);
                    let guard = match r.get(3).copied() {
                        Some("noun") => TriggerGuard::Noun,
                        Some("person") => TriggerGuard::Person,
                        _ => TriggerGuard::None,
                    };
                    (
                        r[0].to_string(),
                        Trigger {
                            kind: r[1].to_string(),
                            neutral: r.get(4).copied() == Some("neutral"),
                            strength,
                            guard,
                        },
                    )
                })
                .unzip();

        let kinds = rows(include_str!("lexicon/event_kinds.tsv"))
            .filter(|r| r.len() >= 5)
            .map(|r| {
                let info = KindInfo {
                    kind: r[0].to_string(),
                    cameo: optional(r.get(1)),
                    plover: r[2].to_string(),
                    contact: r[3] == "yes",
                    defaults_to_published: r[4] == "published",
                };
                (info.kind.clone(), info)
            })
            .collect();

        let mut cues: HashMap<String, Vec<String>> = HashMap::default();
        for r in rows(include_str!("lexicon/cues.tsv")).filter(|r| r.len() >= 2) {
            cues.entry(r[0].to_string())
                .or_default()
                .push(r[1].to_lowercase());
        }

        let honorifics = rows(include_str!("lexicon/honorifics.tsv"))
            .filter(|r| r.len() >= 2)
            .map(|r| (r[0].to_string(), r[1].chars().next().unwrap_or('-')))
            .collect();

        let given_names = rows(include_str!("lexicon/given_names.tsv"))
            .filter(|r| r.len() >= 2)
            .filter_map(|r| Some((super::entities::fold(r[0]), r[1].chars().next()?)))
            .collect();

        let mut grammar: HashMap<String, Vec<String>> = HashMap::default();
        for r in rows(include_str!("lexicon/grammar.tsv")).filter(|r| r.len() >= 2) {
            grammar
                .entry(r[0].to_string())
                .or_default()
                .push(r[1].to_string());
        }
        Self {
            gazetteer: PhraseMatcher::new(&gaz.surfaces, false),
            gazetteer_targets: gaz.targets,
            gazetteer_surfaces: gaz.surfaces,
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
                .into_iter()
                .map(|(category, phrases)| (category, PhraseMatcher::new(&phrases, true)))
                .collect(),
            honorifics,
            given_names,
            not_names: words(include_str!("lexicon/not_names.txt")),
            org_words: words(include_str!("lexicon/org_words.txt")),
            common_words: words(include_str!("lexicon/common_words.txt")),
            abbreviations: words(include_str!("lexicon/abbreviations.txt")),
            grammar_sets: grammar
                .iter()
                .map(|(k, v)| (k.clone(), v.iter().cloned().collect()))
                .collect(),
            grammar,
        }
    }

    pub fn kind(&self, kind: &str) -> Option<&KindInfo> {
        self.kinds.get(kind)
    }

    pub fn country_name(&self, code: &str) -> String {
        self.country_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The words of a closed class in grammar.tsv ("particle", "speech_verb", ...).
    pub fn class(&self, name: &str) -> &[String] {
        self.grammar.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when `word` (compared as written; classes are lower case) is in the class.
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

    pub fn is(&self, class: &str, word: &str) -> bool {
        self.grammar_sets
            .get(class)
            .is_some_and(|set| set.contains(word))
    }

    /// True when `line` starts with one of the class's entries (case-insensitive).
    pub fn starts_with_any(&self, class: &str, line: &str) -> bool {
        let lower = line.trim_start().to_lowercase();
        self.class(class)
            .iter()
            .any(|prefix| lower.starts_with(prefix.as_str()))
    }

    /// True when `gap` (the text between two words) crosses a clause: clause punctuation, or
    /// a word of the given grammar.tsv class.
    pub fn separates_clauses(&self, gap: &str, class: &str) -> bool {
        gap.contains([',', ';', ':', '“', '”', '"'])
            || gap.split_whitespace().any(|w| self.is(class, w))
    }

    /// 'm' or 'f' for a third-person pronoun.
    pub fn pronoun_gender(&self, word: &str) -> Option<char> {
        if self.is("pronoun_m", word) {
            Some('m')
        } else if self.is("pronoun_f", word) {
            Some('f')
        } else {
            None
        }
    }

    /// True when `text` holds a cue of the category as whole words (case-insensitive).
    pub fn has_cue(&self, category: &str, text: &str) -> bool {
        self.cues
            .get(category)
            .is_some_and(|m| !m.find(text, 0, text.len()).is_empty())
    }
}

/// Collects gazetteer surface forms; the first entry for a surface wins, so the hand-written
/// files (added first) override the built-in country data.
#[derive(Default)]
struct GazetteerBuilder {
    surfaces: Vec<String>,
    targets: Vec<GazTarget>,
    seen: HashSet<String>,
}

impl GazetteerBuilder {
    fn add(&mut self, surface: &str, target: GazTarget) {
        let surface = surface.trim();
        if surface.is_empty() || !self.seen.insert(surface.to_string()) {
            return;
        }
        self.surfaces.push(surface.to_string());
        self.targets.push(target);
    }

    /// The hand-written country file, then every ISO country from keshvar (short name,
    /// unofficial English names, nationality and its plural).
    fn add_countries(&mut self, data: &str) -> HashMap<String, String> {
        let mut names = HashMap::default();
        for r in rows(data).filter(|r| r.len() >= 3) {
            let (code, role, alias) = (r[0].to_string(), r[1], r[2]);
            let role = match role {
                "canonical" => {
                    names.insert(code.clone(), alias.to_string());
                    CountryRole::Name
                }
                "adjective" => CountryRole::Adjective,
                "capital" => CountryRole::Capital,
                "metonym" => CountryRole::Metonym,
                "ambiguous" => CountryRole::Ambiguous,
                _ => CountryRole::Name,
            };
            self.add(alias, GazTarget::Country { code, role });
        }
        for country in keshvar::CountryIterator::new() {
            let code = country.alpha2().to_string();
            let short = country.iso_short_name();
            names
                .entry(code.clone())
                .or_insert_with(|| short.to_string());
            let country_target = |role| GazTarget::Country {
                code: code.clone(),
                role,
            };
            // ISO short names with a parenthesis ("Korea (Republic of)") are not written in news.
            if !short.contains('(') {
                self.add(short, country_target(CountryRole::Name));
            }
            for name in country.unofficial_name_list() {
                // Keep English-looking names only: other languages' names produce false hits.
                if name.is_ascii() && !name.contains('(') && name.len() > 3 {
                    self.add(name, country_target(CountryRole::Name));
                }
            }
            if let Some(nationality) = country.maybe_nationality() {
                self.add(nationality, country_target(CountryRole::Adjective));
                if !nationality.ends_with('s') && !nationality.ends_with("ese") {
                    self.add(
                        &format!("{nationality}s"),
                        country_target(CountryRole::Adjective),
                    );
                }
            }
        }
        names
    }

    fn add_organizations(&mut self, data: &str) -> Vec<Organization> {
        let mut organizations = Vec::new();
        for r in rows(data).filter(|r| r.len() >= 2) {
            let index = organizations.len();
            organizations.push(Organization {
                name: r[0].to_string(),
                kind: r[1].to_string(),
                country: optional(r.get(2)),
            });
            self.add(r[0], GazTarget::Organization(index));
            for alias in r.get(3).map(|a| a.split('|')).into_iter().flatten() {
                self.add(alias, GazTarget::Organization(index));
            }
        }
        organizations
    }

    fn add_places(&mut self, data: &str) {
        for r in rows(data).filter(|r| !r.is_empty()) {
            let target = GazTarget::Place {
                name: r[0].to_string(),
                country: optional(r.get(1)),
            };
            self.add(r[0], target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(surface: &str) -> Option<&'static GazTarget> {
        let lex = Lexicon::builtin();
        lex.gazetteer_surfaces
            .iter()
            .position(|s| s == surface)
            .map(|i| &lex.gazetteer_targets[i])
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

    #[test]
    fn every_trigger_kind_is_declared() {
        let lex = Lexicon::builtin();
        for t in &lex.trigger_info {
            assert!(
                lex.kind(&t.kind).is_some(),
                "kind {} has no row in event_kinds.tsv",
                t.kind
            );
        }
    }
}
