#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's newest 6.12 kernel whose image, headers, kbuild and
# linux-source-6.12 versions all match, unpack it (never into /boot) into
# $ACCEL_VM_CACHE, and make the headers usable for out-of-tree builds.
# Writes $ACCEL_VM_CACHE/kernel.env describing what was used.
set -euo pipefail
. "$(dirname "$0")/common.sh"

HOST_TOOLS="qemu-system-x86 busybox-static cpio kmod dwarves zstd xz-utils make gcc-12 libc6-dev bc"

start=$(date +%s)
mkdir -p "$ACCEL_VM_CACHE"

missing=()
for p in $HOST_TOOLS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
updated=0
if [ ${#missing[@]} -gt 0 ]; then
	log "apt-get update"
	apt-get update -qq
	updated=1
	log "installing host tools: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$ACCEL_VM_CACHE/kernel.env" ] && [ "${1:-}" != "--refresh" ]; then
	kernel_env
	if [ -f "$KROOT/boot/vmlinuz-$KREL" ] && [ -f "$SRC_TARBALL" ]; then
		log "kernel $KVER already in $ACCEL_VM_CACHE (use --refresh to re-resolve)"
		exit 0
	fi
fi

[ $updated = 1 ] || { log "apt-get update"; apt-get update -qq; }

# Candidate versions of linux-source-6.12, newest first; take the first one
# for which every binary package exists at exactly that version.
pick_version() {
	local v abi
	for v in $(apt-cache madison linux-source-6.12 | awk -F'|' '{gsub(/ /,"",$2); print $2}'); do
		abi=$(echo "$v" | sed -E 's/^(6\.12\.[0-9]+)-.*/\1/')
		local ok=1 suffix
		# ABI name: 6.12.117+deb12 (security) or 6.12.95+bpo (backports)
		for suffix in "+deb12" "+bpo"; do
			ok=1
			for p in "linux-image-${abi}${suffix}-amd64" "linux-headers-${abi}${suffix}-amd64" \
				 "linux-headers-${abi}${suffix}-common" "linux-kbuild-${abi}${suffix}"; do
				apt-cache madison "$p" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
					grep -qxF "$v" || { ok=0; break; }
			done
			if [ $ok = 1 ]; then
				echo "$v ${abi}${suffix}"
				return 0
			fi
		done
	done
	return 1
}

read -r KVER KABI < <(pick_version) || die "no 6.12 version with matching image, headers, kbuild and source in the apt sources"
KREL="${KABI}-amd64"
log "using Debian kernel $KVER (release $KREL)"

DEBS=$ACCEL_VM_CACHE/debs
KROOT=$ACCEL_VM_CACHE/kernel-$KREL
mkdir -p "$DEBS"
pkgs=("linux-image-$KREL" "linux-headers-$KREL" "linux-headers-${KABI}-common" "linux-kbuild-${KABI}" "linux-source-6.12")
(
	cd "$DEBS"
	for p in "${pkgs[@]}"; do
		if ls "${p}_${KVER}_"*.deb >/dev/null 2>&1; then
			continue
		fi
		log "apt-get download $p=$KVER"
		apt-get download -qq -o APT::Sandbox::User=root "$p=$KVER"
	done
)

rm -rf "$KROOT.tmp"
mkdir -p "$KROOT.tmp"
for p in "${pkgs[@]}"; do
	log "dpkg -x $p"
	dpkg -x "$DEBS/${p}_"*.deb "$KROOT.tmp"
done
hdr=$KROOT.tmp/usr/src/linux-headers-$KREL/Makefile
grep -q "^include /usr/src/linux-headers-${KABI}-common/Makefile" "$hdr" ||
	die "unexpected content in $hdr: $(cat "$hdr")"
rm -rf "$KROOT"
mv "$KROOT.tmp" "$KROOT"
hdr=$KROOT/usr/src/linux-headers-$KREL/Makefile
sed -i "s|^include /usr/src/|include $KROOT/usr/src/|" "$hdr"
log "depmod -b $KROOT $KREL"
depmod -b "$KROOT" "$KREL"

SRC_TARBALL=$KROOT/usr/src/linux-source-6.12.tar.xz
[ -f "$SRC_TARBALL" ] || die "$SRC_TARBALL missing in linux-source-6.12"
cat > "$ACCEL_VM_CACHE/kernel.env" <<ENV
# written by ci/vm/fetch-kernel.sh on $(date -u +%FT%TZ)
KVER='$KVER'
KABI='$KABI'
KREL='$KREL'
KROOT='$KROOT'
KHDR='$KROOT/usr/src/linux-headers-$KREL'
KHDR_COMMON='$KROOT/usr/src/linux-headers-${KABI}-common'
SRC_TARBALL='$SRC_TARBALL'
ENV
log "done in $(( $(date +%s) - start )) s; $(du -sh "$DEBS" | cut -f1) of packages, $(du -sh "$KROOT" | cut -f1) unpacked"
