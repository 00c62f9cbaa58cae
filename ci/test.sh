#!/usr/bin/env bash
# The test command: set-up, a warning-free build, the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/setup-host.sh

echo "== build (warnings are errors here)"
build_log=$(mktemp)
swift build 2>&1 | tee "$build_log"
if grep -E "warning:" "$build_log" >/dev/null; then
    echo "test.sh: the build printed warnings" >&2
    exit 1
fi

echo "== unit tests"
swift test 2>&1
