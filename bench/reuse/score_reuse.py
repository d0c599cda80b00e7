#!/usr/bin/env python3
"""Scores predicted text-reuse relations against a generated corpus's truth.

  bench/reuse/score_reuse.py --truth DIR/truth.json --pred relations.jsonl
                             [--corpus DIR/corpus.jsonl] [--worst N] [--json]

Predictions are the lines of `newstrace export --what relations --format
jsonl`: {"a", "b" (urls, either order), "kind", "origin" (url or null),
"credit", "evidence", "passages": [{"a_begin","a_end","b_begin","b_end"}]}.

Reports (see bench/reuse/README.md):
  pairs      P/R/F1 of unordered url pairs
  passages   byte-level P/R/F1 over both sides' covered bytes, micro-averaged:
             true-positive pairs compare covered ranges; a false-positive pair's
             predicted bytes are all false positives, a missed pair's true
             bytes all false negatives
  kind       accuracy over true-positive pairs
  origin     accuracy over true-positive pairs whose true origin is not null
             (a predicted null is wrong)
  credit     accuracy over true-positive pairs whose true origin and credit are
             not null
  boilerplate  predicted pairs of two articles of one boilerplate site that
             are not true pairs (should be 0)
  by scenario  the same per truth scenario, and false positives by the
             scenarios of their two articles
"""

import argparse
import json
import sys
from urllib.parse import urlsplit


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {'precision': p, 'recall': r, 'f1': f, 'tp': tp, 'fp': fp, 'fn': fn}


def merge_ranges(ranges):
    """Sorted, disjoint [begin, end) ranges covering the same bytes."""
    out = []
    for b, e in sorted(r for r in ranges if r[1] > r[0]):
        if out and b <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([b, e])
    return out


def range_bytes(ranges):
    return sum(e - b for b, e in ranges)


def intersect_bytes(xs, ys):
    """Bytes in both of two merged range lists."""
    i = j = total = 0
    while i < len(xs) and j < len(ys):
        lo, hi = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if hi > lo:
            total += hi - lo
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return total


def side_ranges(passages, side):
    return merge_ranges((int(p[side + '_begin']), int(p[side + '_end'])) for p in passages)


def normalise_pair(rec):
    """(key, record) with key = (a, b), a < b; passages swapped to match."""
    a, b = rec['a'], rec['b']
    passages = rec.get('passages') or []
    if a > b:
        a, b = b, a
        passages = [{'a_begin': p['b_begin'], 'a_end': p['b_end'],
                     'b_begin': p['a_begin'], 'b_end': p['a_end']} for p in passages]
    out = dict(rec)
    out['a'], out['b'], out['passages'] = a, b, passages
    return (a, b), out


def load_truth(path):
    with open(path, encoding='utf-8') as f:
        truth = json.load(f)
    pairs = {}
    for rec in truth.get('pairs', []):
        key, rec = normalise_pair(rec)
        pairs[key] = rec
    return truth, pairs


def load_pred(path):
    """Predicted pairs by key; the first line for a pair wins."""
    pairs, repeated, skipped = {}, 0, 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                skipped += 1
                continue
            if not isinstance(rec, dict) or not rec.get('a') or not rec.get('b') or (
                    rec['a'] == rec['b']):
                skipped += 1
                continue
            key, rec = normalise_pair(rec)
            if key in pairs:
                repeated += 1
                continue
            pairs[key] = rec
    return pairs, repeated, skipped


