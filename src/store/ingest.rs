//! Storing one article with everything extracted from it, in one transaction.
//!
//! The statements run natively (rusqlite on the pool connection's own handle, as the graph
//! loader does): through sqlx every statement is a round trip to its worker thread, and the
//! hundred or so statements of one article made ingest spend most of its time switching
//! threads.

use chrono::Utc;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ids::{NEXT_ARTICLE_ID, NEXT_EVENT_ID};
use super::terms::fold_name as fold;
use super::{Result, Store};
use crate::article::{Article, DatePrecision, Published};
use crate::extract::{Entity, EntityKind, Event, Extraction};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EventOutcome {
    pub id: i64,
    pub kind: String,
    /// True when the event was already stored from another article and gained evidence.
    pub merged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IngestOutcome {
    pub article_id: i64,
    /// False when the article (same url or same text) was already stored: nothing changed.
    pub created: bool,
    pub events: Vec<EventOutcome>,
}

/// SHA-256 of the article text: the identity of an article without a url.
pub fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores an article and its extraction. Idempotent: an article already stored (by url or
    /// by content) is left as it is and its id returned.
    pub async fn ingest(
        &self,
        article: &Article,
        extraction: &Extraction,
    ) -> Result<IngestOutcome> {
        let mut connection = self.pool.acquire().await?;
        let mut handle = connection.lock_handle().await?;
        // SAFETY: while `handle` is held, sqlx's worker makes no call on this connection, so
        // this thread has it alone; `from_handle` leaves the connection open when dropped.
        let mut db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }?;
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = write_article(&tx, article, extraction)?;
        // Dropped without commit (on an error above), the transaction rolls back.
        tx.commit()?;
        Ok(outcome)
    }

    /// Stores several articles in one transaction, each under its own savepoint: an article
    /// that fails leaves nothing behind and the others are kept, and a crash loses the whole
    /// batch or nothing. One commit for many articles is what makes bulk ingest fast.
    pub async fn ingest_batch(
        &self,
        items: &[(Article, Extraction)],
    ) -> Result<Vec<Result<IngestOutcome>>> {
        self.native(|db| {
            let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut outcomes = Vec::with_capacity(items.len());
            for (article, extraction) in items {
                let savepoint = tx.savepoint()?;
                match write_article(&savepoint, article, extraction) {
                    Ok(outcome) => {
                        savepoint.commit()?;
                        outcomes.push(Ok(outcome));
                    }
                    // Dropped, the savepoint rolls back this article alone.
                    Err(e) => outcomes.push(Err(e.into())),
                }
            }
            tx.commit()?;
            Ok(outcomes)
        })
        .await
    }
}

fn write_article(
    tx: &rusqlite::Connection,
    article: &Article,
    extraction: &Extraction,
) -> rusqlite::Result<IngestOutcome> {
    let hash = content_hash(&article.text);
    if let Some(article_id) = existing_article(tx, article.url.as_deref(), &hash)? {
        return Ok(IngestOutcome {
            article_id,
            created: false,
            events: article_events(tx, article_id)?,
        });
    }
    let article_id = insert_article(tx, article, extraction.published.as_ref(), &hash)?;
    let mut entity_ids = Vec::with_capacity(extraction.entities.len());
    for entity in &extraction.entities {
        entity_ids.push(upsert_entity(tx, entity)?);
    }
    let mut insert_mention = tx.prepare_cached(
        "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, form) VALUES (?, ?, ?, ?, ?, ?)",
    )?;
    for m in &extraction.mentions {
        let form = serde_json::to_value(m.form)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        insert_mention.execute(params![
            article_id,
            entity_ids[m.entity],
            m.start as i64,
            m.end as i64,
            m.text,
            form
        ])?;
    }
    let mut events = Vec::with_capacity(extraction.events.len());
    for event in &extraction.events {
        events.push(store_event(tx, article_id, event, &entity_ids)?);
    }
    Ok(IngestOutcome {
        article_id,
        created: true,
        events,
    })
}

fn existing_article(
    tx: &rusqlite::Connection,
    url: Option<&str>,
    hash: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached(
        "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?) LIMIT 1",
    )?
    .query_row(params![hash, url], |r| r.get(0))
    .optional()
}

fn article_events(
    tx: &rusqlite::Connection,
    article_id: i64,
) -> rusqlite::Result<Vec<EventOutcome>> {
    let mut statement = tx.prepare_cached("SELECT DISTINCT e.id, e.kind FROM events e JOIN event_evidence v ON v.event_id = e.id WHERE v.article_id = ? ORDER BY e.id")?;
    let rows = statement.query_map([article_id], |r| {
        Ok(EventOutcome {
            id: r.get(0)?,
            kind: r.get(1)?,
            merged: false,
        })
    })?;
    rows.collect()
}

