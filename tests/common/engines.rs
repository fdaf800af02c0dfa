//! The engines a test runs on. SQLite is always there (in memory or in a temporary file).
//! PostgreSQL is the server `EVENTGRAPH_TEST_PG` names (scripts/test.sh starts one); each
//! test gets a schema of its own in it, so tests stay independent and may run in parallel.
//! Without the variable the PostgreSQL runs are skipped with a message, except under CI,
//! where they fail: CI must never pass without having run them.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The server the PostgreSQL tests use, if any.
pub fn postgres_url() -> Option<String> {
    match std::env::var("EVENTGRAPH_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "EVENTGRAPH_TEST_PG is not set, and CI must run the PostgreSQL tests: run them through scripts/test.sh"
            );
            None
        }
    }
}

impl Engine {
    /// Whether tests on this engine can run here; prints why not when they cannot.
    pub fn available(self) -> bool {
        match self {
            Self::Sqlite => true,
            Self::Postgres => {
                let found = postgres_url().is_some();
                if !found {
                    eprintln!(
                        "skipped on PostgreSQL: EVENTGRAPH_TEST_PG is not set (scripts/test.sh starts a server and sets it)"
                    );
                }
                found
            }
        }
    }
}

/// A URL of the test server whose connections work in a new, empty schema.
pub async fn fresh_postgres_schema() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let url = postgres_url().expect("EVENTGRAPH_TEST_PG is set (check Engine::available first)");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let schema = format!(
        "test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect to EVENTGRAPH_TEST_PG: {e}"));
    // The name is made here of digits and underscores: nothing to quote.
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .expect("create a test schema");
    let _ = admin.close().await;
    in_schema(&url, &schema)
}

/// `url` with its connections' search path set to `schema`.
pub fn in_schema(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}
