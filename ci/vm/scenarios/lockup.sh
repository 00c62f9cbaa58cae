#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scenario: a driver patch that locks the kernel up (issue 13). The VM tier
# runs a scratch copy of the verified upstream qaic in which DETACH_SLICE_BO
# no longer refuses a queued BO (deadlock-qaic.sh); the guest kernel then
# reports a soft lockup. The tier must notice it on the console (boot.sh),
# stop that boot, record what was in flight and go on in a fresh boot with
# 'resume' (run-vm-tier.sh: lockup_seen, resume_after_lockup). Two runs:
#
#   pre-check  the default boot: /init's qaic-smoke detaches an in-flight BO
#              and hangs; the tier must stop with 10 and name the pre-check.
#   case       with accelvm.smoke=0, the suite is the first to detach a queued
#              BO (qaic.detach_slice_bo.workload_queued); the tier must name
#              that case and the lockup, record it 'crash' with the kernel's
#              message, and finish every other planned case in a resume boot
#              (tier exit 1: the crash is an unexpected result).
#
#   lockup.sh [--kernel 6.12|7.3] [--runner PATH] [--results DIR]
#
# Each boot may take ACCEL_VM_BOOT_TIMEOUT seconds (default here 420, not
# the tier's 1500), so a watcher that stopped working fails in minutes.
# Results: DIR (default $ACCEL_VM_CACHE/<series>/lockup), DIR/summary.txt.
# The broken driver is built and packed apart from the verified one
# (run-vm-tier.sh --qaic-src sets ACCEL_VM_QAIC_BUILD_TAG; common.sh).
#
# Exit status: 0 when both runs behaved as above; 1 when one did not (the
# summary says what); 10 when the scratch copy could not be made; 2 on bad
# arguments.
set -uo pipefail
prev=
for a in "$@"; do
	[ "$prev" = --kernel ] && export ACCEL_VM_KERNEL=$a
	prev=$a
done
. "$(dirname "$0")/../common.sh"

runner=$REPO_DIR/.build/debug/conformance-runner
results=$KCACHE/lockup
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) shift 2 ;;
	--runner) runner=${2:?--runner needs a path}; shift 2 ;;
	--results) results=${2:?--results needs a folder}; shift 2 ;;
	*) echo "lockup.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
export ACCEL_VM_BOOT_TIMEOUT=${ACCEL_VM_BOOT_TIMEOUT:-420}
start=$SECONDS
mkdir -p "$results" && results=$(readlink -f "$results")
lock_series_cache
"$VM_DIR/fetch-kernel.sh" >/dev/null && "$VM_DIR/build-qaic.sh" || exit 10
kernel_env
"$VM_DIR/scenarios/deadlock-qaic.sh" "$KCACHE/qaic-upstream-$KVER/drivers/accel/qaic" "$results/src/qaic" || exit 10

CASE=qaic.detach_slice_bo.workload_queued
LOCKUP='soft lockup|hard LOCKUP|blocked for more than|detected stall'
verdict=0
bad() { echo "lockup scenario: FAIL: $*"; verdict=1; }

tier() {	# tier NAME EXTRA_ARGS...: one tier run on the patched copy; sets tier_rc
	local name=$1
	shift
	rm -rf "${results:?}/$name"
	tier_rc=0
	"$VM_DIR/run-vm-tier.sh" --kernel "$ACCEL_VM_KERNEL" --runner "$runner" --results "$results/$name" \
		--qaic-src "$results/src/qaic" "$@" -- --include 'qaic.detach_slice_bo.*' > "$results/$name.log" 2>&1 ||
		tier_rc=$?
	grep -E 'kernel lockup|QEMU stopped|VERDICT|boot .*runner exit' "$results/$name.log" | sed "s/^/  [$name] /"
}

{
	echo "== lockup scenario on $KREL: qaic with DETACH_SLICE_BO of a queued BO allowed"
	tier pre-check
	l=$results/pre-check/lockups.txt
	[ "$tier_rc" = 10 ] || bad "pre-check: tier exit $tier_rc, expected 10 (the pre-check hung)"
	grep -qE "pre-check.*($LOCKUP)" "$l" 2>/dev/null || bad "pre-check: no lockup in the pre-check recorded in $l"
	grep -q 'qaic-smoke' "$l" 2>/dev/null || bad "pre-check: $l does not name qaic-smoke"
	echo "pre-check: tier exit $tier_rc; $(cat "$l" 2>/dev/null || echo 'no lockups.txt')"

	tier case --kernel-args accelvm.smoke=0
	l=$results/case/lockups.txt
	r=$results/case/run/results.json
	[ "$tier_rc" = 1 ] || bad "case: tier exit $tier_rc, expected 1 (the locked-up case is an unexpected crash)"
	grep -qE "during $CASE: .*($LOCKUP)" "$l" 2>/dev/null || bad "case: $l does not name $CASE and the lockup"
	if [ -f "$r" ]; then
		jq -e --arg c "$CASE" --arg p "$LOCKUP" '.records[] | select(.outcome.name == $c) |
			.outcome.status == "crash" and (.outcome.message | test($p))' "$r" >/dev/null ||
			bad "case: $CASE is not recorded crash with the kernel's lockup message"
		left=$(jq -r '[.records[] | select(.outcome.status == "notrun")] | length' "$r")
		[ "$left" = 0 ] || bad "case: $left case(s) never ran: resume did not finish the run"
		echo "case: tier exit $tier_rc; $(jq -r '[.records[].outcome.status] | group_by(.) |
			map("\(.[0]) \(length)") | join(", ")' "$r")"
	else
		bad "case: no $r"
	fi
	cat "$l" 2>/dev/null
	echo "boots: $(ls "$results"/pre-check/console-*.log "$results"/case/console-*.log 2>/dev/null | grep -c 'log$')"
	echo "lockup scenario: $([ $verdict = 0 ] && echo PASS || echo FAIL) in $(( SECONDS - start )) s"
} 2>&1 | tee "$results/summary.txt"
grep -q '^lockup scenario: PASS' "$results/summary.txt"
