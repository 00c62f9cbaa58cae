#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn the passing cases of a host results folder (reference:qaic, same
# profile and workload as the VM run) into static C reproducers the guest
# replays against the real driver (guest/run-reproducers.sh).
#
#   emit-reproducers.sh RUNNER REFERENCE_RESULTS OUT_DIR BIN_DIR
#
# For every passing, non-hazard case: `RUNNER repro NAME --emit-c` writes
# OUT_DIR/src/NAME.c (with our accel_*_uapi.h beside it), then
# `gcc -static -Wall -Werror` builds BIN_DIR/NAME. Writes into OUT_DIR:
#   emitted.txt      the cases built, one name a line (the guest's list)
#   not-emitted.txt  "NAME arrays": the emitter's #error for array fields
#                    without provenance (format-1 traces)
#   excluded.txt     "NAME RULE": classes left out by a rule below
#   failed.txt       "NAME emit|compile": the emitter failed, or the program
#                    did not compile for another reason than the #error
#                    (an emitter bug: the caller fails the tier)
# Exit status 0 (even with entries in failed.txt), 2 on bad input.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ $# = 4 ] || { echo "usage: emit-reproducers.sh RUNNER REFERENCE_RESULTS OUT_DIR BIN_DIR" >&2; exit 2; }
runner=$1 ref=$2 out=$3 bin=$4
[ -f "$ref/results.json" ] || { echo "emit-reproducers.sh: $ref/results.json missing" >&2; exit 2; }
CC=x86_64-linux-gnu-gcc-12
command -v $CC >/dev/null || CC=gcc
rm -rf "$out" "$bin"
mkdir -p "$out/src" "$out/cc" "$bin"
: > "$out/emitted.txt"; : > "$out/not-emitted.txt"; : > "$out/excluded.txt"; : > "$out/failed.txt"

# Classes whose replay cannot match for a reason inherent to replaying a
# trace in another process are left out by these rules (and counted):
#   credentials       the case needs drop-privileges: it changes its uid and
#                     capabilities before the ioctl; credentials are not
#                     device syscalls, so the trace does not hold them and
#                     the reproducer runs with the guest's root
#   recorded-address  (format-1 traces only) a successful ioctl's argument
#                     holds a non-zero address (a field recorded as a hex
#                     string, e.g. VERSION's name buffer) with no provenance:
#                     valid in the recording process only
#   empty-array       (format-1 traces only) an argument holds an array
#                     recorded as [] with no provenance: the reproducer
#                     passes 0 where the recording passed some pointer
#   Format-2 traces record every pointer's buffer (TraceProvenance), so
#   their reproducers rebuild those arguments and neither rule applies; the
#   user addresses inside a buffer (a MANAGE DMA_XFER's addr) are recorded
#   with their page layout ('pages') and mapped alike by the reproducer.
#   foreign-fd        an argument's 'fd' is a descriptor the trace never
#                     opened nor received (e.g. a pipe made outside the
#                     device boundary): the replay has no such descriptor
# The mmap offsets and fds that ioctls hand out are mapped by the emitter
# (CReproducer), so those need no rule.
drop_privileges=$("$runner" list --device reference:qaic --kernel-profile \
	"$(jq -r '.records[0].profile' "$ref/results.json")" --json |
	jq -r '.[] | select(.requirements | index("drop-privileges")) | .name')
exclusion_rule() {	# exclusion_rule NAME TRACE -> rule name, or nothing
	if grep -qxF "$1" <<< "$drop_privileges"; then echo credentials; return; fi
	jq -rs '
		def ok: .result == 0 or .result == "0";
		[.[] | select(.syscall == "ioctl" and ok and (.in | type) == "object" and .provenance == null)
		     | .in | .. | strings | select(test("^0x[0-9a-fA-F]*[1-9a-fA-F]"))] as $addr
		| [.[] | select(.syscall == "ioctl" and (.in | type) == "object" and .provenance == null)
		     | .in | .. | arrays | select(length == 0)] as $empty
		| ([.[] | select(.syscall == "open" and ok) | .fd]
		   + [.[] | select(.syscall == "ioctl" and ok) | .out | objects | .fd | numbers]) as $known
		| [.[] | select(.syscall == "ioctl") | .in | objects | .fd | numbers | select(. >= 0)
		       | select(. as $f | $known | index($f) | not)] as $foreign
		| if ($addr | length) > 0 then "recorded-address"
		  elif ($empty | length) > 0 then "empty-array"
		  elif ($foreign | length) > 0 then "foreign-fd"
		  else empty end' "$2"
}

jq -r '.records[] | select(.outcome.status == "pass" and .tier != "hazard") | .outcome.name' \
	"$ref/results.json" > "$out/candidates.txt"
todo=()
while read -r name; do
	trace=$ref/cases/$name/trace.jsonl
	rule=
	[ -f "$trace" ] && rule=$(exclusion_rule "$name" "$trace")
	if [ -n "$rule" ]; then
		echo "$name $rule" >> "$out/excluded.txt"
	else
		todo+=("$name")
	fi
done < "$out/candidates.txt"

# One runner process per case (about 0.1 s each), two at a time; each in
# a folder of its own, since the emitter also (re)writes the headers beside
# its output.
export runner ref out
uapi=$REPO_DIR/Sources/CAccelShim/include
printf '%s\n' "${todo[@]}" | xargs -r -P 2 -I{} sh -c \
	'if "$runner" repro "$1" --results "$ref" --emit-c "$out/emit/$1/$1.c" --uapi-dir "$0" > /dev/null 2> "$out/cc/$1.emit"
	 then mv "$out/emit/$1/$1.c" "$out/src/"; else echo "$1 emit" >> "$out/failed.txt"; fi' "$uapi" {}
cp "$uapi"/accel_*_uapi.h "$out/src/"
rm -rf "$out/emit"

# The emitter says what it cannot rebuild with #error; those programs do
# not compile by design and are counted, any other compiler error is ours.
export CC bin
printf '%s\n' "${todo[@]}" | xargs -r -P 2 -I{} sh -c '
	[ -f "$out/src/$1.c" ] || exit 0
	if $CC -std=c11 -static -O1 -s -Wall -Werror -I"$out/src" -o "$bin/$1" "$out/src/$1.c" 2> "$out/cc/$1.log"; then
		echo "$1" >> "$out/emitted.unsorted"
	elif grep -q "error: #error \"field .* holds [0-9]* elements" "$out/cc/$1.log"; then
		echo "$1 arrays" >> "$out/not-emitted.txt"
	else
		echo "$1 compile" >> "$out/failed.txt"
	fi' _ {}
[ -f "$out/emitted.unsorted" ] && sort "$out/emitted.unsorted" > "$out/emitted.txt"
rm -f "$out/emitted.unsorted"
sort -o "$out/not-emitted.txt" "$out/not-emitted.txt"
sort -o "$out/failed.txt" "$out/failed.txt"
find "$out/cc" -empty -delete
log "C reproducers: $(wc -l < "$out/candidates.txt") passing case(s) on the host, $(wc -l < "$out/emitted.txt") built, $(wc -l < "$out/not-emitted.txt") not emitted (arrays), $(wc -l < "$out/excluded.txt") excluded by rule, $(wc -l < "$out/failed.txt") failed"
