#!/usr/bin/env bash
# test.sh: background
# test.sh: from the start
# Starts first, beside the consumer tests: the longest suite, and it needs little CPU, so it runs beside
# the static checks and the main vitest run (it has its own sandbox, monitor, ports and temp folders, and
# reads no file any other suite writes).
# SLO paging end to end (~2-3 min, mostly waiting on Prometheus' scaled-down windows): the sandbox with a
# fault, the monitor, a real Prometheus evaluating the generated SLO rules (--time-scale 60), a real
# Alertmanager routed by monitors/alertmanager/alertmanager.yml, and a webhook receiver in the test; all
# on loopback. Writes reports/tests/slo-e2e.json.
set -uo pipefail
cd "${LSQ_ROOT:?run through scripts/test.sh}"
mkdir -p reports/tests
timeout 300 vitest run -c test/slo-e2e/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/tests/slo-e2e.json
