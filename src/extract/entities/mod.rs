//! People, countries, organisations and places in one article, and who is who inside it.
//!
//! Stages: gazetteer hits (countries, organisations, places); title phrases with their country
//! qualifier ("Ukraine's Foreign Minister"); capitalised name runs; then in-article resolution
//! of surnames, "Mr X", handles, bare titles, counterparts, pronouns and first person in quotes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::doc::Doc;
use super::lexicon::{CountryRole, GazTarget, Hit, Lexicon, WordClass};
use super::text::{self, starts_upper, BlockKind, Sentence, Token};

mod coreference;
mod gazetteer;
mod model;
mod names;
mod titles;

pub use model::*;
use names::*;
use titles::*;

pub fn find(doc: &Doc, lexicon: &Lexicon) -> EntityLayer {
    let (text, sentences) = (doc.text, doc.sentences.as_slice());
    let mut b = Builder {
        people: People::default(),
        doc,
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
            name_runs(doc, s, &gaz, &sentence_titles, lexicon)
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
    b.layer.quotes = text::quotes(text, doc.body_start)
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
    let mut layer = drop_unmentioned(b.layer);
    prefer_the_spelling_most_used(&mut layer, text);
    layer
}

/// A person whose surname the page spells two ways ("Zelensky" in the story, "Zelenskyy" in
/// a caption) is shown by the spelling most of their mentions use; the other stays an alias.
fn prefer_the_spelling_most_used(layer: &mut EntityLayer, text: &str) {
    let surname = |name: &str| fold(name).rsplit(' ').next().map(str::to_string);
    let mut uses: HashMap<(usize, String), usize> = HashMap::new();
    for m in layer
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
    {
        if let Some(last) = surname(&text[m.start..m.end]) {
            *uses.entry((m.entity, last)).or_default() += 1;
        }
    }
    for (i, e) in layer.entities.iter_mut().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        let words = e.name.split_whitespace().count();
        let count =
            |name: &str| surname(name).map_or(0, |last| uses.get(&(i, last)).copied().unwrap_or(0));
        let best = e
            .aliases
            .iter()
            .filter(|a| a.split_whitespace().count() == words)
            .filter(|a| match (surname(a), surname(&e.name)) {
                (Some(x), Some(y)) => spelling_variants(&x, &y),
                _ => false,
            })
            .max_by_key(|a| count(a))
            .filter(|a| count(a) > count(&e.name))
            .cloned();
        if let Some(best) = best {
            let old = std::mem::replace(&mut e.name, best.clone());
            e.aliases.retain(|a| *a != best);
            e.aliases.push(old);
        }
    }
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
    doc: &'a Doc<'a>,
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

pub use super::words::fold;

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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> EntityLayer {
        let lexicon = Lexicon::builtin();
        find(&Doc::new(text, 0, lexicon), lexicon)
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
    fn a_surname_spelt_two_ways_is_one_person_shown_as_most_mentions_spell_it() {
        let text = "Finance Minister Tomasz Kowalczyk met bankers in Warsaw. (Photo: Tomasz Kowalczykk at the meeting)\n\n\
                    Kowalczyk said the talks went well. Later, Kowalczyk flew to Gdansk.\n";
        let l = layer(text);
        assert_eq!(names_of(&l, EntityKind::Person), vec!["Tomasz Kowalczyk"]);
        assert!(person(&l, "Tomasz Kowalczyk")
            .aliases
            .iter()
            .any(|a| a == "Tomasz Kowalczykk"));
        // A one-letter difference in a short surname is another person.
        let l = layer("Ali Khan met Ali Kahn in Lahore on Monday.\n");
        assert_eq!(
            names_of(&l, EntityKind::Person),
            vec!["Ali Khan", "Ali Kahn"]
        );
        // The caption's spelling, first in the page, gives way to the story's.
        let l = layer("Sara Lindqvistt arrives. (Photo: Reuters)\n\nSara Lindqvist met the press. Lindqvist spoke. Lindqvist left.\n");
        assert_eq!(names_of(&l, EntityKind::Person), vec!["Sara Lindqvist"]);
    }

    #[test]
    fn honorifics_of_many_countries_and_ranks_stay_outside_the_name() {
        let text = "Datuk Seri Aminah Rahman met Hon. Peter Tau and Gen Ali Raza in Suva on Monday. Shri Vikram Joshi and Engr. Tunde Bakare also attended.\n";
        let l = layer(text);
        assert_eq!(
            names_of(&l, EntityKind::Person),
            vec![
                "Aminah Rahman",
                "Peter Tau",
                "Ali Raza",
                "Vikram Joshi",
                "Tunde Bakare"
            ]
        );
        assert_eq!(person(&l, "Ali Raza").title.as_deref(), Some("General"));
    }

    #[test]
    fn a_common_word_glued_before_a_name_is_not_its_given_name() {
        let text = "The Minister of Information and Broadcasting Ravi Rao met Kenyan officials. Elsewhere Tom Reid Walsh spoke.\n\nLeaked Okonkwo memo surfaces.\n\nChidi Okonkwo denied it. Bola Ade Martins and Grace Obi attended.\n";
        let l = layer(text);
        let people = names_of(&l, EntityKind::Person);
        for name in [
            "Ravi Rao",
            "Tom Reid Walsh",
            "Chidi Okonkwo",
            "Bola Ade Martins",
            "Grace Obi",
        ] {
            assert!(people.contains(&name), "{name} in {people:?}");
        }
        assert!(
            !people.iter().any(|p| p.starts_with("Broadcasting")
                || p.starts_with("Elsewhere")
                || p.starts_with("Leaked")),
            "{people:?}"
        );
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
