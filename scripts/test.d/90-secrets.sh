#!/usr/bin/env bash
# test.sh: after every other suite
# The last suite: scans every artefact the suites before it left (reports, pacts, cassettes, logs,
# metrics pages) for the configured secret values. Writes reports/tests/secrets.count: "1 0" clean,
# "0 1" when a secret was found (or nothing was there to scan).
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
if node scripts/scan-secrets.ts; then
  echo "1 0" > reports/tests/secrets.count
else
  echo "0 1" > reports/tests/secrets.count
  exit 1
fi
