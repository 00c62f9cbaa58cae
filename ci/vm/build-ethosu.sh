#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the upstream Arm Ethos-U driver (drivers/accel/ethosu), unmodified,
# with upstream drivers/gpu/drm/drm_gem_dma_helper.c as a module of its own
# (Debian's amd64 config does not build DRM_GEM_DMA_HELPER) and the
# simulated Ethos-U85 (ci/vm/sim-ethosu), in one kbuild run against the 7.3
# kernel fetched by fetch-kernel.sh (in the trixie chroot, see
# trixie-chroot.sh). ethosu is ARM-only in Kconfig; nothing in it is
# architecture-specific, so the x86 build is the upstream source as is.
#
#   build-ethosu.sh [ETHOSU_SRC_DIR]
#
# Without an argument the driver comes from Debian's linux-source tarball,
# checked against the package's md5sums and recorded file by file in
# SHA256SUMS. With ETHOSU_SRC_DIR (a drivers/accel/ethosu directory) the
# files differing from the tarball are reported as "modified upstream
# sources" instead of failing. On a series without ethosu (6.12) it does
# nothing and exits 0.
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

user_src=${1:-}
if [ "$KSERIES" != 7.3 ]; then
	[ -z "$user_src" ] || die "build-ethosu.sh: --ethosu-src needs the 7.3 series (ethosu is not in $KSERIES)"
	log "ethosu: not part of the $KSERIES series, skipped"
	exit 0
fi
start=$(date +%s)
UP=$KCACHE/ethosu-upstream-$KVER
SRC_PKG=linux-source-$KSERIES
MANIFEST=$UP/SHA256SUMS

# 1. Upstream files, straight from the source package's tarball.
if [ ! -f "$MANIFEST" ]; then
	deb=$(ls "$KCACHE/debs/${SRC_PKG}_${KVER}_"*.deb)
	want=$(dpkg-deb -I "$deb" md5sums | awk -v f="usr/src/$SRC_PKG.tar.xz" '$2 == f {print $1}')
	have=$(md5sum "$SRC_TARBALL" | cut -d' ' -f1)
	[ -n "$want" ] && [ "$want" = "$have" ] ||
		die "$SRC_TARBALL does not match the md5sums of $deb"
	log "extracting drivers/accel/ethosu and drm_gem_dma_helper.c from $(basename "$SRC_TARBALL")"
	rm -rf "$UP.tmp" && mkdir -p "$UP.tmp"
	tar -xJf "$SRC_TARBALL" -C "$UP.tmp" --strip-components=1 --wildcards \
		"$SRC_PKG/drivers/accel/ethosu/*" "$SRC_PKG/include/uapi/drm/ethosu_accel.h" \
		"$SRC_PKG/drivers/gpu/drm/drm_gem_dma_helper.c"
	(cd "$UP.tmp" && find drivers include -type f | sort | xargs sha256sum > SHA256SUMS)
	rm -rf "$UP" && mv "$UP.tmp" "$UP"
fi

# 2. The sources to build, checked against the tarball's.
BUILD=$KCACHE/build-ethosu-$KREL
src=${user_src:-$UP/drivers/accel/ethosu}
[ -f "$src/ethosu_drv.c" ] || die "$src: not a drivers/accel/ethosu directory (no ethosu_drv.c)"
src=$(readlink -f "$src")

stamp=$( { echo "$KREL"; cat "$MANIFEST";
	(cd "$src" && find . -type f ! -name '*.o' ! -name '*.ko' ! -name '*.mod*' ! -name '.*' | sort | xargs sha256sum);
	(cd "$VM_DIR/sim-ethosu" && find . -type f | sort | xargs sha256sum); } | sha256sum | cut -d' ' -f1)
if [ -f "$BUILD/STAMP" ] && [ "$(cat "$BUILD/STAMP")" = "$stamp" ] && [ -f "$BUILD/ethosu/ethosu.ko" ]; then
	log "ethosu.ko, drm_gem_dma_helper.ko and sim_ethosu.ko up to date ($(head -1 "$BUILD/SOURCE_STATUS"))"
	exit 0
fi
rm -rf "$BUILD" && mkdir -p "$BUILD/ethosu" "$BUILD/dma-helper"
cp -r "$src/." "$BUILD/ethosu/"
find "$BUILD/ethosu" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete

modified=()
while read -r sum path; do
	case $path in
	drivers/accel/ethosu/*) f=$BUILD/ethosu/${path#drivers/accel/ethosu/} ;;
	include/uapi/drm/ethosu_accel.h) f=$KHDR_COMMON/include/uapi/drm/ethosu_accel.h ;;
	*) continue ;;
	esac
	if [ ! -f "$f" ]; then
		modified+=("$path (missing)")
	elif [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$sum" ]; then
		modified+=("$path")
	fi
done < "$MANIFEST"
for f in $(cd "$BUILD/ethosu" && find . -type f | sed 's|^\./||' | sort); do
	grep -q " drivers/accel/ethosu/$f\$" "$MANIFEST" || modified+=("drivers/accel/ethosu/$f (added)")
done
if [ ${#modified[@]} -eq 0 ]; then
	log "upstream ethosu sources verified: they match $SRC_PKG $KVER"
	echo "verified" > "$BUILD/SOURCE_STATUS"
elif [ -n "$user_src" ]; then
	log "modified upstream ethosu sources (from $user_src):"
	printf '  %s\n' "${modified[@]}" >&2
	{ echo "modified upstream sources"; printf '%s\n' "${modified[@]}"; } > "$BUILD/SOURCE_STATUS"
else
	printf '  %s\n' "${modified[@]}" >&2
	die "the Debian copy of the ethosu sources does not match the tarball's checksums"
fi
cp "$MANIFEST" "$BUILD/UPSTREAM.SHA256SUMS"

# 3. drm_gem_dma_helper.c, always the verified upstream file, as its own
#    module; the Kbuild line is ours.
cp "$UP/drivers/gpu/drm/drm_gem_dma_helper.c" "$BUILD/dma-helper/"
printf 'obj-m += drm_gem_dma_helper.o\n' > "$BUILD/dma-helper/Kbuild"

# 4. Our hardware boundary; one kbuild run, so ethosu's drm_gem_dma_* symbols
#    resolve to (and take their CRCs from) the helper module built beside it.
cp -r "$VM_DIR/sim-ethosu" "$BUILD/sim-ethosu"
printf 'obj-m += dma-helper/ sim-ethosu/ ethosu/\n' > "$BUILD/Kbuild"

log "building ethosu.ko, drm_gem_dma_helper.ko and sim_ethosu.ko against $KREL (toolchain: $KBUILD_IN)"
kbuild_make "$BUILD" CONFIG_DRM_ACCEL_ARM_ETHOSU=m -j"$(nproc)" modules > "$BUILD/build.log" 2>&1 ||
	{ cat "$BUILD/build.log" >&2; die "ethosu module build failed"; }
if grep -E 'warning:|error:|WARNING:' "$BUILD/build.log" >&2; then
	die "the ethosu module build printed warnings (see $BUILD/build.log)"
fi
for ko in ethosu/ethosu.ko dma-helper/drm_gem_dma_helper.ko sim-ethosu/sim_ethosu.ko; do
	[ -f "$BUILD/$ko" ] || die "$BUILD/$ko was not built"
done
echo "$stamp" > "$BUILD/STAMP"
log "built in $(( $(date +%s) - start )) s: $(cd "$BUILD" && ls -s --block-size=K ethosu/ethosu.ko \
	dma-helper/drm_gem_dma_helper.ko sim-ethosu/sim_ethosu.ko | tr '\n' ' ')"
