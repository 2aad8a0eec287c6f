# k6, built from its Go module into the git-ignored .tools/ (k6 publishes no npm package we could pin).
# The build takes about a minute with a warm Go cache; the built binary is kept in the user's cache folder
# (ensure_go_tool in scripts/bootstrap.sh). Sourced by scripts/bootstrap.sh; puts k6 on PATH and exports
# K6_BIN.
K6_VERSION=v1.8.1
if ensure_go_tool k6 "$K6_VERSION" go.k6.io/k6 'the load suite'; then
  export K6_BIN="$LSQ_TOOLS/k6-$K6_VERSION/k6"
fi
