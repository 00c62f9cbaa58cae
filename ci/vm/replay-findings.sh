#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Replays the standalone C reproducers of docs/findings/ against the real
# upstream qaic driver in the VM, so the "kernels affected" line of each
# finding is checked, not assumed.
#
#   replay-findings.sh [--kernel 6.12|7.3] [--results DIR]
#
# Each docs/findings/reproducers/NAME.c (emitted with 'conformance-runner
# repro NAME --emit-c' from a VM run; hand-completed spots are marked in the
# file) is built statically against the suite's own ABI headers
# (Sources/CAccelShim/include) and run in one boot, as root, a fresh process
# each, 'timeout 60', against /dev/accel/accel0: those expected to return in
# one boot, each one expected to oops in a fresh boot of its own.
#
# Verdict per reproducer (DIR/replay.txt: NAME EXIT VERDICT):
#   reproduces  exit 0: every syscall returned what the VM trace recorded,
#               i.e. the defect is present on this kernel
#   differs     exit 1: some syscall returned something else (e.g. a fixed kernel)
#   oops        the kernel logged an Oops/BUG while it ran
# docs/findings/reproducers/expected-<series>.txt lists the expected verdict
# of every reproducer on that series (NAME VERDICT).
#
# Exit status: 0 when every verdict is the expected one; 1 otherwise;
# 10 when a build or the boot failed; 2 on bad arguments.
set -euo pipefail
prev=
for a in "$@"; do
	[ "$prev" = --kernel ] && export ACCEL_VM_KERNEL=$a
	prev=$a
done
. "$(dirname "$0")/common.sh"

results=$KCACHE/findings-replay
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) shift 2 ;;
	--results) results=${2:?--results needs a folder}; shift 2 ;;
	*) echo "replay-findings.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
SRC=$REPO_DIR/docs/findings/reproducers
EXPECTED=$SRC/expected-$ACCEL_VM_KERNEL.txt
[ -f "$EXPECTED" ] || { echo "replay-findings.sh: $EXPECTED missing" >&2; exit 2; }

lock_series_cache
"$VM_DIR/fetch-kernel.sh" || exit 10
"$VM_DIR/build-qaic.sh" || exit 10
"$VM_DIR/build-initramfs.sh" || exit 10
kernel_env
mkdir -p "$results"
results=$(readlink -f "$results")
rm -rf "$results/bin" "$results/logs" "$results/replay.txt" "$results/guest-command.exit"
mkdir -p "$results/bin" "$results/logs"

order=()
for f in "$SRC"/*.c; do
	n=$(basename "$f" .c)
	order+=("$n")
done
for n in "${order[@]}"; do
	x86_64-linux-gnu-gcc-12 -std=c11 -static -O1 -s -Wall -Werror -I"$REPO_DIR/Sources/CAccelShim/include" \
		-o "$results/bin/$n" "$SRC/$n.c" 2> "$results/logs/$n.cc.log" ||
		{ cat "$results/logs/$n.cc.log" >&2; log "$n.c does not build"; exit 10; }
done

# One boot for the reproducers that return, then one fresh boot per
# oopsing one: an oops inside GET_MAGIC leaves dev->master_mutex held by the
# dead task, so anything after it on that device would hang.
rm -f "$results/replay.raw"
boot_group() {	# boot_group NAME REPRODUCER...
	local name=$1 n
	shift
	{
		echo 'cd /results'
		echo 'oopses() { dmesg | grep -c "Oops\|BUG:" ; }'
		for n in "$@"; do
			echo "before=\$(oopses); timeout 60 ./bin/$n /dev/accel/accel0 > logs/$n.log 2>&1; rc=\$?"
			echo "after=\$(oopses); echo \"$n \$rc \$((after - before))\" >> replay.raw"
		done
		echo "dmesg > dmesg-$name.txt"
		echo 'echo 0 > /results/guest-command.exit'
	} > "$results/guest-command.sh"
	ACCEL_VM_CONSOLE_LOG=$results/console-$name.log "$VM_DIR/boot.sh" --timeout 300 --share "$results" \
		-- accelvm.polling=0 > /dev/null || { log "boot '$name' failed (see $results/console-$name.log)"; exit 10; }
}
returning=()
oopsing=()
for n in "${order[@]}"; do
	if awk -v n="$n" '$1 == n && $2 == "oops" {found = 1} END {exit !found}' "$EXPECTED"; then
		oopsing+=("$n")
	else
		returning+=("$n")
	fi
done
[ ${#returning[@]} -eq 0 ] || boot_group returning "${returning[@]}"
for n in "${oopsing[@]}"; do
	boot_group "$n" "$n"
done
[ -f "$results/replay.raw" ] || { log "the guest wrote no replay.raw"; exit 10; }

bad=0
echo "C reproducers of docs/findings on Debian $KVER ($KREL):"
while read -r n rc oops; do
	if [ "$oops" != 0 ]; then verdict=oops
	elif [ "$rc" = 0 ]; then verdict=reproduces
	else verdict=differs
	fi
	want=$(awk -v n="$n" '$1 == n {print $2}' "$EXPECTED")
	mark=ok
	[ "$verdict" = "$want" ] || { mark="UNEXPECTED (expected ${want:-no entry})"; bad=1; }
	echo "$n $rc $verdict" >> "$results/replay.txt"
	printf '  %-45s exit %-3s %-11s %s\n' "$n" "$rc" "$verdict" "$mark"
done < "$results/replay.raw"
exit $bad
