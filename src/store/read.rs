//! Read models: events with participants and evidence, articles, entities and timelines.
//! Lists use keyset pagination (a cursor naming the last row seen), never OFFSET.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::{Encode, QueryBuilder, Row, Type};

use super::engine::{on_engine, Dialect, Engine};
use super::terms::fold_name as fold;
use super::{Result, Store, StoreError};

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct DateView {
    pub value: String,
    pub precision: String,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ParticipantView {
    pub entity: i64,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub title: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct EvidenceView {
    pub article: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub url: Option<String>,
}

/// An event in the shape of the design's event JSON.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct EventView {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub date: Option<DateView>,
    pub place: Option<String>,
    pub participants: Vec<ParticipantView>,
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub confidence: f64,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventPage {
    pub events: Vec<EventView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub type TimelinePage = EventPage;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleView {
    pub id: i64,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_from: Option<String>,
    pub ingested_at: String,
    pub text: String,
    pub events: Vec<EventView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntityCounts {
    pub mentions: i64,
    pub articles: i64,
    pub events: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntityView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
    pub title: Option<String>,
    pub aliases: Vec<String>,
    pub counts: EntityCounts,
}

/// Filters of the event list; every field optional.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Events of any of these kinds; every kind when empty.
    pub kinds: Vec<String>,
    pub status: Option<String>,
    /// Events in which any of these entities takes part.
    pub entities: Option<Vec<i64>>,
    /// Events in which every one of these entities takes part (a pair's timeline).
    pub all_of: Vec<i64>,
    /// ISO alpha-2: events with a participant of that country (or the country itself).
    pub country: Option<String>,
    /// Inclusive bounds, YYYY-MM-DD: events whose date range overlaps them.
    pub from: Option<String>,
    pub to: Option<String>,
}

const EVENT_COLUMNS: &str =
    "e.id, e.kind, e.status, e.date_value, e.date_precision, e.date_text, e.place, e.cameo, e.plover, e.confidence";

impl Store {
    /// Events by id, with participants and evidence, in the order given.
    pub async fn events_by_id(&self, ids: &[i64]) -> Result<Vec<EventView>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        match &self.engine {
            // Read natively: a page of events is a few hundred rows and values, and sqlx
            // spends microseconds on each.
            Engine::Sqlite(pool) => {
                let ids_json = id_array(ids);
                super::sqlite::native(pool, |db| Ok(read_events(db, ids, &ids_json)?)).await
            }
            Engine::Postgres(pool) => super::postgres::events::read_events(pool, ids).await,
        }
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventView>> {
        Ok(self.events_by_id(&[id]).await?.pop())
    }

    /// Events matching the filter, by ascending id after `cursor`.
    pub async fn list_events(
        &self,
        filter: &EventFilter,
        cursor: Option<i64>,
        limit: u32,
    ) -> Result<EventPage> {
        let mut ids: Vec<i64> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new("SELECT e.id FROM events e WHERE 1 = 1");
            push_filter(&mut q, filter);
            if let Some(cursor) = cursor {
                q.push(" AND e.id > ").push_bind(cursor);
            }
            q.push(" ORDER BY e.id LIMIT ").push_bind(limit as i64 + 1);
            q.build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect()
        });
        let next_cursor = (ids.len() > limit as usize).then(|| {
            ids.truncate(limit as usize);
            ids.last().map(|id| id.to_string())
        });
        Ok(EventPage {
            events: self.events_by_id(&ids).await?,
            next_cursor: next_cursor.flatten(),
        })
    }

    /// Dated events in date order (then id), after `cursor` ("YYYY-MM-DD,id").
    pub async fn timeline(
        &self,
        filter: &EventFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<TimelinePage> {
        let cursor = cursor.map(parse_timeline_cursor).transpose()?;
        let mut rows: Vec<(i64, String)> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(
                "SELECT e.id, e.date_start FROM events e WHERE e.date_start IS NOT NULL",
            );
            push_filter(&mut q, filter);
            if let Some((date, id)) = &cursor {
                q.push(" AND (e.date_start > ").push_bind(date.clone());
                q.push(" OR (e.date_start = ")
                    .push_bind(date.clone())
                    .push(" AND e.id > ")
                    .push_bind(*id)
                    .push("))");
            }
            q.push(" ORDER BY e.date_start, e.id LIMIT ")
                .push_bind(limit as i64 + 1);
            q.build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()
        });
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(id, date)| format!("{date},{id}"))
        } else {
            None
        };
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        Ok(EventPage {
            events: self.events_by_id(&ids).await?,
            next_cursor,
        })
    }

    pub async fn article(&self, id: i64) -> Result<Option<ArticleView>> {
        let found = on_engine!(self, |pool, DB| {
            let Some(r) = sqlx::query("SELECT id, url, source, title, published, published_from, ingested_at, text FROM articles WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
            else {
                return Ok(None);
            };
            let article = ArticleView {
                id: r.get(0),
                url: r.get(1),
                source: r.get(2),
                title: r.get(3),
                published: r.get(4),
                published_from: r.get(5),
                ingested_at: r.get(6),
                text: r.get(7),
                events: Vec::new(),
            };
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT event_id FROM event_evidence WHERE article_id = $1 ORDER BY event_id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            (article, ids)
        });
        let (mut article, ids) = found;
        article.events = self.events_by_id(&ids).await?;
        Ok(Some(article))
    }

    pub async fn entity(&self, id: i64) -> Result<Option<EntityView>> {
        on_engine!(self, |pool, DB| {
            let Some(r) =
                sqlx::query("SELECT id, kind, name, country, title FROM entities WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
            else {
                return Ok(None);
            };
            let aliases: Vec<String> = sqlx::query_scalar(
                "SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY alias",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let counts = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM mentions WHERE entity_id = $1), \
                        (SELECT COUNT(DISTINCT article_id) FROM mentions WHERE entity_id = $1), \
                        (SELECT COUNT(*) FROM event_participants WHERE entity_id = $1)",
            )
            .bind(id)
            .fetch_one(pool)
            .await?;
            Ok(Some(EntityView {
                id: r.get(0),
                kind: r.get(1),
                name: r.get(2),
                country: r.get(3),
                title: r.get(4),
                aliases,
                counts: EntityCounts {
                    mentions: counts.get(0),
                    articles: counts.get(1),
                    events: counts.get(2),
                },
            }))
        })
    }

    /// Entities whose name or an alias contains `q` (case and accents folded), those with most
    /// events first, then by id.
    pub async fn search_entities(
        &self,
        q: &str,
        kind: Option<&str>,
        limit: u32,
    ) -> Result<Vec<EntityView>> {
        self.search_entities_after(q, kind, None, limit).await
    }

    /// [`Store::search_entities`] after `after`, the (events, id) of the last entity of the
    /// previous page.
    pub async fn search_entities_after(
        &self,
        q: &str,
        kind: Option<&str>,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<EntityView>> {
        let pattern = format!("%{}%", escape_like(&fold(q)));
        let ids: Vec<i64> = on_engine!(self, |pool, DB| {
            let mut query =
                QueryBuilder::<DB>::new("SELECT n.id FROM entities n WHERE (n.norm_name LIKE ");
            query.push_bind(pattern.clone()).push(
                " ESCAPE '\\' OR n.id IN (SELECT entity_id FROM entity_aliases WHERE norm_alias LIKE ",
            );
            query.push_bind(pattern.clone()).push(" ESCAPE '\\'))");
            if let Some(kind) = kind {
                query.push(" AND n.kind = ").push_bind(kind.to_string());
            }
            if let Some((events, id)) = after {
                const EVENTS: &str =
                    "(SELECT COUNT(*) FROM event_participants p WHERE p.entity_id = n.id)";
                query.push(format!(" AND ({EVENTS} < "));
                query.push_bind(events);
                query.push(format!(" OR ({EVENTS} = "));
                query
                    .push_bind(events)
                    .push(" AND n.id > ")
                    .push_bind(id)
                    .push("))");
            }
            query.push(" ORDER BY (SELECT COUNT(*) FROM event_participants p WHERE p.entity_id = n.id) DESC, n.id LIMIT ").push_bind(limit as i64);
            query
                .build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect()
        });
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(e) = self.entity(id).await? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Entity ids a user-given reference names: a numeric id, else an exact name or alias
    /// (case and accents folded).
    /// The people whose surname (the last word of the folded name) is `surname`, folded:
    /// at most `limit`, those in most events first.
    pub async fn people_with_surname(&self, surname: &str, limit: i64) -> Result<Vec<i64>> {
        let ids = on_engine!(self, |pool, DB| {
            sqlx::query_scalar(
                "SELECT e.id FROM entities e WHERE e.kind = 'person' AND e.surname = $1 \
                 ORDER BY (SELECT count(*) FROM event_participants p WHERE p.entity_id = e.id) DESC, e.id \
                 LIMIT $2",
            )
            .bind(fold(surname))
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(ids)
    }

    pub async fn resolve_entity(&self, reference: &str) -> Result<Vec<i64>> {
        let ids = on_engine!(self, |pool, DB| {
            if let Ok(id) = reference.trim().parse::<i64>() {
                sqlx::query_scalar("SELECT id FROM entities WHERE id = $1")
                    .bind(id)
                    .fetch_all(pool)
                    .await?
            } else {
                sqlx::query_scalar(
                    "SELECT id FROM entities WHERE norm_name = $1 UNION SELECT entity_id FROM entity_aliases WHERE norm_alias = $1",
                )
                .bind(fold(reference))
                .fetch_all(pool)
                .await?
            }
        });
        Ok(ids)
    }
}

/// The ids as a JSON array, for `json_each`.
pub(super) fn id_array(ids: &[i64]) -> String {
    let mut json = String::with_capacity(ids.len() * 8 + 2);
    json.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&id.to_string());
    }
    json.push(']');
    json
}

/// The filter's conditions, each starting with ` AND `, on `events e`.
pub(super) fn push_filter<'a, DB>(q: &mut QueryBuilder<'a, DB>, f: &EventFilter)
where
    DB: Dialect,
    String: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
{
    if !f.kinds.is_empty() {
        q.push(" AND e.kind IN (");
        let mut kinds = q.separated(", ");
        for kind in &f.kinds {
            kinds.push_bind(kind.clone());
        }
        q.push(")");
    }
    if let Some(status) = &f.status {
        q.push(" AND e.status = ").push_bind(status.clone());
    }
    if let Some(entities) = &f.entities {
        q.push(" AND e.id IN (SELECT event_id FROM event_participants WHERE entity_id IN (");
        if entities.is_empty() {
            q.push("NULL");
        } else {
            DB::push_ids(q, entities);
        }
        q.push("))");
    }
    for entity in &f.all_of {
        q.push(" AND e.id IN (SELECT event_id FROM event_participants WHERE entity_id = ")
            .push_bind(*entity)
            .push(")");
    }
    if let Some(country) = &f.country {
        q.push(" AND e.id IN (SELECT p.event_id FROM event_participants p JOIN entities n ON n.id = p.entity_id WHERE n.country = ")
            .push_bind(country.to_uppercase())
            .push(")");
    }
    if let Some(from) = &f.from {
        q.push(" AND e.date_end >= ").push_bind(from.clone());
    }
    if let Some(to) = &f.to {
        q.push(" AND e.date_start <= ").push_bind(to.clone());
    }
}

/// The statements reading a page of events: the events, their participants, their evidence.
/// `ids` is the engine's subquery over the ids bound as `$1`.
pub(super) fn event_page_queries(ids: &str) -> [String; 3] {
    [
        format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN ({ids})"),
        format!(
            "SELECT p.event_id, p.entity_id, n.name, n.kind, n.country, n.title, p.role \
             FROM event_participants p JOIN entities n ON n.id = p.entity_id \
             WHERE p.event_id IN ({ids}) \
             ORDER BY p.event_id, n.kind DESC, p.entity_id"
        ),
        format!(
            "SELECT v.event_id, v.article_id, v.start, v.\"end\", v.sentence, a.url \
             FROM event_evidence v JOIN articles a ON a.id = v.article_id \
             WHERE v.event_id IN ({ids}) \
             ORDER BY v.event_id, v.article_id, v.start"
        ),
    ]
}

/// The columns of `EVENT_COLUMNS`, as read.
pub(super) type EventColumns = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    f64,
);

