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

-- Erasure blanks the notes the person wrote (Ledger.erasePrincipal calls this beside erase_principal,
-- in the same transaction).
CREATE FUNCTION erase_notes(tenant uuid, principal text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    erased integer;
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    UPDATE personal_notes SET body = '', erased_at = now() WHERE tenant_id = tenant AND author = principal AND erased_at IS NULL;
    GET DIAGNOSTICS erased = ROW_COUNT;
    RETURN erased;
END
$fn$;

REVOKE ALL ON FUNCTION erase_notes(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_notes(uuid, text) TO icpledger_app, icpledger_system;
