-- 0001 — the append-only event store.
--
-- Runs as the owner role. Roles are cluster-wide, so each is created only if it is
-- missing. The request path uses icpledger_app (INSERT and SELECT on events, under
-- forced row-level security); cross-tenant system work (projection runner, verify,
-- scheduler) uses icpledger_system, which bypasses row-level security.

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'icpledger_app') THEN
        CREATE ROLE icpledger_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'icpledger_system') THEN
        CREATE ROLE icpledger_system NOLOGIN BYPASSRLS;
    END IF;
END
$roles$;

CREATE TABLE events (
    tenant_id       uuid        NOT NULL,
    stream_id       text        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    position        bigint      GENERATED ALWAYS AS IDENTITY,
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 200),
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    payload         jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- The exact bytes the hash covers; payload and metadata above are query copies.
    canonical       text        NOT NULL,
    previous_hash   bytea       NOT NULL CHECK (length(previous_hash) = 32),
    hash            bytea       NOT NULL CHECK (length(hash) = 32),
    CONSTRAINT events_stream_version_key PRIMARY KEY (tenant_id, stream_id, stream_version),
    CONSTRAINT events_event_id_key UNIQUE (tenant_id, event_id)
);

COMMENT ON TABLE events IS 'Append-only event log: UPDATE, DELETE and TRUNCATE are refused by triggers and privileges.';
COMMENT ON COLUMN events.transaction_id IS 'xid8 of the appending transaction; feeds read in (transaction_id, position) order below pg_snapshot_xmin, so late commits are never skipped.';

-- The gap-safe global feed reads in (transaction_id, position) order.
CREATE INDEX events_feed_idx ON events (transaction_id, position);

CREATE FUNCTION events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;

-- Fails closed: with no tenant set, current_setting is NULL and no row matches.
CREATE POLICY events_tenant_isolation ON events
    USING (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid);

REVOKE ALL ON events FROM PUBLIC;
-- INSERT only of the columns a writer supplies: transaction_id and recorded_at always come
-- from their defaults, so no writer can place an event below the feed's horizon or back-date it.
GRANT SELECT ON events TO icpledger_app, icpledger_system;
GRANT INSERT (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata,
              occurred_at, canonical, previous_hash, hash)
    ON events TO icpledger_app, icpledger_system;

-- Durable positions of feed subscribers. Global subscriptions use the nil tenant.
CREATE TABLE subscription_checkpoints (
    tenant_id       uuid        NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    subscription    text        NOT NULL,
    transaction_id  xid8        NOT NULL,
    position        bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    halted_at       timestamptz,
    halt_reason     text,
    PRIMARY KEY (tenant_id, subscription)
);

REVOKE ALL ON subscription_checkpoints FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON subscription_checkpoints TO icpledger_system;
GRANT SELECT ON subscription_checkpoints TO icpledger_app;

-- For verify: the canonical text as jsonb, or NULL when it no longer parses
-- (an edit made behind the service's back must be reported, not crash verify).
CREATE FUNCTION events_canonical_json(canonical text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
    RETURN canonical::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$fn$;
