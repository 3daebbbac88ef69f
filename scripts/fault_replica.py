"""The `replica` fault suite (run by scripts/fault-suite.sh replica; see scripts/fault_suite.py).

A streaming standby of the suite's embedded cluster, made with pg_basebackup on loopback, answers
serve's reads (ICPLEDGER_REPLICA_DATABASE_URL). Checked:
- reads without a token go to the standby (`ICPLedger-Read-Source: replica`);
- under a write load, every write read back at once with its consistency token is in the answer,
  from the standby or, when it has not replayed that far within the wait, from the primary;
- with replay paused (`pg_wal_replay_pause()`), a read with a token answers from the primary within
  the wait bound and shows the write, never stale data; reads without a token leave the standby once
  its replay trails by more than ICPLEDGER_REPLICA_MAX_LAG; after `pg_wal_replay_resume()` the
  standby answers again;
- a board report that must record a checkpoint is answered by the primary, the next one by the standby;
- cut off from the primary (its WAL receiver stopped), reads without a token leave it once it has
  replayed nothing for longer than the bound: it cannot know what it missed;
- the standby stopped: every read is answered by the primary, none fails;
- afterwards every acknowledged write is present exactly once and the read models equal a rebuild.
"""
import os
import shutil
import statistics
import subprocess
import time
import uuid

import fault_suite as fs
from fault_suite import (
    WORK, Load, Server, as_postgres, audit_projections, check, figures, finding, free_port, postgres_program, psql, psql_login, request,
    superuser_psql, verify_exactly_once, wait_for,
)

WAIT = 1.0  # ICPLEDGER_REPLICA_WAIT for the suite's serve
MAX_LAG = 2.0  # ICPLEDGER_REPLICA_MAX_LAG


class Standby:
    """A streaming standby of the embedded cluster: its own data folder, socket folder and port."""

    def __init__(self):
        login = psql_login()
        self.primary_socket = login[login.index("-h") + 1]
        self.primary_port = login[login.index("-p") + 1]
        self.folder = os.path.join(WORK, "standby")
        self.data = os.path.join(self.folder, "data")
        self.socket = os.path.join(self.folder, "socket")
        self.port = str(free_port())

    def create(self):
        # The embedded cluster lets its OS user log in for replication over the socket, as for anything else.
        hba = os.path.join(os.environ["ICPLEDGER_DATA_DIR"], "pg_hba.conf")
        with open(hba, "a") as file:
            file.write("local   replication   all   peer map=icpledger\n")
        psql(superuser_psql(), "SELECT pg_reload_conf()")
        os.makedirs(self.socket)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.socket, "postgres")
        os.chmod(self.folder, 0o700)
        made = subprocess.run(
            as_postgres([postgres_program("pg_basebackup"), "-D", self.data, "-R", "-X", "stream", "-c", "fast",
                         "-h", self.primary_socket, "-p", self.primary_port, "-U", "postgres"]),
            capture_output=True, text=True, timeout=300)
        if made.returncode != 0:
            raise RuntimeError(f"pg_basebackup failed: {made.stderr[-400:]}")
        self.start()

    def pg_ctl(self, *arguments):
        return subprocess.run(as_postgres([postgres_program("pg_ctl"), "-D", self.data, *arguments]), capture_output=True, text=True, timeout=120)

    def start(self):
        started = self.pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(self.data, "standby.log"),
                              "-o", f"-p {self.port} -k {self.socket} -c listen_addresses=''")
        if started.returncode != 0:
            raise RuntimeError(f"the standby did not start: {started.stderr[-400:]}")

    def stop(self):
        self.pg_ctl("stop", "-m", "immediate", "-w")

    def psql(self, sql):
        return psql(as_postgres(["psql", "-h", self.socket, "-p", self.port, "-U", "postgres", "-d", "icpledger"]), sql)

    @property
    def url(self):
        """The login serve reads through: the cluster superuser, acting as each service role."""
        return f"host={self.socket} port={self.port} dbname=icpledger user=postgres"


def findings_read(port, after=None):
    """(status, read source, body, seconds) of listing the workspace's findings."""
    began = time.monotonic()
    status, headers, body = request("GET", f"/v1/workspaces/{fs.WORKSPACE}/findings" + (f"?after={after}" if after else ""), port=port)
    return status, headers.get("ICPLedger-Read-Source"), body, time.monotonic() - began


def write_then_read(port, load, label):
    """One write, read back at once with its token: (saw it, read source, read seconds)."""
    key = str(uuid.uuid4())
    status, headers, _ = request("POST", f"/v1/workspaces/{fs.WORKSPACE}/findings", finding(key, label), key=key, port=port)
    (load.acknowledged if status == 201 else load.in_doubt).add(key)
    token = headers.get("ICPLedger-Consistency-Token")
    if status != 201 or not token:
        return False, None, 0.0
    read, source, body, took = findings_read(port, after=token)
    return read == 200 and f"load {label} {key}".encode() in body, source, took


def answering_again(port, load, timeout):
    """Writes and reads back with the token until the standby answers with the write: seconds it took, or None."""
    def from_standby():
        saw, source, _ = write_then_read(port, load, "replica")
        return saw and source == "replica"

    return wait_for(from_standby, timeout)


