#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pre-patch workflow for the qaic findings, end to end: apply our
# proposed qaic fixes (the docs/findings/patches/<series>/*.patch that touch
# drivers/accel/qaic; the DRM-core ones need a rebuilt drm.ko and are not
# checked here) to a scratch copy
# of that kernel's unmodified drivers/accel/qaic, run the VM tier on it with
# --qaic-src, and check that exactly the rows the patches fix turn into
# UnexpectedImprovement (they pass, the baseline still lists them) while
# every other row keeps its verdict.
#
#   check-finding-fix.sh [--kernel 6.12|7.3] [--runner PATH] [--results DIR]
#
# The rows each patch fixes are named in the patch's 'Fixes-row:' lines.
# Results land in DIR (default $ACCEL_VM_CACHE/<series>/finding-fix); the
# scratch tree in DIR/src. The next normal run-vm-tier.sh rebuilds the
# verified upstream qaic (the build stamp covers the sources).
#
# Exit status: 0 when every fixed row is UnexpectedImprovement (status
# pass) and no other row is unexpected; 1 otherwise; 10 when a patch does
# not apply or the tier could not run; 2 on bad arguments.
set -euo pipefail
prev=
for a in "$@"; do
	[ "$prev" = --kernel ] && export ACCEL_VM_KERNEL=$a
	prev=$a
done
. "$(dirname "$0")/common.sh"

runner=$REPO_DIR/.build/debug/conformance-runner
results=$KCACHE/finding-fix
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) shift 2 ;;
	--runner) runner=${2:?--runner needs a path}; shift 2 ;;
	--results) results=${2:?--results needs a folder}; shift 2 ;;
	*) echo "check-finding-fix.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
PATCHES=$REPO_DIR/docs/findings/patches/$ACCEL_VM_KERNEL
qaic_patches=()
for p in "$PATCHES"/*.patch; do
	if [ -f "$p" ] && grep -q '^+++ b/drivers/accel/qaic/' "$p"; then
		qaic_patches+=("$p")
	fi
done
[ ${#qaic_patches[@]} -gt 0 ] || { echo "check-finding-fix.sh: no qaic patches in $PATCHES" >&2; exit 2; }

lock_series_cache
# The unmodified upstream tree (fetched and checksum-verified as usual).
"$VM_DIR/fetch-kernel.sh" || exit 10
"$VM_DIR/build-qaic.sh" || exit 10
kernel_env
mkdir -p "$results"
results=$(readlink -f "$results")
rm -rf "$results/src"
mkdir -p "$results/src"
cp -r "$KCACHE/qaic-upstream-$KVER/drivers" "$results/src/"

fixed=()
for p in "${qaic_patches[@]}"; do
	log "applying $(basename "$p")"
	patch -p1 -d "$results/src" --no-backup-if-mismatch < "$p" > "$results/patch.log" 2>&1 ||
		{ cat "$results/patch.log" >&2; log "$(basename "$p") does not apply to qaic $KVER"; exit 10; }
	while read -r row; do fixed+=("$row"); done < <(sed -n 's/^Fixes-row: *//p' "$p")
done
[ ${#fixed[@]} -gt 0 ] || { echo "check-finding-fix.sh: no 'Fixes-row:' line in the qaic patches of $PATCHES" >&2; exit 2; }

tier_rc=0
"$VM_DIR/run-vm-tier.sh" --kernel "$ACCEL_VM_KERNEL" --runner "$runner" --results "$results/tier" \
	--qaic-src "$results/src/drivers/accel/qaic" > "$results/tier.log" 2>&1 || tier_rc=$?
J=$results/tier/run/results.json
[ -f "$J" ] || { tail -20 "$results/tier.log"; log "the tier did not produce $J (exit $tier_rc)"; exit 10; }

echo "qaic $KVER with $(printf '%s\n' "${qaic_patches[@]}" | xargs -n1 basename | tr '\n' ' ')"
echo "source status: $(tr '\n' ' ' < "$results/tier/qaic-source-status.txt")"
echo "run-vm-tier.sh exit $tier_rc (1 expected: an UnexpectedImprovement is unexpected until the baseline drops the row)"
ok=1
for row in "${fixed[@]}"; do
	got=$(jq -r --arg n "$row" '.records[] | select(.outcome.name == $n) |
		"\(.outcome.status) \(.outcome.actual // "-") \(.classification // "-")"' "$J")
	echo "  fixed row $row: ${got:-not run}"
	[ "$got" = "pass 0 UnexpectedImprovement" ] || ok=0
done
others=$(jq -r --argjson fixed "$(printf '%s\n' "${fixed[@]}" | jq -R . | jq -s .)" '.records[] |
	select((.outcome.name | IN($fixed[])) | not) |
	select(.classification // "" | IN("UnexpectedFail", "UnexpectedImprovement")) |
	"\(.outcome.name) \(.outcome.status) \(.outcome.actual // "-") \(.classification)"' "$J")
if [ -n "$others" ]; then
	echo "  other rows changed:"
	echo "$others" | sed 's/^/    /'
	ok=0
else
	echo "  no other row unexpected ($(jq -r '[.records[].outcome.status] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$J"))"
fi
if [ $ok = 1 ]; then
	echo "finding fix check: OK"
	exit 0
fi
echo "finding fix check: FAILED"
exit 1
