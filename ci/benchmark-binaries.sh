#!/usr/bin/env bash
# Worker isolation cost of two runner binaries (say the release build of an older commit and
# of this one), measured side by side in one session so machine load hits both alike. Not a test.
#   benchmark-binaries.sh --old BIN --new BIN [--rounds N] [--bare N] [--device SEL] [--scratch DIR]
#                         [-- 'run' options]
# Each round runs four complete `run` commands (old/new x inprocess/worker), the order rotated
# from round to round. Per binary it prints the median of the rounds of:
#   - the whole-run ratio worker/inprocess, wall-clock and CPU (user + system of the runner and
#     its worker, from bash's `time`);
#   - the worker's overhead per case, (worker - inprocess) / cases, wall-clock and CPU.
# Whole commands are timed, so process start and device discovery (alike in both modes) are in
# both terms; `conformance-runner benchmark` times the engine only. The load average is printed
# before and after: on a shared machine wall-clock figures swing with it, CPU figures much less
# (running the script under `chrt -f 1` as root keeps other processes from preempting the runs).
# --bare N also runs each binary's own `benchmark` N times, alternating, and prints the median of
# its bare-case-loop figure (worker vs in process, one pass, worker start included): the figure
# older builds print (0.34 ms per case when issue 13 was filed).
# --scratch DIR holds the results folders (default: a new folder under $TMPDIR or /tmp); on a
# tmpfs (/dev/shm) fsync costs nothing, which leaves the worker's share of a run at its largest.
# Exit 0 measured, 1 a run failed or the two modes disagreed on the case count, 2 bad usage.
set -euo pipefail

usage="usage: benchmark-binaries.sh --old BIN --new BIN [--rounds N] [--bare N] [--device SEL] [--scratch DIR] [-- run options]"
old='' new='' rounds=5 bare=0 device=reference:qaic extra=() parent=${TMPDIR:-/tmp}
while [ $# -gt 0 ]; do
    case $1 in
    --old) old=${2:?--old needs a binary}; shift 2 ;;
    --new) new=${2:?--new needs a binary}; shift 2 ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --bare) bare=${2:?--bare needs a number}; shift 2 ;;
    --device) device=${2:?--device needs a selector}; shift 2 ;;
    --scratch) parent=${2:?--scratch needs a directory}; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "benchmark-binaries.sh: unknown argument '$1' ($usage)" >&2; exit 2 ;;
    esac
done
for pair in "--old:$old" "--new:$new"; do
    [ -x "${pair#*:}" ] || { echo "benchmark-binaries.sh: ${pair%%:*} '${pair#*:}' is not an executable ($usage)" >&2; exit 2; }
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "benchmark-binaries.sh: --rounds '$rounds': a positive number" >&2; exit 2; }
[[ $bare =~ ^[0-9]+$ ]] || { echo "benchmark-binaries.sh: --bare '$bare': a number" >&2; exit 2; }

