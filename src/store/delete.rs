//! Deleting an article with everything only it supports: its mentions and evidence, the events
//! no other article reports, and the entities nothing refers to any more. Events that other
//! articles also report stay, with their evidence from those articles.

use serde::Serialize;
use sqlx::{QueryBuilder, Row};

use super::changes::log_changes;
use super::engine::{on_engine, Dialect};
use super::{GraphChange, Result, Store};

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct DeleteOutcome {
    pub article_id: i64,
    /// Events only this article reported: gone.
    pub events_deleted: Vec<i64>,
    /// Events other articles also report: kept, without this article's evidence.
    pub events_kept: Vec<i64>,
    /// Entities nothing mentions and no event names any more: gone.
    pub entities_deleted: Vec<i64>,
}

/// The parenthesised list of the ids, for `IN`.
fn ids_in<DB: Dialect>(q: &mut QueryBuilder<'_, DB>, ids: &[i64]) {
    q.push("(");
    DB::push_ids(q, ids);
    q.push(")");
}

impl Store {
    /// Deletes one article in one transaction; `None` when there is no such article.
    pub async fn delete_article(&self, id: i64) -> Result<Option<DeleteOutcome>> {
        let (deleted, kept, entities_deleted) = on_engine!(self, |pool, DB| {
            let mut tx = pool.begin_with(DB::BEGIN_WRITE).await?;
            let exists = sqlx::query("SELECT 1 FROM articles WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Ok(None);
            }
            let events: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT event_id FROM event_evidence WHERE article_id = $1 ORDER BY event_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
            let kept: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT v.event_id FROM event_evidence v \
             JOIN event_evidence mine ON mine.event_id = v.event_id AND mine.article_id = $1 \
             WHERE v.article_id != $1 ORDER BY v.event_id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            let deleted: Vec<i64> = events
                .iter()
                .copied()
                .filter(|e| !kept.contains(e))
                .collect();
            // The entities that may lose their last reference.
            let mut q =
                QueryBuilder::<DB>::new("SELECT entity_id FROM mentions WHERE article_id = ");
            q.push_bind(id);
            if !deleted.is_empty() {
                q.push(" UNION SELECT entity_id FROM event_participants WHERE event_id IN ");
                ids_in(&mut q, &deleted);
            }
            let candidates: Vec<i64> = q
                .build()
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();

            // Mentions and evidence go with the article (ON DELETE CASCADE), participants with
            // their events.
            sqlx::query("DELETE FROM articles WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if !deleted.is_empty() {
                let mut q = QueryBuilder::<DB>::new("DELETE FROM events WHERE id IN ");
                ids_in(&mut q, &deleted);
                q.build().execute(&mut *tx).await?;
            }
            let mut entities_deleted: Vec<i64> = Vec::new();
            if !candidates.is_empty() {
                let mut q = QueryBuilder::<DB>::new("DELETE FROM entities WHERE id IN ");
                ids_in(&mut q, &candidates);
                q.push(
                " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id) \
                 AND NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.entity_id = entities.id) \
                 RETURNING id",
            );
                entities_deleted = q
                    .build()
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                entities_deleted.sort_unstable();
            }
            // What other servers' graphs must forget, and the events to read again.
            let changes: Vec<GraphChange> = kept
                .iter()
                .map(|&e| GraphChange::Event(e))
                .chain(deleted.iter().map(|&e| GraphChange::EventDeleted(e)))
                .chain(
                    entities_deleted
                        .iter()
                        .map(|&e| GraphChange::EntityDeleted(e)),
                )
                .collect();
            log_changes::<DB>(&mut tx, &changes).await?;
            tx.commit().await?;
            (deleted, kept, entities_deleted)
        });
        Ok(Some(DeleteOutcome {
            article_id: id,
            events_deleted: deleted,
            events_kept: kept,
            entities_deleted,
        }))
    }
}
