//! The rows the in-memory graph is built from: entities, and events with who took part and
//! where they were reported.
//!
//! On SQLite these are read natively (rusqlite on the pool connection's own handle), not
//! through sqlx rows: sqlx costs several microseconds per row and value, which at a million
//! events made the rebuild take many seconds. Plain ordered scans, merged by event id, are
//! streamed to a sink, never collected: a collected result set would cost gigabytes. On
//! PostgreSQL, `postgres::graph_rows` streams the same rows from one snapshot.

use std::collections::HashMap;

use rusqlite::types::ToSql;

use sqlx::QueryBuilder;

use super::engine::{on_engine, Dialect, Engine, SQLITE_IDS};
use super::read::id_array;
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
    /// How many events and participations follow, so that space is reserved once.
    Expect {
        events: usize,
        participations: usize,
    },
    Entity(EntityRow),
    Event(EventRow, Vec<(i64, String)>),
}

impl Store {
    /// Everything the graph holds, row by row.
    pub async fn stream_graph_rows(&self, mut sink: impl FnMut(GraphRow)) -> Result<()> {
        self.read_graph_rows(None, &mut sink).await
    }

    /// The events given (typically those one ingest created or merged), with their
    /// participants and the countries those belong to.
    pub async fn graph_rows_for_events(&self, ids: &[i64]) -> Result<GraphRows> {
        let mut rows = GraphRows::default();
        self.read_graph_rows(Some(ids), &mut |row| match row {
            GraphRow::Expect { .. } => {}
            GraphRow::Entity(e) => rows.entities.push(e),
            GraphRow::Event(e, parties) => {
                rows.participations
                    .extend(
                        parties
                            .into_iter()
                            .map(|(entity_id, role)| ParticipationRow {
                                event_id: e.id,
                                entity_id,
                                role,
                            }),
                    );
                rows.events.push(e);
            }
        })
        .await?;
        Ok(rows)
    }

    /// The graph's rows of these entities (those still stored).
    pub async fn graph_rows_for_entities(&self, ids: &[i64]) -> Result<Vec<EntityRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String, String, Option<String>)> = on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(
                "SELECT id, kind, name, country FROM entities WHERE id IN (",
            );
            DB::push_ids(&mut q, ids);
            q.push(") ORDER BY id");
            q.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, kind, name, country)| EntityRow {
                id,
                kind,
                name,
                country,
            })
            .collect())
    }

    async fn read_graph_rows(
        &self,
        ids: Option<&[i64]>,
        sink: &mut impl FnMut(GraphRow),
    ) -> Result<()> {
        let pool = match &self.engine {
            Engine::Sqlite(pool) => pool,
            Engine::Postgres(pool) => {
                return super::postgres::graph_rows::read(pool, ids, sink).await
            }
        };
        super::sqlite::native(pool, |db| {
            // A whole-store scan reads every page once, in order: mapping them would only add
            // the file to the resident size of the process.
            let whole = ids.is_none();
            if whole {
                db.pragma_update(None, "mmap_size", 0)?;
            }
            let read = read_rows(db, ids, sink);
            if whole {
                db.pragma_update(None, "mmap_size", super::sqlite::MAPPED_READ_BYTES)?;
            }
            Ok(read?)
        })
        .await
    }
}

/// `WHERE <column> IN` the ids (`ids` is the engine's subquery over `$1`), or nothing.
pub(super) fn restrict(column: &str, ids: Option<&str>) -> String {
    match ids {
        None => String::new(),
        Some(ids) => format!(" WHERE {column} IN ({ids})"),
    }
}

/// The entities of the graph: all, or those taking part in the events given (`ids`, the
/// engine's subquery over `$1`) and the countries they belong to (for the country
/// projection).
pub(super) fn entities_query(ids: Option<&str>) -> String {
    match ids {
        None => "SELECT id, kind, name, country FROM entities".to_string(),
        Some(_) => {
            let participants = format!(
                "SELECT entity_id FROM event_participants{}",
                restrict("event_id", ids)
            );
            format!(
                "SELECT id, kind, name, country FROM entities WHERE id IN ({participants}) \
                 OR (kind = 'country' AND country IN (SELECT country FROM entities WHERE id IN ({participants})))"
            )
        }
    }
}

