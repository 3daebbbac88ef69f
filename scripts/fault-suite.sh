#!/usr/bin/env bash
# Fault suites against a real PostgreSQL on loopback: a fresh embedded cluster kept running
# (`icpledger db start`), a workspace and a token, `icpledger serve` on a free port, and
# scripts/fault_suite.py driving a load through the HTTP API with an Idempotency-Key per write.
# Each suite is bounded in time and count and prints one line per check; the run ends with
# "N passed, N failed" and exits 1 when any check failed.
#
#   scripts/fault-suite.sh [NAME...]     (none: `kill db-restart instances exhaustion tenancy queries replica`)
#   FAULT_KILLS=20 FAULT_RESTARTS=4 scripts/fault-suite.sh kill db-restart
#   FAULT_FAILOVERS=10 scripts/fault-suite.sh failover     (opt-in: pg_auto_failover, see fault_failover.py)
# FAULT_BINARY=PATH runs that icpledger instead of the debug build.
set -euo pipefail

source "$(dirname "$0")/embedded-scratch.sh" faults
binary=${FAULT_BINARY:-$binary}
cd "$root"
"$binary" db start >/dev/null
"$binary" workspace create faults --as alice >/dev/null
"$binary" workspace create bystander --as bob >/dev/null
# An ICP published 200 days ago (the clock set back for these commands only), so its review is
# overdue and the scheduler owes notices for it.
ago=$(date -u -d '200 days ago' +%Y-%m-%d)
export ICPLEDGER_TESTING=on
"$root/scripts/seed-icp-file.sh" faults 'Overdue logistics ICP' >"$work/icp.yaml"
ICPLEDGER_TEST_CLOCK="${ago}T09:00:00Z" "$binary" principal grant bob --role approver --workspace faults --as alice >/dev/null
ICPLEDGER_TEST_CLOCK="${ago}T09:00:00Z" "$binary" icp propose "$work/icp.yaml" --workspace faults --rationale 'Seed' --as alice >/dev/null
ICPLEDGER_TEST_CLOCK="${ago}T10:00:00Z" "$binary" revision approve 'Overdue logistics ICP' 1 --workspace faults --as bob >/dev/null
ICPLEDGER_TEST_CLOCK="${ago}T11:00:00Z" "$binary" revision publish 'Overdue logistics ICP' 1 --workspace faults --effective "$ago" --as alice >/dev/null
unset ICPLEDGER_TESTING
export FAULT_TOKEN=$("$binary" token create --principal alice --workspace faults | tail -n 1)
export FAULT_WORKSPACE=$("$binary" workspace show faults --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["workspace"]["id"])')
export FAULT_BINARY="$binary" FAULT_WORK="$work"
python3 "$root/scripts/fault_suite.py" "$@"
