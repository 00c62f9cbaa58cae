#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs ci/lava/accel-conformance.yaml under Debian's own LAVA dispatcher
# (bookworm, lava-dispatcher 2023.01, `lava-run`) on a QEMU device: the VM
# tier's kernel and initramfs (upstream qaic over the simulated AIC100, the
# runner at /opt/accel/conformance-runner), then checks that LAVA's own
# lava-test-case results equal the run's results.csv case by case.
#
#   ci/lava/run-lava.sh [--kernel 6.12|7.3] [--runner PATH] [--work DIR]
#
# The images are the VM tier's, built the same way under the series lock
# ($ACCEL_VM_CACHE/<series>): the Debian kernel, the checksum-verified
# upstream qaic over the simulated AIC100, and RUNNER (default: the release
# package's binary, .build-package/conformance-runner from ci/package.sh)
# at /opt/accel/conformance-runner. The dispatcher is not installed as a service:
# lava-dispatcher, lava-dispatcher-host (imported), lava-common and lava-server (the qemu device-type
# template only) are fetched with `apt-get download` and unpacked with
# `dpkg -x`; the Python modules `lava-run` imports come from Debian.
#
# The job (written to WORK/job.yaml):
#   deploy to tmpfs: the kernel, and the initramfs as `format: cpio.newc`
#     with `overlays: {lava: true}`, so LAVA unpacks the cpio, adds its test
#     overlay (/lava-<job>) and packs it again (AppendOverlays) instead of
#     building a libguestfs disk (no supermin appliance needed);
#   boot: method qemu, media tmpfs; `accelvm.shell=1` on the kernel command
#     line makes the tier's /init hand the console to a shell (prompt '/ # ')
#     after loading the drivers, instead of powering off;
#   test: an inline step slowing the simulated device as the tier does, our
#     definition (from a git repository holding this checkout's copy), then an
#     inline step printing results.csv between markers.
# WORK/lava.log is lava-run's log (one YAML/JSON record a line); lava-results.py
# reads LAVA's results and the printed results.csv from it.
#
# Exit status: 0 the job completed and every case matches; 1 a mismatch or the
# job failed (the log says where); 2 bad usage; 10 the dispatcher could not be
# set up.
set -euo pipefail
LAVA_DIR=$(cd "$(dirname "$0")" && pwd)
series=6.12
work=
runner=$LAVA_DIR/../../.build-package/conformance-runner
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) series=${2:-}; shift 2 ;;
	--runner) runner=${2:-}; shift 2 ;;
	--work) work=${2:-}; shift 2 ;;
	*) echo "run-lava.sh: unknown argument '$1' (usage: run-lava.sh [--kernel 6.12|7.3] [--runner PATH] [--work DIR])" >&2
	   exit 2 ;;
	esac
done
[ -x "$runner" ] || { echo "run-lava.sh: --runner '$runner' not found or not executable (ci/package.sh first)" >&2; exit 2; }
export ACCEL_VM_KERNEL=$series
. "$LAVA_DIR/../vm/common.sh"
work=${work:-$(mktemp -d)}
mkdir -p "$work"
work=$(readlink -f "$work")

# --- the dispatcher: Debian's packages, unpacked
need=(python3-voluptuous python3-yaml python3-jinja2 python3-requests python3-pyudev python3-aiohttp
	python3-configobj python3-guestfs python3-magic python3-netifaces python3-pexpect python3-setproctitle
	python3-tz cpio git)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null; } || { log "could not install ${missing[*]}"; exit 10; }
fi
debs=$work/debs root=$work/lava-root
mkdir -p "$debs"
(cd "$debs" && apt-get download lava-dispatcher=2023.01-2 lava-dispatcher-host=2023.01-2 lava-common=2023.01-2 \
	lava-server=2023.01-2 >/dev/null 2>&1) ||
	{ log "apt-get download of the lava 2023.01-2 packages failed"; exit 10; }
rm -rf "$root"
for d in "$debs"/*.deb; do dpkg -x "$d" "$root"; done
export PYTHONPATH=$root/usr/lib/python3/dist-packages
# Debian's interpreter, which sees the python3-* packages (not a python3 earlier in PATH).
lava_run() { /usr/bin/python3 "$root/usr/bin/lava-run" "$@"; }

# --- the device: lava-server's qemu device type, rendered as lava-server would
mkdir -p "$work/devices"
cat > "$work/devices/qemu01.jinja2" <<'EOF'
{% extends 'qemu.jinja2' %}
{% set mac_addr = '52:54:00:12:34:59' %}
{% set memory = 1024 %}
EOF

# --- the images: built the tier's way (kernel, verified upstream qaic, simulated AIC100, this
# checkout's /init, the runner staged) under the series lock, then copied out of the cache.
lock_series_cache
"$VM_DIR/fetch-kernel.sh" >/dev/null
"$VM_DIR/build-qaic.sh" >/dev/null
"$VM_DIR/build-ethosu.sh" >/dev/null
"$VM_DIR/stage-runner.sh" "$runner" "$KCACHE/runner-stage" > "$work/runner.txt"
"$VM_DIR/build-initramfs.sh" "$KCACHE/runner-stage"
kernel_env
cp "$KIMAGE" "$work/vmlinuz"
cp "$INITRAMFS" "$work/initramfs.cpio.gz"
flock -u 9
log "images: $KIMAGE, initramfs-$KREL.cpio.gz; $(head -1 "$work/runner.txt")"

# --- the test definition, from a git repository as a lab would reference it
rm -rf "$work/testdef.git"
mkdir -p "$work/testdef.git/ci/lava"
cp "$LAVA_DIR/accel-conformance.yaml" "$work/testdef.git/ci/lava/"
git -C "$work/testdef.git" init -q
git -C "$work/testdef.git" add ci/lava/accel-conformance.yaml
git -C "$work/testdef.git" -c user.name=ci -c user.email=ci@localhost commit -q -m "test definition"

sed -e "s|@KERNEL@|$work/vmlinuz|" -e "s|@INITRD@|$work/initramfs.cpio.gz|" -e "s|@REPO@|$work/testdef.git|" \
	-e "s|@SERIES@|$series|" "$LAVA_DIR/job-qemu.yaml" > "$work/job.yaml"

# lava-server renders the device dictionary for each job with the job's context (arch, no_kvm,
# extra_options pick the QEMU command line); the same here.
/usr/bin/python3 - "$work/devices" "$root/usr/share/lava-server/device-types" "$work/job.yaml" "$work/qemu01.yaml" <<'EOF'
import sys, jinja2, yaml
env = jinja2.Environment(loader=jinja2.FileSystemLoader([sys.argv[1], sys.argv[2]]), autoescape=False,
                         trim_blocks=True)
context = yaml.safe_load(open(sys.argv[3])).get("context", {})
open(sys.argv[4], "w").write(env.get_template("qemu01.jinja2").render(**context))
EOF

# --- the run
job_id=$(date +%s)
rm -rf "$work/out"
log "lava-run --job-id $job_id --device qemu01.yaml job.yaml (log: $work/lava.log)"
lava_run --job-id "$job_id" --output-dir "$work/out" --device "$work/qemu01.yaml" "$work/job.yaml" \
	> "$work/lava.log" 2>&1 || log "lava-run exited $?"
/usr/bin/python3 "$LAVA_DIR/lava-results.py" "$work/lava.log"
