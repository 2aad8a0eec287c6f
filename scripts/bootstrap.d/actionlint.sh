# actionlint, built from its Go module into the git-ignored .tools/, for the test that lints the GitHub
# Action and the example workflow (test/deploy/): there is no GitHub runner here, so a linter is the
# closest check we have. Built and cached like k6 (ensure_go_tool in scripts/bootstrap.sh). A test tool:
# the main job (scripts/run.sh) does not wait for it to build. Sourced by scripts/bootstrap.sh; puts
# actionlint on PATH and exports ACTIONLINT_BIN.
ACTIONLINT_VERSION=v1.7.12
if [ -z "${LSQ_BOOTSTRAP_SKIP_TEST_TOOLS:-}" ] \
   && ensure_go_tool actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint 'the deploy tests'; then
  export ACTIONLINT_BIN="$LSQ_TOOLS/actionlint-$ACTIONLINT_VERSION/actionlint"
fi
