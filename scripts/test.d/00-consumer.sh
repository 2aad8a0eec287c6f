#!/usr/bin/env bash
# The Pact consumer tests (the `consumer` project of vitest.config.ts, ~5 s), first: they rewrite
# contracts/pacts/, which the contract suite compares with the committed pacts and verifies, the gate
# verifies and the package ships (npm pack). Once they are done, the contract suite can start in the
# background beside the main vitest run (which leaves this project out). Only the suites that read
# nothing another suite writes (`# test.sh: from the start`: SLO end to end, the status page) start
# beside them: with all the background suites' start-up (Chromium, Prometheus, Schemathesis) these few
# seconds took 15, and alone they left a core idle while the whole run is short of CPU.
# Writes reports/tests/vitest-consumer.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
vitest run --project consumer --reporter=default --reporter=json --outputFile.json=reports/tests/vitest-consumer.json