/// A page of events put together from the rows of `event_page_queries`, in any engine.
pub(super) struct EventPageRows {
    events: HashMap<i64, EventView>,
}

impl EventPageRows {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            events: HashMap::with_capacity(capacity),
        }
    }

    pub(super) fn event(&mut self, c: EventColumns) {
        let (id, kind, status, value, precision, text, place, cameo, plover, confidence) = c;
        let event = EventView {
            id,
            kind,
            status,
            date: value.map(|value| DateView {
                value,
                precision: precision.unwrap_or_default(),
                text,
            }),
            place,
            participants: Vec::new(),
            cameo,
            plover,
            confidence,
            evidence: Vec::new(),
        };
        self.events.insert(id, event);
    }

    pub(super) fn participant(&mut self, event: i64, p: ParticipantView) {
        if let Some(e) = self.events.get_mut(&event) {
            e.participants.push(p);
        }
    }

    pub(super) fn evidence(&mut self, event: i64, v: EvidenceView) {
        if let Some(e) = self.events.get_mut(&event) {
            e.evidence.push(v);
        }
    }

    /// The events in the order of `ids`.
    pub(super) fn finish(mut self, ids: &[i64]) -> Vec<EventView> {
        ids.iter().filter_map(|id| self.events.remove(id)).collect()
    }
}

