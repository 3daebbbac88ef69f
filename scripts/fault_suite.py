"""The fault suites (see scripts/fault-suite.sh, which prepares the database and the environment).

kill        `kill -9` of serve under write load, FAULT_KILLS times (default 20); each time serve is
            started again. Afterwards every acknowledged write is present exactly once, every write
            left in doubt (no answer) is sent again with its key until it answers and is then present
            exactly once, and the read models equal a rebuild (`icpledger audit projections`).
db-restart  PostgreSQL stopped under load, fast and immediate, FAULT_RESTARTS times each (default 2):
            while it is down /ready says 503 and writes answer 503 with Retry-After within the client's
            timeout, never hang; after it is back, the same serve process takes writes again.
instances   three serve processes behind HAProxy on one database: a write through one instance is
            read at once through another with its consistency token; one instance leads the scheduler,
            and when it is killed another takes over, each review notice recorded exactly once; the
            load through HAProxy is checked exactly once and the read models against a rebuild.
exhaustion  every connection slot taken by another client while the service's own sessions are cut,
            then commits slowed by a deferred trigger, then a statement-timeout storm (the events table
            locked past the service's 30 s statement timeout): every answer is a 2xx or a 503 with Retry-After,
            serve keeps running, its sessions stay bounded, writes resume and the read models catch up.
tenancy     every table carries tenant_id or is a declared reference table (people, installation), and
            every primary key and unique constraint or index of a tenant table starts with tenant_id.
queries     auto_explain logs every plan while serve answers the API's reads: every scan of a tenant
            table by the request-path role has a condition on tenant_id (INSERTs carry it in the row).
replica     (scripts/fault_replica.py) a streaming standby made with pg_basebackup answers serve's reads: a
            read with a write's consistency token shows that write, from the standby once it has replayed
            past it or else from the primary within the wait bound (replay paused); reads without a token
            leave a standby that trails too far; a board report that must write goes to the primary; the
            standby stopped, the primary answers every read.
failover    (opt-in, scripts/fault_failover.py) pg_auto_failover, a monitor and two nodes with synchronous
            replication, serve on a multi-host URL (target_session_attrs=read-write): the primary frozen
            or killed with its keeper FAULT_FAILOVERS times (default 10) under load, the standby promoted,
            the same serve writing again, nothing acknowledged lost; then a negative control (asynchronous,
            the standby's WAL receiver frozen) in which the same verifier must report the lost writes.
"""
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid

BINARY = os.environ["FAULT_BINARY"]
WORK = os.environ["FAULT_WORK"]
TOKEN = os.environ["FAULT_TOKEN"]
WORKSPACE = os.environ["FAULT_WORKSPACE"]
CLIENT_TIMEOUT = 10.0
results = []
figures = {}


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'FAILED'}: {name}{' — ' + str(detail) if detail and not ok else ''}", flush=True)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `icpledger serve` on a loopback port; started, killed and started again on the same port.
    Every server still running when the run ends is stopped (a suite that fails midway leaves none)."""

    started = []

    def __init__(self, env=None):
        self.port = free_port()
        self.process = None
        self.env = {**os.environ, **(env or {})}
        self.log = open(os.path.join(WORK, f"serve-{self.port}.log"), "ab")
        Server.started.append(self)

    def start(self, timeout=60):
        self.process = subprocess.Popen(
            [BINARY, "serve", "--host", "127.0.0.1", "--port", str(self.port)], stdout=self.log, stderr=self.log, env=self.env
        )
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if request("GET", "/ready", port=self.port, timeout=2)[0] == 200:
                return time.monotonic() - began
            time.sleep(0.1)
        raise RuntimeError(f"serve did not become ready in {timeout} s")

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def request(method, path, body=None, key=None, port=None, timeout=CLIENT_TIMEOUT, token=None):
    """(status, headers, body) — status None when no answer came (refused, reset, timed out)."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Authorization": f"Bearer {token or TOKEN}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = key
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data
    except (OSError, http.client.HTTPException):
        return None, {}, b""


def finding(key, label):
    """A write of suite `label`: its summary names the suite and the write's key, so each suite checks its own."""
    return {"audit": "customer", "summary": f"load {label} {key}", "severity": "low", "recommendation": "Keep watching."}


