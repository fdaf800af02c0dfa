//! People from capitalised name runs: boundaries, particles, honorifics and one entity per person.

use super::*;

/// The folded names of the people found so far, indexed by their first and last words, so that
/// a name is compared with the few people it could be, not with everyone in a long page.
#[derive(Default)]
pub(super) struct People {
    /// (entity, folded name), in the order found.
    pub(super) names: Vec<(usize, String)>,
    pub(super) slot_of: HashMap<usize, usize>,
    /// Word -> slots of the names ending (starting) with it, in the order found.
    pub(super) by_last: HashMap<String, Vec<usize>>,
    pub(super) by_first: HashMap<String, Vec<usize>>,
    /// The first letters of a surname -> slots, to find its other spellings.
    pub(super) by_stem: HashMap<String, Vec<usize>>,
}

/// Letters a surname and its other spelling share at their start ("Zelensk-y", "Zelensk-yy").
const SURNAME_STEM: usize = 3;

/// Shortest surname that may be spelt another way: one letter apart, shorter names are
/// other names ("Khan", "Kahn").
const SHORTEST_VARIANT_SURNAME: usize = 6;

fn stem(surname: &str) -> Option<String> {
    (surname.chars().count() >= SHORTEST_VARIANT_SURNAME)
        .then(|| surname.chars().take(SURNAME_STEM).collect())
}

/// Two spellings of one surname in a page ("Zelensky" and "Zelenskyy", "Mohamed" and
/// "Mohamad"): one edit apart, both long enough.
pub(super) fn spelling_variants(a: &str, b: &str) -> bool {
    a != b && stem(a).is_some() && stem(b).is_some() && strsim::levenshtein(a, b) <= 1
}

impl People {
    fn add(&mut self, entity: usize, folded: String) {
        let slot = self.names.len();
        self.index(slot, &folded);
        self.names.push((entity, folded));
        self.slot_of.insert(entity, slot);
    }

    /// Another spelling of a known person's name, found under its own words too.
    fn alias(&mut self, entity: usize, folded: String) {
        let slot = self.names.len();
        self.index(slot, &folded);
        self.names.push((entity, folded));
    }

    fn index(&mut self, slot: usize, folded: &str) {
        let (first, last) = first_and_last(folded);
        let stem = stem(last);
        for (map, word) in [(&mut self.by_last, last), (&mut self.by_first, first)] {
            let slots = map.entry(word.to_string()).or_default();
            if let Err(i) = slots.binary_search(&slot) {
                slots.insert(i, slot);
            }
        }
        if let Some(stem) = stem {
            let slots = self.by_stem.entry(stem).or_default();
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
        let stem = stem(&last);
        for (map, word) in [(&mut self.by_last, last), (&mut self.by_first, first)] {
            if let Some(slots) = map.get_mut(&word) {
                slots.retain(|s| *s != slot);
            }
        }
        if let Some(slots) = stem.and_then(|stem| self.by_stem.get_mut(&stem)) {
            slots.retain(|s| *s != slot);
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
            .or_else(|| self.spelt_otherwise(&words))
    }

    /// The person of the same given name whose surname is spelt otherwise ("Volodymyr
    /// Zelenskyy" for "Volodymyr Zelensky"), when there is exactly one.
    fn spelt_otherwise(&self, words: &[&str]) -> Option<usize> {
        let (given, last) = (words.first()?, words.last()?);
        let mut found = self
            .by_stem
            .get(&stem(last)?)
            .into_iter()
            .flatten()
            .map(|&slot| &self.names[slot])
            .filter(|(_, f)| {
                let ow: Vec<&str> = f.split(' ').collect();
                ow.len() > 1
                    && ow.first() == Some(given)
                    && ow.last().is_some_and(|l| spelling_variants(l, last))
            })
            .map(|(entity, _)| *entity);
        let first = found.next()?;
        found.all(|e| e == first).then_some(first)
    }
}

fn first_and_last(folded: &str) -> (&str, &str) {
    let first = folded.split(' ').next().unwrap_or("");
    let last = folded.rsplit(' ').next().unwrap_or("");
    (first, last)
}

/// A run of capitalised words that may be a person's name.
pub(super) struct NameRun {
    pub(super) tokens: Vec<Token>,
    /// The run came from a headline in title case, where capitals say nothing.
    pub(super) title_case: bool,
    pub(super) honorific: Option<char>,
    pub(super) title: Option<usize>,
    pub(super) after_title_or_honorific: bool,
}

/// Runs of capitalised words in a sentence that may name a person, cut at gazetteer hits,
/// titles and words that are never names.
pub(super) fn name_runs(
    doc: &Doc,
    s: &Sentence,
    gaz: &[GazHit],
    titles: &[TitleHit],
    lexicon: &Lexicon,
) -> Vec<NameRun> {
    let (text, tokens) = (doc.text, doc.tokens(s));
    let title_case = s.kind == BlockKind::Headline && is_title_case(text, tokens);
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
        if current.len() >= 2 && glued_word(text, current, lexicon) {
            current.remove(0);
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
            if after || !names_something_else(doc, &run.tokens, s.end, lexicon) {
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

/// The first word of a run is a common word left over from the words before the name, not a
/// given name: "Broadcasting" of a minister's title, "Elsewhere" opening a sentence, "Leaked"
/// of a headline. Told by its ending, as a word of the dictionary that is no given name; before
/// a single word of a name, only a verb form.
fn glued_word(text: &str, run: &[Token], lexicon: &Lexicon) -> bool {
    let lower = run[0].text(text).to_lowercase();
    let ends_with = |class: WordClass| {
        lexicon
            .class(class)
            .iter()
            .any(|ending| lower.len() > ending.len() + 2 && lower.ends_with(ending.as_str()))
    };
    let class = if run.len() >= 3 {
        WordClass::GluedWordEnding
    } else {
        WordClass::GluedVerbEnding
    };
    lexicon.common_words.contains(&lower)
        && !lexicon.given_names.contains_key(&fold(&lower))
        && ends_with(class)
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
    doc: &Doc,
    tokens: &[Token],
    sentence_end: usize,
    lexicon: &Lexicon,
) -> bool {
    let text = doc.text;
    let (start, end) = (tokens[0].start, tokens[tokens.len() - 1].end);
    let institution_follows = doc
        .spaced_token_after(end)
        .is_some_and(|t| t.end <= sentence_end && lexicon.org_words.contains(t.text(text)));
    let article_before = doc
        .spaced_token_before(start)
        .is_some_and(|t| matches!(t.text(text), "the" | "a" | "an"));
    if institution_follows || article_before {
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

pub(super) fn only_possessive_between(gap: &str) -> bool {
    matches!(gap.trim(), "" | "'s" | "’s" | "s'" | "-")
}

impl<'a> Builder<'a> {
    /// People named by runs of two or more words, then single words that are their surnames
    /// or that follow a title or honorific.
    pub(super) fn people_from_runs(&mut self, runs: &[NameRun], titles: &[TitleHit]) {
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
        // A fuller form of a known name becomes the name shown; another spelling of it
        // is an alias.
        let e = &mut self.layer.entities[entity];
        let words = name.split_whitespace().count();
        if words > 1
            && words == e.name.split_whitespace().count()
            && fold(name) != fold(&e.name)
            && !e.aliases.iter().any(|a| a == name)
        {
            e.aliases.push(name.to_string());
            self.people.alias(entity, fold(name));
        }
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
}
