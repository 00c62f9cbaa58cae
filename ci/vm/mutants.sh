#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation score of the conformance tables against the real upstream driver:
# mutants of the VM tier's checksum-verified copy of drivers/accel/<driver>
# (ci/vm/mutants/generate.py: code reachable from the ioctl table, mmap and
# the GEM/driver callbacks), each built, loaded in the VM in place of the
# driver (insmod/rmmod per mutant, as few boots as possible) and run on the
# rows of the mutated ioctl plus the DRM-core rows. Killed = some row's
# outcome (status and errno) differs from the unmutated driver's.
#
#   ci/vm/mutants.sh --driver qaic --kernel 6.12|7.3 --results DIR
#   ci/vm/mutants.sh --driver ethosu --kernel 7.3 --results DIR   (ethosu is not in 6.12)
#                    [--sample N --seed S] [--only ID,...] [--runner PATH]
#                    [--jobs N] [--run-equivalent] [--resume] [--exclude GLOB]...
#
#   --sample N --seed S  N mutants drawn with seed S from the non-equivalent ones
#   --only ID,...        exactly these mutants (ids as in mutants.json)
#   --jobs N             parallel mutant builds (default 2)
#   --run-equivalent     also build and run the mutants the equivalent list names
#                        (default: counted as equivalent without running)
#   --exclude GLOB       leave these rows out of every run (repeatable): shows which
#                        mutants a row guards (a mutant only it killed survives)
#   --resume             go on with an interrupted run in DIR: keep its mutants,
#                        builds and finished runs (same selection options needed)
#
# Writes DIR/mutants.json (counts per file, function and ioctl; survivors
# with file:line and the mutation; the score line) and DIR/score.txt.
# Exit status: 0 no non-equivalent mutant survived (other than the ones
# ci/vm/mutants/<driver>-known-survivors.txt lists, waiting for a row); 1 an
# unlisted one survived, or a listed one was killed (remove it from the list);
# 2 bad arguments; 10 fetch, build of the unmutated driver or boot failed.
set -euo pipefail
VM=$(cd "$(dirname "$0")" && pwd)

usage() {
	echo "usage: ci/vm/mutants.sh --driver qaic|ethosu --kernel 6.12|7.3 --results DIR [--sample N --seed S]" \
		"[--only IDS] [--runner PATH] [--jobs N] [--run-equivalent] [--resume] [--exclude GLOB]" >&2
	exit 2
}
bad() { echo "mutants.sh: $*" >&2; exit 2; }

driver= kernel= results= sample=0 seed=0 only= jobs=2 run_eq=0 resume=0
excludes=()
runner=$VM/../../.build/debug/conformance-runner
while [ $# -gt 0 ]; do
	case $1 in
	--driver) driver=${2:-}; shift 2 || usage ;;
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--results) results=${2:-}; shift 2 || usage ;;
	--sample) sample=${2:-}; shift 2 || usage ;;
	--seed) seed=${2:-}; shift 2 || usage ;;
	--only) only=${2:-}; shift 2 || usage ;;
	--runner) runner=${2:-}; shift 2 || usage ;;
	--jobs) jobs=${2:-}; shift 2 || usage ;;
	--run-equivalent) run_eq=1; shift ;;
	--resume) resume=1; shift ;;
	--exclude) [ -n "${2:-}" ] || bad "--exclude needs a row pattern"; excludes+=("$2"); shift 2 ;;
	*) bad "unknown argument '$1'" ;;
	esac
done
case $kernel in 6.12|7.3) ;; *) bad "--kernel '$kernel': expected 6.12 or 7.3" ;; esac
# KCONFIG: the driver's Kconfig symbol for the mutants' kbuild runs
case $driver in
qaic) KCONFIG=CONFIG_DRM_ACCEL_QAIC ;;
ethosu)
	[ "$kernel" = 7.3 ] || bad "--driver ethosu --kernel $kernel: ethosu is not in $kernel (7.3 only)"
	KCONFIG=CONFIG_DRM_ACCEL_ARM_ETHOSU ;;
