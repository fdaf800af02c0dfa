//! A page of events read from PostgreSQL, with the statements and assembly SQLite uses.

use sqlx::{PgPool, Row};

use crate::store::engine::POSTGRES_IDS;
use crate::store::read::{event_page_queries, EventColumns, EventPageRows};
use crate::store::{EventView, EvidenceView, ParticipantView, Result};

pub(in crate::store) async fn read_events(pool: &PgPool, ids: &[i64]) -> Result<Vec<EventView>> {
    let [events, participants, evidence] = event_page_queries(POSTGRES_IDS);
    // One snapshot for the three statements: a page never shows an event without the
    // evidence a concurrent writer committed with it.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let mut page = EventPageRows::new(ids.len());
    let rows: Vec<EventColumns> = sqlx::query_as(&events)
        .bind(ids)
        .fetch_all(&mut *tx)
        .await?;
    for row in rows {
        page.event(row);
    }
    for r in sqlx::query(&participants)
        .bind(ids)
        .fetch_all(&mut *tx)
        .await?
    {
        page.participant(
            r.get(0),
            ParticipantView {
                entity: r.get(1),
                name: r.get(2),
                kind: r.get(3),
                country: r.get(4),
                title: r.get(5),
                role: r.get(6),
            },
        );
    }
    for r in sqlx::query(&evidence).bind(ids).fetch_all(&mut *tx).await? {
        page.evidence(
            r.get(0),
            EvidenceView {
                article: r.get(1),
                start: r.get(2),
                end: r.get(3),
                text: r.get(4),
                url: r.get(5),
            },
        );
    }
    tx.commit().await?;
    Ok(page.finish(ids))
}
