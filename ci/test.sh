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
bash ci/kci-dev-check.sh "$ref_results"
.build/debug/conformance-runner upload "$ref_results" --dry-run

# Kept after the run: the HTML report, its screenshots, the comparison and the package.
ci_results=${CI_RESULTS_DIR:-$PWD/ci-results}
rm -rf "$ci_results"
mkdir -p "$ci_results"
echo "== compare with an injected fault, HTML report in a headless browser"
fault_results=$work/reference-fault
.build/debug/conformance-runner run --device reference:qaic --workload Fixtures/workloads/loopback.json \
    --fault create_bo.skip_pad_check --results "$fault_results" >"$work/reference-fault.log" 2>&1 || true
compare_status=0
.build/debug/conformance-runner compare "$ref_results" "$fault_results" >"$ci_results/compare.txt" || compare_status=$?
cat "$ci_results/compare.txt"
[ $compare_status = 1 ] || { echo "test.sh: compare exited $compare_status, expected 1 (regressions)" >&2; exit 1; }
.build/debug/conformance-runner report "$fault_results" --compare "$ref_results" --html "$ci_results/report.html"
bash ci/check-report.sh "$ci_results/report.html" "$ci_results"
echo "CI results: $ci_results (report.html, report.png, report-problems.png, compare.txt)"

echo "== release package: static binary, .deb with computed Depends, checked from a scratch root"
bash ci/package.sh --out "$ci_results/package"
# The VM tier runs the packaged binary (static Swift runtime, extracted from the .deb);
# the debug build above stays what the unit tests and the host checks use.
packaged=$(readlink -f "$ci_results/package/conformance-runner")

if [ "${ACCEL_SKIP_VM:-0}" = 1 ]; then
    echo "== VM tier skipped (ACCEL_SKIP_VM=1)"
    exit 0
fi
echo "== VM tier: upstream qaic of Debian 6.12 and 7.3 over a simulated AIC100 under QEMU/TCG, drift 6.12 -> 7.3"
tier_rc=0
bash ci/vm/ci-tier.sh --runner "$packaged" "$work/vm" || tier_rc=$?
# Every boot staged the packaged binary, not a build that needs the Swift runtime's .so files.
sum=$(sha256sum < "$packaged" | cut -c1-16)
for kernel in ${ACCEL_VM_KERNELS:-6.12 7.3}; do
    f=$work/vm/$kernel/runner.txt
    [ -f "$f" ] || [ "$tier_rc" != 0 ] || { echo "test.sh: $f missing" >&2; exit 1; }
    [ -f "$f" ] || continue
    grep -q "sha256 $sum" "$f" && grep -q '^runner Swift runtime: 0 ' "$f" ||
        { echo "test.sh: $f: the VM tier did not stage the packaged binary ($sum):" >&2; cat "$f" >&2; exit 1; }
done
[ "$tier_rc" = 0 ] || exit "$tier_rc"

echo "== LAVA: the test definition under Debian's lava-dispatcher 2023.01 (lava-run), QEMU device, 6.12 images"
lava_rc=0
bash ci/lava/run-lava.sh --kernel 6.12 --runner "$packaged" --work "$work/lava" > "$ci_results/lava-run.txt" 2>&1 ||
    lava_rc=$?
cp "$work/lava/lava.log" "$work/lava/job.yaml" "$ci_results/" 2>/dev/null || true
tail -n 8 "$ci_results/lava-run.txt"
[ "$lava_rc" = 0 ] || { echo "test.sh: the LAVA run failed or its results differ from results.csv (exit $lava_rc)" >&2; exit 1; }
