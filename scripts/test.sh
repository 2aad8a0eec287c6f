#!/usr/bin/env bash
# The test command: every suite in scripts/test.d/ (static checks, the vitest projects, contracts, load,
# gate, package, browser, SLO end to end, …), then one closing line `N passed, N failed` counted from
# the reports in reports/tests/. Exit 0 only when everything passed and at least one test ran.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
set +e
cd "$LSQ_ROOT"
export CI="${CI:-}" SCARF_ANALYTICS=false
# Every Node process of the suites (many spawn the CLI from its .ts sources) shares the compile cache
# that bin/lsq-harness.js uses: type stripping and parsing happen once, not once per process.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$LSQ_TOOLS/node-compile-cache}"
. scripts/lib/run-tmp.sh
run_tmp_begin || { echo "cannot make a temp folder in ${TMPDIR:-/tmp}"; exit 1; }
trap run_tmp_end EXIT
rm -rf reports/tests && mkdir -p reports/tests
times_file=reports/suite-times.tsv
printf 'suite\tstarted s\twall s\tcpu s\texit\n' > "$times_file"
t0=$(date +%s.%N)
status=0

step() { printf '\n=== %s\n' "$*"; }
since() { awk -v now="$(date +%s.%N)" -v t="$1" 'BEGIN { printf "%.1f", now - t }'; }

# Runs one suite and records its wall time and CPU time (user + system of every process it started and
# waited for) in reports/suite-times.tsv. Called in a subshell of its own, so `times` counts that suite only.
run_suite() {
  local name=$1 file=$2 started rc cpu
  started=$(date +%s.%N)
  if grep -q '^# test.sh: nice' "$file"; then nice -n 10 bash "$file"; else bash "$file"; fi
  rc=$?
  # The second line of `times` is this subshell's finished children: "1m2.500s 0m3.250s". Written to a
  # file first: in a pipe or $(…) the builtin would run in a subshell of its own, which has no children.
  times > "reports/tests/$name.cpu"
  cpu=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.1f", s }' "reports/tests/$name.cpu")
  rm -f "reports/tests/$name.cpu"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(awk -v a="$started" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')" "$(since "$started")" "$cpu" "$rc" >> "$times_file"
  echo "[suite $name: $(since "$started") s, $cpu s of CPU, exit $rc]"
  return $rc
}

# Suites run in the order of their file names. A suite file writes its reports to reports/tests/ (a
# vitest JSON report, or a count file "passed failed": see scripts/count-results.ts). Markers in its header:
#   # test.sh: background                starts at its turn and runs beside the suites after it: for a
#                                        suite that mostly waits (Prometheus' windows, k6 holding a rate,
#                                        a browser's scripted canaries), so the machine's cores stay busy;
#                                        its output is shown when it ends
#   # test.sh: nice                      runs at a lower CPU priority (nice 10): for a suite that only
#                                        computes, so that on a busy machine the suites that pace calls
#                                        at a rate limit or wait on real time get the cores first
#   # test.sh: after every other suite   waits for every background suite first
#   # test.sh: from the start            with `background`: starts before the first suite, not at its
#                                        turn: for a suite that reads nothing an earlier suite writes,
#                                        so the cores are not idle while the first suites start up
background=()
wait_background() {
  local entry name pid
  for entry in "${background[@]}"; do
    name=${entry%%:*} pid=${entry#*:}
    wait "$pid" || status=1
    step "suite $name (ran in the background)"
    cat "reports/tests/$name.log"
  done
  background=()
}
start_background() {
  local suite=$1 name
  name=$(basename "$suite" .sh)
  step "suite $name: started in the background"
  (run_suite "$name" "$suite") > "reports/tests/$name.log" 2>&1 &
  background+=("$name:$!")
}
for suite in scripts/test.d/*.sh; do
  [ -f "$suite" ] && grep -q '^# test.sh: from the start' "$suite" && start_background "$suite"
done
for suite in scripts/test.d/*.sh; do
  [ -f "$suite" ] || continue
  name=$(basename "$suite" .sh)
  grep -q '^# test.sh: from the start' "$suite" && continue
  grep -q '^# test.sh: after every other suite' "$suite" && wait_background
  if grep -q '^# test.sh: background' "$suite"; then
    start_background "$suite"
    continue
  fi
  step "suite $name"
  (run_suite "$name" "$suite") || status=1
done
wait_background

step "time per suite (reports/suite-times.tsv), $(since "$t0") s in all"
column -t -s $'\t' "$times_file" 2>/dev/null || cat "$times_file"
echo
node scripts/count-results.ts reports/tests || status=1
exit $status
