#!/usr/bin/env python3
"""Tests of bench/aeb_score.py on small hand-computed cases (no data needed).

  python3 -m unittest discover -s bench -p 'aeb_score_test.py'
  python3 bench/aeb_score_test.py
"""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aeb_score  # noqa: E402


class TokenizeTest(unittest.TestCase):

    def test_words_case_kept_punctuation_dropped(self):
        self.assertEqual(aeb_score.tokenize("Hello, World! it's 2020_x"),
                         ['Hello', 'World', 'it', 's', '2020_x'])

    def test_unicode_words(self):
        self.assertEqual(aeb_score.tokenize('Çà va? 東京 — naïve'),
                         ['Çà', 'va', '東京', 'naïve'])

    def test_empty_and_none(self):
        self.assertEqual(aeb_score.tokenize(''), [])
        self.assertEqual(aeb_score.tokenize(None), [])


class ShingleTest(unittest.TestCase):

    def test_four_token_runs(self):
        self.assertEqual(aeb_score.shingles(list('abcdef')),
                         [tuple('abcd'), tuple('bcde'), tuple('cdef')])

    def test_short_text_is_one_shorter_shingle(self):
        self.assertEqual(aeb_score.shingles(['a', 'b']), [('a', 'b')])
        self.assertEqual(aeb_score.shingles(list('abcd')), [tuple('abcd')])

    def test_no_tokens_no_shingle(self):
        self.assertEqual(aeb_score.shingles([]), [])


class MatchPageTest(unittest.TestCase):

    def test_identical(self):
        self.assertEqual(aeb_score.match_page('a b c d e', 'a b c d e'),
                         (1.0, 0.0, 0.0))

    def test_partial_overlap_normalised(self):
        # truth a..f: abcd bcde cdef; prediction b..g: bcde cdef defg.
        # tp 2, fp 1, fn 1, sum 4.
        self.assertEqual(aeb_score.match_page('a b c d e f', 'b c d e f g'),
                         (0.5, 0.25, 0.25))

    def test_multiset_counts(self):
        # truth "x y z w" twice: shingles xyzw, yzwx, zwxy, wxyz... written
        # out: x y z w x y z w -> xyzw yzwx zwxy wxyz xyzw (xyzw twice).
        # prediction "x y z w" -> xyzw once: tp 1, fp 0, fn 4.
        self.assertEqual(aeb_score.match_page('x y z w x y z w', 'x y z w'),
                         (0.2, 0.0, 0.8))
        # The other way round: tp 1, fp 4, fn 0.
        self.assertEqual(aeb_score.match_page('x y z w', 'x y z w x y z w'),
                         (0.2, 0.8, 0.0))

    def test_punctuation_and_spacing_ignored(self):
        self.assertEqual(aeb_score.match_page('One, two; three.\n\nFour!',
                                              'One two three Four'),
                         (1.0, 0.0, 0.0))

    def test_case_matters(self):
        self.assertEqual(aeb_score.match_page('a b c d', 'A b c d'),
                         (0.0, 0.5, 0.5))

    def test_empty_prediction(self):
        self.assertEqual(aeb_score.match_page('a b c d e', ''), (0.0, 0.0, 1.0))

    def test_both_empty(self):
        self.assertEqual(aeb_score.match_page('', '...'), (0.0, 0.0, 0.0))


class MetricsTest(unittest.TestCase):

    def test_page_scores(self):
        self.assertEqual(aeb_score.precision_score(0.5, 0.25, 0.25), 0.5 / 0.75)
        self.assertEqual(aeb_score.recall_score(0.5, 0.25, 0.25), 0.5 / 0.75)
        # fp = fn = 0 is perfect, even with nothing on either side.
        self.assertEqual(aeb_score.precision_score(0., 0., 0.), 1.)
        self.assertEqual(aeb_score.recall_score(0., 0., 0.), 1.)
        self.assertEqual(aeb_score.precision_score(0., 0., 1.), 0.)
        self.assertEqual(aeb_score.recall_score(0., 1., 0.), 0.)

    def test_f1_of_means_and_exclusions(self):
        pages = [
            (1.0, 0.0, 0.0),   # P 1, R 1
            (0.5, 0.5, 0.0),   # P 0.5, R 1
            (0.0, 0.0, 1.0),   # empty prediction: not in P, R 0
            (0.0, 0.0, 0.0),   # both empty: in neither mean
        ]
        m = aeb_score.metrics(pages)
        self.assertAlmostEqual(m['precision'], 0.75)       # (1 + 0.5) / 2
        self.assertAlmostEqual(m['recall'], 2 / 3)         # (1 + 1 + 0) / 3
        self.assertAlmostEqual(m['f1'], 2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))

    def test_nothing_predicted(self):
        self.assertEqual(aeb_score.metrics([(0., 0., 1.)]),
                         {'precision': 0., 'recall': 0., 'f1': 0.})


