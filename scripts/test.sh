#!/usr/bin/env bash
# The test command: type-checks, then runs every vitest project (and the other suites that later
# pieces register in scripts/test.d/), then prints one closing line `N passed, N failed` counted from
# the JSON reports in reports/tests/. Exit 0 only when everything passed and at least one test ran.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LSQ_ROOT"
export CI="${CI:-}" SCARF_ANALYTICS=false
rm -rf reports/tests && mkdir -p reports/tests
status=0

step() { printf '\n=== %s\n' "$*"; }

step "type-check (tsc)"
tsc --noEmit -p tsconfig.json || status=1
for extra in load/tsconfig.json; do
  [ -f "$extra" ] && { tsc --noEmit -p "$extra" || status=1; }
done

# Suites run in this order; a suite file sets SUITE_NAME and a `run_suite` function that writes
# a vitest JSON report to reports/tests/<name>.json (or a count file, see scripts/count-results.ts).
step "vitest: unit and replay"
vitest run --reporter=default --reporter=json --outputFile.json=reports/tests/vitest-main.json || status=1

for suite in scripts/test.d/*.sh; do
  [ -f "$suite" ] || continue
  step "suite $(basename "$suite" .sh)"
  bash "$suite" || status=1
done

node scripts/count-results.ts reports/tests || status=1
exit $status
