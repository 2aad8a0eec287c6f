# Sourced by scripts/test.sh: one temp folder for the whole test run. Every suite and every process it
# starts (vitest workers, the CLI, k6, Chromium, Schemathesis) makes its temp folders through TMPDIR,
# so they all land in it, and the run removes it when it ends — however it ends. Without it, tests that
# keep their folders for inspection, and every test a timeout or a crash cut short, left their folders
# in the system's temp folder: thousands after a few runs. LSQ_KEEP_TEST_TMP=1 keeps the folder (its
# path is printed) for looking into a failure.

# Makes the run's folder inside the current TMPDIR (or /tmp) and points TMPDIR at it.
run_tmp_begin() {
  LSQ_RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lsq-test-run-XXXXXX") || return 1
  export TMPDIR=$LSQ_RUN_TMP LSQ_RUN_TMP
}

# Stops what the run left running, then removes the run's folder (or says where it is when
# LSQ_KEEP_TEST_TMP=1). What was left running: a server a test started (Prometheus, Alertmanager, the
# Pushgateway, a sandbox) whose test was killed by its suite's timeout before it could stop it. Each
# was started with its data or config in this folder, so its command line names the folder: only the
# run's own processes match (never a user's own Prometheus).
run_tmp_end() {
  [ -n "${LSQ_RUN_TMP:-}" ] && [ -d "$LSQ_RUN_TMP" ] || return 0
  local left
  left=$(pgrep -f -- "$LSQ_RUN_TMP" 2>/dev/null | grep -vx "$$" || true)
  if [ -n "$left" ]; then
    echo "stopping $(echo "$left" | wc -l) process(es) the run left running: $(echo "$left" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill $left 2>/dev/null || true
  fi
  if [ "${LSQ_KEEP_TEST_TMP:-}" = 1 ]; then
    echo "temp folders of this run kept in $LSQ_RUN_TMP (LSQ_KEEP_TEST_TMP=1)"
  else
    rm -rf "$LSQ_RUN_TMP"
  fi
}
