#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of ci/vm/mutants.sh (busybox sh, run by /init over the 9p share).
#
#   guest.sh SHARE [qaic|ethosu]
#
# SHARE/queue.txt: one mutant a line, "DIR ROW-GLOB..." (DIR "base" and
# "base2" are the unmutated driver). For each mutant not yet done
# (SHARE/m/DIR/done missing): unload the driver, load SHARE/ko/DIR.ko in its
# place, wait for the device, run the runner on the rows of the mutated
# ioctl (stage 1) and, if every row came out as the table expects, on the
# DRM-core rows too (stage 2). Writes SHARE/m/DIR/{start,stage1.rc,stage2.rc,
# note,done}. A mutant that leaves the kernel tainted anew, or whose driver
# will not unload, ends the boot (the host boots again and goes on); so
# does a kernel hang, which the host notices by 'start' without 'done'.
#
# A fresh simulated device for every mutant: its state must not carry over.
# qaic: sim_aic100 (DBCs, a half-answered message); the device is accel0.
# ethosu (7.3): sim_ethosu, whose registers are plain memory: the driver's
# PMCR writes (a perfmon on a job) clear the read-only counter-count field a
# real NPU keeps, so the next probe would read pmu_counters 0. gpu-sched and
# drm_gem_dma_helper stay loaded; the mutant binds the platform device a new
# sim_ethosu registers (guest/ethosu-load.sh), the runner picks it by driver.
S=$1
DRIVER=${2:-qaic}
R=/opt/accel/conformance-runner
case $DRIVER in
qaic) DEV="--device accel0" WL="--workload /opt/accel/workload.json" ;;
ethosu) DEV="--device driver=ethosu" WL= ;;
*) echo "guest.sh: unknown driver '$DRIVER'" >&2; exit 2 ;;
esac
BL=
[ -f "$S/baseline-fails.txt" ] && BL="--baseline-fails $S/baseline-fails.txt"
cd /tmp || exit 1

# wait_device: 0 the node is there and the firmware answered the control
# handshake; 2 the node is there but the handshake never completed (a
# mutant can break the version query: the rows then run against it and
# see); 1 no node.
wait_device() {
	for i in $(seq 100); do
		[ -c /dev/accel/accel0 ] && break
		sleep 0.1
	done
	[ -c /dev/accel/accel0 ] || return 1
	chgrp render /dev/accel/accel0 && chmod 0660 /dev/accel/accel0 || return 1
	for i in $(seq 100); do
		ls /sys/bus/mhi/drivers/qaic_mhi/ 2>/dev/null | grep -q QAIC_CONTROL && return 0
		sleep 0.1
	done
	return 2
}

# unload_driver: 0 the driver under test and its simulator are gone.
unload_driver() {
	case $DRIVER in
	qaic) timeout 60 rmmod qaic && timeout 60 rmmod sim_aic100 ;;
	ethosu) timeout 60 rmmod ethosu && timeout 60 rmmod sim_ethosu ;;
	esac
}

# load_driver KO: wait_device's codes (ethosu: 0 or 1).
load_driver() {
	case $DRIVER in
	qaic)
		insmod /lib/modules/extra/sim_aic100.ko &&
			echo 200000 > /sys/module/sim_aic100/parameters/latency_us &&
			insmod "$1" datapath_polling=0 || return 1
		wait_device ;;
	ethosu) ethosu-load "$1" > /dev/null || return 1 ;;
	esac
}

# After an oops (a lock may be held for ever) or a driver that will not
# unload, poweroff's device shutdown can hang: reboot at once instead (QEMU
# runs with -no-reboot, so it exits). Everything written to the share is
# already on the host (9p without a cache).
reboot_now() {
	sync
	echo b > /proc/sysrq-trigger
	sleep 60
}

