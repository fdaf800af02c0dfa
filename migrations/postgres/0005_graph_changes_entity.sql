-- A split brings back an entity that may take part in no event, so no 'event' change would
-- bring it back into a server's graph: the log also says 'entity' (read it again).
ALTER TABLE graph_changes DROP CONSTRAINT graph_changes_change_check;
ALTER TABLE graph_changes ADD CONSTRAINT graph_changes_change_check
    CHECK (change IN ('event', 'event deleted', 'entity deleted', 'entity'));
