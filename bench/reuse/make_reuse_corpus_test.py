#!/usr/bin/env python3
"""Unit tests of make_reuse_corpus.py and minhash_baseline.py on a small
hand-made base (no shared data needed).

  python3 bench/reuse/make_reuse_corpus_test.py
"""

import contextlib
import difflib
import gzip
import io
import json
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_reuse_corpus as m  # noqa: E402
import minhash_baseline  # noqa: E402
import score_reuse  # noqa: E402


def fake_base(n, seed=3):
    """n texts of 6-9 paragraphs of made-up words: no two share a word 8-gram."""
    rng = random.Random(seed)
    syll = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'be', 'do', 'ga', 'pu']
    texts = []
    for i in range(n):
        paras = []
        for _ in range(rng.randint(6, 9)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                words = [''.join(rng.choices(syll, k=rng.randint(2, 4)))
                         for _ in range(rng.randint(8, 14))]
                sentences.append(words[0].capitalize() + ' ' + ' '.join(words[1:]) + '.')
            paras.append(' '.join(sentences))
        texts.append({'id': 'fake-%05d' % i, 'title': 'Story %d' % i, 'paras': paras,
                      'similar': ['fake-%05d' % (i + 1)] if i % 10 == 0 else [],
                      'story': '', 'topic': '', 'date': '', 'source': 'fake',
                      'words': sum(len(p.split()) for p in paras)})
    return texts


class PassagesTest(unittest.TestCase):
    def test_runs_split_where_a_paragraph_is_on_one_side_only(self):
        a = [('p0', 0, 10), ('p1', 12, 20), ('p2', 22, 30), ('p3', 32, 40)]
        b = [('own', 0, 5), ('p0', 7, 17), ('p1', 19, 27), ('p3', 29, 37)]  # p2 dropped
        self.assertEqual(m.passages_of(a, b), [
            {'a_begin': 0, 'a_end': 20, 'b_begin': 7, 'b_end': 27},
            {'a_begin': 32, 'a_end': 40, 'b_begin': 29, 'b_end': 37}])

    def test_covered_counts_overlaps_once(self):
        ps = [{'a_begin': 0, 'a_end': 10, 'b_begin': 0, 'b_end': 4},
              {'a_begin': 5, 'a_end': 12, 'b_begin': 10, 'b_end': 14}]
        self.assertEqual(m.covered(ps, 'a'), 12)
        self.assertEqual(m.covered(ps, 'b'), 8)

    def test_classify(self):
        x = {'text': 'He said "yes" to\u00a0it.'}
        y = {'text': 'He said \u201cyes\u201d to it.'}
        whole = [{'a_begin': 0, 'a_end': 10, 'b_begin': 0, 'b_end': 10}]
        self.assertEqual(m.classify(x, y, whole), 'duplicate')
        a = {'text': 'a' * 100}
        b = {'text': 'b' * 1000}
        self.assertEqual(m.classify(a, b, [{'a_begin': 0, 'a_end': 60, 'b_begin': 0,
                                            'b_end': 60}]), 'republication')
        self.assertEqual(m.classify(a, b, [{'a_begin': 0, 'a_end': 59, 'b_begin': 0,
                                            'b_end': 59}]), 'excerpt')


class EditsTest(unittest.TestCase):
    def test_light_edits_keep_tags_and_cover_whole_paragraphs(self):
        rng = random.Random(5)
        fresh = m.FreshText(rng, fake_base(5, seed=9))
        paras = [m.Para(p, ('t', i)) for i, p in enumerate(fake_base(1)[0]['paras'])]
        before = [p.text for p in paras]
        m.light_edits(paras, rng, fresh, 3)
        self.assertNotEqual([p.text for p in paras], before)
        for i, p in enumerate(paras):
            self.assertEqual(p.units, [(('t', i), 0, len(p.text))])

    def test_merge_keeps_both_tags_in_order(self):
        paras = [m.Para('One two. Three four.', ('t', i)) for i in range(4)]
        rng = random.Random(0)
        while len(paras) == 4:
            m.merge_or_split(paras, rng)
        tags = [u[0] for p in paras for u in p.units]
        self.assertEqual(sorted(set(tags)), [('t', i) for i in range(4)])

    def test_typo_swaps_two_letters(self):
        out = m.edit_typo('The government spoke.', random.Random(1))
        self.assertNotEqual(out, 'The government spoke.')
        self.assertEqual(sorted(out), sorted('The government spoke.'))


class RenderTest(unittest.TestCase):
    def test_byte_offsets_with_non_ascii_text(self):
        rng = random.Random(2)
        cat = m.SiteCatalogue(rng)
        site = cat.outlet()
        site.footer = ['Footer \u2014 sign up.']
        d = m.Doc(site, 'T\u00edtulo', None, 'single', cat, rng)
        d.paras = [m.Para('Caf\u00e9 \u201cbon\u201d.', ('x', 0)), m.Para('Second one.', ('x', 1))]
        link = m.Para('Read Le Monde.')
        link.links.append(('https://lemonde.example/', 5, 13))
        d.paras.append(link)
        art, units = d.render(rng)
        text = art['text'].encode('utf-8')
        self.assertEqual(art['published'], '')
        self.assertEqual([text[b['begin']:b['end']].decode() for b in art['blocks']],
                         ['Caf\u00e9 \u201cbon\u201d.', 'Second one.', 'Read Le Monde.',
                          'Footer \u2014 sign up.'])
        self.assertEqual(text[art['links'][0]['begin']:art['links'][0]['end']], b'Le Monde')
        self.assertEqual([u[0] for u in units][:2], [('x', 0), ('x', 1)])
        self.assertEqual(units[1][1:], (art['blocks'][1]['begin'], art['blocks'][1]['end']))

    def test_dates_in_site_style(self):
        import datetime as dt
        rng = random.Random(1)
        site = m.Site('X', 'x.example', rng)
        when = dt.datetime(2020, 3, 1, 23, 30)
        site.tz, site.date_style = 330, 'offset'
        self.assertEqual(m.render_date(when, site, rng), '2020-03-02T05:00:00+05:30')
        site.tz, site.date_style = -300, 'date'
        self.assertEqual(m.render_date(when, site, rng), '2020-03-01')
        site.date_style = 'Z'
        self.assertEqual(m.render_date(when, site, rng), '2020-03-01T23:30:00Z')


class GenerateTest(unittest.TestCase):
    def test_small_corpus_truth_is_consistent_and_scores_perfectly(self):
        with tempfile.TemporaryDirectory() as d:
            truth = m.generate(fake_base(5153 // 4), d, seed=4, scale=0.25)
            arts = {}
            with open(os.path.join(d, 'corpus.jsonl'), encoding='utf-8') as f:
                for line in f:
                    a = json.loads(line)
                    arts[a['url']] = a
            self.assertEqual(len(arts), truth['articles'])  # urls are unique
            kinds = {p['kind'] for p in truth['pairs']}
            self.assertTrue({'duplicate', 'republication', 'excerpt'} <= kinds)
            for p in truth['pairs']:
                self.assertLess(p['a'], p['b'])
                self.assertIn(p['origin'], (None, p['a'], p['b']))
                for ps in p['passages']:
                    ta = arts[p['a']]['text'].encode()
                    tb = arts[p['b']]['text'].encode()
                    sa, sb = ta[ps['a_begin']:ps['a_end']], tb[ps['b_begin']:ps['b_end']]
                    # copied text, light edits at most
                    ratio = difflib.SequenceMatcher(None, sa.split(), sb.split(),
                                                    autojunk=False).ratio()
                    self.assertGreater(ratio, 0.5, (p, ps))
            boiler = set(truth['boilerplate_sites'])
            for p in truth['pairs']:  # boilerplate articles pair with nothing of their site
                self.assertFalse(arts[p['a']]['site'] == arts[p['b']]['site'] and
                                 arts[p['a']]['site'] in boiler and
                                 truth['scenarios'][p['a']] == 'boilerplate')
            t, tp = score_reuse.load_truth(os.path.join(d, 'truth.json'))
            s = score_reuse.score(t, tp, dict(tp))
            self.assertEqual(s['pairs']['f1'], 1.0)

    def test_speed_mode_streams_gzip_with_truth(self):
        with tempfile.TemporaryDirectory() as d:
            truth = m.generate_speed(fake_base(300), d, seed=2, count=600)
            lines = gzip.open(os.path.join(d, 'corpus.jsonl.gz'), 'rt').read().splitlines()
            self.assertEqual(len(lines), 600)
            arts = {a['url']: a for a in map(json.loads, lines)}
            self.assertEqual(len(arts), 600)
            self.assertGreater(len(truth['pairs']), 10)
            for p in truth['pairs']:
                ps = p['passages'][0]
                sa = arts[p['a']]['text'].encode()[ps['a_begin']:ps['a_end']]
                sb = arts[p['b']]['text'].encode()[ps['b_begin']:ps['b_end']]
                self.assertEqual(sa.split()[-3:], sb.split()[-3:])


class BaselineTest(unittest.TestCase):
    def test_finds_a_copy_and_orders_by_date(self):
        base = fake_base(6)
        text = '\n\n'.join(base[0]['paras'])
        docs = [
            {'url': 'https://o.example/1', 'site': 'o.example', 'published': '2020-01-02T10:00:00Z',
             'text': text},
            {'url': 'https://c.example/2', 'site': 'c.example',
             'published': '2020-01-02T12:00:00+01:00', 'text': text + '\n\nCredit line here.'},
        ] + [{'url': 'https://u.example/%d' % i, 'site': 'u.example', 'published': '',
              'text': '\n\n'.join(t['paras'])} for i, t in enumerate(base[1:])]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'c.jsonl')
            with open(path, 'w') as f:
                f.write(''.join(json.dumps(x) + '\n' for x in docs))
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                self.assertEqual(minhash_baseline.main([path]), 0)
        rels = [json.loads(x) for x in out.getvalue().splitlines()]
        self.assertEqual(len(rels), 1)
        r = rels[0]
        self.assertEqual((r['a'], r['b']), ('https://c.example/2', 'https://o.example/1'))
        self.assertEqual(r['origin'], 'https://o.example/1')  # 10:00Z before 11:00Z
        self.assertEqual(r['kind'], 'duplicate')
        self.assertIn('1 pairs', err.getvalue())

    def test_parse_instant(self):
        p = minhash_baseline.parse_instant
        self.assertLess(p('2020-01-02T10:00:00Z'), p('2020-01-02T12:00:00+01:00'))
        self.assertEqual(p('2020-01-02'), p('2020-01-02T00:00:00Z'))
        self.assertIsNone(p(''))
        self.assertIsNone(p('yesterday'))


if __name__ == '__main__':
    unittest.main()
