-- Views for analysts who query the SQLite file directly.

-- Every pair of people who took part in the same event (one row per pair and event).
CREATE VIEW contacts AS
SELECT e.id AS event_id, e.kind, e.status, e.date_value, e.date_start, e.place,
       a.id AS a_id, a.name AS a_name, a.country AS a_country,
       b.id AS b_id, b.name AS b_name, b.country AS b_country
FROM events e
JOIN event_participants pa ON pa.event_id = e.id
JOIN entities a ON a.id = pa.entity_id AND a.kind = 'person'
JOIN event_participants pb ON pb.event_id = e.id
JOIN entities b ON b.id = pb.entity_id AND b.kind = 'person' AND b.id > a.id;

-- Every entity's events, with the article urls that report them; order by date_start.
CREATE VIEW timeline AS
SELECT n.id AS entity_id, n.name AS entity_name, n.kind AS entity_kind,
       e.id AS event_id, e.kind, e.status, e.date_value, e.date_precision, e.date_start, e.place, p.role,
       (SELECT group_concat(DISTINCT COALESCE(a.url, a.source)) FROM event_evidence v JOIN articles a ON a.id = v.article_id WHERE v.event_id = e.id) AS sources
FROM events e
JOIN event_participants p ON p.event_id = e.id
JOIN entities n ON n.id = p.entity_id;
