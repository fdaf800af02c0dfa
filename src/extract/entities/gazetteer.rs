//! Gazetteer hits: countries, organisations and places, and organisation names by their form.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn gazetteer(&mut self, s: &Sentence) -> Vec<GazHit> {
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
    pub(super) fn organization_phrases(
        &mut self,
        s: &Sentence,
        titles: &[Hit],
        gaz: &mut Vec<GazHit>,
    ) {
        let tokens = self.doc.tokens(s);
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
}
