//! Title phrases and who holds them: "Ukraine's Foreign Minister", bare titles that refer back.

use super::*;

/// A title phrase in the text, with the country that qualifies it.
#[derive(Debug, Clone)]
pub(super) struct TitleHit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) title: String,
    pub(super) country: Option<String>,
    /// Where the whole phrase starts, qualifier included.
    pub(super) phrase_start: usize,
}

impl<'a> Builder<'a> {
    /// Title phrases, each with a country from just before it: "Ukraine's", "Ukrainian", "US".
    pub(super) fn title_hits(&mut self, phrases: &[Hit], gaz: &[GazHit]) -> Vec<TitleHit> {
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
                    let limit = self.doc.end_after_words(hit.end, 10, self.text.len());
                    country = gaz
                        .iter()
                        .filter(|g| g.start > hit.end && g.start < limit)
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

    pub(super) fn apply_title(&mut self, entity: usize, run: &NameRun, titles: &[TitleHit]) {
        let Some(t) = run.title.map(|i| &titles[i]) else {
            // "Ines Duarte, the President of Peru": the country the apposition gives. Its
            // title stays off, as the roles read a title before the name.
            let end = run.tokens.last().map_or(0, |t| t.end);
            if let Some(t) = self.apposition_title(end, titles).map(|i| &titles[i]) {
                let e = &mut self.layer.entities[entity];
                if e.country.is_none() {
                    e.country = t.country.clone();
                }
            }
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

    /// "Olaf Scholz, the Chancellor of Germany, ...", "Ines Duarte, Peru's president": a title
    /// set after a name by a comma. Not a title that goes on to name someone else ("Adam Nowak,
    /// Prime Minister Ines Duarte's spokesman").
    fn apposition_title(&self, name_end: usize, titles: &[TitleHit]) -> Option<usize> {
        let i = titles.partition_point(|t| t.phrase_start < name_end);
        let t = titles.get(i)?;
        let gap = self.text[name_end..t.phrase_start].trim();
        let gap = gap.strip_prefix(',')?.trim();
        if !(gap.is_empty() || gap.eq_ignore_ascii_case("the")) {
            return None;
        }
        let names_another = self.text[t.end..]
            .trim_start_matches(' ')
            .starts_with(|c: char| c.is_uppercase());
        (!names_another).then_some(i)
    }

    /// Bare titles ("Ukraine's Foreign Minister said", "the secretary", "his Chinese
    /// counterpart") refer to the one person in the article who holds that title (and country).
    pub(super) fn title_mentions(&mut self, titles: &[TitleHit]) {
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

    /// "the only British prime minister to have visited", "the first president to", "a visit
    /// by a Portuguese president": a title that describes a class of holders, not someone of
    /// the article.
    fn generic_title(&self, t: &TitleHit) -> bool {
        let before = self.doc.word_before(t.phrase_start);
        self.lexicon.is(WordClass::GenericTitleCue, &before)
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
            let limit = self.doc.end_after_words(at, 12, self.text.len());
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
            let window = self.doc.end_after_words(at, 10, self.text.len());
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
        // Past one honorific: a capitalised word of letters only, then the name.
        let Some(honorific) = self.doc.spaced_token_after(title_end) else {
            return false;
        };
        let word = honorific.text(self.text);
        starts_upper(word)
            && word.chars().all(char::is_alphabetic)
            && self
                .doc
                .spaced_token_after(honorific.end)
                .is_some_and(|t| person_starts.contains(&t.start))
    }

    /// A bare title refers to a person holding it, or a longer title ending with it ("the
    /// Minister" for a Foreign Minister); but not one of another rank ("President" is not the
    /// Vice President).
    fn title_refers_to(&self, bare: &str, held: &str) -> bool {
        let (bare, held) = (bare.to_lowercase(), held.to_lowercase());
        // "the Polish leader": a head of state or government, whatever the title.
        if self.lexicon.is(WordClass::HeadNoun, &bare)
            && self.lexicon.is(WordClass::HeadTitle, &held)
        {
            return true;
        }
        let Some(at) = held.find(&bare) else {
            return false;
        };
        let before = held[..at].trim_end_matches([' ', '-']);
        let modifier = before.rsplit([' ', '-']).next().unwrap_or("");
        !self.lexicon.is(WordClass::RankModifier, modifier)
    }
}
