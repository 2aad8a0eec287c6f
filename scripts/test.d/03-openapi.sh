#!/usr/bin/env bash
# test.sh: background
# test.sh: nice
# Starts before the main vitest run and runs beside it: it reads the committed document and cassettes,
# which no other suite writes, and its gate runs only the conformance stage (the pact is not read).
# Niced: nothing here is paced at a rate limit that a late process would break (Schemathesis' sandbox
# has none; the forwarder's tests wait out 429s), so it takes the cycles the main vitest run and,
# after it, the gate, package and load suites leave idle, and yields to them otherwise.
# The OpenAPI suite (~60 s of CPU, mostly Schemathesis and its sandbox):
#   1. openapi-spec-validator (PyPI, in the Schemathesis venv) accepts the committed document
#      (reports/tests/openapi-spec.count);
#   2. vitest test/openapi/: the committed document is what the generator writes, @readme/openapi-parser
#      accepts it, what it says is faithful, every cassette validates or is a listed edge case, the
#      sandbox serves it, the forwarder waits out 429s, the gate's conformance stage passes and fails
#      (reports/tests/openapi.json);
#   3. Schemathesis, every check and every phase (the stateful one follows the link update -> status),
#      fixed seed, through `lsq-harness conformance` against a CLI sandbox on loopback; its JUnit cases
#      join the totals (reports/tests/schemathesis.count), and fewer than 300 generated cases fail it.
# Three Schemathesis runs in all, each proving its own thing: this one, the conformance of the document
# and the sandbox (~590 cases, ~20 s of CPU); and the gate stage's two in vitest (a passing and a
# drifting sandbox), which prove the stage's wiring (its arguments, the --json it reads, its verdict and
# cases) with one example per operation (~100 cases with the coverage and stateful phases, ~4 s of CPU
# each; ~7 s at the smoke profile's 10); the profile's count itself is conformance-command.test.ts.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
out=reports/openapi-tests
rm -rf "$out" && mkdir -p "$out" reports/tests
started=$SECONDS
status=0
export LSQ_ACCESS_KEY=ci-access-Oa31 LSQ_SECRET_KEY=ci-secret-Oa52 LSQ_API_KEY=ci-apikey-Oa73
unset LSQ_ASYNC_HOST

if "${OPENAPI_SPEC_VALIDATOR_BIN:-openapi-spec-validator}" contracts/openapi/lsq-async-api.yaml; then
  echo "1 0" > reports/tests/openapi-spec.count
else
  echo "openapi-spec-validator refused contracts/openapi/lsq-async-api.yaml"
  echo "0 1" > reports/tests/openapi-spec.count
  status=1
fi

# The vitest part and the Schemathesis run below need nothing of each other: side by side.
( vitest run -c test/openapi/vitest.config.ts --reporter=default --reporter=json --outputFile.json=reports/tests/openapi.json > "$out/vitest.log" 2>&1
  echo $? > "$out/vitest.rc" ) &
vitest_pid=$!

# A CLI sandbox without a rate limit (the budget's pacing is tested in the vitest part), processing 100x
# faster. Up to 60 s to start: niced, on a busy machine, it may wait for the cores.
timeout 420 node bin/lsq-harness.js sandbox --port 0 --rate-limit 0 --time-scale 100 > "$out/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 600); do grep -q 'http://127.0.0.1:[0-9]*' "$out/sandbox.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/sandbox.log")
timeout 400 node bin/lsq-harness.js conformance --host "$url" --rate-limit 0 --max-examples 60 --seed 20261201 --workers 2 \
  --out "$out/conformance" --junit "$out/schemathesis-junit.xml" > "$out/conformance.log" 2>&1
rc=$?
kill "$sandbox_pid" 2>/dev/null
generated=$(grep -o 'PASSED — .*(\([0-9]*\) test cases\|FAILED — .*(\([0-9]*\) test cases' "$out/conformance.log" | grep -o '([0-9]* test cases' | tr -dc 0-9)
node -e '
  const xml = require("fs").readFileSync(process.argv[1], "utf8");
  const cases = xml.match(/<testcase\b[\s\S]*?(\/>|<\/testcase>)/g) ?? [];
  const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
  require("fs").writeFileSync("reports/tests/schemathesis.count", `${cases.length - failed} ${failed}\n`);' "$out/schemathesis-junit.xml" \
  || echo "0 1" > reports/tests/schemathesis.count
tail -n 4 "$out/conformance.log"
if [ "$rc" -ne 0 ]; then echo "Schemathesis found failures (exit $rc): $out/conformance/schemathesis.log"; status=1; fi
if [ "${generated:-0}" -lt 300 ]; then echo "Schemathesis generated ${generated:-no} test cases; at least 300 expected"; echo "0 1" > reports/tests/schemathesis-volume.count; status=1; else echo "1 0" > reports/tests/schemathesis-volume.count; fi
if grep -rqE 'ci-access-Oa31|ci-secret-Oa52|ci-apikey-Oa73' "$out"; then echo "a credential reached $out"; echo "0 1" > reports/tests/openapi-secrets.count; status=1; else echo "1 0" > reports/tests/openapi-secrets.count; fi
wait "$vitest_pid"
[ "$(cat "$out/vitest.rc" 2>/dev/null)" = 0 ] || status=1
tail -n 5 "$out/vitest.log"
echo "openapi suite: $((SECONDS - started)) s (Schemathesis: ${generated:-?} test cases)"
exit $status
