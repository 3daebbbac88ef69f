"""The `failover` fault suite (scripts/fault_suite.py failover; opt-in, not in the default list).

pg_auto_failover on loopback (a monitor and two data nodes, synchronous replication, the monitor's
timeouts lowered so a failover takes seconds), the service on a libpq multi-host URL with
`target_session_attrs=read-write`, and a load through one `serve`. FAULT_FAILOVERS times (default 10)
the primary is taken down so that pg_autoctl cannot restart it in place: its keeper and PostgreSQL
frozen together with SIGSTOP past the monitor's timeout (rounds 1, 4, 5, 8, 9) or killed together with
SIGKILL (the others). The standby is promoted; writes must resume through the same `serve`; the old node
then comes back (SIGCONT, or `pg_autoctl run` again) and rejoins as the synchronous standby before the next
round. Afterwards every acknowledged write is present exactly once, every in-doubt write is retried
exactly once, `serve` was never restarted, and the read models equal a rebuild.

The negative control then makes replication asynchronous, freezes the standby's WAL receiver while
writes are acknowledged, kills the primary and lets the standby be promoted with what it has: the same
verifier must report the acknowledged writes that were lost.

FAULT_LOGS=DIR keeps the monitor's, the nodes' and serve's logs there (the run's folders are removed).
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import fault_suite as fs
from fault_suite import Load, Server, check, cli, figures, free_port, request, wait_for

PG_BIN = "/usr/lib/postgresql/15/bin"
FROZEN_FOR = 15  # seconds a frozen primary stays frozen after its standby was promoted
AS_POSTGRES = os.geteuid() == 0  # PostgreSQL refuses to run as root

# The monitor's settings (milliseconds): a primary that stops answering is declared unhealthy after
# about 3 s, and the standby is promoted 5 s later at most if the old primary never says it demoted.
MONITOR_SETTINGS = {
    "pgautofailover.health_check_period": 1000,
    "pgautofailover.health_check_timeout": 1000,
    "pgautofailover.health_check_max_retries": 1,
    "pgautofailover.health_check_retry_delay": 500,
    "pgautofailover.node_considered_unhealthy_timeout": 3000,
    "pgautofailover.primary_demote_timeout": 5000,
}


def descendants(pid):
    """pid and every process below it (read from /proc), parents first."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as file:
                    parent = int(file.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found = [pid]
    index = 0
    while index < len(found):
        found += children.get(found[index], [])
        index += 1
    return found


def signal_all(pids, number):
    for pid in pids:
        try:
            os.kill(pid, number)
        except ProcessLookupError:
            pass


def psql(port, sql, user="postgres", database="postgres", timeout=20):
    """Rows of `sql` on a node of the formation (trust on loopback), or None when it cannot be reached."""
    try:
        outcome = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", database, "-At", "-F", "|",
                                  "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=timeout,
                                 env={**os.environ, "PGCONNECT_TIMEOUT": "2"})
    except subprocess.TimeoutExpired:
        return None
    if outcome.returncode != 0:
        return None
    return [line.split("|") for line in outcome.stdout.splitlines() if line]


