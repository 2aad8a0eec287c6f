#!/usr/bin/env bash
# The test command: type-checks, then runs every vitest project (and the other suites that later
# pieces register in scripts/test.d/), then prints one closing line `N passed, N failed` counted from
# the JSON reports in reports/tests/. Exit 0 only when everything passed and at least one test ran.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LSQ_ROOT"
export CI="${CI:-}" SCARF_ANALYTICS=false
# Every Node process of the suites (many spawn the CLI from its .ts sources) shares the compile cache
# that bin/lsq-harness.js uses: type stripping and parsing happen once, not once per process.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$LSQ_TOOLS/node-compile-cache}"
rm -rf reports/tests && mkdir -p reports/tests
status=0

step() { printf '\n=== %s\n' "$*"; }

step "type-check (tsc)"
tsc --noEmit -p tsconfig.json || status=1
for extra in load/tsconfig.json; do
  [ -f "$extra" ] && { tsc --noEmit -p "$extra" || status=1; }
done

# Formatting and lint of the TypeScript and JavaScript (biome.jsonc): zero findings or the step fails.
# One count in the closing line: reports/tests/biome.count is "1 0" when clean, "0 1" otherwise.
step "format and lint (biome ci)"
if biome ci .; then
  echo "1 0" > reports/tests/biome.count
else
  echo "0 1" > reports/tests/biome.count
  status=1
fi

# Suites run in this order; a suite file sets SUITE_NAME and a `run_suite` function that writes
# a vitest JSON report to reports/tests/<name>.json (or a count file, see scripts/count-results.ts).
step "vitest: every project (unit, replay, consumer, monitor, reliability)"
vitest run --reporter=default --reporter=json --outputFile.json=reports/tests/vitest-main.json || status=1

# A suite that marks itself `# test.sh: background` (one that mostly waits, like k6 holding a rate)
# starts at its turn and runs beside the suites after it; its output is shown when it ends. Every
# background suite is waited for before a suite marked `# test.sh: after every other suite`.
background=()
wait_background() {
  local entry name pid
  for entry in "${background[@]}"; do
    name=${entry%%:*} pid=${entry#*:}
    wait "$pid" || status=1
    step "suite $name (ran in the background)"
    cat "reports/tests/$name.log"
  done
  background=()
}
for suite in scripts/test.d/*.sh; do
  [ -f "$suite" ] || continue
  name=$(basename "$suite" .sh)
  grep -q '^# test.sh: after every other suite' "$suite" && wait_background
  if grep -q '^# test.sh: background' "$suite"; then
    step "suite $name: started in the background"
    bash "$suite" > "reports/tests/$name.log" 2>&1 &
    background+=("$name:$!")
    continue
  fi
  step "suite $name"
  bash "$suite" || status=1
done
wait_background

node scripts/count-results.ts reports/tests || status=1
exit $status
