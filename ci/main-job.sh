#!/usr/bin/env bash
# The main job: set-up, build, then run the suite on every accel device found, or on the
# built-in reference device when the machine has none. Extra arguments go to `run`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/setup-host.sh
swift build -c release
runner=.build/release/conformance-runner

"$runner" devices
if "$runner" devices --json | grep -q '"isReference" : false'; then
    exec "$runner" run --device all --results "${RESULTS_DIR:-results}" "$@"
else
    echo "main-job: no accel device on this machine; running against reference:qaic"
    exec "$runner" run --device reference:qaic --results "${RESULTS_DIR:-results}" "$@"
fi