class Formation:
    """A pg_auto_failover monitor and two data nodes on loopback, in a fresh folder; each `pg_autoctl run`
    is a child of this process, run as the postgres user when we are root."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="icpledger-failover.")
        if AS_POSTGRES:
            shutil.chown(self.folder, "postgres", "postgres")
        # pg_autoctl keeps its configuration and state under XDG folders: kept in ours, removed with it.
        self.env = {**os.environ, "HOME": self.folder, "PGCONNECT_TIMEOUT": "2",
                    **{name: os.path.join(self.folder, name.lower()) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR")}}
        self.monitor_port = free_port()
        self.nodes = {"node1": free_port(), "node2": free_port()}
        self.processes = {}  # name -> Popen of `pg_autoctl run`
        self.frozen = set()  # pids stopped with SIGSTOP, continued on cleanup whatever happens

    def pgdata(self, name):
        return os.path.join(self.folder, name)

    def autoctl(self, *arguments, timeout=120, tolerate=False):
        # errors="replace": pg_autoctl 2.0 may log a garbled parameter (its get_nodes() after `set node`).
        outcome = subprocess.run(["pg_autoctl", *arguments], capture_output=True, text=True, errors="replace", timeout=timeout,
                                 env=self.env, cwd=self.folder, **self.identity())
        if outcome.returncode != 0 and not tolerate:
            raise RuntimeError(f"pg_autoctl {' '.join(arguments[:2])} failed: {outcome.stderr[-600:]}")
        return outcome.stdout

    def identity(self):
        return {"user": "postgres", "group": "postgres", "extra_groups": []} if AS_POSTGRES else {}

    def run(self, name):
        log = open(os.path.join(self.folder, f"{name}.log"), "ab")
        self.processes[name] = subprocess.Popen(["pg_autoctl", "run", "--pgdata", self.pgdata(name)], stdout=log, stderr=log,
                                                env=self.env, cwd=self.folder, **self.identity())

    @property
    def monitor_uri(self):
        return f"postgres://autoctl_node@127.0.0.1:{self.monitor_port}/pg_auto_failover?sslmode=disable"

    def create(self):
        common = ["--pgctl", f"{PG_BIN}/pg_ctl", "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl"]
        self.autoctl("create", "monitor", "--pgdata", self.pgdata("monitor"), "--pgport", str(self.monitor_port), *common)
        self.run("monitor")
        if wait_for(lambda: psql(self.monitor_port, "SELECT 1") is not None, 60) is None:
            raise RuntimeError("the monitor did not start")
        for setting, value in MONITOR_SETTINGS.items():
            psql(self.monitor_port, f"ALTER SYSTEM SET {setting} = {value}", database="pg_auto_failover")
        psql(self.monitor_port, "SELECT pg_reload_conf()")
        for name, port in self.nodes.items():
            self.autoctl("create", "postgres", "--pgdata", self.pgdata(name), "--pgport", str(port), "--listen", "127.0.0.1",
                         "--name", name, "--monitor", self.monitor_uri, *common)
            # An isolated primary demotes itself sooner than the monitor promotes its standby.
            self.autoctl("config", "set", "--pgdata", self.pgdata(name), "timeout.network_partition_timeout", "3")
            self.run(name)
            if wait_for(lambda: self.states().get(name, ("",))[0] in ("single", "secondary"), 120, 0.5) is None:
                raise RuntimeError(f"{name} did not join the formation: {self.states()}")

    def states(self):
        """name -> (reported state, assigned state, health) as the monitor sees them."""
        rows = psql(self.monitor_port, "SELECT nodename, reportedstate, goalstate, health FROM pgautofailover.node", user="autoctl_node",
                    database="pg_auto_failover")
        return {name: (reported, goal, health) for name, reported, goal, health in rows or []}

    def primary(self):
        return next((name for name, (reported, goal, _) in self.states().items() if goal in ("primary", "wait_primary", "single")
                     and reported == goal), None)

    def synchronous(self):
        """The primary waits for its standby: synchronous_standby_names set, the standby streaming as sync or quorum."""
        primary = self.primary()
        rows = primary and psql(self.nodes[primary], "SELECT current_setting('synchronous_standby_names'), "
                                "(SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state IN ('sync', 'quorum'))")
        return bool(rows) and rows[0][0] != "" and rows[0][1] == "1"

    def stable(self):
        """One primary and one secondary, both healthy and where the monitor wants them, replication synchronous."""
        states = sorted((reported, goal, health) for reported, goal, health in self.states().values())
        return states == [("primary", "primary", "1"), ("secondary", "secondary", "1")] and self.synchronous()

    def node_pids(self, name):
        process = self.processes.get(name)
        return descendants(process.pid) if process and process.poll() is None else []

    def freeze(self, name):
        """SIGSTOP the node's keeper and its PostgreSQL (postmaster and every backend) together."""
        pids = self.node_pids(name)
        signal_all(pids, signal.SIGSTOP)
        self.frozen.update(pids)
        return pids

    def thaw(self, pids):
        signal_all(pids, signal.SIGCONT)
        self.frozen.difference_update(pids)

    def kill(self, name):
        """SIGKILL the node's keeper and its PostgreSQL together (stopped first, so nothing restarts in between)."""
        pids = self.node_pids(name)
        signal_all(pids, signal.SIGSTOP)
        signal_all(pids, signal.SIGKILL)
        self.processes[name].wait(timeout=30)

    def walreceiver(self, name):
        """The pid of the node's WAL receiver process, or None."""
        for pid in self.node_pids(name):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as file:
                    if file.read().startswith(b"postgres: walreceiver"):
                        return pid
            except OSError:
                pass
        return None

    def url(self, database="icpledger", user="icpledger_owner"):
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.nodes.values())
        return f"postgresql://{hosts}/{database}?target_session_attrs=read-write&user={user}&connect_timeout=2"

    def destroy(self):
        """Continue anything frozen, stop every pg_autoctl (and its PostgreSQL), remove the folder."""
        signal_all(list(self.frozen), signal.SIGCONT)
        every = {name: self.node_pids(name) for name in self.processes}
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for name, process in self.processes.items():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                signal_all(every[name], signal.SIGKILL)
                process.wait()
        # Anything a keeper left behind.
        time.sleep(0.5)
        for pids in every.values():
            signal_all(pids, signal.SIGKILL)
        keep = os.environ.get("FAULT_LOGS")  # a folder to keep the formation's and serve's logs in
        if keep:
            os.makedirs(keep, exist_ok=True)
            for folder in (self.folder, fs.WORK):
                for name in os.listdir(folder):
                    if name.endswith(".log"):
                        shutil.copy(os.path.join(folder, name), keep)
        shutil.rmtree(self.folder, ignore_errors=True)


