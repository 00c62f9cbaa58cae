#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM tier as a CI step (called by ci/test.sh after the unit tests), on
# every kernel series: Debian 6.12 (bookworm-security) and Debian 7.3
# (trixie-backports, modules built in a trixie chroot).
#
#   ci/vm/ci-tier.sh --runner PATH RESULTS_DIR
#   ci/vm/ci-tier.sh RUNNER RESULTS_DIR        (the older form, same meaning)
#
# The runner is an already built conformance-runner (this script builds no
# Swift). CI passes the release package's binary (ci/package.sh: static
# Swift runtime, extracted from the .deb), so the initramfs carries that
# binary and its few system libraries instead of the debug build's Swift
# runtime closure; <series>/runner.txt records what was staged. On a fresh Debian 12 machine it installs what it needs (the VM
# tools through fetch-kernel.sh; debootstrap and the trixie chroot for 7.3;
# jq for the differential; python3-venv for the result validators), then,
# per series, runs the whole tier: kernel + checksum-verified upstream qaic of
# that kernel + simulated AIC100, the ABI check against the kernel's
# <drm/qaic_accel.h>, the default run with the drm-ci baseline
# ci/vm/baselines/qaic-vm-<series>-fails.txt, the differential against
# reference:qaic on the same (derived) kernel profile, the C reproducers of
# the reference run's passing cases replayed in the default boot against the
# real driver, the hazard tier (oops, abort, resume in fresh boots), and
# validates the VM run's results folder with ci/validate-results.sh. Then the
# drift table (drift.sh): every row whose real-driver result differs between
# 6.12 and 7.3, with the source change from ci/vm/drift-explanations.txt.
# Everything lands in RESULTS_DIR/<series> (tier.log, summary.txt, run/, ...),
# the drift table in RESULTS_DIR/drift.txt, both summaries in
# RESULTS_DIR/summary.txt. Downloads are cached per series in
# ACCEL_VM_CACHE (default /var/cache/accel-conformance).
# ACCEL_VM_KERNELS (default "6.12 7.3") picks the series.
#
# Exit status: 0 when everything behaved; otherwise the first non-zero of
# the series (in order), then the drift's:
#   1  an unexpected result in the default run (not matching the baseline)
#   10 fetching, building, a qaic checksum or a boot failed
#   11 the hazard tier did not behave (no abort on the oops, resume unfinished)
#   12 our qaic ABI differs from the kernel's header
#   13 the results folder failed validation
#   14 a C reproducer differed in the VM (or was not built) and the
#      baseline does not list its case
#   15 a row differs between reference:qaic and the VM and the baseline
#      does not explain it (the differential gates the tier)
#   16 a row's real-driver result drifts between 6.12 and 7.3 without an
#      explanation in ci/vm/drift-explanations.txt (or an explanation is stale)
#   18 `conformance-runner compare` disagrees with differential.sh (reference
#      -> VM) or drift.sh (6.12 -> 7.3): ci/vm/compare-check.sh
#   17 a mutant of the CI sample (ci/vm/mutants.sh --sample 10 --seed 11, qaic per
#      series, ethosu on 7.3) survived: no row's outcome changed (or its run failed)
#   19 the kernel-lockup scenario (ci/vm/scenarios/lockup.sh, on 6.12) failed:
#      a soft lockup was not noticed, or the case / pre-check not named
#   20 the device-removal scenario (run-vm-tier.sh --unbind, on 7.3) failed:
#      a runner hung or recorded the wrong thing after the unbind, or resume
#      did not finish after the rebind
#   2  bad arguments
set -uo pipefail
. "$(dirname "$0")/common.sh"

