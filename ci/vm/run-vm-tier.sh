#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM tier end to end: a Debian kernel (6.12 or 7.3), the upstream qaic
# driver of that kernel's own source over the simulated AIC100, the
# conformance runner inside the VM against /dev/accel/accel0, results back
# on the host over 9p.
#
#   run-vm-tier.sh [--kernel 6.12|7.3] [--runner PATH] [--results DIR]
#                  [--qaic-src DIR] [--baseline-fails FILE|none] [--hazards]
#                  [--differential] [--repro-in-vm]
#                  [-- extra 'run' arguments]
#
#   --kernel    the Debian kernel series (default 6.12): 6.12 from
#               bookworm-security, 7.3 from trixie-backports (modules built
#               in a trixie chroot). The newest matching versions are picked
#               at run time and recorded in <results>/kernel.txt; each series
#               has its own cache, $ACCEL_VM_CACHE/<series>.
#               The kernel profile is never given: the runner derives it
#               from the guest's kernel release (recorded in kernel.txt).
#   --runner    conformance-runner binary (default: .build/debug/conformance-runner)
#   --results   host folder receiving the results (default:
#               $ACCEL_VM_CACHE/<series>/results); the runner's folder is <results>/run
#   --qaic-src  a drivers/accel/qaic directory to test instead of Debian's copy
#   --ethosu-src  (7.3 only) a drivers/accel/ethosu directory to test instead of
#               Debian's copy (ethosu, issue 10: ci/vm/sim-ethosu/README.md)
#   --baseline-fails  drm-ci fails baseline for the runs in the VM (default:
#               ci/vm/baselines/qaic-vm-<series>-fails.txt: the known findings
#               of upstream qaic of that series; 'none' runs without one).
#               Copied into the results folder and passed as 'run --baseline-fails'.
#   --datapath irq|polling
#               how qaic learns of completions: the simulated device's MSI
#               (default; datapath_polling=0) or qaic's polling mode
#   --differential  also run the same cases on reference:qaic on the host
#               with the VM's kernel profile (<results>/reference) and print
#               the rows whose outcome differs; a difference the baseline
#               does not explain fails the tier (exit 15)
#   --repro-in-vm  also emit a static C reproducer (conformance-runner repro
#               --emit-c) for every passing case of the reference:qaic run and
#               replay each in the default boot, after the suite, against
#               /dev/accel/accel0 (<results>/repro-in-vm.txt: name, exit code;
#               <results>/repro-in-vm-summary.txt). A reproducer that differs
#               and is not in the baseline makes the exit status 14.
#   --kernel-args ARGS  more guest kernel command-line words for every boot
#               (e.g. accelvm.smoke=0: /init skips the qaic-smoke pre-check)
#   --unbind    device removal mid-run (issue 13), at the end of the default
#               boot: guest/unbind.sh unbinds qaic (and ethosu, when loaded)
#               from its device through sysfs while a run is in flight on it,
#               binds it again and resumes; scenarios/unbind-check.sh judges
#               the folders (<results>/unbind-<driver>/, unbind.txt); a
#               regression makes the exit status 20
#   --hazards   after the default run, run the hazard tier: a boot running
#               'run --include-hazards' (expected to abort on the first oops),
#               then fresh boots running 'resume' until the run finishes
#               (each further oops aborts one boot; at most 5 resume boots).
#
# Exit status: the runner's exit status of the default run (0 = every result
# expected or listed in the baseline); 10 when the VM or the build failed
# (including a qaic checksum mismatch); with --hazards, 11 when the hazard boot
# did not abort as expected or the resume boot did not finish; 12 when our
# qaic ABI definitions differ from the kernel's <drm/qaic_accel.h>; with
# --repro-in-vm, 14 when a C reproducer differed in the VM (or could not be
# built) and the baseline does not list its case; with --differential, 15
# when a row differs between reference:qaic and the VM and the baseline does
# not list it with an explanation; with --unbind, 20 when the device-removal
# scenario did not behave (scenarios/unbind-check.sh). A kernel lockup seen
# on the console stops that boot; the run goes on in fresh boots with
# 'resume' (the case in flight recorded crash with the kernel's report,
# <results>/lockups.txt names it), or the tier stops with 10 when a
# pre-check locked up. When several apply, the first in the order 1, 14,
# 15, 20, 11 wins (12 and 10 stop the tier at once).
#
# ethosu (issue 10): on 7.3 the same default boot also loads the upstream
# ethosu driver over the simulated Ethos-U85 and, after the qaic run, runs
# the ethosu device into <results>/run-ethosu with its own baseline
# (ci/vm/baselines/ethosu-vm-7.3-fails.txt); its unexpected results make the
# exit status 1 like qaic's, a mismatch of ci/vm/abi-check-ethosu.sh 12.
set -euo pipefail
# --kernel picks the series before common.sh sets up the per-series cache.
prev=
for a in "$@"; do
	[ "$a" = -- ] && break
	[ "$prev" = --kernel ] && export ACCEL_VM_KERNEL=$a
	prev=$a
