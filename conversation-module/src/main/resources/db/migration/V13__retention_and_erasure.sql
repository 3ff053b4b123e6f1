-- Issue 14: retention of an inbox's data, and erasure of a visitor's personal data.

-- Per inbox, in days; NULL keeps the data forever (the default: nothing is deleted until an admin
-- chooses a period). message_retention_days scrubs the texts of resolved conversations' messages
-- (the rows, counts and timestamps stay); audit_retention_days deletes audit entries about the
-- inbox's contacts (entries about no contact follow the first inbox's setting).
ALTER TABLE inbox ADD COLUMN message_retention_days INTEGER;
ALTER TABLE inbox ADD COLUMN audit_retention_days INTEGER;
ALTER TABLE inbox ADD CONSTRAINT inbox_message_retention_positive CHECK (message_retention_days IS NULL OR message_retention_days BETWEEN 1 AND 36500);
ALTER TABLE inbox ADD CONSTRAINT inbox_audit_retention_positive CHECK (audit_retention_days IS NULL OR audit_retention_days BETWEEN 1 AND 36500);
-- Whether the widget may file a visitor's own erasure request (off by default).
ALTER TABLE inbox ADD COLUMN visitor_erasure_requests BOOLEAN DEFAULT FALSE NOT NULL;

-- A message whose text was removed (by retention or by its visitor's erasure): content then holds
-- a fixed placeholder, the row keeps its id, sender, conversation and time.
ALTER TABLE message ADD COLUMN redacted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX message_redaction_idx ON message (conversation_id, redacted_at);

-- A contact whose personal data was erased: name, email, identifier and context are NULL from then on.
ALTER TABLE contact ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;

-- The job's batches find old resolved conversations without a full scan.
CREATE INDEX conversation_status_updated_idx ON conversation (status, updated_at);
