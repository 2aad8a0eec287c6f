#!/usr/bin/env bash
# test.sh: background
# The package suite's pack and install (test/package/prepare.ts: npm pack, whose prepack builds dist/,
# then npm install --omit=dev of the tarball into a temp project), ahead of the suite itself: they need
# only the pact 00-consumer has written, and compute and wait on npm (~20 s wall, ~18 s of CPU alone),
# so they run here, beside the main vitest run. They used to open the package suite after the main run,
# at the head of the run's longest chain. Not niced: they still head that chain, and at nice 10 beside
# the main run and then the niced suites they took 195 s (the package suite waited 60 s for them).
# 21-package.sh waits for reports/tests/package-prep/ready.json
# (or `failed`, or this suite's end: the pid file holds this shell's id) and tests that package.
# No test report of its own: a failed pack or install is packed again and reported by 21-package.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
export SCARF_ANALYTICS=false
prep=reports/tests/package-prep
rm -rf "$prep" && mkdir -p "$prep"
echo $$ > "$prep/pid"
node test/package/prepare.ts "$prep"
