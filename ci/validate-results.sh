#!/bin/sh
# Validates a results folder with tools that are not ours: kcidb-io's schema for kcidb.json,
# junitparser for junit.xml, and an independent KTAP parser (ci/validators/ktap_parse.py) for
# results.ktap; then checks every format's counts against results.json.
#
# Usage: ci/validate-results.sh DIR
# kcidb-io and junitparser come from PyPI. When python3 cannot import them they are installed
# into a virtual environment under ${ACCEL_VALIDATORS_VENV:-$HOME/.cache/accel-conformance/validators}
# (never into the system Python), and reused on later runs.
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 RESULTS_DIR" >&2
	exit 2
fi
dir=$1
here=$(cd "$(dirname "$0")" && pwd)

python=python3
if ! python3 -c 'import kcidb_io, junitparser' 2>/dev/null; then
	venv=${ACCEL_VALIDATORS_VENV:-${HOME:-/root}/.cache/accel-conformance/validators}
	if ! "$venv/bin/python3" -c 'import kcidb_io, junitparser' 2>/dev/null; then
		echo "validate-results: installing kcidb-io and junitparser into $venv" >&2
		python3 -m venv "$venv"
		"$venv/bin/python3" -m pip install --quiet --disable-pip-version-check kcidb-io junitparser
	fi
	python=$venv/bin/python3
fi

for f in results.json kcidb.json junit.xml results.ktap results.csv failures.csv; do
	if [ ! -f "$dir/$f" ]; then
		echo "validate-results: $dir/$f is missing" >&2
		exit 1
	fi
done

exec "$python" "$here/validators/check_results.py" "$dir"