[ -d "$parent" ] || { echo "benchmark-binaries.sh: --scratch '$parent' is not a directory" >&2; exit 2; }
scratch=$(mktemp -d "$parent/benchmark-binaries.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
declare -A wall cpu cases

# One complete run; records wall and CPU seconds and the number of finished cases.
measure() {
    local label=$1 binary=$2 isolation=$3 round=$4 folder=$scratch/$1-$3-$4 times status=0
    TIMEFORMAT='%3R %3U %3S'
    { time "$binary" run --device "$device" --isolation "$isolation" --results "$folder" "${extra[@]}" \
        >"$scratch/log" 2>&1 || status=$?; } 2>"$scratch/time"
    if [ "$status" -gt 1 ]; then
        echo "benchmark-binaries.sh: $label $isolation run exited $status:" >&2
        tail -n 5 "$scratch/log" >&2
        exit 1
    fi
    read -r real user sys <"$scratch/time"
    wall[$label,$isolation,$round]=$real
    cpu[$label,$isolation,$round]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    cases[$label,$isolation]=$(grep -c '"event":"finished"' "$folder/journal.jsonl")
    rm -rf "$folder"
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
runs=("old inprocess" "old worker" "new inprocess" "new worker")
for round in $(seq 1 "$rounds"); do
    for offset in 0 1 2 3; do
        set -- ${runs[$(((offset + round - 1) % 4))]}
        binary=$old
        [ "$1" = new ] && binary=$new
        measure "$1" "$binary" "$2" "$round"
    done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

echo ""
echo "binary  cases  round   inproc wall  worker wall  ratio   inproc CPU  worker CPU  ratio   overhead/case wall  CPU (ms)"
for label in old new; do
    n=${cases[$label,worker]}
    if [ "$n" != "${cases[$label,inprocess]}" ] || [ "$n" -eq 0 ]; then
        echo "benchmark-binaries.sh: $label: $n cases in a worker, ${cases[$label,inprocess]} in process" >&2
        exit 1
    fi
    ratios='' cpu_ratios='' overheads='' cpu_overheads=''
    for round in $(seq 1 "$rounds"); do
        line=$(awk -v iw="${wall[$label,inprocess,$round]}" -v ww="${wall[$label,worker,$round]}" \
                   -v ic="${cpu[$label,inprocess,$round]}" -v wc="${cpu[$label,worker,$round]}" -v n="$n" \
            'BEGIN { printf "%.4f %.4f %.4f %.4f", ww / iw, wc / ic, (ww - iw) / n * 1000, (wc - ic) / n * 1000 }')
        read -r r cr o co <<<"$line"
        ratios+="$r " cpu_ratios+="$cr " overheads+="$o " cpu_overheads+="$co "
        printf '%-6s  %5d  %5d   %11.3f  %11.3f  %5.3f×  %10.3f  %10.3f  %5.3f×  %18.3f  %8.3f\n' "$label" "$n" "$round" \
            "${wall[$label,inprocess,$round]}" "${wall[$label,worker,$round]}" "$r" \
            "${cpu[$label,inprocess,$round]}" "${cpu[$label,worker,$round]}" "$cr" "$o" "$co"
    done
    printf '%-6s median: whole-run ratio %.3f× (CPU %.3f×), worker overhead per case %.3f ms (CPU %.3f ms)\n' "$label" \
        "$(median <<<"${ratios% }")" "$(median <<<"${cpu_ratios% }")" \
        "$(median <<<"${overheads% }")" "$(median <<<"${cpu_overheads% }")"
done

[ "$bare" -gt 0 ] || exit 0
# The bare case loop of each binary's own benchmark; builds that have the options skip the slow
# process-per-case pass and keep their whole-run rounds to one.
echo ""
echo "bare case loop (each binary's 'benchmark', $bare times alternating): worker overhead per case (ms)"
declare -A bare_overheads
for round in $(seq 1 "$bare"); do
    for label in old new; do
        binary=$old
        [ "$label" = new ] && binary=$new
        options=()
        if "$binary" benchmark --help 2>&1 | grep -q -- --skip-process-per-case; then
            options=(--rounds 1 --skip-process-per-case)
        fi
        TMPDIR=$parent "$binary" benchmark --device "$device" "${options[@]}" >"$scratch/bare" 2>&1 ||
            { echo "benchmark-binaries.sh: $label benchmark failed:" >&2; tail -n 5 "$scratch/bare" >&2; exit 1; }
        value=$(awk '/^isolated worker/ { print $5 }' "$scratch/bare")
        [ -n "$value" ] || { echo "benchmark-binaries.sh: no 'isolated worker' line from $label" >&2; exit 1; }
        bare_overheads[$label]+="$value "
    done
done
for label in old new; do
    printf '%-6s %s -> median %s ms\n' "$label" "${bare_overheads[$label]}" "$(median <<<"${bare_overheads[$label]% }")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
