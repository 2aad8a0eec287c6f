#!/usr/bin/env bash
# The main vitest run: every project of vitest.config.ts (unit, replay, consumer, monitor, reliability,
# deploy), three files at a time. The consumer project rewrites contracts/pacts/, which the contract
# suite after it compares with the committed pacts and verifies. Writes reports/tests/vitest-main.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
vitest run --reporter=default --reporter=json --outputFile.json=reports/tests/vitest-main.json
