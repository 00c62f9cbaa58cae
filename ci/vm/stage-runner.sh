#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage the conformance runner for the VM initramfs: the binary, the guest's
# workload fixture and reproducer script under /opt/accel, and every library
# ldd names at its host path (a debug build's RUNPATH points into /opt/swift;
# the packaged binary has the Swift runtime linked in and needs only a few
# system libraries). Prints what was staged (run-vm-tier.sh keeps it as
# <results>/runner.txt).
#
#   stage-runner.sh RUNNER STAGE_DIR
set -euo pipefail
. "$(dirname "$0")/common.sh"
[ $# = 2 ] || die "usage: stage-runner.sh RUNNER STAGE_DIR"
runner=$(readlink -f "$1")
stage=$2
[ -x "$runner" ] || die "stage-runner.sh: runner '$1' not found or not executable"
rm -rf "$stage"
mkdir -p "$stage/opt/accel"
cp "$runner" "$stage/opt/accel/conformance-runner"
cp "$VM_DIR/sim-aic100/workload.json" "$stage/opt/accel/workload.json"
cp "$VM_DIR/guest/run-reproducers.sh" "$stage/opt/accel/run-reproducers.sh"
for lib in $(ldd "$runner" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
echo "runner: $runner (sha256 $(sha256sum < "$runner" | cut -c1-16), $(( $(stat -c %s "$runner") / 1048576 )) MB)"
echo "runner Swift runtime: $(ldd "$runner" | grep -c 'libswift\|libFoundation\|lib_FoundationICU') shared librar(ies)"
echo "runner staged: $(du -sm "$stage" | cut -f1) MB in $(find "$stage" -type f | wc -l) file(s)"
