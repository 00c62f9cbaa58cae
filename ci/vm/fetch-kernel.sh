#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's newest kernel of the series in ACCEL_VM_KERNEL (6.12 or
# 7.3, see common.sh) whose kernel, modules, headers, kbuild and
# linux-source-<series> versions all match, unpack it (never into /boot)
# into $ACCEL_VM_CACHE/<series>, and make the headers usable for out-of-tree
# builds. Writes $ACCEL_VM_CACHE/<series>/kernel.env describing what was used.
#
#   fetch-kernel.sh [--refresh]
#
# 6.12 comes from the host's own apt sources (bookworm-security). 7.3 comes
# from trixie-backports through a private sources list and state directory
# in the cache (kernel-vm.md §11); the host's apt configuration is never
# touched. Debian splits the 7.3 image package: the kernel is in
# linux-binary-<abi>, the modules in linux-modules-<abi>, config and
# System.map in linux-base-<abi>. 7.3's modules are then built in a trixie
# chroot (trixie-chroot.sh), which this script prepares too.
set -euo pipefail
. "$(dirname "$0")/common.sh"

HOST_TOOLS="qemu-system-x86 busybox-static cpio kmod dwarves zstd xz-utils make gcc-12 libc6-dev bc jq"

start=$(date +%s)
mkdir -p "$KCACHE"

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
	DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$ACCEL_VM_KERNEL" = 7.3 ]; then
	"$VM_DIR/trixie-chroot.sh" ensure
fi

if [ -f "$KCACHE/kernel.env" ] && [ "${1:-}" != "--refresh" ]; then
	kernel_env
	if [ -f "$KIMAGE" ] && [ -f "$SRC_TARBALL" ]; then
		log "kernel $KVER already in $KCACHE (use --refresh to re-resolve)"
		exit 0
	fi
fi

# apt for this series: the host's configuration for 6.12, a private one for 7.3.
APT=()
if [ "$ACCEL_VM_KERNEL" = 7.3 ]; then
	A=$ACCEL_VM_CACHE/apt-trixie-backports
	mkdir -p "$A/lists/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main" \
		> "$A/sources.list"
	APT=(-o "Dir::Etc::sourcelist=$A/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::lists=$A/lists"
	     -o "Dir::Cache=$A/cache")
	mkdir -p "$A/cache/archives/partial"
	log "apt-get update (private sources: trixie-backports)"
	apt-get "${APT[@]}" update -qq
elif [ $updated = 0 ]; then
	log "apt-get update"
	apt-get update -qq
fi

versions_of() { apt-cache "${APT[@]}" madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}'; }

# The binary packages of one ABI name, as Debian splits them per series.
packages_for() {	# packages_for ABI
	case $ACCEL_VM_KERNEL in
	6.12) echo "linux-image-$1-amd64 linux-headers-$1-amd64 linux-headers-$1-common linux-kbuild-$1" ;;
	7.3) echo "linux-binary-$1-amd64 linux-modules-$1-amd64 linux-base-$1-amd64 linux-headers-$1-amd64" \
		  "linux-headers-$1-common linux-kbuild-$1" ;;
	esac
}

# Candidate versions of linux-source-<series>, newest first; take the first
# one for which every binary package exists at exactly that version.
pick_version() {
	local v abi suffix p ok
	for v in $(versions_of "linux-source-$ACCEL_VM_KERNEL"); do
		abi=$(echo "$v" | sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+)-.*/\1/')
		# ABI name: 6.12.117+deb12 (security), 6.12.95+bpo (backports), 7.3.4+deb13
		for suffix in "+deb12" "+deb13" "+bpo"; do
			ok=1
			for p in $(packages_for "${abi}${suffix}"); do
				versions_of "$p" | grep -qxF "$v" || { ok=0; break; }
			done
			if [ $ok = 1 ]; then
				echo "$v ${abi}${suffix}"
				return 0
			fi
		done
	done
	return 1
}

