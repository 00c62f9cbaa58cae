#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Loads the 7.3 VM's second driver: upstream ethosu over the simulated
# Ethos-U85 (ci/vm/sim-ethosu). Called by /init after qaic is up; prints the
# "ACCEL-VM:" lines the host reads; exit 1 on any failure.
#
#   ethosu-load [ETHOSU_KO]
#
# ETHOSU_KO (ci/vm/mutants/guest.sh: a mutant, after rmmod ethosu) is loaded
# instead of the initramfs's ethosu.ko; gpu-sched, drm_gem_dma_helper and
# sim_ethosu stay as they are when already loaded.
M=/lib/modules/extra
ko=${1:-$M/ethosu.ko}
latency=100000
for word in $(cat /proc/cmdline); do
	case $word in
	accelvm.ethosu_latency_us=*) latency=${word#*=} ;;
	esac
done
modprobe gpu-sched || { echo "ACCEL-VM: FAIL modprobe gpu-sched"; exit 1; }
[ -d /sys/module/drm_gem_dma_helper ] || insmod $M/drm_gem_dma_helper.ko ||
	{ echo "ACCEL-VM: FAIL insmod drm_gem_dma_helper"; exit 1; }
[ -d /sys/module/sim_ethosu ] || insmod $M/sim_ethosu.ko latency_us="$latency" ||
	{ echo "ACCEL-VM: FAIL insmod sim_ethosu"; exit 1; }
insmod "$ko" || { echo "ACCEL-VM: FAIL insmod $ko"; exit 1; }
node=
for i in $(seq 50); do
	for dev in /sys/class/accel/accel*; do
		[ "$(basename "$(readlink "$dev/device/driver")")" = ethosu ] && node=/dev/accel/${dev##*/}
	done
	[ -n "$node" ] && [ -c "$node" ] && break
	sleep 0.1
done
[ -n "$node" ] && [ -c "$node" ] || { echo "ACCEL-VM: FAIL no ethosu accel node"; exit 1; }
# What systemd's udev rules do for accel nodes: group render, mode 0660.
grep -q '^render:' /etc/group 2>/dev/null || echo "render:x:105:" >> /etc/group
chgrp render "$node" && chmod 0660 "$node" || { echo "ACCEL-VM: FAIL chgrp/chmod $node"; exit 1; }
echo "ACCEL-VM: ethosu sim latency_us=$latency"
echo "ACCEL-VM: PASS ethosu on $node"
