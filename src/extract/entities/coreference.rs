//! Who is who inside the article: counterparts, handles, pronouns and speakers of quotes.

use super::*;

/// People's mentions keyed by (end, start), for finding the nearest one before a position.
type PersonMentions = std::collections::BTreeMap<(usize, usize), usize>;

/// A third-person pronoun to resolve, with where its sentence and the one before it start.
#[derive(Clone, Copy)]
pub(super) struct Pronoun {
    pub(super) tok: Token,
    pub(super) gender: char,
    pub(super) sentence_start: usize,
    pub(super) window_start: usize,
}

impl<'a> Builder<'a> {
    /// "Ms Arruda invited her counterpart": a counterpart of no named country is the person
    /// last named before its possessor, other than the possessor (and not of the possessor's
    /// country). Runs after pronouns, which may be the possessor.
    pub(super) fn counterparts(&mut self, titles: &[TitleHit]) {
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

    /// "@SecBlinken": a handle that contains a person's surname refers to that person.
    pub(super) fn handles(&mut self, sentences: &[Sentence]) {
        let doc = self.doc;
        for s in sentences {
            for &tok in doc.tokens(s) {
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
    pub(super) fn pronouns(&mut self, sentences: &[Sentence]) {
        let mut pronouns = Vec::new();
        let mut first_person = Vec::new();
        let mut previous_start = 0;
        let doc = self.doc;
        for s in sentences.iter().filter(|s| s.kind == BlockKind::Prose) {
            for &tok in doc.tokens(s) {
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
        let is_subject = matches!(
            &self.text[tok.start..tok.end].to_lowercase()[..],
            "he" | "she"
        );
        // "Trump defeated Vice President Harris. He and Milei met": a person known to be of the
        // pronoun's gender, in this sentence or the one before, beats a nearer one whose gender
        // is unknown.
        let known = |entity: usize| layer.entities[entity].gender == Some(gender);
        // "X met Y on Monday. He also met Z": a subject pronoun with nobody named before it in
        // its sentence continues the subject of the sentence before (its first person), not
        // the nearest name, unless that one is of the other gender or someone else is known
        // to be of the pronoun's.
        let subject = people
            .range((window_start, 0)..(sentence_start, 0))
            .map(|(&(end, start), &entity)| (start, end, entity))
            .filter(|&(start, _, _)| start >= window_start)
            .filter(|&(start, _, _)| !skip_quotes || layer.quote_at(start).is_none())
            // "his", "her": a possessive names no subject ("Following his inauguration, X").
            .filter(|&(start, end, _)| {
                !matches!(
                    &self.text[start..end].to_lowercase()[..],
                    "his" | "her" | "hers"
                )
            })
            .min_by_key(|&(start, _, _)| start);
        let others_known = people
            .range((window_start, 0)..(sentence_start, 0))
            .any(|(&(_, start), &entity)| start >= window_start && known(entity));
        let subject = subject.filter(|&(_, _, entity)| {
            known(entity) || (layer.entities[entity].gender.is_none() && !others_known)
        });
        let continues = is_subject && nearest.is_some_and(|(start, _, _)| start < sentence_start);
        let candidate = match nearest {
            _ if continues && subject.is_some() => subject,
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
        let after_end = self.doc.end_after_words(q.end, 14, line_end);
        let after = &text[q.end..after_end];
        let person_after = people
            .range((q.end, 0)..=(after_end, usize::MAX))
            .map(|(&(_, start), &entity)| (start, entity))
            .filter(|&(start, _)| start >= q.end)
            .min_by_key(|&(start, _)| start);
        if let Some((start, entity)) = person_after {
            if self.speech_verb_in(q.end, after_end)
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
                .filter(|&(_, end, _)| self.speech_verb_in(end, q.start))
                .map(|(_, _, entity)| entity);
        }
        None
    }

    /// A speech verb among the words of `text[start..end]`.
    fn speech_verb_in(&self, start: usize, end: usize) -> bool {
        self.doc
            .lower_words(start, end)
            .any(|w| self.lexicon.is(WordClass::SpeechVerb, &w))
    }
}