read -r KVER KABI < <(pick_version) ||
	die "no $ACCEL_VM_KERNEL version with matching kernel, modules, headers, kbuild and source in the apt sources"
KREL="${KABI}-amd64"
log "using Debian kernel $KVER (release $KREL)"

DEBS=$KCACHE/debs
KROOT=$KCACHE/kernel-$KREL
mkdir -p "$DEBS"
# shellcheck disable=SC2207
pkgs=($(packages_for "$KABI") "linux-source-$ACCEL_VM_KERNEL")
(
	cd "$DEBS"
	for p in "${pkgs[@]}"; do
		if ls "${p}_${KVER}_"*.deb >/dev/null 2>&1; then
			continue
		fi
		log "apt-get download $p=$KVER"
		apt-get "${APT[@]}" download -qq -o APT::Sandbox::User=root "$p=$KVER"
	done
)

rm -rf "$KROOT.tmp"
mkdir -p "$KROOT.tmp"
for p in "${pkgs[@]}"; do
	log "dpkg -x $p"
	dpkg -x "$DEBS/${p}_${KVER}_"*.deb "$KROOT.tmp"
done
hdr=$KROOT.tmp/usr/src/linux-headers-$KREL/Makefile
grep -q "^include /usr/src/linux-headers-${KABI}-common/Makefile" "$hdr" ||
	die "unexpected content in $hdr: $(cat "$hdr")"
# 7.3 installs modules and the kernel below /usr/lib/modules; the tools
# (modprobe -d, depmod -b) look in lib/modules.
if [ -d "$KROOT.tmp/usr/lib/modules/$KREL" ] && [ ! -e "$KROOT.tmp/lib/modules" ]; then
	mkdir -p "$KROOT.tmp/lib"
	ln -s ../usr/lib/modules "$KROOT.tmp/lib/modules"
fi
rm -rf "$KROOT"
mv "$KROOT.tmp" "$KROOT"
hdr=$KROOT/usr/src/linux-headers-$KREL/Makefile
# 6.12: one absolute include; 7.3 also sets KBUILD_OUTPUT to the installed path.
sed -i -E "s#^(include |KBUILD_OUTPUT=)/usr/src/#\1$KROOT/usr/src/#" "$hdr"
log "depmod -b $KROOT $KREL"
depmod -b "$KROOT" "$KREL"

KIMAGE=$KROOT/boot/vmlinuz-$KREL
[ -f "$KIMAGE" ] || KIMAGE=$KROOT/usr/lib/modules/$KREL/vmlinuz
[ -f "$KIMAGE" ] || die "no kernel image (boot/vmlinuz-$KREL or usr/lib/modules/$KREL/vmlinuz) in the packages"
SRC_TARBALL=$KROOT/usr/src/linux-source-$ACCEL_VM_KERNEL.tar.xz
[ -f "$SRC_TARBALL" ] || die "$SRC_TARBALL missing in linux-source-$ACCEL_VM_KERNEL"
KBUILD_IN=host
[ "$ACCEL_VM_KERNEL" = 7.3 ] && KBUILD_IN=chroot
cat > "$KCACHE/kernel.env" <<ENV
# written by ci/vm/fetch-kernel.sh on $(date -u +%FT%TZ)
KSERIES='$ACCEL_VM_KERNEL'
KVER='$KVER'
KABI='$KABI'
KREL='$KREL'
KROOT='$KROOT'
KIMAGE='$KIMAGE'
KHDR='$KROOT/usr/src/linux-headers-$KREL'
KHDR_COMMON='$KROOT/usr/src/linux-headers-${KABI}-common'
SRC_TARBALL='$SRC_TARBALL'
KBUILD_IN='$KBUILD_IN'
ENV
log "done in $(( $(date +%s) - start )) s; $(du -sh "$DEBS" | cut -f1) of packages, $(du -sh "$KROOT" | cut -f1) unpacked"
