#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare two results folders of the same case set (typically
# reference:qaic on the host and accel0 in the VM, same kernel profile) and
# print the rows whose status or actual result differs.
#
#   differential.sh REFERENCE_RESULTS VM_RESULTS
#
# Exit status: 0 when no row differs, 1 when some do, 2 on bad input.
set -euo pipefail

[ $# = 2 ] || { echo "usage: differential.sh REFERENCE_RESULTS VM_RESULTS" >&2; exit 2; }
command -v jq >/dev/null || { echo "differential.sh: jq is required" >&2; exit 2; }
for d in "$1" "$2"; do
	[ -f "$d/results.json" ] || { echo "differential.sh: $d/results.json missing" >&2; exit 2; }
done

rows() {
	jq -r '.records[] | [.outcome.name, .outcome.status, (.outcome.actual // "-")] | @tsv' "$1/results.json" | sort
}

join -t $'\t' -a 1 -a 2 -e '(absent)' -o 0,1.2,1.3,2.2,2.3 <(rows "$1") <(rows "$2") |
awk -F'\t' '
	BEGIN { n = 0 }
	$2 != $4 || $3 != $5 {
		if (n++ == 0)
			printf "%-55s %-24s %s\n", "case", "reference (status actual)", "vm (status actual)"
		printf "%-55s %-24s %s\n", $1, $2 " " $3, $4 " " $5
	}
	END {
		printf "%d row(s) differ\n", n
		exit n > 0
	}'
