//! Copying every row of one store into another, on either engine: moving from SQLite to
//! PostgreSQL and back. Rows keep their ids, so what refers to them stays right; a row the
//! target holds already (same key) is left as it is, so a copy run again, or after an
//! interruption, adds only what is missing.

use sqlx::{QueryBuilder, Row};

use super::engine::{on_engine, Dialect, Engine};
use super::{Result, Store, StoreError};

/// Rows read and written at a time: a few thousand bound values per statement, under both
/// engines' limits.
const BATCH: usize = 500;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Real,
    Text,
}

/// A table as copied: its columns (quoted where SQL needs it) and the key it is paged by.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    key: &'static [&'static str],
}

use Kind::{Int, Real, Text};

/// Every table, parents before the tables that refer to them. PostgreSQL's `search` column
/// is left out: the server computes it (and SQLite's full-text index is kept by triggers).
const TABLES: &[Table] = &[
    Table {
        name: "articles",
        columns: &[
            ("id", Int),
            ("url", Text),
            ("content_hash", Text),
            ("source", Text),
            ("title", Text),
            ("published", Text),
            ("published_precision", Text),
            ("published_from", Text),
            ("text", Text),
            ("ingested_at", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "entities",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("name", Text),
            ("norm_name", Text),
            ("country", Text),
            ("title", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "entity_aliases",
        columns: &[("entity_id", Int), ("alias", Text), ("norm_alias", Text)],
        key: &["entity_id", "norm_alias"],
    },
    Table {
        name: "mentions",
        columns: &[
            ("id", Int),
            ("article_id", Int),
            ("entity_id", Int),
            ("start", Int),
            ("\"end\"", Int),
            ("text", Text),
            ("form", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "events",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("status", Text),
            ("date_value", Text),
            ("date_precision", Text),
            ("date_start", Text),
            ("date_end", Text),
            ("date_text", Text),
            ("place", Text),
            ("confidence", Real),
            ("cameo", Text),
            ("plover", Text),
            ("merge_key", Text),
            ("created_at", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "event_participants",
        columns: &[("event_id", Int), ("entity_id", Int), ("role", Text)],
        key: &["event_id", "entity_id"],
    },
    Table {
        name: "event_evidence",
        columns: &[
            ("id", Int),
            ("event_id", Int),
            ("article_id", Int),
            ("start", Int),
            ("\"end\"", Int),
            ("sentence", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "entity_merges",
        columns: &[
            ("id", Int),
            ("kept_id", Int),
            ("merged_id", Int),
            ("kind", Text),
            ("name", Text),
            ("norm_name", Text),
            ("country", Text),
            ("title", Text),
            ("reason", Text),
            ("merged_by", Text),
            ("created_at", Text),
            ("split_at", Text),
        ],
        key: &["id"],
    },
    Table {
        name: "entity_merge_aliases",
        columns: &[
            ("merge_id", Int),
            ("alias", Text),
            ("norm_alias", Text),
            ("added", Int),
        ],
        key: &["merge_id", "norm_alias"],
    },
    Table {
        name: "entity_merge_mentions",
        columns: &[("merge_id", Int), ("mention_id", Int)],
        key: &["merge_id", "mention_id"],
    },
    Table {
        name: "entity_merge_participants",
        columns: &[
            ("merge_id", Int),
            ("event_id", Int),
            ("role", Text),
            ("moved", Int),
        ],
        key: &["merge_id", "event_id"],
    },
];

/// One value as copied.
#[derive(Clone, Debug)]
enum Cell {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

/// What a copy did to one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCopy {
    pub table: &'static str,
    /// Rows in the source.
    pub rows: u64,
    /// Rows the target did not hold and now does.
    pub added: u64,
    /// Rows in the target afterwards.
    pub target_rows: u64,
}

impl Store {
    /// The number of rows the copy reads: for a progress bar.
    pub async fn copy_size(&self) -> Result<u64> {
        let mut total = 0;
        for table in TABLES {
            total += self.count(table.name).await?;
        }
        Ok(total)
    }

    async fn count(&self, table: &'static str) -> Result<u64> {
        // `table` is one of TABLES' names, never user text.
        let sql = format!("SELECT count(*) FROM {table}");
        let n: i64 = on_engine!(self, |pool, DB| {
            sqlx::query_scalar(&sql).fetch_one(pool).await?
        });
        Ok(n as u64)
    }

    /// Copies every row of `self` into `target`, table by table, reporting each batch's rows
    /// to `progress`. Fails when the target ends up with fewer rows than the source in any
    /// table (rows it holds under the same keys but from another store).
    pub async fn copy_into(
        &self,
        target: &Store,
        mut progress: impl FnMut(u64),
    ) -> Result<Vec<TableCopy>> {
        let handed_out = self.ids_handed_out().await?;
        let mut report = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let mut after: Option<Vec<Cell>> = None;
            let mut rows = 0;
            let mut added = 0;
            loop {
                let batch = self.read_batch(table, after.as_deref()).await?;
                if batch.is_empty() {
                    break;
                }
                rows += batch.len() as u64;
                added += target.write_batch(table, &batch).await?;
                progress(batch.len() as u64);
                let last = batch.last().expect("a non-empty batch");
                after = Some(key_of(table, last));
            }
            let target_rows = target.count(table.name).await?;
            if target_rows < rows {
                return Err(StoreError::Invalid(format!(
                    "the target's {} hold other rows under the same keys ({} of the source's {rows} rows are there): copy into an empty store",
                    table.name, target_rows
                )));
            }
            report.push(TableCopy {
                table: table.name,
                rows,
                added,
                target_rows,
            });
        }
        target.after_copied_ids(&handed_out).await?;
        Ok(report)
    }

    /// The next rows of `table` in key order, after the key `after`.
    async fn read_batch(&self, table: &Table, after: Option<&[Cell]>) -> Result<Vec<Vec<Cell>>> {
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let key = table.key.join(", ");
        on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(format!(
                "SELECT {} FROM {} WHERE 1 = 1",
                columns.join(", "),
                table.name
            ));
            if let Some(after) = after {
                // Row values compare in key order on both engines.
                q.push(format!(" AND ({key}) > ("));
                let mut values = q.separated(", ");
                for cell in after {
                    match cell {
                        Cell::Int(v) => values.push_bind(*v),
                        Cell::Real(v) => values.push_bind(*v),
                        Cell::Text(v) => values.push_bind(v.clone()),
                    };
                }
                q.push(")");
            }
            q.push(format!(" ORDER BY {key} LIMIT "))
                .push_bind(BATCH as i64);
            let rows = q.build().fetch_all(pool).await?;
            let mut batch = Vec::with_capacity(rows.len());
            for r in rows {
                let mut cells = Vec::with_capacity(table.columns.len());
                for (i, (_, kind)) in table.columns.iter().enumerate() {
                    cells.push(match kind {
                        Int => Cell::Int(r.try_get(i)?),
                        Real => Cell::Real(r.try_get(i)?),
                        Text => Cell::Text(r.try_get(i)?),
                    });
                }
                batch.push(cells);
            }
            Ok(batch)
        })
    }

    /// Inserts the rows the target lacks, in one transaction; returns how many.
    async fn write_batch(&self, table: &Table, batch: &[Vec<Cell>]) -> Result<u64> {
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        on_engine!(self, |pool, DB| {
            let mut q = QueryBuilder::<DB>::new(format!(
                "INSERT INTO {} ({}) ",
                table.name,
                columns.join(", ")
            ));
            q.push_values(batch, |mut b, row| {
                for cell in row {
                    match cell {
                        Cell::Int(v) => b.push_bind(*v),
                        Cell::Real(v) => b.push_bind(*v),
                        Cell::Text(v) => b.push_bind(v.clone()),
                    };
                }
            });
            q.push(" ON CONFLICT DO NOTHING");
            let mut tx = pool.begin_with(DB::BEGIN_WRITE).await?;
            let added = q.build().execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            Ok(added)
        })
    }

    /// The highest id each of articles, entities and events ever handed out, where that can
    /// be above every id present (rows deleted since, entities merged away): SQLite's
    /// `retired_ids`, PostgreSQL's identity sequences.
    async fn ids_handed_out(&self) -> Result<Vec<(String, i64)>> {
        Ok(match &self.engine {
            Engine::Sqlite(pool) => {
                sqlx::query_as("SELECT table_name, last_id FROM retired_ids ORDER BY table_name")
                    .fetch_all(pool)
                    .await?
            }
            Engine::Postgres(pool) => {
                let mut ids = Vec::new();
                for table in RETIRED {
                    // `table` is one of RETIRED's names, never user text.
                    let last: Option<i64> = sqlx::query_scalar(&format!(
                        "SELECT pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')::regclass)"
                    ))
                    .fetch_one(pool)
                    .await?;
                    if let Some(last) = last {
                        ids.push((table.to_string(), last));
                    }
                }
                ids
            }
        })
    }

    /// After a copy: the target hands out no id the source handed out already, be it of a row
    /// present, a row deleted, or an entity merged away (whose id its split restores).
    async fn after_copied_ids(&self, handed_out: &[(String, i64)]) -> Result<()> {
        self.after_explicit_ids().await?;
        let merged: Option<i64> = on_engine!(self, |pool, DB| {
            sqlx::query_scalar("SELECT max(merged_id) FROM entity_merges")
                .fetch_one(pool)
                .await?
        });
        let floors = handed_out
            .iter()
            .filter(|(table, _)| RETIRED.contains(&table.as_str()))
            .map(|(table, id)| (table.as_str(), *id))
            .chain(merged.map(|id| ("entities", id)));
        for (table, id) in floors {
            match &self.engine {
                Engine::Sqlite(pool) => {
                    sqlx::query(
                        "INSERT INTO retired_ids (table_name, last_id) VALUES ($1, $2) \
                         ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id)",
                    )
                    .bind(table)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                Engine::Postgres(pool) => {
                    // `table` is one of RETIRED's names, never user text. The sequence only
                    // moves forward: `after_explicit_ids` set it to the highest id present.
                    let sequence = format!("pg_get_serial_sequence('{table}', 'id')");
                    sqlx::query(&format!(
                        "SELECT setval({sequence}, GREATEST(pg_sequence_last_value({sequence}::regclass), $1))"
                    ))
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// After rows were written with their ids: PostgreSQL's identity sequences go on after
    /// the highest, so that no id is handed out twice. (SQLite takes the next id from the
    /// table itself.) Entities go on after every merged entity's id too: a split gives it
    /// back.
    pub(super) async fn after_explicit_ids(&self) -> Result<()> {
        let Engine::Postgres(pool) = &self.engine else {
            return Ok(());
        };
        for table in [
            "articles",
            "entities",
            "mentions",
            "events",
            "event_evidence",
            "entity_merges",
        ] {
            let merged = if table == "entities" {
                ", (SELECT max(merged_id) FROM entity_merges)"
            } else {
                ""
            };
            // `table` is one of the names above, never user text.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT max(id) FROM {table}){merged}, 1))"
            ))
            .execute(pool)
            .await?;
        }
        Ok(())
    }
}

/// The tables whose ids SQLite's `retired_ids` keeps from being handed out again.
const RETIRED: [&str; 3] = ["articles", "entities", "events"];

/// The key columns' values of a row.
fn key_of(table: &Table, row: &[Cell]) -> Vec<Cell> {
    table
        .key
        .iter()
        .map(|k| {
            let i = table
                .columns
                .iter()
                .position(|(c, _)| c == k)
                .expect("key columns are columns");
            row[i].clone()
        })
        .collect()
}
