//! Synthetic news articles for benchmarks: people with titles and countries, calls, meetings,
//! visits, leaks, relative and absolute dates, and page noise, from `vocabulary.tsv`.

pub mod graph;

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Days, NaiveDate};

static VOCABULARY: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for line in include_str!("vocabulary.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        if let Some((category, value)) = line.split_once('\t') {
            map.entry(category.to_string())
                .or_default()
                .push(value.to_string());
        }
    }
    map
});

/// A seeded generator: the same seed gives the same articles.
pub struct Generator {
    rng: fastrand::Rng,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn pick(&mut self, category: &str) -> String {
        let words = VOCABULARY.get(category).map(Vec::as_slice).unwrap_or(&[]);
        if words.is_empty() {
            return String::new();
        }
        words[self.rng.usize(..words.len())].clone()
    }

    /// One article as scraped text with a ` date` line, about `paragraphs` paragraphs long.
    pub fn article(&mut self, paragraphs: usize) -> String {
        let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let published = base
            .checked_add_days(Days::new(self.rng.u64(..700)))
            .unwrap_or(base);
        let mut out = format!(
            " date {published} {} talks on trade\n\n{}\n\n",
            self.pick("country").split('|').next().unwrap_or(""),
            self.pick("noise")
        );
        for _ in 0..paragraphs {
            let (a, b) = (self.person(), self.person());
            let template = self.pick("template");
            let sentence = template
                .replace("{A}", &a.0)
                .replace("{B}", &b.0)
                .replace("{a}", &a.1)
                .replace("{b}", &b.1)
                .replace("{when}", &self.pick("when"))
                .replace("{city}", &self.pick("city"))
                .replace(
                    "{country}",
                    self.pick("country").split('|').next().unwrap_or(""),
                );
            out.push_str(&sentence);
            out.push(' ');
            out.push_str(&self.pick("filler"));
            out.push_str("\n\n");
            if self.rng.u8(..10) == 0 {
                out.push_str(&self.pick("noise"));
                out.push_str("\n\n");
            }
        }
        out
    }

    /// A person introduced in full ("Kenyan Foreign Minister Amina Odhiambo") and their surname.
    fn person(&mut self) -> (String, String) {
        let country = self.pick("country");
        let adjective = country.split('|').nth(1).unwrap_or("").to_string();
        let family = self.pick("family");
        (
            format!(
                "{adjective} {} {} {family}",
                self.pick("title"),
                self.pick("given")
            ),
            family,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_articles_and_every_placeholder_filled() {
        let a = Generator::new(7).article(6);
        assert_eq!(a, Generator::new(7).article(6));
        assert!(a.starts_with(" date 20"));
        assert!(!a.contains('{'), "{a}");
    }
}
