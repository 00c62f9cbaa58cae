#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the VM tier's initramfs: static busybox, the module closure (drm,
# sim_aic100 in place of mhi, qaic), the qaic-smoke helper and /init.
#
#   build-initramfs.sh [EXTRA_DIR]
#
# EXTRA_DIR, if given, is copied into the root as is (e.g. the runner and
# its libraries, /vm-tier.sh).
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

extra=${1:-}
start=$(date +%s)
BUILD=$QAIC_BUILD
OUT=$INITRAMFS
ROOT=$KCACHE/initramfs-root
for ko in qaic/qaic.ko sim-aic100/sim_aic100.ko; do
	[ -f "$BUILD/$ko" ] || die "$BUILD/$ko missing: run ci/vm/build-qaic.sh first"
done

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,results,lib/modules/extra}
cp /bin/busybox "$ROOT/bin/busybox"
file "$ROOT/bin/busybox" | grep -q 'statically linked' || die "/bin/busybox is not static (install busybox-static)"

# Kernel modules: the closure of what /init loads with modprobe, from the
# unpacked Debian tree, decompressed, plus a depmod for busybox modprobe.
MODS="drm 9p 9pnet_virtio"
# ethosu (issue 10): on a series where build-ethosu.sh built it (7.3), the
# second driver goes in too; gpu-sched is its DRM scheduler.
ETHOSU=$KCACHE/build-ethosu-$KREL
[ -f "$ETHOSU/ethosu/ethosu.ko" ] && MODS="$MODS gpu-sched"
for m in $(modprobe -d "$KROOT" -S "$KREL" --show-depends -a $MODS | awk '$1 == "insmod" {print $2}' | sort -u); do
	rel=${m#"$KROOT"/lib/modules/"$KREL"/}
	mkdir -p "$ROOT/lib/modules/$KREL/$(dirname "$rel")"
	case $m in
	*.xz) xz -dc "$m" > "$ROOT/lib/modules/$KREL/${rel%.xz}" ;;
	*) cp "$m" "$ROOT/lib/modules/$KREL/$rel" ;;
	esac
done
cp "$KROOT/lib/modules/$KREL"/modules.{order,builtin,builtin.modinfo} "$ROOT/lib/modules/$KREL/"
sed -i 's/\.ko\.xz$/.ko/' "$ROOT/lib/modules/$KREL/modules.order"
depmod -b "$ROOT" "$KREL"
cp "$BUILD/qaic/qaic.ko" "$BUILD/sim-aic100/sim_aic100.ko" "$ROOT/lib/modules/extra/"
# ethosu (issue 10): its modules and loader, only where they were built.
if [ -f "$ETHOSU/ethosu/ethosu.ko" ]; then
	cp "$ETHOSU/ethosu/ethosu.ko" "$ETHOSU/dma-helper/drm_gem_dma_helper.ko" \
		"$ETHOSU/sim-ethosu/sim_ethosu.ko" "$ROOT/lib/modules/extra/"
	install -m 0755 "$VM_DIR/guest/ethosu-load.sh" "$ROOT/bin/ethosu-load"
fi

# The smoke helper, static, against the kernel's own uapi headers.
INC=$KCACHE/uapi-include
rm -rf "$INC"
install_uapi_headers "$INC"
x86_64-linux-gnu-gcc-12 -static -O2 -Wall -Wextra -Werror \
	-I"$INC/drm" -I"$INC" -o "$ROOT/bin/qaic-smoke" "$VM_DIR/guest/qaic-smoke.c"

install -m 0755 "$VM_DIR/guest/init.sh" "$ROOT/init"
if [ -n "$extra" ]; then
	cp -a "$extra/." "$ROOT/"
fi

(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "initramfs $OUT: $(du -h "$OUT" | cut -f1) in $(( $(date +%s) - start )) s"
