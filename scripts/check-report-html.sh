#!/usr/bin/env bash
# Opens the board report's HTML page in a real browser: a fresh embedded database, an ICP published
# in one quarter and revised in the next, a pipeline snapshot in each, the report of the later quarter
# rendered with `report board --format html`, then scripts/check-report-html.py on the page (headless
# Chromium driven by Playwright, axe for accessibility). Artefacts (screenshot, PDF, the page) land in
# $ICPLEDGER_ARTIFACTS, default .build/artifacts.
#
#   scripts/check-report-html.sh     (needs Debian's chromium and `pip install playwright axe-playwright-python`)
set -euo pipefail

source "$(dirname "$0")/embedded-scratch.sh" report
artifacts=${ICPLEDGER_ARTIFACTS:-$root/.build/artifacts}
mkdir -p "$artifacts"
export ICPLEDGER_TESTING=on
at() { export ICPLEDGER_TEST_CLOCK="$1"; }

icp_file() {  # $1: the ACV floor; $2: whether the region rule stands; $3: the exported file's icp and base-revision lines
    cat <<YAML
format: icpledger/v1
workspace: board
${3:-}
owner: alice
name: 'Fintech platforms <EU> & "friends"'
statement: Series B fintech platforms whose finance lead must cut reconciliation time before the next audit.
mode: operating
cadence: quarterly
missing-data: neutral
tiers:
  a: 80
  b: 60
  c: 40
signals:
  fit:
    - key: industry
      operator: in
      value: [fintech]
      weight: 30
    - key: employees
      operator: between
      value: {min: 50, max: 500}
      weight: 10
  economic:
    - key: acvUSD
      operator: at-least
      value: $1
      weight: 20
disqualifiers:
$( [ "$2" = yes ] && printf '  - key: region\n    operator: in\n    value: [RU]\n    reason: Sanctions.\n' || printf '  - key: employees\n    operator: at-most\n    value: 10\n    reason: Too small to buy.\n' )
committee:
  - role: economic-buyer
    pain: Audit findings on reconciliation.
YAML
}

snapshot() {  # $1: seed, $2: share of fintech rows in percent
    python3 - "$1" "$2" <<'PY'
import random, sys
random.seed(int(sys.argv[1])); fintech = int(sys.argv[2])
print("Account Name,Owner,Stage,Amount,industry,employees,acvUSD,region")
for i in range(400):
    industry = "fintech" if random.randrange(100) < fintech else random.choice(["saas", "health", "retail"])
    print(f"Account {i},,open,{random.randrange(1, 500) * 100},{industry},{random.randrange(5, 2000)},{random.randrange(5, 80) * 1000},{random.choice(['US', 'DE', 'FR', 'RU'])}")
PY
}

cd "$root"
year=$(date -u +%Y)
at "$((year - 1))-12-01T09:00:00Z"
"$binary" workspace create board --as alice >/dev/null
"$binary" principal grant bob --role approver --workspace board --as alice >/dev/null
icp_file 25000 yes >"$work/icp.yaml"
"$binary" icp propose "$work/icp.yaml" --workspace board --rationale "First cut" --as alice >/dev/null
"$binary" revision approve 'Fintech platforms' 1 --workspace board --as bob >/dev/null
"$binary" revision publish 'Fintech platforms' 1 --workspace board --effective "$((year - 1))-12-01" --as alice >/dev/null
at "$((year - 1))-12-20T09:00:00Z"
snapshot 1 30 >"$work/q4.csv"
"$binary" pipeline import "$work/q4.csv" --workspace board --date "$((year - 1))-12-20" --as alice >/dev/null
at "$year-02-10T09:00:00Z"
icp_file 40000 no "$("$binary" icp export 'Fintech platforms' --workspace board | grep -E '^(icp|base-revision):')" >"$work/icp.yaml"
"$binary" icp propose "$work/icp.yaml" --workspace board --rationale 'Raise the floor; <b>bold</b> claims | pipes' --as alice >/dev/null
"$binary" revision approve 'Fintech platforms' 2 --workspace board --as bob >/dev/null
"$binary" revision publish 'Fintech platforms' 2 --workspace board --effective "$year-02-10" --as alice >/dev/null
at "$year-03-20T09:00:00Z"
snapshot 2 45 >"$work/q1.csv"
"$binary" pipeline import "$work/q1.csv" --workspace board --date "$year-03-20" --as alice >/dev/null
at "$year-04-10T09:00:00Z"
"$binary" report board --workspace board --quarter "FY$year-Q1" --format html --out "$work/board.html" --as bob 2>/dev/null
cp "$work/board.html" "$artifacts/board-report.html"
python3 "$root/scripts/check-report-html.py" "$work/board.html" "$artifacts"
