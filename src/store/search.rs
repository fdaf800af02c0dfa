//! Full-text search over articles (FTS5) and timeline histograms.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite};

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

/// User words as an FTS5 query: each word quoted, all required. No FTS syntax from users.
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
        let mut sql = QueryBuilder::<Sqlite>::new(
            "SELECT id, title, url, published, snip, score FROM (\
             SELECT a.id, a.title, a.url, a.published, snippet(articles_fts, 1, '[', ']', '…', 16) AS snip, \
             articles_fts.rank AS score \
             FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
             WHERE articles_fts MATCH ",
        );
        sql.push_bind(query).push(") AS hits");
        if let Some(cursor) = cursor {
            let (score, id) = parse_search_cursor(cursor)?;
            sql.push(" WHERE score > ").push_bind(score);
            sql.push(" OR (score = ")
                .push_bind(score)
                .push(" AND id > ")
                .push_bind(id)
                .push(")");
        }
        sql.push(" ORDER BY score, id LIMIT ")
            .push_bind(limit as i64 + 1);
        let mut rows = sql.build().fetch_all(&self.pool).await?;
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|r| format!("{},{}", r.get::<f64, _>(5), r.get::<i64, _>(0)))
        } else {
            None
        };
        let mut hits = Vec::with_capacity(rows.len());
        for r in rows {
            let article: i64 = r.get(0);
            let ids: Vec<i64> = sqlx::query("SELECT DISTINCT event_id FROM event_evidence WHERE article_id = ? ORDER BY event_id")
                .bind(article)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            hits.push(SearchHit {
                article,
                title: r.get(1),
                url: r.get(2),
                published: r.get(3),
                snippet: r.get(4),
                events: self.events_by_id(&ids).await?,
            });
        }
        Ok(SearchPage {
            results: hits,
            next_cursor,
        })
    }

    /// How many dated events matching the filter fall in each day, ISO week or month.
    pub async fn timeline_buckets(
        &self,
        filter: &EventFilter,
        size: BucketSize,
    ) -> Result<Vec<Bucket>> {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT e.date_start FROM events e WHERE e.date_start IS NOT NULL",
        );
        push_filter(&mut q, filter);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for r in q.build().fetch_all(&self.pool).await? {
            let start: String = r.get(0);
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

/// The relevance score (FTS5 rank, lower is better) and id of the last hit of a page.
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

    #[test]
    fn buckets_by_iso_week() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 12, 30).expect("date");
        assert_eq!(BucketSize::Week.key(date), "2025-W01");
        assert_eq!(BucketSize::Month.key(date), "2024-12");
    }
}
