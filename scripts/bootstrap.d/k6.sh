# k6, built from its Go module into the git-ignored .tools/ (k6 publishes no npm package we could pin, and
# the Go module proxy is reachable where the GitHub release downloads are not). The build takes about a
# minute with a warm Go cache, so a built binary is also kept in the user's cache folder and reused by
# fresh clones on the same machine. Sourced by scripts/bootstrap.sh; puts k6 on PATH and exports K6_BIN.
K6_VERSION=v1.8.1
ensure_k6() {
  local dir="$LSQ_TOOLS/k6-$K6_VERSION"
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lsq-harness/k6-$K6_VERSION"
  if [ ! -x "$dir/k6" ] && [ -x "$cache/k6" ]; then
    say "k6 $K6_VERSION: reusing the copy in $cache"
    mkdir -p "$dir" && cp "$cache/k6" "$dir/k6.tmp" && mv "$dir/k6.tmp" "$dir/k6"
  fi
  if [ ! -x "$dir/k6" ]; then
    if ! command -v go >/dev/null; then
      say "k6 $K6_VERSION is missing and Go is not on PATH to build it; the load suite will fail"
      return 0
    fi
    say "building k6 $K6_VERSION from its Go module (go install go.k6.io/k6@$K6_VERSION, about a minute)"
    mkdir -p "$dir"
    if ! GOBIN="$dir" GOFLAGS=-buildvcs=false go install "go.k6.io/k6@$K6_VERSION" >&2; then
      say "building k6 failed; the load suite will fail"
      return 0
    fi
    # Refresh the per-user cache; a failure here only costs a later clone one more build.
    (mkdir -p "$cache" && cp "$dir/k6" "$cache/k6.tmp" && mv "$cache/k6.tmp" "$cache/k6") 2>/dev/null || true
  fi
  export PATH="$dir:$PATH"
  export K6_BIN="$dir/k6"
}
ensure_k6
