#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judges the device-removal scenario (guest/unbind.sh, run by
# run-vm-tier.sh --unbind): per driver, the driver was unbound through sysfs
# while a run was in flight on its device, then bound again and resumed.
#
#   unbind-check.sh RESULTS_DIR DRIVER...
#
# Expected, per driver (README "Device removal mid-run"):
#   - the runner did not hang: it exited 3 (run aborted: device lost);
#   - the first run's results.json names the loss as its abort reason; each
#     case after the loss is 'notrun' saying "device ... lost", the one in
#     flight (if it failed) 'incomplete' with what it saw; no other result is
#     unexpected (the baseline's expected failures are);
#   - every line of the journal parses, and it records the loss ('aborted');
#   - after the rebind, 'resume' exited 0 or 1 and left no case 'notrun'; the
#     only unexpected results are the 'incomplete' case(s) of the loss.
# Prints one verdict line per driver; exit 0 when all hold, 1 otherwise.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: unbind-check.sh RESULTS_DIR DRIVER..." >&2; exit 2; }
results=$1
shift
rc=0
for drv in "$@"; do
	d=$results/unbind-$drv
	bad=()
	counts() { jq -r '[.records[].outcome.status] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$1" 2>/dev/null; }
	if [ ! -f "$d/steps.txt" ]; then
		echo "unbind $drv: FAIL: the scenario did not run (no $d/steps.txt)"
		rc=1
		continue
	fi
	grep -q HANG "$d/steps.txt" && bad+=("the runner hung after the unbind")
	run_rc=$(cat "$d/run.exit" 2>/dev/null || echo none)
	[ "$run_rc" = 3 ] || bad+=("run exit $run_rc, expected 3 (aborted: device lost)")
	f=$d/first-results.json
	if [ -f "$f" ]; then
		jq -e '.abortReason // "" | test("device .* lost")' "$f" >/dev/null || bad+=("no 'device lost' abort reason")
		jq -e '[.records[] | select(.outcome.status == "notrun")] | length > 0' "$f" >/dev/null ||
			bad+=("no case was left after the unbind")
		n=$(jq '[.records[] | select(.outcome.status == "notrun" and (.outcome.message // "" | test("device .* lost") | not))] | length' "$f")
		[ "$n" = 0 ] || bad+=("$n notrun case(s) without the loss in their message")
		n=$(jq '[.records[] | select((.classification // "" | IN("UnexpectedFail", "UnexpectedImprovement")) and
			(.outcome.status != "incomplete" or (.outcome.message // "" | test("device .* lost") | not)))] | length' "$f")
		[ "$n" = 0 ] || bad+=("$n case(s) recorded a failure instead of the loss")
		inflight=$(jq -r '.records[] | select(.outcome.status == "incomplete") | "\(.outcome.name) (\(.outcome.message | capture("it saw: (?<s>[^)]*)").s // "?"))"' "$f" | head -3 | tr '\n' ' ')
	else
		bad+=("no first-results.json")
	fi
	if [ -f "$d/first-journal.jsonl" ]; then
		lines=$(wc -l < "$d/first-journal.jsonl")
		parsed=$(jq -c . "$d/first-journal.jsonl" 2>/dev/null | wc -l)
		[ "$lines" = "$parsed" ] || bad+=("journal: $parsed of $lines lines parse")
		grep -q '"event":"aborted".*lost' "$d/first-journal.jsonl" || bad+=("the journal does not record the loss")
	else
		bad+=("no first-journal.jsonl")
	fi
	resume_rc=$(cat "$d/resume.exit" 2>/dev/null || echo none)
	case $resume_rc in 0|1) ;; *) bad+=("resume exit $resume_rc after the rebind, expected 0 or 1") ;; esac
	r=$d/run/results.json
	if [ -f "$r" ]; then
		n=$(jq '[.records[] | select(.outcome.status == "notrun")] | length' "$r")
		[ "$n" = 0 ] || bad+=("$n case(s) still notrun after resume")
		n=$(jq '[.records[] | select((.classification // "" | IN("UnexpectedFail", "UnexpectedImprovement")) and
			(.outcome.status != "incomplete" or (.outcome.message // "" | test("device .* lost") | not)))] | length' "$r")
		[ "$n" = 0 ] || bad+=("$n unexpected result(s) after resume besides the loss")
	else
		bad+=("no results.json after resume")
	fi
	echo "unbind $drv: $(grep -o 'unbinding after [0-9]* finished' "$d/steps.txt" | sed 's/unbinding //'); run exit $run_rc" \
		"($(grep -o 'exit [0-9]*, [0-9]* s after the unbind' "$d/steps.txt" | sed 's/exit [0-9]*, //')): $(counts "$f")" \
		"${inflight:+; in flight: $inflight}; resume exit $resume_rc: $(counts "$r")"
	if [ ${#bad[@]} -gt 0 ]; then
		for b in "${bad[@]}"; do echo "unbind $drv: FAIL: $b"; done
		rc=1
	fi
done
exit $rc
