//! Storing one article with everything extracted from it: the rules, the same on both engines.
//!
//! `write_article` decides what an article is (its url or its text), which stored entity a
//! name is, and which stored event a report is; each engine supplies the statements through
//! `ArticleWriter`, inside a transaction it opened (see `sqlite::ingest` and
//! `postgres::ingest`).

use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::person_names::{compatible, countries_agree, PersonName};
use super::terms::fold_name as fold;
use super::{GraphChange, Result, Store};
use crate::article::{Article, DatePrecision};
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

/// An article row to insert.
pub(super) struct NewArticle<'a> {
    pub url: Option<&'a str>,
    pub content_hash: &'a str,
    pub source: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub published_precision: Option<&'static str>,
    pub published_from: Option<&'a str>,
    pub text: &'a str,
    pub ingested_at: &'a str,
}

/// An entity row to insert.
pub(super) struct NewEntity<'a> {
    pub kind: &'static str,
    pub name: &'a str,
    pub norm_name: &'a str,
    pub country: Option<&'a str>,
    pub title: Option<&'a str>,
}

/// A stored person, as cross-article resolution compares it.
pub(super) struct StoredPerson {
    pub id: i64,
    pub norm_name: String,
    pub country: Option<String>,
}

/// More people of one surname than this are read as too many to tell apart.
pub(super) const SURNAME_CANDIDATES: i64 = 50;

/// An event row to insert.
pub(super) struct NewEvent<'a> {
    pub kind: &'static str,
    pub status: &'static str,
    pub date_value: Option<String>,
    pub date_precision: Option<&'static str>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_text: Option<&'a str>,
    pub place: Option<&'a str>,
    pub confidence: f64,
    pub cameo: Option<&'a str>,
    pub plover: &'a str,
    pub merge_key: &'a str,
    pub created_at: &'a str,
}

