#!/usr/bin/env bash
# test.sh: background
# test.sh: nice
# The contract suite in CI (~20-21 s of CPU alone, ~25 s for the same tree before the commands whose
# process is not the point ran in the test's worker; its vitest workers keep one module graph for all
# their files). 00-consumer has already run the consumer project (the
# project's own consumer tests, built from the lsq-harness/pact builders), which rewrote
# contracts/pacts/. It runs in the background beside the main vitest run, niced: it only computes
# (nothing in it is paced at a rate limit or timed), so it takes the cycles the main run leaves idle
# and yields to it otherwise; its timeout allows for that wait. Here:
#   1. the pact written must equal the committed one (the pact the package ships and `lsq-harness
#      contracts` verifies): a contract change is reviewed like code, so an uncommitted change fails CI
#      (reports/tests/contracts-pact-diff.count);
#   2. provider verification (embedded sandbox, a sandbox at a URL, a real host stand-in), the drift
#      tests that must fail verification, the `contracts` command itself (--json, --junit, --pact, run
#      with vitest and the pact CLI hidden), and the broker flow against recorded broker exchanges
#      (reports/tests/contracts-provider.json).
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
export SCARF_ANALYTICS=false
mkdir -p reports/tests
status=0

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  untracked=$(git ls-files --others --exclude-standard -- contracts/pacts)
  if git diff --exit-code --stat -- contracts/pacts && [ -z "$untracked" ]; then
    echo "contracts: the pacts the consumer tests wrote equal the committed ones"
    echo "1 0" > reports/tests/contracts-pact-diff.count
  else
    [ -n "$untracked" ] && echo "untracked pact files: $untracked"
    echo "contracts: the consumer tests wrote a pact that differs from the committed one (above)."
    echo "  If the change is intended, review it and commit contracts/pacts/ with the change that caused it."
    echo "0 1" > reports/tests/contracts-pact-diff.count
    status=1
  fi
else
  echo "contracts: not a git checkout; the committed-pact comparison is skipped"
fi

timeout 600 vitest run -c test/verification/vitest.config.ts --reporter=dot --reporter=json \
  --outputFile.json=reports/tests/contracts-provider.json > reports/contracts-provider.log 2>&1
rc=$?
# The verifier prints every interaction of every run (drift runs fail on purpose); keep that in the
# log file and show the summary, or the whole log when the suite failed.
if [ $rc -eq 0 ]; then grep -aE "Test Files|Tests " reports/contracts-provider.log; else cat reports/contracts-provider.log; status=1; fi
exit $status
