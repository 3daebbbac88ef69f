-- 0015 — calendar feeds: a review calendar a calendar app can subscribe to. Calendar apps cannot
-- send headers, so the feed's URL carries its own secret (`icpc_` and 43 characters of base64url);
-- only its SHA-256 is stored, like a token's. A feed belongs to an account and may be limited to one
-- workspace; what it shows is worked out at each request from the account's current roles, so a
-- revoked role or an erasure takes the workspace out of the feed at once. Revoking a feed stops it.
CREATE TABLE calendar_feeds (
    feed_id       uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (account_id),
    secret_hash   bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    workspace_id  uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
CREATE INDEX calendar_feeds_account_idx ON calendar_feeds (account_id);

COMMENT ON TABLE calendar_feeds IS
    'Review calendar feeds: the SHA-256 of the URL''s secret, the account, an optional workspace limit, revocation.';

REVOKE ALL ON calendar_feeds FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON calendar_feeds TO icpledger_system;

-- The request path manages its own account's feeds, nobody else's (app.account, as for tokens).
-- Not forced: calendar_feed() below runs with the owner's rights and must find any feed by its hash.
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_account ON calendar_feeds
    USING (account_id = nullif(current_setting('app.account', true), '')::uuid)
    WITH CHECK (account_id = nullif(current_setting('app.account', true), '')::uuid);
GRANT SELECT, INSERT ON calendar_feeds TO icpledger_app;
GRANT UPDATE (revoked_at) ON calendar_feeds TO icpledger_app;

-- The live feed a secret's hash names, with its account and workspace limit.
CREATE FUNCTION calendar_feed(hash bytea)
RETURNS TABLE (feed_id uuid, account_id uuid, workspace_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
    SELECT f.feed_id, f.account_id, f.workspace_id FROM calendar_feeds f WHERE f.secret_hash = hash AND f.revoked_at IS NULL
$fn$;
REVOKE ALL ON FUNCTION calendar_feed(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendar_feed(bytea) TO icpledger_app;