/// Where events were reported, by article id: article urls, else sources, else "article N".
pub(super) fn sources_query(ids: Option<&str>) -> String {
    format!(
        "SELECT id, COALESCE(url, source, 'article ' || id) FROM articles{}",
        match ids {
            None => String::new(),
            Some(_) => format!(
                " WHERE id IN (SELECT article_id FROM event_evidence{})",
                restrict("event_id", ids)
            ),
        }
    )
}

fn read_rows(
    db: &rusqlite::Connection,
    ids: Option<&[i64]>,
    sink: &mut impl FnMut(GraphRow),
) -> rusqlite::Result<()> {
    // One read transaction: entities, events and participants from the same snapshot.
    let tx = db.unchecked_transaction()?;
    read_in(&tx, ids, sink)?;
    tx.commit()
}

fn read_in(
    tx: &rusqlite::Connection,
    ids: Option<&[i64]>,
    sink: &mut impl FnMut(GraphRow),
) -> rusqlite::Result<()> {
    let ids_json = ids.map(id_array);
    let params: Vec<&dyn ToSql> = ids_json.iter().map(|j| j as &dyn ToSql).collect();
    let params = params.as_slice();
    let ids = ids.map(|_| SQLITE_IDS);

    let mut statement = tx.prepare(&entities_query(ids))?;
    let mut rows = statement.query(params)?;
    while let Some(r) = rows.next()? {
        sink(GraphRow::Entity(EntityRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            name: r.get(2)?,
            country: r.get(3)?,
        }));
    }

    let mut articles: HashMap<i64, String> = HashMap::new();
    let mut statement = tx.prepare(&sources_query(ids))?;
    let mut rows = statement.query(params)?;
    while let Some(r) = rows.next()? {
        articles.insert(r.get(0)?, r.get(1)?);
    }

    if ids.is_none() {
        let count = |table: &str| -> rusqlite::Result<usize> {
            tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        };
        sink(GraphRow::Expect {
            events: count("events")?,
            participations: count("event_participants")?,
        });
    }

    // Three scans in event id order, merged.
    let mut events = tx.prepare(&format!(
        "SELECT id, kind, status, date_value, date_start, date_end FROM events{} ORDER BY id",
        restrict("id", ids)
    ))?;
    let mut parties = tx.prepare(&format!(
        "SELECT event_id, entity_id, role FROM event_participants{} ORDER BY event_id",
        restrict("event_id", ids)
    ))?;
    let mut evidence = tx.prepare(&format!(
        "SELECT DISTINCT event_id, article_id FROM event_evidence{} ORDER BY event_id",
        restrict("event_id", ids)
    ))?;
    let mut parties = parties.query(params)?;
    let mut evidence = evidence.query(params)?;
    let mut next_party = || -> rusqlite::Result<Option<(i64, i64, String)>> {
        parties
            .next()?
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .transpose()
    };
    let mut next_evidence = || -> rusqlite::Result<Option<(i64, i64)>> {
        evidence
            .next()?
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .transpose()
    };
    let mut party = next_party()?;
    let mut source = next_evidence()?;
    let mut rows = events.query(params)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let mut of_event = Vec::new();
        while let Some((event, entity, role)) = party.take() {
            if event > id {
                party = Some((event, entity, role));
                break;
            }
            if event == id {
                of_event.push((entity, role));
            }
            party = next_party()?;
        }
        let mut sources = Vec::new();
        while let Some((event, article)) = source {
            if event > id {
                break;
            }
            if event == id {
                sources.extend(articles.get(&article).cloned());
            }
            source = next_evidence()?;
        }
        let event = EventRow {
            id,
            kind: r.get(1)?,
            status: r.get(2)?,
            date_value: r.get(3)?,
            date_start: r.get(4)?,
            date_end: r.get(5)?,
            sources,
        };
        sink(GraphRow::Event(event, of_event));
    }
    Ok(())
}
