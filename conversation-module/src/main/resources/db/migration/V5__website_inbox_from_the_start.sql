-- The website inbox exists from the migrations on, so that nodes starting together against an
-- empty database never race to create it (Flyway serializes migrations across nodes). The first
-- start replaces the placeholder token (DefaultInbox).
INSERT INTO inbox (name, website_token, allowed_origins, auto_merge_policy, created_at)
SELECT 'Website', 'unset', '*', 'SUGGEST', CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM inbox);