class Load:
    """Writers recording findings through the API, each with a fresh Idempotency-Key. A write is
    acknowledged only on a 2xx; one that got no answer, or a 5xx, is in doubt."""

    def __init__(self, port, label, writers=4):
        self.port = port
        self.label = label
        self.writers = writers
        self.acknowledged = set()
        self.in_doubt = set()
        self.refused = {}  # status -> count (answers that said no: 503 during an outage)
        self.retry_after_missing = 0
        self.slowest = 0.0
        self.lock = threading.Lock()
        self.running = False
        self.threads = []

    def start(self):
        self.running = True
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(self.writers)]
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()

    def loop(self):
        while self.running:
            key = str(uuid.uuid4())
            began = time.monotonic()
            status, headers, _ = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, self.label), key=key, port=self.port)
            took = time.monotonic() - began
            with self.lock:
                self.slowest = max(self.slowest, took)
                if status is not None and 200 <= status < 300:
                    self.acknowledged.add(key)
                elif status is None or status >= 500:
                    self.in_doubt.add(key)
                    if status is not None:
                        self.refused[status] = self.refused.get(status, 0) + 1
                        if status == 503 and "Retry-After" not in headers:
                            self.retry_after_missing += 1
                else:
                    self.refused[status] = self.refused.get(status, 0) + 1
            if status is None:
                time.sleep(0.05)
            elif status == 503:
                # A well-behaved client waits as long as it is told.
                time.sleep(min(float(headers.get("Retry-After", "1")), 5))


def settle(port, keys, label, deadline):
    """Sends every in-doubt write again with its key until it answers 2xx (a key whose first attempt
    died holding it answers 409 until the ledger's takeover time has passed). Returns the keys settled."""
    settled = set()
    pending = set(keys)
    while pending and time.monotonic() < deadline:
        for key in list(pending):
            status, _, _ = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, label), key=key, port=port)
            if status is not None and 200 <= status < 300:
                settled.add(key)
                pending.discard(key)
        if pending:
            time.sleep(2)
    return settled


def stored_summaries(port, label):
    status, _, body = request("GET", f"/v1/workspaces/{WORKSPACE}/findings", port=port, timeout=60)
    if status != 200:
        raise RuntimeError(f"listing findings answered {status}: {body[:300]!r}")
    counts = {}
    for item in json.loads(body)["findings"]:
        summary = item["summary"]
        prefix = f"load {label} "
        if summary.startswith(prefix):
            key = summary[len(prefix):]
            counts[key] = counts.get(key, 0) + 1
    return counts


def verify_exactly_once(port, load, label, expect_loss=False):
    """The checks after a suite; returns how many acknowledged writes are missing. A negative control
    (expect_loss) checks instead that the loss it caused is reported."""
    deadline = time.monotonic() + 200  # the ledger lets a retry take over a dead attempt's key after 120 s
    began = time.monotonic()
    settled = settle(port, load.in_doubt, load.label, deadline)
    figures[f"{label}: in-doubt writes retried"] = f"{len(settled)} of {len(load.in_doubt)} ({time.monotonic() - began:.0f} s)"
    check(f"{label}: every in-doubt write answered when sent again with its key", settled == load.in_doubt,
          f"{len(load.in_doubt - settled)} still without an answer")
    counts = stored_summaries(port, load.label)
    missing = [k for k in load.acknowledged if counts.get(k, 0) == 0]
    doubled = [k for k, n in counts.items() if n > 1]
    unknown = [k for k in counts if k not in load.acknowledged and k not in load.in_doubt]
    figures[f"{label}: acknowledged writes checked"] = len(load.acknowledged)
    if expect_loss:
        check(f"{label}: the verifier reports {len(missing)} of {len(load.acknowledged)} acknowledged writes lost", missing)
    else:
        check(f"{label}: {len(load.acknowledged)} acknowledged writes all present", not missing, f"{len(missing)} lost, e.g. {missing[:3]}")
    check(f"{label}: no write present twice", not doubled, f"{len(doubled)} doubled, e.g. {doubled[:3]}")
    check(f"{label}: nothing present that was not sent", not unknown, f"{unknown[:3]}")
    check(f"{label}: every retried in-doubt write present exactly once", all(counts.get(k) == 1 for k in settled))
    return len(missing)


def audit_projections(label, env=None):
    outcome = subprocess.run([BINARY, "audit", "projections"], capture_output=True, text=True, timeout=600, env=env)
    check(f"{label}: the read models equal a rebuild (icpledger audit projections)", outcome.returncode == 0,
          (outcome.stdout + outcome.stderr)[-800:])


