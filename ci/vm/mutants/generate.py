#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutants of an accel driver's C sources, limited to code reachable from its uapi.

    generate.py --driver qaic --src DIR --out DIR [--kernel 6.12|7.3] [--sample N --seed S]
                [--equivalent FILE] [--only ID[,ID...]]

DIR is the VM tier's verified copy of drivers/accel/<driver>. Reachable code:
the functions named in the driver's DRM_IOCTL_DEF_DRV table and in the
designated initializers of its drm_driver / drm_gem_object_funcs /
file_operations / vm_operations_struct definitions (the roots), closed under
"the body names the function" over every .c file of the driver (a call, or
a function pointer handed on, e.g. INIT_WORK). No C parser: the kernel's
coding style (function bodies open and close with a brace in column 0) is
relied on, and comments and strings are blanked before any matching.

Operators (one mutant per site, each a single textual edit):
  guard-off    a guard whose body sets or returns an errno literal never fires:
               `if (C)` -> `if ((C) && 0)` (C still runs, its side effects stay)
  errno        a returned or assigned errno literal changes: -EINVAL -> -ERANGE,
               any other -> -EINVAL
  bound        a relational operator in such a guard moves by one:
               >= <-> >, < <-> <=
  copy-check   the failure check of copy_{from,to}_user / memdup_user is dropped
               (the copy still happens)
  pad-flags    a pad/reserved/flags term of such a guard is dropped (-> 0)

Guards that only propagate an error from a callee (`if (ret) goto out;`,
`if (IS_ERR(p)) return PTR_ERR(p);`) are not mutated: the guard that made
the error is.

Ids are stable across kernel versions as long as the mutated code is
the same: <file>:<function>:<operator>:<8 hex of the site's text>.

Writes OUT/mutants.json (every mutant, before sampling, with the ones
sampled marked) and OUT/src/<id-as-path>/<file> (the mutated file) for each
selected mutant.
"""
import argparse
import hashlib
import json
import os
import re
import sys

ERRNO = re.compile(r'-E[A-Z][A-Z0-9]+\b')
PADLIKE = re.compile(r'(->|\.)\s*(pad\w*|reserved\w*|resv\w*|rsvd\w*|flags\w*)\b')
COPY_CALL = re.compile(r'\b(copy_from_user|copy_to_user|memdup_user|vmemdup_user|memdup_array_user|'
                       r'vmemdup_array_user|strndup_user)\s*\(')
REL = re.compile(r'(?<![<>=!-])(>=|<=|>|<)(?![<>=])')
ROOT_STRUCTS = ('drm_driver', 'drm_gem_object_funcs', 'file_operations', 'vm_operations_struct',
                'drm_sched_backend_ops', 'dma_buf_ops')


def fail(msg):
    print(f'generate.py: {msg}', file=sys.stderr)
    sys.exit(2)


def blank(text):
    """Comments, string and char literals replaced by spaces (newlines kept): offsets stay valid."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            for k in range(i + 1, j - 1):
                if out[k] != '\n':
                    out[k] = ' '
            i = j
            continue
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != '\n':
                out[k] = ' '
        i = j
    return ''.join(out)


