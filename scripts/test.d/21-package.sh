#!/usr/bin/env bash
# test.sh: background
# After the main vitest run, beside the gate and load suites (see 20-gate.sh for why not earlier).
# Only this suite and 07-package-prepare read or write dist/ (prepack's build).
# The package as a user installs it (~1 min, mostly waiting on k6 and the gate): npm pack of this tree
# (prepack builds dist/) and npm install --omit=dev of the tarball into a temp project — done ahead by
# 07-package-prepare.sh, beside the main run, when it ran; otherwise here, by the global setup — then
# the installed bin — --version, status --help, sandbox, update --wait, status --json, monitor --once,
# contracts, record, load (with LSQ_K6_BINARY, and without any k6: exit 2), gate — and a strict
# TypeScript consumer importing every export (test/package/). Writes reports/tests/package.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
export SCARF_ANALYTICS=false
# The early pack and install: wait while it runs (bounded: 15 min), then take its package — renamed, so
# a later run of this file alone never tests a package whose temp folder is gone.
prep=reports/tests/package-prep
if [ -f "$prep/pid" ]; then
  waited=$SECONDS
  for _ in $(seq 1 1800); do
    if [ -f "$prep/ready.json" ] || [ -f "$prep/failed" ] || ! kill -0 "$(cat "$prep/pid")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  if [ -f "$prep/ready.json" ]; then
    mv "$prep/ready.json" "$prep/taken.json"
    export LSQ_PACKAGE_PREPARED="$PWD/$prep/taken.json"
    echo "package: the package packed and installed ahead (waited $((SECONDS - waited)) s for it)"
  else
    echo "package: no package from 07-package-prepare (see its log); packing and installing here"
  fi
fi
timeout 900 vitest run -c test/package/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/tests/package.json
