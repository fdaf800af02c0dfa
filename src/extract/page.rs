//! Facts about the page as a whole: its language, and its publication date when no ` date`
//! line or `published` field gives one.

use chrono::NaiveDate;

use super::doc::Doc;
use super::lexicon::{Lexicon, WordClass};
use super::text::Sentence;
use super::time::{self, Precision, TimeEngine};
use crate::article::{DatePrecision, Published};

/// How much prose the language is judged on.
const LANGUAGE_SAMPLE_BYTES: usize = 2000;

/// Percentage of English function words above which prose is taken as English outright.
const ENGLISH_FUNCTION_SHARE: usize = 15;

/// How far into the page a publication date is looked for.
const HEADER_LINES: usize = 25;

/// The page's language when it is reliably not English: ISO 639-3 code, e.g. "fra".
pub fn non_english(text: &str, sentences: &[Sentence], lexicon: &Lexicon) -> Option<&'static str> {
    // A couple of thousand bytes of prose tell the language as well as the whole page.
    let mut prose = String::new();
    for s in sentences {
        if prose.len() >= LANGUAGE_SAMPLE_BYTES {
            break;
        }
        prose.push_str(&text[s.start..s.end]);
        prose.push(' ');
    }
    let sample = if prose.trim().is_empty() {
        text
    } else {
        &prose
    };
    // English prose is full of its function words: no need for the slower statistical check.
    let words: Vec<&str> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let function_words = words
        .iter()
        .filter(|w| lexicon.is(WordClass::EnglishFunction, &w.to_lowercase()))
        .count();
    if words.len() >= 20 && function_words * 100 >= words.len() * ENGLISH_FUNCTION_SHARE {
        return None;
    }
    let info = whatlang::detect(sample)?;
    (info.lang() != whatlang::Lang::Eng && info.is_reliable()).then(|| info.lang().code())
}

/// The publication date printed near the top of the page ("Published: 11 April 2023",
/// "Apr 11, 2023"), preferring a published line over an updated line over any other date.
pub fn published_in_page(
    doc: &Doc,
    lexicon: &Lexicon,
    time_engine: &TimeEngine,
) -> Option<Published> {
    let mut best: Option<(u8, NaiveDate, &'static str)> = None;
    let mut line_start = doc.body_start;
    for line in doc.text[doc.body_start..]
        .split_inclusive('\n')
        .take(HEADER_LINES)
    {
        let start = line_start;
        line_start += line.len();
        let lower = line.trim().to_lowercase();
        let (rank, from) = if lexicon.starts_with_any(WordClass::IgnoredLabel, &lower) {
            continue;
        } else if lexicon.starts_with_any(WordClass::PublishedLabel, &lower) {
            (0, "published line")
        } else if lexicon.starts_with_any(WordClass::UpdatedLabel, &lower) {
            (2, "updated line")
        } else {
            (1, "page header")
        };
        let day = time::find_times_in(time_engine, doc, start, line_start, None)
            .into_iter()
            .filter(|t| t.precision == Precision::Day)
            .find_map(|t| t.first_day());
        let Some(day) = day else { continue };
        if best.is_none_or(|(r, _, _)| rank < r) {
            best = Some((rank, day, from));
        }
    }
    best.map(|(_, date, from)| Published {
        date,
        value: date.format("%Y-%m-%d").to_string(),
        precision: DatePrecision::Day,
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lexicon::Lexicon;
    use crate::extract::text;

    #[test]
    fn published_line_beats_crawl_and_update_dates() {
        let page = "Retrieved 3 May 2024\nWorld | Politics\nLast updated: 12 April 2023 09:00\nPublished: 11 April 2023\nMinisters met on Tuesday.\n";
        let p = published_in_page(
            &Doc::new(page, 0, Lexicon::builtin()),
            Lexicon::builtin(),
            &TimeEngine::builtin(),
        )
        .expect("a date");
        assert_eq!((p.value.as_str(), p.from), ("2023-04-11", "published line"));
    }

    #[test]
    fn a_bare_date_line_in_the_header_counts() {
        let page = "Retrieved 3 May 2024\nMinisters meet in Oslo\nApr 11, 2023\nThe ministers met on Tuesday.\n";
        let p = published_in_page(
            &Doc::new(page, 0, Lexicon::builtin()),
            Lexicon::builtin(),
            &TimeEngine::builtin(),
        )
        .expect("a date");
        assert_eq!((p.value.as_str(), p.from), ("2023-04-11", "page header"));
    }

    #[test]
    fn no_date_no_guess() {
        assert!(published_in_page(
            &Doc::new(
                "Headline\nBody without any date at all.\n",
                0,
                Lexicon::builtin()
            ),
            Lexicon::builtin(),
            &TimeEngine::builtin()
        )
        .is_none());
    }

    #[test]
    fn french_is_not_english() {
        let page = "Le ministre des affaires étrangères a rencontré son homologue allemand mardi à Paris pour discuter de la guerre et des sanctions européennes contre la Russie.\n";
        let sentences = text::sentences(page, 0, Lexicon::builtin());
        assert_eq!(
            non_english(page, &sentences, Lexicon::builtin()),
            Some("fra")
        );
        let english = "The foreign minister met his German counterpart in Paris on Tuesday to discuss the war and European sanctions against Russia.\n";
        let sentences = text::sentences(english, 0, Lexicon::builtin());
        assert_eq!(non_english(english, &sentences, Lexicon::builtin()), None);
    }
}
