#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile Sources/CAccelShim/abi_check_kernel.c against the uapi headers of
# the kernel fetched by fetch-kernel.sh, so our ac_ qaic structs, offsets and
# ioctl numbers are checked (by _Static_assert) against the real
# <drm/qaic_accel.h>, not only against the spec. The build host's own
# linux-libc-dev has no qaic header, so the normal swift build compiles that
# file with the check switched off (ac_abi_kernel_header_checked = 0).
#
# The kernel's include/uapi headers are not usable from user space as they
# are (they include <linux/compiler_types.h>); like 'make headers_install',
# the drm ones are passed through the kernel's own scripts/headers_install.sh
# into a private include folder. <linux/types.h> and <asm/ioctl.h> come from
# the host's linux-libc-dev.
#
# QAIC_MANAGE_MAX_MSG_LENGTH is defined upstream as SZ_4K, which no uapi
# header defines (qaic-uapi.md, constants table); its value is taken from the
# same kernel's include/linux/sizes.h and passed with -D.
#
# Exit status: 0 when the file compiled with the check on and every
# assertion held; 1 otherwise (the compiler names the differing field).
set -euo pipefail
. "$(dirname "$0")/common.sh"
kernel_env

CC=x86_64-linux-gnu-gcc-12
SHIM=$REPO_DIR/Sources/CAccelShim
OUT=$KCACHE/abi-check-$KREL
UP_SUMS=$KCACHE/qaic-upstream-$KVER/SHA256SUMS
kernel_version=${KABI%%+*}

rm -rf "$OUT"
mkdir -p "$OUT/include/drm"

# The header under test must be the checksum-verified upstream one.
want=$(awk '$2 == "include/uapi/drm/qaic_accel.h" {print $1}' "$UP_SUMS" 2>/dev/null || true)
have=$(sha256sum "$KHDR_COMMON/include/uapi/drm/qaic_accel.h" | cut -d' ' -f1)
[ -n "$want" ] || die "abi-check: no checksum for qaic_accel.h in $UP_SUMS (run build-qaic.sh first)"
[ "$want" = "$have" ] || die "abi-check: $KHDR_COMMON/include/uapi/drm/qaic_accel.h differs from linux-source $KVER"

install_uapi_headers "$OUT/include"

sz_4k=$(awk '$1 == "#define" && $2 == "SZ_4K" {print $3}' "$KHDR_COMMON/include/linux/sizes.h")
[ -n "$sz_4k" ] || die "abi-check: SZ_4K not found in $KHDR_COMMON/include/linux/sizes.h"

log "abi-check: $CC -std=gnu11 -Wall -Werror -DSZ_4K=$sz_4k -I<kernel drm uapi> abi_check_kernel.c"
"$CC" -std=gnu11 -Wall -Werror -DSZ_4K="$sz_4k" -I"$OUT/include" -I"$SHIM/include" \
	-c "$SHIM/abi_check_kernel.c" -o "$OUT/abi_check_kernel.o" 2> "$OUT/cc.log" || {
	cat "$OUT/cc.log" >&2
	echo "ABI check against kernel $kernel_version qaic_accel.h: MISMATCH (see above)"
	exit 1
}

# The file compiles either way; only the flag tells whether the kernel
# header was seen and the assertions were compiled in.
cat > "$OUT/flag.c" <<'C'
#include <stdio.h>
extern const int ac_abi_kernel_header_checked;
int main(void)
{
	printf("%d\n", ac_abi_kernel_header_checked);
	return 0;
}
C
"$CC" -std=gnu11 -Wall -Werror "$OUT/flag.c" "$OUT/abi_check_kernel.o" -o "$OUT/flag"
flag=$("$OUT/flag")
if [ "$flag" != 1 ]; then
	echo "ABI check against kernel $kernel_version qaic_accel.h: NOT CHECKED (ac_abi_kernel_header_checked = $flag)"
	exit 1
fi

# The check must be able to fail: the same compile against a copy of the
# kernel header whose struct qaic_wait has a widened dbc_id must be refused.
cp -r "$OUT/include" "$OUT/include-tampered"
sed -i '/^struct qaic_wait {/,/^};/ s/__u32 dbc_id;/__u64 dbc_id;/' "$OUT/include-tampered/drm/qaic_accel.h"
cmp -s "$OUT/include/drm/qaic_accel.h" "$OUT/include-tampered/drm/qaic_accel.h" &&
	die "abi-check: could not tamper with struct qaic_wait for the self-test"
if "$CC" -std=gnu11 -Wall -Werror -DSZ_4K="$sz_4k" -I"$OUT/include-tampered" -I"$SHIM/include" \
	-c "$SHIM/abi_check_kernel.c" -o /dev/null 2> "$OUT/cc-tampered.log"; then
	echo "ABI check against kernel $kernel_version qaic_accel.h: INEFFECTIVE (a widened qaic_wait.dbc_id went unnoticed)"
	exit 1
fi
grep -q 'qaic_wait size differs from the kernel' "$OUT/cc-tampered.log" ||
	die "abi-check: self-test failed for another reason: $(head -3 "$OUT/cc-tampered.log")"

echo "ABI check against kernel $kernel_version qaic_accel.h: OK"
