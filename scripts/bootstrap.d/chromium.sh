# Chromium, Debian's package, for the status page's browser suite (scripts/test.d/02-status-page.sh drives
# it headless through playwright-core; no browser is ever downloaded by npm). Unlike Prometheus
# (debian-tools.sh: `apt-get download` + `dpkg -x` into .tools/), Chromium is installed with
# `apt-get install`, system-wide, as root: it needs some 70 shared libraries (GTK, NSS, Mesa, fonts, …),
# too many to unpack and wire by hand. The package starts no service and enables none. Only as root, and
# only when no `chromium` is on PATH; otherwise it says which tests will fail. Sourced by bootstrap.sh.
#
# Outside the checkout this touches: the system's packages (chromium and its dependencies) and, when apt
# has no package lists yet, `apt-get update`.
ensure_chromium() {
  # A test tool: the main job (scripts/run.sh) does not wait for it.
  [ -z "${LSQ_BOOTSTRAP_SKIP_TEST_TOOLS:-}" ] || return 0
  if command -v chromium >/dev/null; then
    export LSQ_CHROMIUM="${LSQ_CHROMIUM:-$(command -v chromium)}"
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "chromium is missing (Debian: apt-get install chromium, as root); the status page's browser suite will fail"
    return 0
  fi
  say "installing Debian's chromium with apt-get (system-wide: its dependencies are too many to unpack; starts no service)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2; then
    apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2 || say "installing chromium failed; the status page's browser suite will fail"
  fi
  command -v chromium >/dev/null && export LSQ_CHROMIUM="$(command -v chromium)"
  return 0
}
ensure_chromium
