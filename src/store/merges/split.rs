//! Undoing a recorded merge: the merged entity comes back under its own id, with the aliases,
//! mentions and event participations the merge moved, in one transaction. Those are also what
//! later articles attached to the kept entity under the merged entity's name (ingest records
//! them with the merge); what they attached under the kept entity's own names stays with it.
//! A name ingest joined to a stored person (a merge `auto`, see `ingest::upsert_entity`) had
//! no entity: its split makes one, under a new id, with what ingest recorded under the name.

use chrono::Utc;

use super::{log_merge_changes, Applied, MergeRefusal, MergeView, Outcome};
use crate::store::engine::{on_engine, retrying, Dialect};
use crate::store::{GraphChange, Result, Store};

/// A merge as recorded: the entities, the merged entity's own columns (what a split
/// restores), and the decision.
#[derive(sqlx::FromRow)]
struct Recorded {
    kept_id: i64,
    merged_id: Option<i64>,
    kind: String,
    name: String,
    norm_name: String,
    country: Option<String>,
    title: Option<String>,
    reason: String,
    merged_by: String,
    created_at: String,
    split_at: Option<String>,
}

impl Store {
    /// Undoes merge `merge_id`; `into`, when given, must be the entity it merged into (the
    /// `{id}` of `POST /v1/entities/{id}/split`).
    pub async fn split_merge(&self, merge_id: i64, into: Option<i64>) -> Result<Outcome> {
        let now = Utc::now().to_rfc3339();
        let at = now.as_str();
        let done = on_engine!(self, |pool, DB| {
            // PostgreSQL may give up on it for a concurrent writer's sake: run it again.
            retrying::<DB, _, _, _>(move || async move {
                let mut tx = pool.begin_with(DB::BEGIN_WRITE).await?;
                // Locked, so that two splits of one merge take turns and the second sees split_at.
                let recorded: Option<Recorded> = sqlx::query_as(&format!(
                    "SELECT kept_id, merged_id, kind, name, norm_name, country, title, reason, merged_by, created_at, split_at \
                     FROM entity_merges WHERE id = $1{}",
                    DB::FOR_UPDATE
                ))
                .bind(merge_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(recorded) = recorded else {
                    return Ok(Err(MergeRefusal::Unknown(format!("no merge {merge_id}"))));
                };
                let kept = recorded.kept_id;
                if let Some(into) = into.filter(|&i| i != kept) {
                    return Ok(Err(MergeRefusal::Unknown(format!(
                        "merge {merge_id} is not a merge into entity {into}: it merged into entity {kept}"
                    ))));
                }
                if let Some(at) = &recorded.split_at {
                    return Ok(Err(MergeRefusal::Conflict(format!(
                        "merge {merge_id} was split already, at {at}"
                    ))));
                }
                let kept_exists: Option<i64> = sqlx::query_scalar(&format!(
                    "SELECT id FROM entities WHERE id = $1{}",
                    DB::FOR_UPDATE
                ))
                .bind(kept)
                .fetch_optional(&mut *tx)
                .await?;
                if kept_exists.is_none() {
                    let later: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM entity_merges WHERE merged_id = $1 AND split_at IS NULL ORDER BY id DESC LIMIT 1",
                    )
                    .bind(kept)
                    .fetch_optional(&mut *tx)
                    .await?;
                    return Ok(Err(MergeRefusal::Conflict(match later {
                        Some(later) => format!(
                            "entity {kept} was itself merged away since (merge {later}): split merge {later} first"
                        ),
                        None => format!("entity {kept} no longer exists: its articles were deleted"),
                    })));
                }
                let taken: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM entities WHERE id = $1 OR (kind = $2 AND norm_name = $3) LIMIT 1",
                )
                .bind(recorded.merged_id.unwrap_or(0))
                .bind(&recorded.kind)
                .bind(&recorded.norm_name)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(taken) = taken {
                    return Ok(Err(MergeRefusal::Conflict(format!(
                        "entity {taken} holds the id or the name {:?} that the split would restore",
                        recorded.name
                    ))));
                }
                // A name joined to a stored person at ingest never had an entity: it gets a new
                // id, which the record then names.
                let merged_id: i64 = sqlx::query_scalar(&format!(
                    "INSERT INTO entities (id, kind, name, norm_name, country, title) \
                     VALUES (COALESCE($1, {}), $2, $3, $4, $5, $6) RETURNING id",
                    DB::NEW_ENTITY_ID
                ))
                .bind(recorded.merged_id)
                .bind(&recorded.kind)
                .bind(&recorded.name)
                .bind(&recorded.norm_name)
                .bind(&recorded.country)
                .bind(&recorded.title)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO entity_aliases (entity_id, alias, norm_alias) \
                     SELECT $1, alias, norm_alias FROM entity_merge_aliases WHERE merge_id = $2 ON CONFLICT DO NOTHING",
                )
                .bind(merged_id)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                // Aliases the kept entity had before the merge stay its own.
                sqlx::query(
                    "DELETE FROM entity_aliases WHERE entity_id = $1 AND norm_alias IN \
                     (SELECT norm_alias FROM entity_merge_aliases WHERE merge_id = $2 AND added = 1)",
                )
                .bind(kept)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE mentions SET entity_id = $1 WHERE entity_id = $2 AND id IN \
                     (SELECT mention_id FROM entity_merge_mentions WHERE merge_id = $3)",
                )
                .bind(merged_id)
                .bind(kept)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE event_participants SET entity_id = $1 WHERE entity_id = $2 AND event_id IN \
                     (SELECT event_id FROM entity_merge_participants WHERE merge_id = $3 AND moved = 1)",
                )
                .bind(merged_id)
                .bind(kept)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                // Events both took part in get the merged entity's participation back.
                sqlx::query(
                    "INSERT INTO event_participants (event_id, entity_id, role) \
                     SELECT event_id, $1, role FROM entity_merge_participants WHERE merge_id = $2 AND moved = 0 \
                     ON CONFLICT DO NOTHING",
                )
                .bind(merged_id)
                .bind(merge_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE entity_merges SET split_at = $1, merged_id = $2 WHERE id = $3")
                    .bind(at)
                    .bind(merged_id)
                    .bind(merge_id)
                    .execute(&mut *tx)
                    .await?;
                let changes = log_merge_changes::<DB>(&mut tx, merge_id, GraphChange::Entity(merged_id)).await?;
                tx.commit().await?;
                Ok(Ok((recorded, merged_id, changes)))
            })
            .await?
        });
        let (recorded, merged_id, changes) = match done {
            Ok(done) => done,
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(Applied {
            merge: MergeView {
                id: merge_id,
                kept_id: recorded.kept_id,
                merged_id: Some(merged_id),
                name: recorded.name,
                reason: recorded.reason,
                by: recorded.merged_by,
                created_at: recorded.created_at,
                split_at: Some(now),
            },
            changes,
        }))
    }
}
