#!/usr/bin/env bash
# test.sh: after every other suite
# The last suite: scans every artefact the suites before it left (reports, pacts, cassettes, logs,
# metrics pages) for the configured secret values. Writes reports/tests/secrets.count: "1 0" clean,
# "0 1" when a secret was found (or nothing was there to scan).
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
# One more artefact for the scan first: a gate stage log whose child printed a configured secret across
# the 64 KiB pipe-chunk boundary (redaction per chunk let exactly that through whole).
node scripts/gate-log-probe.ts reports/tests/secret-probe/gate-stage.log
probe=$?
node scripts/scan-secrets.ts
scan=$?
if [ "$probe" -eq 0 ] && [ "$scan" -eq 0 ]; then
  echo "1 0" > reports/tests/secrets.count
else
  echo "0 1" > reports/tests/secrets.count
  exit 1
fi
