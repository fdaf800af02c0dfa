//! Bulk loading of graph rows, for benchmarks: one transaction, multi-row inserts.

use sqlx::QueryBuilder;

use super::engine::{on_engine, Dialect};
use super::{GraphRows, Result, Store};

const BATCH: usize = 2000;

impl Store {
    /// Writes synthetic entities, events, participants, one article per source and one piece
    /// of evidence per event. Not for real data: there is no extraction and no merging.
    pub async fn bulk_load(&self, rows: &GraphRows) -> Result<()> {
        on_engine!(self, |pool, DB| {
            let mut tx = pool.begin_with(DB::BEGIN_WRITE).await?;
            for chunk in rows.entities.chunks(BATCH) {
                let mut q = QueryBuilder::<DB>::new(
                    "INSERT INTO entities (id, kind, name, norm_name, country) ",
                );
                q.push_values(chunk, |mut b, e| {
                    b.push_bind(e.id)
                        .push_bind(&e.kind)
                        .push_bind(&e.name)
                        .push_bind(e.name.to_lowercase())
                        .push_bind(&e.country);
                });
                q.build().execute(&mut *tx).await?;
            }
            let mut sources: Vec<&str> = rows
                .events
                .iter()
                .filter_map(|e| e.sources.first().map(String::as_str))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let article_of: std::collections::HashMap<&str, i64> = sources
                .iter()
                .enumerate()
                .map(|(i, url)| (*url, i as i64 + 1))
                .collect();
            for (n, chunk) in sources.chunks(BATCH).enumerate() {
                let mut q = QueryBuilder::<DB>::new(
                    "INSERT INTO articles (id, url, content_hash, text, ingested_at) ",
                );
                q.push_values(chunk.iter().enumerate(), |mut b, (i, url)| {
                    let id = (n * BATCH + i) as i64 + 1;
                    b.push_bind(id)
                        .push_bind(*url)
                        .push_bind(format!("bench-{id}"))
                        .push_bind(*url)
                        .push_bind("bench");
                });
                q.build().execute(&mut *tx).await?;
            }
            for chunk in rows.events.chunks(BATCH) {
                let mut q = QueryBuilder::<DB>::new(
                "INSERT INTO events (id, kind, status, date_value, date_precision, date_start, date_end, confidence, merge_key, created_at) ",
            );
                q.push_values(chunk, |mut b, e| {
                    b.push_bind(e.id)
                        .push_bind(&e.kind)
                        .push_bind(&e.status)
                        .push_bind(&e.date_value)
                        .push_bind("day")
                        .push_bind(&e.date_start)
                        .push_bind(&e.date_end)
                        .push_bind(0.9)
                        .push_bind(format!("bench|{}", e.id))
                        .push_bind("bench");
                });
                q.build().execute(&mut *tx).await?;
                let mut q = QueryBuilder::<DB>::new(
                    "INSERT INTO event_evidence (event_id, article_id, start, \"end\", sentence) ",
                );
                q.push_values(chunk, |mut b, e| {
                    b.push_bind(e.id)
                        .push_bind(
                            e.sources
                                .first()
                                .and_then(|url| article_of.get(url.as_str()))
                                .copied(),
                        )
                        .push_bind(0_i64)
                        .push_bind(1_i64)
                        .push_bind("");
                });
                q.build().execute(&mut *tx).await?;
            }
            for chunk in rows.participations.chunks(BATCH) {
                let mut q = QueryBuilder::<DB>::new(
                    "INSERT INTO event_participants (event_id, entity_id, role) ",
                );
                q.push_values(chunk, |mut b, p| {
                    b.push_bind(p.event_id)
                        .push_bind(p.entity_id)
                        .push_bind(&p.role);
                });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        // The rows came with their ids: the identity sequences go on after them.
        self.after_explicit_ids().await?;
        Ok(())
    }
}