done
. "$(dirname "$0")/common.sh"

runner=$REPO_DIR/.build/debug/conformance-runner
results=$KCACHE/results
qaic_src=
ethosu_src=
hazards=0
unbind=0
differential=0
repro=0
datapath=irq
baseline=$VM_DIR/baselines/qaic-vm-$ACCEL_VM_KERNEL-fails.txt
baseline_given=0
kernel_args=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) shift 2 ;;	# read above
	--runner) runner=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--qaic-src) qaic_src=$2; shift 2 ;;
	--ethosu-src) ethosu_src=$2; shift 2 ;;
	--hazards) hazards=1; shift ;;
	--unbind) unbind=1; shift ;;
	--kernel-args) kernel_args=${2:?--kernel-args needs words}; shift 2 ;;
	--differential) differential=1; shift ;;
	--repro-in-vm) repro=1; shift ;;
	--baseline-fails) baseline=${2:-}; baseline_given=1; shift 2 ;;
	--datapath)
		case ${2:-} in
		irq|polling) datapath=$2; shift 2 ;;
		*) die "run-vm-tier.sh: --datapath takes 'irq' or 'polling', not '${2:-}'" ;;
		esac ;;
	--) shift; break ;;
	*) die "run-vm-tier.sh: unknown argument '$1'" ;;
	esac
done
lock_series_cache
# A driver of the developer's own is built and packed apart from the verified one (common.sh).
[ -n "$qaic_src" ] && export ACCEL_VM_QAIC_BUILD_TAG=${ACCEL_VM_QAIC_BUILD_TAG:-qaic-src}
[ -x "$runner" ] || die "runner '$runner' not found or not executable (swift build first, or pass --runner)"
runner=$(readlink -f "$runner")
if [ "$baseline" = none ]; then
	baseline=
elif [ ! -f "$baseline" ]; then
	[ $baseline_given = 1 ] && die "run-vm-tier.sh: --baseline-fails '$baseline' not found"
	log "no baseline at $baseline: every known finding counts as unexpected"
	baseline=
fi

declare -A took
phase() {	# phase NAME COMMAND...
	local t0=$SECONDS
	"${@:2}" || { log "$1 failed"; exit 10; }
	took[$1]=$(( SECONDS - t0 ))
}

phase fetch "$VM_DIR/fetch-kernel.sh"
phase build-qaic "$VM_DIR/build-qaic.sh" ${qaic_src:+"$qaic_src"}
# ethosu (issue 10): a no-op on series without ethosu.
phase build-ethosu "$VM_DIR/build-ethosu.sh" ${ethosu_src:+"$ethosu_src"}

