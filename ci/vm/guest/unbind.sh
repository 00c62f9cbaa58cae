#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Device removal mid-run (issue 13), run in the guest after the default
# runs: unbind DRIVER from its device through sysfs while a run is in
# flight on it, wait for the runner (a runner still alive 90 s after the
# unbind is a hang: killed, recorded), bind the driver again and 'resume'.
#
#   unbind.sh DRIVER [run arguments]
#
# Everything lands in /results/unbind-DRIVER/: run/ (the runner's folder),
# steps.txt (what happened, with times), run.exit and resume.exit, the
# first run's results.json and journal as first-results.json and
# first-journal.jsonl. ci/vm/scenarios/unbind-check.sh judges them.
R=/opt/accel/conformance-runner
drv=$1
shift
out=/results/unbind-$drv
rm -rf "$out"
mkdir -p "$out"
step() {
	echo "$(cut -d' ' -f1 /proc/uptime) $*" >> "$out/steps.txt"
	echo "ACCEL-VM: unbind-$drv: $*"
}
node_of() {	# the accel node DRIVER serves, if any
	for a in /sys/class/accel/accel*; do
		[ "$(basename "$(readlink "$a/device/driver")")" = "$drv" ] && echo "/dev/accel/${a##*/}" && return
	done
}
finished() { cat "$out/run/journal.jsonl" 2>/dev/null | grep -c '"event":"finished"'; }
node=$(node_of)
[ -n "$node" ] || { step "FAIL no accel node served by $drv"; exit 1; }
dev=$(readlink -f "/sys/class/accel/${node##*/}/device")
id=${dev##*/}
bus=$(readlink -f "$dev/driver")
step "device $id on $bus serves $node"

$R run --device "driver=$drv" --results "$out/run" "$@" > "$out/run.log" 2>&1 &
pid=$!
# Unbind once a few cases finished, so cases are in flight and left.
t=0
while [ "$(finished)" -lt 3 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.2
	t=$((t + 1))
	[ $t -ge 900 ] && break
done
# Then the simulated device answers after 3 s instead, and the unbind waits
# (up to 60 s) for a case that stays in flight for 0.5 s: a case waiting on
# the device when its driver goes away, not one between two ioctls.
latency=/sys/module/sim_$drv/parameters/latency_us
[ "$drv" = qaic ] && latency=/sys/module/sim_aic100/parameters/latency_us
was=$(cat "$latency")
echo 3000000 > "$latency"
last() { tail -n 1 "$out/run/journal.jsonl" 2>/dev/null; }
t=0
inflight="none (between cases)"
while kill -0 $pid 2>/dev/null && [ $t -lt 600 ]; do
	l=$(last)
	case $l in
	*'"event":"started"'*)
		sleep 0.5
		if [ "$(last)" = "$l" ]; then
			inflight=$(echo "$l" | sed 's/.*"name":"\([^"]*\)".*/\1/')
			break
		fi ;;
	*) sleep 0.1 ;;
	esac
	t=$((t + 1))
done
step "unbinding after $(finished) finished case(s), in flight: $inflight"
echo "$id" > "$bus/unbind" || step "unbind write failed"
step "unbound ($node present: $([ -e "$node" ] && echo yes || echo no))"
t=0
while kill -0 $pid 2>/dev/null; do
	[ $t -ge 450 ] && { step "HANG: runner still running 90 s after the unbind; killed"; kill -9 $pid; break; }
	sleep 0.2
	t=$((t + 1))
done
wait $pid
rc=$?
echo $rc > "$out/run.exit"
step "run exit $rc, $((t / 5)) s after the unbind"
cp "$out/run/results.json" "$out/first-results.json" 2>/dev/null
cp "$out/run/journal.jsonl" "$out/first-journal.jsonl" 2>/dev/null

echo "$id" > "$bus/bind" || step "bind write failed"
node=
for i in $(seq 100); do
	node=$(node_of)
	[ -n "$node" ] && [ -c "$node" ] && break
	sleep 0.1
done
[ -n "$node" ] || { step "FAIL no accel node after binding $drv again"; exit 1; }
# qaic is usable once the firmware answered on QAIC_CONTROL (as in /init).
if [ "$drv" = qaic ]; then
	for i in $(seq 100); do
		ls /sys/bus/mhi/drivers/qaic_mhi/ 2>/dev/null | grep -q QAIC_CONTROL && break
		sleep 0.1
	done
fi
chgrp render "$node" && chmod 0660 "$node"
echo "$was" > "$latency"
step "bound again: $node"
$R resume "$out/run" > "$out/resume.log" 2>&1
rc=$?
echo $rc > "$out/resume.exit"
step "resume exit $rc"
