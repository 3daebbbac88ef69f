-- 0007 — Revision rows get lighter: definitions only where they cannot be derived, JSON as text.
--
-- A revision's definition is its base revision's definition with the revision's changes applied,
-- and the changes are already on the row. Writing the whole definition (about 1.7 kB) on every
-- row made it most of the bytes a rebuild COPYs. From now on the projection leaves `definition`
-- NULL when applying `changes` to the base revision's definition reproduces it exactly, and stores
-- it for revisions based on the draft, where the changes do not reproduce it, and at least every
-- 16th step along a chain of bases, so a reader applies at most 15 change lists. Rows written
-- before this migration keep their definitions, which is equally valid.
ALTER TABLE icp_revisions ALTER COLUMN definition DROP NOT NULL;

COMMENT ON COLUMN icp_revisions.definition IS
    'The revision''s definition (JSON), or NULL when it is the base revision''s definition with changes applied.';

-- The other JSON columns of a revision are written by the projection's encoders and decoded in
-- Swift; nothing queries inside them in SQL. As jsonb, the server parsed each of them on every row
-- a rebuild wrote. Cast with ::jsonb to query them by hand.
ALTER TABLE icp_revisions ALTER COLUMN evidence TYPE text USING evidence::text;
ALTER TABLE icp_revisions ALTER COLUMN changes TYPE text USING changes::text;
ALTER TABLE icp_revisions ALTER COLUMN approval_notes DROP DEFAULT;
ALTER TABLE icp_revisions ALTER COLUMN approval_notes TYPE text USING approval_notes::text;
ALTER TABLE icp_revisions ALTER COLUMN approval_notes SET DEFAULT '[]';