# Our qaic ABI definitions against the kernel's own uapi header.
t0=$SECONDS
"$VM_DIR/abi-check.sh" > "$KCACHE/abi-check.txt" || { cat "$KCACHE/abi-check.txt"; log "ABI check failed"; exit 12; }
cat "$KCACHE/abi-check.txt"
# ethosu (issue 10): our ethosu definitions against <drm/ethosu_accel.h>.
"$VM_DIR/abi-check-ethosu.sh" > "$KCACHE/abi-check-ethosu.txt" ||
	{ cat "$KCACHE/abi-check-ethosu.txt"; log "ethosu ABI check failed"; exit 12; }
cat "$KCACHE/abi-check-ethosu.txt"
took[abi-check]=$(( SECONDS - t0 ))

# The runner and every library ldd names, at their host paths, packed into
# the initramfs (stage-runner.sh); what was staged (sha256, whether the Swift
# runtime came as .so files, size) goes into <results>/runner.txt.
stage_runner() {
	"$VM_DIR/stage-runner.sh" "$runner" "$KCACHE/runner-stage" > "$KCACHE/runner-stage.txt"
	log "$(grep '^runner staged:' "$KCACHE/runner-stage.txt")"
}
phase stage-runner stage_runner
phase initramfs "$VM_DIR/build-initramfs.sh" "$KCACHE/runner-stage"
kernel_env
echo "initramfs: $(du -m "$INITRAMFS" | cut -f1) MB (gzip -1)" >> "$KCACHE/runner-stage.txt"

mkdir -p "$results"
results=$(readlink -f "$results")
cp "$QAIC_BUILD/SOURCE_STATUS" "$results/qaic-source-status.txt"
cp "$QAIC_BUILD/UPSTREAM.SHA256SUMS" "$results/qaic-upstream.sha256"
cp "$KCACHE/abi-check.txt" "$results/abi-check.txt"
cp "$KCACHE/runner-stage.txt" "$results/runner.txt"
# The baseline travels with the results (the guest reads it from the share;
# 'resume' re-reads it from the original command line).
rm -f "$results/baseline-fails.txt" "$results/differential.txt" "$results/differential.exit" \
	"$results/repro-in-vm.txt" "$results/repro-in-vm-summary.txt" "$results/kernel.txt"
rm -rf "$results/repro" "$results/repro-bin"
BL=
if [ -n "$baseline" ]; then
	cp "$baseline" "$results/baseline-fails.txt"
	BL="--baseline-fails /results/baseline-fails.txt"
	log "baseline: $baseline ($(grep -cv '^[[:space:]]*\(#\|$\)' "$baseline") expected failure(s))"
fi

# boot_with NAME COMMAND: boot once, running COMMAND in the guest; sets $guest_rc
# ('lockup' when boot.sh stopped the VM on a kernel lockup report while the
# command ran: see lockup_seen).
boot_with() {
	local name=$1 t0=$SECONDS boot_rc=0
	rm -f "$results/guest-command.exit"
	printf '#!/bin/sh\n%s\necho $? > /results/guest-command.exit\n' "$2" > "$results/guest-command.sh"
	ACCEL_VM_CONSOLE_LOG=$results/console-$name.log "$VM_DIR/boot.sh" --timeout "${ACCEL_VM_BOOT_TIMEOUT:-1500}" \
		--share "$results" \
		-- "accelvm.polling=$([ $datapath = polling ] && echo 1 || echo 0)" $kernel_args || boot_rc=$?
	# A lockup report while the command ran, or after a run it aborted (the
	# runner's kernel-log watch saw the report's "BUG:" line first): resume.
	# Not for the hazard boot, whose abort on an oops is the expected outcome.
	if [ $boot_rc = 3 ] && { [ ! -f "$results/guest-command.exit" ] ||
	   { [ "$(cat "$results/guest-command.exit")" = 3 ] && [ "$name" != hazards ]; }; }; then
		lockup_seen "$name"
		took[boot-$name]=$(( SECONDS - t0 ))
		guest_rc=lockup
		return
	elif [ $boot_rc = 3 ]; then
		# After the command finished (e.g. a task left blocked by a hazard
		# row's oops while the guest wraps up): what the command recorded stands.
		mv "$results/console-$name.log.lockup" "$results/lockup-$name.txt"
		log "boot '$name': kernel lockup report after the guest command had finished: $(head -1 \
			"$results/lockup-$name.txt" | sed 's/^\[ *[0-9.]*\] //')"
	elif [ $boot_rc != 0 ]; then
		log "boot '$name' failed"; exit 10
	fi
	[ -f "$results/guest-command.exit" ] || { log "boot '$name': the guest command did not finish"; exit 10; }
	guest_rc=$(cat "$results/guest-command.exit")
	mv "$results/guest-command.log" "$results/guest-$name.log"
	[ -f "$results/dmesg.txt" ] && mv "$results/dmesg.txt" "$results/dmesg-$name.txt"
	took[boot-$name]=$(( SECONDS - t0 ))
	log "boot '$name': runner exit $guest_rc"
}

