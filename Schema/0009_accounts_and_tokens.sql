-- 0009 — accounts and API tokens: who a request is.
--
-- A person is an account; in each workspace they work in, one principal (the opaque id events
-- carry) is linked to it. Tokens belong to the account, may be limited to one workspace and to a
-- maximum role, and are stored only as the SHA-256 of their secret (a token is 32 random bytes,
-- so a fast hash is enough: there is nothing to guess).
--
-- These three tables are the identity directory and span workspaces: they belong to no tenant
-- (their workspace columns say where an account works or where a token may be used, so they are
-- named workspace_id, not tenant_id), and under Citus they are reference tables. The request path
-- never reads them directly: it authenticates through authenticate_token() and looks up
-- memberships through account_memberships(), both run with the owner's rights; and it sees and changes only its own account's tokens (app.account,
-- set per transaction like app.tenant). Operators (the CLI in direct-database mode) work through
-- the system role.

CREATE TABLE accounts (
    account_id  uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_name_key ON accounts (lower(name));

COMMENT ON TABLE accounts IS 'People who sign in; each links to one principal per workspace they work in.';

CREATE TABLE account_principals (
    account_id    uuid NOT NULL REFERENCES accounts (account_id),
    workspace_id  uuid NOT NULL,
    principal_id  text NOT NULL,
    PRIMARY KEY (account_id, workspace_id),
    CONSTRAINT account_principals_principal_key UNIQUE (workspace_id, principal_id),
    FOREIGN KEY (workspace_id, principal_id) REFERENCES principals (tenant_id, principal_id)
);

COMMENT ON TABLE account_principals IS 'Which principal an account acts as in each workspace.';

CREATE TABLE api_tokens (
    token_id      uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (account_id),
    secret_hash   bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    workspace_id  uuid,
    max_role      text        CHECK (max_role IN ('viewer', 'editor', 'approver', 'admin')),
    label         text        NOT NULL DEFAULT '' CHECK (length(label) <= 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);

COMMENT ON TABLE api_tokens IS
    'Bearer tokens: the SHA-256 of the secret, the account, an optional workspace and role limit, expiry and revocation.';

REVOKE ALL ON accounts, account_principals, api_tokens FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON accounts, account_principals, api_tokens TO icpledger_system;
GRANT DELETE ON account_principals TO icpledger_system;

-- The request path manages its own account's tokens (make, list, revoke), nobody else's.
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_account ON api_tokens
    USING (account_id = nullif(current_setting('app.account', true), '')::uuid)
    WITH CHECK (account_id = nullif(current_setting('app.account', true), '')::uuid);
GRANT SELECT, INSERT ON api_tokens TO icpledger_app;
GRANT UPDATE (revoked_at) ON api_tokens TO icpledger_app;

-- The token a secret's hash names, if it is live at `at` (not revoked, not expired), with its
-- account. `at` is the service's clock, the one that set the token's expiry. Records the last use,
-- at most once a minute, so authenticating does not become a write per request.
CREATE FUNCTION authenticate_token(hash bytea, at timestamptz)
RETURNS TABLE (token_id uuid, account_id uuid, account_name text, workspace_id uuid, max_role text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
BEGIN
    UPDATE api_tokens t SET last_used_at = at
    WHERE t.secret_hash = hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > at)
      AND (t.last_used_at IS NULL OR t.last_used_at < at - interval '1 minute');
    RETURN QUERY
        SELECT t.token_id, t.account_id, a.name, t.workspace_id, t.max_role
        FROM api_tokens t JOIN accounts a ON a.account_id = t.account_id
        WHERE t.secret_hash = hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > at);
END
$fn$;

-- The workspaces an account works in and its principal in each.
CREATE FUNCTION account_memberships(account uuid)
RETURNS TABLE (workspace_id uuid, principal_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
    SELECT m.workspace_id, m.principal_id FROM account_principals m WHERE m.account_id = account
$fn$;

REVOKE EXECUTE ON FUNCTION authenticate_token(bytea, timestamptz), account_memberships(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_token(bytea, timestamptz), account_memberships(uuid) TO icpledger_app, icpledger_system;
