#!/usr/bin/env python3
"""Unit tests of score_reuse.py on hand-made truth and predictions (no data needed).

  python3 bench/reuse/score_reuse_test.py
"""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_reuse  # noqa: E402

A = 'https://a.example/1'
B = 'https://www.b.example/2'
C = 'https://c.example/3'
D1 = 'https://boiler.example/x'
D2 = 'https://www.boiler.example/y'


def passage(ab, ae, bb, be):
    return {'a_begin': ab, 'a_end': ae, 'b_begin': bb, 'b_end': be}


def truth_doc():
    """Two truth pairs: A-B (A the origin, B credits it by name) and A-C
    (origin null: two copies of a third text)."""
    return {
        'articles': 5,
        'boilerplate_sites': ['boiler.example'],
        'scenarios': {A: 'republication', B: 'republication', C: 'wire', D1: 'boilerplate',
                      D2: 'boilerplate'},
        'pairs': [
            {'a': A, 'b': B, 'kind': 'republication', 'origin': A, 'credit': 'named',
             'scenario': 'republication', 'passages': [passage(0, 100, 10, 110)]},
            {'a': A, 'b': C, 'kind': 'excerpt', 'origin': None, 'credit': None,
             'scenario': 'wire', 'passages': [passage(0, 40, 0, 40), passage(60, 80, 50, 70)]},
        ],
    }


def score(truth, preds, sites=None):
    _, truth_pairs = load_truth_obj(truth)
    pred_pairs = {}
    for p in preds:
        key, rec = score_reuse.normalise_pair(p)
        pred_pairs.setdefault(key, rec)
    return score_reuse.score(truth, truth_pairs, pred_pairs, sites)


def load_truth_obj(truth):
    pairs = {}
    for rec in truth['pairs']:
        key, rec = score_reuse.normalise_pair(rec)
        pairs[key] = rec
    return truth, pairs


class RangesTest(unittest.TestCase):
    def test_merge_overlapping_and_touching(self):
        self.assertEqual(score_reuse.merge_ranges([(5, 10), (0, 3), (3, 4), (8, 12), (20, 20)]),
                         [[0, 4], [5, 12]])

    def test_intersection(self):
        xs = score_reuse.merge_ranges([(0, 10), (20, 30)])
        ys = score_reuse.merge_ranges([(5, 25)])
        self.assertEqual(score_reuse.intersect_bytes(xs, ys), 10)
        self.assertEqual(score_reuse.intersect_bytes(xs, []), 0)
        self.assertEqual(score_reuse.range_bytes(xs), 20)

    def test_normalise_swaps_sides(self):
        key, rec = score_reuse.normalise_pair(
            {'a': B, 'b': A, 'passages': [passage(1, 2, 3, 4)]})
        self.assertEqual(key, (A, B))
        self.assertEqual(rec['passages'], [passage(3, 4, 1, 2)])