def suite_kill():
    kills = int(os.environ.get("FAULT_KILLS", "20"))
    server = Server()
    server.start()
    load = Load(server.port, "kill")
    load.start()
    recoveries = []
    try:
        for round_number in range(kills):
            time.sleep(1.5 + (round_number % 3) * 0.5)
            server.kill()
            recoveries.append(server.start())
    finally:
        time.sleep(1.5)
        load.stop()
    figures["kill: kills survived"] = kills
    figures["kill: restart to ready, worst"] = f"{max(recoveries):.1f} s"
    check(f"kill: serve killed {kills} times and ready again each time", len(recoveries) == kills)
    check("kill: writes were acknowledged between the kills", len(load.acknowledged) > kills, len(load.acknowledged))
    verify_exactly_once(server.port, load, "kill")
    server.stop()
    audit_projections("kill")


def cluster_data_dir():
    return os.environ["ICPLEDGER_DATA_DIR"]


def as_postgres(command):
    """The command run as the postgres user when we are root: PostgreSQL refuses root (as icpledger does)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_program(name):
    """A PostgreSQL server program (pg_ctl, pg_basebackup) of the newest installed version."""
    import glob

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


def pg_ctl(*arguments):
    """pg_ctl on the embedded cluster."""
    return subprocess.run(as_postgres([postgres_program("pg_ctl"), "-D", cluster_data_dir(), *arguments]),
                          capture_output=True, text=True, timeout=120)


def wait_for(condition, timeout, step=0.2):
    """Seconds until condition() held, or None when it did not within timeout."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if condition():
            return time.monotonic() - began
        time.sleep(step)
    return None


def cli(*arguments, env=None):
    """icpledger's output, or an error naming the command."""
    outcome = subprocess.run([BINARY, *arguments], capture_output=True, text=True, timeout=120, env=env)
    if outcome.returncode != 0:
        raise RuntimeError(f"icpledger {' '.join(arguments[:2])} failed: {(outcome.stdout + outcome.stderr)[-600:]}")
    return outcome.stdout


def use_workspace(name, env=None):
    """Creates a workspace (alice its admin) and points the suite's writes and reads at it with a token of
    hers; returns the workspace and token to put back."""
    global WORKSPACE, TOKEN
    saved = WORKSPACE, TOKEN
    cli("workspace", "create", name, "--as", "alice", env=env)
    TOKEN = cli("token", "create", "--principal", "alice", "--workspace", name, env=env).strip().splitlines()[-1]
    WORKSPACE = json.loads(cli("workspace", "show", name, "--json", env=env))["workspace"]["id"]
    return saved


def suite_db_restart():
    restarts = int(os.environ.get("FAULT_RESTARTS", "2"))
    server = Server()
    server.start()
    load = Load(server.port, "db-restart")
    load.start()
    outages = []
    try:
        for mode in ["fast", "immediate"] * restarts:
            time.sleep(2)
            before = len(load.acknowledged)
            stopped = pg_ctl("stop", "-m", mode, "-w")
            check(f"db-restart: PostgreSQL stopped ({mode})", stopped.returncode == 0, stopped.stderr[-300:])
            time.sleep(1)
            status, _, _ = request("GET", "/ready", port=server.port, timeout=CLIENT_TIMEOUT)
            check(f"db-restart ({mode}): /ready says 503 while the database is down", status == 503, status)
            began = time.monotonic()
            probe = str(uuid.uuid4())
            answered = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(probe, "db-restart"), key=probe, port=server.port)
            load.in_doubt.add(probe)  # refused, and checked like any other write left without a 2xx
            took = time.monotonic() - began
            check(f"db-restart ({mode}): a write during the outage answers 503 with Retry-After in {took:.1f} s",
                  answered[0] == 503 and "Retry-After" in answered[1] and took < CLIENT_TIMEOUT, answered[0])
            down = time.monotonic()
            # Started again as an operator would, with pg_ctl: serve still holds the cluster, so
            # `icpledger db start` would wait for it; the settings live in postgresql.conf, and the log
            # goes on in the launcher's server.log (which the queries suite reads).
            started = pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(cluster_data_dir(), "server.log"))
            check(f"db-restart ({mode}): PostgreSQL started again", started.returncode == 0, started.stderr[-300:])
            while time.monotonic() - down < 60 and request("GET", "/ready", port=server.port, timeout=2)[0] != 200:
                time.sleep(0.2)
            recovered = time.monotonic() - down
            outages.append(recovered)
            check(f"db-restart ({mode}): the same serve is ready again ({recovered:.1f} s after the start)", recovered < 60)
            time.sleep(2)
            check(f"db-restart ({mode}): writes are acknowledged again without restarting serve", len(load.acknowledged) > before)
    finally:
        load.stop()
    figures["db-restart: database restarts"] = len(outages)
    figures["db-restart: ready again after the database, worst"] = f"{max(outages):.1f} s" if outages else "-"
    figures["db-restart: slowest answer under load"] = f"{load.slowest:.1f} s"
    check("db-restart: no write waited past the client's timeout for an answer", load.slowest < CLIENT_TIMEOUT, load.slowest)
    check("db-restart: every 503 carried Retry-After", load.retry_after_missing == 0, load.retry_after_missing)
    check("db-restart: no answer other than 2xx and 503", set(load.refused) <= {503}, load.refused)
    verify_exactly_once(server.port, load, "db-restart")
    server.stop()
    audit_projections("db-restart")


