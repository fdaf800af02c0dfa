//! The rows the in-memory graph is built from: entities, and events with who took part and
//! where they were reported.
//!
//! Rows are streamed, not collected: at a million events a collected result set costs
//! gigabytes. Each event comes as one row, its participants and sources folded in by
//! `group_concat`, because per-row overhead dominates the cost of reading.

use futures_util::TryStreamExt;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::{Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub date_value: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// Where the event was reported: article urls, else sources, else "article N".
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParticipationRow {
    pub event_id: i64,
    pub entity_id: i64,
    pub role: String,
}

/// Graph rows collected in memory: for small updates, tests and generated benchmarks.
#[derive(Debug, Default)]
pub struct GraphRows {
    pub entities: Vec<EntityRow>,
    pub events: Vec<EventRow>,
    pub participations: Vec<ParticipationRow>,
}

/// One streamed row: every entity comes before the events that name it.
#[derive(Debug)]
pub enum GraphRow {
    Entity(EntityRow),
    Event(EventRow, Vec<(i64, String)>),
}

/// Separates the values `group_concat` folds together (urls may hold commas).
const SEPARATOR: char = '\u{1f}';

fn push_list(q: &mut QueryBuilder<'_, Sqlite>, ids: &[i64]) {
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
}

impl Store {
    /// Everything the graph holds, row by row.
    pub async fn stream_graph_rows(&self, sink: impl FnMut(GraphRow)) -> Result<()> {
        self.graph_rows_where(None, sink).await
    }

    /// The events given (typically those one ingest created or merged), with their
    /// participants and the countries those belong to.
    pub async fn graph_rows_for_events(&self, ids: &[i64]) -> Result<GraphRows> {
        let mut rows = GraphRows::default();
        if ids.is_empty() {
            return Ok(rows);
        }
        self.graph_rows_where(Some(ids), |row| match row {
            GraphRow::Entity(e) => rows.entities.push(e),
            GraphRow::Event(e, parties) => {
                rows.participations
                    .extend(parties.into_iter().map(|(entity_id, role)| ParticipationRow {
                        event_id: e.id,
                        entity_id,
                        role,
                    }));
                rows.events.push(e);
            }
        })
        .await?;
        Ok(rows)
    }

    async fn graph_rows_where(
        &self,
        ids: Option<&[i64]>,
        mut sink: impl FnMut(GraphRow),
    ) -> Result<()> {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT id, kind, name, country FROM entities");
        if let Some(ids) = ids {
            // The participants, and the countries they belong to (for the country projection).
            let participants = "SELECT entity_id FROM event_participants WHERE event_id IN (";
            q.push(format!(" WHERE id IN ({participants}"));
            push_list(&mut q, ids);
            q.push(format!(
                ")) OR (kind = 'country' AND country IN (SELECT country FROM entities WHERE id IN ({participants}"
            ));
            push_list(&mut q, ids);
            q.push("))))");
        }
        {
            let mut rows = q.build().fetch(&self.pool);
            while let Some(r) = rows.try_next().await? {
                sink(GraphRow::Entity(EntityRow {
                    id: r.get(0),
                    kind: r.get(1),
                    name: r.get(2),
                    country: r.get(3),
                }));
            }
        }

        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT e.id, e.kind, e.status, e.date_value, e.date_start, e.date_end, \
             (SELECT group_concat(p.entity_id || ' ' || p.role, char(31)) \
              FROM event_participants p WHERE p.event_id = e.id), \
             (SELECT group_concat(s, char(31)) FROM (SELECT DISTINCT \
              COALESCE(a.url, a.source, 'article ' || a.id) AS s \
              FROM event_evidence v JOIN articles a ON a.id = v.article_id WHERE v.event_id = e.id)) \
             FROM events e",
        );
        if let Some(ids) = ids {
            q.push(" WHERE e.id IN (");
            push_list(&mut q, ids);
            q.push(")");
        }
        let mut rows = q.build().fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            let split = |i: usize| -> Vec<String> {
                r.get::<Option<String>, _>(i)
                    .map(|s| s.split(SEPARATOR).map(str::to_string).collect())
                    .unwrap_or_default()
            };
            let parties = split(6)
                .into_iter()
                .filter_map(|p| {
                    let (id, role) = p.split_once(' ')?;
                    Some((id.parse().ok()?, role.to_string()))
                })
                .collect();
            let event = EventRow {
                id: r.get(0),
                kind: r.get(1),
                status: r.get(2),
                date_value: r.get(3),
                date_start: r.get(4),
                date_end: r.get(5),
                sources: split(7),
            };
            sink(GraphRow::Event(event, parties));
        }
        Ok(())
    }
}
