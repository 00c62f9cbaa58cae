# SPDX-License-Identifier: GPL-2.0
# Shared settings for the VM tier scripts (sourced, not executed).

ACCEL_VM_CACHE=${ACCEL_VM_CACHE:-/var/cache/accel-conformance}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)

log() { printf '[vm %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# The kernel chosen by fetch-kernel.sh; written there, read everywhere else.
# ACCEL_VM_KERNEL_ENV may point at a hand-written file of the same form
# describing a developer's own kernel build (best effort, see README).
kernel_env() {
	local f=${ACCEL_VM_KERNEL_ENV:-$ACCEL_VM_CACHE/kernel.env}
	[ -f "$f" ] || die "$f missing: run ci/vm/fetch-kernel.sh first"
	# shellcheck disable=SC1090
	. "$f"
}
