#!/usr/bin/env bash
# test.sh: background
# test.sh: nice
# In the background and at a lower CPU priority: nothing reads what it writes, and it only computes
# (no timing in it), so the suites that pace calls at a rate limit get the cores first.
# Static checks: the type check (tsc, the project and the k6 scripts) and biome (format and lint of the
# TypeScript and JavaScript, biome.jsonc): zero findings or the suite fails. One count each in the
# closing line: reports/tests/{tsc,biome}.count is "1 0" when clean, "0 1" otherwise.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
status=0
check() {
  local name=$1; shift
  if "$@"; then echo "1 0" > "reports/tests/$name.count"; else echo "0 1" > "reports/tests/$name.count"; status=1; fi
}
# --singleThreaded: TypeScript 7 checks on several threads by default, which costs ~60 % more CPU for
# the same diagnostics; the suites already keep both cores busy, so less CPU is the shorter run.
typecheck() {
  tsc --noEmit --singleThreaded -p tsconfig.json || return 1
  [ ! -f load/tsconfig.json ] || tsc --noEmit --singleThreaded -p load/tsconfig.json
}
check tsc typecheck
check biome biome ci .
exit $status
