# wrk, the HTTP load generator of the throughput benchmark (Debian package `wrk`). Only the benchmarks
# need it, so it is installed here and not by scripts/bootstrap.sh. Idempotent: quick when present.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing wrk (Debian package) for the throughput benchmark"
    apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1; } \
      || say "could not install wrk; bench:throughput will fail"
  else
    say "wrk is missing: install the Debian package wrk to run bench:throughput"
  fi
}
ensure_wrk
