#!/usr/bin/env bash
# Rebuilds the fixture trees in this directory: sysfs, /dev and /proc as discovery sees them.
# The layout follows accel-core.md §1–2 and kernel-vm.md §7–8; values the spec does not give
# (non-qaic PCI ids, subsystem ids, PCI class, srcversion) are illustrative, see README.md.
# Run from anywhere; the trees are committed, so this only matters when changing them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

put() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; }
link() { mkdir -p "$(dirname "$2")"; ln -sfn "$1" "$2"; }   # link TARGET(relative) NAME

# kernel ROOT RELEASE TAINT
kernel() {
    put "$1/proc/sys/kernel/osrelease" "$2"
    put "$1/proc/sys/kernel/tainted" "$3"
}

# node ROOT NAME MAJOR MINOR: git cannot store device nodes, so /dev holds a plain file.
node() {
    put "$1/dev/accel/$2" "placeholder for char $3:$4 (git cannot store device nodes; discovery does not open plain files)"
}

# accel_entry ROOT PARENT(rel. to sys/devices) NAME MAJOR MINOR
accel_entry() {
    local root=$1 parent=$2 name=$3 major=$4 minor=$5
    local dir="$root/sys/devices/$parent/accel/$name"
    local depth up
    depth=$(tr -cd / <<< "devices/$parent/accel/$name" | wc -c)   # components below sys/, minus one
    up=$(printf '../%.0s' $(seq 1 $((depth + 1))))
    put "$dir/dev" "$major:$minor"
    put "$dir/uevent" "MAJOR=$major
MINOR=$minor
DEVNAME=accel/$name
DEVTYPE=accel_minor"
    link ../.. "$dir/device"
    link "${up}class/accel" "$dir/subsystem"
    link "../../devices/$parent/accel/$name" "$root/sys/class/accel/$name"
    node "$root" "$name" "$major" "$minor"
}

# pci_device ROOT PATH(rel. to sys/devices) SLOT VENDOR DEVICE SUBVENDOR SUBDEVICE CLASS DRIVER MODULE
pci_device() {
    local root=$1 path=$2 slot=$3 vendor=$4 device=$5 subvendor=$6 subdevice=$7 class=$8 driver=$9 module=${10}
    local dir="$root/sys/devices/$path"
    local up
    up=$(printf '../%.0s' $(seq 1 $(( $(tr -cd / <<< "devices/$path" | wc -c) + 1 ))))
    put "$dir/uevent" "DRIVER=$driver
PCI_CLASS=$class
PCI_ID=${vendor^^}:${device^^}
PCI_SUBSYS_ID=${subvendor^^}:${subdevice^^}
PCI_SLOT_NAME=$slot
MODALIAS=pci:v0000${vendor^^}d0000${device^^}sv0000${subvendor^^}sd0000${subdevice^^}bc${class:0:2}sc${class:2:2}i${class:4:2}"
    put "$dir/vendor" "0x$vendor"
    put "$dir/device" "0x$device"
    put "$dir/subsystem_vendor" "0x$subvendor"
    put "$dir/subsystem_device" "0x$subdevice"
    put "$dir/class" "0x$class"
    link "${up}bus/pci/drivers/$driver" "$dir/driver"
    link "${up}bus/pci" "$dir/subsystem"
    link "../../../../devices/$path" "$root/sys/bus/pci/drivers/$driver/$slot"
    link "../../../../module/$module" "$root/sys/bus/pci/drivers/$driver/module"
}

# platform_device ROOT NAME DRIVER MODULE
platform_device() {
    local root=$1 name=$2 driver=$3 module=$4
    local dir="$root/sys/devices/platform/$name"
    put "$dir/uevent" "DRIVER=$driver
MODALIAS=platform:$name"
    put "$dir/modalias" "platform:$name"
    link "../../../bus/platform/drivers/$driver" "$dir/driver"
    link "../../../bus/platform" "$dir/subsystem"
    link "../../../../devices/platform/$name" "$root/sys/bus/platform/drivers/$driver/$name"
    link "../../../../module/$module" "$root/sys/bus/platform/drivers/$driver/module"
}

# loaded_module ROOT NAME: what every loaded module has under /sys/module.
loaded_module() {
    put "$1/sys/module/$2/initstate" live
    put "$1/sys/module/$2/refcnt" 0
}

