//! The graph's rows from PostgreSQL: the same entities and sources statements as SQLite, and
//! the events in one ordered statement whose participants and reporting articles come as
//! arrays (a connection runs one statement at a time, so SQLite's three merged scans would
//! each need their own connection and snapshot). Streamed, never collected.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgPool, Postgres, Row};

use crate::store::engine::POSTGRES_IDS;
use crate::store::graph_rows::{entities_query, restrict, sources_query};
use crate::store::{EntityRow, EventRow, GraphRow, Result};

pub(in crate::store) async fn read(
    pool: &PgPool,
    ids: Option<&[i64]>,
    sink: &mut impl FnMut(GraphRow),
) -> Result<()> {
    let restricted = ids.map(|_| POSTGRES_IDS);

    // One snapshot: entities, events and participants as of one moment.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;

    let entities = entities_query(restricted);
    let mut rows = bound(&entities, ids).fetch(&mut *tx);
    while let Some(r) = rows.try_next().await? {
        sink(GraphRow::Entity(EntityRow {
            id: r.get(0),
            kind: r.get(1),
            name: r.get(2),
            country: r.get(3),
        }));
    }
    drop(rows);

    let sources = sources_query(restricted);
    let mut articles: HashMap<i64, String> = HashMap::new();
    let mut rows = bound(&sources, ids).fetch(&mut *tx);
    while let Some(r) = rows.try_next().await? {
        articles.insert(r.get(0), r.get(1));
    }
    drop(rows);

    if restricted.is_none() {
        let (events, participations): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_participants)",
        )
        .fetch_one(&mut *tx)
        .await?;
        sink(GraphRow::Expect {
            events: events as usize,
            participations: participations as usize,
        });
    }

    let events = format!(
        "SELECT e.id, e.kind, e.status, e.date_value, e.date_start, e.date_end, \
         ARRAY(SELECT p.entity_id FROM event_participants p WHERE p.event_id = e.id ORDER BY p.entity_id), \
         ARRAY(SELECT p.role FROM event_participants p WHERE p.event_id = e.id ORDER BY p.entity_id), \
         ARRAY(SELECT DISTINCT v.article_id FROM event_evidence v WHERE v.event_id = e.id ORDER BY v.article_id) \
         FROM events e{} ORDER BY e.id",
        restrict("e.id", restricted)
    );
    let mut rows = bound(&events, ids).fetch(&mut *tx);
    while let Some(r) = rows.try_next().await? {
        let entities: Vec<i64> = r.get(6);
        let roles: Vec<String> = r.get(7);
        let reported_in: Vec<i64> = r.get(8);
        let event = EventRow {
            id: r.get(0),
            kind: r.get(1),
            status: r.get(2),
            date_value: r.get(3),
            date_start: r.get(4),
            date_end: r.get(5),
            sources: reported_in
                .iter()
                .filter_map(|article| articles.get(article).cloned())
                .collect(),
        };
        sink(GraphRow::Event(
            event,
            entities.into_iter().zip(roles).collect(),
        ));
    }
    drop(rows);
    tx.commit().await?;
    Ok(())
}

/// The statement with the ids bound as `$1`, when it is restricted to some events.
fn bound<'q>(sql: &'q str, ids: Option<&[i64]>) -> Query<'q, Postgres, PgArguments> {
    let q = sqlx::query(sql);
    match ids {
        Some(ids) => q.bind(ids.to_vec()),
        None => q,
    }
}