def match_close(s, i, open_c, close_c):
    """Index just past the bracket matching s[i] == open_c."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == open_c:
            depth += 1
        elif s[j] == close_c:
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


FUNC_HEAD = re.compile(r'^(?:[A-Za-z_][\w \t\*]*?[\s\*])?([A-Za-z_]\w*)\s*\(', re.M)


def functions(clean):
    """(name, start, body_start, body_end) of every function definition (brace in column 0)."""
    found = []
    for m in re.finditer(r'^\{', clean, re.M):
        body_start = m.start()
        body_end = match_close(clean, body_start, '{', '}')
        if body_end < 0:
            continue
        # the head: text back to the previous blank line / closing brace / semicolon at column 0
        head_from = max(clean.rfind('\n}', 0, body_start), clean.rfind(';\n', 0, body_start),
                        clean.rfind('\n\n', 0, body_start))
        head = clean[head_from + 1:body_start]
        if '=' in head.split('(')[0] or 'struct' in head.split('(')[0] and head.strip().endswith('='):
            continue
        names = re.findall(r'([A-Za-z_]\w*)\s*\(', head)
        if not names:
            continue
        found.append((names[0], head_from + 1, body_start, body_end))
    return found


IOCTL_MACRO = re.compile(r'#define\s+(\w+)\s*\(([^)]*)\)[\s\\]*DRM_IOCTL_DEF_DRV\s*\(\s*([\w#]+)\s*,\s*([\w#]+)')


def ioctl_macro_entries(clean):
    """(ioctl, handler) of a table written through a wrapper macro, expanded by its ## pasting.

    e.g. ethosu: `#define ETHOSU_IOCTL(n, func, flags) DRM_IOCTL_DEF_DRV(ETHOSU_##n, ethosu_ioctl_##func, flags)`
    and `ETHOSU_IOCTL(DEV_QUERY, dev_query, 0)` -> (ETHOSU_DEV_QUERY, ethosu_ioctl_dev_query).
    """
    out = []
    for d in IOCTL_MACRO.finditer(clean):
        params = [p.strip() for p in d.group(2).split(',')]

        def expand(template, args):
            for p, v in zip(params, args):
                template = re.sub(rf'(##\s*)?\b{p}\b(\s*##)?', v, template)
            return template.replace('##', '')
        for use in re.finditer(rf'\b{d.group(1)}\s*\(([^()]*)\)', clean[d.end():]):
            args = [v.strip() for v in use.group(1).split(',')]
            if len(args) == len(params):
                out.append((expand(d.group(3), args), expand(d.group(4), args)))
    return out


def roots_of(clean):
    """Root function names and the uapi entry each stands for."""
    roots = {}
    for m in re.finditer(r'DRM_IOCTL_DEF_DRV\s*\(\s*(\w+)\s*,\s*(\w+)', clean):
        roots[m.group(2)] = ('ioctl', m.group(1))
    for ioctl, func in ioctl_macro_entries(clean):
        roots[func] = ('ioctl', ioctl)
    # file_operations only when a drm_driver's .fops names it (not debugfs files)
    fops = set(re.findall(r'\.fops\s*=\s*&\s*(\w+)', clean))
    for m in re.finditer(r'\bstruct\s+(\w+)\s+(\w+)\s*=\s*\{', clean):
        if m.group(1) not in ROOT_STRUCTS or (m.group(1) == 'file_operations' and m.group(2) not in fops):
            continue
        end = match_close(clean, m.end() - 1, '{', '}')
        for f in re.finditer(r'\.(\w+)\s*=\s*&?\s*([A-Za-z_]\w*)\s*,?', clean[m.end():end]):
            roots.setdefault(f.group(2), (m.group(1), f.group(1)))
    return roots


def tokens(clean, a, b):
    return set(re.findall(r'[A-Za-z_]\w*', clean[a:b]))


def statement_end(clean, i):
    """Index just past the statement starting at i (a block or up to ';' at depth 0)."""
    while i < len(clean) and clean[i] in ' \t\n':
        i += 1
    if i < len(clean) and clean[i] == '{':
        return match_close(clean, i, '{', '}')
    depth = 0
    for j in range(i, len(clean)):
        c = clean[j]
        if c in '([':
            depth += 1
        elif c in ')]':
            depth -= 1
        elif c == ';' and depth == 0:
            return j + 1
        elif c == '{' and depth == 0:       # e.g. a do/while or nested if block
            return statement_end(clean, match_close(clean, j, '{', '}'))
    return -1


def own(stmt):
    """A branch's own statements: nested blocks and nested if/for/while statements blanked."""
    s = stmt.strip()
    if s.startswith('{'):
        s = s[1:-1]
    out, depth = [], 0
    for c in s:
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
        elif depth == 0:
            out.append(c)
    text = ''.join(out)
    # a nested single-statement if/for/while: drop from the keyword to its ';'
    return re.sub(r'\b(if|for|while)\s*\(.*?;', ' ', text, flags=re.S)


