-- pgbench: the minimal "new visitor starts a chat" transaction on Parley's own schema, the
-- database's share of POST /session + POST /conversations (no HTTP, JSON, JAX-RS, EJB or JPA).
BEGIN;
INSERT INTO contact (inbox_id, created_at) VALUES (1, now()) RETURNING id AS contact \gset
INSERT INTO contact_token (contact_id, token_hash, created_at, last_used_at) VALUES (:contact, md5(random()::text) || md5(random()::text), now(), now());
INSERT INTO audit_event (occurred_at, action, outcome, actor, contact_id) VALUES (now(), 'session.start', 'created', 'bench', :contact);
COMMIT;
BEGIN;
SELECT id FROM contact WHERE id = :contact FOR NO KEY UPDATE;
SELECT id FROM idempotency_record WHERE contact_id = :contact AND idempotency_key = 'k';
SELECT id FROM conversation WHERE contact_id = :contact AND inbox_id = 1 AND active_contact_id IS NOT NULL FOR NO KEY UPDATE;
INSERT INTO conversation (inbox_id, contact_id, status, active_contact_id, created_at, updated_at) VALUES (1, :contact, 'OPEN', :contact, now(), now()) RETURNING id AS conversation \gset
INSERT INTO message (conversation_id, origin_conversation_id, sender, author, content, created_at) VALUES (:conversation, :conversation, 'CONTACT', 'Bench', 'Hello', now());
INSERT INTO idempotency_record (contact_id, idempotency_key, request_hash, response_status, conversation_id, created_at, expires_at) VALUES (:contact, 'k', md5('x'), 201, :conversation, now(), now() + interval '1 day');
INSERT INTO audit_event (occurred_at, action, outcome, actor, contact_id, conversation_id) VALUES (now(), 'conversation.start', 'created', 'bench', :contact, :conversation);
COMMIT;
