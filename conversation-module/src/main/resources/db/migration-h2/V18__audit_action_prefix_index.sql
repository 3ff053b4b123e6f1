-- The audit search by action prefix (`action like 'prefix%'`) by index; PostgreSQL's V18 (db/migration-postgresql)
-- needs an operator class for it, H2 uses a plain index.
CREATE INDEX audit_event_action_idx ON audit_event (action);
