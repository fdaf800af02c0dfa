//! The PostgreSQL statements of storing articles.
//!
//! Several processes may write at once. Every insert that could meet a concurrent one goes
//! through a unique constraint with `ON CONFLICT DO NOTHING`: the second writer waits for the
//! first to commit, then finds its row instead of storing a copy. Two writers that wait on
//! each other's rows deadlock; PostgreSQL aborts one, and its transaction is run again.

use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool, Row};

use super::is_retryable;
use crate::article::Article;
use crate::extract::Extraction;
use crate::store::ingest::{
    write_article, ArticleWriter, AutoMerge, EventOutcome, IngestOutcome, NewArticle, NewEntity,
    NewEvent, StoredPerson, SURNAME_CANDIDATES,
};
use crate::store::merges::{
    merged_into, AUTO_MERGE, MERGED_ALIAS, MERGED_INTO, MERGED_MENTION, MERGED_PARTICIPANT,
};
use crate::store::{GraphChange, Result};

/// Runs of a transaction before its error is given up on.
const ATTEMPTS: u32 = 8;

pub(in crate::store) async fn ingest(
    pool: &PgPool,
    article: &Article,
    extraction: &Extraction,
) -> Result<IngestOutcome> {
    retrying(move || async move {
        let mut tx = pool.begin().await?;
        let outcome = write_article(&mut Writer(&mut tx), article, extraction).await?;
        tx.commit().await?;
        Ok(outcome)
    })
    .await
}

pub(in crate::store) async fn ingest_batch(
    pool: &PgPool,
    items: &[(Article, Extraction)],
) -> Result<Vec<Result<IngestOutcome>>> {
    retrying(move || async move {
        let mut tx = pool.begin().await?;
        let mut outcomes = Vec::with_capacity(items.len());
        for (article, extraction) in items {
            let mut savepoint = tx.begin().await?;
            match write_article(&mut Writer(&mut savepoint), article, extraction).await {
                Ok(outcome) => {
                    savepoint.commit().await?;
                    outcomes.push(Ok(outcome));
                }
                // A deadlock is the batch's, not the article's: run the whole batch again.
                Err(e) if is_retryable(&e) => return Err(e),
                Err(e) => {
                    savepoint.rollback().await?;
                    outcomes.push(Err(e));
                }
            }
        }
        tx.commit().await?;
        Ok(outcomes)
    })
    .await
}

/// Runs `attempt` until it succeeds, fails for a reason a new run would not change, or has
/// failed `ATTEMPTS` times; waits a little longer, with jitter, between runs so that the
/// writers that collided do not collide again.
pub(in crate::store) async fn retrying<T, F, Fut>(mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut n = 0;
    loop {
        n += 1;
        match attempt().await {
            Err(e) if n < ATTEMPTS && is_retryable(&e) => {
                let wait = 5 * u64::from(n) + fastrand::u64(0..20);
                tracing::debug!(error = %e, attempt = n, "transaction runs again");
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
            outcome => return outcome,
        }
    }
}

struct Writer<'a>(&'a mut PgConnection);

