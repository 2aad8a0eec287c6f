#!/usr/bin/env bash
# The main vitest run: every project of vitest.config.ts but `consumer` (00-consumer ran it first: the
# suites in the background read the pacts it writes) — unit, replay, monitor, reliability, deploy —
# three files at a time. Writes reports/tests/vitest-main.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
vitest run --project '!consumer' --reporter=default --reporter=json --outputFile.json=reports/tests/vitest-main.json