# The operator's part, for an external server (README, "Your own PostgreSQL"): the owner's login and
# its database; the two service roles created ahead (the system role's BYPASSRLS needs a superuser),
# and the owner a member of both, as the service acts as them with SET ROLE at connect.
OPERATOR_SQL = [
    "CREATE ROLE icpledger_owner LOGIN",
    "CREATE ROLE icpledger_app NOLOGIN",
    "CREATE ROLE icpledger_system NOLOGIN BYPASSRLS",
    "GRANT icpledger_app, icpledger_system TO icpledger_owner",
    "CREATE DATABASE icpledger OWNER icpledger_owner",
]


def acknowledged_after(load, count, timeout):
    """Seconds until the load has more than `count` acknowledged writes, or None."""
    return wait_for(lambda: len(load.acknowledged) > count, timeout, 0.05)


def suite_failover():
    failovers = int(os.environ.get("FAULT_FAILOVERS", "10"))
    formation = Formation()
    saved = fs.WORKSPACE, fs.TOKEN
    try:
        formation.create()
        check("failover: a monitor and two nodes, replication synchronous", wait_for(formation.stable, 120, 0.5) is not None,
              formation.states())
        primary = formation.primary()
        for statement in OPERATOR_SQL:
            psql(formation.nodes[primary], statement)
        env = {key: value for key, value in os.environ.items() if key != "ICPLEDGER_DATA_DIR"}
        env["DATABASE_URL"] = formation.url()
        # The new database migrated, then the suite's own workspace and token on it.
        cli("migrate", env=env)
        fs.use_workspace("failover", env=env)

        server = Server()
        server.env = env
        server.start()
        pid = server.process.pid
        load = Load(server.port, "failover")
        load.start()
        recoveries = []
        promotions = []
        frozen_resumed = []  # per frozen round: did writes resume while the old primary was still frozen?
        try:
            for round_number in range(failovers):
                time.sleep(2)
                old = formation.primary()
                new = next(name for name in formation.nodes if name != old)
                # frozen, killed, killed, frozen, …: each node is frozen and killed in turn.
                mode = "frozen" if round_number % 4 in (0, 3) else "killed"
                label = f"failover {round_number + 1} ({mode} {old})"
                began = time.monotonic()
                frozen = formation.freeze(old) if mode == "frozen" else formation.kill(old)
                promoted = wait_for(lambda: formation.primary() == new, 60)
                if promoted is None:
                    check(f"{label}: the standby was promoted within 60 s", False, formation.states())
                    break
                promotions.append(promoted)
                # The old node cannot acknowledge anything now: a write acknowledged from here on went to the new primary.
                count = len(load.acknowledged)
                detail = ""
                if mode == "frozen":
                    # Kept frozen a while after the promotion, as a hung machine would stay, then continued: its
                    # keeper finds itself demoted and stops its PostgreSQL, then rejoins as the standby.
                    while_frozen = acknowledged_after(load, count, FROZEN_FOR)
                    frozen_resumed.append(while_frozen is not None)
                    formation.thaw(frozen)
                    # The service's connections to the frozen node stay open (its kernel still answers TCP):
                    # the pool's stall check must cut them once new connections reach the promoted node.
                    check(f"{label}: writes acknowledged on {new} while {old} was still frozen"
                          + (f", {while_frozen:.1f} s after the promotion" if while_frozen is not None else ""),
                          while_frozen is not None, f"none in the {FROZEN_FOR} s it stayed frozen after the promotion")
                    if while_frozen is None:
                        detail = f", only once the old primary was continued ({FROZEN_FOR} s after the promotion)"
                        acknowledged_after(load, count, 30)
                else:
                    acknowledged_after(load, count, 30)
                    formation.run(old)
                resumed = len(load.acknowledged) > count
                recovered = time.monotonic() - began
                check(f"{label}: {new} promoted after {promoted:.1f} s; the same serve acknowledged writes again "
                      f"{recovered:.1f} s after the fault{detail}", resumed, "no write acknowledged in 30 s")
                if resumed:
                    recoveries.append((mode, recovered))
                # The old node must be back as the synchronous standby before the next round.
                rejoined = wait_for(formation.stable, 120, 0.5)
                check(f"{label}: back as the synchronous standby" + (f" after {rejoined:.1f} s" if rejoined is not None else ""),
                      rejoined is not None, formation.states())
                if not resumed or rejoined is None:
                    break
        finally:
            time.sleep(2)
            load.stop()
        figures["failover: failovers done"] = f"{len(recoveries)} of {failovers}"
        figures["failover: frozen rounds in which writes resumed before the old primary was continued"] = \
            f"{sum(frozen_resumed)} of {len(frozen_resumed)}"
        if promotions:
            figures["failover: standby promoted after the fault, median / worst"] = \
                f"{sorted(promotions)[len(promotions) // 2]:.1f} s / {max(promotions):.1f} s"
        for mode in ("killed", "frozen"):
            ordered = sorted(took for kind, took in recoveries if kind == mode)
            if ordered:
                figures[f"failover: writes acknowledged again after the primary was {mode}, median / worst"] = \
                    f"{ordered[len(ordered) // 2]:.1f} s / {ordered[-1]:.1f} s"
        no_answer = len(load.in_doubt) - sum(n for status, n in load.refused.items() if status >= 500)
        figures["failover: answers during the load"] = (f"{len(load.acknowledged)} 2xx, {dict(sorted(load.refused.items()))} refused, "
                                                        f"{no_answer} without an answer in {fs.CLIENT_TIMEOUT:.0f} s, "
                                                        f"slowest answer {load.slowest:.1f} s")
        check(f"failover: the primary failed over {failovers} times", len(recoveries) == failovers, len(recoveries))
        check("failover: no answer other than 2xx and 503", set(load.refused) <= {503}, load.refused)
        check("failover: every 503 carried Retry-After", load.retry_after_missing == 0, load.retry_after_missing)
        wait_for(lambda: request("GET", "/ready", port=server.port, timeout=2)[0] == 200, 60, 0.5)
        fs.verify_exactly_once(server.port, load, "failover")
        check("failover: the same serve process ran throughout (never restarted)", server.process.pid == pid and server.process.poll() is None)
        server.stop()
        fs.audit_projections("failover", env=env)

        negative_control(formation, env)
    finally:
        fs.WORKSPACE, fs.TOKEN = saved
        formation.destroy()


