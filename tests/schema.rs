//! schema.sql and schema.postgres.sql are the full current schemas: executing one gives
//! exactly what its engine's migrations give.

mod common;

use std::collections::BTreeSet;

use common::engines;
use eventgraph::store::Store;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Connection, Executor, PgConnection, Row, SqlitePool};

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
    let from_migrations = objects(migrated.sqlite_pool().expect("SQLite")).await;

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

/// Every object of a PostgreSQL schema, described by the server's catalogs: columns with
/// types, defaults, identity and generation; constraints; indexes; views; triggers. The
/// schema's name is taken out so that two schemas compare.
async fn pg_objects(db: &mut PgConnection, schema: &str) -> BTreeSet<String> {
    let queries = [
        "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable \
            || ' default=' || COALESCE(column_default, '') || ' identity=' || is_identity || ' ' || COALESCE(identity_generation, '') \
            || ' generated=' || COALESCE(generation_expression, '') \
         FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_sqlx_migrations'",
        "SELECT 'constraint ' || rel.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) \
         FROM pg_constraint c JOIN pg_class rel ON rel.oid = c.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace \
         WHERE n.nspname = $1 AND rel.relname <> '_sqlx_migrations'",
        "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_sqlx_migrations'",
        "SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = $1",
        "SELECT 'trigger ' || event_object_table || ' ' || trigger_name || ' ' || event_manipulation || ' ' || action_statement \
         FROM information_schema.triggers WHERE trigger_schema = $1",
    ];
    let mut objects = BTreeSet::new();
    for sql in queries {
        let rows: Vec<String> = sqlx::query_scalar(sql)
            .bind(schema)
            .fetch_all(&mut *db)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        for row in rows {
            let row = row.replace(&format!("{schema}."), "");
            objects.insert(row.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    objects
}

#[tokio::test]
async fn schema_postgres_sql_equals_what_the_postgres_migrations_produce() {
    if !common::Engine::Postgres.available() {
        return;
    }
    let migrated_url = engines::fresh_postgres_schema().await;
    Store::open_postgres(&migrated_url).await.expect("migrate");
    let fresh_url = engines::fresh_postgres_schema().await;
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.postgres.sql"))
            .expect("read schema.postgres.sql");
    let mut fresh = PgConnection::connect(&fresh_url).await.expect("connect");
    fresh
        .execute(schema.as_str())
        .await
        .expect("schema.postgres.sql runs");

    let mut db = PgConnection::connect(&migrated_url).await.expect("connect");
    let schema_of = |url: &str| {
        url.rsplit("search_path%3D")
            .next()
            .expect("a schema in the URL")
            .to_string()
    };
    let from_migrations = pg_objects(&mut db, &schema_of(&migrated_url)).await;
    let from_schema = pg_objects(&mut db, &schema_of(&fresh_url)).await;

    let only_migrations: Vec<_> = from_migrations.difference(&from_schema).collect();
    let only_schema: Vec<_> = from_schema.difference(&from_migrations).collect();
    assert!(
        only_migrations.is_empty() && only_schema.is_empty(),
        "schema.postgres.sql differs from the migrations.\nonly in migrations: {only_migrations:#?}\nonly in schema.postgres.sql: {only_schema:#?}"
    );
    for wanted in [
        "index CREATE INDEX articles_search ON articles USING gin (search)",
        "view contacts",
    ] {
        assert!(
            from_schema.iter().any(|o| o.starts_with(wanted)),
            "no {wanted:?} in {from_schema:#?}"
        );
    }
    assert!(
        from_schema.len() > 60,
        "schema.postgres.sql holds too few objects: {}",
        from_schema.len()
    );
}