impl ArticleWriter for Writer<'_> {
    async fn find_article(&mut self, url: Option<&str>, hash: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM articles WHERE content_hash = $1 OR (url IS NOT NULL AND url = $2) LIMIT 1",
        )
        .bind(hash)
        .bind(url)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    async fn article_events(&mut self, article_id: i64) -> Result<Vec<EventOutcome>> {
        let rows = sqlx::query(
            "SELECT DISTINCT e.id, e.kind FROM events e JOIN event_evidence v ON v.event_id = e.id \
             WHERE v.article_id = $1 ORDER BY e.id",
        )
        .bind(article_id)
        .fetch_all(&mut *self.0)
        .await?;
        Ok(rows
            .iter()
            .map(|r| EventOutcome {
                id: r.get(0),
                kind: r.get(1),
                merged: false,
            })
            .collect())
    }

    async fn insert_article(&mut self, a: &NewArticle<'_>) -> Result<Option<i64>> {
        // No conflict target: the url and the text are both unique, and either makes the
        // article one another writer stored already.
        Ok(sqlx::query_scalar(
            "INSERT INTO articles (url, content_hash, source, title, published, published_precision, published_from, text, ingested_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(a.url)
        .bind(a.content_hash)
        .bind(a.source)
        .bind(a.title)
        .bind(a.published)
        .bind(a.published_precision)
        .bind(a.published_from)
        .bind(a.text)
        .bind(a.ingested_at)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    async fn entity_by_key(&mut self, kind: &str, norm_name: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM entities WHERE kind = $1 AND norm_name = $2")
                .bind(kind)
                .bind(norm_name)
                .fetch_optional(&mut *self.0)
                .await?,
        )
    }

    async fn people_by_alias(&mut self, norm_alias: &str) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE e.kind = 'person' AND a.norm_alias = $1 LIMIT 2",
        )
        .bind(norm_alias)
        .fetch_all(&mut *self.0)
        .await?)
    }

    async fn people_by_surname(&mut self, surname: &str) -> Result<Vec<StoredPerson>> {
        let rows = sqlx::query(
            "SELECT id, norm_name, country FROM entities WHERE kind = 'person' AND surname = $1 LIMIT $2",
        )
        .bind(surname)
        .bind(SURNAME_CANDIDATES + 1)
        .fetch_all(&mut *self.0)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredPerson {
                    id: r.try_get(0)?,
                    norm_name: r.try_get(1)?,
                    country: r.try_get(2)?,
                })
            })
            .collect()
    }

    async fn fill_entity(
        &mut self,
        id: i64,
        title: Option<&str>,
        country: Option<&str>,
    ) -> Result<()> {
        // Only rows that gain something are written: an update locks its row, and every
        // article naming a country would otherwise queue behind every other.
        sqlx::query(
            "UPDATE entities SET title = COALESCE(title, $1), country = COALESCE(country, $2) \
             WHERE id = $3 AND ((title IS NULL AND $1 IS NOT NULL) OR (country IS NULL AND $2 IS NOT NULL))",
        )
        .bind(title)
        .bind(country)
        .bind(id)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn insert_entity(&mut self, e: &NewEntity<'_>) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO entities (kind, name, norm_name, country, title) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (kind, norm_name) DO NOTHING RETURNING id",
        )
        .bind(e.kind)
        .bind(e.name)
        .bind(e.norm_name)
        .bind(e.country)
        .bind(e.title)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    async fn add_alias(&mut self, entity_id: i64, alias: &str, norm_alias: &str) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO entity_aliases (entity_id, alias, norm_alias) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(entity_id)
        .bind(alias)
        .bind(norm_alias)
        .execute(&mut *self.0)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn insert_mention(
        &mut self,
        article_id: i64,
        entity_id: i64,
        span: (i64, i64),
        text: &str,
        form: &str,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, form) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(article_id)
        .bind(entity_id)
        .bind(span.0)
        .bind(span.1)
        .bind(text)
        .bind(form)
        .fetch_one(&mut *self.0)
        .await?)
    }

    async fn insert_event(&mut self, e: &NewEvent<'_>) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO events (kind, status, date_value, date_precision, date_start, date_end, date_text, place, confidence, cameo, plover, merge_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (merge_key) DO NOTHING RETURNING id",
        )
        .bind(e.kind)
        .bind(e.status)
        .bind(&e.date_value)
        .bind(e.date_precision)
        .bind(&e.date_start)
        .bind(&e.date_end)
        .bind(e.date_text)
        .bind(e.place)
        .bind(e.confidence)
        .bind(e.cameo)
        .bind(e.plover)
        .bind(e.merge_key)
        .bind(e.created_at)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    async fn event_by_merge_key(&mut self, merge_key: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT id FROM events WHERE merge_key = $1")
                .bind(merge_key)
                .fetch_one(&mut *self.0)
                .await?,
        )
    }

    async fn merge_event(&mut self, id: i64, confidence: f64, place: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE events SET confidence = GREATEST(confidence, $1), place = COALESCE(place, $2) WHERE id = $3",
        )
        .bind(confidence)
        .bind(place)
        .bind(id)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn add_participant(&mut self, event_id: i64, entity_id: i64, role: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO event_participants (event_id, entity_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(event_id)
        .bind(entity_id)
        .bind(role)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn add_evidence(
        &mut self,
        event_id: i64,
        article_id: i64,
        span: (i64, i64),
        sentence: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO event_evidence (event_id, article_id, start, \"end\", sentence) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
        )
        .bind(event_id)
        .bind(article_id)
        .bind(span.0)
        .bind(span.1)
        .bind(sentence)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn log_change(&mut self, change: GraphChange) -> Result<()> {
        let (change, id) = change.parts();
        sqlx::query("INSERT INTO graph_changes (change, id) VALUES ($1, $2)")
            .bind(change)
            .bind(id)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn merged_into(
        &mut self,
        kind: &str,
        norm_name: &str,
    ) -> Result<Option<(i64, Vec<i64>)>> {
        let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(MERGED_INTO)
            .bind(kind)
            .bind(norm_name)
            .fetch_all(&mut *self.0)
            .await?;
        Ok(merged_into(&rows))
    }

    async fn record_merged_mention(&mut self, merge_id: i64, mention_id: i64) -> Result<()> {
        sqlx::query(MERGED_MENTION)
            .bind(merge_id)
            .bind(mention_id)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn record_merged_participant(
        &mut self,
        merge_id: i64,
        event_id: i64,
        role: &str,
    ) -> Result<()> {
        sqlx::query(MERGED_PARTICIPANT)
            .bind(merge_id)
            .bind(event_id)
            .bind(role)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn record_merged_alias(
        &mut self,
        merge_id: i64,
        alias: &str,
        norm_alias: &str,
        added: bool,
    ) -> Result<()> {
        sqlx::query(MERGED_ALIAS)
            .bind(merge_id)
            .bind(alias)
            .bind(norm_alias)
            .bind(added as i64)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn record_auto_merge(&mut self, m: &AutoMerge<'_>) -> Result<i64> {
        Ok(sqlx::query_scalar(AUTO_MERGE)
            .bind(m.kept_id)
            .bind(m.name)
            .bind(m.norm_name)
            .bind(m.country)
            .bind(m.title)
            .bind(m.reason)
            .bind(m.created_at)
            .fetch_one(&mut *self.0)
            .await?)
    }
}
