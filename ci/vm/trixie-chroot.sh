#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The build environment for the 7.3 kernel series: a Debian trixie chroot
# (kernel-vm.md §11.1). Debian built its 7.3 kernels on trixie with gcc-14;
# the headers' config passes -fmin-function-alignment (gcc-12 rejects it)
# and linux-kbuild's objtool, modpost and fixdep need glibc >= 2.38
# (bookworm has 2.36), so out-of-tree modules for 7.3 cannot be built with
# the host's toolchain.
#
#   trixie-chroot.sh ensure
#       create $ACCEL_VM_CACHE/chroot-trixie with debootstrap (installed on
#       the host first if missing) unless it exists and is complete
#   trixie-chroot.sh run DIR... -- COMMAND...
#       run COMMAND in the chroot in a private mount namespace with each DIR
#       bind-mounted at the same path and /proc mounted (objtool reads it);
#       the mounts vanish with the namespace, nothing is left mounted
#
# The chroot lives in the cache, never in the checkout; it is shared by
# every kernel series that needs it.
set -euo pipefail
. "$(dirname "$0")/common.sh"

T=$ACCEL_VM_CACHE/chroot-trixie
PKGS=gcc-14,make,libc6-dev,bc,kmod,xz-utils,dwarves
MIRROR=http://deb.debian.org/debian

ensure() {
	if [ -f "$T/.accel-chroot-complete" ] && [ "$(cat "$T/.accel-chroot-complete")" = "$PKGS" ]; then
		return 0
	fi
	if ! dpkg-query -W -f='${Status}' debootstrap 2>/dev/null | grep -q 'install ok installed'; then
		log "installing debootstrap"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends debootstrap >/dev/null
	fi
	local t0=$SECONDS
	log "debootstrap trixie (minbase + $PKGS) into $T"
	rm -rf "$T.tmp"
	mkdir -p "$ACCEL_VM_CACHE"
	debootstrap --variant=minbase --include="$PKGS" \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		trixie "$T.tmp" "$MIRROR" > "$ACCEL_VM_CACHE/debootstrap.log" 2>&1 || {
		tail -20 "$ACCEL_VM_CACHE/debootstrap.log" >&2
		die "debootstrap trixie failed (log: $ACCEL_VM_CACHE/debootstrap.log)"
	}
	echo "$PKGS" > "$T.tmp/.accel-chroot-complete"
	rm -rf "$T"
	mv "$T.tmp" "$T"
	log "trixie chroot ready in $(( SECONDS - t0 )) s: $(du -sh "$T" | cut -f1)"
}

run() {
	local binds=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		binds+=("$(readlink -f "$1")")
		shift
	done
	[ "${1:-}" = -- ] || die "trixie-chroot.sh run: expected DIR... -- COMMAND"
	shift
	[ $# -gt 0 ] || die "trixie-chroot.sh run: no command"
	[ -f "$T/.accel-chroot-complete" ] || die "$T missing: run ci/vm/trixie-chroot.sh ensure first"
	# shellcheck disable=SC2016
	unshare --mount --propagation private -- /bin/bash -c '
		set -e
		T=$1; shift
		while [ "$1" != -- ]; do
			mkdir -p "$T$1"
			mount --bind "$1" "$T$1"
			shift
		done
		shift
		mount -t proc proc "$T/proc"
		exec chroot "$T" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
	' bash "$T" "${binds[@]}" -- "$@"
}

case ${1:-} in
ensure) ensure ;;
run) shift; run "$@" ;;
*) echo "usage: trixie-chroot.sh ensure | run DIR... -- COMMAND..." >&2; exit 2 ;;
esac
