//! Full-text search over articles (FTS5) and timeline histograms.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{QueryBuilder, Row};

use super::engine::{on_engine, Dialect};
use super::read::push_filter;
use super::{EventFilter, EventView, Result, Store, StoreError};

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

/// A page of search results.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    pub results: Vec<SearchHit>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A histogram bucket of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Bucket {
    pub bucket: String,
    pub count: usize,
}

/// Events dated more coarsely than the histogram's buckets (a month in day buckets, a year
/// in month buckets): one entry per date, over its whole range, instead of a count put on the
/// bucket of its first day.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Span {
    /// The date as stored (`2024-05`, `2024-W19`, `2024-Q2`, `2024`).
    pub value: String,
    pub precision: String,
    /// First and last day of the date's range.
    pub start: String,
    pub end: String,
    pub count: usize,
}

/// A timeline's histogram: the events whose date lies within one bucket, counted there, and
/// the coarser ones as spans.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Histogram {
    pub buckets: Vec<Bucket>,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketSize {
    Day,
    Week,
    Month,
    Year,
}

impl BucketSize {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            "year" => Some(Self::Year),
            _ => None,
        }
    }

    fn key(self, date: chrono::NaiveDate) -> String {
        match self {
            Self::Day => date.format("%Y-%m-%d").to_string(),
            Self::Week => date.format("%G-W%V").to_string(),
            Self::Month => date.format("%Y-%m").to_string(),
            Self::Year => date.format("%Y").to_string(),
        }
    }
}

/// One dated event as the histogram reads it.
struct Dated {
    start: String,
    end: String,
    value: String,
    precision: String,
}

/// Counts each event in its bucket when its whole date range lies in one, and as a span of
/// its own date otherwise.
fn histogram(events: impl IntoIterator<Item = Dated>, size: BucketSize) -> Histogram {
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut spans: BTreeMap<(String, String), Span> = BTreeMap::new();
    for event in events {
        let (Some(first), Some(last)) = (day(&event.start), day(&event.end)) else {
            continue;
        };
        let key = size.key(first);
        if key == size.key(last) {
            *counts.entry(key).or_default() += 1;
            continue;
        }
        spans
            .entry((event.start.clone(), event.value.clone()))
            .or_insert_with(|| Span {
                value: event.value,
                precision: event.precision,
                start: event.start,
                end: event.end,
                count: 0,
            })
            .count += 1;
    }
    Histogram {
        buckets: counts
            .into_iter()
            .map(|(bucket, count)| Bucket { bucket, count })
            .collect(),
        spans: spans.into_values().collect(),
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
    /// Articles matching every word of `q`, best first (then by id), with the events they
    /// report; after `cursor`, the `next_cursor` of the previous page.
    pub async fn search(&self, q: &str, cursor: Option<&str>, limit: u32) -> Result<SearchPage> {
        let Some(query) = fts_query(q) else {
            return Err(StoreError::Invalid(
                "q must contain at least one word".into(),
            ));
        };
        let cursor = cursor.map(parse_search_cursor).transpose()?;
        // Each hit with the ids of the events its article reports, and its score.
        let (found, next_cursor): (Vec<(SearchHit, Vec<i64>)>, Option<String>) = on_engine!(
            self,
            |pool, DB| {
                let mut sql =
                    QueryBuilder::<DB>::new("SELECT id, title, url, published, snip, score FROM (");
                DB::push_search_hits(&mut sql, query);
                sql.push(") AS hits");
                if let Some((score, id)) = cursor {
                    sql.push(" WHERE score > ").push_bind(score);
                    sql.push(" OR (score = ")
                        .push_bind(score)
                        .push(" AND id > ")
                        .push_bind(id)
                        .push(")");
                }
                sql.push(" ORDER BY score, id LIMIT ")
                    .push_bind(limit as i64 + 1);
                let mut rows = sql.build().fetch_all(pool).await?;
                let next_cursor = if rows.len() > limit as usize {
                    rows.truncate(limit as usize);
                    rows.last()
                        .map(|r| format!("{},{}", r.get::<f64, _>(5), r.get::<i64, _>(0)))
                } else {
                    None
                };
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
                (found, next_cursor)
            }
        );
        let mut hits = Vec::with_capacity(found.len());
        for (mut hit, ids) in found {
            hit.events = self.events_by_id(&ids).await?;
            hits.push(hit);
        }
        Ok(SearchPage {
            results: hits,
            next_cursor,
        })
    }

    /// How many dated events matching the filter fall in each day, ISO week, month or year,
    /// with the events dated more coarsely than that as spans.
    pub async fn timeline_buckets(
        &self,
        filter: &EventFilter,
        size: BucketSize,
    ) -> Result<Histogram> {
        let dated: Vec<Dated> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(
                "SELECT e.date_start, e.date_end, e.date_value, e.date_precision FROM events e \
                 WHERE e.date_start IS NOT NULL AND e.date_end IS NOT NULL",
            );
            push_filter(&mut q, filter);
            let rows = q.build().fetch_all(pool).await?;
            rows.iter()
                .map(|r| Dated {
                    start: r.get(0),
                    end: r.get(1),
                    value: r.get::<Option<String>, _>(2).unwrap_or_default(),
                    precision: r.get::<Option<String>, _>(3).unwrap_or_default(),
                })
                .collect()
        });
        Ok(histogram(dated, size))
    }
}

