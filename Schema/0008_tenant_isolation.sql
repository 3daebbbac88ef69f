-- 0008 — failures and privileges stay with their tenant.
--
-- 1. A projection halts one workspace, not all of them. A subscription keeps its global checkpoint
--    under the nil tenant; a workspace whose event it cannot apply gets a row of its own, holding
--    the failing event's place in the feed, what it is, and why. Row-level security shows each
--    workspace only its own halt (the reason can quote its data); the system role sees them all.
ALTER TABLE subscription_checkpoints
    ADD COLUMN halt_event_id        uuid,
    ADD COLUMN halt_stream_id       text,
    ADD COLUMN halt_stream_version  bigint,
    ADD COLUMN halt_event_type      text;

COMMENT ON TABLE subscription_checkpoints IS
    'Feed positions of subscribers (nil tenant), and the workspaces a subscriber halted on an event it cannot apply.';

-- Enabled, not forced: the owner (migrations, rebuild) keeps its rights; the request path sees its
-- own tenant's rows only, and none without a tenant set.
ALTER TABLE subscription_checkpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON subscription_checkpoints
    USING (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid);

-- 2. Least privilege. Only the projector (system role) writes read models; the request path reads
--    them. It writes events (INSERT), the people it registers, and the workspace-name directory below.
CREATE OR REPLACE FUNCTION read_model_secure(target regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
        USING (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)$p$, target);
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', target);
    EXECUTE format('GRANT SELECT ON %s TO icpledger_app', target);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO icpledger_system', target);
END
$fn$;
REVOKE EXECUTE ON FUNCTION read_model_secure(regclass) FROM PUBLIC;

REVOKE INSERT, UPDATE, DELETE ON workspaces, workspace_members, icp_list, icp_current, icp_revisions,
    disqualifier_registry, findings FROM icpledger_app;
REVOKE UPDATE, DELETE ON principals FROM icpledger_app;
REVOKE INSERT, UPDATE, DELETE ON principals FROM icpledger_system;

-- 3. Workspace names are unique ignoring case and surrounding spaces. Names are the one thing
--    compared across tenants, so this small directory is keyed by the normalised name (under Citus
--    it is a reference table). The request path adds a workspace's name in the same transaction as
--    the event that creates or renames it, so two workspaces can never take the same name.
CREATE TABLE workspace_names (
    name_key    text  NOT NULL CHECK (name_key = lower(btrim(name_key)) AND length(name_key) BETWEEN 1 AND 200),
    tenant_id   uuid  NOT NULL,
    PRIMARY KEY (name_key)
);
CREATE INDEX workspace_names_tenant_idx ON workspace_names (tenant_id);

COMMENT ON TABLE workspace_names IS
    'One row per workspace name in use (lower-cased, trimmed); written with the event that takes the name.';

-- Existing names, from the events (the read models may lag): each workspace's latest name; where
-- two workspaces already share one, the one created first keeps it. The owner reads every tenant's
-- events here, so forced row-level security is lifted for this transaction only.
ALTER TABLE events NO FORCE ROW LEVEL SECURITY;
INSERT INTO workspace_names (name_key, tenant_id)
SELECT DISTINCT ON (name_key) name_key, tenant_id
FROM (
    SELECT DISTINCT ON (tenant_id) tenant_id, lower(btrim(payload ->> 'name')) AS name_key,
           min(position) OVER (PARTITION BY tenant_id) AS first_position
    FROM event_log
    WHERE event_type IN ('WorkspaceCreated', 'WorkspaceSettingsChanged') AND payload ->> 'name' IS NOT NULL
    ORDER BY tenant_id, stream_version DESC
) AS latest
WHERE length(name_key) BETWEEN 1 AND 200
ORDER BY name_key, first_position;
ALTER TABLE events FORCE ROW LEVEL SECURITY;

ALTER TABLE workspace_names ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_names FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workspace_names
    USING (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid);
REVOKE ALL ON workspace_names FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON workspace_names TO icpledger_app;
GRANT SELECT ON workspace_names TO icpledger_system;
