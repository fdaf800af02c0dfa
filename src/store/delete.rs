//! Deleting an article with everything only it supports: its mentions and evidence, the events
//! no other article reports, and the entities nothing refers to any more. Events that other
//! articles also report stay, with their evidence from those articles.

use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::read::push_ids;
use super::{Result, Store};

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
fn ids_in(q: &mut QueryBuilder<'_, Sqlite>, ids: &[i64]) {
    q.push("(");
    push_ids(q, ids);
    q.push(")");
}

/// The first column of a query about one article, as ids.
async fn ids_of(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    sql: &'static str,
    article: i64,
) -> Result<Vec<i64>> {
    Ok(first_column(
        sqlx::query(sql).bind(article).fetch_all(&mut **tx).await?,
    ))
}

fn first_column(rows: Vec<sqlx::sqlite::SqliteRow>) -> Vec<i64> {
    rows.iter().map(|r| r.get(0)).collect()
}

impl Store {
    /// Deletes one article in one transaction; `None` when there is no such article.
    pub async fn delete_article(&self, id: i64) -> Result<Option<DeleteOutcome>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let exists = sqlx::query("SELECT 1 FROM articles WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let events = ids_of(
            &mut tx,
            "SELECT DISTINCT event_id FROM event_evidence WHERE article_id = ?1 ORDER BY event_id",
            id,
        )
        .await?;
        let kept = ids_of(
            &mut tx,
            "SELECT DISTINCT v.event_id FROM event_evidence v \
             JOIN event_evidence mine ON mine.event_id = v.event_id AND mine.article_id = ?1 \
             WHERE v.article_id != ?1 ORDER BY v.event_id",
            id,
        )
        .await?;
        let deleted: Vec<i64> = events
            .iter()
            .copied()
            .filter(|e| !kept.contains(e))
            .collect();
        // The entities that may lose their last reference.
        let mut q =
            QueryBuilder::<Sqlite>::new("SELECT entity_id FROM mentions WHERE article_id = ");
        q.push_bind(id);
        if !deleted.is_empty() {
            q.push(" UNION SELECT entity_id FROM event_participants WHERE event_id IN ");
            ids_in(&mut q, &deleted);
        }
        let candidates = first_column(q.build().fetch_all(&mut *tx).await?);

        // Mentions and evidence go with the article (ON DELETE CASCADE), participants with
        // their events.
        sqlx::query("DELETE FROM articles WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if !deleted.is_empty() {
            let mut q = QueryBuilder::<Sqlite>::new("DELETE FROM events WHERE id IN ");
            ids_in(&mut q, &deleted);
            q.build().execute(&mut *tx).await?;
        }
        let mut entities_deleted = Vec::new();
        if !candidates.is_empty() {
            let mut q = QueryBuilder::<Sqlite>::new("DELETE FROM entities WHERE id IN ");
            ids_in(&mut q, &candidates);
            q.push(
                " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id) \
                 AND NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.entity_id = entities.id) \
                 RETURNING id",
            );
            entities_deleted = first_column(q.build().fetch_all(&mut *tx).await?);
            entities_deleted.sort_unstable();
        }
        tx.commit().await?;
        Ok(Some(DeleteOutcome {
            article_id: id,
            events_deleted: deleted,
            events_kept: kept,
            entities_deleted,
        }))
    }
}
