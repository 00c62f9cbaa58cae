#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `conformance-runner compare` on the VM tier's own folders, cross-checked
# against the scripts that compute the same question another way:
#   reference -> VM, per series: compare's changed rows must be exactly the
#     rows differential.sh printed (<series>/differential.txt);
#   6.12 -> 7.3: every row whose status changed (both kernels ran it, neither
#     skipped it) must be a row drift.sh listed (drift.txt): a status cannot
#     change while the driver returns the same thing. Drift rows whose status
#     did not change are the rows whose expectation follows the kernel (both
#     pass, with the errno of their kernel); they are counted, not flagged.
# compare's status view and the scripts' driver-result view are computed by
# different code (Swift vs jq/awk), so a disagreement is a bug in one of them
# or a mismatched pair of folders.
#
#   compare-check.sh RUNNER RESULTS_DIR
#
# RESULTS_DIR is a ci-tier.sh results folder (<series>/run, <series>/reference,
# <series>/differential.txt, drift.txt). Writes compare-*.txt and
# compare-*.json there and prints a summary.
# Exit status: 0 consistent; 1 a disagreement (printed as MISMATCH);
# 2 bad input (a missing folder or file, compare exiting 2).
set -uo pipefail

[ $# = 2 ] || { echo "usage: compare-check.sh RUNNER RESULTS_DIR" >&2; exit 2; }
runner=$1 results=$2
[ -x "$runner" ] || { echo "compare-check.sh: runner '$runner' not found or not executable" >&2; exit 2; }
[ -d "$results" ] || { echo "compare-check.sh: results folder '$results' not found" >&2; exit 2; }
command -v jq >/dev/null || { echo "compare-check.sh: jq is required" >&2; exit 2; }
rc=0

# compare A B NAME: text and JSON into RESULTS_DIR/compare-NAME.{txt,json}. 0 and 1
# (regressions) are answers; anything else is bad input.
run_compare() {
	local crc=0
	"$runner" compare "$1" "$2" > "$results/compare-$3.txt" 2>&1 || crc=$?
	"$runner" compare "$1" "$2" --json > "$results/compare-$3.json" 2>> "$results/compare-$3.txt" || true
	if [ $crc != 0 ] && [ $crc != 1 ]; then
		echo "compare-check.sh: compare $1 $2 exited $crc:" >&2
		cat "$results/compare-$3.txt" >&2
		exit 2
	fi
}
# Names of every changed case in a compare JSON (FILTER picks the lists).
changed() {
	jq -r "[.devices[] | (.regressions + .fixes + .other + .new + .removed)[]] | map(select($2)) | .[].name" "$1" | sort -u
}
# The case names of a differential.txt / drift.txt table (rows start with a dotted name).
table_rows() { awk '$1 ~ /^[a-z0-9_]+\.[a-z0-9_.]+$/ {print $1}' "$1" | sort -u; }

for series in 6.12 7.3; do
	s=$results/$series
	[ -f "$s/run/results.json" ] && [ -f "$s/reference/results.json" ] || continue
	[ -f "$s/differential.txt" ] || { echo "compare-check.sh: $s/differential.txt missing" >&2; exit 2; }
	run_compare "$s/reference" "$s/run" "reference-vm-$series"
	c=$(changed "$results/compare-reference-vm-$series.json" true)
	d=$(table_rows "$s/differential.txt")
	n=$(printf '%s' "$c" | grep -c .)
	if [ "$c" = "$d" ]; then
		echo "compare reference:qaic -> VM ($series): $n changed row(s) = differential.sh's rows: $(echo $c)"
	else
		echo "compare reference:qaic -> VM ($series): MISMATCH with differential.sh"
		echo "    only in compare: $(comm -23 <(echo "$c") <(echo "$d") | tr '\n' ' ')"
		echo "    only in differential.sh: $(comm -13 <(echo "$c") <(echo "$d") | tr '\n' ' ')"
		rc=1
	fi
done

old=$results/6.12 new=$results/7.3
if [ -f "$old/run/results.json" ] && [ -f "$new/run/results.json" ]; then
	[ -f "$results/drift.txt" ] || { echo "compare-check.sh: $results/drift.txt missing" >&2; exit 2; }
	run_compare "$old/run" "$new/run" "6.12-7.3"
	j=$results/compare-6.12-7.3.json
	all=$(changed "$j" true)
	status=$(changed "$j" '.before != null and .after != null and .before != "skip" and .after != "skip"')
	drift=$(table_rows "$results/drift.txt")
	unlisted=$(comm -23 <(echo "$status") <(echo "$drift") | grep . || true)
	same_status=$(comm -13 <(echo "$status") <(echo "$drift") | grep -c . || true)
	echo "compare 6.12 -> 7.3 (accel0): $(jq -r '[.devices[] | "\(.regressions | length) regression(s), \(.fixes | length) fix(es), \(.new | length) new, \(.removed | length) removed, \(.other | length) other"] | join("; ")' "$j")"
	echo "  status changes on rows both kernels ran: $(echo $status)"
	echo "  skipped on one kernel or run on one only (drift.sh does not compare them): $(comm -23 <(echo "$all") <(echo "$status") | grep -c . || true)"
	echo "  drift.sh rows with the same status on both kernels (the expectation follows the kernel): $same_status"
	if [ -n "$unlisted" ]; then
		echo "  MISMATCH: status changed but drift.sh lists no driver-result change: $(echo $unlisted)"
		rc=1
	fi
fi
exit $rc
