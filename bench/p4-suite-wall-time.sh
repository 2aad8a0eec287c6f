#!/usr/bin/env bash
# P4, test suite wall time: one full `bash scripts/test.sh` with the tools already installed (run it once
# before to install them), timed, with the time each stage started. Target ≤ 180 s on 2 cores.
#   bash bench/run.sh p4-suite-wall-time.sh
set -uo pipefail
cd "${LSQ_ROOT:?run through bench/run.sh}"
mkdir -p reports/bench
log=reports/bench/p4-test-output.log
stages=reports/bench/p4-stages.txt
: > "$stages"
start=$(date +%s.%N)
elapsed() { awk -v now="$(date +%s.%N)" -v t0="$start" 'BEGIN { printf "%.1f", now - t0 }'; }
bash scripts/test.sh 2>&1 | while IFS= read -r line; do
  case "$line" in "=== "*) printf '%s s\t%s\n' "$(elapsed)" "${line#=== }" >> "$stages" ;; esac
  printf '%s\n' "$line"
done > "$log"
status=${PIPESTATUS[0]}
total=$(elapsed)
printf '%s s\t(end)\n' "$total" >> "$stages"
verdict=$(awk -v t="$total" 'BEGIN { print (t <= 180) ? "met" : "MISSED" }')
echo "| stage started at | stage |"
echo "| --- | --- |"
sed 's/\t/ | /; s/^/| /; s/$/ |/' "$stages"
echo
# Each suite's wall time and CPU time (user + system of its processes), as scripts/test.sh recorded them.
if [ -f reports/suite-times.tsv ]; then
  echo "| suite | started at s | wall s | CPU s | exit |"
  echo "| --- | --- | --- | --- | --- |"
  tail -n +2 reports/suite-times.tsv | sed 's/\t/ | /g; s/^/| /; s/$/ |/'
  awk -F'\t' -v total="$total" -v cores="$(nproc)" 'NR > 1 { cpu += $4 } END {
    printf "\nCPU of every suite together: %.0f s; on %d cores that is at least %.0f s of wall time, and the run took %s s (%.0f %% of the cores busy with the suites).\n", cpu, cores, cpu / cores, total, 100 * cpu / (cores * total) }' reports/suite-times.tsv
  echo
fi
echo "P4: $total s on $(nproc) cores, closing line \"$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)\", exit $status; target ≤ 180 s: $verdict   [$log]"
printf '{"benchmark":"p4-suite-wall-time","seconds":%s,"cores":%s,"exit":%s}\n' "$total" "$(nproc)" "$status" > reports/bench/p4-suite-wall-time.json
