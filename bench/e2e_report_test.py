#!/usr/bin/env python3
"""Unit tests of bench/e2e_report.py's table: rounds, medians and which
Readability.js run each newstrace run is compared with (no data needed)."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_report  # noqa: E402


def write_run(out, name, tool, jobs, pages, rnd, wall=None, loop_pages_s=None):
    """One line of runs.tsv and the files the report reads for it."""
    with open(os.path.join(out, 'runs.tsv'), 'a', encoding='utf-8') as f:
        f.write(f'{name}\t{tool}\t{jobs}\t{pages}\t{rnd}\n')
    with open(os.path.join(out, name + '.time.json'), 'w', encoding='utf-8') as f:
        json.dump({'wall_seconds': wall or 1.0, 'max_rss_mb': 10.0 + rnd}, f)
    if tool == 'readability':
        with open(os.path.join(out, name + '.stats.json'), 'w', encoding='utf-8') as f:
            json.dump({'pages': 85, 'pages_processed': pages,
                       'loop_seconds': pages / loop_pages_s,
                       'loop_pages_per_second': loop_pages_s,
                       'with_read_pages_per_second': loop_pages_s * 0.9}, f)


class RoundsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.out = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def table(self, pin_cpu):
        """Runs the report; pin_cpu None writes no pin_cpu.txt (older runs)."""
        with open(os.path.join(self.out, 'input.txt'), 'w', encoding='utf-8') as f:
            f.write('plain\n')
        if pin_cpu is not None:
            with open(os.path.join(self.out, 'pin_cpu.txt'), 'w', encoding='utf-8') as f:
                f.write(f'{pin_cpu}\n')
        with open(os.devnull, 'w', encoding='utf-8') as devnull:
            stdout, sys.stdout = sys.stdout, devnull
            try:
                e2e_report.cmd_table(self.out)
            finally:
                sys.stdout = stdout
        with open(os.path.join(self.out, 'summary.json'), encoding='utf-8') as f:
            return json.load(f)

    def test_ratio_is_the_median_of_per_round_ratios(self):
        # newstrace 1000, 2000, 3000 pages/s; Readability 10, 40, 20: per-round
        # ratios 100, 50, 150 -> median 100; best over best 3000 / 40 = 75.
        for rnd, (ns, rd) in enumerate([(1000, 10), (2000, 40), (3000, 20)], start=1):
            write_run(self.out, f'newstrace-j1.r{rnd}', 'newstrace', 1, ns, rnd, wall=1.0)
            write_run(self.out, f'readability.r{rnd}', 'readability', 0, 85, rnd,
                      loop_pages_s=rd)
        summary = self.table('none')
        ratio = summary['ratios']['newstrace-j1/readability']
        self.assertAlmostEqual(ratio['median'], 100.0)
        self.assertAlmostEqual(ratio['best'], 75.0)
        rows = {r['key']: r for r in summary['rows']}
        self.assertAlmostEqual(rows['newstrace-j1']['pages_s'], 2000.0)
        self.assertAlmostEqual(rows['readability']['pages_s'], 20.0)
        self.assertAlmostEqual(rows['newstrace-j1']['rss_mb'], 13.0)  # the largest

    def test_one_core_run_is_compared_with_pinned_readability_first(self):
        write_run(self.out, 'newstrace-j1.r1', 'newstrace', 1, 1000, 1, wall=1.0)
        write_run(self.out, 'newstrace-j2.r1', 'newstrace', 2, 1500, 1, wall=1.0)
        write_run(self.out, 'readability-1cpu.r1', 'readability', 1, 85, 1, loop_pages_s=10)
        write_run(self.out, 'readability.r1', 'readability', 0, 85, 1, loop_pages_s=20)
        summary = self.table(1)
        self.assertEqual(list(summary['ratios']),
                         ['newstrace-j1/readability-1cpu', 'newstrace-j1/readability',
                          'newstrace-j2/readability'])
        self.assertAlmostEqual(summary['ratios']['newstrace-j1/readability-1cpu']['median'], 100)
        self.assertAlmostEqual(summary['ratios']['newstrace-j1/readability']['median'], 50)
        self.assertAlmostEqual(summary['ratios']['newstrace-j2/readability']['median'], 75)

    def test_older_runs_without_rounds_read_as_one_round(self):
        with open(os.path.join(self.out, 'runs.tsv'), 'w', encoding='utf-8') as f:
            f.write('newstrace-j1\tnewstrace\t1\t500\nreadability\treadability\t1\t85\n')
        with open(os.path.join(self.out, 'newstrace-j1.time.json'), 'w', encoding='utf-8') as f:
            json.dump({'wall_seconds': 1.0}, f)
        with open(os.path.join(self.out, 'readability.stats.json'), 'w', encoding='utf-8') as f:
            json.dump({'pages': 85, 'pages_processed': 85, 'loop_seconds': 8.5,
                       'loop_pages_per_second': 10.0}, f)
        # No pin_cpu.txt either: older runs pinned nothing.
        summary = self.table(None)
        # Unpinned: readability with jobs 1 is the free run, as it was then.
        self.assertAlmostEqual(summary['ratios']['newstrace-j1/readability']['median'], 50.0)


if __name__ == '__main__':
    unittest.main()
