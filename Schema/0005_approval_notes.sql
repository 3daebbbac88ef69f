-- 0005 — approvals can carry a comment (RevisionApproved.comment); revision history shows them.
--
-- A list per revision of {approver, comment, approvedAt}, oldest first, kept even when a later
-- amendment dismisses the approval: they are part of the revision's history.
ALTER TABLE icp_revisions ADD COLUMN approval_notes jsonb NOT NULL DEFAULT '[]';
