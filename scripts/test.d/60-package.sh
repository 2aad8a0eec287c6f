#!/usr/bin/env bash
# Runs in the foreground, after the gate suite and after the main vitest run (npm pack reads the pacts
# the consumer project rewrites): its gate paces k6 at the rate limit, and beside the browser and SLO
# suites a busy machine held one at-limit call long enough for a correct sandbox to refuse it (twice in
# four CI runs) — those now start first and are done by the time it runs.
# The package as a user installs it (~2–3 min, mostly waiting on npm, k6 and the gate): npm pack of this
# tree (prepack builds dist/), npm install --omit=dev of the tarball into a temp project, then the
# installed bin — --version, status --help, sandbox, update --wait, status --json, monitor --once,
# contracts, record, load (with LSQ_K6_BINARY, and without any k6: exit 2), gate — and a strict
# TypeScript consumer importing every export (test/package/). Writes reports/tests/package.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
export SCARF_ANALYTICS=false
timeout 900 vitest run -c test/package/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/tests/package.json
