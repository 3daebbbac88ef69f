-- 0012 — erasing a person from a workspace (icpledger principal erase).
--
-- Events name people only by opaque principal ids, so erasure edits rows outside the hash chain:
-- the person's name and e-mail become a pseudonym; their sign-in for the workspace is unlinked; the
-- tokens that reached it are revoked; an account that worked nowhere else loses its name, token labels
-- and stored idempotent answers; and any stored answer that spelled the name out is dropped (a replay
-- cache, not a record). The old row versions disappear at the next VACUUM.
CREATE FUNCTION erase_principal(tenant uuid, principal text, pseudonym text)
RETURNS TABLE (tokens_revoked integer, answers_dropped integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    old_name text;
    acct uuid;
    n integer;
    revoked integer := 0;
    dropped integer := 0;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    SELECT p.name INTO old_name FROM principals p WHERE p.tenant_id = tenant AND p.principal_id = principal;
    IF old_name IS NULL THEN
        RETURN QUERY SELECT 0, 0;
        RETURN;
    END IF;
    UPDATE principals SET name = pseudonym, email = NULL WHERE tenant_id = tenant AND principal_id = principal;
    FOR acct IN SELECT m.account_id FROM account_principals m WHERE m.workspace_id = tenant AND m.principal_id = principal LOOP
        DELETE FROM account_principals WHERE account_id = acct AND workspace_id = tenant;
        IF EXISTS (SELECT 1 FROM account_principals WHERE account_id = acct) THEN
            UPDATE api_tokens SET revoked_at = now() WHERE account_id = acct AND workspace_id = tenant AND revoked_at IS NULL;
            GET DIAGNOSTICS n = ROW_COUNT;
        ELSE
            -- The account worked only here: it was this person and no one else.
            UPDATE api_tokens SET revoked_at = now() WHERE account_id = acct AND revoked_at IS NULL;
            GET DIAGNOSTICS n = ROW_COUNT;
            UPDATE api_tokens SET label = '' WHERE account_id = acct;
            UPDATE accounts SET name = pseudonym WHERE account_id = acct;
            DELETE FROM idempotent_requests WHERE account_id = acct;
        END IF;
        revoked := revoked + n;
    END LOOP;
    DELETE FROM idempotent_requests WHERE position(convert_to(old_name, 'UTF8') IN body) > 0;
    GET DIAGNOSTICS dropped = ROW_COUNT;
    RETURN QUERY SELECT revoked, dropped;
END
$fn$;

REVOKE ALL ON FUNCTION erase_principal(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_principal(uuid, text, text) TO icpledger_app, icpledger_system;