# run_rows OUT GLOB...: the runner on the matching rows, exit status returned.
# The results folder is written in the guest's tmpfs (per-case files over
# 9p cost more than the cases); only results.json and the log go back.
run_rows() {
	out=$1
	shift
	inc=
	for g in "$@"; do inc="$inc --include $g"; done
	if [ -f "$S/exclude.txt" ]; then
		while read -r g; do inc="$inc --exclude $g"; done < "$S/exclude.txt"
	fi
	rm -rf /tmp/run
	# host-timing lines of TCG under load are not the mutant's (score.py's HOST_NOISE)
	# shellcheck disable=SC2086
	$R run $WL $BL $DEV --flake-retries 0 --seed 11 $inc --results /tmp/run \
		--dmesg-ignore 'clocksource: Long readout interval' --dmesg-ignore 'hrtimer: interrupt took' \
		> "$out.log" 2>&1
	rrc=$?
	mkdir -p "$out"
	cp /tmp/run/results.json "$out/" 2>/dev/null
	return $rrc
}

# As in the tier: each request completes 200 ms late, so the rows that need
# a BO in flight (EBUSY, WAIT timeouts) see one.
[ "$DRIVER" = qaic ] && echo 200000 > /sys/module/sim_aic100/parameters/latency_us
taint0=$(cat /proc/sys/kernel/tainted)
echo "ACCEL-MUTANTS: boot, taint $taint0"
while read -r dir rows; do
	[ -n "$dir" ] || continue
	d=$S/m/$dir
	[ -f "$d/done" ] && continue
	mkdir -p "$d"
	date +%s > "$d/start"
	sync
	echo "ACCEL-MUTANTS: $dir start"
	if ! unload_driver; then
		echo "ACCEL-MUTANTS: rmmod failed before $dir, rebooting"
		rm -f "$d/start"
		reboot_now
	fi
	load_driver "$S/ko/$dir.ko" 2> "$d/insmod.err"
	wd=$?
	if [ $wd = 2 ]; then
		{ echo "no firmware handshake with this mutant; rows ran anyway"; dmesg | grep qaic | tail -5; } > "$d/note"
	fi
	if [ $wd = 1 ]; then
		# the device may be half up: a fresh boot, and one more try there
		if [ -f "$d/retry" ]; then
			{ echo "insmod or device bring-up failed twice"; dmesg | tail -20; } > "$d/note"
			touch "$d/done"
		else
			touch "$d/retry"
			rm -f "$d/start"
		fi
		echo "ACCEL-MUTANTS: bring-up failed for $dir, rebooting"
		break
	fi
	case $dir in
	base*)
		run_rows "$d/stage1" $rows
		echo $? > "$d/stage1.rc"
		base_rc=$(cat "$d/stage1.rc") ;;
	*)
		# shellcheck disable=SC2086
		set -- $rows
		mut=
		core=
		for g in "$@"; do
			case $g in core.*) core="$core $g" ;; *) mut="$mut $g" ;; esac
		done
		# shellcheck disable=SC2086
		run_rows "$d/stage1" $mut
		rc=$?
		echo $rc > "$d/stage1.rc"
		# stage 2 unless stage 1 already differs from the unmutated driver,
		# judged by the exit status (0 = as the tables and baseline expect)
		[ -f "$S/m/base/stage1.rc" ] && base_rc=$(cat "$S/m/base/stage1.rc")
		if { [ $rc = 0 ] || [ "${base_rc:-1}" != 0 ]; } && [ -n "$core" ]; then
			# shellcheck disable=SC2086
			run_rows "$d/stage2" $core
			echo $? > "$d/stage2.rc"
		fi ;;
	esac
	taint=$(cat /proc/sys/kernel/tainted)
	echo "$taint" > "$d/taint"
	touch "$d/done"
	sync
	echo "ACCEL-MUTANTS: $dir done (stage1 $(cat "$d/stage1.rc"), taint $taint)"
	if [ "$taint" != "$taint0" ]; then
		dmesg > "$d/dmesg.txt"
		echo "ACCEL-MUTANTS: taint changed ($taint0 -> $taint), rebooting"
		reboot_now
	fi
done < "$S/queue.txt"
sync
