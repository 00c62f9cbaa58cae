#!/usr/bin/env python3
"""Validates a results folder with tools independent of the suite's writers:
kcidb.json with kcidb-io (kcidb_io.schema.LATEST.validate), junit.xml with junitparser,
results.ktap with ktap_parse.py; then checks that every format counts what results.json says.

Usage: check_results.py DIR        exits 0 when everything agrees, 1 otherwise.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap_parse  # noqa: E402

# Internal status -> (KTAP leaf kind, KCIDB status, JUnit kind); notrun prints no KTAP line.
EXPECTED = {
    "pass": ("pass", "PASS", "passed"),
    "fail": ("fail", "FAIL", "failure"),
    "skip": ("skip", "SKIP", "skipped"),
    "crash": ("error", "FAIL", "error"),
    "timeout": ("timeout", "ERROR", "error"),
    "incomplete": ("error", "ERROR", "error"),
    "dmesg-warn": ("error", "FAIL", "failure"),
    "dmesg-fail": ("error", "FAIL", "failure"),
    "notrun": ("missing", "MISS", "skipped"),
    "abort": ("error", "ERROR", "error"),
}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = sys.argv[1]
    problems = []

    def path(name):
        return os.path.join(folder, name)

    with open(path("results.json"), encoding="utf-8") as f:
        results = json.load(f)
    statuses = [r["outcome"]["status"] for r in results["records"]]
    recorded = {(r["device"], r["outcome"]["name"]) for r in results["records"]}
    unrun_planned = 0
    for device in results["metadata"]["devices"]:
        for name in dict.fromkeys(device["plan"]):
            if (device["identity"]["name"], name) not in recorded:
                unrun_planned += 1
    total = len(statuses) + unrun_planned

    def expected_count(column, kind):
        n = sum(1 for s in statuses if EXPECTED[s][column] == kind)
        if column in (0, 1, 2) and EXPECTED["notrun"][column] == kind:
            n += unrun_planned
        return n

    # KCIDB: schema, then counts per status.
    import kcidb_io
    with open(path("kcidb.json"), encoding="utf-8") as f:
        kcidb = json.load(f)
    try:
        kcidb_io.schema.LATEST.validate(kcidb)
        kcidb_io.schema.V5_3.validate_exactly(kcidb)
    except Exception as error:  # jsonschema.ValidationError and friends
        problems.append(f"{path('kcidb.json')}: kcidb-io rejects it: {str(error).splitlines()[0]}")
    tests = kcidb.get("tests", [])
    if len(tests) != total:
        problems.append(f"kcidb.json: {len(tests)} tests, results.json has {total} cases")
    for status in ("PASS", "FAIL", "SKIP", "ERROR", "MISS"):
        got = sum(1 for t in tests if t.get("status") == status)
        want = expected_count(1, status)
        if got != want:
            problems.append(f"kcidb.json: {got} tests {status}, expected {want}")

    # JUnit: junitparser reads it; counts per kind.
    from junitparser import JUnitXml, Failure, Error, Skipped
    xml = JUnitXml.fromfile(path("junit.xml"))
    kinds = {"passed": 0, "failure": 0, "error": 0, "skipped": 0}
    cases = 0
    for suite in xml:
        for case in suite:
            cases += 1
            result = case.result
            if any(isinstance(r, Failure) for r in result):
                kinds["failure"] += 1
            elif any(isinstance(r, Error) for r in result):
                kinds["error"] += 1
            elif any(isinstance(r, Skipped) for r in result):
                kinds["skipped"] += 1
            else:
                kinds["passed"] += 1
            if not case.classname or not case.name:
                problems.append(f"junit.xml: testcase without classname or name in suite {suite.name}")
    if cases != total:
        problems.append(f"junit.xml: {cases} testcases, results.json has {total} cases")
    for kind, got in kinds.items():
        want = expected_count(2, kind)
        if got != want:
            problems.append(f"junit.xml: {got} testcases {kind}, expected {want}")

    # KTAP: our own independent parser.
    with open(path("results.ktap"), encoding="utf-8") as f:
        root, ktap_problems = ktap_parse.parse(f.read(), path("results.ktap"))
    problems += ktap_problems
    if root is not None:
        counts = ktap_parse.leaf_counts(root)
        for kind in ("pass", "fail", "skip", "timeout", "error", "missing"):
            want = expected_count(0, kind)
            if counts[kind] != want:
                problems.append(f"results.ktap: {counts[kind]} {kind}, expected {want}")

    # CSV: one results.csv row per case; failures.csv rows parse as name,Status.
    with open(path("results.csv"), encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    if len(rows) != total:
        problems.append(f"results.csv: {len(rows)} rows, results.json has {total} cases")
    for number, row in enumerate(rows, 1):
        if len(row) != 3:
            problems.append(f"results.csv:{number}: expected name,Status,duration")
    with open(path("failures.csv"), encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.reader(f), 1):
            if row and len(row) != 2:
                problems.append(f"failures.csv:{number}: expected name,Status")

    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"{folder}: kcidb.json, junit.xml, results.ktap, results.csv agree with results.json ({total} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
