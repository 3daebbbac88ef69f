-- 0013 — free text that may name people lives outside the hash chain (shared/DESIGN.md, "Personal
-- data"). An event refers to a note by id and a digest of the note id and its text (so the note's
-- integrity is provable while it exists); erasing its author blanks the text and keeps the row.
-- Finding notes are the first to be kept here.
CREATE TABLE personal_notes (
    tenant_id   uuid        NOT NULL,
    note_id     uuid        NOT NULL,
    author      text        NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
    body        text        NOT NULL CHECK (length(body) <= 4000),
    digest      bytea       NOT NULL CHECK (length(digest) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_at   timestamptz,
    PRIMARY KEY (tenant_id, note_id)
);
SELECT read_model_secure('personal_notes');
-- The request path writes a note in the transaction that appends the event referring to it; nobody
-- deletes one (erasure blanks it through erase_principal).
GRANT INSERT ON personal_notes TO icpledger_app;
REVOKE UPDATE, DELETE ON personal_notes FROM icpledger_system;

COMMENT ON TABLE personal_notes IS
    'Free text that may name people (finding notes), referenced from events by id and digest; erasable.';

-- Erasure now also blanks the notes the person wrote.
DROP FUNCTION erase_principal(uuid, text, text);
CREATE FUNCTION erase_principal(tenant uuid, principal text, pseudonym text)
RETURNS TABLE (tokens_revoked integer, answers_dropped integer, notes_erased integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    old_name text;
    acct uuid;
    n integer;
    revoked integer := 0;
    dropped integer := 0;
    erased integer := 0;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    SELECT p.name INTO old_name FROM principals p WHERE p.tenant_id = tenant AND p.principal_id = principal;
    IF old_name IS NULL THEN
        RETURN QUERY SELECT 0, 0, 0;
        RETURN;
    END IF;
    UPDATE principals SET name = pseudonym, email = NULL WHERE tenant_id = tenant AND principal_id = principal;
    FOR acct IN SELECT m.account_id FROM account_principals m WHERE m.workspace_id = tenant AND m.principal_id = principal LOOP
        DELETE FROM account_principals WHERE account_id = acct AND workspace_id = tenant;
        IF EXISTS (SELECT 1 FROM account_principals WHERE account_id = acct) THEN
            UPDATE api_tokens SET revoked_at = now() WHERE account_id = acct AND workspace_id = tenant AND revoked_at IS NULL;
            GET DIAGNOSTICS n = ROW_COUNT;
        ELSE
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
    UPDATE personal_notes SET body = '', erased_at = now() WHERE tenant_id = tenant AND author = principal AND erased_at IS NULL;
    GET DIAGNOSTICS erased = ROW_COUNT;
    RETURN QUERY SELECT revoked, dropped, erased;
END
$fn$;

REVOKE ALL ON FUNCTION erase_principal(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_principal(uuid, text, text) TO icpledger_app, icpledger_system;
