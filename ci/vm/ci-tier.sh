#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM tier as a CI step (called by ci/test.sh after the unit tests).
#
#   ci/vm/ci-tier.sh RUNNER RESULTS_DIR
#
# RUNNER is an already built conformance-runner (this script builds no
# Swift). On a fresh Debian 12 machine it installs what it needs (the VM
# tools through fetch-kernel.sh; jq for the differential; python3-venv for
# the result validators), then runs the whole tier: kernel + checksum-verified
# upstream qaic + simulated AIC100, the ABI check against the kernel's
# <drm/qaic_accel.h>, the default run with the drm-ci baseline
# ci/vm/baselines/qaic-vm-6.12-fails.txt, the differential against
# reference:qaic, the C reproducers of the reference run's passing cases
# replayed in the default boot against the real driver, the hazard tier
# (oops, abort, resume in fresh boots), and validates the VM run's results folder with ci/validate-results.sh.
# Everything lands in RESULTS_DIR (tier.log, summary.txt, run/, ...).
# Downloads are cached in ACCEL_VM_CACHE (default /var/cache/accel-conformance).
#
# Exit status: 0 when everything behaved; otherwise non-zero:
#   1  an unexpected result in the default run (not matching the baseline)
#   10 fetching, building, a qaic checksum or a boot failed
#   11 the hazard tier did not behave (no abort on the oops, resume unfinished)
#   12 our qaic ABI differs from the kernel's header
#   13 the results folder failed validation
#   14 a C reproducer differed in the VM (or was not built) and the
#      baseline does not list its case
#   2  bad arguments
set -uo pipefail
. "$(dirname "$0")/common.sh"

[ $# = 2 ] || { echo "usage: ci/vm/ci-tier.sh RUNNER RESULTS_DIR" >&2; exit 2; }
runner=$1
results=$2
[ -x "$runner" ] || { echo "ci-tier.sh: runner '$runner' not found or not executable" >&2; exit 2; }
mkdir -p "$results" || exit 2
results=$(readlink -f "$results")
start=$SECONDS
rm -f "$results"/validate-*.log "$results"/validate-*.exit

missing=()
for p in jq python3 python3-venv; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	{ apt-get update -qq &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
		{ log "could not install ${missing[*]}"; exit 10; }
fi

"$VM_DIR/run-vm-tier.sh" --runner "$runner" --results "$results" --hazards --differential --repro-in-vm 2>&1 |
	tee "$results/tier.log" |
	grep --line-buffered -E '^\[vm|^ABI check|^case |^    why:|row\(s\) differ|^C reproducers|^  (differs|DID NOT RUN|NOT BUILT) |^  [0-9]+ (built|reproducer)|^      (expected|UNEXPLAINED)|^[a-z0-9_.-]+ +(pass|fail|skip|crash|timeout|abort|incomplete|notrun|dmesg)'
tier_rc=${PIPESTATUS[0]}
if [ "$tier_rc" != 0 ]; then
	echo "== last lines of $results/tier.log (exit $tier_rc)"
	tail -n 25 "$results/tier.log"
fi

# Both runner folders from the VM, through the validators that are not ours.
validate_rc=0
for r in run run-hazards; do
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
	echo "== VM tier summary ($(cat "$ACCEL_VM_CACHE/kernel.env" 2>/dev/null | sed -n "s/^KVER='\(.*\)'/Debian kernel \1/p"))"
	echo "qaic sources: $(head -1 "$results/qaic-source-status.txt" 2>/dev/null || echo unknown)"
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
	for r in run run-hazards; do
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

[ "$tier_rc" = 0 ] || exit "$tier_rc"
[ -f "$results/run/results.json" ] || exit 10
[ $validate_rc = 0 ] || exit 13
exit 0
