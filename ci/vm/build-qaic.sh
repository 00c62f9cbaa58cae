#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the upstream qaic driver, unmodified, together with the simulated
# AIC100 (ci/vm/sim-aic100, one source for every series) against the kernel
# fetched by fetch-kernel.sh (series ACCEL_VM_KERNEL: 6.12 with the host's
# gcc-12, 7.3 in the trixie chroot with gcc-14).
#
#   build-qaic.sh [QAIC_SRC_DIR]
#
# Without an argument the qaic sources come from Debian's
# linux-source-<series> tarball. With QAIC_SRC_DIR (a drivers/accel/qaic
# directory) they come from there, and files differing from the tarball are
# reported as "modified upstream sources" instead of failing the build.
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

user_src=${1:-}
start=$(date +%s)
UP=$KCACHE/qaic-upstream-$KVER
SRC_PKG=linux-source-$KSERIES
MANIFEST=$UP/SHA256SUMS

# 1. Upstream files, straight from the source package's tarball.
if [ ! -f "$MANIFEST" ]; then
	deb=$(ls "$KCACHE/debs/${SRC_PKG}_${KVER}_"*.deb)
	# The tarball itself is checked against the package's own md5sums
	# (apt already checked the package against the signed archive).
	want=$(dpkg-deb -I "$deb" md5sums | awk -v f="usr/src/$SRC_PKG.tar.xz" '$2 == f {print $1}')
	have=$(md5sum "$SRC_TARBALL" | cut -d' ' -f1)
	[ -n "$want" ] && [ "$want" = "$have" ] ||
		die "$SRC_TARBALL does not match the md5sums of $deb"
	log "extracting drivers/accel/qaic from $(basename "$SRC_TARBALL")"
	rm -rf "$UP.tmp" && mkdir -p "$UP.tmp"
	tar -xJf "$SRC_TARBALL" -C "$UP.tmp" --strip-components=1 --wildcards \
		"$SRC_PKG/drivers/accel/qaic/*" "$SRC_PKG/include/uapi/drm/qaic_accel.h"
	(cd "$UP.tmp" && find drivers include -type f | sort | xargs sha256sum > SHA256SUMS)
	rm -rf "$UP" && mv "$UP.tmp" "$UP"
fi

# 2. The sources to build, checked against the tarball's.
BUILD=$QAIC_BUILD
src=${user_src:-$UP/drivers/accel/qaic}
[ -f "$src/qaic_drv.c" ] || die "$src: not a drivers/accel/qaic directory (no qaic_drv.c)"

# Unchanged inputs (qaic sources, simulator, kernel): keep the last build.
stamp=$( { echo "$KREL"; cat "$MANIFEST"; (cd "$src" && find . -type f ! -name '*.o' ! -name '*.ko' ! -name '*.mod*' ! -name '.*' | sort | xargs sha256sum);
	(cd "$VM_DIR/sim-aic100" && find . -type f | sort | xargs sha256sum); } | sha256sum | cut -d' ' -f1)
if [ -f "$BUILD/STAMP" ] && [ "$(cat "$BUILD/STAMP")" = "$stamp" ] &&
   [ -f "$BUILD/qaic/qaic.ko" ] && [ -f "$BUILD/sim-aic100/sim_aic100.ko" ]; then
	log "qaic.ko and sim_aic100.ko up to date ($(head -1 "$BUILD/SOURCE_STATUS"))"
	exit 0
fi
rm -rf "$BUILD" && mkdir -p "$BUILD/qaic"
cp -r "$src/." "$BUILD/qaic/"
find "$BUILD/qaic" -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' | xargs rm -f

modified=()
while read -r sum path; do
	f=$BUILD/qaic/${path#drivers/accel/qaic/}
	case $path in
	include/uapi/drm/qaic_accel.h) f=$KHDR_COMMON/include/uapi/drm/qaic_accel.h ;;
	esac
	if [ ! -f "$f" ]; then
		modified+=("$path (missing)")
	elif [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$sum" ]; then
		modified+=("$path")
	fi
done < "$MANIFEST"
for f in $(cd "$BUILD/qaic" && find . -type f | sed 's|^\./||' | sort); do
	grep -q " drivers/accel/qaic/$f\$" "$MANIFEST" || modified+=("drivers/accel/qaic/$f (added)")
done
if [ ${#modified[@]} -eq 0 ]; then
	log "upstream sources verified: $(wc -l < "$MANIFEST") files match $SRC_PKG $KVER"
	echo "verified" > "$BUILD/SOURCE_STATUS"
elif [ -n "$user_src" ]; then
	log "modified upstream sources (from $user_src):"
	printf '  %s\n' "${modified[@]}" >&2
	{ echo "modified upstream sources"; printf '%s\n' "${modified[@]}"; } > "$BUILD/SOURCE_STATUS"
else
	printf '  %s\n' "${modified[@]}" >&2
	die "the Debian copy of the qaic sources does not match the tarball's checksums"
fi
cp "$MANIFEST" "$BUILD/UPSTREAM.SHA256SUMS"

# 3. Our hardware boundary next to it; one kbuild run so qaic's MHI symbols
#    resolve to (and take their CRCs from) the simulator.
cp -r "$VM_DIR/sim-aic100" "$BUILD/sim-aic100"
printf 'obj-m += sim-aic100/ qaic/\n' > "$BUILD/Kbuild"

log "building qaic.ko and sim_aic100.ko against $KREL (toolchain: $KBUILD_IN)"
kbuild_make "$BUILD" CONFIG_DRM_ACCEL_QAIC=m -j"$(nproc)" modules > "$BUILD/build.log" 2>&1 || { cat "$BUILD/build.log" >&2; die "module build failed"; }
if grep -E 'warning:|error:' "$BUILD/build.log" >&2; then
	die "the module build printed warnings (see $BUILD/build.log)"
fi
for ko in qaic/qaic.ko sim-aic100/sim_aic100.ko; do
	[ -f "$BUILD/$ko" ] || die "$BUILD/$ko was not built"
done
echo "$stamp" > "$BUILD/STAMP"
log "built in $(( $(date +%s) - start )) s: $(cd "$BUILD" && ls -s --block-size=K qaic/qaic.ko sim-aic100/sim_aic100.ko | tr '\n' ' ')"
