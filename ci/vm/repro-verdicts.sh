#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Verdicts on the C reproducers replayed in the VM (guest/run-reproducers.sh).
#
#   repro-verdicts.sh [--baseline FAILS_TXT] REPRO_DIR REPRO_IN_VM_TXT
#
# REPRO_DIR is emit-reproducers.sh's OUT_DIR (emitted.txt, not-emitted.txt,
# excluded.txt, failed.txt, logs/ from the guest); REPRO_IN_VM_TXT the
# guest's "NAME EXIT" lines. Prints the summary line, then every reproducer
# that did not match, with the first differing step from its log and its
# explanation: a case the baseline lists is a known finding of the real
# driver (the reference run the reproducer comes from passes it, so its
# replay is expected to differ, with the baseline's '# why:'); anything
# else is UNEXPLAINED.
#
# Exit status: 0 when every difference is listed in the baseline; 1 when a
# reproducer differs unexplained, did not run, or could not be built for
# another reason than the emitter's #error on array fields; 2 bad input.
set -euo pipefail

baseline=
if [ "${1:-}" = --baseline ]; then
	baseline=${2:-}
	[ -f "$baseline" ] || { echo "repro-verdicts.sh: baseline '$baseline' not found" >&2; exit 2; }
	shift 2
fi
[ $# = 2 ] || { echo "usage: repro-verdicts.sh [--baseline FAILS_TXT] REPRO_DIR REPRO_IN_VM_TXT" >&2; exit 2; }
dir=$1 ran=$2
[ -f "$dir/emitted.txt" ] || { echo "repro-verdicts.sh: $dir/emitted.txt missing" >&2; exit 2; }

. "$(dirname "$0")/baseline-why.sh"
explanations() { baseline_explanations "$baseline"; }
declare -A why
while IFS=$'\t' read -r name text; do
	why[$name]=${text:-(listed in the baseline without a # why: line)}
done < <(explanations)

declare -A exit_of
if [ -f "$ran" ]; then
	while read -r name code; do exit_of[$name]=$code; done < "$ran"
fi

run=0 matched=0 differ=0 unexplained=0
details=()
while read -r name; do
	[ -n "$name" ] || continue
	code=${exit_of[$name]:-}
	if [ -z "$code" ]; then
		details+=("  DID NOT RUN $name (no exit status from the guest)")
		unexplained=$((unexplained + 1))
		continue
	fi
	run=$((run + 1))
	if [ "$code" = 0 ]; then
		matched=$((matched + 1))
		continue
	fi
	differ=$((differ + 1))
	first=$(grep -m1 '^step [0-9]*: .*expected' "$dir/logs/$name.log" 2>/dev/null || true)
	details+=("  differs $name (exit $code): ${first:-no differing step in the log, see repro/logs/$name.log}")
	if [ -n "${why[$name]+set}" ]; then
		details+=("      expected, in the baseline: ${why[$name]}")
	else
		details+=("      UNEXPLAINED: not in the baseline")
		unexplained=$((unexplained + 1))
	fi
done < "$dir/emitted.txt"

not_emitted=$(grep -c . "$dir/not-emitted.txt" 2>/dev/null || true)
excluded=$(grep -c . "$dir/excluded.txt" 2>/dev/null || true)
echo "C reproducers replayed in the VM: $run run, $matched matched, $differ differ, ${not_emitted:-0} not emitted (arrays)"
per_rule=$(awk '{n[$2]++} END {for (r in n) {printf "%s%s %d", sep, r, n[r]; sep = ", "}}' "$dir/excluded.txt" 2>/dev/null || true)
echo "  $(grep -c . "$dir/emitted.txt" || true) built from $(grep -c . "$dir/candidates.txt" 2>/dev/null || echo '?') passing reference case(s); ${excluded:-0} excluded by rule${per_rule:+ ($per_rule)}, listed in repro/excluded.txt"
for line in ${details[@]+"${details[@]}"}; do echo "$line"; done
if [ -s "$dir/failed.txt" ]; then
	while read -r name what; do
		echo "  NOT BUILT $name ($what failed: see repro/cc/$name.*)"
		unexplained=$((unexplained + 1))
	done < "$dir/failed.txt"
fi
if [ $unexplained -gt 0 ]; then
	echo "  $unexplained reproducer(s) differ unexplained, did not run or were not built"
	exit 1
fi
exit 0
