//! The gazetteer: countries (hand-written file, then ISO data), organisations and places, as
//! surface forms for one automaton and what each stands for.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::source::{LexiconError, Row};

/// What a gazetteer surface form stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazTarget {
    /// A country, by ISO alpha-2 code, and how the surface form names it.
    Country { code: String, role: CountryRole },
    /// An organisation, by index into [`super::Lexicon::organizations`].
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

/// Collects gazetteer surface forms; the first entry for a surface wins, so the hand-written
/// files (added first) override the built-in country data.
#[derive(Default)]
pub(super) struct GazetteerBuilder {
    pub surfaces: Vec<String>,
    pub targets: Vec<GazTarget>,
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

    /// countries.tsv, then every ISO country from keshvar (short name, unofficial English
    /// names, nationality and its plural). Returns ISO code -> display name.
    pub fn add_countries(&mut self, rows: &[Row]) -> Result<HashMap<String, String>, LexiconError> {
        let mut names = HashMap::default();
        for r in rows {
            let [code, role, alias] = r.columns(3, "code, role, name")? else {
                unreachable!("three columns")
            };
            let code = code.to_string();
            let role = match *role {
                "canonical" => {
                    names.entry(code.clone()).or_insert_with(|| alias.to_string());
                    CountryRole::Name
                }
                "name" => CountryRole::Name,
                "adjective" => CountryRole::Adjective,
                "capital" => CountryRole::Capital,
                "metonym" => CountryRole::Metonym,
                "ambiguous" => CountryRole::Ambiguous,
                other => {
                    return Err(r.error(format!(
                        "unknown role {other:?} (canonical, name, adjective, capital, metonym or ambiguous)"
                    )))
                }
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
        Ok(names)
    }

    /// organizations.tsv: name, kind, country, aliases separated by `|`.
    pub fn add_organizations(&mut self, rows: &[Row]) -> Result<Vec<Organization>, LexiconError> {
        let mut organizations = Vec::new();
        let mut named = HashSet::default();
        for r in rows {
            let [name, kind] = r.columns(2, "name, kind")? else {
                unreachable!("two columns")
            };
            // The first row of an organisation is the whole of it: a user's row replaces the
            // built-in one, aliases and kind included, instead of leaving its aliases behind.
            if !named.insert(name.to_string()) {
                continue;
            }
            let index = organizations.len();
            organizations.push(Organization {
                name: name.to_string(),
                kind: kind.to_string(),
                country: r.optional(2).map(str::to_string),
            });
            self.add(name, GazTarget::Organization(index));
            for alias in r.optional(3).map(|a| a.split('|')).into_iter().flatten() {
                self.add(alias, GazTarget::Organization(index));
            }
        }
        Ok(organizations)
    }

    /// places.tsv: name, country.
    pub fn add_places(&mut self, rows: &[Row]) -> Result<(), LexiconError> {
        for r in rows {
            let [name] = r.columns(1, "name")? else {
                unreachable!("one column")
            };
            let target = GazTarget::Place {
                name: name.to_string(),
                country: r.optional(1).map(str::to_string),
            };
            self.add(name, target);
        }
        Ok(())
    }
}
