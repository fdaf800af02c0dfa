//! The SQLite statements of storing articles, run natively (rusqlite on the pool connection's
//! own handle): through sqlx every statement is a round trip to its worker thread, and the
//! hundred or so statements of one article made ingest spend most of its time switching
//! threads.

use futures_util::FutureExt;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use sqlx::SqlitePool;

use super::native;
use crate::article::Article;
use crate::extract::Extraction;
use crate::store::ids::{NEXT_ARTICLE_ID, NEXT_ENTITY_ID, NEXT_EVENT_ID};
use crate::store::ingest::{
    write_article, ArticleWriter, AutoMerge, EventOutcome, IngestOutcome, NewArticle, NewEntity,
    NewEvent, StoredPerson, SURNAME_CANDIDATES,
};
use crate::store::merges::{
    merged_into, AUTO_MERGE, MERGED_ALIAS, MERGED_INTO, MERGED_MENTION, MERGED_PARTICIPANT,
};
use crate::store::{GraphChange, Result, StoreError};

pub(in crate::store) async fn ingest(
    pool: &SqlitePool,
    article: &Article,
    extraction: &Extraction,
) -> Result<IngestOutcome> {
    native(pool, |db| {
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = write_now(&tx, article, extraction)?;
        // Dropped without commit (on an error above), the transaction rolls back.
        tx.commit()?;
        Ok(outcome)
    })
    .await
}

pub(in crate::store) async fn ingest_batch(
    pool: &SqlitePool,
    items: &[(Article, Extraction)],
) -> Result<Vec<Result<IngestOutcome>>> {
    native(pool, |db| {
        let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(items.len());
        for (article, extraction) in items {
            let savepoint = tx.savepoint()?;
            match write_now(&savepoint, article, extraction) {
                Ok(outcome) => {
                    savepoint.commit()?;
                    outcomes.push(Ok(outcome));
                }
                // Dropped, the savepoint rolls back this article alone.
                Err(e) => outcomes.push(Err(e)),
            }
        }
        tx.commit()?;
        Ok(outcomes)
    })
    .await
}

/// Runs the shared ingest rules on this thread: every statement of `Writer` completes before
/// it returns, so the future is ready at its first poll.
fn write_now(
    db: &rusqlite::Connection,
    article: &Article,
    extraction: &Extraction,
) -> Result<IngestOutcome> {
    write_article(&mut Writer(db), article, extraction)
        .now_or_never()
        .unwrap_or_else(|| Err(StoreError::Write("the SQLite writer waited".into())))
}

struct Writer<'a>(&'a rusqlite::Connection);

