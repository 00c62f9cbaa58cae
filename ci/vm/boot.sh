#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the Debian kernel of the series in ACCEL_VM_KERNEL with the VM tier's initramfs under QEMU/TCG
# (KVM does not work on these CI machines). The serial console goes to
# stdout and to $ACCEL_VM_CACHE/<series>/console.log; the exit status is 0 only if
# /init printed "ACCEL-VM: PASS". A boot that fails before /init prints
# anything is retried once (see boot_once).
#
#   boot.sh [--timeout SECONDS] [--share HOST_DIR] [-- extra kernel args]
#
# --share exports HOST_DIR to the guest over 9p (mount tag "host").
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

timeout_s=300
share=
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout_s=$2; shift 2 ;;
	--share) share=$2; shift 2 ;;
	--) shift; break ;;
	*) die "boot.sh: unknown argument '$1' (expected --timeout N, --share DIR or -- ARGS)" ;;
	esac
done

INITRD=$KCACHE/initramfs-$KREL.cpio.gz
[ -f "$INITRD" ] || die "$INITRD missing: run ci/vm/build-initramfs.sh first"
LOG=${ACCEL_VM_CONSOLE_LOG:-$KCACHE/console.log}

# The simulated AIC100 BARs live in RAM taken out of the kernel hands; the
# reservation is larger than the 1 MiB window so the window nests inside it.
# no_timer_check: on a loaded host, TCG can be too slow for the kernel's
# IO-APIC timer check ("MP-BIOS bug: 8254 timer not connected to IO-APIC");
# the fallback it then takes left the serial console without interrupts in
# our boots, so /init's output was lost or its first write blocked forever.
append="console=ttyS0 panic=-1 quiet loglevel=4 no_timer_check memmap=2M\$0x30000000 $*"
qemu=(qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -nographic -no-reboot
	-kernel "$KIMAGE" -initrd "$INITRD" -append "$append")
if [ -n "$share" ]; then
	qemu+=(-virtfs "local,path=$share,mount_tag=host,security_model=none,id=host")
fi

# One boot. A boot whose /init never speaks (no "ACCEL-VM:" line within
# ACCEL_VM_INIT_TIMEOUT seconds, or QEMU gone before it) failed in the
# kernel's own start-up under TCG, e.g. an int3 oops while live-patching
# kernel text on a loaded host; it is tried once more, and logged as such.
# Once /init has spoken, nothing is retried.
init_timeout=${ACCEL_VM_INIT_TIMEOUT:-240}
boot_once() {
	local qpid tpid waited=0
	: > "$LOG"
	timeout "$timeout_s" "${qemu[@]}" < /dev/null > "$LOG" 2>&1 &
	qpid=$!
	tail -n +1 -f --pid=$qpid "$LOG" &
	tpid=$!
	early_failure=0
	while kill -0 $qpid 2>/dev/null; do
		if [ $waited -ge "$init_timeout" ] && ! grep -q 'ACCEL-VM:' "$LOG"; then
			kill $qpid 2>/dev/null
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $qpid
	rc=$?
	wait $tpid 2>/dev/null || true
	grep -q 'ACCEL-VM:' "$LOG" || early_failure=1
}

start=$(date +%s.%N)
set +e
boot_once
if [ $early_failure = 1 ]; then
	cp "$LOG" "$LOG.failed-start"
	log "boot flake: /init never reported (QEMU exit $rc; kernel log kept in $LOG.failed-start); booting once more"
	boot_once
fi
set -e
log "QEMU exited with $rc after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
[ "$rc" = 124 ] && die "VM did not power off within $timeout_s s"
grep -q '^ACCEL-VM: PASS' "$LOG" || die "VM tier failed (see $LOG)"
