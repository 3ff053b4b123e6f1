-- Issue 15, item 4: the text a conversation can be found by (entity ConversationText), as on PostgreSQL
-- (db/migration-postgresql/V16__text_search_by_trigram_index.sql, which also adds the trigram indexes that H2
-- has no kind of: here the search reads every row, which is fine for the run command's embedded database).
-- A later migration that changes message.content, contact.name or contact.email must drop and recreate the view.
CREATE VIEW conversation_text (id, conversation_id, text) AS
    SELECT 'message:' || m.id, m.conversation_id, lower(m.content) FROM message m
    UNION ALL
    SELECT 'name:' || c.id, c.id, lower(ct.name) FROM conversation c JOIN contact ct ON ct.id = c.contact_id
    WHERE ct.name IS NOT NULL
    UNION ALL
    SELECT 'email:' || c.id, c.id, lower(ct.email) FROM conversation c JOIN contact ct ON ct.id = c.contact_id
    WHERE ct.email IS NOT NULL;
