#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Drift table: every row whose real-driver result differs between two VM
# runs of different kernel series (6.12 and 7.3), with the source change
# that explains it, read from an explanations file kept in the repository
# (ci/vm/drift-explanations.txt, written from reading the source diff, never
# from what the VM returned).
#
#   drift.sh [--explanations FILE] OLD_RESULTS NEW_RESULTS
#
# OLD_RESULTS and NEW_RESULTS are run-vm-tier.sh results folders (their
# kernel.txt names the series; their run/results.json holds the rows). A
# row's result is what the driver returned (the runner's 'actual': 0 or an
# errno name), or its status when nothing was returned (skip, crash, ...).
# Rows run on one kernel only (the tables differ per profile) and rows
# skipped on either kernel (no driver result to compare) are counted, not
# compared; an explanation for such a row is kept, not flagged.
#
# Explanations file: one line per row, '|'-separated:
#   ROW | OLD RESULT | NEW RESULT | source change (file:function and why)
# An entry explains a drift only when both results match it, so an
# explanation goes stale loudly when a result changes again. Lines starting
# with '#' and blank lines are ignored.
#
# Exit status: 0 when every drifting row is explained (or none drifts);
# 3 when some drifting row is not explained (flagged UNEXPLAINED) or an
# explanation names a row that no longer drifts (flagged STALE); 2 on bad
# input (the message names the file and line).
set -euo pipefail

explanations=$(dirname "$0")/drift-explanations.txt
if [ "${1:-}" = --explanations ]; then
	explanations=${2:-}
	shift 2
fi
[ $# = 2 ] || { echo "usage: drift.sh [--explanations FILE] OLD_RESULTS NEW_RESULTS" >&2; exit 2; }
command -v jq >/dev/null || { echo "drift.sh: jq is required" >&2; exit 2; }
[ -f "$explanations" ] || { echo "drift.sh: explanations file '$explanations' not found" >&2; exit 2; }
for d in "$1" "$2"; do
	[ -f "$d/run/results.json" ] || { echo "drift.sh: $d/run/results.json missing" >&2; exit 2; }
done
series() { awk '$1 == "series" {print $2}' "$1/kernel.txt" 2>/dev/null || true; }
old_k=$(series "$1"); old_k=${old_k:-old}
new_k=$(series "$2"); new_k=${new_k:-new}

# Malformed explanation lines are input errors, reported with file:line.
awk -F'|' -v f="$explanations" '
	/^[[:space:]]*(#|$)/ { next }
	NF != 4 { printf "drift.sh: %s:%d: expected 4 |-separated fields (row | %s | %s | source change), got %d\n", f, NR, "old", "new", NF > "/dev/stderr"; bad = 1 }
	END { exit bad ? 2 : 0 }' "$explanations" || exit 2

rows() {
	jq -r '.records[] | [.outcome.name, (if (.outcome.actual // "") != "" then .outcome.actual else .outcome.status end)] | @tsv' \
		"$1/run/results.json" | sort -u -t $'\t' -k1,1
}

join -t $'\t' -a 1 -a 2 -e '(absent)' -o 0,1.2,2.2 <(rows "$1") <(rows "$2") |
awk -F'\t' -v ef="$explanations" -v ok="$old_k" -v nk="$new_k" '
	function trim(s) { gsub(/^[[:space:]]+|[[:space:]]+$/, "", s); return s }
	BEGIN {
		while ((getline line < ef) > 0) {
			if (line ~ /^[[:space:]]*(#|$)/) continue
			split(line, f, "|")
			r = trim(f[1]); eold[r] = trim(f[2]); enew[r] = trim(f[3]); why[r] = trim(f[4])
		}
	}
	$2 == "(absent)" || $3 == "(absent)" { only++; uncompared[$1] = 1; next }
	$2 == "skip" || $3 == "skip" { skipped++; uncompared[$1] = 1; next }
	{ compared++ }
	$2 != $3 {
		if (n++ == 0)
			printf "%-48s %-14s %-14s %s\n", "row", ok, nk, "source change"
		r = $1
		if ((r in why) && eold[r] == $2 && enew[r] == $3) {
			printf "%-48s %-14s %-14s %s\n", r, $2, $3, why[r]
		} else {
			unexplained++
			printf "%-48s %-14s %-14s UNEXPLAINED%s\n", r, $2, $3,
				(r in why) ? " (the explanation is for " eold[r] " -> " enew[r] ")" : ""
		}
		drifted[r] = 1
	}
	END {
		for (r in why)
			if (!(r in drifted) && !(r in uncompared)) {
				stale++
				printf "%-48s %-14s %-14s STALE: explained but does not drift in these runs\n", r, eold[r], enew[r]
			}
		printf "drift %s -> %s: %d of %d compared row(s) differ, %d explained, %d unexplained, %d stale explanation(s); not compared: %d skipped on a kernel, %d run on one kernel only\n",
			ok, nk, n, compared, n - unexplained, unexplained, stale, skipped, only
		exit (unexplained + stale) > 0 ? 3 : 0
	}'
