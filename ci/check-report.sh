#!/usr/bin/env bash
# Opens an HTML report in a real headless browser (Debian's chromium, installed here when
# missing) and fails unless it renders without a console message or script error.
#   check-report.sh REPORT_HTML OUT_DIR
# Writes OUT_DIR/report.png (the page as opened) and OUT_DIR/report-problems.png (the
# failures expanded: REPORT_HTML#problems), the rendered DOM and the browser's log.
# Checks: the page's own sentinel (data-report-ready="1" once its script ran, and
# data-js-errors="0" counted by a window error handler) in the DOM chromium dumps, and no
# "CONSOLE" line in chromium's log (script errors, blocked fetches and CSP violations all
# land there). Exit 0 ok, 1 a check failed, 2 bad input.
set -euo pipefail

[ $# = 2 ] || { echo "usage: check-report.sh REPORT_HTML OUT_DIR" >&2; exit 2; }
report=$(realpath "$1") out=$2
[ -f "$report" ] || { echo "check-report.sh: $1: no such file" >&2; exit 2; }
mkdir -p "$out"

if ! command -v chromium >/dev/null; then
    echo "check-report: installing chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

# A private profile: no state from (or for) anyone else; --no-sandbox because CI runs as root.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browse() {
    chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-first-run \
        --enable-logging=stderr --v=0 --virtual-time-budget=5000 --window-size=1280,1600 "$@"
}

browse --dump-dom "file://$report" > "$out/report-dom.html" 2> "$out/chromium-dom.log"
browse --screenshot="$out/report.png" "file://$report" 2> "$out/chromium-shot.log" >/dev/null
browse --screenshot="$out/report-problems.png" "file://$report#problems" 2> "$out/chromium-problems.log" >/dev/null

failed=0
if ! head -c 4096 "$out/report-dom.html" | grep -q 'data-report-ready="1"'; then
    echo "check-report: the page's script did not finish (no data-report-ready=\"1\" in the DOM)" >&2
    failed=1
fi
if ! head -c 4096 "$out/report-dom.html" | grep -q 'data-js-errors="0"'; then
    echo "check-report: script errors: $(grep -o 'data-js-errors="[0-9]*"' "$out/report-dom.html" | head -1)" >&2
    failed=1
fi
if grep -h ':CONSOLE' "$out"/chromium-*.log >&2; then
    echo "check-report: the browser console shows the messages above" >&2
    failed=1
fi
for shot in report.png report-problems.png; do
    [ -s "$out/$shot" ] || { echo "check-report: no screenshot $out/$shot" >&2; failed=1; }
done
[ $failed = 0 ] || exit 1
echo "check-report: $1 renders in $(chromium --version 2>/dev/null | head -1) with no console errors;" \
    "screenshots $out/report.png $out/report-problems.png"
