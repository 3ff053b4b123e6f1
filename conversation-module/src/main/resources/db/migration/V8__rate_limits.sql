-- Rate-limit counters shared by every node: one row per limit and subject (an address, a contact),
-- counting hits in the current fixed window. Rows of past windows are overwritten by the next hit
-- and deleted by RateCounter's hourly sweep.
CREATE TABLE rate_limit (
    bucket       VARCHAR(300) NOT NULL PRIMARY KEY,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    hits         INTEGER NOT NULL
);

-- An idempotency record keeps what is needed to replay a start (its status and its conversation), not a
-- copy of the conversation: a replay answers the conversation as it is now.
ALTER TABLE idempotency_record DROP COLUMN response_body;
