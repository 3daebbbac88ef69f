-- 0017 — pipeline snapshots: a CRM export of one day, its rows and each row's frozen score.
--
-- Insert-only by privileges (no role of the service may UPDATE or DELETE them) yet erasable: only
-- the SECURITY DEFINER functions below remove rows. A snapshot's aggregates are an event
-- (PipelineSnapshotRecorded) appended in the transaction that inserts its header row; its rows are
-- copied before that, in short transactions of their own, so a large import never holds one long
-- transaction open (the event feed waits for the oldest open transaction). Rows whose header never
-- came (an import that failed or was cut off) are invisible — every read goes through the header —
-- and are removed by discard_pipeline_rows.
--
-- Owners are stored as principal ids or as keyed pseudonyms, never names: the key of each workspace
-- is in pipeline_owner_keys.
CREATE TABLE pipeline_snapshots (
    tenant_id     uuid        NOT NULL,
    snapshot_id   uuid        NOT NULL,
    day           date        NOT NULL,
    content_hash  bytea       NOT NULL CHECK (length(content_hash) = 32),
    source_name   text        NOT NULL DEFAULT '' CHECK (length(source_name) <= 200),
    -- The file's columns in order, and the columns of label, owner, stage and amount (JSON).
    columns       text        NOT NULL CHECK (length(columns) <= 1000000),
    roles         text        NOT NULL CHECK (length(roles) <= 10000),
    -- The ICPs scored and the revision of each, in the order of each row's scores (JSON).
    targets       text        NOT NULL CHECK (length(targets) <= 1000000),
    row_count     integer     NOT NULL CHECK (row_count >= 0),
    skipped_rows  integer     NOT NULL CHECK (skipped_rows >= 0),
    imported_by   text        NOT NULL CHECK (length(imported_by) BETWEEN 1 AND 200),
    imported_at   timestamptz NOT NULL DEFAULT now(),
    erased_at     timestamptz,
    PRIMARY KEY (tenant_id, snapshot_id),
    -- The same file is one snapshot.
    UNIQUE (tenant_id, content_hash)
);
CREATE INDEX pipeline_snapshots_day_idx ON pipeline_snapshots (tenant_id, day, imported_at);
SELECT read_model_secure('pipeline_snapshots');
GRANT INSERT ON pipeline_snapshots TO icpledger_app;
REVOKE UPDATE, DELETE ON pipeline_snapshots FROM icpledger_system;

COMMENT ON TABLE pipeline_snapshots IS
    'One row per imported pipeline export: day, content hash, columns, ICPs and revisions scored; insert-only, erasable.';

CREATE TABLE pipeline_snapshot_rows (
    tenant_id     uuid             NOT NULL,
    snapshot_id   uuid             NOT NULL,
    -- The line the row begins on in the file (or its position in a JSON list).
    row_number    integer          NOT NULL CHECK (row_number >= 1),
    label         text,
    -- A principal id or a pseudonym (owner-…), never a name.
    owner         text,
    stage         text,
    amount        double precision,
    -- The row's fields in the snapshot's column order, as a JSON array of strings (the owner's field
    -- is left empty: the owner is kept only in `owner`).
    fields        text             NOT NULL,
    -- One frozen score per ICP of the snapshot, in order, separated by ';': `score tier outcomes`
    -- (see FrozenScore: the outcome of every rule of that revision).
    scores        text             NOT NULL,
    PRIMARY KEY (tenant_id, snapshot_id, row_number)
);
SELECT read_model_secure('pipeline_snapshot_rows');
GRANT INSERT ON pipeline_snapshot_rows TO icpledger_app;
REVOKE UPDATE, DELETE ON pipeline_snapshot_rows FROM icpledger_system;

COMMENT ON TABLE pipeline_snapshot_rows IS
    'The rows of pipeline snapshots with their frozen scores; owners as principal ids or pseudonyms; insert-only, erasable.';

CREATE TABLE pipeline_owner_keys (
    tenant_id  uuid  NOT NULL PRIMARY KEY,
    secret     bytea NOT NULL CHECK (length(secret) = 32)
);
SELECT read_model_secure('pipeline_owner_keys');
GRANT INSERT ON pipeline_owner_keys TO icpledger_app;
REVOKE UPDATE, DELETE ON pipeline_owner_keys FROM icpledger_system;

COMMENT ON TABLE pipeline_owner_keys IS
    'The key each workspace''s owner pseudonyms are made with (HMAC-SHA-256 of the owner as the file wrote it).';

-- Rows of a snapshot whose header was never written (a failed or interrupted import).
CREATE FUNCTION discard_pipeline_rows(tenant uuid, snapshot uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    discarded integer;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    IF EXISTS (SELECT 1 FROM pipeline_snapshots WHERE tenant_id = tenant AND snapshot_id = snapshot) THEN
        RAISE EXCEPTION 'snapshot % was imported; erase it instead', snapshot;
    END IF;
    DELETE FROM pipeline_snapshot_rows WHERE tenant_id = tenant AND snapshot_id = snapshot;
    GET DIAGNOSTICS discarded = ROW_COUNT;
    RETURN discarded;
END
$fn$;

-- Erases a snapshot's rows (every field, label, owner and frozen score); its header stays, marked
-- erased, and so does its aggregates event.
CREATE FUNCTION erase_pipeline_snapshot(tenant uuid, snapshot uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    erased integer;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    DELETE FROM pipeline_snapshot_rows WHERE tenant_id = tenant AND snapshot_id = snapshot;
    GET DIAGNOSTICS erased = ROW_COUNT;
    UPDATE pipeline_snapshots SET erased_at = now() WHERE tenant_id = tenant AND snapshot_id = snapshot AND erased_at IS NULL;
    RETURN erased;
END
$fn$;

REVOKE ALL ON FUNCTION discard_pipeline_rows(uuid, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION erase_pipeline_snapshot(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION discard_pipeline_rows(uuid, uuid) TO icpledger_app, icpledger_system;
GRANT EXECUTE ON FUNCTION erase_pipeline_snapshot(uuid, uuid) TO icpledger_app, icpledger_system;