impl ArticleWriter for Writer<'_> {
    async fn find_article(&mut self, url: Option<&str>, hash: &str) -> Result<Option<i64>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?) LIMIT 1",
            )?
            .query_row(params![hash, url], |r| r.get(0))
            .optional()?)
    }

    async fn article_events(&mut self, article_id: i64) -> Result<Vec<EventOutcome>> {
        let mut statement = self.0.prepare_cached("SELECT DISTINCT e.id, e.kind FROM events e JOIN event_evidence v ON v.event_id = e.id WHERE v.article_id = ? ORDER BY e.id")?;
        let rows = statement.query_map([article_id], |r| {
            Ok(EventOutcome {
                id: r.get(0)?,
                kind: r.get(1)?,
                merged: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    async fn insert_article(&mut self, a: &NewArticle<'_>) -> Result<Option<i64>> {
        // The write lock is held since the look-up: no other writer can have stored it.
        Ok(Some(self.0.prepare_cached(&format!(
            "INSERT INTO articles (id, url, content_hash, source, title, published, published_precision, published_from, text, ingested_at) \
             VALUES ({NEXT_ARTICLE_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))?
        .query_row(
            params![
                a.url,
                a.content_hash,
                a.source,
                a.title,
                a.published,
                a.published_precision,
                a.published_from,
                a.text,
                a.ingested_at
            ],
            |r| r.get(0),
        )?))
    }

    async fn entity_by_key(&mut self, kind: &str, norm_name: &str) -> Result<Option<i64>> {
        Ok(self
            .0
            .prepare_cached("SELECT id FROM entities WHERE kind = ? AND norm_name = ?")?
            .query_row(params![kind, norm_name], |r| r.get(0))
            .optional()?)
    }

    async fn people_by_alias(&mut self, norm_alias: &str) -> Result<Vec<i64>> {
        let mut statement = self.0.prepare_cached(
            "SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE e.kind = 'person' AND a.norm_alias = ? LIMIT 2",
        )?;
        let ids = statement
            .query_map([norm_alias], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    async fn people_by_surname(&mut self, surname: &str) -> Result<Vec<StoredPerson>> {
        let mut statement = self.0.prepare_cached(
            "SELECT id, norm_name, country FROM entities WHERE kind = 'person' AND surname = ?1 LIMIT ?2",
        )?;
        let people = statement
            .query_map(params![surname, SURNAME_CANDIDATES + 1], |r| {
                Ok(StoredPerson {
                    id: r.get(0)?,
                    norm_name: r.get(1)?,
                    country: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(people)
    }

    async fn fill_entity(
        &mut self,
        id: i64,
        title: Option<&str>,
        country: Option<&str>,
    ) -> Result<()> {
        self.0
            .prepare_cached("UPDATE entities SET title = COALESCE(title, ?), country = COALESCE(country, ?) WHERE id = ?")?
            .execute(params![title, country, id])?;
        Ok(())
    }

    async fn insert_entity(&mut self, e: &NewEntity<'_>) -> Result<Option<i64>> {
        Ok(Some(self.0
            .prepare_cached(&format!("INSERT INTO entities (id, kind, name, norm_name, country, title) VALUES ({NEXT_ENTITY_ID}, ?, ?, ?, ?, ?) RETURNING id"))?
            .query_row(params![e.kind, e.name, e.norm_name, e.country, e.title], |r| r.get(0))?))
    }

    async fn add_alias(&mut self, entity_id: i64, alias: &str, norm_alias: &str) -> Result<bool> {
        let added = self
            .0
            .prepare_cached(
                "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm_alias) VALUES (?, ?, ?)",
            )?
            .execute(params![entity_id, alias, norm_alias])?;
        Ok(added > 0)
    }

    async fn insert_mention(
        &mut self,
        article_id: i64,
        entity_id: i64,
        span: (i64, i64),
        text: &str,
        form: &str,
    ) -> Result<i64> {
        Ok(self.0
            .prepare_cached(
                "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, form) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )?
            .query_row(params![article_id, entity_id, span.0, span.1, text, form], |r| {
                r.get(0)
            })?)
    }

    async fn insert_event(&mut self, e: &NewEvent<'_>) -> Result<Option<i64>> {
        Ok(self.0
            .prepare_cached(&format!(
                "INSERT INTO events (id, kind, status, date_value, date_precision, date_start, date_end, date_text, place, confidence, cameo, plover, merge_key, created_at) \
                 VALUES ({NEXT_EVENT_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merge_key) DO NOTHING RETURNING id",
            ))?
            .query_row(
                params![
                    e.kind,
                    e.status,
                    e.date_value,
                    e.date_precision,
                    e.date_start,
                    e.date_end,
                    e.date_text,
                    e.place,
                    e.confidence,
                    e.cameo,
                    e.plover,
                    e.merge_key,
                    e.created_at
                ],
                |r| r.get(0),
            )
            .optional()?)
    }

    async fn event_by_merge_key(&mut self, merge_key: &str) -> Result<i64> {
        Ok(self
            .0
            .prepare_cached("SELECT id FROM events WHERE merge_key = ?")?
            .query_row([merge_key], |r| r.get(0))?)
    }

    async fn merge_event(&mut self, id: i64, confidence: f64, place: Option<&str>) -> Result<()> {
        self.0
            .prepare_cached("UPDATE events SET confidence = MAX(confidence, ?), place = COALESCE(place, ?) WHERE id = ?")?
            .execute(params![confidence, place, id])?;
        Ok(())
    }

    async fn add_participant(&mut self, event_id: i64, entity_id: i64, role: &str) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT OR IGNORE INTO event_participants (event_id, entity_id, role) VALUES (?, ?, ?)",
            )?
            .execute(params![event_id, entity_id, role])?;
        Ok(())
    }

    async fn add_evidence(
        &mut self,
        event_id: i64,
        article_id: i64,
        span: (i64, i64),
        sentence: &str,
    ) -> Result<()> {
        self.0
            .prepare_cached("INSERT OR IGNORE INTO event_evidence (event_id, article_id, start, \"end\", sentence) VALUES (?, ?, ?, ?, ?)")?
            .execute(params![event_id, article_id, span.0, span.1, sentence])?;
        Ok(())
    }

    async fn log_change(&mut self, change: GraphChange) -> Result<()> {
        let (change, id) = change.parts();
        self.0
            .prepare_cached("INSERT INTO graph_changes (change, id) VALUES (?, ?)")?
            .execute(params![change, id])?;
        Ok(())
    }

    async fn merged_into(
        &mut self,
        kind: &str,
        norm_name: &str,
    ) -> Result<Option<(i64, Vec<i64>)>> {
        let rows = self
            .0
            .prepare_cached(MERGED_INTO)?
            .query_map(params![kind, norm_name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(i64, Option<i64>)>>>()?;
        Ok(merged_into(&rows))
    }

    async fn record_merged_mention(&mut self, merge_id: i64, mention_id: i64) -> Result<()> {
        self.0
            .prepare_cached(MERGED_MENTION)?
            .execute(params![merge_id, mention_id])?;
        Ok(())
    }

    async fn record_merged_participant(
        &mut self,
        merge_id: i64,
        event_id: i64,
        role: &str,
    ) -> Result<()> {
        self.0
            .prepare_cached(MERGED_PARTICIPANT)?
            .execute(params![merge_id, event_id, role])?;
        Ok(())
    }

    async fn record_merged_alias(
        &mut self,
        merge_id: i64,
        alias: &str,
        norm_alias: &str,
        added: bool,
    ) -> Result<()> {
        self.0.prepare_cached(MERGED_ALIAS)?.execute(params![
            merge_id,
            alias,
            norm_alias,
            added as i64
        ])?;
        Ok(())
    }

    async fn record_auto_merge(&mut self, m: &AutoMerge<'_>) -> Result<i64> {
        Ok(self.0.prepare_cached(AUTO_MERGE)?.query_row(
            params![
                m.kept_id,
                m.name,
                m.norm_name,
                m.country,
                m.title,
                m.reason,
                m.created_at
            ],
            |r| r.get(0),
        )?)
    }
}
