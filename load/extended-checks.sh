#!/usr/bin/env bash
# The load checks too long for CI (`npm run test:load-extended`, ~2.5 min), run concurrently:
#   remote-write  the smoke run streams to a real Prometheus (Debian package) started on loopback with
#                 its remote-write receiver and a temp storage dir; its API must then hold the run's
#                 refusal counts per check, with no `url` label and no credential in any label;
#   full          the full profile (120 s at the limit) as one process and split across 2 processes:
#                 both exit 0 with the same totals.
# Writes reports/load-extended/ and exits non-zero when a check failed.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/bootstrap.sh"
cd "$LSQ_ROOT"
out=reports/load-extended
rm -rf "$out" && mkdir -p "$out"
export LSQ_ACCESS_KEY=ext-access-Qw19 LSQ_SECRET_KEY=ext-secret-Rt28 LSQ_API_KEY=ext-apikey-Yu37
unset LSQ_ASYNC_HOST
tmp=$(mktemp -d)
prom_pid=
cleanup() { [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$tmp/prometheus.yml"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" --web.listen-address="127.0.0.1:$port" \
  --web.enable-remote-write-receiver > "$out/prometheus.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/-/ready" > /dev/null && break; sleep 0.2; done

run() { local name=$1; shift; ( timeout 400 node bin/lsq-harness.js load --out "$out/$name" "$@" > "$out/$name.log" 2>&1; echo $? > "$out/$name.rc" ) & }
started=$SECONDS
run remote-write --no-html --prometheus-rw "http://127.0.0.1:$port/api/v1/write"
run full --profile full --no-html
run full-segments --profile full --segments 2 --no-html
wait $(jobs -p | grep -v -w "$prom_pid")
echo "runs took $((SECONDS - started)) s"
sleep 3 # the last remote-write push

passed=0 failed=0
check() { local name=$1; shift; if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi; }
rc() { [ "$(cat "$out/$1.rc" 2>/dev/null)" = "$2" ]; }
query() { curl -sf "http://127.0.0.1:$port/api/v1/query" --data-urlencode "query=$1"; }
refusals() { query 'sum by (lsq_check) (max_over_time(k6_lsq_refused_total[10m]))' > "$out/refusals.json" && node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).data.result;
  const by = Object.fromEntries(r.map((s) => [s.metric.lsq_check, Number(s.value[1])]));
  console.log("     refused per check in Prometheus:", JSON.stringify(by));
  process.exit(by.shared === 35 && by.at_limit === 0 ? 0 : 1);' "$out/refusals.json"; }
clean_labels() { curl -sf "http://127.0.0.1:$port/api/v1/series" --data-urlencode 'match[]={__name__=~"k6_.+"}' > "$out/series.json" \
  && [ "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).data.length)' "$out/series.json")" -gt 0 ] \
  && ! grep -q '"url"' "$out/series.json" && ! grep -qE 'ext-access-Qw19|ext-secret-Rt28|ext-apikey-Yu37' "$out/series.json"; }
same_totals() { node -e '
  const fs = require("fs"); const read = (f) => JSON.parse(fs.readFileSync(f, "utf8")).totals;
  const one = read(process.argv[1]); const sum = {};
  for (const f of process.argv.slice(2)) for (const [c, t] of Object.entries(read(f))) for (const [m, v] of Object.entries(t)) ((sum[c] ??= {})[m] = (sum[c][m] ?? 0) + v);
  console.log("     single", JSON.stringify(one)); console.log("     2 segs", JSON.stringify(sum));
  process.exit(Object.entries(one).every(([c, t]) => Object.entries(t).every(([m, v]) => sum[c]?.[m] === v)) ? 0 : 1);' "$@"; }

check "remote-write run exits 0" rc remote-write 0
check "Prometheus holds the run's refusals per check" refusals
check "remote-written series carry no url label and no credential" clean_labels
check "full profile exits 0" rc full 0
check "full profile split across 2 processes exits 0" rc full-segments 0
check "full profile: 2 segments sum to the single run's totals" same_totals "$out/full/rate-limit-summary.json" "$out/full-segments/segment-1/rate-limit-summary.json" "$out/full-segments/segment-2/rate-limit-summary.json"
echo "load extended checks: $passed passed, $failed failed in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
