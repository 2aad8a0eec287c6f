#!/usr/bin/env bash
# test.sh: background
# After the main vitest run, beside the gate and load suites (see 20-gate.sh for why not earlier).
# Only this suite reads or writes dist/ (prepack's build). Not niced although npm pack and install only
# compute: they are the start of the longest chain after the main run (niced, they waited ~110 s for
# the cores there).
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
