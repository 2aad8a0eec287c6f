#!/usr/bin/env bash
# P6, gate wall time: `lsq-harness gate` against the embedded sandbox, three runs, the median; beside it,
# in the same run, the baseline of the k6 smoke profile alone (`lsq-harness load`, the longest stage),
# so the ratio shows what the other stages and the budget plan's waits add. Target: gate ≤ 30 s.
#   bash bench/run.sh p6-gate-wall-time.sh
set -uo pipefail
cd "${LSQ_ROOT:?run through bench/run.sh}"
mkdir -p reports/bench
out=reports/bench/p6
rm -rf "$out" && mkdir -p "$out"
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
gate_times=() load_times=() verdicts=()
for i in 1 2 3; do
  # Interleaved, so a slow moment of the machine falls on both alike.
  t0=$(now); node bin/lsq-harness.js load --out "$out/load-$i" --no-html > "$out/load-$i.log" 2>&1; t1=$(now)
  load_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
  t0=$(now); node bin/lsq-harness.js gate --out "$out/gate-$i" > "$out/gate-$i.log" 2>&1; rc=$?; t1=$(now)
  gate_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
  verdicts+=("$rc")
done
gate=$(printf '%s\n' "${gate_times[@]}" | median)
load=$(printf '%s\n' "${load_times[@]}" | median)
ratio=$(awk -v g="$gate" -v l="$load" 'BEGIN { printf "%.2f", g / l }')
verdict=$(awk -v t="$gate" 'BEGIN { print (t <= 30) ? "met" : "MISSED" }')
echo "| run | gate (s) | exit | load alone (s) |"
echo "| --- | --- | --- | --- |"
for i in 0 1 2; do echo "| $((i + 1)) | ${gate_times[$i]} | ${verdicts[$i]} | ${load_times[$i]} |"; done
echo
echo "P6: gate median $gate s, load alone $load s (gate/load $ratio) on $(nproc) cores; target ≤ 30 s: $verdict"
printf '{"benchmark":"p6-gate-wall-time","gateSeconds":%s,"loadSeconds":%s,"ratio":%s,"exits":"%s"}\n' "$gate" "$load" "$ratio" "${verdicts[*]}" > reports/bench/p6-gate-wall-time.json
