#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile Sources/CAccelShim/abi_check_kernel_ethosu.c against the uapi
# headers of the 7.3 kernel fetched by fetch-kernel.sh, so our ac_ ethosu
# structs, offsets, ioctl numbers and constants are checked (by
# _Static_assert) against the real <drm/ethosu_accel.h>, not only against
# docs/ethosu-uapi.md. The headers go through the kernel's own
# scripts/headers_install.sh first (install_uapi_headers in common.sh), as
# abi-check.sh does for qaic. On a series without ethosu (6.12) it prints
# that and exits 0.
#
# Exit status: 0 when the file compiled with the check on and every
# assertion held; 1 otherwise (the compiler names the differing field).
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

if [ "$KSERIES" != 7.3 ]; then
	echo "ABI check against kernel $KSERIES ethosu_accel.h: not applicable (no ethosu in $KSERIES)"
	exit 0
fi
CC=x86_64-linux-gnu-gcc-12
SHIM=$REPO_DIR/Sources/CAccelShim
OUT=$KCACHE/abi-check-ethosu-$KREL
UP_SUMS=$KCACHE/ethosu-upstream-$KVER/SHA256SUMS
HDR=$KHDR_COMMON/include/uapi/drm/ethosu_accel.h
kernel_version=${KABI%%+*}

rm -rf "$OUT"
mkdir -p "$OUT"
want=$(awk '$2 == "include/uapi/drm/ethosu_accel.h" {print $1}' "$UP_SUMS" 2>/dev/null || true)
have=$(sha256sum "$HDR" | cut -d' ' -f1)
[ -n "$want" ] || die "abi-check-ethosu: no checksum for ethosu_accel.h in $UP_SUMS (run build-ethosu.sh first)"
[ "$want" = "$have" ] || die "abi-check-ethosu: $HDR differs from linux-source $KVER"

install_uapi_headers "$OUT/include"
(cd "$KHDR" && bash "$KHDR_COMMON/scripts/headers_install.sh" "$HDR" "$OUT/include/drm/ethosu_accel.h") ||
	die "abi-check-ethosu: headers_install.sh failed for drm/ethosu_accel.h"

compile() {	# compile INCLUDE_DIR OUTPUT LOG
	"$CC" -std=gnu11 -Wall -Werror -I"$1" -I"$SHIM/include" -c "$SHIM/abi_check_kernel_ethosu.c" -o "$2" 2> "$3"
}
log "abi-check-ethosu: $CC -std=gnu11 -Wall -Werror -I<kernel drm uapi> abi_check_kernel_ethosu.c"
compile "$OUT/include" "$OUT/abi_check.o" "$OUT/cc.log" || {
	cat "$OUT/cc.log" >&2
	echo "ABI check against kernel $kernel_version ethosu_accel.h: MISMATCH (see above)"
	exit 1
}

# Only the flag tells whether the kernel header was seen at all.
cat > "$OUT/flag.c" <<'C'
#include <stdio.h>
extern const int ac_abi_kernel_ethosu_header_checked;
int main(void)
{
	printf("%d\n", ac_abi_kernel_ethosu_header_checked);
	return 0;
}
C
"$CC" -std=gnu11 -Wall -Werror "$OUT/flag.c" "$OUT/abi_check.o" -o "$OUT/flag"
flag=$("$OUT/flag")
if [ "$flag" != 1 ]; then
	echo "ABI check against kernel $kernel_version ethosu_accel.h: NOT CHECKED (ac_abi_kernel_ethosu_header_checked = $flag)"
	exit 1
fi

# The check must be able to fail: a widened drm_ethosu_bo_wait.pad must be refused.
cp -r "$OUT/include" "$OUT/include-tampered"
sed -i '/^struct drm_ethosu_bo_wait {/,/^};/ s/__u32 pad;/__u64 pad;/' "$OUT/include-tampered/drm/ethosu_accel.h"
cmp -s "$OUT/include/drm/ethosu_accel.h" "$OUT/include-tampered/drm/ethosu_accel.h" &&
	die "abi-check-ethosu: could not tamper with struct drm_ethosu_bo_wait for the self-test"
if compile "$OUT/include-tampered" /dev/null "$OUT/cc-tampered.log"; then
	echo "ABI check against kernel $kernel_version ethosu_accel.h: INEFFECTIVE (a widened bo_wait.pad went unnoticed)"
	exit 1
fi
grep -q 'drm_ethosu_bo_wait size differs from the kernel' "$OUT/cc-tampered.log" ||
	die "abi-check-ethosu: self-test failed for another reason: $(head -3 "$OUT/cc-tampered.log")"

echo "ABI check against kernel $kernel_version ethosu_accel.h: OK"
