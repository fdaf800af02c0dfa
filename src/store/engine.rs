//! The two engines behind `Store`, and the few places their SQL differs.
//!
//! Queries are written once, with `$1`-style parameters (which SQLite accepts too), and run on
//! whichever pool the store holds through `on_engine!`: its body is compiled once per engine,
//! so a query is checked against both drivers while its text exists once. What differs by
//! dialect goes through `Dialect`.

use sqlx::{Postgres, QueryBuilder, Sqlite};

use super::read::id_array;

/// The pool of the engine a store runs on.
#[derive(Clone, Debug)]
pub(crate) enum Engine {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to the store's pool and `$db` naming its sqlx database
/// type, once per engine.
macro_rules! on_engine {
    ($store:expr, |$pool:ident, $db:ident| $body:expr) => {
        match &$store.engine {
            $crate::store::engine::Engine::Sqlite($pool) => {
                #[allow(dead_code)]
                type $db = sqlx::Sqlite;
                $body
            }
            $crate::store::engine::Engine::Postgres($pool) => {
                #[allow(dead_code)]
                type $db = sqlx::Postgres;
                $body
            }
        }
    };
}
pub(crate) use on_engine;

/// Runs the write transaction `attempt`; on an engine that may give up on one that succeeds
/// when run again (`Dialect::RUNS_AGAIN`), runs it again as ingest does (see
/// `postgres::is_retryable`).
pub(crate) async fn retrying<DB: Dialect, T, F, Fut>(mut attempt: F) -> super::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = super::Result<T>>,
{
    if DB::RUNS_AGAIN {
        super::postgres::ingest::retrying(attempt).await
    } else {
        attempt().await
    }
}

/// The SQL that is not the same on both engines.
pub(crate) trait Dialect: sqlx::Database {
    /// What opens a write transaction: SQLite takes the write lock at once, so that two
    /// writers never deadlock upgrading a read lock; PostgreSQL locks rows as it writes.
    const BEGIN_WRITE: &'static str;

    /// What a `SELECT` of rows a transaction is about to change or delete ends with: on
    /// PostgreSQL the rows are locked, so that a concurrent writer referring to them waits
    /// for the commit; SQLite's write transaction holds the whole database already.
    const FOR_UPDATE: &'static str;

    /// Whether the engine may give up on a write transaction that succeeds when run again (a
    /// deadlock, a serialisation failure): `retrying` runs it again there.
    const RUNS_AGAIN: bool;

    /// The id of a new entity, as an SQL expression: never one an entity had before.
    const NEW_ENTITY_ID: &'static str;

    /// A subquery giving the ids, bound as one parameter, for `IN (...)`: the statement text
    /// stays the same whatever the number of ids, and no list passes a bind-parameter limit.
    fn push_ids(q: &mut QueryBuilder<'_, Self>, ids: &[i64]);

    /// The articles matching the full-text `query` (see `search::fts_query`), as rows of
    /// (id, title, url, published, snip, score): `snip` the passage around the matches with
    /// the matched words in [brackets], `score` lower for better matches.
    fn push_search_hits(q: &mut QueryBuilder<'_, Self>, query: String);
}

impl Dialect for Sqlite {
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const FOR_UPDATE: &'static str = "";
    /// Writers take turns (`BEGIN IMMEDIATE`): none is given up on for another's sake.
    const RUNS_AGAIN: bool = false;
    const NEW_ENTITY_ID: &'static str = super::ids::NEXT_ENTITY_ID;

    fn push_ids(q: &mut QueryBuilder<'_, Self>, ids: &[i64]) {
        q.push("SELECT value FROM json_each(")
            .push_bind(id_array(ids))
            .push(")");
    }

    /// FTS5: bm25 rank, and a snippet of up to 16 words of the text.
    fn push_search_hits(q: &mut QueryBuilder<'_, Self>, query: String) {
        q.push(
            "SELECT a.id, a.title, a.url, a.published, snippet(articles_fts, 1, '[', ']', '…', 16) AS snip, \
             articles_fts.rank AS score \
             FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
             WHERE articles_fts MATCH ",
        )
        .push_bind(query);
    }
}

impl Dialect for Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";
    const FOR_UPDATE: &'static str = " FOR UPDATE";
    const RUNS_AGAIN: bool = true;
    /// The identity sequence never hands out an id twice.
    const NEW_ENTITY_ID: &'static str = "nextval(pg_get_serial_sequence('entities', 'id'))";

    fn push_ids(q: &mut QueryBuilder<'_, Self>, ids: &[i64]) {
        q.push("SELECT unnest(").push_bind(ids.to_vec()).push(")");
    }

    /// `websearch_to_tsquery` reads the quoted words as FTS5 does (each a phrase of one word,
    /// all required); `ts_rank`, negated so that lower is better as in FTS5, ranks (title
    /// words weigh more); `ts_headline` marks the words in one passage. The `simple`
    /// configuration folds case and keeps every word, like FTS5's tokenizer.
    fn push_search_hits(q: &mut QueryBuilder<'_, Self>, query: String) {
        q.push(
            "SELECT a.id, a.title, a.url, a.published, \
             ts_headline('simple', a.text, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…') AS snip, \
             -ts_rank(a.search, q)::float8 AS score \
             FROM articles a, websearch_to_tsquery('simple', ",
        )
        .push_bind(query)
        .push(") q WHERE a.search @@ q");
    }
}

/// The subquery of `Dialect::push_ids` for statements that bind the ids as `$1` themselves.
pub(crate) const SQLITE_IDS: &str = "SELECT value FROM json_each($1)";
pub(crate) const POSTGRES_IDS: &str = "SELECT unnest($1::bigint[])";