/// Events by id, with participants and evidence, in the order of `ids` (`ids_json` is the
/// same ids as a JSON array), read natively from SQLite.
fn read_events(
    db: &rusqlite::Connection,
    ids: &[i64],
    ids_json: &str,
) -> rusqlite::Result<Vec<EventView>> {
    let [events, participants, evidence] = event_page_queries(super::engine::SQLITE_IDS);
    let mut page = EventPageRows::new(ids.len());
    let mut statement = db.prepare(&events)?;
    let mut rows = statement.query([ids_json])?;
    while let Some(r) = rows.next()? {
        page.event((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
        ));
    }
    let mut statement = db.prepare(&participants)?;
    let mut rows = statement.query([ids_json])?;
    while let Some(r) = rows.next()? {
        page.participant(
            r.get(0)?,
            ParticipantView {
                entity: r.get(1)?,
                name: r.get(2)?,
                kind: r.get(3)?,
                country: r.get(4)?,
                title: r.get(5)?,
                role: r.get(6)?,
            },
        );
    }
    let mut statement = db.prepare(&evidence)?;
    let mut rows = statement.query([ids_json])?;
    while let Some(r) = rows.next()? {
        page.evidence(
            r.get(0)?,
            EvidenceView {
                article: r.get(1)?,
                start: r.get(2)?,
                end: r.get(3)?,
                text: r.get(4)?,
                url: r.get(5)?,
            },
        );
    }
    Ok(page.finish(ids))
}

fn parse_timeline_cursor(cursor: &str) -> Result<(String, i64)> {
    let bad = || {
        StoreError::Invalid(format!(
            "invalid cursor {cursor:?}: expected the next_cursor of a previous page"
        ))
    };
    let (date, id) = cursor.split_once(',').ok_or_else(bad)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    Ok((date.to_string(), id.parse().map_err(|_| bad())?))
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
