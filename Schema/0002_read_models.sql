-- 0002 — principals and the read models of the ICP domain.
--
-- Read models are ordinary tables rebuilt from the events (icpledger rebuild). Their
-- shape lives only here: a rebuild creates shadow tables `LIKE` these, fills them and
-- swaps them in by rename. Row-level security and grants do not copy with LIKE, so
-- they are defined once, in read_model_secure(), which this migration applies to
-- every read-model table and the rebuild applies to each shadow table before the swap.

-- Tenant isolation, grants and FORCE row-level security for one read-model table.
CREATE FUNCTION read_model_secure(target regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
        USING (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::uuid)$p$, target);
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', target);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO icpledger_app, icpledger_system', target);
END
$fn$;

-- People behind the opaque principal ids that events carry. Mutable and erasable:
-- nothing here is hashed, so forgetting a person edits one row and breaks no chain.
CREATE TABLE principals (
    tenant_id     uuid        NOT NULL,
    principal_id  text        NOT NULL CHECK (length(principal_id) BETWEEN 1 AND 200),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, principal_id),
    CONSTRAINT principals_name_key UNIQUE (tenant_id, name)
);

-- One row per workspace (tenant_id is the workspace id).
CREATE TABLE workspaces (
    tenant_id               uuid        NOT NULL,
    name                    text        NOT NULL,
    time_zone               text        NOT NULL,
    fiscal_year_start_month integer     NOT NULL,
    created_by              text        NOT NULL,
    created_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id)
);
CREATE INDEX workspaces_name_idx ON workspaces (name);

CREATE TABLE workspace_members (
    tenant_id     uuid NOT NULL,
    principal_id  text NOT NULL,
    role          text NOT NULL,
    PRIMARY KEY (tenant_id, principal_id)
);

-- The ICP list of a workspace: one row per ICP. Review status is computed at query
-- time from review_clock_started_at and cadence_months (it depends on today).
CREATE TABLE icp_list (
    tenant_id                 uuid        NOT NULL,
    icp_id                    uuid        NOT NULL,
    name                      text        NOT NULL,
    status                    text        NOT NULL,
    owner                     text        NOT NULL,
    published_revision        integer,
    latest_revision           integer     NOT NULL,
    open_revisions            integer     NOT NULL,
    cadence_months            integer     NOT NULL,
    drafted_at                timestamptz NOT NULL,
    last_published_at         timestamptz,
    last_reviewed_at          timestamptz,
    last_review_outcome       text,
    review_clock_started_at   timestamptz,
    overdue_after_the_fact    integer     NOT NULL,
    retired_at                timestamptz,
    retired_reason            text,
    PRIMARY KEY (tenant_id, icp_id)
);

-- The published revision in force, per ICP, with its whole definition.
CREATE TABLE icp_current (
    tenant_id       uuid        NOT NULL,
    icp_id          uuid        NOT NULL,
    revision        integer     NOT NULL,
    name            text        NOT NULL,
    statement       text        NOT NULL,
    mode            text        NOT NULL,
    effective_on    date        NOT NULL,
    published_at    timestamptz NOT NULL,
    published_by    text        NOT NULL,
    emergency       boolean     NOT NULL,
    signal_count    integer     NOT NULL,
    definition      jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, icp_id)
);

-- Every revision of every ICP.
CREATE TABLE icp_revisions (
    tenant_id          uuid        NOT NULL,
    icp_id             uuid        NOT NULL,
    revision           integer     NOT NULL,
    base_revision      integer     NOT NULL,
    status             text        NOT NULL,
    proposer           text        NOT NULL,
    authors            text[]      NOT NULL,
    approvers          text[]      NOT NULL,
    proposed_at        timestamptz NOT NULL,
    approved_at        timestamptz,
    rejected_by        text,
    rejected_at        timestamptz,
    rejection_reason   text,
    published_by       text,
    published_at       timestamptz,
    effective_on       date,
    emergency          boolean     NOT NULL,
    justification      text,
    rationale          text        NOT NULL,
    evidence           jsonb       NOT NULL,
    changes            jsonb       NOT NULL,
    diff_summary       text        NOT NULL,
    revision_distance  double precision NOT NULL,
    definition         jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, icp_id, revision)
);

-- The disqualifiers of every ICP's revision in force, across ICPs.
CREATE TABLE disqualifier_registry (
    tenant_id   uuid    NOT NULL,
    icp_id      uuid    NOT NULL,
    ordinal     integer NOT NULL,
    icp_name    text    NOT NULL,
    revision    integer NOT NULL,
    key         text    NOT NULL,
    operator    text    NOT NULL,
    value       jsonb,
    reason      text    NOT NULL,
    PRIMARY KEY (tenant_id, icp_id, ordinal)
);

-- Audit findings and how they were resolved.
CREATE TABLE findings (
    tenant_id          uuid        NOT NULL,
    finding_id         uuid        NOT NULL,
    audit_type         text        NOT NULL,
    severity           text        NOT NULL,
    summary            text        NOT NULL,
    recommendation     text        NOT NULL,
    metrics            jsonb       NOT NULL,
    icp_id             uuid,
    notes_ref          text,
    recorded_by        text        NOT NULL,
    recorded_at        timestamptz NOT NULL,
    status             text        NOT NULL,
    resolution_kind    text,
    resolved_icp_id    uuid,
    resolved_revision  integer,
    resolution_text    text,
    resolved_by        text,
    resolved_at        timestamptz,
    PRIMARY KEY (tenant_id, finding_id)
);

SELECT read_model_secure('principals');
SELECT read_model_secure('workspaces');
SELECT read_model_secure('workspace_members');
SELECT read_model_secure('icp_list');
SELECT read_model_secure('icp_current');
SELECT read_model_secure('icp_revisions');
SELECT read_model_secure('disqualifier_registry');
SELECT read_model_secure('findings');

-- The activity feed is a query over events (tenant-scoped); this index serves it.
CREATE INDEX events_tenant_position_idx ON events (tenant_id, position);
