#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""LAVA's own per-case results against the run's results.csv.

    lava-results.py LAVA_LOG

LAVA_LOG is lava-run's output: one record a line ({"dt", "lvl", "msg"}). Records with
lvl "results" are LAVA's results: the ones of the accel-conformance definition (name
"<n>_accel-conformance") are what lava-test-case / the runner's LAVA signals produced. The
run's results.csv reaches the log as console lines (lvl "target") between ACCEL-CSV-BEGIN
and ACCEL-CSV-END. Each CSV status maps to the LAVA result the suite documents
(ci/lava/accel-conformance.yaml): Pass -> pass, Skip -> skip, Fail/Crash/Timeout/Warn ->
fail (Crash may be an abort: unknown; Missing is incomplete (fail) or not run (skip)).

Prints the job's outcome, then "<n> of <m> case(s) match"; every difference by name.
Exit status: 0 the job finished and every case matches (same set of cases); 1 otherwise;
2 bad input (unreadable log).
"""
import json
import sys

try:
    import yaml
except ImportError:  # Debian's python3-yaml is there wherever lava-run ran
    pass

CSV_TO_LAVA = {
    "Pass": {"pass"}, "Skip": {"skip"}, "Fail": {"fail"}, "Timeout": {"fail"}, "Warn": {"fail"},
    "Crash": {"fail", "unknown"}, "Missing": {"fail", "skip"},
    # A run with a baseline: ExpectedFail is a failing case, UnexpectedPass a passing one.
    "ExpectedFail": {"fail"}, "UnexpectedPass": {"pass"}, "Flake": {"pass", "fail"},
}


def records(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        for number, line in enumerate(log, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                # lava-run writes YAML flow mappings, nearly always valid JSON (not e.g. a bare
                # 'extra' value); those few are read as YAML, a torn line is reported.
                try:
                    yield yaml.safe_load(line)
                except (NameError, yaml.YAMLError):
                    print(f"{path}:{number}: not a log record, ignored", file=sys.stderr)


def main(argv):
    if len(argv) != 2:
        print("usage: lava-results.py LAVA_LOG", file=sys.stderr)
        return 2
    path = argv[1]
    lava, csv, job, errors = {}, {}, None, []
    in_csv = False
    try:
        for rec in records(path):
            lvl, msg = rec.get("lvl"), rec.get("msg")
            if lvl == "results" and isinstance(msg, dict):
                if msg.get("definition", "").endswith("_accel-conformance"):
                    lava[msg["case"]] = msg.get("result")
                elif msg.get("definition") == "lava" and msg.get("case") == "job":
                    job = msg
            elif lvl == "target" and isinstance(msg, str):
                text = msg.strip()
                if text == "ACCEL-CSV-BEGIN":
                    in_csv = True
                elif text == "ACCEL-CSV-END":
                    in_csv = False
                elif in_csv and text.count(",") >= 2:
                    name, status = text.split(",")[:2]
                    csv[name] = status
            elif lvl in ("error", "exception"):
                errors.append(msg)
    except OSError as err:
        print(f"lava-results.py: {path}: {err}", file=sys.stderr)
        return 2

    job_result = (job or {}).get("result", "none")
    print(f"LAVA job: {job_result}" + (f" ({job.get('error_type')}: {job.get('error_msg')})"
                                      if job and job.get("error_msg") else ""))
    for message in errors[:5]:
        print(f"  LAVA {message}")
    runner_case = lava.pop("accel-conformance-runner", None)
    print(f"LAVA result accel-conformance-runner (the run itself): {runner_case}")
    print(f"LAVA lava-test-case results: {len(lava)}; results.csv rows: {len(csv)}")
    matched, problems = 0, []
    for name in sorted(set(lava) | set(csv)):
        if name not in csv:
            problems.append(f"  {name}: LAVA {lava[name]}, not in results.csv")
        elif name not in lava:
            problems.append(f"  {name}: results.csv {csv[name]}, no LAVA result")
        elif lava[name] not in CSV_TO_LAVA.get(csv[name], set()):
            problems.append(f"  {name}: results.csv {csv[name]}, LAVA {lava[name]}")
        else:
            matched += 1
    by_result = {}
    for result in lava.values():
        by_result[result] = by_result.get(result, 0) + 1
    print(f"LAVA results by value: {', '.join(f'{k} {v}' for k, v in sorted(by_result.items())) or 'none'}")
    print(f"{matched} of {len(set(lava) | set(csv))} case(s) match")
    for line in problems:
        print(line)
    ok = job_result == "pass" and runner_case == "pass" and csv and not problems
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