def negative_control(formation, env):
    """Asynchronous replication, the standby's WAL receiver frozen while writes are acknowledged, the
    primary killed: the standby is promoted without them, and the verifier must say so."""
    primary = formation.primary()
    standby = next(name for name in formation.nodes if name != primary)
    # The standby leaves the write quorum: the primary no longer waits for it.
    # (pg_autoctl 2.0 may fail to read the nodes back after setting it: what counts is the primary's setting.)
    formation.autoctl("set", "node", "replication-quorum", "false", "--pgdata", formation.pgdata(standby), tolerate=True)
    asynchronous = wait_for(lambda: psql(formation.nodes[primary], "SELECT current_setting('synchronous_standby_names') = ''") == [["t"]], 30)
    check("failover control: replication made asynchronous (synchronous_standby_names empty)", asynchronous is not None)
    server = Server()
    server.env = env
    server.start()
    load = Load(server.port, "failover-control")
    load.start()
    try:
        time.sleep(2)
        wait_for(lambda: formation.walreceiver(standby) is not None, 30)
        receiver = formation.walreceiver(standby)
        os.kill(receiver, signal.SIGSTOP)
        formation.frozen.add(receiver)
        frozen_at = len(load.acknowledged)
        time.sleep(4)
        unreplicated = len(load.acknowledged) - frozen_at
        check(f"failover control: {unreplicated} writes acknowledged with the standby's WAL receiver frozen", unreplicated > 0)
        formation.kill(primary)
        # The frozen receiver never read what still sat in its socket: killed, it takes that with it, and
        # the standby (its postmaster restarts it) is promoted with the WAL it has on disk.
        os.kill(receiver, signal.SIGKILL)
        formation.frozen.discard(receiver)
        promoted = wait_for(lambda: formation.primary() == standby, 60)
        if promoted is None:
            # pg_auto_failover refused to promote the lagging standby: promote it by hand, as an operator would.
            subprocess.run([f"{PG_BIN}/pg_ctl", "promote", "-w", "-D", formation.pgdata(standby)], capture_output=True,
                           timeout=60, cwd=formation.folder, **formation.identity())
        check("failover control: the standby was promoted" + (f" after {promoted:.1f} s" if promoted is not None else " by hand"),
              wait_for(lambda: psql(formation.nodes[standby], "SELECT pg_is_in_recovery()") == [["f"]], 60) is not None)
        resumed = acknowledged_after(load, len(load.acknowledged), 30)
        check("failover control: the same serve acknowledges writes on the promoted standby", resumed is not None)
        time.sleep(1)
    finally:
        load.stop()
    wait_for(lambda: request("GET", "/ready", port=server.port, timeout=2)[0] == 200, 60, 0.5)
    lost = fs.verify_exactly_once(server.port, load, "failover control", expect_loss=True)
    figures["failover control: acknowledged writes lost and detected"] = f"{lost} of {len(load.acknowledged)} ({unreplicated} acknowledged while the WAL receiver was frozen)"
    server.stop()
