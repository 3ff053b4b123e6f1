-- Issue 15, item 4: the agent API's and the console's substring searches (`q`: the visitor's name, email or any
-- message; `email`; `name`), written `lower(x) like '%…%'`, read by index (docs/BENCHMARKS.md, "text search by
-- trigram index"; micro's QueryPlansIT checks the plans). A B-tree cannot serve a pattern with a leading `%`;
-- a GIN index of pg_trgm's trigrams can, for any pattern of at least 3 characters.
--
-- PostgreSQL only: SchemaMigration adds this folder to Flyway's locations on PostgreSQL, so H2 (the run
-- command's embedded database) never sees a V16 and keeps its plain scans.
--
-- pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner may create it without
-- superuser rights. Where the application's user may not (docs/OPERATIONS.md), an administrator runs the
-- CREATE EXTENSION below once, beforehand; the IF NOT EXISTS then passes.
--
-- The indexes are built CONCURRENTLY, so that upgrading a large installation does not block the writes of the
-- nodes still running while they build (minutes on 10 million messages). That cannot run in a transaction:
-- V16__text_search_by_trigram_index.sql.conf says so to Flyway. Each index is dropped first (if there): after a
-- failure half-way, a CONCURRENTLY build leaves an INVALID index behind, which IF NOT EXISTS would keep; so the
-- rerun after `DELETE FROM flyway_schema_history WHERE version = '16' AND NOT success` (docs/OPERATIONS.md)
-- builds every index afresh.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DROP INDEX CONCURRENTLY IF EXISTS message_content_trgm_idx;
CREATE INDEX CONCURRENTLY message_content_trgm_idx ON message USING gin (lower(content) gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS contact_email_trgm_idx;
CREATE INDEX CONCURRENTLY contact_email_trgm_idx ON contact USING gin (lower(email) gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS contact_name_trgm_idx;
CREATE INDEX CONCURRENTLY contact_name_trgm_idx ON contact USING gin (lower(name) gin_trgm_ops);

-- The text a conversation can be found by (entity ConversationText), one row per message, name and email,
-- lower-cased as the indexes above are: `q` asks `conversation.id in (select conversation_id from
-- conversation_text where text like …)`, which PostgreSQL answers branch by branch by those indexes. The same
-- view exists on H2 (db/migration-h2).
-- A later migration that changes message.content, contact.name or contact.email must drop and recreate the view.
CREATE OR REPLACE VIEW conversation_text (id, conversation_id, text) AS
    SELECT 'message:' || m.id, m.conversation_id, lower(m.content) FROM message m
    UNION ALL
    SELECT 'name:' || c.id, c.id, lower(ct.name) FROM conversation c JOIN contact ct ON ct.id = c.contact_id
    WHERE ct.name IS NOT NULL
    UNION ALL
    SELECT 'email:' || c.id, c.id, lower(ct.email) FROM conversation c JOIN contact ct ON ct.id = c.contact_id
    WHERE ct.email IS NOT NULL;
