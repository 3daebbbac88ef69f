-- The events table, hash-partitioned by tenant: the shape Citus distributes, on plain PostgreSQL 15.
--
-- Run as the schema owner (or a superuser), after every migration, in one transaction:
--     psql "$DATABASE_URL" --single-transaction -v ON_ERROR_STOP=1 -f scripts/partition-events-by-tenant.sql
-- The test suite runs it on its template database when ICPLEDGER_TEST_PARTITIONED_EVENTS=on.
--
-- It is one DO block, so it also runs as a single statement over a plain libpq connection. On a
-- table that is already partitioned it does nothing (a notice says so). Otherwise it takes the old
-- table's exclusive lock, builds `events` again as PARTITION BY HASH (tenant_id) with 8 partitions
-- (events_p0 … events_p7; change `partitions` below for another count), copies every row with its
-- position, and restores from the catalogue, not from a copy of the migrations, everything the old
-- table had:
--   * columns, types, NOT NULL, CHECK constraints, defaults, storage and column comments (LIKE);
--   * `position` GENERATED ALWAYS AS IDENTITY on the partitioned table (PostgreSQL 15 allows it
--     there), its sequence continuing where the old one stopped and renamed to the old name;
--   * the primary key, the unique and any foreign keys (all start with tenant_id, so they hold on
--     a table hash-partitioned by it), and every other index, under their old names;
--   * the append-only triggers: row triggers on the partitioned table are cloned to each partition;
--     a statement trigger (BEFORE TRUNCATE) is not, so it is also created on each partition;
--   * row-level security enabled and forced, with the same policies; the partitions get the same
--     policies too, and no grant: every reader and writer goes through `events`;
--   * the owner, the grants (table and column) and the table's comment;
--   * the views over events (event_log), dropped and created again with their options, owner,
--     grants and comments, since a view refers to the table itself, not to its name.
-- Anything else that depends on the old table (a foreign key from another table, a function with a
-- SQL-standard body) makes the final DROP fail, and the whole script with it: nothing is changed.
DO $partition$
DECLARE
    partitions  constant integer := 8;
    old         oid;
    owner_name  name;
    seq         regclass;
    seq_name    text;
    seq_last    bigint;
    seq_called  boolean;
    table_note  text;
    row_security boolean;
    row_forced  boolean;
    columns     text;
    ddl         text[] := '{}';
    view_ddl    text[] := '{}';
    stmt        text;
    part        text;
    r           record;
    i           integer;
