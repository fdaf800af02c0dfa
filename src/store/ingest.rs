//! Storing one article with everything extracted from it, in one transaction.

use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Row, Sqlite, Transaction};

use super::{date_range, Result, Store};
use crate::article::{Article, DatePrecision, Published};
use crate::extract::entities::fold;
use crate::extract::{Entity, EntityKind, Event, Extraction};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventOutcome {
    pub id: i64,
    pub kind: String,
    /// True when the event was already stored from another article and gained evidence.
    pub merged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        let hash = content_hash(&article.text);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(article_id) = existing_article(&mut tx, article.url.as_deref(), &hash).await? {
            let events = article_events(&mut tx, article_id).await?;
            tx.commit().await?;
            return Ok(IngestOutcome {
                article_id,
                created: false,
                events,
            });
        }
        let article_id =
            insert_article(&mut tx, article, extraction.published.as_ref(), &hash).await?;
        let mut entity_ids = Vec::with_capacity(extraction.entities.len());
        for entity in &extraction.entities {
            entity_ids.push(upsert_entity(&mut tx, entity).await?);
        }
        for m in &extraction.mentions {
            sqlx::query("INSERT INTO mentions (article_id, entity_id, start, \"end\", text, form) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(article_id)
                .bind(entity_ids[m.entity])
                .bind(m.start as i64)
                .bind(m.end as i64)
                .bind(&m.text)
                .bind(serde_json::to_value(m.form).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
                .execute(&mut *tx)
                .await?;
        }
        let mut events = Vec::with_capacity(extraction.events.len());
        for event in &extraction.events {
            events.push(store_event(&mut tx, article_id, event, &entity_ids).await?);
        }
        tx.commit().await?;
        Ok(IngestOutcome {
            article_id,
            created: true,
            events,
        })
    }
}

async fn existing_article(
    tx: &mut Transaction<'_, Sqlite>,
    url: Option<&str>,
    hash: &str,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?) LIMIT 1",
    )
    .bind(hash)
    .bind(url)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.get(0)))
}

