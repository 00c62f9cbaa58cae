# SPDX-License-Identifier: GPL-2.0
# Shared settings for the VM tier scripts (sourced, not executed).

ACCEL_VM_CACHE=${ACCEL_VM_CACHE:-/var/cache/accel-conformance}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)

log() { printf '[vm %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# The kernel series under test: 6.12 (bookworm-security, built with the
# host's gcc-12) or 7.3 (trixie-backports, built in a trixie chroot, see
# trixie-chroot.sh). run-vm-tier.sh --kernel sets it for every script it
# calls; each series has its own cache folder, so both can stay warm.
ACCEL_VM_KERNEL=${ACCEL_VM_KERNEL:-6.12}
case $ACCEL_VM_KERNEL in
6.12|7.3) ;;
*) die "kernel series '$ACCEL_VM_KERNEL' unknown (known: 6.12, 7.3)" ;;
esac
export ACCEL_VM_KERNEL
KCACHE=$ACCEL_VM_CACHE/$ACCEL_VM_KERNEL

# The kernel chosen by fetch-kernel.sh; written there, read everywhere else.
# ACCEL_VM_KERNEL_ENV may point at a hand-written file of the same form
# describing a developer's own kernel build (best effort, see README).
kernel_env() {
	local f=${ACCEL_VM_KERNEL_ENV:-$KCACHE/kernel.env}
	[ -f "$f" ] || die "$f missing: run ci/vm/fetch-kernel.sh first"
	# shellcheck disable=SC1090
	. "$f"
	# Files written before the per-series layout describe a 6.12 bookworm kernel.
	KSERIES=${KSERIES:-6.12}
	KIMAGE=${KIMAGE:-$KROOT/boot/vmlinuz-$KREL}
	KBUILD_IN=${KBUILD_IN:-host}
	# The qaic build and the initramfs holding it. A driver other than the
	# verified upstream copy (run-vm-tier.sh --qaic-src) is built and packed
	# apart (ACCEL_VM_QAIC_BUILD_TAG), so a broken scratch driver never sits
	# where the verified one is expected, even when its run is interrupted.
	local tag=${ACCEL_VM_QAIC_BUILD_TAG:+-$ACCEL_VM_QAIC_BUILD_TAG}
	QAIC_BUILD=$KCACHE/build-qaic-$KREL$tag
	INITRAMFS=$KCACHE/initramfs-$KREL$tag.cpio.gz
}

# Run a kbuild 'make' for the current kernel: with the host's gcc-12 for
# 6.12, inside the trixie chroot (gcc-14, glibc 2.41) for 7.3, whose
# kbuild tools need a newer glibc than bookworm's. DIR is bind-mounted
# at the same path inside the chroot, so paths in logs stay the same.
# kbuild_make DIR ARGS...
kbuild_make() {
	local dir=$1
	shift
	if [ "$KBUILD_IN" = host ]; then
		make -C "$KHDR" M="$dir" CC=x86_64-linux-gnu-gcc-12 "$@"
		return
	fi
	"$VM_DIR/trixie-chroot.sh" run "$KROOT" "$dir" -- \
		make -C "$KHDR" M="$dir" CC=x86_64-linux-gnu-gcc-14 "$@"
}

# The kernel's drm uapi headers (and <linux/bits.h>, which 7.3's drm_mode.h
# includes and the host's older linux-libc-dev lacks) passed through the
# kernel's own scripts/headers_install.sh into OUT/drm and OUT/linux, as
# 'make headers_install' does: the raw include/uapi headers do not compile
# in user space. The rest of <linux/...> comes from the host.
# install_uapi_headers OUT
install_uapi_headers() {
	local out=$1 h
	mkdir -p "$out/drm" "$out/linux"
	for h in drm/drm.h drm/drm_mode.h drm/qaic_accel.h linux/bits.h; do
		[ -f "$KHDR_COMMON/include/uapi/$h" ] || continue
		(cd "$KHDR" && bash "$KHDR_COMMON/scripts/headers_install.sh" \
			"$KHDR_COMMON/include/uapi/$h" "$out/$h") || die "headers_install.sh failed for $h"
	done
}

# One tier at a time per series cache: the runner stage, the initramfs and
# the qaic build live in $KCACHE, so two concurrent tiers (or a tier and a
# finding check) would boot each other's runner or modules. Waits for the
# lock; the children of a holder (ACCEL_VM_LOCK_HELD) do not lock again.
lock_series_cache() {
	[ "${ACCEL_VM_LOCK_HELD:-}" = "$KCACHE" ] && return 0
	mkdir -p "$KCACHE"
	exec 9> "$KCACHE/.tier.lock"
	if ! flock -n 9; then
		log "waiting for another VM tier on $KCACHE to finish"
		flock 9
	fi
	export ACCEL_VM_LOCK_HELD=$KCACHE
}
