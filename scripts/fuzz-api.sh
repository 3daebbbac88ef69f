#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis: a fresh embedded database,
# `icpledger serve` on a free loopback port, a workspace with one ICP and an admin token, then every
# operation with generated valid and invalid input. Fails on any 5xx and on any answer the document
# does not allow. Fixed seed and bounded examples, so a run is repeatable.
#
#   scripts/fuzz-api.sh [MAX_EXAMPLES]     (default 25; needs `pip install schemathesis`)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
examples=${1:-25}
work=$(mktemp -d /tmp/icpledger-fuzz.XXXXXX)
chmod 755 "$work"
binary="$root/.build/debug/icpledger"
[ -x "$binary" ] || (cd "$root" && swift build --product icpledger)

export ICPLEDGER_DATA_DIR="$work/data"
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

server=""
cleanup() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    "$binary" db stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
"$binary" workspace create fuzz --as alice >/dev/null
"$binary" principal grant bob --role approver --workspace fuzz --as alice >/dev/null
"$root/scripts/seed-icp-file.sh" fuzz 'Fuzzed ICP' >"$work/icp.yaml"
"$binary" icp propose "$work/icp.yaml" --workspace fuzz --rationale "Seed for the fuzz run" --as alice >/dev/null
token=$("$binary" token create --principal alice --workspace fuzz | tail -1)
# Real ids for the path parameters, so operations reach the workspace and the ICP instead of a 404.
workspace_id=$("$binary" workspace show fuzz --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["workspace"]["id"])')
icp_id=$("$binary" icp list --workspace fuzz --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.workspace" = "$workspace_id"
"path.icp" = "$icp_id"
TOML

"$binary" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 0.2
done

status=0
cd "$work"  # schemathesis keeps a cache folder in the current directory
st --config-file "$work/schemathesis.toml" run "http://127.0.0.1:$port/openapi.yaml" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --seed 20261202 --max-examples "$examples" --workers 1 \
    --phases examples,coverage,fuzzing --request-timeout 10 || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- last lines of the server's log" >&2
    tail -40 "$work/serve.log" >&2
fi
exit "$status"
