-- 0004 — functions run only by the roles that need them.
--
-- PostgreSQL lets PUBLIC execute new functions. read_model_secure() runs with the caller's
-- rights, so nobody could use it on a table they do not own, but only the owner (migrations and
-- rebuilds) has any business calling it. events_canonical_json() serves verify (system role).
REVOKE EXECUTE ON FUNCTION read_model_secure(regclass) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION events_canonical_json(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION events_canonical_json(text) TO icpledger_system;
