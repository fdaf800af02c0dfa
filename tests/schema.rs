//! schema.sql is the full current schema: executing it gives exactly what the migrations give.

use std::collections::BTreeSet;

use eventgraph::store::Store;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Executor, Row, SqlitePool};

/// Every schema object with its SQL, whitespace collapsed; FTS5 shadow tables are left out
/// because SQLite creates them itself.
async fn objects(pool: &SqlitePool) -> BTreeSet<(String, String, String)> {
    let rows = sqlx::query(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_sqlx%' \
         AND name NOT LIKE 'sqlite_%' AND NOT (type = 'table' AND name LIKE '%fts_%')",
    )
    .fetch_all(pool)
    .await
    .expect("read sqlite_master");
    rows.iter()
        .map(|r| {
            let sql: String = r.get(2);
            (
                r.get(0),
                r.get(1),
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[tokio::test]
async fn schema_sql_equals_what_the_migrations_produce() {
    let migrated = Store::open_in_memory().await.expect("migrate");
    let from_migrations = objects(migrated.pool()).await;

    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.sql"))
        .expect("read schema.sql");
    let fresh = SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .expect("open");
    fresh
        .execute(schema.as_str())
        .await
        .expect("schema.sql runs");
    let from_schema = objects(&fresh).await;

    let only_migrations: Vec<_> = from_migrations.difference(&from_schema).collect();
    let only_schema: Vec<_> = from_schema.difference(&from_migrations).collect();
    assert!(
        only_migrations.is_empty() && only_schema.is_empty(),
        "schema.sql differs from the migrations.\nonly in migrations: {only_migrations:#?}\nonly in schema.sql: {only_schema:#?}"
    );
    assert!(
        from_schema.len() > 10,
        "schema.sql holds too few objects: {}",
        from_schema.len()
    );
}
