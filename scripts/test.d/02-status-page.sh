#!/usr/bin/env bash
# test.sh: background
# test.sh: from the start
# Starts first, beside the consumer tests, and runs beside the main vitest run (its own monitor, sandbox
# and temp folders; it reads no file any other suite writes): Chromium's start-up fills the cores the
# first seconds of the run left idle.
# The status page in a real browser (~40 s, mostly waiting on the scripted canaries): Debian's Chromium
# (scripts/bootstrap.d/chromium.sh) headless through playwright-core, against a monitor watching a sandbox
# steered through success, failure, drift, 429 and a slow canary; then a restart and an empty history.
# Writes reports/tests/status-page.json and the screenshots reports/status-page/{light,dark,narrow}.png.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
timeout 300 vitest run -c test/status-page/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/tests/status-page.json
