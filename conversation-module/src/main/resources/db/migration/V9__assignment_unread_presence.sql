-- Issue 13: who answers a conversation, who is there to answer, and what each agent has seen.

-- The agent a conversation is assigned to; NULL while nobody has it. Changed under the conversation
-- row's lock (take, assign) or by a conditional update (round robin), so a race ends with one assignee.
ALTER TABLE conversation ADD COLUMN assignee_id BIGINT;
ALTER TABLE conversation ADD CONSTRAINT conversation_assignee_fk FOREIGN KEY (assignee_id) REFERENCES agent (id);
-- "assigned to me", "unassigned", and the caller's live conversations (active_contact_id is set while live)
CREATE INDEX conversation_assignee_idx ON conversation (assignee_id, active_contact_id);

-- Presence as the agent reported it, and when it last showed signs of life; the effective presence
-- (ONLINE turning AWAY, then OFFLINE, when the activity stops) is computed from both when read.
-- last_assigned_at orders the round robin: the online agent assigned longest ago is next.
ALTER TABLE agent ADD COLUMN presence VARCHAR(10) DEFAULT 'OFFLINE' NOT NULL;
ALTER TABLE agent ADD COLUMN last_active_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE agent ADD COLUMN last_assigned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE agent ADD CONSTRAINT agent_presence_known CHECK (presence IN ('ONLINE', 'AWAY', 'OFFLINE'));
CREATE INDEX agent_presence_idx ON agent (presence, last_active_at);

-- Automatic round-robin assignment of new conversations among online agents; off by default.
ALTER TABLE inbox ADD COLUMN auto_assign BOOLEAN DEFAULT FALSE NOT NULL;

-- The newest message each agent has seen in each conversation. Only ever raised (an upsert with
-- greatest()), so concurrent "seen" calls of one agent cannot move it backwards.
CREATE TABLE conversation_seen (
    agent_id             BIGINT NOT NULL REFERENCES agent (id),
    conversation_id      BIGINT NOT NULL REFERENCES conversation (id),
    last_seen_message_id BIGINT NOT NULL,
    CONSTRAINT conversation_seen_pk PRIMARY KEY (agent_id, conversation_id)
);

-- Unread counts: the visitor's messages of a conversation after a message id.
CREATE INDEX message_unread_idx ON message (conversation_id, sender, id);
