#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the runner binary costs a VM boot, side by side in one run: two
# runners (e.g. a debug build, whose Swift runtime comes as .so files, and
# the release package's static binary) each staged into its own initramfs,
# then booted alternately ROUNDS times with the same guest command (the
# qaic create_bo rows against accel0). Prints per runner the staged size,
# the initramfs size and the median boot wall time (QEMU start to power-off:
# initramfs unpack, runner start-up, the rows), and the ratios B/A.
#
#   bench-runner-boot.sh [--kernel 6.12|7.3] [--rounds N] RUNNER_A RUNNER_B
#
# Takes the series lock; leaves the cache's initramfs staged with RUNNER_B.
set -euo pipefail
series=6.12 rounds=2
while [ $# -gt 2 ]; do
	case $1 in
	--kernel) series=${2:-}; shift 2 ;;
	--rounds) rounds=${2:-}; shift 2 ;;
	*) echo "usage: bench-runner-boot.sh [--kernel 6.12|7.3] [--rounds N] RUNNER_A RUNNER_B" >&2; exit 2 ;;
	esac
done
[ $# = 2 ] || { echo "usage: bench-runner-boot.sh [--kernel 6.12|7.3] [--rounds N] RUNNER_A RUNNER_B" >&2; exit 2; }
export ACCEL_VM_KERNEL=$series
. "$(dirname "$0")/common.sh"
lock_series_cache
"$VM_DIR/fetch-kernel.sh" >/dev/null
"$VM_DIR/build-qaic.sh" >/dev/null
"$VM_DIR/build-ethosu.sh" >/dev/null
kernel_env
work=$(mktemp -d)
share=$work/share
mkdir -p "$share"
declare -A staged size
for r in A B; do
	[ $r = A ] && bin=$1 || bin=$2
	"$VM_DIR/stage-runner.sh" "$bin" "$KCACHE/runner-stage" > "$work/stage-$r.txt"
	"$VM_DIR/build-initramfs.sh" "$KCACHE/runner-stage" 2>/dev/null
	cp "$INITRAMFS" "$work/initramfs-$r.cpio.gz"
	staged[$r]=$(sed -n 's/^runner staged: \([0-9]*\) MB.*/\1/p' "$work/stage-$r.txt")
	size[$r]=$(( $(stat -c %s "$work/initramfs-$r.cpio.gz") / 1048576 ))
done
printf '#!/bin/sh\n%s\necho $? > /results/guest-command.exit\n' \
	"/opt/accel/conformance-runner run --device accel0 --include 'qaic.create_bo.*' --results /tmp/r > /dev/null" \
	> "$share/guest-command.sh"
declare -A times
for n in $(seq "$rounds"); do
	for r in A B; do
		cp "$work/initramfs-$r.cpio.gz" "$INITRAMFS"
		rm -f "$share/guest-command.exit"
		t0=$(date +%s.%N)
		ACCEL_VM_CONSOLE_LOG=$work/console-$r-$n.log "$VM_DIR/boot.sh" --timeout 900 --share "$share" >/dev/null 2>&1 ||
			die "boot $r/$n failed (console: $work/console-$r-$n.log)"
		[ "$(cat "$share/guest-command.exit" 2>/dev/null)" = 0 ] || die "runner $r failed in boot $n ($work/console-$r-$n.log)"
		times[$r]+="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') "
		log "round $n runner $r: $(echo "${times[$r]}" | awk '{print $NF}') s"
	done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ma=$(echo "${times[A]}" | median) mb=$(echo "${times[B]}" | median)
echo "kernel $KREL, $rounds round(s), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "A $(head -1 "$work/stage-A.txt" | sed 's/^runner: //')"
echo "B $(head -1 "$work/stage-B.txt" | sed 's/^runner: //')"
printf '%-26s %10s %10s %8s\n' "" A B "B/A"
row() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {printf "%-26s %10.1f %10.1f %8.2f\n", n, a, b, b / a}'; }
row "staged (MB)" "${staged[A]}" "${staged[B]}"
row "initramfs.cpio.gz (MB)" "${size[A]}" "${size[B]}"
row "boot, median (s)" "$ma" "$mb"
echo "boots (s): A ${times[A]}; B ${times[B]}"
rm -rf "$work"
