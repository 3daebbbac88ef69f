#!/usr/bin/env bash
# Prints the small logistics ICP file the check scripts seed their workspace with (fuzz-api.sh,
# fault-suite.sh): scripts/seed-icp-file.sh WORKSPACE NAME > icp.yaml
set -euo pipefail
cat <<YAML
format: icpledger/v1
workspace: $1
owner: alice
name: $2
statement: Mid-market logistics firms that plan shift labour in spreadsheets and must fix staffing before peak season.
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
      value: [logistics]
      weight: 25
      rationale: Most closed-won revenue.
committee:
  - role: economic-buyer
    pain: Overtime blows the labour budget.
YAML
