-- The audit search by action prefix (`action=conversation.merge` finds every merge action), written
-- `action like 'prefix%'`, read by index. A plain B-tree serves a LIKE prefix only under the C collation;
-- varchar_pattern_ops compares character by character whatever the database's collation is. A common prefix
-- still reads the table in order and stops at the page (and the list's total stops at 10,001 rows); a rare
-- one (a merge among millions of messages posted) was a full scan of the log for the page and its count.
--
-- PostgreSQL only; H2's V18 (db/migration-h2) is a plain index, which H2 uses for a LIKE prefix.
-- Built CONCURRENTLY (V18__audit_action_prefix_index.sql.conf), like V16, so the audit writes of the nodes
-- still running go on while it builds; dropped first so that a rerun after a failed build starts clean.
DROP INDEX CONCURRENTLY IF EXISTS audit_event_action_idx;
CREATE INDEX CONCURRENTLY audit_event_action_idx ON audit_event (action varchar_pattern_ops);
