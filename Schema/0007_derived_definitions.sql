-- 0007 — A revision row stores its definition only where a reader cannot derive it.
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