usage() { echo "usage: ci/vm/ci-tier.sh --runner PATH RESULTS_DIR (or: ci-tier.sh RUNNER RESULTS_DIR)" >&2; exit 2; }
if [ "${1:-}" = --runner ]; then
	[ $# = 3 ] || usage
	runner=$2 results=$3
else
	[ $# = 2 ] || usage
	runner=$1 results=$2
fi
[ -x "$runner" ] || { echo "ci-tier.sh: runner '$runner' not found or not executable" >&2; exit 2; }
mkdir -p "$results" || exit 2
results=$(readlink -f "$results")
all_start=$SECONDS
kernels=${ACCEL_VM_KERNELS:-6.12 7.3}

missing=()
for p in jq python3 python3-venv; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	{ apt-get update -qq &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
		{ log "could not install ${missing[*]}"; exit 10; }
fi

# One series: run-vm-tier.sh with everything, validation, summary. Sets series_rc.
one_series() {
	local kernel=$1 results=$2 start=$SECONDS tier_rc validate_rc vrc r boots unbind=
	mkdir -p "$results"
	rm -f "$results"/validate-*.log "$results"/validate-*.exit
	# Device removal mid-run (issue 13) where both drivers are in the boot.
	[ "$kernel" = 7.3 ] && unbind=--unbind
	"$VM_DIR/run-vm-tier.sh" --kernel "$kernel" --runner "$runner" --results "$results" --hazards --differential --repro-in-vm \
		$unbind 2>&1 |
		tee "$results/tier.log" |
		grep --line-buffered -E '^\[vm|^ABI check|^case |^    why:|row\(s\) differ|^C reproducers|^  (differs|DID NOT RUN|NOT BUILT) |^  [0-9]+ (built|reproducer)|^      (expected|UNEXPLAINED)|^[a-z0-9_.-]+ +(pass|fail|skip|crash|timeout|abort|incomplete|notrun|dmesg)'
	tier_rc=${PIPESTATUS[0]}
	if [ "$tier_rc" != 0 ]; then
		echo "== last lines of $results/tier.log (exit $tier_rc)"
		tail -n 25 "$results/tier.log"
	fi

	# Both runner folders from the VM, through the validators that are not ours
	# (and run-ethosu/, the second driver's, on 7.3: ethosu, issue 10).
	validate_rc=0
	for r in run run-hazards run-ethosu; do
		[ -f "$results/$r/results.json" ] || continue
		vrc=0
		bash "$REPO_DIR/ci/validate-results.sh" "$results/$r" > "$results/validate-$r.log" 2>&1 || vrc=$?
		echo "$vrc" > "$results/validate-$r.exit"
		[ $vrc = 0 ] || validate_rc=$vrc
	done

	# Counts per status and baseline verdict of one results folder.
	counts() {
		[ -f "$1/results.json" ] || { echo "(no results.json)"; return; }
		jq -r '[.records[].outcome.status] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$1/results.json"
	}
	verdicts() {
		[ -f "$1/results.json" ] || return 0
		jq -r '[.records[] | .classification // "-"] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$1/results.json"
	}
	listed() {	# rows with a given verdict
		[ -f "$1/results.json" ] || return 0
		jq -r --arg c "$2" '.records[] | select(.classification == $c) | "    \(.outcome.name): \(.outcome.status) \(.outcome.actual // "")"' "$1/results.json"
	}

	{
		echo "== VM tier summary, kernel series $kernel ($(awk '$1 == "debian-version" {v = $2} $1 == "release" {r = $2} $1 == "profile" {p = $2}
			END {printf "Debian %s, release %s, profile %s", v, r, p}' "$results/kernel.txt" 2>/dev/null))"
		echo "qaic sources: $(head -1 "$results/qaic-source-status.txt" 2>/dev/null || echo unknown)"
		cat "$results/runner.txt" 2>/dev/null
		cat "$results/abi-check.txt" 2>/dev/null || echo "ABI check: did not run"
		echo "default run (accel0 in the VM): $(counts "$results/run")"
		echo "  baseline verdicts: $(verdicts "$results/run")"
		listed "$results/run" ExpectedFail | sed 's/^/  expected (baseline) /'
		listed "$results/run" UnexpectedFail | sed 's/^/  UNEXPECTED /'
		listed "$results/run" UnexpectedImprovement | sed 's/^/  UNEXPECTED PASS (remove from the baseline) /'
		echo "differential reference:qaic vs VM:"
		sed 's/^/  /' "$results/differential.txt" 2>/dev/null || echo "  (did not run)"
		cat "$results/repro-in-vm-summary.txt" 2>/dev/null || echo "C reproducers replayed in the VM: did not run"
		boots=$(ls "$results"/console-*.log 2>/dev/null | wc -l)
		echo "hazard tier: $(counts "$results/run-hazards"); $boots boot(s) in all"
		[ -f "$results/run-hazards/results.json" ] &&
			jq -r '.records[] | select(.tier == "hazard") | "    hazard row \(.outcome.name): \(.outcome.status) (\(.outcome.message // "" | split("; ") | map(select(startswith("kernel oops"))) | first // "no oops recorded" | .[0:80]))"' \
				"$results/run-hazards/results.json"
		grep -h 'hazard tier finished\|hazard run:\|resume: exit' "$results/tier.log" | sed 's/^\[vm [0-9:]*\] /  /'
		[ -f "$results/lockups.txt" ] && sed 's/^/  KERNEL LOCKUP: /' "$results/lockups.txt"
		[ -f "$results/unbind.txt" ] && sed 's/^/device removal mid-run: /' "$results/unbind.txt"
		# ethosu (issue 10): the second driver of the 7.3 boot, its own folder and baseline.
		if [ -f "$results/run-ethosu/results.json" ]; then
			echo "ethosu run ($(grep -m1 ' ethosu ' "$results/devices.txt" | awk '{print $1}') in the VM, sources: $(head -1 "$results/ethosu-source-status.txt" 2>/dev/null)): $(counts "$results/run-ethosu")"
			echo "  baseline verdicts: $(verdicts "$results/run-ethosu")"
			cat "$results/abi-check-ethosu.txt" 2>/dev/null | sed 's/^/  /'
			listed "$results/run-ethosu" UnexpectedFail | sed 's/^/  UNEXPECTED /'
			listed "$results/run-ethosu" UnexpectedImprovement | sed 's/^/  UNEXPECTED PASS (remove from the baseline) /'
		fi
		for r in run run-hazards run-ethosu; do
			[ $r = run-ethosu ] && [ ! -d "$results/run-ethosu" ] && continue
			if [ ! -f "$results/validate-$r.log" ]; then
				echo "results validation ($r/): not run (no results.json)"
			elif [ "$(cat "$results/validate-$r.exit")" = 0 ]; then
				echo "results validation ($r/): OK ($(tail -1 "$results/validate-$r.log" | sed 's|.*: ||'))"
			else
				echo "results validation ($r/): FAILED, see $results/validate-$r.log"
				tail -5 "$results/validate-$r.log"
			fi
		done
		echo "wall time: $(( SECONDS - start )) s; tier exit $tier_rc"
	} > "$results/summary.txt"
	cat "$results/summary.txt"

	series_rc=0
	if [ "$tier_rc" != 0 ]; then series_rc=$tier_rc
	elif [ ! -f "$results/run/results.json" ]; then series_rc=10
	elif [ "$validate_rc" != 0 ]; then series_rc=13
	fi
}

rc=0
for kernel in $kernels; do
	log "== kernel series $kernel"
	one_series "$kernel" "$results/$kernel"
	log "== kernel series $kernel: exit $series_rc"
	[ "$rc" = 0 ] && rc=$series_rc
done

# Kernel lockup scenario (issue 13): one series is enough, the watcher and
# the resume path do not depend on it; 6.12 is the cheaper one.
if [[ " $kernels " == *" 6.12 "* ]]; then
	lrc=0
	"$VM_DIR/scenarios/lockup.sh" --kernel 6.12 --runner "$runner" --results "$results/lockup-6.12" \
		> "$results/lockup-6.12.log" 2>&1 || lrc=$?
	cat "$results/lockup-6.12/summary.txt" 2>/dev/null || tail -5 "$results/lockup-6.12.log"
	[ $lrc = 0 ] || { [ "$rc" = 0 ] && rc=19; }
fi

# The drift table needs both series' default runs.
rm -f "$results/drift.txt"
if [ -f "$results/6.12/run/results.json" ] && [ -f "$results/7.3/run/results.json" ]; then
	drift_rc=0
	"$VM_DIR/drift.sh" "$results/6.12" "$results/7.3" > "$results/drift.txt" 2>&1 || drift_rc=$?
	echo "== drift 6.12 -> 7.3 (real driver; explanations: ci/vm/drift-explanations.txt)"
	cat "$results/drift.txt"
	[ "$drift_rc" = 0 ] || { [ "$rc" = 0 ] && rc=16; }
fi
# compare (issue 12) on the same folders, checked against differential.sh and drift.sh.
rm -f "$results/compare-check.txt"
if ls "$results"/*/differential.txt >/dev/null 2>&1; then
	crc=0
	"$VM_DIR/compare-check.sh" "$runner" "$results" > "$results/compare-check.txt" 2>&1 || crc=$?
	echo "== conformance-runner compare, checked against differential.sh and drift.sh"
	cat "$results/compare-check.txt"
	[ "$crc" = 0 ] || { [ "$rc" = 0 ] && rc=18; }
fi
# --- mutation testing (issue 11, ci/vm/mutants.sh): a fixed seeded sample of mutants of the
# verified upstream qaic per series, and of ethosu on 7.3 (the only series with ethosu); red if a
# sampled non-equivalent mutant survives (exit 17).
mutant_runs=
for kernel in $kernels; do
	mutant_runs+=" qaic-$kernel"
	[ "$kernel" = 7.3 ] && mutant_runs+=" ethosu-$kernel"
done
for m in $mutant_runs; do
	mrc=0
	"$VM_DIR/mutants.sh" --driver "${m%-*}" --kernel "${m##*-}" --sample 10 --seed 11 --runner "$runner" \
		--results "$results/mutants-$m" > "$results/mutants-$m.log" 2>&1 || mrc=$?
	cat "$results/mutants-$m/score.txt" 2>/dev/null || tail -5 "$results/mutants-$m.log"
	[ $mrc = 0 ] || { [ "$rc" = 0 ] && rc=17; }
done
# --- end of mutation testing
{
	for kernel in $kernels; do cat "$results/$kernel/summary.txt" 2>/dev/null; done
	grep -h '^lockup scenario: \(PASS\|FAIL\)' "$results/lockup-6.12/summary.txt" 2>/dev/null
	for m in $mutant_runs; do head -1 "$results/mutants-$m/score.txt" 2>/dev/null; done
	[ -f "$results/drift.txt" ] && { echo "== drift 6.12 -> 7.3"; cat "$results/drift.txt"; }
	[ -f "$results/compare-check.txt" ] && { echo "== compare"; cat "$results/compare-check.txt"; }
	echo "== all series: wall time $(( SECONDS - all_start )) s; exit $rc"
} > "$results/summary.txt"
echo "== all series: wall time $(( SECONDS - all_start )) s; exit $rc"
exit "$rc"