/// `published` is the extraction's: the article's own date, or one found in the page.
fn insert_article(
    tx: &rusqlite::Connection,
    article: &Article,
    published: Option<&Published>,
    hash: &str,
) -> rusqlite::Result<i64> {
    let precision = published.map(|p| match p.precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
    });
    tx.prepare_cached(&format!(
        "INSERT INTO articles (id, url, content_hash, source, title, published, published_precision, published_from, text, ingested_at) \
         VALUES ({NEXT_ARTICLE_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    ))?
    .query_row(
        params![
            article.url.as_deref(),
            hash,
            article.source.as_deref(),
            article.title.as_deref(),
            published.map(|p| p.value.as_str()),
            precision,
            published.map(|p| p.from),
            article.text,
            Utc::now().to_rfc3339()
        ],
        |r| r.get(0),
    )
}

/// The key an entity is merged on across articles: countries by ISO code, everything else by
/// folded name.
fn entity_key(entity: &Entity) -> String {
    match (entity.kind, &entity.country) {
        (EntityKind::Country, Some(code)) => code.to_lowercase(),
        _ => fold(&entity.name),
    }
}

/// Finds the stored entity (by key, else by a unique alias of the same kind) or creates it;
/// fills in title and country when the stored row lacks them; records aliases.
fn upsert_entity(tx: &rusqlite::Connection, entity: &Entity) -> rusqlite::Result<i64> {
    let key = entity_key(entity);
    let kind = entity.kind.as_str();
    let mut id: Option<i64> = tx
        .prepare_cached("SELECT id FROM entities WHERE kind = ? AND norm_name = ?")?
        .query_row(params![kind, key], |r| r.get(0))
        .optional()?;
    if id.is_none() && entity.kind == EntityKind::Person {
        let mut statement = tx.prepare_cached(
            "SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE e.kind = 'person' AND a.norm_alias = ? LIMIT 2",
        )?;
        let matches: Vec<i64> = statement
            .query_map([&key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // An alias shared by two people ("Smith") says nothing.
        if let [only] = matches[..] {
            id = Some(only);
        }
    }
    let id = match id {
        Some(id) => {
            tx.prepare_cached("UPDATE entities SET title = COALESCE(title, ?), country = COALESCE(country, ?) WHERE id = ?")?
                .execute(params![entity.title.as_deref(), entity.country.as_deref(), id])?;
            id
        }
        None => tx
            .prepare_cached("INSERT INTO entities (kind, name, norm_name, country, title) VALUES (?, ?, ?, ?, ?) RETURNING id")?
            .query_row(
                params![kind, entity.name, key, entity.country.as_deref(), entity.title.as_deref()],
                |r| r.get(0),
            )?,
    };
    let mut insert_alias = tx.prepare_cached(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm_alias) VALUES (?, ?, ?)",
    )?;
    for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
        let norm = fold(alias);
        if norm.is_empty() {
            continue;
        }
        insert_alias.execute(params![id, alias, norm])?;
    }
    Ok(id)
}

/// Stores an event, or adds evidence to the same event stored from another article (same
/// kind, same participants, same date).
fn store_event(
    tx: &rusqlite::Connection,
    article_id: i64,
    event: &Event,
    entity_ids: &[i64],
) -> rusqlite::Result<EventOutcome> {
    let mut participants: Vec<(i64, &str)> = event
        .participants
        .iter()
        .map(|p| (entity_ids[p.entity], p.role.as_str()))
        .collect();
    participants.sort_unstable();
    participants.dedup_by_key(|p| p.0);
    let date_value = event.date.as_ref().map(|d| d.value.to_string());
    let merge_key = if participants.is_empty() {
        // Nobody to recognise it by: the event stays with its article.
        format!(
            "{}|article {}|{}",
            event.kind,
            article_id,
            date_value.as_deref().unwrap_or("")
        )
    } else {
        let ids: Vec<String> = participants.iter().map(|(id, _)| id.to_string()).collect();
        format!(
            "{}|{}|{}",
            event.kind,
            ids.join(","),
            date_value.as_deref().unwrap_or("")
        )
    };
    let range = event.date.as_ref().and_then(|d| d.value.range());
    let inserted: Option<i64> = tx
        .prepare_cached(&format!(
            "INSERT INTO events (id, kind, status, date_value, date_precision, date_start, date_end, date_text, place, confidence, cameo, plover, merge_key, created_at) \
             VALUES ({NEXT_EVENT_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merge_key) DO NOTHING RETURNING id",
        ))?
        .query_row(
            params![
                event.kind.as_str(),
                event.status.as_str(),
                date_value,
                event.date.as_ref().map(|d| precision_name(d.precision())),
                range.map(|r| r.0.to_string()),
                range.map(|r| r.1.to_string()),
                event.date.as_ref().and_then(|d| d.text.as_deref()),
                event.place.as_deref(),
                event.confidence,
                event.cameo.as_deref(),
                event.plover,
                merge_key,
                Utc::now().to_rfc3339()
            ],
            |r| r.get(0),
        )
        .optional()?;
    let (id, merged) = match inserted {
        Some(id) => (id, false),
        None => {
            let id: i64 = tx
                .prepare_cached("SELECT id FROM events WHERE merge_key = ?")?
                .query_row([&merge_key], |r| r.get(0))?;
            // More sources make the event surer; a place learnt later fills the gap.
            tx.prepare_cached("UPDATE events SET confidence = MAX(confidence, ?), place = COALESCE(place, ?) WHERE id = ?")?
                .execute(params![event.confidence, event.place.as_deref(), id])?;
            (id, true)
        }
    };
    if !merged {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO event_participants (event_id, entity_id, role) VALUES (?, ?, ?)",
        )?;
        for (entity_id, role) in &participants {
            insert.execute(params![id, entity_id, role])?;
        }
    }
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO event_evidence (event_id, article_id, start, \"end\", sentence) VALUES (?, ?, ?, ?, ?)")?;
    for ev in &event.evidence {
        insert.execute(params![
            id,
            article_id,
            ev.start as i64,
            ev.end as i64,
            ev.text
        ])?;
    }
    Ok(EventOutcome {
        id,
        kind: event.kind.as_str().to_string(),
        merged,
    })
}

pub fn precision_name(p: crate::extract::Precision) -> &'static str {
    use crate::extract::Precision::*;
    match p {
        Day => "day",
        Week => "week",
        Month => "month",
        Season => "season",
        Quarter => "quarter",
        Year => "year",
    }
}
