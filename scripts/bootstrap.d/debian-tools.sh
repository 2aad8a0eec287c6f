# Prometheus, promtool, the Pushgateway and Alertmanager (with amtool), from Debian's packages, unpacked into the git-ignored
# .tools/ folder: `apt-get download` + `dpkg -x`. Nothing is installed system-wide, so no service is
# enabled or started and a Prometheus the user already runs is never touched (this set-up starts and
# stops nothing). The binaries need only libc. The .deb files are kept in the user's cache folder, so
# a fresh clone on the same machine unpacks without downloading. Sourced by scripts/bootstrap.sh.
#
# Outside the checkout this touches only: ~/.cache/lsq-harness/debs/ (the downloaded .deb files) and,
# when apt has no package lists yet and we are root, `apt-get update` (which refreshes lists only).
LSQ_DEB_TOOLS="$LSQ_TOOLS/debian"

# ensure_deb_tool PACKAGE BINARY...: each BINARY of PACKAGE ends up in $LSQ_DEB_TOOLS/<package>/usr/bin.
ensure_deb_tool() {
  local pkg=$1; shift
  local root="$LSQ_DEB_TOOLS/$pkg" bin missing=0
  for bin in "$@"; do [ -x "$root/usr/bin/$bin" ] || missing=1; done
  if [ "$missing" = 1 ]; then
    local cache="${XDG_CACHE_HOME:-$HOME/.cache}/lsq-harness/debs"
    mkdir -p "$cache"
    local deb; deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
      say "downloading the Debian package $pkg into $cache (apt-get download; nothing is installed)"
      if ! (cd "$cache" && apt-get download -qq "$pkg" >&2 2>/dev/null); then
        # No package lists yet (a fresh machine): refreshing them needs root and changes nothing else.
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
          apt-get update -qq >&2 || true
          (cd "$cache" && apt-get download -qq "$pkg" >&2) || true
        fi
      fi
      deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
    fi
    if [ -z "$deb" ]; then
      say "could not download the Debian package $pkg; the tests that need $* will fail"
      return 0
    fi
    rm -rf "$root.tmp" && mkdir -p "$root.tmp" && dpkg -x "$deb" "$root.tmp" && rm -rf "$root" && mv "$root.tmp" "$root"
  fi
  export PATH="$root/usr/bin:$PATH"
}

ensure_deb_tool prometheus prometheus promtool
ensure_deb_tool prometheus-pushgateway prometheus-pushgateway
ensure_deb_tool prometheus-alertmanager prometheus-alertmanager amtool