/// The relevance score (lower is better: FTS5's rank, or PostgreSQL's `ts_rank` negated)
/// and id of the last hit of a page.
fn parse_search_cursor(cursor: &str) -> Result<(f64, i64)> {
    let bad = || {
        StoreError::Invalid(format!(
            "invalid cursor {cursor:?}: pass next_cursor from the previous page"
        ))
    };
    let (score, id) = cursor.split_once(',').ok_or_else(bad)?;
    let score = score
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
        .ok_or_else(bad)?;
    Ok((score, id.parse().map_err(|_| bad())?))
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

    fn dated(value: &str, precision: &str, start: &str, end: &str) -> Dated {
        Dated {
            start: start.into(),
            end: end.into(),
            value: value.into(),
            precision: precision.into(),
        }
    }

    #[test]
    fn coarser_dates_are_spans_not_the_first_day_of_a_bucket() {
        let events = || {
            vec![
                dated("2024-05-03", "day", "2024-05-03", "2024-05-03"),
                dated("2024-05", "month", "2024-05-01", "2024-05-31"),
                dated("2024-05", "month", "2024-05-01", "2024-05-31"),
                dated("2024-W19", "week", "2024-05-06", "2024-05-12"),
                dated("2024", "year", "2024-01-01", "2024-12-31"),
            ]
        };
        let bucket = |b: &str, count| Bucket {
            bucket: b.into(),
            count,
        };
        let by_day = histogram(events(), BucketSize::Day);
        assert_eq!(by_day.buckets, vec![bucket("2024-05-03", 1)]);
        let spans: Vec<(&str, usize)> = by_day
            .spans
            .iter()
            .map(|s| (s.value.as_str(), s.count))
            .collect();
        assert_eq!(spans, vec![("2024", 1), ("2024-05", 2), ("2024-W19", 1)]);
        assert_eq!(by_day.spans[1].end, "2024-05-31");

        let by_week = histogram(events(), BucketSize::Week);
        assert_eq!(
            by_week.buckets,
            vec![bucket("2024-W18", 1), bucket("2024-W19", 1)]
        );
        let by_month = histogram(events(), BucketSize::Month);
        assert_eq!(by_month.buckets, vec![bucket("2024-05", 4)]);
        assert_eq!(by_month.spans.len(), 1, "the year");
        let by_year = histogram(events(), BucketSize::Year);
        assert_eq!(by_year.buckets, vec![bucket("2024", 5)]);
        assert!(by_year.spans.is_empty());
    }

    #[test]
    fn buckets_by_iso_week() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 12, 30).expect("date");
        assert_eq!(BucketSize::Week.key(date), "2025-W01");
        assert_eq!(BucketSize::Month.key(date), "2024-12");
        assert_eq!(BucketSize::Year.key(date), "2024");
    }
}
