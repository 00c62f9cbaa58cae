#!/usr/bin/env python3
"""A KTAP v1 parser written from the format description (conventions.md section 1), independent
of the suite's own writer, so CI can check that results.ktap is well formed.

Usage: ktap_parse.py FILE [--json]
Prints leaf counts; exits 1 with "FILE:LINE: problem" messages when the document is not valid KTAP.

Checks: a version line opens every (sub)document; the plan follows it; result numbers start at 1
and increase by 1 per level with no gaps; descriptions carry no '#'; subtests are indented by two
spaces per level and closed by their parent's result line; a parent whose child failed is not ok.
Leaves (results without subtests) are counted by kind: pass, fail, skip, timeout, error, other
directives; "missing" is the sum over levels of plan minus results.
"""
import json
import re
import sys

VERSION_RE = re.compile(r"^(KTAP version 1|TAP version 1[34])$")
PLAN_RE = re.compile(r"^1\.\.(\d+)$")
RESULT_RE = re.compile(r"^(ok|not ok) (\d+)(?: ([^#]*?))?\s*(?:#\s*(.*))?$")


class Node:
    def __init__(self, line, depth):
        self.line = line
        self.depth = depth
        self.plan = None
        self.results = []  # (ok, number, description, directive, children Node or None, line)


def parse(text, name="results.ktap"):
    problems = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    stack = []  # open documents, innermost last
    pending_child = {}  # depth -> Node of a subdocument waiting for its parent's result line
    root = None

    def fail(lineno, message):
        problems.append(f"{name}:{lineno}: {message}")

    for lineno, raw in enumerate(lines, 1):
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        if stripped == "":
            continue
        if VERSION_RE.match(stripped):
            if indent % 2:
                fail(lineno, "version line indented by an odd number of spaces")
            depth = indent // 2
            if root is None:
                if depth != 0:
                    fail(lineno, "first version line is indented")
                root = Node(lineno, 0)
                stack = [root]
                continue
            if depth != len(stack):
                fail(lineno, f"subtest at depth {depth}, expected {len(stack)}")
                continue
            node = Node(lineno, depth)
            stack.append(node)
            continue
        if root is None:
            continue  # unknown lines before the document are allowed
        depth = indent // 2
        plan = PLAN_RE.match(stripped)
        result = RESULT_RE.match(stripped)
        if plan and indent % 2 == 0 and depth == len(stack) - 1:
            node = stack[-1]
            if node.plan is not None or node.results:
                fail(lineno, "plan line not directly after the version line")
            node.plan = int(plan.group(1))
            continue
        if result and indent % 2 == 0:
            # A result at depth d closes every deeper open document.
            while len(stack) - 1 > depth:
                child = stack.pop()
                if len(stack) - 1 != depth:
                    fail(lineno, f"subtest opened at line {child.line} was never closed by a result line")
                pending_child[depth] = child
            if depth != len(stack) - 1:
                fail(lineno, f"result line at depth {depth} with no open document there")
                continue
            node = stack[-1]
            ok = result.group(1) == "ok"
            number = int(result.group(2))
            description = (result.group(3) or "").strip()
            directive = (result.group(4) or "").strip()
            expected = len(node.results) + 1
            if number != expected:
                fail(lineno, f"result number {number}, expected {expected}")
            if not description:
                fail(lineno, "result without a description")
            child = pending_child.pop(depth, None)
            if child is not None:
                if child.plan is None:
                    fail(child.line, "subtest without a plan")
                if ok and any(not r[0] and not directive_word(r[3]) == "SKIP" for r in child.results):
                    fail(lineno, f"'{description}' is ok but a subtest failed")
            node.results.append((ok, number, description, directive, child, lineno))
            continue
        if stripped.startswith("#"):
            continue  # diagnostic
        # Anything else is an unknown line: allowed and ignored.
    if root is None:
        problems.append(f"{name}:1: no KTAP version line")
        return None, problems
    if len(stack) > 1:
        problems.append(f"{name}:{stack[-1].line}: subtest never closed by a result line")
    if root.plan is None:
        problems.append(f"{name}:{root.line}: top-level document has no plan")
    return root, problems


def directive_word(directive):
    return directive.split(" ", 1)[0].upper() if directive else ""


def count(node, counts):
    if node.plan is not None:
        counts["missing"] += max(0, node.plan - len(node.results))
        if len(node.results) > node.plan:
            counts["extra"] += len(node.results) - node.plan
    for ok, _, _, directive, child, _ in node.results:
        if child is not None:
            count(child, counts)
            continue
        word = directive_word(directive)
        if word == "SKIP":
            counts["skip"] += 1
        elif word == "TIMEOUT":
            counts["timeout"] += 1
        elif word == "ERROR":
            counts["error"] += 1
        elif word:
            counts["other"] += 1
        elif ok:
            counts["pass"] += 1
        else:
            counts["fail"] += 1
    return counts


def leaf_counts(root):
    return count(root, {"pass": 0, "fail": 0, "skip": 0, "timeout": 0, "error": 0, "other": 0,
                        "missing": 0, "extra": 0})


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        root, problems = parse(f.read(), path)
    for p in problems:
        print(p, file=sys.stderr)
    if root is None:
        return 1
    counts = leaf_counts(root)
    if "--json" in sys.argv:
        print(json.dumps(counts, sort_keys=True))
    else:
        print(" ".join(f"{k}:{v}" for k, v in sorted(counts.items())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
