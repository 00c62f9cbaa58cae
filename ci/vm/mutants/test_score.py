#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""score.py on hand-made results folders: verdicts, flaky rows, and --rerun merging.

    python3 ci/vm/mutants/test_score.py
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def results(folder, rows):
    os.makedirs(folder, exist_ok=True)
    recs = [dict(outcome=dict(name=n, status=s, actual=a)) for n, (s, a) in rows.items()]
    with open(os.path.join(folder, 'results.json'), 'w') as fh:
        json.dump(dict(records=recs), fh)


def share(root, base, mutants, base2=None):
    """A mutants.sh share: the unmutated runs and {dir: rows} of finished mutants."""
    m = os.path.join(root, 'share', 'm')
    results(os.path.join(m, 'base', 'stage1'), base)
    results(os.path.join(m, 'base2', 'stage1'), base2 or base)
    for d, rows in mutants.items():
        results(os.path.join(m, d, 'stage1'), rows)
        open(os.path.join(m, d, 'done'), 'w').close()
    return root


def mutant(n):
    return dict(id=f'f.c:fn:guard-off:{n}', file='f.c', line=n, function='fn', operator='guard-off',
                mutation=f'mutation {n}', entries=['ioctl:x'], rows=['x.*'], selected=True, equivalent=None,
                dir=f'f.c_fn_guard-off_{n}')


class ScoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.gen = os.path.join(self.root, 'gen.json')
        with open(self.gen, 'w') as fh:
            json.dump(dict(driver='qaic', sample=0, seed=0, mutants=[mutant(1), mutant(2), mutant(3)]), fh)
        self.build = os.path.join(self.root, 'status.txt')
        with open(self.build, 'w') as fh:
            fh.write(''.join(f'f.c_fn_guard-off_{n} built 1\n' for n in (1, 2, 3)))
        ok = {'x.a': ('pass', 'EINVAL'), 'x.b': ('pass', '0'), 'x.flaky': ('pass', '0')}
        # 1 killed (x.a changed), 2 survived, 3 differs only in the flaky row
        share(os.path.join(self.root, 'first'), ok, {
            'f.c_fn_guard-off_1': dict(ok, **{'x.a': ('fail', '0')}),
            'f.c_fn_guard-off_2': ok,
            'f.c_fn_guard-off_3': dict(ok, **{'x.flaky': ('fail', 'EIO')}),
        }, base2=dict(ok, **{'x.flaky': ('fail', 'EIO')}))

    def tearDown(self):
        self.tmp.cleanup()

    def score(self, *extra):
        out = os.path.join(self.root, 'out.json')
        p = subprocess.run([sys.executable, os.path.join(HERE, 'score.py'), '--gen', self.gen,
                            '--share', os.path.join(self.root, 'first', 'share'), '--build', self.build,
                            '--kernel', '6.12', '--krel', 'k', '--out', out, *extra],
                           capture_output=True, text=True)
        verdicts = {}
        if os.path.isfile(out):
            with open(out) as fh:
                doc = json.load(fh)
            verdicts = {v['id'].rsplit(':', 1)[1]: v for v in doc['mutants']}
        return p, verdicts

    def test_first_run_verdicts(self):
        p, v = self.score()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual([v[n]['verdict'] for n in '123'], ['killed', 'survived', 'survived'])
        self.assertIn('1/3 non-equivalent mutants killed', p.stdout)
        self.assertIn('flaky rows', p.stdout)

    def test_rerun_replaces_only_what_it_ran(self):
        # the rerun (another runner: new row x.c) kills mutant 2; it judges against its own base
        ok = {'x.a': ('pass', 'EINVAL'), 'x.c': ('pass', 'EAGAIN')}
        rerun = share(os.path.join(self.root, 'rerun'), ok,
                      {'f.c_fn_guard-off_2': dict(ok, **{'x.c': ('fail', 'EINVAL')})})
        p, v = self.score('--rerun', rerun)
        self.assertEqual([v[n]['verdict'] for n in '123'], ['killed', 'killed', 'survived'])
        self.assertEqual(v['2']['from'], rerun)
        self.assertNotIn('from', v['1'])
        self.assertIn('2/3 non-equivalent mutants killed', p.stdout)
        self.assertIn('1 verdict(s) from --rerun', p.stdout)

    def test_rerun_must_be_a_results_folder(self):
        p, _ = self.score('--rerun', os.path.join(self.root, 'nowhere'))
        self.assertEqual(p.returncode, 2)
        self.assertIn('--rerun', p.stderr)


if __name__ == '__main__':
    unittest.main()
