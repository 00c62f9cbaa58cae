#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""generate.py on hand-made driver sources: an ioctl table written through a wrapper macro
(ethosu's ETHOSU_IOCTL), and the extra row groups of an ioctl (ethosu.cmdstream.*).

    python3 ci/vm/mutants/test_generate.py
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

# Kernel style, as generate.py expects it: bodies open and close in column 0.
SOURCE = '''
static int ethosu_ioctl_bo_wait(struct drm_device *ddev, void *data, struct drm_file *file)
{
	struct drm_ethosu_bo_wait *args = data;

	if (args->pad)
		return -EINVAL;
	return 0;
}

static int ethosu_ioctl_cmdstream_bo_create(struct drm_device *ddev, void *data, struct drm_file *file)
{
	struct drm_ethosu_cmdstream_bo_create *args = data;

	if (!args->size)
		return -EINVAL;
	return 0;
}

static int not_a_root(int x)
{
	if (x)
		return -EINVAL;
	return 0;
}

static const struct drm_ioctl_desc ethosu_drm_driver_ioctls[] = {
#define ETHOSU_IOCTL(n, func, flags) \\
	DRM_IOCTL_DEF_DRV(ETHOSU_##n, ethosu_ioctl_##func, flags)

	ETHOSU_IOCTL(BO_WAIT, bo_wait, 0),
	ETHOSU_IOCTL(CMDSTREAM_BO_CREATE, cmdstream_bo_create, 0),
};
'''


class WrapperMacroTable(unittest.TestCase):
    def generate(self):
        tmp = tempfile.mkdtemp()
        src = os.path.join(tmp, 'src')
        os.makedirs(src)
        with open(os.path.join(src, 'ethosu_drv.c'), 'w') as fh:
            fh.write(SOURCE)
        out = os.path.join(tmp, 'out')
        run = subprocess.run([sys.executable, os.path.join(HERE, 'generate.py'), '--driver', 'ethosu',
                              '--src', src, '--out', out], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(os.path.join(out, 'mutants.json')) as fh:
            return json.load(fh)

    def test_macro_entries_are_roots(self):
        gen = self.generate()
        self.assertEqual(gen['roots'], {'ethosu_ioctl_bo_wait': 'ioctl:bo_wait',
                                        'ethosu_ioctl_cmdstream_bo_create': 'ioctl:cmdstream_bo_create'})
        self.assertNotIn('not_a_root', gen['reachable'])

    def test_rows_of_the_mutated_ioctl(self):
        rows = {m['function']: m['rows'] for m in self.generate()['mutants']}
        self.assertEqual(rows['ethosu_ioctl_bo_wait'], ['core.*', 'ethosu.bo_wait.*'])
        # the command-stream parser's own table goes through CMDSTREAM_BO_CREATE
        self.assertEqual(rows['ethosu_ioctl_cmdstream_bo_create'],
                         ['core.*', 'ethosu.cmdstream.*', 'ethosu.cmdstream_bo_create.*'])

    def test_pad_check_is_a_pad_flags_mutant(self):
        ops = {(m['function'], m['operator']) for m in self.generate()['mutants']}
        self.assertIn(('ethosu_ioctl_bo_wait', 'pad-flags'), ops)
        self.assertIn(('ethosu_ioctl_cmdstream_bo_create', 'guard-off'), ops)


if __name__ == '__main__':
    unittest.main()
