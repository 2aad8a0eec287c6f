# Prometheus, promtool and the Pushgateway (Debian packages). The monitor's tests start them by hand on
# loopback with temp dirs; no service is enabled. --no-install-recommends keeps node-exporter and
# ~35 other packages out. Sourced by scripts/bootstrap.sh.
ensure_prometheus() {
  if command -v prometheus >/dev/null && command -v promtool >/dev/null && command -v prometheus-pushgateway >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "Prometheus, promtool and prometheus-pushgateway are missing and cannot be installed here (needs apt-get as root); their tests will fail"
    return 0
  fi
  say "installing prometheus, promtool, prometheus-pushgateway (Debian packages)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-pushgateway) >&2 \
    || say "apt-get could not install Prometheus; its tests will fail"
  # Debian's package starts nothing here (no systemd), but stop anything it might have started.
  pkill -x prometheus 2>/dev/null || true
}
ensure_prometheus
