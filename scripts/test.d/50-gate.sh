#!/usr/bin/env bash
# The release gate's own tests (test/gate/): after the main vitest run, because the gate runs the
# contract suite, which rewrites contracts/pacts/.
set -uo pipefail
cd "$LSQ_ROOT"
vitest run -c test/gate/vitest.config.ts --reporter=default --reporter=json --outputFile.json=reports/tests/gate.json
