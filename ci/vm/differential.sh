#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare two results folders of the same case set (typically
# reference:qaic on the host and accel0 in the VM, same kernel profile) and
# print the rows whose status or actual result differs.
#
#   differential.sh [--baseline FAILS_TXT] REFERENCE_RESULTS VM_RESULTS
#
# With --baseline (the drm-ci fails file the VM run used), every differing
# row is followed by its explanation: the '# why:' comment line just above
# the row's entry in that file, or a note that the baseline does not list it.
# The VM column also shows the runner's baseline verdict (ExpectedFail, ...).
#
# Exit status: 0 when no row differs; 1 when some do and every one is
# listed in the baseline; 3 when some differing row is not listed (or no
# baseline was given); 2 on bad input.
set -euo pipefail

baseline=
if [ "${1:-}" = --baseline ]; then
	baseline=${2:-}
	[ -f "$baseline" ] || { echo "differential.sh: baseline '$baseline' not found" >&2; exit 2; }
	shift 2
fi
[ $# = 2 ] || { echo "usage: differential.sh [--baseline FAILS_TXT] REFERENCE_RESULTS VM_RESULTS" >&2; exit 2; }
command -v jq >/dev/null || { echo "differential.sh: jq is required" >&2; exit 2; }
for d in "$1" "$2"; do
	[ -f "$d/results.json" ] || { echo "differential.sh: $d/results.json missing" >&2; exit 2; }
done

rows() {
	jq -r '.records[] | [.outcome.name, .outcome.status, (.outcome.actual // "-"), (.classification // "-")] | @tsv' \
		"$1/results.json" | sort
}

. "$(dirname "$0")/baseline-why.sh"
explanations() { baseline_explanations "$baseline"; }

join -t $'\t' -a 1 -a 2 -e '(absent)' -o 0,1.2,1.3,2.2,2.3,2.4 <(rows "$1") <(rows "$2") |
awk -F'\t' -v have_baseline="${baseline:+1}" -v explained_file=<(explanations) '
	BEGIN {
		n = 0; unlisted = 0
		while ((getline line < explained_file) > 0) {
			split(line, f, "\t")
			listed[f[1]] = 1
			why[f[1]] = f[2]
		}
	}
	$2 != $4 || $3 != $5 {
		if (n++ == 0)
			printf "%-45s %-22s %s\n", "case", "reference", "vm (baseline verdict)"
		printf "%-45s %-22s %s\n", $1, $2 " " $3, $4 " " $5 ($6 != "-" ? " (" $6 ")" : "")
		if ($1 in listed)
			printf "    why: %s\n", why[$1] != "" ? why[$1] : "(listed in the baseline without a # why: line)"
		else {
			unlisted++
			if (have_baseline)
				printf "    why: NOT IN THE BASELINE (unexplained difference)\n"
		}
	}
	END {
		printf "%d row(s) differ", n
		if (have_baseline)
			printf ", %d explained by the baseline, %d unexplained", n - unlisted, unlisted
		printf "\n"
		exit n == 0 ? 0 : (unlisted > 0 ? 3 : 1)
	}'