# Tables kept whole on every node when the events are distributed by workspace (Citus reference
# tables, or the coordinator's): they belong to people and the installation, not to one workspace.
REFERENCE_TABLES = {
    "accounts": "a person across workspaces",
    "account_principals": "which workspaces an account works in",
    "api_tokens": "an account's tokens",
    "calendar_feeds": "an account's calendar feeds",
    "idempotent_requests": "an account's request keys",
    "workspace_names": "the installation-wide name directory (a name is unique across workspaces)",
    "scheduler_lease": "the one scheduler leader of the installation",
    "schema_migrations": "the schema's version",
}

TABLES = """
SELECT c.relname, bool_or(a.attname = 'tenant_id')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
GROUP BY 1 ORDER BY 1
"""

KEYS = """
SELECT t.relname, c.conname, a.attname
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype IN ('p', 'u')
UNION ALL
SELECT t.relname, i.relname, a.attname
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
WHERE x.indisunique AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY 1, 2
"""


def psql(command, sql):
    """Rows of `sql` (a list: each statement on its own, in one session)."""
    statements = sql if isinstance(sql, list) else [sql]
    outcome = subprocess.run(command + ["-At", "-F", "|"] + [part for s in statements for part in ("-c", s)],
                             capture_output=True, text=True, timeout=60)
    if outcome.returncode != 0:
        raise RuntimeError(outcome.stderr[-300:])
    return [line.split("|") for line in outcome.stdout.splitlines() if line]


def psql_login():
    """The psql command `icpledger db start` prints (the system role, which reads every workspace)."""
    outcome = subprocess.run([BINARY, "db", "start"], capture_output=True, text=True, timeout=120)
    line = next((line for line in outcome.stdout.splitlines() if "psql" in line), "")
    if not line:
        raise RuntimeError(f"db start printed no psql line: {outcome.stdout[-300:]}")
    return line[line.index("psql"):].split()


def suite_tenancy():
    command = psql_login()
    tables = {name: has == "t" for name, has in psql(command, TABLES)}
    undeclared = sorted(name for name, has in tables.items() if not has and name not in REFERENCE_TABLES)
    check(f"tenancy: every one of {len(tables)} tables carries tenant_id or is a declared reference table", not undeclared, undeclared)
    keys = [(table, name, column) for table, name, column in psql(command, KEYS) if table not in REFERENCE_TABLES]
    wrong = [f"{table}.{name} starts with {column}" for table, name, column in keys if column != "tenant_id"]
    figures["tenancy: tenant tables"] = sum(1 for name in tables if name not in REFERENCE_TABLES)
    figures["tenancy: their primary and unique keys checked"] = len(keys)
    figures["tenancy: reference tables"] = ", ".join(sorted(REFERENCE_TABLES))
    check(f"tenancy: all {len(keys)} primary and unique keys of tenant tables start with tenant_id", keys and not wrong, wrong[:10])


HAPROXY = """
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # A write is never sent to a second instance behind the client's back: the client retries it, with its key.
    retries 0
frontend ledger
    bind 127.0.0.1:{port}
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /ready
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1
{servers}
"""

NOTICES = """
SELECT p ->> 'icpId', p ->> 'subject', coalesce(p ->> 'revision', ''), p ->> 'notice', p ->> 'dueOn', count(*)
FROM (SELECT canonical::jsonb -> 'payload' AS p FROM events WHERE event_type = 'ReviewNoticed') AS notices
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
"""


