#!/usr/bin/env bash
# Submits a results folder's kcidb.json with KernelCI's own command-line tool, kci-dev (PyPI),
# to a loopback KCIDB endpoint (ci/validators/kcidb_loopback.py) that validates it with
# kcidb-io. kci-dev has no test-submission or validation command of its own (0.1.12: `submit
# build`, whose --from-json posts a complete KCIDB payload as is), so this checks that the
# tool takes our file and that what it sends is valid KCIDB.
#   kci-dev-check.sh RESULTS_DIR      exit 0 accepted, 1 rejected, 2 bad input
set -euo pipefail
[ $# = 1 ] && [ -f "$1/kcidb.json" ] || { echo "usage: kci-dev-check.sh RESULTS_DIR (with kcidb.json)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
venv=${ACCEL_KCIDEV_VENV:-${HOME:-/root}/.cache/accel-conformance/kci-dev}
if ! "$venv/bin/python3" -c 'import kcidb_io' 2>/dev/null || [ ! -x "$venv/bin/kci-dev" ]; then
    echo "kci-dev-check: installing kci-dev and kcidb-io into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check kci-dev kcidb-io
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python3" "$here/validators/kcidb_loopback.py" "$work/port" "$work/received.json" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "kci-dev-check: loopback endpoint did not start" >&2; cat "$work/server.log" >&2; exit 1; }
status=0
(cd "$work" && HOME=$work "$venv/bin/kci-dev" submit build --from-json "$(realpath "$1/kcidb.json")" \
    --kcidb-rest-url "http://127.0.0.1:$(cat "$work/port")/submit" --kcidb-token loopback) || status=$?
wait "$server" || true
cat "$work/server.log"
[ $status = 0 ] && grep -q '^loopback KCIDB: accepted' "$work/server.log" || exit 1
cmp -s <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$1/kcidb.json") \
    <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$work/received.json") ||
    { echo "kci-dev-check: kci-dev sent something else than kcidb.json" >&2; exit 1; }
echo "kci-dev-check: kci-dev $("$venv/bin/kci-dev" --version | awk '{print $NF}') submitted $1/kcidb.json unchanged; kcidb-io accepted it"
