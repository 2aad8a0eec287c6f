#!/usr/bin/env bash
# test.sh: background
# The release gate's own tests (test/gate/), after the main vitest run and beside the package and load
# suites: those three mostly wait (k6 holding a rate, the windows the gate waits out), and one after
# the other they left a core idle for most of three minutes. Not beside the main vitest run: on a
# machine that busy (load average ~25 on 2 cores) k6 dropped at-limit iterations and a burst spread
# past its window — the load stage's result then says nothing about the provider.
set -uo pipefail
cd "$LSQ_ROOT"
vitest run -c test/gate/vitest.config.ts --reporter=default --reporter=json --outputFile.json=reports/tests/gate.json
