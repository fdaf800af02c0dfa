//! The rows the in-memory graph is built from: entities, events and who took part.

use std::collections::HashMap;

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

#[derive(Debug, Default)]
pub struct GraphRows {
    pub entities: Vec<EntityRow>,
    pub events: Vec<EventRow>,
    pub participations: Vec<ParticipationRow>,
}

fn push_list(q: &mut QueryBuilder<'_, Sqlite>, ids: &[i64]) {
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
}

impl Store {
    /// Everything the graph holds.
    pub async fn graph_rows(&self) -> Result<GraphRows> {
        self.graph_rows_where(None).await
    }

    /// The events given (typically those one ingest created or merged), with their
    /// participants.
    pub async fn graph_rows_for_events(&self, ids: &[i64]) -> Result<GraphRows> {
        if ids.is_empty() {
            return Ok(GraphRows::default());
        }
        self.graph_rows_where(Some(ids)).await
    }

    async fn graph_rows_where(&self, ids: Option<&[i64]>) -> Result<GraphRows> {
        let restrict = |q: &mut QueryBuilder<'_, Sqlite>, column: &str| {
            if let Some(ids) = ids {
                q.push(format!(" WHERE {column} IN ("));
                push_list(q, ids);
                q.push(")");
            }
        };
        let mut q =
            QueryBuilder::<Sqlite>::new("SELECT event_id, entity_id, role FROM event_participants");
        restrict(&mut q, "event_id");
        let participations: Vec<ParticipationRow> = q
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| ParticipationRow {
                event_id: r.get(0),
                entity_id: r.get(1),
                role: r.get(2),
            })
            .collect();

        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT id, kind, status, date_value, date_start, date_end FROM events",
        );
        restrict(&mut q, "id");
        let mut events: Vec<EventRow> = q
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| EventRow {
                id: r.get(0),
                kind: r.get(1),
                status: r.get(2),
                date_value: r.get(3),
                date_start: r.get(4),
                date_end: r.get(5),
                sources: Vec::new(),
            })
            .collect();

        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT DISTINCT v.event_id, COALESCE(a.url, a.source, 'article ' || a.id) FROM event_evidence v JOIN articles a ON a.id = v.article_id",
        );
        restrict(&mut q, "v.event_id");
        let mut sources: HashMap<i64, Vec<String>> = HashMap::new();
        for r in q.build().fetch_all(&self.pool).await? {
            sources.entry(r.get(0)).or_default().push(r.get(1));
        }
        for e in &mut events {
            e.sources = sources.remove(&e.id).unwrap_or_default();
        }

        let mut q = QueryBuilder::<Sqlite>::new("SELECT id, kind, name, country FROM entities");
        if ids.is_some() {
            if participations.is_empty() {
                return Ok(GraphRows {
                    entities: Vec::new(),
                    events,
                    participations,
                });
            }
            // The participants, and the countries they belong to (for the country projection).
            let ids: Vec<i64> = participations.iter().map(|p| p.entity_id).collect();
            q.push(" WHERE id IN (");
            push_list(&mut q, &ids);
            q.push(
                ") OR (kind = 'country' AND country IN (SELECT country FROM entities WHERE id IN (",
            );
            push_list(&mut q, &ids);
            q.push(")))");
        }
        let entities = q
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| EntityRow {
                id: r.get(0),
                kind: r.get(1),
                name: r.get(2),
                country: r.get(3),
            })
            .collect();
        Ok(GraphRows {
            entities,
            events,
            participations,
        })
    }
}