*) bad "--driver '$driver': expected qaic or ethosu" ;;
esac
[ -n "$results" ] || bad "--results DIR is required"
[[ $sample =~ ^[0-9]+$ ]] || bad "--sample '$sample': expected a number"
[[ $seed =~ ^[0-9]+$ ]] || bad "--seed '$seed': expected a number"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || bad "--jobs '$jobs': expected a positive number"
[ -x "$runner" ] || bad "--runner '$runner' not found or not executable (swift build first)"
runner=$(readlink -f "$runner")

export ACCEL_VM_KERNEL=$kernel
. "$VM/common.sh"
start=$SECONDS
mkdir -p "$results" || bad "--results '$results': cannot create"
results=$(readlink -f "$results")
EQ=$VM/mutants/$driver-equivalent.txt
# Survivors waiting for a row (drm-ci style: listed, still in the score, do not fail the exit status)
KNOWN=$VM/mutants/$driver-known-survivors.txt
[ -f "$KNOWN" ] || KNOWN=

# 1. The kernel (the tier's cache) and the verified, unmutated driver, built
#    by build-qaic.sh (and build-ethosu.sh) in a cache of the mutants' own ($ACCEL_VM_CACHE/mutants:
#    the tier's kernel, packages and chroot by reference), so a tier run at the
#    same time (which may rebuild or patch its copy) does not disturb this one.
"$VM/fetch-kernel.sh" || exit 10
kernel_env
KENV=$KCACHE/kernel.env
#    ACCEL_MUTANTS_CACHE moves that cache (a long full run next to CI's
#    samples); one mutants run at a time per cache and series (flock).
MC=${ACCEL_MUTANTS_CACHE:-$ACCEL_VM_CACHE/mutants}
MK=$MC/$ACCEL_VM_KERNEL
mkdir -p "$MK"
exec 8> "$MK/.mutants.lock"
flock -n 8 || { log "waiting for another mutants run on $MK"; flock 8; }
[ -e "$MC/chroot-trixie" ] || ln -s "$ACCEL_VM_CACHE/chroot-trixie" "$MC/chroot-trixie"
[ -e "$MK/debs" ] || ln -s "$KCACHE/debs" "$MK/debs"
mine() { ACCEL_VM_CACHE=$MC ACCEL_VM_KERNEL_ENV=$KENV "$@"; }
# qaic always: the initramfs's /init brings qaic up before ethosu
mine "$VM/build-qaic.sh" || exit 10
[ "$driver" = ethosu ] && { mine "$VM/build-ethosu.sh" || exit 10; }
BASE=$MK/build-$driver-$KREL
UPSRC=$MK/$driver-upstream-$KVER/drivers/accel/$driver
[ "$(head -1 "$BASE/SOURCE_STATUS")" = verified ] ||
	{ log "$BASE is not the verified upstream driver"; exit 10; }

# 2. Mutants of the verified sources.
G=$results/gen
S=$results/share
if [ $resume = 1 ] && [ -f "$results/build/status.txt" ] && [ -f "$G/mutants.json" ]; then
	log "resuming $results: $(grep -c ' built ' "$results/build/status.txt") built mutant(s)," \
		"$(ls "$S"/m/*/done 2>/dev/null | wc -l) run(s) done"
else
resume=0
rm -rf "$G" "$results/ko" "$results/build" "$S"
mkdir -p "$results/ko" "$results/build"
python3 "$VM/mutants/generate.py" --driver "$driver" --kernel "$ACCEL_VM_KERNEL" --src "$UPSRC" --out "$G" \
	--equivalent "$EQ" \
	--sample "$sample" --seed "$seed" ${only:+--only "$only"} | tee "$results/generate.txt" || exit 2
