-- 0018 — a snapshot's rows are stored a thousand at a time.
--
-- 0017 stored one table row per exported row, and PostgreSQL spent more on each of those rows (a
-- heap tuple, an index entry, a policy check, a pass through a staging table for COPY) than the
-- import spent reading, scoring and encoding it. A chunk holds up to 10,000 consecutive rows of one
-- snapshot as text, so the per-row costs are paid once per chunk and the text is compressed (lz4
-- where the server has it). Rows are read back by position: a chunk knows where its first row
-- stands among the snapshot's stored rows and how many rows it holds.
--
-- Same rules as 0017: insert-only by privileges, erasable only through the functions below.
CREATE TABLE pipeline_snapshot_chunks (
    tenant_id   uuid    NOT NULL,
    snapshot_id uuid    NOT NULL,
    -- Position (from 0, in the file's order) of the chunk's first row among the snapshot's stored rows.
    first_row   integer NOT NULL CHECK (first_row >= 0),
    row_count   integer NOT NULL CHECK (row_count BETWEEN 1 AND 10000),
    -- One line per row, each ending in a line feed, its fields separated by tabs and escaped as
    -- COPY's text format escapes them (\N for none): the line the row begins on in the file, label,
    -- owner (a principal id or a pseudonym, never a name), stage, amount, the row's fields as a JSON
    -- array of strings (the owner's left empty) and its frozen scores (see FrozenScore).
    rows        text    NOT NULL,
    PRIMARY KEY (tenant_id, snapshot_id, first_row)
);
DO $$
BEGIN
    ALTER TABLE pipeline_snapshot_chunks ALTER COLUMN rows SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;  -- a server built without lz4 keeps its default compression
END
$$;
SELECT read_model_secure('pipeline_snapshot_chunks');
GRANT INSERT ON pipeline_snapshot_chunks TO icpledger_app;
REVOKE UPDATE, DELETE ON pipeline_snapshot_chunks FROM icpledger_system;

COMMENT ON TABLE pipeline_snapshot_chunks IS
    'The rows of pipeline snapshots with their frozen scores, up to 10,000 consecutive rows per chunk; insert-only, erasable.';

-- Rows stored the 0017 way move into chunks of 1,000, in row order; then their table goes. The
-- owner moves every tenant's rows, so forced row-level security is lifted for this transaction only.
ALTER TABLE pipeline_snapshot_rows NO FORCE ROW LEVEL SECURITY;
ALTER TABLE pipeline_snapshot_chunks NO FORCE ROW LEVEL SECURITY;
CREATE FUNCTION pg_temp.copy_text(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT CASE WHEN value IS NULL THEN '\N'
        ELSE replace(replace(replace(replace(value, '\', '\\'), E'\t', '\t'), E'\n', '\n'), E'\r', '\r') END
$fn$;
INSERT INTO pipeline_snapshot_chunks (tenant_id, snapshot_id, first_row, row_count, rows)
SELECT tenant_id, snapshot_id, (position / 1000) * 1000, count(*), string_agg(line, '' ORDER BY position)
FROM (
    SELECT tenant_id, snapshot_id,
        (row_number() OVER (PARTITION BY tenant_id, snapshot_id ORDER BY row_number) - 1)::integer AS position,
        concat_ws(E'\t', row_number::text, pg_temp.copy_text(label), pg_temp.copy_text(owner), pg_temp.copy_text(stage),
            pg_temp.copy_text(amount::text), pg_temp.copy_text(fields), pg_temp.copy_text(scores)) || E'\n' AS line
    FROM pipeline_snapshot_rows
) AS numbered
GROUP BY tenant_id, snapshot_id, position / 1000;
ALTER TABLE pipeline_snapshot_chunks FORCE ROW LEVEL SECURITY;
DROP TABLE pipeline_snapshot_rows;

-- Rows of a snapshot whose header was never written (a failed or interrupted import).
CREATE OR REPLACE FUNCTION discard_pipeline_rows(tenant uuid, snapshot uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    discarded integer;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    IF EXISTS (SELECT 1 FROM pipeline_snapshots WHERE tenant_id = tenant AND snapshot_id = snapshot) THEN
        RAISE EXCEPTION 'snapshot % was imported; erase it instead', snapshot;
    END IF;
    WITH gone AS (
        DELETE FROM pipeline_snapshot_chunks WHERE tenant_id = tenant AND snapshot_id = snapshot RETURNING row_count
    )
    SELECT coalesce(sum(row_count), 0) INTO discarded FROM gone;
    RETURN discarded;
END
$fn$;

-- Erases a snapshot's rows (every field, label, owner and frozen score); its header stays, marked
-- erased, and so does its aggregates event. Returns how many rows were erased.
CREATE OR REPLACE FUNCTION erase_pipeline_snapshot(tenant uuid, snapshot uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    erased integer;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    WITH gone AS (
        DELETE FROM pipeline_snapshot_chunks WHERE tenant_id = tenant AND snapshot_id = snapshot RETURNING row_count
    )
    SELECT coalesce(sum(row_count), 0) INTO erased FROM gone;
    UPDATE pipeline_snapshots SET erased_at = now() WHERE tenant_id = tenant AND snapshot_id = snapshot AND erased_at IS NULL;
    RETURN erased;
END
$fn$;
