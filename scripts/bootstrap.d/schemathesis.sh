# Schemathesis (the OpenAPI fuzzer behind `lsq-harness conformance` and the openapi suite) and
# openapi-spec-validator, from PyPI into a virtual environment in the git-ignored .tools/, every
# dependency pinned in schemathesis-requirements.txt beside this file. The wheels are kept in the user's
# cache folder, so a fresh clone on the same machine installs without the network. Nothing is
# installed system-wide and the venv is not put on PATH (it would shadow python3 and pytest): it exports
# SCHEMATHESIS_BIN and OPENAPI_SPEC_VALIDATOR_BIN. Sourced by scripts/bootstrap.sh.
SCHEMATHESIS_VERSION=4.32.5

# install_schemathesis DIR REQUIREMENTS WHEELS: a fresh venv in DIR; non-zero (DIR removed) on failure.
install_schemathesis() {
  local dir=$1 req=$2 wheels=$3 py
  # The interpreter itself, not a version manager's shim (a venv built on a shim follows the shim).
  py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)
  if [ -z "$py" ] || ! "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    say "Schemathesis $SCHEMATHESIS_VERSION needs Python >= 3.10 with venv; none found, so the openapi suite will fail"
    return 1
  fi
  say "installing Schemathesis $SCHEMATHESIS_VERSION into .tools/ (a Python venv; wheels cached in $wheels)"
  rm -rf "$dir" && "$py" -m venv "$dir" || { say "could not create a venv in $dir"; rm -rf "$dir"; return 1; }
  local pip=("$dir/bin/python" -m pip --disable-pip-version-check --quiet)
  # From the cache first; the registry only for what it lacks.
  if ! "${pip[@]}" install --no-index --find-links "$wheels" -r "$req" >/dev/null 2>&1; then
    mkdir -p "$wheels"
    "${pip[@]}" download --dest "$wheels" -r "$req" >&2 || say "downloading the wheels failed"
    "${pip[@]}" install --no-index --find-links "$wheels" -r "$req" >&2 || { rm -rf "$dir"; return 1; }
  fi
  # The pins are copied last: an interrupted install is redone next time.
  cp "$req" "$dir/requirements.txt"
}

ensure_schemathesis() {
  # A test tool (and `conformance`'s engine): the main job (scripts/run.sh) does not wait for it.
  [ -z "${LSQ_BOOTSTRAP_SKIP_TEST_TOOLS:-}" ] || return 0
  local dir="$LSQ_TOOLS/schemathesis-$SCHEMATHESIS_VERSION"
  local req="$LSQ_ROOT/scripts/bootstrap.d/schemathesis-requirements.txt"
  local wheels="${XDG_CACHE_HOME:-$HOME/.cache}/lsq-harness/wheels-schemathesis-$SCHEMATHESIS_VERSION"
  local fresh='[ -x "$dir/bin/schemathesis" ] && cmp -s "$req" "$dir/requirements.txt"'
  if ! eval "$fresh"; then
    # Several runs in one checkout may bootstrap at once: one installs while the others wait (flock) and
    # then find the venv ready. Without the lock, one run's rm -rf pulled the venv from under another's pip.
    mkdir -p "$LSQ_TOOLS"
    local lock_fd
    exec {lock_fd}>"$LSQ_TOOLS/.schemathesis.lock"
    flock -w 600 "$lock_fd" || say "waited 10 minutes for another Schemathesis install; going on"
    if ! eval "$fresh"; then
      install_schemathesis "$dir" "$req" "$wheels" || say "installing Schemathesis failed; the openapi suite will fail"
    fi
    exec {lock_fd}>&-
  fi
  export SCHEMATHESIS_BIN="$dir/bin/schemathesis" OPENAPI_SPEC_VALIDATOR_BIN="$dir/bin/openapi-spec-validator"
}
ensure_schemathesis
