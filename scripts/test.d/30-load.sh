#!/usr/bin/env bash
# test.sh: background
# The k6 load suite in CI (~50-80 s): the runs below go concurrently, each against its own sandbox on its
# own port (k6 at these rates needs little CPU), then each outcome is checked. Writes
# reports/tests/load.count ("passed failed") and exits non-zero when a check failed.
#   smoke          the smoke profile against the embedded sandbox: exit 0, JSON/JUnit/HTML reports, no secret in them
#   bite-20        a sandbox limiting at 20 per 5 s: exit 1, the at-limit part refused
#   bite-none      a sandbox with no limit: exit 1, nothing refused over the limit
#   dropped        one VU and a slow sandbox: the at-limit rate is not sent, exit 1 on dropped_iterations
#   segments       the same run split across 2 k6 processes: exit 0, the same totals as the single run
#                  (run after the others, alone: see below)
#   characterise   sliding/shared and fixed/separate sandboxes measured right (exit 0); a mismatch exits 1;
#                  a fixed window whose first calls are slow (so the first burst spans an edge) too
#   unreachable    a host that does not answer: exit 1 within seconds; k6's errors quote the URL, redacted
#   bad settings   exit 2, naming the setting
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
out=reports/load-tests
rm -rf "$out" && mkdir -p "$out" reports/tests
# Unusual credentials, so that a leak into any report can be found by value.
export LSQ_ACCESS_KEY=ci-access-Zq81 LSQ_SECRET_KEY=ci-secret-Vx42 LSQ_API_KEY=ci-apikey-Lm77
unset LSQ_ASYNC_HOST
cli() { timeout 150 node bin/lsq-harness.js "$@"; }

# A CLI sandbox in the background; prints its URL. $1 names it, the rest are sandbox flags.
sandbox() {
  local name=$1; shift
  # timeout itself is the background job, so killing $! (SIGTERM) reaches the sandbox through it.
  timeout 150 node bin/lsq-harness.js sandbox --port 0 "$@" > "$out/$name.sandbox.log" 2>&1 &
  echo $! > "$out/$name.sandbox.pid" # called in $(…), a subshell: the pid goes through a file
  for _ in $(seq 1 100); do
    grep -qo 'http://127.0.0.1:[0-9]*' "$out/$name.sandbox.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -o 'http://127.0.0.1:[0-9]*' "$out/$name.sandbox.log"
}

# Runs `lsq-harness load …` in the background; its exit code lands in $out/<name>.rc.
load() {
  local name=$1; shift
  ( cli load --out "$out/$name" "$@" > "$out/$name.log" 2>&1; echo $? > "$out/$name.rc" ) &
}

started=$SECONDS
url20=$(sandbox bite-20 --rate-limit 20)
urlnone=$(sandbox bite-none --rate-limit 0)
urlslow=$(sandbox dropped)
urlfixed=$(sandbox fixed --rate-limit 15 --rate-window 3 --rate-window-kind fixed --separate-budgets)
urlother=$(sandbox mismatch --rate-limit 15 --rate-window 3 --rate-window-kind fixed --separate-budgets)
urlslowstart=$(sandbox slow-start --rate-limit 15 --rate-window 3 --rate-window-kind fixed --separate-budgets)
# Every update to the slow sandbox takes 600 ms: one VU cannot keep 25 per 5 s.
curl -sf -X POST "$urlslow/__sandbox/faults" -H 'content-type: application/json' \
  -d '{"kind":"latency","endpoint":"update","ms":600}' > /dev/null || echo "could not inject the latency fault"
# The first 8 updates take 400 ms: the first window closes after 8 calls and the first burst counts 23.
curl -sf -X POST "$urlslowstart/__sandbox/faults" -H 'content-type: application/json' \
  -d '{"kind":"latency","endpoint":"update","ms":400,"count":8}' > /dev/null || echo "could not inject the slow-start fault"