BEGIN
    SELECT c.oid, c.relowner::regrole::name, c.relrowsecurity, c.relforcerowsecurity
    INTO old, owner_name, row_security, row_forced
    FROM pg_class c
    WHERE c.oid = to_regclass('events');
    IF old IS NULL THEN
        RAISE EXCEPTION 'there is no events table: run the migrations first';
    END IF;
    IF (SELECT relkind FROM pg_class WHERE oid = old) = 'p' THEN
        RAISE NOTICE 'events is already partitioned (%): nothing to do', pg_get_partkeydef(old);
        RETURN;
    END IF;

    LOCK TABLE events IN ACCESS EXCLUSIVE MODE;

    -- 1. What to restore, read while the old table still carries the name (so the definitions say
    --    "events", and resolve to the new table when they run).
    seq_name := pg_get_serial_sequence('events', 'position');
    seq := seq_name::regclass;
    EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO seq_last, seq_called;
    table_note := obj_description(old, 'pg_class');

    -- Keys and other table-level constraints that are backed by an index or reference another
    -- table (CHECK and NOT NULL come over with LIKE).
    FOR r IN
        SELECT conname, pg_get_constraintdef(oid) AS def, obj_description(oid, 'pg_constraint') AS note
        FROM pg_constraint WHERE conrelid = old AND contype IN ('p', 'u', 'f', 'x')
        ORDER BY contype = 'f', conname
    LOOP
        ddl := ddl || format('ALTER TABLE events ADD CONSTRAINT %I %s', r.conname, r.def);
        IF r.note IS NOT NULL THEN
            ddl := ddl || format('COMMENT ON CONSTRAINT %I ON events IS %L', r.conname, r.note);
        END IF;
    END LOOP;
    -- The other indexes.
    FOR r IN
        SELECT i.indexrelid, pg_get_indexdef(i.indexrelid) AS def, obj_description(i.indexrelid, 'pg_class') AS note
        FROM pg_index i
        WHERE i.indrelid = old AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = old)
        ORDER BY i.indexrelid::regclass::text
    LOOP
        ddl := ddl || r.def;
        IF r.note IS NOT NULL THEN
            ddl := ddl || format('COMMENT ON INDEX %s IS %L', r.indexrelid::regclass, r.note);
        END IF;
    END LOOP;
    -- Triggers; a statement-level one is created on each partition as well.
    FOR r IN
        SELECT tgname, pg_get_triggerdef(oid) AS def, (tgtype & 1) = 0 AS per_statement
        FROM pg_trigger WHERE tgrelid = old AND NOT tgisinternal ORDER BY tgname
    LOOP
        ddl := ddl || r.def;
        IF r.per_statement THEN
            FOR i IN 0 .. partitions - 1 LOOP
                stmt := replace(r.def, ' ON public.events ', format(' ON public.%I ', 'events_p' || i));
                IF stmt = r.def THEN
                    RAISE EXCEPTION 'cannot place trigger % on the partitions: %', r.tgname, r.def;
                END IF;
                ddl := ddl || stmt;
            END LOOP;
        END IF;
    END LOOP;
    -- Row-level security and its policies, on the table and on each partition.
    FOR r IN
        SELECT p.polname, p.polpermissive, p.polcmd,
               CASE WHEN p.polroles = '{0}' THEN 'PUBLIC'
                    ELSE (SELECT string_agg(quote_ident(rolname), ', ') FROM pg_roles WHERE oid = ANY (p.polroles)) END AS roles,
               pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS checked
        FROM pg_policy p WHERE p.polrelid = old ORDER BY p.polname
    LOOP
        FOR part IN SELECT 'events' UNION ALL SELECT 'events_p' || g FROM generate_series(0, partitions - 1) g LOOP
            ddl := ddl || format('CREATE POLICY %I ON %I AS %s FOR %s TO %s%s%s', r.polname, part,
                CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                r.roles,
                CASE WHEN r.qual IS NULL THEN '' ELSE format(' USING (%s)', r.qual) END,
                CASE WHEN r.checked IS NULL THEN '' ELSE format(' WITH CHECK (%s)', r.checked) END);
        END LOOP;
    END LOOP;
    FOR part IN SELECT 'events' UNION ALL SELECT 'events_p' || g FROM generate_series(0, partitions - 1) g LOOP
        IF row_security THEN
            ddl := ddl || format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        END IF;
        IF row_forced THEN
            ddl := ddl || format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        END IF;
    END LOOP;
    -- Grants: the table's, then each column's. The new table starts with the owner's default
    -- rights and nothing for PUBLIC, like the old one before its first GRANT.
    ddl := ddl || 'REVOKE ALL ON events FROM PUBLIC'::text;
    FOR r IN
        SELECT a.privilege_type, a.is_grantable,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee
        FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = old
    LOOP
        ddl := ddl || format('GRANT %s ON events TO %s%s', r.privilege_type, r.grantee,
            CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    FOR r IN
        SELECT att.attname, a.privilege_type, a.is_grantable,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee
        FROM pg_attribute att, aclexplode(att.attacl) a
        WHERE att.attrelid = old AND att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL
        ORDER BY att.attnum
    LOOP
        ddl := ddl || format('GRANT %s (%I) ON events TO %s%s', r.privilege_type, r.attname, r.grantee,
            CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    IF table_note IS NOT NULL THEN
        ddl := ddl || format('COMMENT ON TABLE events IS %L', table_note);
    END IF;

    -- The views over events: their definitions, options, owners, grants and comments.
    FOR r IN
        SELECT DISTINCT v.oid, v.oid::regclass AS name, v.relkind, v.reloptions, v.relowner::regrole AS owner,
               pg_get_viewdef(v.oid) AS def, obj_description(v.oid, 'pg_class') AS note
        FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid JOIN pg_class v ON v.oid = w.ev_class
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = old
              AND v.oid <> old
    LOOP
        IF r.relkind <> 'v' THEN
            RAISE EXCEPTION '% depends on events and is not a plain view; partition by hand', r.name;
        END IF;
        ddl := ddl || format('DROP VIEW %s', r.name);
        view_ddl := view_ddl || format('CREATE VIEW %s%s AS %s', r.name,
            CASE WHEN r.reloptions IS NULL THEN '' ELSE format(' WITH (%s)', array_to_string(r.reloptions, ', ')) END,
            rtrim(r.def, ';'));
        view_ddl := view_ddl || format('ALTER VIEW %s OWNER TO %I', r.name, r.owner::text);
        view_ddl := view_ddl || format('REVOKE ALL ON %s FROM PUBLIC', r.name);
        view_ddl := view_ddl || array(
            SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, r.name,
                          CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END,
                          CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
            FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = r.oid);
        IF r.note IS NOT NULL THEN
            view_ddl := view_ddl || format('COMMENT ON VIEW %s IS %L', r.name, r.note);
        END IF;
        view_ddl := view_ddl || array(
            SELECT format('COMMENT ON COLUMN %s.%I IS %L', r.name, a.attname, col_description(r.oid, a.attnum))
            FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attnum > 0 AND col_description(r.oid, a.attnum) IS NOT NULL);
    END LOOP;
    -- Views go first, so the old table can be renamed and dropped.
    FOR i IN 1 .. coalesce(array_length(ddl, 1), 0) LOOP
        IF ddl[i] LIKE 'DROP VIEW %' THEN
            EXECUTE ddl[i];
        END IF;
    END LOOP;
    ddl := array(SELECT s FROM unnest(ddl) s WHERE s NOT LIKE 'DROP VIEW %');

    -- 2. The new table beside the old one, and its partitions.
    ALTER TABLE events RENAME TO events_unpartitioned;
    EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', seq, 'events_unpartitioned_position_seq');
    CREATE TABLE events (LIKE events_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY
        INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS INCLUDING STATISTICS)
        PARTITION BY HASH (tenant_id);
    FOR i IN 0 .. partitions - 1 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
            'events_p' || i, partitions, i);
        EXECUTE format('COMMENT ON TABLE %I IS %L', 'events_p' || i,
            format('Partition %s of %s of events by hash of tenant_id; read and written only through events.', i, partitions));
    END LOOP;
    IF owner_name <> current_user THEN
        EXECUTE format('ALTER TABLE events OWNER TO %I', owner_name);
        FOR i IN 0 .. partitions - 1 LOOP
            EXECUTE format('ALTER TABLE %I OWNER TO %I', 'events_p' || i, owner_name);
        END LOOP;
    END IF;
    -- Default privileges (ALTER DEFAULT PRIVILEGES) must not open the partitions to anyone.
    FOR r IN
        SELECT DISTINCT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'events'::regclass) AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE ALL ON %I FROM %s', r.relname, r.grantee);
    END LOOP;

    -- 3. The rows, with their positions; forced row-level security would hide them from the owner.
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
    FROM pg_attribute WHERE attrelid = old AND attnum > 0 AND NOT attisdropped;
    ALTER TABLE events_unpartitioned NO FORCE ROW LEVEL SECURITY;
    EXECUTE format('INSERT INTO events (%1$s) OVERRIDING SYSTEM VALUE SELECT %1$s FROM events_unpartitioned ORDER BY position', columns);
    PERFORM setval(pg_get_serial_sequence('events', 'position'), seq_last, seq_called);
    DROP TABLE events_unpartitioned;
    -- (The old sequence gave up its name before the new table was created, so the new one took it.)
    IF pg_get_serial_sequence('events', 'position') <> seq_name THEN
        RAISE EXCEPTION 'the new identity sequence is %, not %', pg_get_serial_sequence('events', 'position'), seq_name;
    END IF;

    -- 4. Keys, indexes, triggers, row-level security, grants, comments; then the views.
    FOREACH stmt IN ARRAY ddl LOOP
        EXECUTE stmt;
    END LOOP;
    FOREACH stmt IN ARRAY view_ddl LOOP
        EXECUTE stmt;
    END LOOP;
    ANALYZE events;
    RAISE NOTICE 'events is now partitioned by % into % partitions', pg_get_partkeydef('events'::regclass), partitions;
END
$partition$;
