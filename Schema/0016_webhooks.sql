-- 0016 — webhooks: a workspace's subscriptions, and the outbox of deliveries.
--
-- A delivery row is written in the same transaction as the event it announces (the request path's
-- append, or the scheduler's), one per live subscription that asked for the event's type, so an
-- event is announced exactly when it is stored. The dispatcher (system role) claims due rows with a
-- short UPDATE … FOR UPDATE SKIP LOCKED that sets `claimed_until`, sends outside any transaction,
-- and records the outcome; a claim that lapses (a dispatcher killed mid-send) is taken again. The
-- delivery id is the receiver's de-duplication key and stays the same across retries.
--
-- Neither table is append-only: subscriptions are removed (marked), deliveries record attempts.
-- Bodies carry ids, ICP names, days and types — never a person's name or free text — so erasing a
-- person leaves nothing personal here.
CREATE TABLE webhook_subscriptions (
    tenant_id       uuid        NOT NULL,
    subscription_id uuid        NOT NULL,
    url             text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    -- The signing secret must be kept as it is: an HMAC key cannot be checked against a hash.
    secret          text        NOT NULL CHECK (secret LIKE 'whsec\_%' AND length(secret) BETWEEN 38 AND 100),
    event_types     text[]      NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 10),
    format          text        NOT NULL CHECK (format IN ('standard', 'slack')),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    created_by      text        NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    removed_at      timestamptz,
    PRIMARY KEY (tenant_id, subscription_id)
);
SELECT read_model_secure('webhook_subscriptions');
-- Admins add and remove subscriptions through the request path; nobody deletes one (a removed one
-- keeps its delivery history).
GRANT INSERT ON webhook_subscriptions TO icpledger_app;
GRANT UPDATE (removed_at) ON webhook_subscriptions TO icpledger_app;
REVOKE DELETE ON webhook_subscriptions FROM icpledger_system;

COMMENT ON TABLE webhook_subscriptions IS
    'Webhook subscriptions per workspace: URL, signing secret, event types, body format; removal is marked.';

CREATE TABLE webhook_deliveries (
    tenant_id       uuid        NOT NULL,
    delivery_id     uuid        NOT NULL,
    subscription_id uuid        NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
    body            text        NOT NULL CHECK (length(body) <= 65536),
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until   timestamptz,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text        CHECK (length(last_error) <= 1000),
    PRIMARY KEY (tenant_id, delivery_id),
    UNIQUE (tenant_id, subscription_id, event_id),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, subscription_id)
);
-- What the dispatcher looks for: deliveries still owed, by when they are due.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
SELECT read_model_secure('webhook_deliveries');
-- The request path writes deliveries with the event, in the append's transaction, and reads them;
-- only the dispatcher (system role) records attempts; nobody deletes one.
GRANT INSERT ON webhook_deliveries TO icpledger_app;
REVOKE DELETE ON webhook_deliveries FROM icpledger_system;

COMMENT ON TABLE webhook_deliveries IS
    'The webhook outbox: one row per event and subscription, written with the event; attempts, claim, outcome.';