def load_sites(corpus_path):
    sites = {}
    with open(corpus_path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                sites[a.get('url', '')] = a.get('site', '')
    return sites


def host_of(url):
    host = urlsplit(url).hostname or ''
    return host[4:] if host.startswith('www.') else host


class Tally:
    def __init__(self):
        self.truth = self.tp = self.fn = 0
        self.kind_ok = self.origin_n = self.origin_ok = self.credit_n = self.credit_ok = 0

    def summary(self):
        return {'truth_pairs': self.truth, 'tp': self.tp, 'fn': self.fn,
                'recall': self.tp / self.truth if self.truth else 1.0,
                'kind_accuracy': self.kind_ok / self.tp if self.tp else None,
                'origin_accuracy': self.origin_ok / self.origin_n if self.origin_n else None,
                'origin_pairs': self.origin_n,
                'credit_accuracy': self.credit_ok / self.credit_n if self.credit_n else None,
                'credit_pairs': self.credit_n}


def score(truth, truth_pairs, pred_pairs, sites=None):
    """The summary dict, plus lists of examples under '_examples'."""
    site_of = (lambda u: sites.get(u) or host_of(u)) if sites else host_of
    boiler = set(truth.get('boilerplate_sites', []))
    scenarios = truth.get('scenarios', {})
    total = Tally()
    by_scenario = {}
    byte_tp = byte_fp = byte_fn = 0
    kind_confusion = {}
    examples = {'missed': [], 'false_positive': [], 'wrong_origin': [], 'wrong_kind': [],
                'passage_overlap': []}
    for key, t in truth_pairs.items():
        tally = by_scenario.setdefault(t.get('scenario') or 'unknown', Tally())
        true_a, true_b = side_ranges(t['passages'], 'a'), side_ranges(t['passages'], 'b')
        for x in (total, tally):
            x.truth += 1
        p = pred_pairs.get(key)
        if p is None:
            byte_fn += range_bytes(true_a) + range_bytes(true_b)
            for x in (total, tally):
                x.fn += 1
            examples['missed'].append(t)
            continue
        pred_a, pred_b = side_ranges(p['passages'], 'a'), side_ranges(p['passages'], 'b')
        both = intersect_bytes(true_a, pred_a) + intersect_bytes(true_b, pred_b)
        true_bytes = range_bytes(true_a) + range_bytes(true_b)
        pred_bytes = range_bytes(pred_a) + range_bytes(pred_b)
        byte_tp += both
        byte_fp += pred_bytes - both
        byte_fn += true_bytes - both
        examples['passage_overlap'].append(
            (2 * both / (true_bytes + pred_bytes) if true_bytes + pred_bytes else 1.0, t, p))
        kind_ok = p.get('kind') == t.get('kind')
        ck = '%s->%s' % (t.get('kind'), p.get('kind'))
        kind_confusion[ck] = kind_confusion.get(ck, 0) + 1
        if not kind_ok:
            examples['wrong_kind'].append((t, p))
        origin_counted = t.get('origin') is not None
        origin_ok = origin_counted and p.get('origin') == t['origin']
        if origin_counted and not origin_ok:
            examples['wrong_origin'].append((t, p))
        credit_counted = origin_counted and t.get('credit') is not None
        credit_ok = credit_counted and p.get('credit') == t['credit']
        for x in (total, tally):
            x.tp += 1
            x.kind_ok += kind_ok
            x.origin_n += origin_counted
            x.origin_ok += origin_ok
            x.credit_n += credit_counted
            x.credit_ok += credit_ok
    fp_by = {}
    boilerplate_fp = 0
    for key, p in pred_pairs.items():
        if key in truth_pairs:
            continue
        byte_fp += (range_bytes(side_ranges(p['passages'], 'a')) +
                    range_bytes(side_ranges(p['passages'], 'b')))
        sa, sb = site_of(key[0]), site_of(key[1])
        if sa == sb and sa in boiler:
            boilerplate_fp += 1
            label = 'boilerplate_site'
        else:
            la, lb = sorted((scenarios.get(key[0], 'unknown'), scenarios.get(key[1], 'unknown')))
            label = la if la == lb else la + '+' + lb
        fp_by[label] = fp_by.get(label, 0) + 1
        examples['false_positive'].append((label, p))
    tp = total.tp
    fp = len(pred_pairs) - tp
    summary = {
        'articles': truth.get('articles'),
        'truth_pairs': len(truth_pairs),
        'predicted_pairs': len(pred_pairs),
        'pairs': _prf(tp, fp, total.fn),
        'passage_bytes': _prf(byte_tp, byte_fp, byte_fn),
        'kind_accuracy': total.summary()['kind_accuracy'],
        'origin_accuracy': total.summary()['origin_accuracy'],
        'origin_pairs': total.origin_n,
        'credit_accuracy': total.summary()['credit_accuracy'],
        'credit_pairs': total.credit_n,
        'boilerplate_false_pairs': boilerplate_fp,
        'kind_confusion': dict(sorted(kind_confusion.items())),
        'by_scenario': {k: v.summary() for k, v in sorted(by_scenario.items())},
        'false_positives_by_scenario': dict(sorted(fp_by.items())),
    }
    examples['passage_overlap'].sort(key=lambda x: x[0])
    summary['_examples'] = examples
    return summary


def _fmt(x):
    return '-' if x is None else '%.3f' % x


def print_report(s, worst, out=None):
    out = out or sys.stdout
    pr, pb = s['pairs'], s['passage_bytes']
    print('articles %s, truth pairs %d, predicted pairs %d' % (
        s['articles'], s['truth_pairs'], s['predicted_pairs']), file=out)
    print('pairs      P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)' % (
        pr['precision'], pr['recall'], pr['f1'], pr['tp'], pr['fp'], pr['fn']), file=out)
    print('passages   P %.3f  R %.3f  F1 %.3f  (bytes)' % (
        pb['precision'], pb['recall'], pb['f1']), file=out)
    print('kind %s   origin %s (%d pairs)   credit %s (%d pairs)   boilerplate pairs %d' % (
        _fmt(s['kind_accuracy']), _fmt(s['origin_accuracy']), s['origin_pairs'],
        _fmt(s['credit_accuracy']), s['credit_pairs'], s['boilerplate_false_pairs']), file=out)
    print('%-14s %6s %6s %6s %7s %7s %7s %7s' % (
        'scenario', 'truth', 'tp', 'fn', 'recall', 'kind', 'origin', 'credit'), file=out)
    for name, t in s['by_scenario'].items():
        print('%-14s %6d %6d %6d %7s %7s %7s %7s' % (
            name, t['truth_pairs'], t['tp'], t['fn'], _fmt(t['recall']),
            _fmt(t['kind_accuracy']), _fmt(t['origin_accuracy']), _fmt(t['credit_accuracy'])),
            file=out)
    if s['false_positives_by_scenario']:
        print('false positives: ' + ', '.join(
            '%s %d' % kv for kv in s['false_positives_by_scenario'].items()), file=out)
    if s['kind_confusion']:
        print('kind (truth->pred): ' + ', '.join(
            '%s %d' % kv for kv in s['kind_confusion'].items()), file=out)
    if not worst:
        return
    ex = s['_examples']
    print('\n-- missed (%d)' % len(ex['missed']), file=out)
    for t in ex['missed'][:worst]:
        print('  [%s/%s] %s  %s' % (t.get('scenario'), t.get('kind'), t['a'], t['b']), file=out)
    print('-- false positives (%d)' % len(ex['false_positive']), file=out)
    for label, p in ex['false_positive'][:worst]:
        print('  [%s/%s] %s  %s' % (label, p.get('kind'), p['a'], p['b']), file=out)
    print('-- wrong origin (%d)' % len(ex['wrong_origin']), file=out)
    for t, p in ex['wrong_origin'][:worst]:
        print('  [%s] %s  %s: truth %s, predicted %s' % (
            t.get('scenario'), t['a'], t['b'], t['origin'], p.get('origin')), file=out)
    print('-- wrong kind (%d)' % len(ex['wrong_kind']), file=out)
    for t, p in ex['wrong_kind'][:worst]:
        print('  [%s] %s  %s: truth %s, predicted %s' % (
            t.get('scenario'), t['a'], t['b'], t.get('kind'), p.get('kind')), file=out)
    print('-- lowest passage overlap', file=out)
    for f1, t, p in ex['passage_overlap'][:worst]:
        print('  %.3f [%s] %s  %s' % (f1, t.get('scenario'), t['a'], t['b']), file=out)
        print('        truth %s\n        pred  %s' % (
            [(x['a_begin'], x['a_end'], x['b_begin'], x['b_end']) for x in t['passages']],
            [(x['a_begin'], x['a_end'], x['b_begin'], x['b_end']) for x in p['passages']]),
            file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description='Score text-reuse relations against truth.')
    ap.add_argument('--truth', required=True, help='truth.json of make_reuse_corpus.py')
    ap.add_argument('--pred', required=True, help='relations JSON lines')
    ap.add_argument('--corpus', help='corpus.jsonl: article sites (default: url hosts)')
    ap.add_argument('--worst', type=int, default=0, metavar='N', help='print N examples each')
    ap.add_argument('--json', action='store_true', help='print the summary as JSON')
    args = ap.parse_args(argv)
    truth, truth_pairs = load_truth(args.truth)
    pred_pairs, repeated, skipped = load_pred(args.pred)
    if repeated or skipped:
        print('score_reuse: %d repeated pairs ignored (first kept), %d lines skipped' % (
            repeated, skipped), file=sys.stderr)
    sites = load_sites(args.corpus) if args.corpus else None
    s = score(truth, truth_pairs, pred_pairs, sites)
    if args.json:
        s.pop('_examples')
        json.dump(s, sys.stdout, indent=1)
        print()
    else:
        print_report(s, args.worst)
    return 0


if __name__ == '__main__':
    sys.exit(main())