# "DIR FILE" of every mutant to build (listed equivalents only with --run-equivalent)
jq -r --argjson eq $run_eq '.mutants[] | select(.selected and ($eq == 1 or .equivalent == null)) | "\(.dir) \(.file)"' \
	"$G/mutants.json" > "$results/to-build.txt"
log "building $(wc -l < "$results/to-build.txt") mutant(s), $jobs at a time"

# 3. Builds: each worker has its own copy of the unmutated build tree; per
#    mutant only the mutated file is recompiled, then restored.
worker() {	# worker N: every jobs-th line of to-build.txt
	local n=$1 W=$MK/work-$driver-$1 dir file i=0 t0
	local D=$MK/work-$driver-$1/$driver
	rm -rf "$W" && cp -a "$BASE" "$W"
	kbuild_make "$W" $KCONFIG=m modules > "$results/build/worker-$n.log" 2>&1 || return 1
	mkdir -p "$W/pristine"
	cp -p "$D"/*.c "$D"/*.o "$W/pristine/"
	cp -p "$D"/.*.o.cmd "$W/pristine/" 2>/dev/null || true
	while read -r dir file; do
		i=$((i + 1))
		[ $(( (i - 1) % jobs )) = $((n - 1)) ] || continue
		t0=$SECONDS
		cp "$G/src/$dir/$file" "$D/$file"
		touch "$D/$file"
		rm -f "$D/$driver.ko"
		if kbuild_make "$W" $KCONFIG=m modules > "$results/build/$dir.log" 2>&1 &&
		   [ -f "$D/$driver.ko" ]; then
			strip --strip-debug -o "$results/ko/$dir.ko" "$D/$driver.ko"
			echo "$dir built $((SECONDS - t0))" >> "$results/build/status-$n.txt"
		else
			echo "$dir failed $((SECONDS - t0))" >> "$results/build/status-$n.txt"
		fi
		o=${file%.c}.o
		cp -p "$W/pristine/$file" "$W/pristine/$o" "$D/"
		cp -p "$W/pristine/.$o.cmd" "$D/" 2>/dev/null || true
	done < "$results/to-build.txt"
}
t0=$SECONDS
rm -f "$results"/build/status-*.txt
pids=()
for n in $(seq "$jobs"); do
	worker "$n" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { log "a build worker could not build the unmutated driver"; exit 10; }; done
cat "$results"/build/status-*.txt 2>/dev/null | sort > "$results/build/status.txt" || true
build_s=$((SECONDS - t0))
log "built $(grep -c ' built ' "$results/build/status.txt" || true)," \
	"failed $(grep -c ' failed ' "$results/build/status.txt" || true) in $build_s s"
fi
build_s=${build_s:-0}

# 4. Boots: the unmutated driver first (and again last, to see flaky rows),
#    then every built mutant, over the 9p share.
mkdir -p "$S/ko" "$S/m"
printf '%s\n' "${excludes[@]}" | grep . > "$S/exclude.txt" || rm -f "$S/exclude.txt"
strip --strip-debug -o "$S/ko/base.ko" "$BASE/$driver/$driver.ko"
cp "$S/ko/base.ko" "$S/ko/base2.ko"
ln "$results"/ko/*.ko "$S/ko/" 2>/dev/null || cp "$results"/ko/*.ko "$S/ko/" 2>/dev/null || true
BLF=$VM/baselines/$driver-vm-$ACCEL_VM_KERNEL-fails.txt
[ -f "$BLF" ] && cp "$BLF" "$S/baseline-fails.txt"
# the unmutated driver runs the union of the rows the mutants run
base_rows=$(jq -r '[.mutants[] | select(.selected) | .rows[]] | unique | join(" ")' "$G/mutants.json")
{
	echo "base $base_rows"
	jq -r '.mutants[] | select(.selected) | "\(.dir) \(.rows | join(" "))"' "$G/mutants.json" |
		while read -r dir rows; do if [ -f "$S/ko/$dir.ko" ]; then echo "$dir $rows"; fi; done
	echo "base2 $base_rows"
} > "$S/queue.txt"
total=$(wc -l < "$S/queue.txt")

stage=$MK/stage
rm -rf "$stage" && mkdir -p "$stage/opt/accel"
cp "$runner" "$stage/opt/accel/conformance-runner"
cp "$VM/sim-aic100/workload.json" "$VM/mutants/guest.sh" "$stage/opt/accel/"
for lib in $(ldd "$runner" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
mine "$VM/build-initramfs.sh" "$stage" || exit 10
printf '#!/bin/sh\nsh /opt/accel/guest.sh /results %s\necho $? > /results/guest-command.exit\n' "$driver" > "$S/guest-command.sh"

t0=$SECONDS
boots=0
# the longest a single queue entry may take (the unmutated driver on every row)
STALL=${ACCEL_MUTANTS_STALL:-600}
while :; do
	remaining=0
	while read -r dir _; do [ -f "$S/m/$dir/done" ] || remaining=$((remaining + 1)); done < "$S/queue.txt"
	[ $remaining = 0 ] && break
	boots=$((boots + 1))
	[ $boots -gt $((total + 3)) ] && { log "too many boots"; exit 10; }
	log "boot $boots: $remaining of $total left"
	ACCEL_VM_CONSOLE_LOG=$results/console-$boots.log mine "$VM/boot.sh" --timeout $((300 + 150 * remaining)) \
		--share "$S" -- accelvm.polling=0 > /dev/null 2>&1 &
	boot_pid=$!
	# Watchdog: no mutant started or finished for STALL seconds means the VM
	# hangs (a lock held by an oopsed task, a stuck rmmod): stop this boot's
	# QEMU (found by the share only this run exports) and go on in a new one.
	last=$SECONDS seen=-1
	while kill -0 "$boot_pid" 2>/dev/null; do
		sleep 10
		n=$(find "$S/m" \( -name start -o -name done \) 2>/dev/null | wc -l)
		[ "$n" = "$seen" ] || { seen=$n; last=$SECONDS; }
		if [ $((SECONDS - last)) -gt "$STALL" ]; then
			q=$(pgrep -f -- "-virtfs local,path=$S,mount_tag=host" | head -1)
			log "boot $boots: no progress for $STALL s, stopping QEMU ${q:-(not found)}"
			[ -n "$q" ] && kill "$q"
			break
		fi
	done
	wait "$boot_pid" || log "boot $boots ended badly (see console-$boots.log)"
	[ -f "$S/dmesg.txt" ] && mv "$S/dmesg.txt" "$results/dmesg-$boots.txt"
	# a mutant started but never done: the VM hung or died under it
	while read -r dir _; do
		if [ -f "$S/m/$dir/start" ] && [ ! -f "$S/m/$dir/done" ]; then
			echo "boot $boots ended while this mutant ran (hang or panic)" > "$S/m/$dir/note"
			touch "$S/m/$dir/hung" "$S/m/$dir/done"
			log "$dir: boot ended while it ran"
		fi
	done < "$S/queue.txt"
	if [ ! -f "$S/m/base/done" ] || [ ! -f "$S/m/base/stage1/results.json" ]; then
		log "the unmutated driver did not run (see console-$boots.log)"; exit 10
	fi
done
run_s=$((SECONDS - t0))
rm -f "$S"/ko/*.ko

# 5. Outcomes against the unmutated driver's, counts, survivors, score.
rc=0
python3 "$VM/mutants/score.py" --gen "$G/mutants.json" --share "$S" --build "$results/build/status.txt" \
	--kernel "$ACCEL_VM_KERNEL" --krel "$KREL" --out "$results/mutants.json" --equivalent "$EQ" \
	${KNOWN:+--known-survivors "$KNOWN"} \
	--times "build=$build_s,run=$run_s,boots=$boots,total=$((SECONDS - start))" > "$results/score.txt" || rc=$?
cat "$results/score.txt"
[ $rc = 2 ] && exit 10
exit $rc
