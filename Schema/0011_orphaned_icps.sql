-- 0011 — an ICP whose owner lost their role is flagged (ICPOrphaned) until it is reassigned
-- (ICPOwnerReassigned); the list read model shows since when.
ALTER TABLE icp_list ADD COLUMN orphaned_since timestamptz;