R=/opt/accel/conformance-runner

# lockup_seen NAME: boot NAME was stopped on the kernel's lockup report.
# Before the guest command started, a pre-check (module load, smoke test)
# hung: nothing to resume, the tier fails (10). Otherwise the report goes
# to <results>/lockup-NAME.txt, which the resume boot hands to the runner
# (resume --machine-stopped) so the case that was in flight is recorded
# with the kernel's message; lockups.txt gets one verdict line per lockup.
lockup_seen() {
	local name=$1 console=$results/console-$1.log msg
	msg=$(head -1 "$console.lockup" | sed 's/^\[ *[0-9.]*\] //')
	mv "$console.lockup" "$results/lockup-$name.txt"
	[ -f "$results/guest-command.log" ] && mv "$results/guest-command.log" "$results/guest-$name.log"
	[ -f "$results/dmesg.txt" ] && mv "$results/dmesg.txt" "$results/dmesg-$name.txt"
	if ! grep -q '^ACCEL-VM: guest-command.sh start' "$console"; then
		# The pre-check's last words before the report name the step that hung.
		echo "boot $name: kernel lockup in the pre-check (last console line: $(tr -d '\r' < "$console" |
			awk '/^\[ *[0-9.]+\]/ {if ($0 ~ /soft lockup|LOCKUP|blocked for more|detected stall/) exit; next}
			     NF {last = $0} END {print last}')): $msg" >> "$results/lockups.txt"
		log "boot '$name': kernel lockup before the suite started: $msg"
		exit 10
	fi
	log "boot '$name': kernel lockup while the suite ran: $msg (report: lockup-$name.txt)"
}

# resume_after_lockup NAME FOLDER COMMAND_PREFIX: while the last boot was
# stopped on a lockup, 'resume' FOLDER in a fresh boot (at most 5), telling
# the runner why the machine stopped; then name the case the lockup hit.
resume_after_lockup() {
	local name=$1 folder=$2 prefix=$3 n=0 last=$1 hit
	while [ "$guest_rc" = lockup ] && [ $n -lt 5 ]; do
		n=$((n + 1))
		boot_with "$name-lockup$n" "$prefix$R resume --machine-stopped /results/lockup-$last.txt /results/$folder"
		# The case in flight: recorded by resume from the report, or by the runner
		# itself when its kernel-log watch saw the report's "BUG:" first.
		hit=$(jq -r '.records[] | select(.outcome.status == "crash" and (.outcome.message // "" |
			test("machine was (then )?stopped|soft lockup|hard LOCKUP|blocked for more than|detected stall"))) | .outcome.name' \
			"$results/$folder/results.json" 2>/dev/null | tail -1 || true)
		echo "boot $last: kernel lockup during ${hit:-(no case in flight)}: $(head -1 "$results/lockup-$last.txt" |
			sed 's/^\[ *[0-9.]*\] //')" >> "$results/lockups.txt"
		log "VERDICT: kernel lockup during ${hit:-(no case in flight)} (boot '$last'; resumed in boot '$name-lockup$n')"
		last=$name-lockup$n
	done
	[ "$guest_rc" = lockup ] && { log "$folder: still locking up after $n resume boot(s)"; exit 10; }
	return 0
}