def top_level_terms(cond, base):
    """(start, end) of the top-level '||' terms of a condition, absolute offsets."""
    terms, depth, start, i = [], 0, 0, 0
    while i < len(cond):
        c = cond[i]
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        elif depth == 0 and cond.startswith('||', i):
            terms.append((start, i))
            start = i + 2
            i += 1
        i += 1
    terms.append((start, len(cond)))
    out = []
    for a, b in terms:
        seg = cond[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        out.append((base + a + lead, base + a + trail))
    return out


def line_of(text, off):
    return text.count('\n', 0, off) + 1


def sites(path, text, clean, fname, fstart, fend):
    """Every mutation site in one function: dicts with op, start, end, new, what."""
    out = []
    body = clean[fstart:fend]
    prev_copy_end = -1
    copy_assign = {}
    for m in re.finditer(r'(\w+)\s*=\s*[^;=]*?' + COPY_CALL.pattern, body):
        stmt_end = body.find(';', m.end())
        copy_assign[fstart + stmt_end] = m.group(1)
    for m in re.finditer(r'\bif\s*\(', body):
        cond_open = fstart + m.end() - 1
        cond_close = match_close(clean, cond_open, '(', ')')
        if cond_close < 0:
            continue
        cond_a, cond_b = cond_open + 1, cond_close - 1
        cond = clean[cond_a:cond_b]
        stmt_b = statement_end(clean, cond_close)
        if stmt_b < 0:
            continue
        stmt = clean[cond_close:stmt_b]
        # only the guard's own branch: stop at a nested if's start? keep simple: the branch body
        # the errno must be the branch's own, not one of a nested block's
        has_errno = bool(re.search(r'(return\s+|[^=!<>]=\s*|ERR_PTR\s*\(\s*)' + ERRNO.pattern, own(stmt)))
        # a copy's failure check: the call in the condition, or the variable it was assigned to
        before = clean[fstart:cond_open]
        last_stmt_end = before.rstrip().rfind(';')
        copy_var = copy_assign.get(fstart + last_stmt_end) if last_stmt_end >= 0 else None
        is_copy = bool(COPY_CALL.search(cond)) or (
            copy_var is not None and re.fullmatch(r'\s*(IS_ERR\s*\(\s*)?' + re.escape(copy_var) + r'\s*\)?\s*', cond))
        orig = text[cond_a:cond_b]
        disabled = f'({orig}) && 0'
        if is_copy:
            out.append(dict(op='copy-check', start=cond_a, end=cond_b, new=disabled,
                            what=f'copy failure check `if ({squash(orig)})` dropped'))
            continue
        if not has_errno:
            continue
        terms = top_level_terms(cond, cond_a)
        pad_terms = [(a, b) for a, b in terms if PADLIKE.search(clean[a:b])]
        if len(terms) == 1 and pad_terms:
            out.append(dict(op='pad-flags', start=cond_a, end=cond_b, new=disabled,
                            what=f'pad/flags check `if ({squash(orig)})` dropped'))
        else:
            out.append(dict(op='guard-off', start=cond_a, end=cond_b, new=disabled,
                            what=f'guard `if ({squash(orig)})` disabled'))
            for a, b in pad_terms:
                out.append(dict(op='pad-flags', start=a, end=b, new='0',
                                what=f'term `{squash(text[a:b])}` of `if ({squash(orig)})` dropped'))
        for r in REL.finditer(cond):
            a = cond_a + r.start()
            op = r.group(1)
            new = {'>=': '>', '>': '>=', '<': '<=', '<=': '<'}[op]
            # not part of '->' or a shift; not inside a template-like cast
            if clean[a - 1:a] == '-' or clean[a:a + 2] in ('<<', '>>'):
                continue
            ctx = squash(text[max(cond_a, a - 30):min(cond_b, a + 30)])
            out.append(dict(op='bound', start=a, end=a + len(op), new=new,
                            what=f'`{op}` -> `{new}` in `if ({squash(orig)})`', ctx=ctx))
    for m in re.finditer(r'(return\s+|[^=!<>]=\s*|ERR_PTR\s*\(\s*)(' + ERRNO.pattern + ')', body):
        a = fstart + m.start(2)
        old = m.group(2)
        new = '-ERANGE' if old == '-EINVAL' else '-EINVAL'
        if old == new:
            continue
        ctx = squash(text[text.rfind('\n', 0, a) + 1:text.find('\n', a)])
        out.append(dict(op='errno', start=a, end=a + len(old), new=new,
                        what=f'`{old}` -> `{new}` in `{ctx}`', ctx=ctx))
    return out


def squash(s):
    return re.sub(r'\s+', ' ', s).strip()


def load_equivalent(path, kernel):
    eq = {}
    if not path:
        return eq
    if not os.path.isfile(path):
        fail(f'--equivalent {path}: no such file')
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2 or len(parts[1].strip()) < 10:
                fail(f'{path}:{n}: expected "<mutant id> [kernel] <reason why no ioctl can observe it>"')
            mid, reason = parts[0], parts[1].strip()
            m = re.match(r'\[(6\.12|7\.3)\]\s+(.{10,})', reason)
            if reason.startswith('[') and not m:
                fail(f'{path}:{n}: kernel qualifier must be [6.12] or [7.3] followed by the reason')
            if m and m.group(1) != kernel:
                continue
            eq[mid] = m.group(2) if m else reason
    return eq


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--driver', required=True)
    ap.add_argument('--src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--kernel', default='', help='6.12 or 7.3: applies the equivalent-list entries marked for it')
    ap.add_argument('--sample', type=int, default=0)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--equivalent', default='')
    ap.add_argument('--only', default='')
    a = ap.parse_args()
    if not os.path.isdir(a.src):
        fail(f'--src {a.src}: not a directory')
    cfiles = sorted(f for f in os.listdir(a.src) if f.endswith('.c'))
    if not cfiles:
        fail(f'--src {a.src}: no .c files')
    equivalent = load_equivalent(a.equivalent, a.kernel)

    texts, cleans, funcs = {}, {}, {}
    roots = {}
    for f in cfiles:
        with open(os.path.join(a.src, f), encoding='utf-8', errors='surrogateescape') as fh:
            texts[f] = fh.read()
        cleans[f] = blank(texts[f])
        for name, head, b0, b1 in functions(cleans[f]):
            funcs.setdefault(name, (f, head, b0, b1))
        roots.update(roots_of(cleans[f]))
    roots = {k: v for k, v in roots.items() if k in funcs}
    if not any(v[0] == 'ioctl' for v in roots.values()):
        fail(f'{a.src}: no DRM_IOCTL_DEF_DRV table found')

    # callees: any function of the driver named in the body
    callees = {n: tokens(cleans[f], b0, b1) & funcs.keys() for n, (f, _, b0, b1) in funcs.items()}
    reach = {}          # function -> set of root entries
    for r, entry in roots.items():
        label = entry_label(a.driver, entry)
        todo, seen = [r], {r}
        while todo:
            n = todo.pop()
            reach.setdefault(n, set()).add(label)
            for c in callees[n]:
                if c not in seen:
                    seen.add(c)
                    todo.append(c)

    mutants = []
    for name in sorted(reach, key=lambda n: (funcs[n][0], funcs[n][2])):
        f, _, b0, b1 = funcs[name]
        seen_keys = {}
        for s in sites(f, texts[f], cleans[f], name, b0, b1):
            key = f'{f}|{name}|{s["op"]}|{squash(texts[f][s["start"]:s["end"]])}|{s["new"]}|{s.get("ctx", "")}'
            seen_keys[key] = seen_keys.get(key, 0) + 1
            h = hashlib.sha1(f'{key}|{seen_keys[key]}'.encode()).hexdigest()[:8]
            mid = f'{f}:{name}:{s["op"]}:{h}'
            entries = sorted(reach[name])
            mutants.append(dict(id=mid, file=f, line=line_of(texts[f], s['start']), function=name,
                                operator=s['op'], mutation=s['what'], entries=entries,
                                rows=rows_for(a.driver, entries), start=s['start'], end=s['end'],
                                new=s['new'], equivalent=equivalent.get(mid)))
    ids = [m['id'] for m in mutants]
    if len(ids) != len(set(ids)):
        fail('duplicate mutant ids (hash collision)')

    selected = [m for m in mutants]
    if a.only:
        want = set(a.only.split(','))
        unknown = want - set(ids)
        if unknown:
            fail(f'--only: unknown mutant id(s): {", ".join(sorted(unknown))}')
        selected = [m for m in mutants if m['id'] in want]
    elif a.sample:
        # rank by a hash of seed and id: listing a mutant as equivalent later
        # replaces only that one in the sample, the others stay
        pool = sorted((m for m in mutants if not m['equivalent']),
                      key=lambda m: hashlib.sha1(f'{a.seed}:{m["id"]}'.encode()).hexdigest())
        pick = set(m['id'] for m in pool[:a.sample])
        selected = [m for m in mutants if m['id'] in pick]
    sel_ids = set(m['id'] for m in selected)

    os.makedirs(os.path.join(a.out, 'src'), exist_ok=True)
    for m in selected:
        t = texts[m['file']]
        d = os.path.join(a.out, 'src', safe(m['id']))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, m['file']), 'w', encoding='utf-8', errors='surrogateescape') as fh:
            fh.write(t[:m['start']] + m['new'] + t[m['end']:])
    for m in mutants:
        m['selected'] = m['id'] in sel_ids
        m['dir'] = safe(m['id'])
        del m['start'], m['end']
    stale = sorted(set(equivalent) - set(ids))
    meta = dict(driver=a.driver, src=os.path.abspath(a.src), sample=a.sample, seed=a.seed,
                roots={k: entry_label(a.driver, v) for k, v in sorted(roots.items())},
                reachable=sorted(reach), equivalent_not_generated=stale, mutants=mutants)
    with open(os.path.join(a.out, 'mutants.json'), 'w') as fh:
        json.dump(meta, fh, indent=1)
    ops = {}
    for m in mutants:
        ops[m['operator']] = ops.get(m['operator'], 0) + 1
    print(f'{a.driver}: {len(roots)} roots, {len(reach)} reachable functions, {len(mutants)} mutants '
          f'({", ".join(f"{k} {v}" for k, v in sorted(ops.items()))}), '
          f'{sum(1 for m in mutants if m["equivalent"])} listed equivalent, {len(selected)} selected')