class ScoreTest(unittest.TestCase):
    TRUTH = {
        'p1': ('a b c d e f', 'https://example.com/1'),
        'p2': ('Alpha beta gamma delta.', 'https://example.com/2'),
        'p3': ('one two three four five', 'https://example.com/3'),
    }

    def test_score(self):
        predictions = {
            'p1': 'b c d e f g',               # P 2/3, R 2/3
            'p2': 'Alpha, beta; gamma delta',  # exact tokens: P 1, R 1
            # p3 missing: empty; R 0, not in P.
            'zz': 'not in the truth',
        }
        r = aeb_score.score(self.TRUTH, predictions)
        self.assertAlmostEqual(r['precision'], (2 / 3 + 1) / 2)
        self.assertAlmostEqual(r['recall'], (2 / 3 + 1 + 0) / 3)
        self.assertAlmostEqual(r['accuracy'], 1 / 3)
        self.assertEqual(r['pages'], 3)
        self.assertEqual(r['predicted'], 2)
        self.assertEqual(r['empty'], 1)
        self.assertEqual(r['unknown_ids'], ['zz'])
        worst = aeb_score.worst_pages(r, 2)
        self.assertEqual([p['id'] for p in worst], ['p3', 'p1'])

    def test_truth_as_prediction_is_perfect(self):
        r = aeb_score.score(self.TRUTH, {k: v[0] for k, v in self.TRUTH.items()})
        self.assertEqual((r['precision'], r['recall'], r['f1'], r['accuracy']),
                         (1., 1., 1., 1.))


class PredictionInputTest(unittest.TestCase):

    def test_page_id_from_source(self):
        for source in ('html/abc.html.gz', '/x/y/html/abc.html.gz', 'abc.html',
                       'abc.htm.gz', 'abc'):
            self.assertEqual(aeb_score.page_id_from_source(source), 'abc')

    def test_jsonl(self):
        lines = [
            {'source': 'html/a.html.gz', 'text': 'first'},
            {'id': 'b', 'text': 'bee'},
            {'source': 'html/c.html.gz', 'error': {'code': 'x', 'message': 'y'}},
            {'source': 'html/a.html.gz', 'text': 'first'},   # a repeat
            {'source': 'html/d.html.gz', 'articleBody': 'dee'},
        ]
        content = '\n'.join(json.dumps(x) for x in lines) + '\n\n'
        texts, warnings = aeb_score.parse_predictions(content)
        self.assertEqual(texts, {'a': 'first', 'b': 'bee', 'c': '', 'd': 'dee'})
        self.assertEqual(warnings, [])

    def test_differing_repeats_warn_and_keep_first(self):
        content = ('{"id": "a", "text": "one"}\n'
                   '{"id": "a", "text": "two"}\n'
                   'not json\n')
        texts, warnings = aeb_score.parse_predictions(content)
        self.assertEqual(texts, {'a': 'one'})
        self.assertEqual(len(warnings), 2)
        self.assertIn('not JSON', warnings[0])
        self.assertIn('differ', warnings[1])

    def test_single_line_jsonl(self):
        texts, _ = aeb_score.parse_predictions('{"id": "a", "text": "x"}\n')
        self.assertEqual(texts, {'a': 'x'})

    def test_benchmark_format(self):
        content = json.dumps({'a': {'articleBody': 'x y', 'url': 'u'},
                              'b': {'articleBody': 'z'}}, indent=2)
        texts, _ = aeb_score.parse_predictions(content)
        self.assertEqual(texts, {'a': 'x y', 'b': 'z'})


class DiffTest(unittest.TestCase):

    def test_unmatched_regions(self):
        truth = 'Intro words here now. The body text is long enough. End.'
        pred = 'Menu Home About. The body text is long enough. End.'
        # Truth-only: shingles starting at Intro, words, here, now -> tokens
        # Intro..is (the 4th starts at "now": now The body text).
        missed = aeb_score.unmatched_regions(truth, pred)
        self.assertEqual([truth[b:e] for b, e in missed],
                         ['Intro words here now. The body text'])
        extra = aeb_score.unmatched_regions(pred, truth)
        self.assertEqual([pred[b:e] for b, e in extra],
                         ['Menu Home About. The body text'])

    def test_repeated_shingle_extra_copy_is_the_later_one(self):
        text = 'a b c d | a b c d'
        regions = aeb_score.unmatched_regions(text, 'a b c d')
        # Shingles: abcd(0) bcda cdab dabc abcd(4); the first abcd matches.
        self.assertEqual([text[b:e] for b, e in regions], ['b c d | a b c d'])

    def test_print_diff(self):
        truth = {'page1': ('a b c d e f', 'u')}
        out = io.StringIO()
        code = aeb_score.print_diff('page', truth, {'page1': 'b c d e f g'}, 0,
                                    out=out)
        self.assertEqual(code, 0)
        text = out.getvalue()
        self.assertIn('MISSED (in truth only): 1 region', text)
        self.assertIn('a b c d', text)
        self.assertIn('EXTRA (in prediction only): 1 region', text)
        self.assertIn('d e f g', text)


class MainTest(unittest.TestCase):

    def test_json_output(self):
        with tempfile.TemporaryDirectory() as d:
            gt = os.path.join(d, 'ground-truth.json')
            pred = os.path.join(d, 'pred.jsonl')
            with open(gt, 'w', encoding='utf-8') as f:
                json.dump({'a': {'articleBody': 'w x y z', 'url': 'u'},
                           'b': {'articleBody': 'p q r s t', 'url': 'v'}}, f)
            with open(pred, 'w', encoding='utf-8') as f:
                f.write(json.dumps({'source': 'html/a.html.gz',
                                    'text': 'w x y z'}) + '\n')
            out = io.StringIO()
            with redirect_stdout(out):
                code = aeb_score.main([pred, '--ground-truth', gt, '--json',
                                       '--worst', '1'])
            self.assertEqual(code, 0)
            result = json.loads(out.getvalue())
            self.assertEqual(result['precision'], 1.0)
            self.assertEqual(result['recall'], 0.5)
            self.assertAlmostEqual(result['f1'], 2 / 3)
            self.assertEqual(result['accuracy'], 0.5)
            self.assertEqual(result['worst'], ['b'])


if __name__ == '__main__':
    unittest.main()