# The kernel profile the runner derives from the guest's kernel release
# (never passed by us). The reference run below needs it before the
# default boot, so it is asked once per kernel release and runner binary
# in a short boot ('list --json' against accel0) and cached.
probe_profile() {
	local key f
	key=$(cat "$runner" | sha256sum | cut -c1-16)
	f=$KCACHE/profile-$KREL-$key.txt
	if [ ! -s "$f" ]; then
		boot_with profile "$R list --device accel0 --json > /results/profile-probe.json"
		jq -r '.[0].profile // empty' "$results/profile-probe.json" > "$f.tmp" && [ -s "$f.tmp" ] ||
			{ log "profile probe: no profile in $results/profile-probe.json"; exit 10; }
		mv "$f.tmp" "$f"
		rm -f "$results/profile-probe.json"
	fi
	profile=$(cat "$f")
}
profile=
if [ $differential = 1 ] || [ $repro = 1 ]; then
	probe_profile
	log "kernel $KREL: the runner derives profile '$profile'"
fi
# The simulated device completes each request after 200 ms, so the rows
# that need a BO in flight (EBUSY, WAIT timeout) see one; the workload
# fixture describes what the simulated device accepts.
SLOW="echo 200000 > /sys/module/sim_aic100/parameters/latency_us"
WL="--workload /opt/accel/workload.json"

# The same cases on reference:qaic on the host, before the default boot:
# the differential compares against it, and the C reproducers replayed in
# that boot are emitted from its traces. The reference device never gets
# the baseline: it models the spec.
if [ $differential = 1 ] || [ $repro = 1 ]; then
	t0=$SECONDS
	rm -rf "$results/reference"
	"$runner" run --device reference:qaic --kernel-profile "$profile" --workload "$VM_DIR/sim-aic100/workload.json" \
		--results "$results/reference" "$@" > "$results/reference.log" 2>&1 || true
	took[reference]=$(( SECONDS - t0 ))
fi
REPRO=
if [ $repro = 1 ]; then
	# Sources (and the compiler's messages) stay in repro/; the static
	# binaries (~0.7 MB each) reach the guest over the 9p share in
	# repro-bin/ and are deleted after the boot.
	phase emit-repro "$VM_DIR/emit-reproducers.sh" "$runner" "$results/reference" "$results/repro" "$results/repro-bin"
	REPRO='; rc=$?; sh /opt/accel/run-reproducers.sh /results/repro/emitted.txt /results/repro-bin /results/repro/logs /results/repro-in-vm.txt /dev/accel/accel0; (exit $rc)'
fi

# ethosu (issue 10): on a series with ethosu, the default boot also runs the
# ethosu device (selected by driver name) into its own folder after qaic's,
# with its own baseline; 'devices' records what the boot offered.
ETHOSU=
rm -rf "$results/run-ethosu" "$results/run-ethosu.exit" "$results/devices.txt" "$results/ethosu-source-status.txt"
if [ -f "$KCACHE/build-ethosu-$KREL/ethosu/ethosu.ko" ]; then
	cp "$KCACHE/build-ethosu-$KREL/SOURCE_STATUS" "$results/ethosu-source-status.txt"
	cp "$KCACHE/abi-check-ethosu.txt" "$results/abi-check-ethosu.txt"
	BLE=
	if [ -n "$baseline" ] && [ -f "$VM_DIR/baselines/ethosu-vm-$KSERIES-fails.txt" ]; then
		cp "$VM_DIR/baselines/ethosu-vm-$KSERIES-fails.txt" "$results/baseline-fails-ethosu.txt"
		BLE="--baseline-fails /results/baseline-fails-ethosu.txt"
	fi
	ETHOSU="; rc=\$?; $R devices > /results/devices.txt 2>&1; $R run $BLE --device driver=ethosu --results /results/run-ethosu; echo \$? > /results/run-ethosu.exit; (exit \$rc)"
fi

