#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver patch a developer might try, for the lockup scenario
# (lockup.sh): a scratch copy of a drivers/accel/qaic directory in which
# DETACH_SLICE_BO no longer refuses a BO that is still queued to the DMA
# bridge (the bo_queued() -> -EBUSY block of qaic_detach_slice_bo_ioctl is
# removed). detach_slice_bo() then re-initialises bo->xfer_list while the BO
# is still linked into dbc->xfer_list, so the next walk of that list spins
# for ever: the kernel reports a soft lockup.
#
#   deadlock-qaic.sh QAIC_DIR OUT_DIR
#
# QAIC_DIR is the verified upstream copy (run-vm-tier.sh's cache); OUT_DIR
# is replaced. Exit 1 when the block is not found exactly once (the
# upstream code changed: the scenario must be revisited), 2 on bad arguments.
set -euo pipefail
[ $# = 2 ] || { echo "usage: deadlock-qaic.sh QAIC_DIR OUT_DIR" >&2; exit 2; }
src=$1 out=$2
[ -f "$src/qaic_data.c" ] || { echo "deadlock-qaic.sh: $src: no qaic_data.c" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
cp -r "$src/." "$out/"
# Inside qaic_detach_slice_bo_ioctl only: the 'if (bo_queued(bo)) {' block.
sed -i '/^int qaic_detach_slice_bo_ioctl(/,/^}/{/^\tif (bo_queued(bo)) {$/,/^\t}$/d}' "$out/qaic_data.c"
removed=$(diff "$src/qaic_data.c" "$out/qaic_data.c" | grep -c '^<' || true)
if [ "$removed" != 5 ] || grep -q 'ret = -EBUSY' <(awk '/^int qaic_detach_slice_bo_ioctl\(/,/^}/' "$out/qaic_data.c"); then
	echo "deadlock-qaic.sh: the bo_queued() refusal of qaic_detach_slice_bo_ioctl was not removed cleanly ($removed lines)" >&2
	exit 1
fi
echo "deadlock-qaic.sh: $out/qaic_data.c: qaic_detach_slice_bo_ioctl no longer refuses a queued BO"