load smoke
load bite-20 --host "$url20" --no-html
load bite-none --host "$urlnone" --no-html
load dropped --host "$urlslow" --max-vus 1 --no-html
load char-default --characterise --no-html
load char-fixed --characterise --host "$urlfixed" --limit 15 --window-seconds 3 --window-kind fixed --separate-budgets --no-html
load char-mismatch --characterise --host "$urlother" --no-html
load char-slow-start --characterise --host "$urlslowstart" --limit 15 --window-seconds 3 --window-kind fixed --separate-budgets --no-html
# A host that does not answer is not a sandbox: like a real host, it needs the opt-in to be loaded.
load unreachable --host http://127.0.0.1:1 --no-html --allow-budget-exhaustion
cli load --host http://127.0.0.1:1 > "$out/no-opt-in.log" 2>&1; echo $? > "$out/no-opt-in.rc"
cli load --limit 0 > "$out/bad-limit.log" 2>&1; echo $? > "$out/bad-limit.rc"
LSQ_ASYNC_HOST=ftp://example.invalid cli load > "$out/bad-host.log" 2>&1; echo $? > "$out/bad-host.rc"
LSQ_TARGET_URL=http://127.0.0.1:9 LOAD_LIMIT=lots timeout 30 "${K6_BIN:-k6}" run --quiet --address 127.0.0.1:0 load/rate-limit.ts > "$out/bad-k6.log" 2>&1; echo $? > "$out/bad-k6.rc"
wait # the load runs (the sandboxes run in subshells, not as jobs of this shell)
# The 2-segment run goes alone, after the others: its two k6 processes must keep their schedules within
# ~150 ms of each other (25 per 5150 ms leaves that much slack), which a machine busy with the runs
# above cannot promise (in scripts/test.sh the gate and package suites run beside this whole suite).
load segments --segments 2 --no-html
wait
kill $(cat "$out"/*.sandbox.pid) 2>/dev/null
echo "load runs took $((SECONDS - started)) s"

passed=0 failed=0
check() { # check NAME CONDITION-COMMAND…
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; tail -n 25 "$out/${name%% *}.log" 2>/dev/null | sed 's/^/     /'; fi
}
rc() { [ "$(cat "$out/$1.rc" 2>/dev/null)" = "$2" ]; }
has() { grep -qF -- "$2" "$out/$1.log"; }
# Whether a threshold (metric and expression) was crossed in a summary file.
crossed() { node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.exit(s.thresholds.some((t) => !t.ok && t.metric === process.argv[2] && t.threshold === process.argv[3]) ? 0 : 1);' "$@"; }
# Whether any threshold on a metric was crossed in a summary file.
crossed_metric() { node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.exit(s.thresholds.some((t) => !t.ok && t.metric === process.argv[2]) ? 0 : 1);' "$@"; }
# The single run's per-check totals equal the sum of the two segments'.
same_totals() { node -e '
  const fs = require("fs"); const read = (f) => JSON.parse(fs.readFileSync(f, "utf8")).totals;
  const one = read(process.argv[1]); const parts = [read(process.argv[2]), read(process.argv[3])];
  const sum = {}; for (const p of parts) for (const [c, t] of Object.entries(p)) for (const [m, v] of Object.entries(t)) ((sum[c] ??= {})[m] = (sum[c][m] ?? 0) + v);
  const a = JSON.stringify(one, Object.keys(one).sort()), ok = Object.keys(one).length >= 3 && Object.keys(sum).length === Object.keys(one).length && Object.entries(one).every(([c, t]) => Object.entries(t).every(([m, v]) => sum[c]?.[m] === v));
  if (!ok) console.error("single", JSON.stringify(one), "segments", JSON.stringify(sum));
  process.exit(ok ? 0 : 1);' "$@"; }
no_secret() { ! grep -rqE 'ci-access-Zq81|ci-secret-Vx42|ci-apikey-Lm77' "$out/$1" "$out/$1.log"; }

check "smoke exits 0 against the embedded sandbox" rc smoke 0
check "smoke writes JSON, JUnit and HTML reports" test -s "$out/smoke/rate-limit-summary.json" -a -s "$out/smoke/rate-limit-junit.xml" -a -s "$out/smoke/rate-limit-report.html"
check "smoke JUnit lists the thresholds, none failed" grep -q 'failures="0"' "$out/smoke/rate-limit-junit.xml"
check "smoke reports carry no credential" no_secret smoke
check "bite-20 exits 1 (limit 20 per 5 s)" rc bite-20 1
check "bite-20 is refused at the limit" crossed "$out/bite-20/rate-limit-summary.json" 'lsq_refused{scenario:at_limit}' 'count==0'
check "bite-20 429s name a limit of 20, not 25" crossed "$out/bite-20/rate-limit-summary.json" lsq_refusal_message_ok 'rate==1'
check "bite-none exits 1 (no limit)" rc bite-none 1
check "bite-none refuses nothing past the limit" crossed_metric "$out/bite-none/rate-limit-summary.json" 'lsq_refused{lsq_check:shared}'
check "dropped exits 1 (one VU, 600 ms updates)" rc dropped 1
check "dropped fails on dropped_iterations at the limit" crossed "$out/dropped/rate-limit-summary.json" 'dropped_iterations{scenario:at_limit}' 'count==0'
check "segments exits 0 (2 k6 processes)" rc segments 0
check "segments sum to the single run's totals" same_totals "$out/smoke/rate-limit-summary.json" "$out/segments/segment-1/rate-limit-summary.json" "$out/segments/segment-2/rate-limit-summary.json"
check "char-default measures 25 per 5 s, sliding, shared" eval 'has char-default "\"limit\":25,\"windowMs\":" && has char-default "\"windowKind\":\"sliding\",\"sharedBudget\":true" && ! crossed "$out/char-default/characterise-summary.json" "lsq_characterisation_matches{property:window}" "rate==1"'
check "char-default exits 0" rc char-default 0
check "char-fixed measures 15 per 3 s, fixed, separate" eval 'has char-fixed "\"limit\":15,\"windowMs\":" && has char-fixed "\"windowKind\":\"fixed\",\"sharedBudget\":false" && ! crossed "$out/char-fixed/characterise-summary.json" "lsq_characterisation_matches{property:window}" "rate==1"'
check "char-fixed exits 0" rc char-fixed 0
check "char-slow-start measures 15 per 3 s, fixed, though its first burst spans a window edge" eval 'rc char-slow-start 0 && has char-slow-start "\"limit\":15,\"windowMs\":" && has char-slow-start "\"windowKind\":\"fixed\""'
check "char-mismatch exits 1 (expects 25 sliding shared)" rc char-mismatch 1
for property in limit window kind budget; do
  check "char-mismatch reports the $property as different" crossed "$out/char-mismatch/characterise-summary.json" "lsq_characterisation_matches{property:$property}" 'rate==1'
done
check "unreachable exits 1 (aborted early)" rc unreachable 1
check "a real host without --allow-budget-exhaustion exits 2 naming it" eval 'rc no-opt-in 2 && has no-opt-in "allow-budget-exhaustion"'
check "unreachable: k6's request errors reach the output redacted" eval 'has unreachable "accessKey=[REDACTED]" && no_secret unreachable'
check "bad-limit exits 2" rc bad-limit 2
check "bad-host exits 2 naming the setting" eval 'rc bad-host 2 && has bad-host LSQ_ASYNC_HOST'
check "bad-k6 stops before sending, naming LOAD_LIMIT" eval '! rc bad-k6 0 && has bad-k6 "bad setting LOAD_LIMIT"'

echo "$passed $failed" > reports/tests/load.count
echo "load suite: $passed passed, $failed failed in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