# Device removal mid-run (issue 13), after everything else in the default
# boot: a short run per driver, unbound through sysfs while it runs.
UNBIND=
unbind_drivers=
rm -rf "$results"/unbind-* "$results/unbind.sh" "$results/unbind.txt"
if [ $unbind = 1 ]; then
	cp "$VM_DIR/guest/unbind.sh" "$results/unbind.sh"
	UNBIND="; rc=\$?; sh /results/unbind.sh qaic $WL $BL --include 'qaic.wait_bo.*'"
	unbind_drivers=qaic
	if [ -n "$ETHOSU" ]; then
		UNBIND+="; sh /results/unbind.sh ethosu $BLE --include 'ethosu.bo_wait.*' --include 'ethosu.submit.*'"
		unbind_drivers+=" ethosu"
	fi
	UNBIND+="; (exit \$rc)"
fi

rm -rf "$results/run"
rm -f "$results"/lockup-*.txt "$results/lockups.txt"
boot_with default "$SLOW; $R run $WL $BL --device accel0 --results /results/run $*$REPRO$ETHOSU$UNBIND"
# A kernel lockup stopped the boot: the rest of the suite runs in fresh boots
# (the reproducers and ethosu of the default boot are then not run).
resume_after_lockup default run "$SLOW; "
if [ -f "$results/lockups.txt" ] && [ -n "$ETHOSU" ]; then
	log "ethosu: not run (the default boot was stopped on a kernel lockup)"
	ETHOSU=
fi
default_rc=$guest_rc
rc=$default_rc
[ -f "$results/run/results.json" ] || { log "default boot: no results.json"; exit 10; }
vm_profile=$(jq -r '[.records[].profile] | unique | join(",")' "$results/run/results.json")
if [ -n "$profile" ] && [ "$vm_profile" != "$profile" ]; then
	log "the default run used profile '$vm_profile', the probe said '$profile'"; exit 10
fi
{
	echo "series $KSERIES"
	echo "debian-version $KVER"
	echo "release $KREL"
	echo "profile $vm_profile"
	echo "qaic-source $(head -1 "$results/qaic-source-status.txt")"
	echo "packages $(cd "$KCACHE/debs" 2>/dev/null && ls ./*"_${KVER}_"*.deb 2>/dev/null | sed 's|^\./||' | tr '\n' ' ')"
} > "$results/kernel.txt"
log "kernel $KREL ($KVER), profile $vm_profile (derived from the release)"

# ethosu (issue 10): its run's verdict, as the runner's exit status.
if [ -n "$ETHOSU" ]; then
	[ -f "$results/run-ethosu.exit" ] && [ -f "$results/run-ethosu/results.json" ] ||
		{ log "default boot: the ethosu run left no results"; exit 10; }
	ethosu_rc=$(cat "$results/run-ethosu.exit")
	log "ethosu on $(grep -m1 ethosu "$results/devices.txt" | awk '{print $1}'): runner exit $ethosu_rc, $(jq -r '[.records[].outcome.status] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$results/run-ethosu/results.json") (results: run-ethosu/)"
	echo "ethosu-source $(head -1 "$results/ethosu-source-status.txt")" >> "$results/kernel.txt"
	if [ "$ethosu_rc" != 0 ] && [ "$rc" = 0 ]; then rc=1; fi
fi

if [ $unbind = 1 ]; then
	"$VM_DIR/scenarios/unbind-check.sh" "$results" $unbind_drivers > "$results/unbind.txt" 2>&1 || unbind_gate=20
	while read -r line; do log "$line"; done < "$results/unbind.txt"
fi

if [ $differential = 1 ]; then
	log "differential reference:qaic (host) vs accel0 (VM), profile $vm_profile:"
	diff_rc=0
	"$VM_DIR/differential.sh" ${baseline:+--baseline "$baseline"} "$results/reference" "$results/run" \
		> "$results/differential.txt" || diff_rc=$?
	cat "$results/differential.txt"
	echo "$diff_rc" > "$results/differential.exit"
	# 0: no difference, 1: every difference explained by the baseline;
	# anything else (3: unexplained, 2: the comparison itself failed) gates.
	case $diff_rc in
	0|1) ;;
	*) log "differential: unexplained difference(s) or comparison failed (differential.sh exit $diff_rc)"
	   diff_gate=15 ;;
	esac
