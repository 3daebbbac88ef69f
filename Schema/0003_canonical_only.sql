-- 0003 — the canonical text becomes the only stored copy of an event's payload and metadata.
--
-- 0001 kept jsonb copies of both beside the hashed bytes. Every append paid for parsing and
-- writing them twice over, and verify had to prove the copies still matched. Readers now take
-- payload and metadata out of the canonical text (its layout is fixed by the store), and
-- people who query by hand use the event_log view below. Nothing is lost: both columns held
-- what the canonical text holds. Dropping a column is DDL by the owner, not a change to a row.

ALTER TABLE events DROP COLUMN payload, DROP COLUMN metadata;

COMMENT ON COLUMN events.canonical IS
    'The exact bytes the hash covers (sorted-key JSON) and the only copy of payload and metadata.';

-- For people and reports: the event log with payload and metadata as jsonb. The view runs with
-- the caller's rights, so row-level security on events still applies to it.
CREATE VIEW event_log WITH (security_invoker = true) AS
    SELECT e.tenant_id, e.stream_id, e.stream_version, e.position, e.transaction_id, e.event_id, e.event_type,
           e.schema_version, c.j -> 'payload' AS payload, c.j -> 'metadata' AS metadata, e.occurred_at, e.recorded_at
    FROM events e CROSS JOIN LATERAL (SELECT e.canonical::jsonb AS j) c;

REVOKE ALL ON event_log FROM PUBLIC;
GRANT SELECT ON event_log TO icpledger_app, icpledger_system;
