# Sourced by the check scripts: a scratch folder with its own embedded cluster, the debug binary
# (built when missing), no database or server taken from the environment, and everything stopped
# and removed on exit. Sets `root`, `work` and `binary`; $1 names the scratch folder.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "/tmp/icpledger-$1.XXXXXX")
chmod 755 "$work"
binary="$root/.build/debug/icpledger"
[ -x "$binary" ] || (cd "$root" && swift build --product icpledger)

export ICPLEDGER_DATA_DIR="$work/data"
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE ICPLEDGER_SERVER ICPLEDGER_SIGNING_KEY
cleanup() {
    "$binary" db stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
