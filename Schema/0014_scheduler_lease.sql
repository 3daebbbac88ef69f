-- 0014 — one scheduler at a time, without a session-level lock (so it works through pgbouncer in
-- transaction mode and after a failover). The leader holds this row until `expires_at` and renews
-- it; a takeover after expiry raises the epoch. Every scheduler append checks, in its own
-- transaction and after the append, that its holder and epoch still hold the row (FOR SHARE, so a
-- takeover waits for that transaction): a paused old leader cannot write once another took over.
CREATE TABLE scheduler_lease (
    name        text        PRIMARY KEY CHECK (name = 'scheduler'),
    holder      text        NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
    epoch       bigint      NOT NULL CHECK (epoch >= 1),
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
-- Only the system role (the scheduler's) touches it; the request path cannot see or take the lease.
GRANT SELECT, INSERT, UPDATE ON scheduler_lease TO icpledger_system;

COMMENT ON TABLE scheduler_lease IS
    'The scheduler''s leadership: holder, epoch (raised at each takeover) and expiry; see Scheduler.SchedulerLease.';
