#!/usr/bin/env bash
# The test command: set-up, a warning-free build, the unit tests, a reference run whose results
# are checked by tools that are not ours, then the VM tier against the real upstream qaic driver.
#   ACCEL_SKIP_VM=1 skips the VM tier (for a quick local loop; CI always runs it).
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/setup-host.sh

echo "== build (warnings are errors here)"
build_log=$(mktemp)
swift build 2>&1 | tee "$build_log"
if grep -E "warning:" "$build_log" >/dev/null; then
    echo "test.sh: the build printed warnings" >&2
    exit 1
fi

echo "== unit tests"
swift test 2>&1

echo "== reference run: results validated by kcidb-io, junitparser and an independent KTAP parser"
work=$(mktemp -d)
ref_results=$work/reference-qaic
.build/debug/conformance-runner run --device reference:qaic --workload Fixtures/workloads/loopback.json \
    --results "$ref_results" >"$work/reference-run.log" || { cat "$work/reference-run.log"; exit 1; }
tail -n 5 "$work/reference-run.log"
bash ci/validate-results.sh "$ref_results"
.build/debug/conformance-runner upload "$ref_results" --dry-run

if [ "${ACCEL_SKIP_VM:-0}" = 1 ]; then
    echo "== VM tier skipped (ACCEL_SKIP_VM=1)"
    exit 0
fi
echo "== VM tier: upstream qaic of Debian 6.12 and 7.3 over a simulated AIC100 under QEMU/TCG, drift 6.12 -> 7.3"
bash ci/vm/ci-tier.sh .build/debug/conformance-runner "$work/vm"
