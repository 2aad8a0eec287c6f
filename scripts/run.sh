#!/usr/bin/env bash
# The main job: the canary monitor, against the embedded sandbox unless LSQ_ASYNC_HOST is set.
# Installs what is missing first (Node 24, npm packages). Extra arguments go to `lsq-harness monitor`.
set -euo pipefail
export LSQ_BOOTSTRAP_SKIP_TEST_TOOLS=1   # the monitor needs no test tools (actionlint)
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LSQ_ROOT"
exec node bin/lsq-harness.js monitor "$@"
