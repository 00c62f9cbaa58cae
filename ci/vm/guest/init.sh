#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the VM tier's initramfs. Everything it reports goes to the
# serial console; lines starting with "ACCEL-VM:" are read by the host.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /results /etc
mount -t tmpfs tmpfs /tmp

fail() {
	echo "ACCEL-VM: FAIL $*"
	dmesg | tail -40
	poweroff -f
}

modprobe drm || fail "modprobe drm"
insmod /lib/modules/extra/sim_aic100.ko || fail "insmod sim_aic100"
# Completions by MSI, or by qaic's polling with accelvm.polling=1 on the
# kernel command line.
polling=0
grep -q 'accelvm.polling=1' /proc/cmdline && polling=1
insmod /lib/modules/extra/qaic.ko datapath_polling=$polling || fail "insmod qaic"
echo "ACCEL-VM: qaic datapath_polling=$polling"
for i in $(seq 50); do
	[ -c /dev/accel/accel0 ] && break
	sleep 0.1
done
[ -c /dev/accel/accel0 ] || fail "no /dev/accel/accel0"
# What systemd's udev rules do for accel nodes: group render, mode 0660.
echo "render:x:105:" > /etc/group
chgrp render /dev/accel/accel0 && chmod 0660 /dev/accel/accel0 || fail "chgrp/chmod accel0"
# The node exists from PCI probe on; the device is usable once the
# firmware answered the control-version query (KOBJ_ONLINE).
for i in $(seq 100); do
	ls /sys/bus/mhi/drivers/qaic_mhi/ 2>/dev/null | grep -q QAIC_CONTROL && break
	sleep 0.1
done
echo "ACCEL-VM: tainted=$(cat /proc/sys/kernel/tainted)"
# accelvm.smoke=0 (the lockup scenario, ci/vm/scenarios/lockup.sh): the
# suite itself is the first to touch the device.
if grep -q 'accelvm.smoke=0' /proc/cmdline; then
	echo "ACCEL-VM: qaic-smoke skipped (accelvm.smoke=0)"
else
	qaic-smoke /dev/accel/accel0 || fail "qaic-smoke"
fi
echo "ACCEL-VM: interrupts: $(grep qaic /proc/interrupts | tr -s ' ')"
echo "ACCEL-VM: PASS qaic on /dev/accel/accel0"
# ethosu (issue 10): the second driver of the 7.3 boot, when the initramfs has it.
if [ -x /bin/ethosu-load ]; then
	ethosu-load || fail "ethosu-load"
fi

# With a host directory shared over 9p (boot.sh --share), run the
# command the host left there; its output goes to the console and the share.
if modprobe 9pnet_virtio 2>/dev/null && modprobe 9p &&
   mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host /results 2>/dev/null; then
	if [ -f /results/guest-command.sh ]; then
		echo "ACCEL-VM: guest-command.sh start"
		sh /results/guest-command.sh 2>&1 | tee /results/guest-command.log
		echo "ACCEL-VM: guest-command.sh end, exit $(cat /results/guest-command.exit 2>/dev/null)"
		echo "ACCEL-VM: tainted=$(cat /proc/sys/kernel/tainted)"
		dmesg > /results/dmesg.txt
	fi
	sync
	umount /results
fi
# LAVA (ci/lava/README.md): accelvm.shell=1 on the kernel command line hands
# the console to a shell, where LAVA's test shell runs, instead of powering off.
grep -q 'accelvm.shell=1' /proc/cmdline && exec setsid cttyhack sh
poweroff -f
