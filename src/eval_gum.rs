//! Scores temporal expressions and named entities against the GUM Wikinews set
//! (`corpus/gum/*_bytes.jsonl`: UTF-8 byte offsets; see its README for the format).
//!
//! Times: a system time is right when it overlaps a gold time and its value means the same
//! (a day, a month, a year, or the same range); system times overlapping GUM's unnormalised
//! time mentions are neither right nor wrong. Entities: exact name spans, top-level only,
//! person / place (countries and locations) / organization.

use serde::Serialize;
use serde_json::Value;

use crate::article::{Article, DatePrecision, Published};
use crate::extract::MentionForm;
use crate::extract::{EntityKind, Extractor};
use crate::store::date_range;

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub system: usize,
    pub gold: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.system += other.system;
        self.gold += other.gold;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.system)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Default, Serialize)]
pub struct GumReport {
    pub documents: usize,
    /// Time expressions found at all (span overlap).
    pub time_spans: Counts,
    /// Time expressions found with the right value.
    pub time_values: Counts,
    pub person: Counts,
    pub place: Counts,
    pub organization: Counts,
    pub entities: Counts,
}

impl GumReport {
    pub fn to_text(&self) -> String {
        let line = |name: &str, c: &Counts| {
            format!(
                "{name:<13} P {:.3} R {:.3} F1 {:.3} (tp {}, system {}, gold {})\n",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.system,
                c.gold
            )
        };
        let mut out = format!("documents {}\n", self.documents);
        out += &line("time spans", &self.time_spans);
        out += &line("time values", &self.time_values);
        out += &line("person", &self.person);
        out += &line("place", &self.place);
        out += &line("organization", &self.organization);
        out += &line("entities", &self.entities);
        out
    }
}

/// Scores every record of a GUM JSONL file (byte offsets).
pub fn score(records: &[Value], extractor: &Extractor) -> Result<GumReport, String> {
    let mut report = GumReport::default();
    for (i, record) in records.iter().enumerate() {
        if record["offsets"] != "utf8_bytes" {
            return Err(format!(
                "record {}: offsets are not UTF-8 bytes: use the *_bytes.jsonl files",
                i + 1
            ));
        }
        let text = record["text"]
            .as_str()
            .ok_or_else(|| format!("record {}: no text", i + 1))?;
        // The printed date line is what a reader resolves "yesterday" against; else page creation.
        let anchor = record["dateline"]
            .as_str()
            .or_else(|| record["dct"].as_str());
        let published = anchor
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|date| Published {
                date,
                value: date.to_string(),
                precision: DatePrecision::Day,
                from: "gold dateline",
            });
        let article = Article {
            text: text.to_string(),
            body_start: 0,
            published,
            title: None,
            url: None,
            source: None,
        };
        let extraction = extractor.extract(&article);
        let (spans, values) = score_times(record, &extraction.times);
        report.time_spans.add(spans);
        report.time_values.add(values);
        for (kind, counts) in [
            ("person", &mut report.person),
            ("place", &mut report.place),
            ("organization", &mut report.organization),
        ] {
            let c = score_entities(record, &extraction, kind);
            counts.add(c);
            report.entities.add(c);
        }
        report.documents += 1;
    }
    Ok(report)
}

fn span(v: &Value) -> Option<(usize, usize)> {
    Some((v["start"].as_u64()? as usize, v["end"].as_u64()? as usize))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// A gold value as first and last day, where it names days ("2017-07-21", "2017-07",
/// "2017", "2017-07-10/2017-07-16").
fn gold_range(value: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    match value.split_once('/') {
        Some((from, to)) => Some((date_range(from)?.0, date_range(to)?.1)),
        None => date_range(value),
    }
}

fn score_times(record: &Value, times: &[crate::extract::TimeMention]) -> (Counts, Counts) {
    let gold: Vec<((usize, usize), Option<&str>)> = record["times"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| Some((span(t)?, t["value"].as_str())))
        .collect();
    let dont_care: Vec<(usize, usize)> = record["unnormalised_time_mentions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(span)
        .collect();
    let scored: Vec<&crate::extract::TimeMention> = times
        .iter()
        .filter(|t| {
            let s = (t.start, t.end);
            gold.iter().any(|(g, _)| overlaps(*g, s)) || !dont_care.iter().any(|d| overlaps(*d, s))
        })
        .collect();
    let mut spans = Counts {
        tp: 0,
        system: scored.len(),
        gold: gold.len(),
    };
    let mut values = spans;
    let mut used = vec![false; scored.len()];
    for (g, value) in &gold {
        let Some(k) = scored
            .iter()
            .enumerate()
            .position(|(k, t)| !used[k] && overlaps(*g, (t.start, t.end)))
        else {
            continue;
        };
        used[k] = true;
        spans.tp += 1;
        let ours = scored[k].value.and_then(crate::extract::TimexValue::range);
        if ours.is_some() && ours == value.and_then(gold_range) {
            values.tp += 1;
        }
    }
    (spans, values)
}

fn score_entities(record: &Value, extraction: &crate::extract::Extraction, kind: &str) -> Counts {
    let gold: Vec<(usize, usize)> = record["entities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == kind && e["nested"] == false)
        .filter_map(span)
        .collect();
    let mut system: Vec<(usize, usize)> = extraction
        .mentions
        .iter()
        .filter(|m| matches!(m.form, MentionForm::Name | MentionForm::Alias))
        .filter(|m| match kind {
            "person" => m.kind == EntityKind::Person,
            "place" => matches!(m.kind, EntityKind::Country | EntityKind::Location),
            _ => m.kind == EntityKind::Organization,
        })
        .map(|m| (m.start, m.end))
        .collect();
    system.sort_unstable();
    system.dedup();
    let tp = gold.iter().filter(|g| system.contains(g)).count();
    Counts {
        tp,
        system: system.len(),
        gold: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_record_is_scored_by_span_and_value() {
        let text = "Envoys meet\nTuesday, April 11, 2023\nFinnish Foreign Minister Aino Virtanen met Kenyan officials in Nairobi yesterday.";
        let start = |s: &str| text.find(s).expect("in text");
        let record = serde_json::json!({
            "offsets": "utf8_bytes", "dct": "2023-04-11", "dateline": "2023-04-11", "text": text,
            "times": [
                {"start": start("Tuesday"), "end": start("Tuesday") + 23, "value": "2023-04-11"},
                {"start": start("yesterday"), "end": start("yesterday") + 9, "value": "2023-04-10"}
            ],
            "unnormalised_time_mentions": [],
            "entities": [
                {"start": start("Aino"), "end": start("Aino") + 13, "kind": "person", "nested": false},
                {"start": start("Nairobi"), "end": start("Nairobi") + 7, "kind": "place", "nested": false}
            ]
        });
        let report = score(&[record], &Extractor::default()).expect("scores");
        assert_eq!(
            report.time_values,
            Counts {
                tp: 2,
                system: 2,
                gold: 2
            }
        );
        assert_eq!(
            report.person,
            Counts {
                tp: 1,
                system: 1,
                gold: 1
            }
        );
        assert_eq!(report.place.tp, 1);
        assert!(report.to_text().contains("time values"));
    }

    #[test]
    fn gold_ranges_become_days() {
        assert_eq!(gold_range("2017-07-10/2017-07-16"), date_range("2017-W28"));
        assert_eq!(gold_range("2017"), date_range("2017"));
    }
}