/// The statements of storing an article, as one engine runs them inside its transaction.
/// The SQLite writer never waits (its statements run on the calling thread), so its futures
/// are ready at once.
pub(super) trait ArticleWriter {
    /// The stored article with this url or this text.
    async fn find_article(&mut self, url: Option<&str>, hash: &str) -> Result<Option<i64>>;
    /// The events a stored article reports, by id.
    async fn article_events(&mut self, article_id: i64) -> Result<Vec<EventOutcome>>;
    /// `None` when another writer stored the same article meanwhile.
    async fn insert_article(&mut self, row: &NewArticle<'_>) -> Result<Option<i64>>;
    async fn entity_by_key(&mut self, kind: &str, norm_name: &str) -> Result<Option<i64>>;
    /// Up to two people one of whose aliases folds to `norm_alias`.
    async fn people_by_alias(&mut self, norm_alias: &str) -> Result<Vec<i64>>;
    /// People whose folded name ends with the word `surname`: at most one more than
    /// `SURNAME_CANDIDATES`, so the caller can tell when there are too many.
    async fn people_by_surname(&mut self, surname: &str) -> Result<Vec<StoredPerson>>;
    /// Sets title and country where the stored row has none.
    async fn fill_entity(
        &mut self,
        id: i64,
        title: Option<&str>,
        country: Option<&str>,
    ) -> Result<()>;
    /// `None` when another writer stored the same entity meanwhile.
    async fn insert_entity(&mut self, row: &NewEntity<'_>) -> Result<Option<i64>>;
    /// Records an alias; an alias already recorded is left as it is. Whether it was new.
    async fn add_alias(&mut self, entity_id: i64, alias: &str, norm_alias: &str) -> Result<bool>;
    async fn insert_mention(
        &mut self,
        article_id: i64,
        entity_id: i64,
        span: (i64, i64),
        text: &str,
        form: &str,
    ) -> Result<i64>;
    /// `None` when an event with the same merge key is stored already.
    async fn insert_event(&mut self, row: &NewEvent<'_>) -> Result<Option<i64>>;
    async fn event_by_merge_key(&mut self, merge_key: &str) -> Result<i64>;
    /// Another report of a stored event: the higher confidence, and a place if it had none.
    async fn merge_event(&mut self, id: i64, confidence: f64, place: Option<&str>) -> Result<()>;
    /// Records a participant; one already recorded is left as it is.
    async fn add_participant(&mut self, event_id: i64, entity_id: i64, role: &str) -> Result<()>;
    /// Records evidence; the same sentence of the same article again is left as it is.
    async fn add_evidence(
        &mut self,
        event_id: i64,
        article_id: i64,
        span: (i64, i64),
        sentence: &str,
    ) -> Result<()>;
    /// Appends to the log other servers follow their graphs by (see `changes`).
    async fn log_change(&mut self, change: GraphChange) -> Result<()>;
    /// The entity a name of a merged entity now belongs to, and the merges that took it
    /// there (see `merges::MERGED_INTO`).
    async fn merged_into(&mut self, kind: &str, norm_name: &str)
        -> Result<Option<(i64, Vec<i64>)>>;
    /// Records with a merge a mention made under the merged entity's name.
    async fn record_merged_mention(&mut self, merge_id: i64, mention_id: i64) -> Result<()>;
    /// Records with a merge a participation given under the merged entity's name.
    async fn record_merged_participant(
        &mut self,
        merge_id: i64,
        event_id: i64,
        role: &str,
    ) -> Result<()>;
    /// Records with a merge an alias given under the merged entity's name; `added`: the
    /// entity had no such alias before (a split takes it away again).
    async fn record_merged_alias(
        &mut self,
        merge_id: i64,
        alias: &str,
        norm_alias: &str,
        added: bool,
    ) -> Result<()>;
    /// Records that a new name was resolved to a stored person, and why; the merge's id.
    async fn record_auto_merge(&mut self, merge: &AutoMerge<'_>) -> Result<i64>;
}

/// A name resolved to a stored person at ingest, for the record of merges.
pub(super) struct AutoMerge<'a> {
    pub kept_id: i64,
    pub name: &'a str,
    pub norm_name: &'a str,
    pub country: Option<&'a str>,
    pub title: Option<&'a str>,
    pub reason: &'a str,
    pub created_at: &'a str,
}

impl Store {
    /// Stores an article and its extraction. Idempotent: an article already stored (by url or
    /// by content) is left as it is and its id returned.
    pub async fn ingest(
        &self,
        article: &Article,
        extraction: &Extraction,
    ) -> Result<IngestOutcome> {
        match &self.engine {
            super::Engine::Sqlite(pool) => {
                super::sqlite::ingest::ingest(pool, article, extraction).await
            }
            super::Engine::Postgres(pool) => {
                super::postgres::ingest::ingest(pool, article, extraction).await
            }
        }
    }

    /// Stores several articles in one transaction, each under its own savepoint: an article
    /// that fails leaves nothing behind and the others are kept, and a crash loses the whole
    /// batch or nothing. One commit for many articles is what makes bulk ingest fast.
    pub async fn ingest_batch(
        &self,
        items: &[(Article, Extraction)],
    ) -> Result<Vec<Result<IngestOutcome>>> {
        match &self.engine {
            super::Engine::Sqlite(pool) => super::sqlite::ingest::ingest_batch(pool, items).await,
            super::Engine::Postgres(pool) => {
                super::postgres::ingest::ingest_batch(pool, items).await
            }
        }
    }
}

/// Stores one article through `w`, inside the transaction (or savepoint) `w` writes in.
pub(super) async fn write_article(
    w: &mut impl ArticleWriter,
    article: &Article,
    extraction: &Extraction,
) -> Result<IngestOutcome> {
    let hash = content_hash(&article.text);
    if let Some(article_id) = w.find_article(article.url.as_deref(), &hash).await? {
        return known_article(w, article_id).await;
    }
    let published = extraction.published.as_ref();
    let now = Utc::now().to_rfc3339();
    let row = NewArticle {
        url: article.url.as_deref(),
        content_hash: &hash,
        source: article.source.as_deref(),
        title: article.title.as_deref(),
        published: published.map(|p| p.value.as_str()),
        published_precision: published.map(|p| match p.precision {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
        }),
        published_from: published.map(|p| p.from),
        text: &article.text,
        ingested_at: &now,
    };
    let Some(article_id) = w.insert_article(&row).await? else {
        // Another writer stored it between the look-up and the insert: it is known now.
        let article_id = w
            .find_article(article.url.as_deref(), &hash)
            .await?
            .ok_or_else(|| super::StoreError::Write("a conflicting article vanished".into()))?;
        return known_article(w, article_id).await;
    };
    // Per entity of the extraction: its stored id, and the merges still in force its name was
    // resolved through (empty when it names its entity directly).
    let mut entity_ids = Vec::with_capacity(extraction.entities.len());
    let mut through = Vec::with_capacity(extraction.entities.len());
    for entity in &extraction.entities {
        let (id, merges) = upsert_entity(w, entity).await?;
        entity_ids.push(id);
        through.push(merges);
    }
    for m in &extraction.mentions {
        let form = serde_json::to_value(m.form)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let span = (m.start as i64, m.end as i64);
        let mention = w
            .insert_mention(article_id, entity_ids[m.entity], span, &m.text, &form)
            .await?;
        // A split of the merge gives the mention back to the merged entity.
        for &merge_id in &through[m.entity] {
            w.record_merged_mention(merge_id, mention).await?;
        }
    }
    let mut events: Vec<EventOutcome> = Vec::with_capacity(extraction.events.len());
    for event in &extraction.events {
        let outcome = store_event(w, article_id, event, &entity_ids, &through, &now).await?;
        // One article may report one event twice: one entry in the log is enough.
        if !events.iter().any(|e| e.id == outcome.id) {
            w.log_change(GraphChange::Event(outcome.id)).await?;
        }
        events.push(outcome);
    }
    Ok(IngestOutcome {
        article_id,
        created: true,
        events,
    })
}

async fn known_article(w: &mut impl ArticleWriter, article_id: i64) -> Result<IngestOutcome> {
    Ok(IngestOutcome {
        article_id,
        created: false,
        events: w.article_events(article_id).await?,
    })
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
/// fills in title and country when the stored row lacks them (not from a name resolved
/// through a merge, which a split would have to take back); records aliases. With the id,
/// the merges in force the name was resolved through (see `merges::merged_into`): a name
/// joined to a stored person by alias or name evidence is such a merge too, recorded here, so
/// that an analyst can see why and split it off again.
async fn upsert_entity(w: &mut impl ArticleWriter, entity: &Entity) -> Result<(i64, Vec<i64>)> {
    let key = entity_key(entity);
    let kind = entity.kind.as_str();
    let mut id = w.entity_by_key(kind, &key).await?;
    let mut through = Vec::new();
    if id.is_none() {
        // A name merged away, or joined to a stored person before, stays with that entity.
        if let Some((kept, merges)) = w.merged_into(kind, &key).await? {
            id = Some(kept);
            through = merges;
        }
    }
    if id.is_none() && entity.kind == EntityKind::Person {
        if let Some((person, reason)) = same_person(w, entity, &key).await? {
            let merge_id = w
                .record_auto_merge(&AutoMerge {
                    kept_id: person,
                    name: &entity.name,
                    norm_name: &key,
                    country: entity.country.as_deref(),
                    title: entity.title.as_deref(),
                    reason: &reason,
                    created_at: &Utc::now().to_rfc3339(),
                })
                .await?;
            id = Some(person);
            through = vec![merge_id];
        }
    }
    let row = NewEntity {
        kind,
        name: &entity.name,
        norm_name: &key,
        country: entity.country.as_deref(),
        title: entity.title.as_deref(),
    };
    let id = match id {
        // A name resolved through a merge does not lend its title and country to the entity
        // it joined: a split could not tell them from the entity's own.
        Some(id) if !through.is_empty() => id,
        Some(id) => {
            w.fill_entity(id, row.title, row.country).await?;
            id
        }
        None => match w.insert_entity(&row).await? {
            Some(id) => id,
            // Another writer created it meanwhile: use theirs.
            None => {
                let id = w.entity_by_key(kind, &key).await?.ok_or_else(|| {
                    super::StoreError::Write("a conflicting entity vanished".into())
                })?;
                w.fill_entity(id, row.title, row.country).await?;
                id
            }
        },
    };
    for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
        let norm = fold(alias);
        if norm.is_empty() {
            continue;
        }
        let added = w.add_alias(id, alias, &norm).await?;
        // A split of the merge gives the alias to the entity it restores.
        for &merge_id in &through {
            w.record_merged_alias(merge_id, alias, &norm, added).await?;
        }
    }
    Ok((id, through))
}

/// The one stored person a new person's name is, and why: a unique alias ("Smith" shared by
/// two people says nothing), else name evidence (see `same_person_by_name`).
async fn same_person(
    w: &mut impl ArticleWriter,
    entity: &Entity,
    key: &str,
) -> Result<Option<(i64, String)>> {
    if let [only] = w.people_by_alias(key).await?[..] {
        return Ok(Some((only, format!("{key} is an alias of this person"))));
    }
    same_person_by_name(w, entity, key).await
}

/// The one stored person whose name fits `key` (see `person_names`) and whose country does not
/// conflict, with the rule's reason; `None` when none fits or several do. A lone surname on
/// either side says the least, so it is taken only when that surname belongs to one stored
/// person alone.
async fn same_person_by_name(
    w: &mut impl ArticleWriter,
    entity: &Entity,
    key: &str,
) -> Result<Option<(i64, String)>> {
    let Some(name) = PersonName::parse(key) else {
        return Ok(None);
    };
    let stored = w.people_by_surname(name.surname).await?;
    if stored.len() as i64 > SURNAME_CANDIDATES {
        return Ok(None);
    }
    let mut fitting = stored.iter().filter_map(|person| {
        let other = PersonName::parse(&person.norm_name)?;
        let countries = countries_agree(entity.country.as_deref(), person.country.as_deref());
        let reason = compatible(&name, &other).filter(|_| countries)?;
        Some((person, other, reason))
    });
    let (Some((person, other, reason)), None) = (fitting.next(), fitting.next()) else {
        return Ok(None);
    };
    if (name.given.is_empty() || other.given.is_empty()) && stored.len() > 1 {
        return Ok(None);
    }
    tracing::debug!(entity = %entity.name, into = person.id, %reason, "same person as stored");
    Ok(Some((person.id, reason)))
}

/// The key an event is merged on across articles: kind, participant ids and date. An event
/// with nobody to recognise it by stays with its article.
fn merge_key(event: &Event, article_id: i64, participants: &[(i64, &str)]) -> String {
    let date = event
        .date
        .as_ref()
        .map(|d| d.value.to_string())
        .unwrap_or_default();
    if participants.is_empty() {
        format!("{}|article {}|{}", event.kind, article_id, date)
    } else {
        let ids: Vec<String> = participants.iter().map(|(id, _)| id.to_string()).collect();
        format!("{}|{}|{}", event.kind, ids.join(","), date)
    }
}

/// Stores an event, or adds evidence to the same event stored from another article (same
/// kind, same participants, same date).
async fn store_event(
    w: &mut impl ArticleWriter,
    article_id: i64,
    event: &Event,
    entity_ids: &[i64],
    through: &[Vec<i64>],
    now: &str,
) -> Result<EventOutcome> {
    let mut participants: Vec<(i64, &str)> = event
        .participants
        .iter()
        .map(|p| (entity_ids[p.entity], p.role.as_str()))
        .collect();
    participants.sort_unstable();
    participants.dedup_by_key(|p| p.0);
    let merge_key = merge_key(event, article_id, &participants);
    let range = event.date.as_ref().and_then(|d| d.value.range());
    let row = NewEvent {
        kind: event.kind.as_str(),
        status: event.status.as_str(),
        date_value: event.date.as_ref().map(|d| d.value.to_string()),
        date_precision: event.date.as_ref().map(|d| precision_name(d.precision())),
        date_start: range.map(|r| r.0.to_string()),
        date_end: range.map(|r| r.1.to_string()),
        date_text: event.date.as_ref().and_then(|d| d.text.as_deref()),
        place: event.place.as_deref(),
        confidence: event.confidence,
        cameo: event.cameo.as_deref(),
        plover: &event.plover,
        merge_key: &merge_key,
        created_at: now,
    };
    let (id, merged) = match w.insert_event(&row).await? {
        Some(id) => (id, false),
        None => {
            let id = w.event_by_merge_key(&merge_key).await?;
            // More sources make the event surer; a place learnt later fills the gap.
            w.merge_event(id, event.confidence, event.place.as_deref())
                .await?;
            (id, true)
        }
    };
    if !merged {
        for (entity_id, role) in &participants {
            w.add_participant(id, *entity_id, role).await?;
            // Named only under a merged entity's name: a split of the merge gives the
            // participation to the merged entity. (Named under the kept entity's own name
            // too, it stays with the kept entity.)
            let mut named = event
                .participants
                .iter()
                .filter(|p| entity_ids[p.entity] == *entity_id);
            if named.clone().all(|p| !through[p.entity].is_empty()) {
                if let Some(p) = named.next() {
                    for &merge_id in &through[p.entity] {
                        w.record_merged_participant(merge_id, id, role).await?;
                    }
                }
            }
        }
    }
    for ev in &event.evidence {
        w.add_evidence(id, article_id, (ev.start as i64, ev.end as i64), &ev.text)
            .await?;
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
