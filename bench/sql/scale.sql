-- bench/run's scale scenario (BENCH_SCALE=1): years of an installation's data, generated set-based in SQL
-- on top of whatever the run has written so far, with every index and constraint of the schema in place,
-- so the figures measured afterwards are those of a real large database. The rows are what Parley itself
-- writes (see start/control/StartTransaction, Contacts, Conversations, merge/control/MergeTransaction):
--   psql -f bench/sql/scale.sql -c 'SELECT scale_load(1000000, 10)' -c 'VACUUM ANALYZE'
-- (one function, so that micro's QueryPlansIT loads a smaller data set of the same shape over JDBC).
-- conversations/2 contacts, each with one device token, a session.start audit entry and two
-- conversations about 18 months apart; every conversation with per_conversation messages (visitor and
-- agent in turn, 2 minutes apart), its start's idempotency record and audit entry, a message.post audit
-- entry per later message, a status change entry when resolved; 50 agents who are assigned 4 in 5
-- conversations and have seen every 4th. The newest 1 % are live (OPEN or PENDING), the rest RESOLVED;
-- 1 contact in 100 asked the same question twice ("has duplicates" finds both conversations); 1 in 500
-- had its first conversation merged into its second (a merge record, the messages moved).
-- Ids continue after the rows already there; the identity sequences are moved past them at the end.
CREATE OR REPLACE FUNCTION scale_load(conversations integer, per_conversation integer) RETURNS void
LANGUAGE plpgsql AS $scale$
DECLARE
    contacts integer;
    contact_base bigint;
    conversation_base bigint;
    message_base bigint;
    agent_base bigint;
    the_inbox bigint;
BEGIN
    contacts := conversations / 2;
    SELECT coalesce((SELECT max(id) FROM contact), 0) + 1000, coalesce((SELECT max(id) FROM conversation), 0) + 1000,
           coalesce((SELECT max(id) FROM message), 0) + 1000, coalesce((SELECT max(id) FROM agent), 0) + 1000,
           (SELECT min(id) FROM inbox)
      INTO contact_base, conversation_base, message_base, agent_base, the_inbox;

    -- 50 agents (they cannot log in: their password hash is no PBKDF2 hash of anything)
    INSERT INTO agent (id, username, display_name, password_hash, role, created_at, disabled, password_generated,
                       presence, last_active_at, last_assigned_at)
    SELECT agent_base + a, 'scale-agent-' || a, 'Agent ' || a, 'PBKDF2WithHmacSHA256:1:c2NhbGU=:c2NhbGU=', 'AGENT',
           now() - interval '4 years', false, false, 'OFFLINE', now() - interval '1 day', now() - interval '1 day'
    FROM generate_series(1, 50) a;

    -- contacts: 7 in 10 gave a name and an email; 1 in 20 is a verified identity
    INSERT INTO contact (id, inbox_id, token_hash, name, email, created_at, identifier, verified_at,
                         context_url, context_title, context_language, context_time_zone, context_browser, context_updated_at)
    SELECT contact_base + k, the_inbox, NULL,
           CASE WHEN k % 10 < 7 THEN 'Visitor ' || k END,
           CASE WHEN k % 10 < 7 THEN 'visitor' || k || '@example' || (k % 97) || '.com' END,
           now() - interval '3 years' + (k::float8 / contacts) * interval '18 months',
           CASE WHEN k % 20 = 0 THEN 'user-' || k END,
           CASE WHEN k % 20 = 0 THEN now() - interval '3 years' + (k::float8 / contacts) * interval '18 months' END,
           'https://shop.example.com/products/' || (k % 1000), 'Product ' || (k % 1000), 'en-GB', 'Europe/London',
           'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
           now() - interval '3 years' + (k::float8 / contacts) * interval '18 months'
    FROM generate_series(1, contacts) k;

    -- one device per contact, stored as the SHA-256 of a token nobody holds
    INSERT INTO contact_token (contact_id, token_hash, created_at, last_used_at)
    SELECT c.id, encode(sha256(convert_to('scale-token-' || c.id, 'UTF8')), 'hex'), c.created_at, c.created_at
    FROM contact c WHERE c.id > contact_base;

    -- conversation n (1..conversations) belongs to contact k = (n-1) % contacts + 1 and is its
    -- ((n-1) / contacts + 1)-th; ids grow with time, as Parley hands them out
    DROP TABLE IF EXISTS scale_conversation;
    CREATE TEMP TABLE scale_conversation AS
    SELECT n, conversation_base + n AS id, (n - 1) % contacts + 1 AS k, (n - 1) / contacts AS nth,
           now() - interval '3 years' + (n::float8 / conversations) * interval '3 years' - interval '2 hours' AS created_at
    FROM generate_series(1, conversations) n;

    -- has_duplicates is what DuplicateRule answers for these rows (V17): only the two conversations of a contact
    -- that asked the same first question twice are duplicates (none of those contacts had a merge: k % 500 = 250
    -- is never k % 100 = 0; the others are 18 months apart, their first questions differ, their emails are unique)
    INSERT INTO conversation (id, inbox_id, contact_id, status, active_contact_id, merged_into_id, created_at, updated_at,
                              assignee_id, has_duplicates)
    SELECT s.id, the_inbox, contact_base + s.k,
           CASE WHEN s.nth = 0 AND s.k % 500 = 250 THEN 'MERGED'
                WHEN s.n > conversations * 0.99 THEN CASE WHEN s.n % 3 = 0 THEN 'PENDING' ELSE 'OPEN' END
                ELSE 'RESOLVED' END,
           CASE WHEN s.n > conversations * 0.99 AND NOT (s.nth = 0 AND s.k % 500 = 250) THEN contact_base + s.k END,
           CASE WHEN s.nth = 0 AND s.k % 500 = 250 THEN s.id + contacts END,
           s.created_at,
           s.created_at + (per_conversation * 2 + 5) * interval '1 minute',
           CASE WHEN s.n % 5 <> 0 THEN agent_base + 1 + s.n % 50 END,
           s.k % 100 = 0
    FROM scale_conversation s
    ORDER BY s.id;

    -- the visitor writes first, then agent and visitor in turn; the first question is the same in both
    -- conversations of 1 contact in 100, and differs otherwise
    INSERT INTO message (id, conversation_id, origin_conversation_id, sender, author, content, echo_id, created_at)
    SELECT message_base + (s.n - 1) * per_conversation + j + 1,
           CASE WHEN s.nth = 0 AND s.k % 500 = 250 THEN s.id + contacts ELSE s.id END,
           s.id,
           CASE WHEN j % 2 = 0 THEN 'CONTACT' ELSE 'AGENT' END,
           CASE WHEN j % 2 = 0 THEN CASE WHEN s.k % 10 < 7 THEN 'Visitor ' || s.k END ELSE 'Agent ' || (1 + s.n % 50) END,
           CASE WHEN j = 0 THEN 'Hello, I have a question about my order ' || CASE WHEN s.k % 100 = 0 THEN s.k ELSE s.n END
                    || ': it has not arrived yet and the tracking page says nothing.'
                WHEN j % 2 = 1 THEN 'Thanks for writing. Let me look at order ' || s.n || ' for you, one moment please.'
                ELSE 'Reply ' || j || ' of the visitor in conversation ' || s.n || ', with a few more words to be realistic.' END,
           CASE WHEN j % 2 = 0 AND j > 0 THEN 'echo-' || s.n || '-' || j END,
           s.created_at + j * interval '2 minutes'
    FROM scale_conversation s, generate_series(0, per_conversation - 1) j
    ORDER BY 1;

    INSERT INTO merge_record (target_id, source_id, source_previous_status, target_previous_status, cross_contact, actor,
                              merged_at)
    SELECT s.id + contacts, s.id, 'RESOLVED', 'RESOLVED', false, 'agent:scale-agent-1',
           s.created_at + interval '19 months'
    FROM scale_conversation s WHERE s.nth = 0 AND s.k % 500 = 250;
    INSERT INTO merge_moved_message (merge_id, message_id)
    SELECT r.id, m.id FROM merge_record r JOIN message m ON m.origin_conversation_id = r.source_id
    WHERE r.source_id > conversation_base AND m.conversation_id = r.target_id;

    -- a start's key (a random UUID, as the widget makes one), kept a day
    INSERT INTO idempotency_record (contact_id, idempotency_key, request_hash, response_status, conversation_id,
                                    created_at, expires_at)
    SELECT contact_base + s.k, md5('key' || s.n)::uuid::text, encode(sha256(convert_to('body' || s.n, 'UTF8')), 'hex'),
           201, s.id, s.created_at, s.created_at + interval '1 day'
    FROM scale_conversation s ORDER BY s.id;

    INSERT INTO conversation_seen (agent_id, conversation_id, last_seen_message_id)
    SELECT agent_base + 1 + s.n % 50, s.id, message_base + s.n * per_conversation
    FROM scale_conversation s WHERE s.n % 5 <> 0 AND s.n % 4 = 0 AND NOT (s.nth = 0 AND s.k % 500 = 250);

    INSERT INTO audit_event (occurred_at, action, outcome, actor, request_id, contact_id, conversation_id, detail)
    SELECT c.created_at, 'session.start', 'created', 'contact:' || c.id, md5('session' || c.id)::uuid::text, c.id, NULL,
           'inbox ' || the_inbox
    FROM contact c WHERE c.id > contact_base ORDER BY c.id;
    INSERT INTO audit_event (occurred_at, action, outcome, actor, request_id, contact_id, conversation_id, detail)
    SELECT s.created_at, 'conversation.start', 'created', 'contact:' || (contact_base + s.k), md5('key' || s.n)::uuid::text,
           contact_base + s.k, s.id, 'Idempotency-Key ' || md5('key' || s.n)::uuid::text
    FROM scale_conversation s ORDER BY s.id;

    INSERT INTO audit_event (occurred_at, action, outcome, actor, request_id, contact_id, conversation_id, detail)
    SELECT m.created_at, 'message.post', 'created',
           CASE WHEN m.sender = 'CONTACT' THEN 'contact:' || (contact_base + s.k) ELSE 'agent:scale-agent-' || (1 + s.n % 50) END,
           md5('message' || m.id)::uuid::text, contact_base + s.k, m.origin_conversation_id, 'message ' || m.id
    FROM scale_conversation s JOIN message m ON m.origin_conversation_id = s.id
    WHERE m.id > message_base AND m.id <> message_base + (s.n - 1) * per_conversation + 1
    ORDER BY m.id;

    INSERT INTO audit_event (occurred_at, action, outcome, actor, request_id, contact_id, conversation_id, detail)
    SELECT s.created_at + (per_conversation * 2 + 5) * interval '1 minute', 'conversation.status', 'OPEN->RESOLVED',
           'agent:scale-agent-' || (1 + s.n % 50), md5('status' || s.n)::uuid::text, contact_base + s.k, s.id, NULL
    FROM scale_conversation s WHERE s.n <= conversations * 0.99 ORDER BY s.id;

    PERFORM setval(pg_get_serial_sequence('agent', 'id'), (SELECT max(id) FROM agent));
    PERFORM setval(pg_get_serial_sequence('contact', 'id'), (SELECT max(id) FROM contact));
    PERFORM setval(pg_get_serial_sequence('conversation', 'id'), (SELECT max(id) FROM conversation));
    PERFORM setval(pg_get_serial_sequence('message', 'id'), (SELECT max(id) FROM message));
    DROP TABLE scale_conversation;
END
$scale$;