class ScoreTest(unittest.TestCase):
    def test_truth_against_itself_is_perfect(self):
        t = truth_doc()
        s = score(t, [dict(p) for p in t['pairs']])
        self.assertEqual(s['pairs']['f1'], 1.0)
        self.assertEqual(s['passage_bytes']['f1'], 1.0)
        self.assertEqual(s['kind_accuracy'], 1.0)
        self.assertEqual(s['origin_accuracy'], 1.0)
        self.assertEqual(s['origin_pairs'], 1)  # A-C has a null origin: not counted
        self.assertEqual(s['credit_accuracy'], 1.0)
        self.assertEqual(s['boilerplate_false_pairs'], 0)

    def test_swapped_prediction_matches(self):
        t = truth_doc()
        pred = {'a': B, 'b': A, 'kind': 'republication', 'origin': A, 'credit': 'named',
                'passages': [passage(10, 110, 0, 100)]}
        s = score(t, [pred])
        self.assertEqual(s['pairs']['tp'], 1)
        self.assertEqual(s['_examples']['passage_overlap'][0][0], 1.0)

    def test_missed_and_false_pairs(self):
        t = truth_doc()
        preds = [
            {'a': A, 'b': B, 'kind': 'duplicate', 'origin': None, 'credit': None,
             'passages': [passage(0, 50, 10, 60)]},  # half of each side
            {'a': B, 'b': C, 'kind': 'excerpt', 'origin': None, 'credit': None,
             'passages': [passage(0, 7, 0, 3)]},  # not in truth
        ]
        s = score(t, preds)
        self.assertEqual((s['pairs']['tp'], s['pairs']['fp'], s['pairs']['fn']), (1, 1, 1))
        self.assertAlmostEqual(s['pairs']['precision'], 0.5)
        self.assertAlmostEqual(s['pairs']['recall'], 0.5)
        b = s['passage_bytes']
        # A-B: 100 of 200 true bytes found; B-C: 10 false bytes; A-C missed: 120 bytes.
        self.assertEqual((b['tp'], b['fp'], b['fn']), (100, 10, 100 + 120))
        self.assertEqual(s['kind_accuracy'], 0.0)
        self.assertEqual(s['origin_accuracy'], 0.0)  # a predicted null origin is wrong
        self.assertEqual(s['credit_accuracy'], 0.0)
        self.assertEqual(s['kind_confusion'], {'republication->duplicate': 1})
        self.assertEqual(s['by_scenario']['wire']['fn'], 1)
        self.assertEqual(s['by_scenario']['republication']['tp'], 1)
        self.assertEqual(s['false_positives_by_scenario'], {'republication+wire': 1})

    def test_passage_bytes_beyond_truth_are_false_positives(self):
        t = truth_doc()
        preds = [{'a': A, 'b': C, 'kind': 'excerpt', 'origin': None,
                  'passages': [passage(0, 80, 0, 70)]}]  # one region over both true ones
        s = score(t, preds)
        b = s['passage_bytes']
        # true: a 60 bytes, c 60 bytes; predicted a 80, c 70; A-B missed 200 bytes.
        self.assertEqual((b['tp'], b['fp'], b['fn']), (120, 30, 200))

    def test_credit_not_counted_without_true_credit(self):
        t = truth_doc()
        t['pairs'][0]['credit'] = None
        s = score(t, [dict(p, credit='linked') for p in t['pairs']])
        self.assertEqual(s['credit_pairs'], 0)
        self.assertIsNone(s['credit_accuracy'])

    def test_boilerplate_pairs_by_url_host_and_by_corpus_site(self):
        t = truth_doc()
        pred = {'a': D1, 'b': D2, 'kind': 'excerpt', 'origin': None, 'passages': []}
        s = score(t, [pred])
        self.assertEqual(s['boilerplate_false_pairs'], 1)  # www. stripped from the host
        self.assertEqual(s['false_positives_by_scenario'], {'boilerplate_site': 1})
        s = score(t, [pred], sites={D1: 'boiler.example', D2: 'other.example'})
        self.assertEqual(s['boilerplate_false_pairs'], 0)

    def test_empty_prediction(self):
        s = score(truth_doc(), [])
        self.assertEqual(s['pairs']['recall'], 0.0)
        self.assertEqual(s['pairs']['f1'], 0.0)
        self.assertIsNone(s['kind_accuracy'])


class MainTest(unittest.TestCase):
    def run_main(self, pred_lines, *extra):
        with tempfile.TemporaryDirectory() as d:
            truth = os.path.join(d, 'truth.json')
            pred = os.path.join(d, 'pred.jsonl')
            with open(truth, 'w') as f:
                json.dump(truth_doc(), f)
            with open(pred, 'w') as f:
                f.write('\n'.join(pred_lines) + '\n')
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = score_reuse.main(['--truth', truth, '--pred', pred] + list(extra))
            return code, out.getvalue(), err.getvalue()

    def test_json_summary_repeated_and_bad_lines(self):
        good = json.dumps({'a': A, 'b': B, 'kind': 'republication', 'origin': A,
                           'credit': 'named', 'passages': [passage(0, 100, 10, 110)]})
        repeat = json.dumps({'a': B, 'b': A, 'kind': 'excerpt', 'passages': []})
        code, out, err = self.run_main([good, repeat, 'not json', '{"a": "x"}', '[1]'],
                                       '--json')
        self.assertEqual(code, 0)
        s = json.loads(out)
        self.assertEqual(s['pairs']['tp'], 1)
        self.assertEqual(s['kind_accuracy'], 1.0)  # the first line for a pair wins
        self.assertIn('1 repeated pairs', err)
        self.assertIn('3 lines skipped', err)
        self.assertNotIn('_examples', s)

    def test_text_report_with_examples(self):
        line = json.dumps({'a': B, 'b': C, 'kind': 'excerpt', 'passages': [passage(0, 1, 0, 1)]})
        code, out, _ = self.run_main([line], '--worst', '3')
        self.assertEqual(code, 0)
        self.assertIn('pairs      P 0.000  R 0.000', out)
        self.assertIn('-- missed (2)', out)
        self.assertIn('[republication+wire/excerpt] %s  %s' % (C, B), out)  # a < b


if __name__ == '__main__':
    unittest.main()