def leading(server):
    status, _, body = request("GET", "/metrics", port=server.port, timeout=5)
    if status != 200:
        return False
    for line in body.decode().splitlines():
        if line.startswith("icpledger_scheduler_leading"):
            return float(line.split()[-1]) == 1
    return False


def suite_instances():
    """Three serve processes behind HAProxy on one database."""
    servers = [Server({"ICPLEDGER_SCHEDULER_LEASE": "6"}) for _ in range(3)]
    for server in servers:
        server.start()
    front = free_port()
    config = os.path.join(WORK, "haproxy.cfg")
    with open(config, "w") as file:
        file.write(HAPROXY.format(port=front, servers="\n".join(f"    server s{i} 127.0.0.1:{s.port} check" for i, s in enumerate(servers))))
    proxy = subprocess.Popen(["haproxy", "-f", config, "-db"], stdout=subprocess.DEVNULL, stderr=open(os.path.join(WORK, "haproxy.log"), "ab"))
    try:
        began = time.monotonic()
        while time.monotonic() - began < 30 and request("GET", "/ready", port=front, timeout=2)[0] != 200:
            time.sleep(0.2)
        check("instances: three instances answer behind HAProxy", request("GET", "/ready", port=front)[0] == 200)
        load = Load(front, "instances")
        load.start()

        # Read your writes across instances: written through one, read at once through another with the write's token.
        misses = 0
        rounds = 30
        for index in range(rounds):
            writer, reader = servers[index % 3], servers[(index + 1) % 3]
            key = str(uuid.uuid4())
            status, headers, _ = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, "instances"), key=key, port=writer.port)
            load.acknowledged.add(key) if status == 201 else load.in_doubt.add(key)
            token = headers.get("ICPLedger-Consistency-Token")
            listed = request("GET", f"/v1/workspaces/{WORKSPACE}/findings?after={token}", port=reader.port)
            if status != 201 or not token or listed[0] != 200 or f"load instances {key}".encode() not in listed[2]:
                misses += 1
        check(f"instances: {rounds} writes through one instance, each read at once through another with its token", misses == 0, misses)

        # The scheduler: one leader; notices recorded; the leader killed, another takes over; nothing twice.
        command = psql_login()
        began = time.monotonic()
        while time.monotonic() - began < 30 and not psql(command, NOTICES):
            time.sleep(0.5)
        leaders = [s for s in servers if leading(s)]
        check("instances: exactly one instance leads the scheduler", len(leaders) == 1, [s.port for s in leaders])
        if leaders:
            leaders[0].kill()
            began = time.monotonic()
            while time.monotonic() - began < 30 and not any(leading(s) for s in servers if s is not leaders[0]):
                time.sleep(0.5)
            takeover = time.monotonic() - began
            figures["instances: scheduler takeover after the leader was killed"] = f"{takeover:.1f} s"
            check(f"instances: another instance leads {takeover:.1f} s after the leader was killed", takeover < 30)
            time.sleep(6)  # at least two runs of the new leader
            leaders[0].start()
        notices = psql(command, NOTICES)
        figures["instances: review notices recorded"] = len(notices)
        check("instances: the overdue ICP's review notices were recorded", len(notices) >= 1, notices)
        check("instances: each notice recorded exactly once", all(row[-1] == "1" for row in notices), [r for r in notices if r[-1] != "1"])
        time.sleep(2)
        load.stop()
        verify_exactly_once(front, load, "instances")
    finally:
        proxy.terminate()
        proxy.wait()
        for server in servers:
            server.stop()
    audit_projections("instances")


def superuser_psql():
    """psql as the embedded cluster's superuser (the OS user that runs it, by peer authentication)."""
    command = psql_login()
    at = command.index("-U")
    del command[at:at + 2]
    return as_postgres([*command, "-U", "postgres"]) if os.geteuid() == 0 else command


SERVICE_BACKENDS = """
SELECT count(*) FROM pg_stat_activity
WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('fault-filler', 'psql')
"""

# The most sessions one serve opens: its pools (8 request-path, 2 system), LISTEN, and the scheduler's lease.
SERVICE_SESSIONS = 13

SLOW_COMMIT_ON = """
CREATE FUNCTION fault_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER fault_slow_commit AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION fault_slow_commit();
"""

SLOW_COMMIT_OFF = "DROP TRIGGER fault_slow_commit ON events; DROP FUNCTION fault_slow_commit();"


