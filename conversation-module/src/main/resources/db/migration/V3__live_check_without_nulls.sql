-- V1's check let a live conversation set active_contact_id to NULL (a CHECK passes on UNKNOWN),
-- hiding it from the one-live-conversation constraint. Spell the NULL case out.
ALTER TABLE conversation DROP CONSTRAINT conversation_active_matches_status;
ALTER TABLE conversation ADD CONSTRAINT conversation_active_matches_status CHECK (
    (status IN ('OPEN', 'PENDING') AND active_contact_id IS NOT NULL AND active_contact_id = contact_id)
    OR (status IN ('RESOLVED', 'MERGED') AND active_contact_id IS NULL));
