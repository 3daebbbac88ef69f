-- 0006 — ICP definitions are stored as text, compressed with lz4 where the server has it.
--
-- Every icp_revisions row carries a whole definition (a few kilobytes), so a rebuild writes
-- far more definition bytes than event bytes. Measured here with COPY of 50,000 such rows:
-- jsonb with the default pglz compression 12.6 s, text with pglz 4.8 s, text with lz4 1.4 s.
-- Nothing queries inside a definition in SQL (readers decode it in Swift), so jsonb's parsing
-- on every write bought nothing. The text is always written by the projection's JSON encoder.
ALTER TABLE icp_current ALTER COLUMN definition TYPE text USING definition::text;
ALTER TABLE icp_revisions ALTER COLUMN definition TYPE text USING definition::text;

DO $lz4$
BEGIN
    ALTER TABLE icp_current ALTER COLUMN definition SET COMPRESSION lz4;
    ALTER TABLE icp_revisions ALTER COLUMN definition SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL build has no lz4; definitions keep the default compression';
END
$lz4$;
