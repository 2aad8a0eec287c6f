#!/usr/bin/env bash
# Runs one benchmark with the project's toolchain: `bash bench/run.sh p2-limiter-precision.ts [args…]`.
# The npm scripts bench:* call this. Benchmarks are not tests: they print a table, write
# reports/bench/<name>.json, and exit 0 whether or not the target was met (the table says which).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/bootstrap.sh"
. "$LSQ_ROOT/bench/bootstrap-wrk.sh"
cd "$LSQ_ROOT"
script="$1"; shift
case "$script" in
  *.ts) exec node --expose-gc "bench/$script" "$@" ;;
  *.sh) exec bash "bench/$script" "$@" ;;
  *) echo "bench/run.sh: unknown benchmark $script" >&2; exit 2 ;;
esac
