//! Full-text search over articles (FTS5 on SQLite, a tsvector column on PostgreSQL) and
//! timeline histograms.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{QueryBuilder, Row};

use super::engine::{on_engine, Engine};
use super::read::push_filter;
use super::{EventFilter, EventView, Result, Store, StoreError};

/// Matches, best first: FTS5's bm25 rank; a snippet of up to 16 words of the text around the
/// matches, marked with brackets.
const SQLITE_SEARCH: &str =
    "SELECT a.id, a.title, a.url, a.published, snippet(articles_fts, 1, '[', ']', '…', 16) \
     FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
     WHERE articles_fts MATCH $1 ORDER BY rank LIMIT $2";

/// The same on PostgreSQL: `websearch_to_tsquery` reads the quoted words as FTS5 does (each
/// a phrase of one word, all required), `ts_rank` orders (title words weigh more, as the
/// title is the first column FTS5 ranks), and `ts_headline` marks the words in one passage.
/// The `simple` configuration folds case and keeps every word, like FTS5's tokenizer.
const POSTGRES_SEARCH: &str = "SELECT a.id, a.title, a.url, a.published, \
     ts_headline('simple', a.text, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…') \
     FROM articles a, websearch_to_tsquery('simple', $1) q \
     WHERE a.search @@ q ORDER BY ts_rank(a.search, q) DESC, a.id LIMIT $2";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    pub article: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The matching passage, with matched words in [brackets].
    pub snippet: String,
    pub events: Vec<EventView>,
}

/// A histogram bucket of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Bucket {
    pub bucket: String,
    pub count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketSize {
    Day,
    Week,
    Month,
}

impl BucketSize {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    fn key(self, date: chrono::NaiveDate) -> String {
        match self {
            Self::Day => date.format("%Y-%m-%d").to_string(),
            Self::Week => date.format("%G-W%V").to_string(),
            Self::Month => date.format("%Y-%m").to_string(),
        }
    }
}

/// User words as a full-text query: each word quoted, all required. No query syntax from
/// users: FTS5 and `websearch_to_tsquery` both read a quoted word as that word alone.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    /// Articles matching every word of `q`, best first, with the events they report.
    pub async fn search(&self, q: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(q) else {
            return Err(StoreError::Invalid(
                "q must contain at least one word".into(),
            ));
        };
        let sql = match self.engine {
            Engine::Sqlite(_) => SQLITE_SEARCH,
            Engine::Postgres(_) => POSTGRES_SEARCH,
        };
        // Each hit with the ids of the events its article reports.
        let found: Vec<(SearchHit, Vec<i64>)> = on_engine!(self, |pool, DB| {
            let rows = sqlx::query(sql)
                .bind(&query)
                .bind(limit as i64)
                .fetch_all(pool)
                .await?;
            let mut found = Vec::with_capacity(rows.len());
            for r in rows {
                let article: i64 = r.get(0);
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT DISTINCT event_id FROM event_evidence WHERE article_id = $1 ORDER BY event_id",
                )
                .bind(article)
                .fetch_all(pool)
                .await?;
                let hit = SearchHit {
                    article,
                    title: r.get(1),
                    url: r.get(2),
                    published: r.get(3),
                    snippet: r.get(4),
                    events: Vec::new(),
                };
                found.push((hit, ids));
            }
            found
        });
        let mut hits = Vec::with_capacity(found.len());
        for (mut hit, ids) in found {
            hit.events = self.events_by_id(&ids).await?;
            hits.push(hit);
        }
        Ok(hits)
    }

    /// How many dated events matching the filter fall in each day, ISO week or month.
    pub async fn timeline_buckets(
        &self,
        filter: &EventFilter,
        size: BucketSize,
    ) -> Result<Vec<Bucket>> {
        let starts: Vec<String> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(
                "SELECT e.date_start FROM events e WHERE e.date_start IS NOT NULL",
            );
            push_filter(&mut q, filter);
            q.build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect()
        });
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for start in starts {
            if let Ok(date) = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d") {
                *counts.entry(size.key(date)).or_default() += 1;
            }
        }
        Ok(counts
            .into_iter()
            .map(|(bucket, count)| Bucket { bucket, count })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_words_cannot_inject_fts_syntax() {
        assert_eq!(
            fts_query("Blinken NEAR(x) \"kuleba*"),
            Some("\"Blinken\" \"NEAR\" \"x\" \"kuleba\"".into())
        );
        assert_eq!(fts_query(" -- "), None);
    }

    #[test]
    fn buckets_by_iso_week() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 12, 30).expect("date");
        assert_eq!(BucketSize::Week.key(date), "2025-W01");
        assert_eq!(BucketSize::Month.key(date), "2024-12");
    }
}
