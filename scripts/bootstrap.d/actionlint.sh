# actionlint, built from its Go module into the git-ignored .tools/, for the test that lints the GitHub
# Action and the example workflow (test/deploy/): there is no GitHub runner here, so a linter is the
# closest check we have. Same manner as k6.sh: the Go module proxy is reachable where GitHub release
# downloads are not, and a built binary is kept in the user's cache folder for fresh clones.
# Sourced by scripts/bootstrap.sh; puts actionlint on PATH and exports ACTIONLINT_BIN.
ACTIONLINT_VERSION=v1.7.12
ensure_actionlint() {
  # A test tool: the main job (scripts/run.sh) does not wait for it to build.
  [ -z "${LSQ_BOOTSTRAP_SKIP_TEST_TOOLS:-}" ] || return 0
  local dir="$LSQ_TOOLS/actionlint-$ACTIONLINT_VERSION"
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lsq-harness/actionlint-$ACTIONLINT_VERSION"
  if [ ! -x "$dir/actionlint" ] && [ -x "$cache/actionlint" ]; then
    say "actionlint $ACTIONLINT_VERSION: reusing the copy in $cache"
    mkdir -p "$dir" && cp "$cache/actionlint" "$dir/actionlint.tmp" && mv "$dir/actionlint.tmp" "$dir/actionlint"
  fi
  if [ ! -x "$dir/actionlint" ]; then
    if ! command -v go >/dev/null; then
      say "actionlint $ACTIONLINT_VERSION is missing and Go is not on PATH to build it; the deploy tests will fail"
      return 0
    fi
    say "building actionlint $ACTIONLINT_VERSION from its Go module (go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION)"
    mkdir -p "$dir"
    if ! GOBIN="$dir" GOFLAGS=-buildvcs=false go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2; then
      say "building actionlint failed; the deploy tests will fail"
      return 0
    fi
    # Refresh the per-user cache; a failure here only costs a later clone one more build.
    (mkdir -p "$cache" && cp "$dir/actionlint" "$cache/actionlint.tmp" && mv "$cache/actionlint.tmp" "$cache/actionlint") 2>/dev/null || true
  fi
  export PATH="$dir:$PATH"
  export ACTIONLINT_BIN="$dir/actionlint"
}
ensure_actionlint
