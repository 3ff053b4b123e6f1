-- Issue 15: the reads that must stay fast with a million conversations (docs/BENCHMARKS.md, "Scale of
-- data"; micro's QueryPlansIT checks their plans). Plain SQL understood by both PostgreSQL and H2.

-- "The same person" of DuplicateRule: the other contacts with this contact's email, whatever the inbox.
-- contact_inbox_email_idx leads with inbox_id, which that lookup does not give.
CREATE INDEX contact_email_idx ON contact (email);

-- The console lists conversations by last change (its default) or by creation, newest first, a page at a
-- time: without these, each page sorted every conversation of the filter.
CREATE INDEX conversation_updated_idx ON conversation (updated_at, id);
CREATE INDEX conversation_created_idx ON conversation (created_at, id);
