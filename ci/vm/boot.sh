#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the Debian kernel of the series in ACCEL_VM_KERNEL with the VM tier's initramfs under QEMU/TCG
# (KVM does not work on these CI machines). The serial console goes to
# stdout and to $ACCEL_VM_CACHE/<series>/console.log; the exit status is 0 only if
# /init printed "ACCEL-VM: PASS".
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

start=$(date +%s.%N)
set +e
timeout "$timeout_s" "${qemu[@]}" < /dev/null 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
log "QEMU exited with $rc after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
[ "$rc" = 124 ] && die "VM did not power off within $timeout_s s"
grep -q '^ACCEL-VM: PASS' "$LOG" || die "VM tier failed (see $LOG)"