def safe(mid):
    return re.sub(r'[^A-Za-z0-9_.-]', '_', mid)


def entry_label(driver, entry):
    kind, name = entry
    if kind == 'ioctl':
        n = name.lower()
        if n.startswith(driver + '_'):
            n = n[len(driver) + 1:]
        return f'ioctl:{n}'
    return f'{kind}.{name}'


# Tables of an ioctl under a group name of their own (besides <driver>.<ioctl>.*):
# ethosu's command-stream parser rows (ethosu.cmdstream.*) go through CMDSTREAM_BO_CREATE.
IOCTL_EXTRA_GROUPS = {('ethosu', 'cmdstream_bo_create'): ('cmdstream',)}


def rows_for(driver, entries):
    """Case-name globs of the runner for a mutant reached from these entries (+ DRM core rows)."""
    pats = {'core.*'}
    for e in entries:
        if e.startswith('ioctl:'):
            pats.add(f'{driver}.{e[6:]}.*')
            pats.update(f'{driver}.{g}.*' for g in IOCTL_EXTRA_GROUPS.get((driver, e[6:]), ()))
        elif e.endswith('.mmap') or e.endswith('.fault'):
            pats.add(f'{driver}.mmap.*')
            pats.add(f'{driver}.mmap_bo.*')
        else:                       # open/postclose/free/import...: every row of the driver
            pats.add(f'{driver}.*')
    if f'{driver}.*' in pats:
        pats = {'core.*', f'{driver}.*'}
    return sorted(pats)


if __name__ == '__main__':
    main()
