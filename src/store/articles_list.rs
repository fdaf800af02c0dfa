//! The article list: articles without their text, filtered by publication date and source,
//! in keyset pages by id.

use serde::Serialize;
use sqlx::{QueryBuilder, Row};

use super::engine::on_engine;
use super::{Result, Store};

/// Filters of the article list; every field optional.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Inclusive bounds, YYYY-MM-DD: articles whose publication date (a day, or a whole month)
    /// overlaps them. Articles without a date match no date bound.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The host of the article's url, or a domain above it (`example.org` matches
    /// `news.example.org`); case ignored.
    pub host: Option<String>,
    /// Part of the article's source (a file path, or what the client said); case ignored.
    pub source: Option<String>,
}

/// An article without its text.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleSummary {
    pub id: i64,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub ingested_at: String,
    /// How many stored events this article reports.
    pub events: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticlePage {
    pub articles: Vec<ArticleSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl Store {
    /// Articles matching the filter, by ascending id after `cursor`.
    pub async fn list_articles(
        &self,
        filter: &ArticleFilter,
        cursor: Option<i64>,
        limit: u32,
    ) -> Result<ArticlePage> {
        let mut articles: Vec<ArticleSummary> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(
                "SELECT a.id, a.url, a.source, a.title, a.published, a.ingested_at, \
             (SELECT COUNT(DISTINCT v.event_id) FROM event_evidence v WHERE v.article_id = a.id) \
             FROM articles a WHERE 1 = 1",
            );
            if let Some(from) = &filter.from {
                // A month-precision date (YYYY-MM) lasts to the month's end; '-31' sorts after
                // every day of any month.
                q.push(" AND (CASE WHEN length(a.published) = 7 THEN a.published || '-31' ELSE a.published END) >= ")
                .push_bind(from.clone());
            }
            if let Some(to) = &filter.to {
                // YYYY-MM sorts before the month's first day, so a month starting by `to` passes.
                q.push(" AND a.published <= ").push_bind(to.clone());
            }
            if let Some(host) = &filter.host {
                let host = escape_like(&host.to_lowercase());
                q.push(" AND (");
                for (i, pattern) in [
                    format!("%://{host}"),
                    format!("%://{host}/%"),
                    format!("%://{host}:%"),
                    format!("%://%.{host}"),
                    format!("%://%.{host}/%"),
                    format!("%://%.{host}:%"),
                ]
                .into_iter()
                .enumerate()
                {
                    if i > 0 {
                        q.push(" OR ");
                    }
                    q.push("lower(a.url) LIKE ")
                        .push_bind(pattern)
                        .push(" ESCAPE '\\'");
                }
                q.push(")");
            }
            if let Some(source) = &filter.source {
                q.push(" AND lower(a.source) LIKE ")
                    .push_bind(format!("%{}%", escape_like(&source.to_lowercase())))
                    .push(" ESCAPE '\\'");
            }
            if let Some(cursor) = cursor {
                q.push(" AND a.id > ").push_bind(cursor);
            }
            q.push(" ORDER BY a.id LIMIT ").push_bind(limit as i64 + 1);
            q.build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| ArticleSummary {
                    id: r.get(0),
                    url: r.get(1),
                    source: r.get(2),
                    title: r.get(3),
                    published: r.get(4),
                    ingested_at: r.get(5),
                    events: r.get(6),
                })
                .collect()
        });
        let next_cursor = (articles.len() > limit as usize).then(|| {
            articles.truncate(limit as usize);
            articles.last().map(|a| a.id.to_string())
        });
        Ok(ArticlePage {
            articles,
            next_cursor: next_cursor.flatten(),
        })
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
