-- Issue 15, item 4: "has duplicates" as a stored flag (docs/GUARANTEES.md, "Has duplicates, stored").
-- Whether a conversation has a duplicate depends on other conversations, so no index on one row could
-- hold it and the filter checked DuplicateRule for every conversation (25 s at a million). The flag is
-- kept by the transactions that change the rule's inputs (merge/control/DuplicateFlags) and reconciled
-- daily; the rule itself stays in DuplicateRule. Plain SQL understood by both PostgreSQL and H2.
ALTER TABLE conversation ADD COLUMN has_duplicates BOOLEAN DEFAULT FALSE NOT NULL;

-- The backfill mirrors DuplicateRule as of V17 (a migration is a snapshot; the daily reconciliation
-- compares every flag with the rule as it is now and fixes any difference). A correlated count per
-- conversation, not an EXISTS: PostgreSQL turns that EXISTS into a hash join of every conversation of the
-- inbox with every other (docs/BENCHMARKS.md, "Scale of data"); the count is ~25 us per conversation.
UPDATE conversation SET has_duplicates = TRUE
WHERE status <> 'MERGED'
  AND (SELECT COUNT(*) FROM conversation o
       WHERE o.id <> conversation.id
         AND o.inbox_id = conversation.inbox_id
         AND o.status <> 'MERGED'
         AND o.contact_id IN (SELECT e.id FROM contact e
                              WHERE e.id = conversation.contact_id
                                 OR e.email = (SELECT ce.email FROM contact ce WHERE ce.id = conversation.contact_id))
         AND ((o.created_at <= CASE WHEN conversation.active_contact_id IS NULL
                                    THEN conversation.updated_at ELSE CURRENT_TIMESTAMP END
               AND conversation.created_at <= CASE WHEN o.active_contact_id IS NULL
                                                   THEN o.updated_at ELSE CURRENT_TIMESTAMP END)
              OR (SELECT f.content FROM message f WHERE f.id = (SELECT MIN(x.id) FROM message x
                      WHERE x.conversation_id = conversation.id AND x.sender = 'CONTACT'))
               = (SELECT f.content FROM message f WHERE f.id = (SELECT MIN(x.id) FROM message x
                      WHERE x.conversation_id = o.id AND x.sender = 'CONTACT')))) > 0;

-- The filter reads the flag, in the lists' orders: the console's (last change, newest first, by default)
-- and the agent API's (id, newest first). About one conversation in a hundred is flagged.
CREATE INDEX conversation_duplicates_updated_idx ON conversation (has_duplicates, updated_at, id);
CREATE INDEX conversation_duplicates_idx ON conversation (has_duplicates, id);
