#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Verdict per mutant from the VM's results folders; counts; survivors; score.

    score.py --gen GEN/mutants.json --share SHARE --build STATUS --kernel K --krel R --out FILE [--times k=v,...]
             [--equivalent LIST] [--known-survivors LIST] [--rerun DIR]...

A row's outcome is its status and errno (actual). The unmutated driver ran
twice (SHARE/m/base, SHARE/m/base2); rows whose outcome differs between
those two are flaky and never decide a verdict. A mutant is
  killed     some row's outcome differs from the unmutated driver's
             (including crash, timeout, abort: the runner reported it);
  survived   every row it ran came out as with the unmutated driver, or the
             VM hung under it without the runner reporting anything;
  equivalent listed, with a reason, in ci/vm/mutants/<driver>-equivalent.txt;
  not built  the mutated file did not compile (counted, dropped);
  not loaded the mutated module did not load or bring the device up (dropped).
--rerun DIR (a mutants.sh --results folder, e.g. a run of the first run's
survivors with --only after new rows): every mutant DIR ran replaces its
verdict by the one DIR gives, judged against DIR's own two unmutated runs (it
may use another runner); such verdicts carry "from": DIR and the score line
counts them. Later --rerun folders win.
Prints the report, writes FILE (JSON). Exit 0 no survivor (or only the ones
--known-survivors lists: survivors waiting for a row, still counted in the
score), 1 a survivor not listed there or a listed one killed, 2 bad input.
"""
import argparse
import json
import os
import sys

BAD = {'crash', 'timeout', 'abort', 'incomplete'}


def fail(msg):
    print(f'score.py: {msg}', file=sys.stderr)
    sys.exit(2)


def outcomes(folder):
    f = os.path.join(folder, 'results.json')
    if not os.path.isfile(f):
        return None
    try:
        with open(f) as fh:
            recs = json.load(fh).get('records', [])
    except (OSError, ValueError) as e:
        fail(f'{f}: {e}')
    return {r['outcome']['name']: (r['outcome'].get('status'), r['outcome'].get('actual'))
            for r in recs if 'outcome' in r}


def read(path, default=None):
    try:
        with open(path) as fh:
            return fh.read().strip()
    except OSError:
        return default


def main():
    ap = argparse.ArgumentParser()
    for k in ('gen', 'share', 'build', 'kernel', 'krel', 'out'):
        ap.add_argument('--' + k, required=True)
    ap.add_argument('--times', default='')
    ap.add_argument('--equivalent', default='', help='the equivalent list now (default: as when generated)')
    ap.add_argument('--rerun', action='append', default=[],
                    help='a later mutants.sh --results folder whose verdicts replace these (repeatable)')
    ap.add_argument('--known-survivors', default='',
                    help='survivors waiting for a row: listed ones do not fail the exit status, listed ones killed do')
    a = ap.parse_args()
    try:
        with open(a.gen) as fh:
            gen = json.load(fh)
    except (OSError, ValueError) as e:
        fail(f'--gen {a.gen}: {e}')
    built = {}
    if os.path.isfile(a.build):
        with open(a.build) as fh:
            for n, line in enumerate(fh, 1):
                p = line.split()
                if len(p) < 2 or p[1] not in ('built', 'failed'):
                    fail(f'{a.build}:{n}: expected "DIR built|failed SECONDS"')
                built[p[0]] = p[1] == 'built'

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from generate import load_equivalent
    known = load_equivalent(a.known_survivors, a.kernel) if a.known_survivors else {}
    if a.equivalent:
        eq = load_equivalent(a.equivalent, a.kernel)
        for m in gen['mutants']:
            m['equivalent'] = eq.get(m['id'])
    def unmutated(share):
        m_dir = os.path.join(share, 'm')
        base = outcomes(os.path.join(m_dir, 'base', 'stage1'))
        if not base:
            fail(f'{m_dir}/base/stage1/results.json: the unmutated driver has no results')
        base2 = outcomes(os.path.join(m_dir, 'base2', 'stage1')) or {}
        return m_dir, base, sorted(n for n in base if n in base2 and base2[n] != base[n])

    first = unmutated(a.share)
    flaky = list(first[2])
    # a mutant the latest rerun finished takes its verdict from there
    rerun = {}
    for r in a.rerun:
        share = os.path.join(r, 'share')
        if not os.path.isdir(os.path.join(share, 'm')):
            fail(f'--rerun {r}: no share/m folder (not a mutants.sh --results folder)')
        judged = unmutated(share)
        flaky += [n for n in judged[2] if n not in flaky]
        for e in os.listdir(judged[0]):
            if e not in ('base', 'base2') and os.path.isfile(os.path.join(judged[0], e, 'done')):
                rerun[e] = (r, judged)

    verdicts = []
    for m in gen['mutants']:
        if not m['selected']:
            continue
        v = dict(id=m['id'], file=m['file'], line=m['line'], function=m['function'],
                 operator=m['operator'], mutation=m['mutation'], entries=m['entries'])
        m_dir, base, flaky_here = rerun[m['dir']][1] if m['dir'] in rerun else first
        d = os.path.join(m_dir, m['dir'])
        if m['dir'] in rerun:
            v['from'] = rerun[m['dir']][0]
        if m['equivalent'] and not os.path.isfile(os.path.join(d, 'done')):
            v.update(verdict='equivalent', reason=m['equivalent'])
        elif not built.get(m['dir'], False) and m['dir'] not in rerun:
            v.update(verdict='not built')
        elif not os.path.isfile(os.path.join(d, 'done')):
            v.update(verdict='not run')
        else:
            rows = {}
            for st in ('stage1', 'stage2'):
                rows.update(outcomes(os.path.join(d, st)) or {})
            note = read(os.path.join(d, 'note'))
            hung = os.path.isfile(os.path.join(d, 'hung'))
            if not rows and not hung:
                v.update(verdict='not loaded', note=note)
            else:
                changed = [f'{n}: {base[n][0]} {base[n][1]} -> {o[0]} {o[1]}'
                           for n, o in sorted(rows.items())
                           if n in base and n not in flaky_here and (o != base[n] or o[0] in BAD)]
                changed += [f'{n}: {o[0]} {o[1]} (not in the unmutated run)'
                            for n, o in sorted(rows.items()) if n not in base and o[0] in BAD]
                if changed:
                    v.update(verdict='killed', by=changed[:5], rows_changed=len(changed))
                else:
                    v.update(verdict='survived', rows_run=len(rows))
                    if hung:
                        v['note'] = 'the VM hung or died under it and the runner reported nothing'
                    elif not os.path.isfile(os.path.join(d, 'stage2', 'results.json')) and \
                            any(g.startswith('core.') for g in m['rows']):
                        v['note'] = 'DRM-core rows not run (stage 1 exit status was not 0)'
                if m['equivalent']:
                    v.update(observed=v['verdict'], verdict='equivalent', reason=m['equivalent'])
        verdicts.append(v)

    def count(vs):
        c = dict(generated=len(vs), built=0, killed=0, survived=0, equivalent=0, not_built=0, not_loaded=0)
        for v in vs:
            k = v['verdict']
            if k in ('killed', 'survived'):
                c['built'] += 1
                c[k] += 1
            elif k == 'equivalent':
                c['equivalent'] += 1
            elif k == 'not built':
                c['not_built'] += 1
            else:
                c['not_loaded'] += 1
        return c

    def grouped(key):
        g = {}
        for v in verdicts:
            for k in (v[key] if isinstance(v[key], list) else [v[key]]):
                g.setdefault(k, []).append(v)
        return {k: count(vs) for k, vs in sorted(g.items())}

    total = count(verdicts)
    den = total['killed'] + total['survived']
    score = 100.0 * total['killed'] / den if den else 100.0
    survivors = [v for v in verdicts if v['verdict'] == 'survived']
    line = (f'mutation score {gen["driver"]} {a.kernel} ({a.krel}): {total["killed"]}/{den} non-equivalent '
            f'mutants killed = {score:.1f}% ({len(gen["mutants"])} generated, {total["generated"]} selected, '
            f'{total["built"]} built and run, {total["equivalent"]} equivalent, {total["not_built"]} not built, '
            f'{total["not_loaded"]} not loaded)')
    reran = sum(1 for v in verdicts if 'from' in v)
    if reran:
        line += f'; {reran} verdict(s) from --rerun {", ".join(a.rerun)}'
    times = dict(kv.split('=', 1) for kv in a.times.split(',') if '=' in kv)
    result = dict(score=line, percent=round(score, 1), driver=gen['driver'], kernel=a.kernel, release=a.krel,
                  sample=gen['sample'], seed=gen['seed'], totals=total,
                  per_file=grouped('file'), per_function=grouped('function'), per_ioctl=grouped('entries'),
                  survivors=[dict(id=v['id'], where=f'{v["file"]}:{v["line"]}', function=v['function'],
                                  mutation=v['mutation'], note=v.get('note'), **({'from': v['from']} if 'from' in v
                                                                               else {})) for v in survivors],
                  reruns=a.rerun,
                  flaky_rows=flaky, times_s=times, mutants=verdicts)
    with open(a.out, 'w') as fh:
        json.dump(result, fh, indent=1)
    print(line)
    for v in survivors:
        print(f'  SURVIVED {v["file"]}:{v["line"]} {v["function"]} [{v["operator"]}] {v["mutation"]}'
              f'{" (" + v["note"] + ")" if v.get("note") else ""}  id {v["id"]}')
        if v['id'] in known:
            print(f'      known survivor, row missing: {known[v["id"]]}')
    unknown = [v['id'] for v in survivors if v['id'] not in known]
    stale = [v['id'] for v in verdicts if v['id'] in known and v['verdict'] == 'killed']
    for mid in stale:
        print(f'  KILLED BUT LISTED AS A KNOWN SURVIVOR (remove it from {a.known_survivors}): {mid}')
    for v in verdicts:
        if v['verdict'] == 'equivalent' and v.get('observed') == 'killed':
            print(f'  LISTED EQUIVALENT BUT KILLED {v["id"]}: {v["by"][0]}')
    if flaky:
        print(f'  flaky rows (differ between the two unmutated runs, never decide): {", ".join(flaky)}')
    if times:
        print('  times (s): ' + ' '.join(f'{k}={v}' for k, v in times.items()))
    sys.exit(1 if unknown or stale else 0)


if __name__ == '__main__':
    main()
