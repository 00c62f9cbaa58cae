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
#
# A kernel that locks up never powers off: the console is watched for the
# kernel's own lockup reports (soft lockup, hard lockup, hung task, RCU
# stall; see lockup_pattern). Once a report is confirmed (see lockup_quiet)
# QEMU is stopped, the report is kept in $LOG.lockup (first line: the
# kernel's message) and the exit status is 3.
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

INITRD=$INITRAMFS
[ -f "$INITRD" ] || die "$INITRD missing: run ci/vm/build-initramfs.sh first"
LOG=${ACCEL_VM_CONSOLE_LOG:-$KCACHE/console.log}

# The simulated AIC100 BARs live in RAM taken out of the kernel hands; the
# reservation is larger than the 1 MiB window so the window nests inside it.
# no_timer_check: on a loaded host, TCG can be too slow for the kernel's
# IO-APIC timer check ("MP-BIOS bug: 8254 timer not connected to IO-APIC");
# the fallback it then takes left the serial console without interrupts in
# our boots, so /init's output was lost or its first write blocked forever.
# The lockup detectors are Debian's defaults (soft lockup after 2 x
# watchdog_thresh = 20 s, RCU stall after 21 s) except the hung-task one,
# 120 s by default and brought to 30 s so every kind is seen within a minute.
append="console=ttyS0 panic=-1 quiet loglevel=4 no_timer_check memmap=2M\$0x30000000"
append+=" sysctl.kernel.hung_task_timeout_secs=30 $*"
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
# The kernel's reports of a CPU or task that stopped making progress
# (kernel/watchdog.c, kernel/hung_task.c, kernel/rcu/tree_stall.h).
lockup_pattern='watchdog: BUG: soft lockup|watchdog: Watchdog detected hard LOCKUP|INFO: task .* blocked for more than [0-9]+ seconds|rcu: INFO: .*detected stalls? on CPU'
# A report is taken as a lockup once it is confirmed: a second report (a
# stuck CPU is reported again, an RCU stall follows a soft lockup) or no
# console output for lockup_quiet seconds after it. A guest that carries on
# printing (the runner's progress lines) after a report is left alone: under
# TCG on a loaded host a slow stretch of kernel code can draw a report that
# nothing follows. QEMU is stopped lockup_grace seconds after confirmation,
# for the lines that follow at console loglevel 4 (backtraces are below it
# and stay in the guest's log).
lockup_quiet=${ACCEL_VM_LOCKUP_QUIET:-20}
lockup_grace=${ACCEL_VM_LOCKUP_GRACE:-2}
lockup=0
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
boot_once() {
	local qpid tpid waited=0 seen_at= confirmed_at= size grew_at=0 last_size=0
	: > "$LOG"
	rm -f "$LOG.lockup"
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
		size=$(stat -c %s "$LOG")
		[ "$size" != "$last_size" ] && { last_size=$size; grew_at=$waited; }
		if [ -z "$seen_at" ] && grep -qaE "$lockup_pattern" "$LOG"; then
			seen_at=$(now)
			log "kernel lockup report on the console: $(grep -aE -m1 "$lockup_pattern" "$LOG" | tr -d '\r')"
		fi
		if [ -n "$seen_at" ] && [ -z "$confirmed_at" ] &&
		   { [ "$(grep -caE "$lockup_pattern" "$LOG")" -ge 2 ] || [ $((waited - grew_at)) -ge "$lockup_quiet" ]; }; then
			confirmed_at=$(now)
			log "lockup confirmed $(since "$seen_at" | cut -c1-4) s after the first report; stopping QEMU"
		fi
		if [ -n "$confirmed_at" ] && [ "$(echo "$(since "$confirmed_at") >= $lockup_grace" | bc)" = 1 ]; then
			kill $qpid 2>/dev/null
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $qpid
	rc=$?
	wait $tpid 2>/dev/null || true
	if [ -n "$confirmed_at" ]; then
		lockup=1
		# The first report and what follows it, console noise removed.
		grep -aE -A40 -m1 "$lockup_pattern" "$LOG" | tr -d '\r' > "$LOG.lockup"
		log "QEMU stopped $(since "$seen_at" | cut -c1-4) s after the first lockup report was seen"
		return
	fi
	[ -n "$seen_at" ] && log "a lockup report was not confirmed: the guest carried on (see $LOG)"
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
if [ $lockup = 1 ]; then
	log "boot stopped on a kernel lockup (report kept in $LOG.lockup)"
	exit 3
fi
[ "$rc" = 124 ] && die "VM did not power off within $timeout_s s"
grep -q '^ACCEL-VM: PASS' "$LOG" || die "VM tier failed (see $LOG)"
