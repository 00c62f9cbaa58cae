#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest, after the suite: replay every C reproducer the host built
# (emit-reproducers.sh) against the real driver, one fresh process each.
#
#   run-reproducers.sh LIST BIN_DIR LOG_DIR OUT DEVICE
#
# LIST names one reproducer a line; OUT gets "NAME EXIT" lines (0: every
# syscall returned what the host trace recorded);
# LOG_DIR/NAME.log the reproducer's own output. Non-zero EXIT: a step
# differed (1), or the reproducer was killed after 60 s (timeout's status).
list=$1 bin=$2 logs=$3 out=$4 device=$5
mkdir -p "$logs"
: > "$out"
n=0
while read -r name; do
	[ -n "$name" ] || continue
	timeout 60 "$bin/$name" "$device" > "$logs/$name.log" 2>&1
	echo "$name $?" >> "$out"
	n=$((n + 1))
done < "$list"
echo "guest: replayed $n C reproducer(s), $(grep -c ' 0$' "$out") matched"