async fn article_events(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
) -> Result<Vec<EventOutcome>> {
    let rows = sqlx::query("SELECT DISTINCT e.id, e.kind FROM events e JOIN event_evidence v ON v.event_id = e.id WHERE v.article_id = ? ORDER BY e.id")
        .bind(article_id)
        .fetch_all(&mut **tx)
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

/// `published` is the extraction's: the article's own date, or one found in the page.
async fn insert_article(
    tx: &mut Transaction<'_, Sqlite>,
    article: &Article,
    published: Option<&Published>,
    hash: &str,
) -> Result<i64> {
    let precision = published.map(|p| match p.precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
    });
    let row = sqlx::query(
        "INSERT INTO articles (url, content_hash, source, title, published, published_precision, published_from, text, ingested_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(article.url.as_deref())
    .bind(hash)
    .bind(article.source.as_deref())
    .bind(article.title.as_deref())
    .bind(published.map(|p| p.value.as_str()))
    .bind(precision)
    .bind(published.map(|p| p.from))
    .bind(&article.text)
    .bind(Utc::now().to_rfc3339())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.get(0))
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
async fn upsert_entity(tx: &mut Transaction<'_, Sqlite>, entity: &Entity) -> Result<i64> {
    let key = entity_key(entity);
    let kind = entity.kind.as_str();
    let mut id: Option<i64> =
        sqlx::query("SELECT id FROM entities WHERE kind = ? AND norm_name = ?")
            .bind(kind)
            .bind(&key)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.get(0));
    if id.is_none() && entity.kind == EntityKind::Person {
        let matches: Vec<i64> = sqlx::query(
            "SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE e.kind = 'person' AND a.norm_alias = ? LIMIT 2",
        )
        .bind(&key)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
        // An alias shared by two people ("Smith") says nothing.
        if let [only] = matches[..] {
            id = Some(only);
        }
    }
    let id = match id {
        Some(id) => {
            sqlx::query("UPDATE entities SET title = COALESCE(title, ?), country = COALESCE(country, ?) WHERE id = ?")
                .bind(entity.title.as_deref())
                .bind(entity.country.as_deref())
                .bind(id)
                .execute(&mut **tx)
                .await?;
            id
        }
        None => sqlx::query("INSERT INTO entities (kind, name, norm_name, country, title) VALUES (?, ?, ?, ?, ?) RETURNING id")
            .bind(kind)
            .bind(&entity.name)
            .bind(&key)
            .bind(entity.country.as_deref())
            .bind(entity.title.as_deref())
            .fetch_one(&mut **tx)
            .await?
            .get(0),
    };
    for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
        let norm = fold(alias);
        if norm.is_empty() {
            continue;
        }
        sqlx::query(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm_alias) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(alias)
        .bind(norm)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Stores an event, or adds evidence to the same event stored from another article (same
/// kind, same participants, same date).
async fn store_event(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    event: &Event,
    entity_ids: &[i64],
) -> Result<EventOutcome> {
    let mut participants: Vec<(i64, &str)> = event
        .participants
        .iter()
        .map(|p| (entity_ids[p.entity], p.role.as_str()))
        .collect();
    participants.sort_unstable();
    participants.dedup_by_key(|p| p.0);
    let date_value = event.date.as_ref().map(|d| d.value.as_str());
    let merge_key = if participants.is_empty() {
        // Nobody to recognise it by: the event stays with its article.
        format!(
            "{}|article {}|{}",
            event.kind,
            article_id,
            date_value.unwrap_or("")
        )
    } else {
        let ids: Vec<String> = participants.iter().map(|(id, _)| id.to_string()).collect();
        format!(
            "{}|{}|{}",
            event.kind,
            ids.join(","),
            date_value.unwrap_or("")
        )
    };
    let range = date_value.and_then(date_range);
    let inserted = sqlx::query(
        "INSERT INTO events (kind, status, date_value, date_precision, date_start, date_end, date_text, place, confidence, cameo, plover, merge_key, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merge_key) DO NOTHING RETURNING id",
    )
    .bind(&event.kind)
    .bind(event.status.as_str())
    .bind(date_value)
    .bind(event.date.as_ref().map(|d| precision_name(d.precision)))
    .bind(range.map(|r| r.0.to_string()))
    .bind(range.map(|r| r.1.to_string()))
    .bind(event.date.as_ref().and_then(|d| d.text.as_deref()))
    .bind(event.place.as_deref())
    .bind(event.confidence)
    .bind(event.cameo.as_deref())
    .bind(&event.plover)
    .bind(&merge_key)
    .bind(Utc::now().to_rfc3339())
    .fetch_optional(&mut **tx)
    .await?;
    let (id, merged) = match inserted {
        Some(row) => (row.get::<i64, _>(0), false),
        None => {
            let id: i64 = sqlx::query("SELECT id FROM events WHERE merge_key = ?")
                .bind(&merge_key)
                .fetch_one(&mut **tx)
                .await?
                .get(0);
            // More sources make the event surer; a place learnt later fills the gap.
            sqlx::query("UPDATE events SET confidence = MAX(confidence, ?), place = COALESCE(place, ?) WHERE id = ?")
                .bind(event.confidence)
                .bind(event.place.as_deref())
                .bind(id)
                .execute(&mut **tx)
                .await?;
            (id, true)
        }
    };
    if !merged {
        for (entity_id, role) in &participants {
            sqlx::query("INSERT OR IGNORE INTO event_participants (event_id, entity_id, role) VALUES (?, ?, ?)")
                .bind(id)
                .bind(entity_id)
                .bind(role)
                .execute(&mut **tx)
                .await?;
        }
    }
    for ev in &event.evidence {
        sqlx::query("INSERT OR IGNORE INTO event_evidence (event_id, article_id, start, \"end\", sentence) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(article_id)
            .bind(ev.start as i64)
            .bind(ev.end as i64)
            .bind(&ev.text)
            .execute(&mut **tx)
            .await?;
    }
    Ok(EventOutcome {
        id,
        kind: event.kind.clone(),
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
