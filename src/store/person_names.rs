//! Whether two names can be the same person: the rule cross-article resolution of people
//! rests on, the same for both engines.
//!
//! Names are compared folded (see `terms::fold_name`). The last word is the surname and must
//! be the same; the given names of the shorter name must appear, in order, among those of
//! the longer, where an initial stands for any given name it begins ("S Jaishankar" and
//! "Subrahmanyam Jaishankar"). A lone surname fits every name with that surname, which is why
//! the caller merges only when exactly one stored person fits.

/// A folded person name split into given names and surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName<'a> {
    pub given: Vec<&'a str>,
    pub surname: &'a str,
}

impl<'a> PersonName<'a> {
    /// `None` for an empty name.
    pub fn parse(folded: &'a str) -> Option<Self> {
        let mut words: Vec<&str> = folded.split_whitespace().collect();
        let surname = words.pop()?;
        Some(Self {
            given: words,
            surname,
        })
    }
}

/// Why two names fit, in words for a reader ("given names tayyip ⊂ recep tayyip"), or `None`
/// when they conflict.
pub fn compatible(a: &PersonName<'_>, b: &PersonName<'_>) -> Option<String> {
    if a.surname != b.surname {
        return None;
    }
    let (short, long) = if a.given.len() <= b.given.len() {
        (&a.given, &b.given)
    } else {
        (&b.given, &a.given)
    };
    if short.is_empty() {
        return Some(format!("same surname {}", a.surname));
    }
    if !in_order(short, long) {
        return None;
    }
    let relation = if short == long { "=" } else { "⊂" };
    Some(format!(
        "same surname {}; given names {} {relation} {}",
        a.surname,
        short.join(" "),
        long.join(" ")
    ))
}

/// Every word of `short` matches a word of `long`, in the same order.
fn in_order(short: &[&str], long: &[&str]) -> bool {
    let mut rest = long.iter();
    short
        .iter()
        .all(|s| rest.by_ref().any(|l| given_names_match(s, l)))
}

/// The same given name, or an initial and a name it begins.
fn given_names_match(a: &str, b: &str) -> bool {
    let initial_of = |i: &str, name: &str| i.chars().count() == 1 && name.starts_with(i);
    a == b || initial_of(a, b) || initial_of(b, a)
}

/// Whether two countries (ISO codes, when known) can be one person's: an unknown one fits.
pub fn countries_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(a: &str, b: &str) -> Option<String> {
        compatible(&PersonName::parse(a)?, &PersonName::parse(b)?)
    }

    #[test]
    fn a_middle_name_more_fits() {
        assert_eq!(
            fits("tayyip erdogan", "recep tayyip erdogan").as_deref(),
            Some("same surname erdogan; given names tayyip ⊂ recep tayyip")
        );
        assert!(fits("bola ahmed tinubu", "bola tinubu").is_some());
    }

    #[test]
    fn an_initial_stands_for_a_given_name() {
        assert!(fits("s jaishankar", "subrahmanyam jaishankar").is_some());
        assert!(fits("j jaishankar", "subrahmanyam jaishankar").is_none());
    }

    #[test]
    fn a_lone_surname_fits_any_given_names() {
        assert_eq!(
            fits("trump", "donald trump").as_deref(),
            Some("same surname trump")
        );
    }

    #[test]
    fn different_given_names_or_surnames_conflict() {
        assert!(fits("hillary clinton", "bill clinton").is_none());
        assert!(fits("tayyip recep erdogan", "recep ahmet erdogan").is_none());
        assert!(fits("donald trump", "donald tusk").is_none());
        assert!(fits("", "donald tusk").is_none());
    }

    #[test]
    fn given_names_keep_their_order() {
        assert!(fits("tayyip recep erdogan", "recep tayyip erdogan").is_none());
    }

    #[test]
    fn unknown_countries_fit_known_ones_must_agree() {
        assert!(countries_agree(Some("TR"), None));
        assert!(countries_agree(Some("TR"), Some("tr")));
        assert!(!countries_agree(Some("US"), Some("GB")));
    }
}