fi

if [ $repro = 1 ]; then
	rm -rf "$results/repro-bin"
	repro_rc=0
	"$VM_DIR/repro-verdicts.sh" ${baseline:+--baseline "$baseline"} "$results/repro" "$results/repro-in-vm.txt" \
		> "$results/repro-in-vm-summary.txt" || repro_rc=$?
	cat "$results/repro-in-vm-summary.txt"
	if [ $repro_rc != 0 ] && [ "$rc" = 0 ]; then rc=14; fi
fi

if [ $hazards = 1 ]; then
	rm -rf "$results/run-hazards"
	boot_with hazards "$SLOW; $R run $WL --device accel0 --include-hazards $BL --results /results/run-hazards $*"
	if [ "$guest_rc" != 3 ]; then
		log "hazard run: expected exit 3 (aborted on the oops), got $guest_rc"
		hazard_rc=11
	fi
	# The guest's log, or its console when a lockup report stopped the boot before it was saved.
	grep -q 'Oops\|BUG:' "$results/dmesg-hazards.txt" 2>/dev/null ||
		grep -aq 'Oops\|BUG: kernel\|BUG: unable' "$results/console-hazards.log" ||
		{ log "hazard run: no oops in the kernel log"; hazard_rc=11; }
	# Every oops costs the VM: resume in fresh boots until the run finishes.
	n=0
	while :; do
		n=$((n + 1))
		boot_with "resume$n" "$SLOW; $R resume /results/run-hazards"
		resume_after_lockup "resume$n" run-hazards "$SLOW; "
		[ "$guest_rc" = 3 ] && [ $n -lt 5 ] && continue
		break
	done
	case $guest_rc in
	0|1|4) log "hazard tier finished after $n resume boot(s)" ;;
	*) log "resume: exit $guest_rc after $n boot(s)"; hazard_rc=11 ;;
	esac
	# The resumed run ends in 1 because the hazard rows crash; look inside:
	# every hazard row must have taken the kernel down (the oopses the
	# tier exists for), and every other row must be as expected, as in the
	# default run.
	hz=$results/run-hazards/results.json
	if [ ! -f "$hz" ]; then
		log "hazard run: $hz missing"; hazard_rc=11
	else
		jq -e '[.records[] | select(.tier == "hazard")] | length > 0' "$hz" >/dev/null ||
			{ log "hazard run: no hazard-tier rows ran"; hazard_rc=11; }
		bad=$(jq -r '.records[] | select(.tier == "hazard" and (.outcome.status | IN("crash", "abort", "incomplete") | not))
			| "\(.outcome.name) \(.outcome.status)"' "$hz")
		[ -z "$bad" ] || { log "hazard run: hazard rows that did not oops: $(echo $bad)"; hazard_rc=11; }
		bad=$(jq -r '.records[] | select(.tier != "hazard" and (.classification // "" | IN("UnexpectedFail", "UnexpectedImprovement")))
			| "\(.outcome.name) \(.outcome.status) \(.classification)"' "$hz")
		if [ -n "$bad" ]; then
			log "hazard run: unexpected results outside the hazard rows: $(echo $bad)"
			[ "$rc" = 0 ] && rc=1
		fi
	fi
fi

# One exit status: the runner's (1) and the reproducers' (14) first, then
# the differential's (15), then the hazard tier's (11); all are logged above.
[ "$rc" = 0 ] && rc=${diff_gate:-0}
[ "$rc" = 0 ] && rc=${unbind_gate:-0}
[ "$rc" = 0 ] && rc=${hazard_rc:-0}

log "times (s): $(for k in "${!took[@]}"; do printf '%s=%s ' "$k" "${took[$k]}"; done)"
log "results in $results (runner folder: run/)"
exit "$rc"