def suite_exhaustion():
    """max_connections reached, and a commit slowed by a deferred trigger: 2xx or 503, no crash, no leak."""
    admin = superuser_psql()
    server = Server()
    server.start()
    load = Load(server.port, "exhaustion")
    load.start()
    fillers = []
    try:
        time.sleep(2)
        before = int(psql(admin, SERVICE_BACKENDS)[0][0])
        # Every connection slot taken by idle sessions of another client (superusers keep theirs).
        limit, reserved, used = (int(v) for v in psql(admin, """
            SELECT current_setting('max_connections'), current_setting('superuser_reserved_connections'),
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')""")[0])
        environment = {**os.environ, "PGAPPNAME": "fault-filler"}
        for _ in range(limit - reserved - used):
            fillers.append(subprocess.Popen(psql_login() + ["-c", "SELECT pg_sleep(25)"], env=environment,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        began = time.monotonic()
        while time.monotonic() - began < 60 and int(psql(admin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fault-filler'")[0][0]) < len(fillers):
            time.sleep(0.5)
        # The service's own sessions are cut, so it must open new ones while none can be had: the slots
        # they free would go straight back to it, so its request-path role is also held at no
        # connection at all (the same refusal, 53300, as a full server).
        psql(admin, "ALTER ROLE icpledger_app CONNECTION LIMIT 0")
        psql(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    "AND pid <> pg_backend_pid() AND application_name NOT IN ('fault-filler', 'psql')")
        refused_before = load.refused.get(503, 0)
        time.sleep(5)
        figures["exhaustion: filler sessions at max_connections"] = len(fillers)
        check("exhaustion: with every connection taken, writes were refused with 503", load.refused.get(503, 0) > refused_before, load.refused)
        check("exhaustion: serve is still running at max_connections", server.process.poll() is None)
        psql(admin, "ALTER ROLE icpledger_app CONNECTION LIMIT -1")
        for filler in fillers:
            filler.kill()
        for filler in fillers:
            filler.wait()
        fillers = []
        acknowledged = len(load.acknowledged)
        began = time.monotonic()
        while time.monotonic() - began < 30 and len(load.acknowledged) == acknowledged:
            time.sleep(0.2)
        figures["exhaustion: writes acknowledged again after the connections were freed"] = f"{time.monotonic() - began:.1f} s"
        check("exhaustion: writes are acknowledged again once connections are free", len(load.acknowledged) > acknowledged)

        # A slow disk: every commit that appends events waits 0.3 s in a deferred trigger.
        psql(admin, SLOW_COMMIT_ON)
        slow_before = len(load.acknowledged)
        time.sleep(8)
        during = int(psql(admin, SERVICE_BACKENDS)[0][0])
        psql(admin, SLOW_COMMIT_OFF)
        figures["exhaustion: writes acknowledged in 8 s of slow commits"] = len(load.acknowledged) - slow_before
        check("exhaustion: slow commits still acknowledge writes", len(load.acknowledged) > slow_before)
        check(f"exhaustion: the service's sessions stay bounded under slow commits ({before} before, {during} during)", during <= SERVICE_SESSIONS)
        began = time.monotonic()
        while time.monotonic() - began < 30 and request("GET", "/ready", port=server.port, timeout=2)[0] != 200:
            time.sleep(0.2)
        check("exhaustion: the read models catch up (ready) after the slow commits", request("GET", "/ready", port=server.port)[0] == 200)
        time.sleep(2)

        # A statement-timeout storm: the events table locked for longer than the service's statement
        # timeout (30 s), so every append waits, then is cancelled; writes queued behind them wait for
        # the pool. Each must still get an answer: 503 with Retry-After, not a hang.
        load.stop()
        locker = subprocess.Popen(admin + ["-c", "BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(36); COMMIT;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        answers = []

        def probe():
            key = str(uuid.uuid4())
            began = time.monotonic()
            status, headers, _ = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, "exhaustion"), key=key,
                                         port=server.port, timeout=45)
            answers.append((status, "Retry-After" in headers, time.monotonic() - began))
            load.in_doubt.add(key) if status is None or status >= 500 else load.acknowledged.add(key)

        probes = [threading.Thread(target=probe) for _ in range(12)]
        for thread in probes:
            thread.start()
        for thread in probes:
            thread.join()
        locker.wait()
        slowest = max(took for _, _, took in answers)
        figures["exhaustion: slowest answer in the statement-timeout storm"] = f"{slowest:.1f} s"
        check(f"exhaustion: in the statement-timeout storm all 12 writes were answered 503 with Retry-After, the slowest in {slowest:.1f} s",
              all(status == 503 and retry for status, retry, _ in answers) and slowest < 40, answers)
        check("exhaustion: serve is still running after the storm", server.process.poll() is None)
        key = str(uuid.uuid4())
        after_storm = request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, "exhaustion"), key=key, port=server.port)
        load.acknowledged.add(key) if after_storm[0] == 201 else load.in_doubt.add(key)
        check("exhaustion: a write after the storm is acknowledged", after_storm[0] == 201, after_storm[0])
    finally:
        for filler in fillers:
            filler.kill()
        psql(admin, "ALTER ROLE icpledger_app CONNECTION LIMIT -1")
        psql(admin, "DROP TRIGGER IF EXISTS fault_slow_commit ON events")
        load.stop()
    after = int(psql(admin, SERVICE_BACKENDS)[0][0])
    figures["exhaustion: service sessions before and after"] = f"{before} / {after}"
    # serve's pools hold at most 8 + 2 sessions, plus the LISTEN connection and the scheduler's lease.
    check(f"exhaustion: no connection leaked ({before} sessions before, {after} after, at most {SERVICE_SESSIONS})", after <= SERVICE_SESSIONS)
    check("exhaustion: no write waited past the client's timeout", load.slowest < CLIENT_TIMEOUT, load.slowest)
    check("exhaustion: every 503 carried Retry-After", load.retry_after_missing == 0, load.retry_after_missing)
    check("exhaustion: no answer other than 2xx and 503", set(load.refused) <= {503}, load.refused)
    verify_exactly_once(server.port, load, "exhaustion")
    server.stop()
    audit_projections("exhaustion")


EXPLAIN_ON = """
ALTER SYSTEM SET session_preload_libraries = 'auto_explain';
ALTER SYSTEM SET auto_explain.log_min_duration = 0;
ALTER SYSTEM SET auto_explain.log_format = 'json';
ALTER SYSTEM SET auto_explain.log_nested_statements = on;
ALTER SYSTEM SET log_line_prefix = '%m [%p] user=%u ';
SELECT pg_reload_conf();
"""

EXPLAIN_OFF = """
ALTER SYSTEM RESET session_preload_libraries;
ALTER SYSTEM RESET auto_explain.log_min_duration;
ALTER SYSTEM RESET auto_explain.log_format;
ALTER SYSTEM RESET auto_explain.log_nested_statements;
ALTER SYSTEM RESET log_line_prefix;
SELECT pg_reload_conf();
"""


def logged_plans(text):
    """(user, plan) for every auto_explain plan in a server log written with EXPLAIN_ON's settings."""
    plans = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if "plan:" in line and "user=" in line and "duration:" in line:
            user = line.split("user=", 1)[1].split(" ", 1)[0]
            body = []
            index += 1
            while index < len(lines) and lines[index].startswith("\t"):
                body.append(lines[index][1:])
                index += 1
            try:
                plans.append((user, json.loads("\n".join(body))))
            except ValueError:
                pass
            continue
        index += 1
    return plans


def unfiltered_scans(node, tenant_tables):
    """The tenant tables a plan reads without a condition on tenant_id."""
    found = []
    relation = node.get("Relation Name")
    # An INSERT carries its tenant in the row; what it reads (its subplans) is checked like any read.
    inserting = node.get("Node Type") == "ModifyTable" and node.get("Operation") == "Insert"
    if relation in tenant_tables and not inserting:
        conditions = " ".join(str(node.get(key, "")) for key in ("Index Cond", "Filter", "Recheck Cond", "Join Filter", "TID Cond"))
        if "tenant_id" not in conditions:
            found.append(f"{node.get('Node Type')} on {relation}")
    for child in node.get("Plans", []):
        found += unfiltered_scans(child, tenant_tables)
    return found


def suite_queries():
    """Every query the request path runs on a tenant table filters by tenant_id, as PostgreSQL planned it
    (auto_explain logs every plan while a serve takes API and page traffic)."""
    admin = superuser_psql()
    command = psql_login()
    tenant_tables = {name for name, has in psql(command, TABLES) if has == "t" and name not in REFERENCE_TABLES}
    log_path = os.path.join(cluster_data_dir(), "server.log")
    offset = os.path.getsize(log_path)
    psql(admin, ["LOAD 'auto_explain'"] + EXPLAIN_ON.strip().rstrip(";").split(";\n"))
    server = Server()
    try:
        server.start()
        port = server.port
        icps = json.loads(request("GET", f"/v1/workspaces/{WORKSPACE}/icps", port=port)[2])["icps"]
        icp = icps[0]["id"]
        key = str(uuid.uuid4())
        request("POST", f"/v1/workspaces/{WORKSPACE}/findings", finding(key, "queries"), key=key, port=port)
        paths = [
            "/v1/me", "/v1/workspaces", "/v1/schedule", f"/v1/workspaces/{WORKSPACE}", f"/v1/workspaces/{WORKSPACE}/members",
            f"/v1/workspaces/{WORKSPACE}/principals", f"/v1/workspaces/{WORKSPACE}/icps/{icp}", f"/v1/workspaces/{WORKSPACE}/icps/{icp}/current",
            f"/v1/workspaces/{WORKSPACE}/icps/{icp}/revisions", f"/v1/workspaces/{WORKSPACE}/icps/{icp}/revisions/1",
            f"/v1/workspaces/{WORKSPACE}/icps/{icp}/diff?from=1&to=1", f"/v1/workspaces/{WORKSPACE}/icps/{icp}/lint",
            f"/v1/workspaces/{WORKSPACE}/icps/{icp}/activity", f"/v1/workspaces/{WORKSPACE}/icps/{icp}/export",
            f"/v1/workspaces/{WORKSPACE}/icps/{icp}/operating?on=2026-01-01", f"/v1/workspaces/{WORKSPACE}/findings",
            f"/v1/workspaces/{WORKSPACE}/webhooks", f"/v1/workspaces/{WORKSPACE}/mapping", f"/v1/workspaces/{WORKSPACE}/pipeline/snapshots",
        ]
        answered = [request("GET", path, port=port)[0] for path in paths]
        check(f"queries: {len(paths)} API reads answered", all(status is not None and status < 500 for status in answered), answered)
        time.sleep(1)
    finally:
        server.stop()
        psql(admin, ["LOAD 'auto_explain'"] + EXPLAIN_OFF.strip().rstrip(";").split(";\n"))
    with open(log_path, encoding="utf-8", errors="replace") as file:
        file.seek(offset)
        plans = logged_plans(file.read())
    request_path = [plan for user, plan in plans if user == "icpledger_app"]
    figures["queries: request-path plans checked"] = len(request_path)
    check("queries: the request path's plans were logged", len(request_path) >= 20, len(request_path))
    offenders = {}
    for plan in request_path:
        for scan in unfiltered_scans(plan.get("Plan", {}), tenant_tables):
            offenders.setdefault(scan, plan.get("Query Text", "")[:160].replace("\n", " "))
    check(f"queries: every request-path read of a tenant table filters by tenant_id ({len(request_path)} plans)", not offenders,
          "; ".join(f"{scan}: {text}" for scan, text in list(offenders.items())[:5]))


def suite_failover():
    # In its own file; it imports this module's helpers, results and figures (this very module, not a second copy).
    sys.modules.setdefault("fault_suite", sys.modules[__name__])
    from fault_failover import suite_failover as failover

    failover()


def suite_replica():
    sys.modules.setdefault("fault_suite", sys.modules[__name__])
    from fault_replica import suite_replica as replica

    replica()


SUITES = {
    "queries": suite_queries,
    "kill": suite_kill, "db-restart": suite_db_restart, "instances": suite_instances, "exhaustion": suite_exhaustion, "tenancy": suite_tenancy,
    "failover": suite_failover, "replica": suite_replica,
}

if __name__ == "__main__":
    names = [a for a in sys.argv[1:]] or ["kill", "db-restart", "instances", "exhaustion", "tenancy", "queries", "replica"]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        sys.exit(f"fault-suite: unknown suite {unknown}; known: {', '.join(SUITES)}")
    for name in names:
        began = time.monotonic()
        try:
            SUITES[name]()
        except Exception as error:  # a suite that crashes is a failed check, and the others still run
            check(f"{name}: ran to the end", False, repr(error))
        figures[f"{name}: seconds"] = f"{time.monotonic() - began:.0f}"
        for server in Server.started:
            server.stop()
    for label, value in figures.items():
        print(f"figure: {label}: {value}")
    passed, failed = results.count(True), results.count(False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