def suite_replica():
    # A workspace of its own: the findings list each read fetches holds only this suite's writes, so a
    # read's time is the wait for the standby, not the size of what the other suites wrote.
    saved = fs.use_workspace("replica")
    standby = Standby()
    standby.create()
    try:
        streaming = wait_for(lambda: psql(superuser_psql(), "SELECT state FROM pg_stat_replication WHERE state = 'streaming'"), 30)
        check("replica: a standby made with pg_basebackup streams from the primary", streaming is not None)
        server = Server({"ICPLEDGER_REPLICA_DATABASE_URL": standby.url, "ICPLEDGER_REPLICA_WAIT": str(WAIT),
                         "ICPLEDGER_REPLICA_MAX_LAG": str(MAX_LAG)})
        server.start()
        status, source, _, _ = findings_read(server.port)
        check("replica: a read without a token is answered by the standby", status == 200 and source == "replica", (status, source))

        # Read your writes under a write load: each write read back at once with its token.
        load = Load(server.port, "replica")
        load.start()
        rounds, seen, sources, latencies = 60, 0, {}, []
        try:
            for _ in range(rounds):
                saw, source, took = write_then_read(server.port, load, "replica")
                seen += saw
                sources[source] = sources.get(source, 0) + 1
                latencies.append(took)
        finally:
            load.stop()
        figures["replica: reads with a token under load, by source"] = sources
        figures["replica: read with a token, median / worst"] = f"{statistics.median(latencies) * 1000:.0f} ms / {max(latencies) * 1000:.0f} ms"
        check(f"replica: {rounds} writes under load, each read back at once with its token, all seen", seen == rounds, rounds - seen)
        check("replica: the standby answered reads with a token", sources.get("replica", 0) > 0, sources)

        # Replay paused: a token's read waits at most the bound, then the primary answers it with the write.
        standby.psql("SELECT pg_wal_replay_pause()")
        paused_reads, paused_seen, paused_sources, paused_worst = 10, 0, {}, 0.0
        for _ in range(paused_reads):
            saw, source, took = write_then_read(server.port, load, "replica")
            paused_seen += saw
            paused_sources[source] = paused_sources.get(source, 0) + 1
            paused_worst = max(paused_worst, took)
        figures["replica: replay paused, read with a token, worst"] = f"{paused_worst:.2f} s (wait bound {WAIT:.0f} s)"
        check(f"replica: replay paused, {paused_reads} reads with a token all show their write", paused_seen == paused_reads,
              paused_reads - paused_seen)
        check("replica: replay paused, the primary answered them", paused_sources == {"primary": paused_reads}, paused_sources)
        check(f"replica: replay paused, each answered within the wait bound ({paused_worst:.2f} s)", paused_worst < WAIT + 2)
        time.sleep(MAX_LAG + 1)
        status, source, _, _ = findings_read(server.port)
        check(f"replica: replay paused past {MAX_LAG:.0f} s, reads without a token go to the primary", status == 200 and source == "primary",
              (status, source))
        standby.psql("SELECT pg_wal_replay_resume()")
        back = answering_again(server.port, load, 10)
        figures["replica: standby answering again after replay resumed"] = f"{back:.1f} s" if back is not None else "not within 10 s"
        check("replica: replay resumed, the standby answers reads with a token again", back is not None)

        # Cut off from the primary (its WAL receiver stopped): replay is complete but the standby cannot know
        # what it missed, so once nothing was replayed for longer than the lag bound, reads leave it.
        conninfo = standby.psql("SHOW primary_conninfo")[0][0]
        standby.psql(["ALTER SYSTEM SET primary_conninfo = ''", "SELECT pg_reload_conf()"])
        stopped = wait_for(lambda: not standby.psql("SELECT pid FROM pg_stat_wal_receiver"), 20)
        check("replica: the standby's WAL receiver stopped (primary_conninfo emptied)", stopped is not None)
        cut_off = [write_then_read(server.port, load, "replica") for _ in range(3)]
        time.sleep(MAX_LAG + 1)
        status, source, body, _ = findings_read(server.port)
        check(f"replica: cut off from the primary past {MAX_LAG:.0f} s, reads without a token go to the primary",
              status == 200 and source == "primary", (status, source))
        check("replica: cut off from the primary, reads with a token show their write from the primary",
              all(saw and where == "primary" for saw, where, _ in cut_off), cut_off)
        standby.psql(["ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'", "SELECT pg_reload_conf()"])
        check("replica: reconnected to the primary, the standby answers again", answering_again(server.port, load, 20) is not None)

        # A board report records a checkpoint the first time (a write: the primary answers); then the standby can.
        path = f"/v1/workspaces/{fs.WORKSPACE}/reports/board?quarter=current"
        first = request("GET", path, port=server.port, timeout=60)
        time.sleep(1)
        second = request("GET", path, port=server.port, timeout=60)
        report_sources = (first[1].get("ICPLedger-Read-Source"), second[1].get("ICPLedger-Read-Source"))
        check("replica: a board report that records a checkpoint is answered by the primary, the next by the standby",
              first[0] == 200 and second[0] == 200 and report_sources == ("primary", "replica"), (first[0], second[0], report_sources))

        # The standby lost: every read is answered by the primary.
        standby.stop()
        outcomes = [write_then_read(server.port, load, "replica") for _ in range(10)]
        worst = max(took for _, _, took in outcomes)
        check(f"replica: the standby stopped, 10 reads with a token all answered by the primary with their write (worst {worst:.2f} s)",
              all(saw and source == "primary" for saw, source, _ in outcomes), outcomes)
        status, source, _, _ = findings_read(server.port)
        check("replica: the standby stopped, a read without a token is answered by the primary", status == 200 and source == "primary",
              (status, source))
        verify_exactly_once(server.port, load, "replica")
        server.stop()
        audit_projections("replica")
    finally:
        fs.WORKSPACE, fs.TOKEN = saved
        standby.stop()
        shutil.rmtree(standby.folder, ignore_errors=True)
