#!/usr/bin/env bash
# Checks `icpledger schedule --ics` with a real iCalendar parser: a fresh embedded database, an ICP
# whose name holds the characters RFC 5545 escapes (comma, semicolon, backslash) and text that needs
# folding, published so that its review is due, then scripts/check-calendar.py on the feed.
#
#   scripts/check-calendar.sh      (needs `pip install icalendar`)
set -euo pipefail

source "$(dirname "$0")/embedded-scratch.sh" calendar

name='Ops, fintech; "EU" \ Überseehäfen — Zoë'"'"'s 🚢 long-named segment for folding'
cd "$root"
"$binary" workspace create calendar --as alice >/dev/null
"$binary" principal grant bob --role approver --workspace calendar --as alice >/dev/null
cat >"$work/icp.yaml" <<YAML
format: icpledger/v1
workspace: calendar
owner: alice
name: '${name//\'/\'\'}'
statement: Port operators that plan berths in spreadsheets and lose days to demurrage before the new EU rules apply.
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
      value: [ports]
      weight: 25
      rationale: Most closed-won revenue.
committee:
  - role: economic-buyer
    pain: Demurrage eats the margin.
YAML
"$binary" icp propose "$work/icp.yaml" --workspace calendar --rationale "Calendar check" --as alice >/dev/null
"$binary" revision approve "$name" 1 --workspace calendar --as bob >/dev/null
"$binary" revision publish "$name" 1 --workspace calendar --effective "$(date -u +%F)" --as alice >/dev/null
"$binary" schedule --workspace calendar --ics >"$work/reviews.ics"
python3 "$root/scripts/check-calendar.py" "$work/reviews.ics" "ICP review due: $name"
