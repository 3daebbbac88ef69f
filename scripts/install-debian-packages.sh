#!/usr/bin/env bash
# Installs the Debian packages icpledger needs to build, test and run. Needs root.
#   postgresql      the server programs (initdb, pg_ctl) for the embedded cluster
#   libpq-dev       the PostgreSQL C client library and headers the Postgres module links
#   docker-compose  only to check docker-compose.yml (`docker-compose config -q`)
#   chromium        the browser that opens the board report's HTML page in CI (scripts/check-report-html.sh)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends postgresql libpq-dev pkg-config docker-compose curl jq wrk pgbouncer chromium fonts-dejavu-core
