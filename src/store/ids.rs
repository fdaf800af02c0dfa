//! New ids for articles, events and entities on SQLite: above every id present and every id ever
//! deleted (the `retired_ids` table, kept by triggers), so an id a client saw never names
//! another row. (PostgreSQL's identity sequences never hand out an id twice by themselves.)

/// The id of a new article, as an SQL expression.
pub(super) const NEXT_ARTICLE_ID: &str = "(SELECT max(n) + 1 FROM (\
     SELECT coalesce(max(id), 0) AS n FROM articles \
     UNION ALL SELECT last_id FROM retired_ids WHERE table_name = 'articles') AS ids)";

/// The id of a new event, as an SQL expression.
pub(super) const NEXT_EVENT_ID: &str = "(SELECT max(n) + 1 FROM (\
     SELECT coalesce(max(id), 0) AS n FROM events \
     UNION ALL SELECT last_id FROM retired_ids WHERE table_name = 'events') AS ids)";

/// The id of a new entity, as an SQL expression: a merged entity's id stays free for its split.
pub(super) const NEXT_ENTITY_ID: &str = "(SELECT max(n) + 1 FROM (\
     SELECT coalesce(max(id), 0) AS n FROM entities \
     UNION ALL SELECT last_id FROM retired_ids WHERE table_name = 'entities') AS ids)";
