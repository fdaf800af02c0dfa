//! Merging one stored entity into another: its aliases, mentions and event participations
//! move to the kept entity, its row is deleted (its id is never given to another entity), and
//! the merge is recorded with what moved, all in one transaction.
//!
//! Events that now have the same participants, kind and date as another event are left as
//! two events: each keeps its own evidence and merge key, and a split needs to restore only
//! participations. (Merging them would have to move evidence between events and bring
//! deleted events back on a split, for a duplicate the analyst can see and judge.)

use chrono::Utc;

use super::{log_merge_changes, Applied, MergeRefusal, MergeView, Outcome, MAX_REASON_CHARS};
use crate::store::engine::{on_engine, retrying, Dialect};
use crate::store::{GraphChange, Result, Store};

/// An entity's own columns, as `ENTITY` reads them.
#[derive(sqlx::FromRow)]
struct StoredEntity {
    kind: String,
    name: String,
    norm_name: String,
    country: Option<String>,
    title: Option<String>,
}

const ENTITY: &str = "SELECT kind, name, norm_name, country, title FROM entities WHERE id = $1";

/// What is wrong with the request itself, before the store is asked.
fn refusal(keep: i64, other: i64, reason: &str) -> Option<MergeRefusal> {
    if keep == other {
        return Some(MergeRefusal::Invalid(format!(
            "entity {keep} cannot be merged into itself: name another entity as other"
        )));
    }
    if reason.trim().is_empty() {
        return Some(MergeRefusal::Invalid(
            "a merge needs a reason: say why the two entities are one".into(),
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Some(MergeRefusal::Invalid(format!(
            "the reason is longer than {MAX_REASON_CHARS} characters"
        )));
    }
    None
}

impl Store {
    /// Merges entity `other` into entity `keep` as an analyst's decision, for `reason`.
    pub async fn merge_entities(&self, keep: i64, other: i64, reason: &str) -> Result<Outcome> {
        if let Some(refused) = refusal(keep, other, reason) {
            return Ok(Err(refused));
        }
        let reason = reason.trim();
        let now = Utc::now().to_rfc3339();
        let at = now.as_str();
        let done = on_engine!(self, |pool, DB| {
            // PostgreSQL may give up on it for a concurrent writer's sake: run it again.
            retrying::<DB, _, _, _>(move || async move {
                let mut tx = pool.begin_with(DB::BEGIN_WRITE).await?;
                // Both rows are locked (in id order, so that two merges of one pair cannot
                // deadlock): a concurrent ingest naming the other entity waits for the commit.
                let entity = format!("{ENTITY}{}", DB::FOR_UPDATE);
                let mut rows: Vec<Option<StoredEntity>> = Vec::with_capacity(2);
                for id in [keep.min(other), keep.max(other)] {
                    rows.push(
                        sqlx::query_as(&entity)
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?,
                    );
                }
                if keep > other {
                    rows.reverse();
                }
                let merged = rows.pop().flatten();
                let kept = rows.pop().flatten();
                let (kept, merged) = match (kept, merged) {
                    (Some(k), Some(m)) => (k, m),
                    (None, _) => return Ok(Err(MergeRefusal::Unknown(format!("no entity {keep}")))),
                    (_, None) => return Ok(Err(MergeRefusal::Unknown(format!("no entity {other}")))),
                };
                if kept.kind != merged.kind {
                    return Ok(Err(MergeRefusal::Invalid(format!(
                        "entity {keep} is a {} and entity {other} a {}: only entities of one kind can be merged",
                        kept.kind, merged.kind
                    ))));
                }
                let merge_id: i64 = sqlx::query_scalar(
                    "INSERT INTO entity_merges (kept_id, merged_id, kind, name, norm_name, country, title, reason, merged_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'analyst', $9) RETURNING id",
                )
                .bind(keep)
                .bind(other)
                .bind(&merged.kind)
                .bind(&merged.name)
                .bind(&merged.norm_name)
                .bind(&merged.country)
                .bind(&merged.title)
                .bind(reason)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
                // What moves is recorded before it moves, with whether the kept entity had it.
                sqlx::query(
                    "INSERT INTO entity_merge_aliases (merge_id, alias, norm_alias, added) \
                     SELECT $1, a.alias, a.norm_alias, CASE WHEN EXISTS (SELECT 1 FROM entity_aliases k \
                     WHERE k.entity_id = $2 AND k.norm_alias = a.norm_alias) THEN 0 ELSE 1 END \
                     FROM entity_aliases a WHERE a.entity_id = $3",
                )
                .bind(merge_id)
                .bind(keep)
                .bind(other)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO entity_merge_mentions (merge_id, mention_id) \
                     SELECT $1, id FROM mentions WHERE entity_id = $2",
                )
                .bind(merge_id)
                .bind(other)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO entity_merge_participants (merge_id, event_id, role, moved) \
                     SELECT $1, p.event_id, p.role, CASE WHEN EXISTS (SELECT 1 FROM event_participants k \
                     WHERE k.event_id = p.event_id AND k.entity_id = $2) THEN 0 ELSE 1 END \
                     FROM event_participants p WHERE p.entity_id = $3",
                )
                .bind(merge_id)
                .bind(keep)
                .bind(other)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO entity_aliases (entity_id, alias, norm_alias) \
                     SELECT $1, alias, norm_alias FROM entity_aliases WHERE entity_id = $2 ON CONFLICT DO NOTHING",
                )
                .bind(keep)
                .bind(other)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE mentions SET entity_id = $1 WHERE entity_id = $2")
                    .bind(keep)
                    .bind(other)
                    .execute(&mut *tx)
                    .await?;
                // An event both took part in keeps the kept entity's participation alone.
                sqlx::query(
                    "DELETE FROM event_participants WHERE entity_id = $1 AND event_id IN \
                     (SELECT event_id FROM entity_merge_participants WHERE merge_id = $2 AND moved = 0)",
                )
                .bind(other)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE event_participants SET entity_id = $1 WHERE entity_id = $2")
                    .bind(keep)
                    .bind(other)
                    .execute(&mut *tx)
                    .await?;
                // Its remaining aliases go with it (ON DELETE CASCADE); they are recorded above.
                sqlx::query("DELETE FROM entities WHERE id = $1")
                    .bind(other)
                    .execute(&mut *tx)
                    .await?;
                let changes = log_merge_changes::<DB>(&mut tx, merge_id, GraphChange::EntityDeleted(other)).await?;
                tx.commit().await?;
                Ok(Ok((merge_id, merged, changes)))
            })
            .await?
        });
        let (merge_id, merged, changes) = match done {
            Ok(done) => done,
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(Applied {
            merge: MergeView {
                id: merge_id,
                kept_id: keep,
                merged_id: Some(other),
                name: merged.name,
                reason: reason.to_string(),
                by: "analyst".into(),
                created_at: now,
                split_at: None,
            },
            changes,
        }))
    }
}
