-- 0010 — Idempotency-Key: a retried request takes effect once and gets the same answer.
--
-- One row per (account, key): the hash of the request it was first used with, and once that
-- request has been answered, the answer (status, the headers that matter, body). A row without an
-- answer is a request in flight; one left unanswered for long (its process died) is taken over by
-- the next retry, which replays the same command identity, so the event store stores it once.
-- Kept at least 24 hours; an operator (system role) may clear older rows. Answers can hold what a
-- person wrote, so erasure covers this table (by account).
CREATE TABLE idempotent_requests (
    account_id    uuid        NOT NULL REFERENCES accounts (account_id),
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash  bytea       NOT NULL CHECK (length(request_hash) = 32),
    started_at    timestamptz NOT NULL,
    status        integer     CHECK (status BETWEEN 100 AND 599),
    headers       jsonb,
    body          bytea,
    answered_at   timestamptz,
    PRIMARY KEY (account_id, key)
);

COMMENT ON TABLE idempotent_requests IS
    'Idempotency keys of each account: the request first sent with the key, and its answer once given.';

REVOKE ALL ON idempotent_requests FROM PUBLIC;
ALTER TABLE idempotent_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_account ON idempotent_requests
    USING (account_id = nullif(current_setting('app.account', true), '')::uuid)
    WITH CHECK (account_id = nullif(current_setting('app.account', true), '')::uuid);
GRANT SELECT, INSERT, DELETE ON idempotent_requests TO icpledger_app;
GRANT UPDATE (started_at, status, headers, body, answered_at) ON idempotent_requests TO icpledger_app;
GRANT SELECT, DELETE ON idempotent_requests TO icpledger_system;