qaic_module() {
    loaded_module "$1" qaic
    local p="$1/sys/module/qaic/parameters"
    # Defaults from qaic-uapi.md §1.2. In-tree qaic has no MODULE_VERSION, so no `version` file.
    put "$p/wait_exec_default_timeout_ms" 5000
    put "$p/datapath_polling" N
    put "$p/datapath_poll_interval_us" 100
    put "$p/control_resp_timeout_s" 60
    put "$p/mhi_timeout_ms" 2000
    put "$p/timesync_delay_ms" 1000
    put "$1/sys/module/qaic/srcversion" "0A1B2C3D4E5F60718293A4B"
}

fresh() { rm -rf "${here:?}/$1"; mkdir -p "$here/$1"; echo "$here/$1"; }

# qaic: one AIC100 card, module built out of tree against Debian 6.12 (kernel-vm.md §9), so O+E taint.
root=$(fresh qaic)
pci_device "$root" pci0000:00/0000:00:01.0/0000:01:00.0 0000:01:00.0 17cb a100 17cb a100 120000 qaic qaic
accel_entry "$root" pci0000:00/0000:00:01.0/0000:01:00.0 accel0 261 0
qaic_module "$root"
kernel "$root" 6.12.95+deb12-amd64 12288

# ivpu: Intel NPU; DRM name and kernel driver are both intel_vpu.
root=$(fresh ivpu)
pci_device "$root" pci0000:00/0000:00:0b.0 0000:00:0b.0 8086 7d1d 8086 0000 120000 intel_vpu intel_vpu
accel_entry "$root" pci0000:00/0000:00:0b.0 accel0 261 0
loaded_module "$root" intel_vpu
kernel "$root" 6.12.95+deb12-amd64 0

# habanalabs: the compute node accel0 plus the non-DRM accel_controlD0 in the same class.
root=$(fresh habanalabs)
pci_device "$root" pci0000:00/0000:00:03.0/0000:1b:00.0 0000:1b:00.0 1da3 1020 1da3 1020 120000 habanalabs habanalabs
accel_entry "$root" pci0000:00/0000:00:03.0/0000:1b:00.0 accel0 261 0
accel_entry "$root" pci0000:00/0000:00:03.0/0000:1b:00.0 accel_controlD0 509 0
# Not a DRM minor: its own (dynamic) major and no accel_minor device type.
put "$root/sys/devices/pci0000:00/0000:00:03.0/0000:1b:00.0/accel/accel_controlD0/uevent" "MAJOR=509
MINOR=0
DEVNAME=accel/accel_controlD0"
loaded_module "$root" habanalabs
kernel "$root" 6.12.95+deb12-amd64 0

# platform: the out-of-tree test module of kernel-vm.md §7 (name vaccel), O+E taint.
root=$(fresh platform)
platform_device "$root" vaccel vaccel vaccel
accel_entry "$root" platform/vaccel accel0 261 0
loaded_module "$root" vaccel
put "$root/sys/module/vaccel/version" "1.2.3"
put "$root/sys/module/vaccel/srcversion" "5D6E7F8091A2B3C4D5E6F70"
kernel "$root" 6.12.95+deb12-amd64 12288

# mixed: for selectors. accel0 is the *second* qaic slot, so card=N order (by slot) differs
# from accelN order; accel1 an AIC080; accel2 an ivpu.
root=$(fresh mixed)
pci_device "$root" pci0000:00/0000:00:02.0/0000:02:00.0 0000:02:00.0 17cb a100 17cb a100 120000 qaic qaic
accel_entry "$root" pci0000:00/0000:00:02.0/0000:02:00.0 accel0 261 0
pci_device "$root" pci0000:00/0000:00:01.0/0000:01:00.0 0000:01:00.0 17cb a080 17cb a080 120000 qaic qaic
accel_entry "$root" pci0000:00/0000:00:01.0/0000:01:00.0 accel1 261 1
pci_device "$root" pci0000:00/0000:00:0b.0 0000:00:0b.0 8086 7d1d 8086 0000 120000 intel_vpu intel_vpu
accel_entry "$root" pci0000:00/0000:00:0b.0 accel2 261 2
loaded_module "$root" intel_vpu
qaic_module "$root"
kernel "$root" 6.12.95+deb12-amd64 12288

# none: a kernel with the accel class but no device.
root=$(fresh none)
mkdir -p "$root/sys/class/accel" "$root/dev"
put "$root/sys/class/accel/.gitkeep" ""
put "$root/dev/.gitkeep" ""
kernel "$root" 6.12.95+deb12-amd64 0
