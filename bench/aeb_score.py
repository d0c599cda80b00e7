#!/usr/bin/env python3
"""Scores main-text predictions on the Article Extraction Benchmark (AEB).

Same method as the benchmark's own evaluate.py (scrapinghub/
article-extraction-benchmark), described in ../shared/data/aeb-dev/README.md:

  * tokens: every match of the Python regex \\w+ (Unicode), case kept;
  * shingles: runs of 4 consecutive tokens, as a multiset; a text of 1-3
    tokens is one shorter shingle, a text without tokens has none;
  * per page: tp = sum of min(count in truth, count in prediction),
    fp / fn = the extra / missing shingles; tp, fp, fn divided by tp+fp+fn;
  * precision = tp/(tp+fp), recall = tp/(tp+fn), both 1 when fp = fn = 0;
  * P = mean precision over pages with tp+fp > 0, R = mean recall over pages
    with tp+fn > 0, F1 = 2PR/(P+R) of those means;
  * accuracy (not in evaluate.py; as the data README defines it) = share of
    pages whose token list equals the truth's exactly.

Predictions: JSON lines, one object per page, keyed by "id" or by "source"
(a path such as html/<id>.html.gz; the id is the file name without .gz and
.html/.htm). The text is "text" (newstrace, bench/readability/run.mjs) or
"articleBody" (the benchmark's own format). An object with "error", or a page
with no line at all, counts as an empty prediction. Repeated lines for a page
(from --repeat runs) are allowed; the first is scored and a warning is printed
when later ones differ. A single JSON object {id: {"articleBody": ...}} (the
benchmark's output/*.json format, or ground-truth.json itself) is accepted too.

Python 3 standard library only. Usage:
  bench/aeb_score.py PRED.jsonl                 P, R, F1, accuracy, pages
  bench/aeb_score.py PRED.jsonl --worst 10      ... and the 10 worst pages
  bench/aeb_score.py PRED.jsonl --json          machine-readable
  bench/aeb_score.py PRED.jsonl --diff ID       what was missed / added on ID
"""

import argparse
import json
import os
import re
import statistics
import sys
from collections import Counter

DEFAULT_GROUND_TRUTH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data',
    'aeb-dev', 'ground-truth.json')
SHINGLE_N = 4

# Same flags as evaluate.py; IGNORECASE, MULTILINE and DOTALL change nothing
# for \w+ but are kept so the expression is literally the benchmark's.
_TOKEN_RE = re.compile(r'\w+',
                       re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


# ---------------------------------------------------------------------------
# The benchmark's method.

def tokenize(text):
    """Tokens of text: the matches of \\w+, in order."""
    return _TOKEN_RE.findall(text or '')


def shingles(tokens, n=SHINGLE_N):
    """The shingles of a token list, in order (tuples of n tokens).

    A list of 1..n-1 tokens gives one shorter shingle; an empty list none."""
    result = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i:i + n])
        if shingle:
            result.append(shingle)
    return result


def match_page(true_text, pred_text, n=SHINGLE_N):
    """(tp, fp, fn) for one page, normalised to sum to 1 (or all 0)."""
    true_counts = Counter(shingles(tokenize(true_text), n))
    pred_counts = Counter(shingles(tokenize(pred_text), n))
    tp = fp = fn = 0.
    for key in set(true_counts) | set(pred_counts):
        t = true_counts.get(key, 0)
        p = pred_counts.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    if s > 0:
        return (tp / s, fp / s, fn / s)
    return (tp, fp, fn)


def precision_score(tp, fp, fn):
    if fp == fn == 0:
        return 1.
    if tp == fp == 0:
        return 0.
    return tp / (tp + fp)


def recall_score(tp, fp, fn):
    if fp == fn == 0:
        return 1.
    if tp == fn == 0:
        return 0.
    return tp / (tp + fn)


def metrics(tp_fp_fns):
    """P, R, F1 from per-page normalised (tp, fp, fn), as evaluate.py."""
    precisions = [precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0]
    recalls = [recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.
    recall = statistics.mean(recalls) if recalls else 0.
    f1 = (2 * precision * recall / (precision + recall)
          if precision + recall > 0 else 0.)
    return {'precision': precision, 'recall': recall, 'f1': f1}


# ---------------------------------------------------------------------------
# Inputs.

def page_id_from_source(source):
    """'…/html/<id>.html.gz' -> '<id>'."""
    name = os.path.basename(str(source).replace('\\', '/'))
    if name.endswith('.gz'):
        name = name[:-3]
    for ext in ('.html', '.htm'):
        if name.endswith(ext):
            name = name[:-len(ext)]
            break
    return name


def _record_id(record):
    if record.get('id') is not None:
        return str(record['id'])
    if record.get('source') is not None:
        return page_id_from_source(record['source'])
    return None


def _record_text(record):
    if record.get('error') is not None:
        return ''
    text = record.get('text')
    if text is None:
        text = record.get('articleBody')
    return text if isinstance(text, str) else ''


def parse_predictions(content):
    """Parses predictions text; returns (texts by id, list of warnings)."""
    warnings = []
    stripped = content.strip()
    if not stripped:
        return {}, warnings
    # The benchmark's own format: one JSON object {id: {"articleBody": ...}}.
    # (A JSONL file fails here after its first line, which is cheap.)
    try:
        whole = json.loads(stripped)
    except ValueError:
        whole = None
    if (isinstance(whole, dict) and whole and
            all(isinstance(v, dict) for v in whole.values()) and
            not {'id', 'source', 'text'} & whole.keys()):
        return {str(k): _record_text(v) for k, v in whole.items()}, warnings
    texts = {}
    differing = set()
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as e:
            warnings.append(f'line {lineno}: not JSON ({e})')
            continue
        if not isinstance(record, dict):
            warnings.append(f'line {lineno}: not a JSON object')
            continue
        page_id = _record_id(record)
        if page_id is None:
            warnings.append(f'line {lineno}: no "id" or "source"')
            continue
        text = _record_text(record)
        if page_id in texts:
            if texts[page_id] != text:
                differing.add(page_id)
            continue
        texts[page_id] = text
    for page_id in sorted(differing):
        warnings.append(f'{page_id}: repeated predictions differ; '
                        'the first one is scored')
    return texts, warnings


def load_predictions(path):
    if path == '-':
        return parse_predictions(sys.stdin.read())
    with open(path, encoding='utf-8') as f:
        return parse_predictions(f.read())


def load_ground_truth(path):
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    return {k: (v.get('articleBody') or '', v.get('url') or '')
            for k, v in data.items()}


# ---------------------------------------------------------------------------
# Scoring and reports.

def score(truth, predictions):
    """Scores predictions (id -> text) against truth (id -> (text, url)).

    Returns a dict with P, R, F1, accuracy, counts and per-page results
    (in ground-truth order). Pages without a prediction count as empty."""
    pages = []
    tp_fp_fns = []
    exact = 0
    for page_id, (true_text, url) in truth.items():
        pred_text = predictions.get(page_id, '')
        tp_fp_fn = match_page(true_text, pred_text)
        tp_fp_fns.append(tp_fp_fn)
        true_tokens = tokenize(true_text)
        pred_tokens = tokenize(pred_text)
        is_exact = true_tokens == pred_tokens
        exact += is_exact
        p = precision_score(*tp_fp_fn)
        r = recall_score(*tp_fp_fn)
        pages.append({
            'id': page_id,
            'url': url,
            'predicted': page_id in predictions,
            'precision': p,
            'recall': r,
            'f1': 2 * p * r / (p + r) if p + r > 0 else 0.,
            'tp': tp_fp_fn[0], 'fp': tp_fp_fn[1], 'fn': tp_fp_fn[2],
            'true_tokens': len(true_tokens),
            'pred_tokens': len(pred_tokens),
            'exact': is_exact,
        })
    result = metrics(tp_fp_fns)
    result['accuracy'] = exact / len(truth) if truth else 0.
    result['pages'] = len(truth)
    result['predicted'] = sum(1 for p in pages if p['predicted'])
    result['empty'] = sum(1 for p in pages if p['pred_tokens'] == 0)
    result['unknown_ids'] = sorted(set(predictions) - set(truth))
    result['per_page'] = pages
    return result


def worst_pages(result, n):
    """The n pages with the lowest page F1 (ties: lower recall first)."""
    return sorted(result['per_page'],
                  key=lambda p: (p['f1'], p['recall'], p['id']))[:n]


def print_report(result, worst, out=sys.stdout):
    print(f"pages     {result['pages']}  (predicted {result['predicted']}, "
          f"empty {result['empty']})", file=out)
    print(f"P         {result['precision']:.4f}", file=out)
    print(f"R         {result['recall']:.4f}", file=out)
    print(f"F1        {result['f1']:.4f}", file=out)
    print(f"accuracy  {result['accuracy']:.4f}", file=out)
    if worst:
        print(f'\n{worst} worst pages (by page F1):', file=out)
        print(f"{'id':<16} {'P':>6} {'R':>6} {'F1':>6} {'tok true':>8} "
              f"{'tok pred':>8}  url", file=out)
        for p in worst_pages(result, worst):
            print(f"{p['id'][:16]:<16} {p['precision']:6.3f} "
                  f"{p['recall']:6.3f} {p['f1']:6.3f} {p['true_tokens']:8d} "
                  f"{p['pred_tokens']:8d}  {p['url']}", file=out)


# ---------------------------------------------------------------------------
# --diff: where the shingles of one page disagree.

def _token_spans(text):
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text or '')]


def _unmatched_flags(own, other_counts):
    """For each shingle of own (in order), True when it is not matched.

    Matching consumes the other side's multiset left to right, so when a
    shingle occurs more often on this side, the later copies are the extra
    ones."""
    remaining = Counter(other_counts)
    flags = []
    for shingle in own:
        if remaining[shingle] > 0:
            remaining[shingle] -= 1
            flags.append(False)
        else:
            flags.append(True)
    return flags


def unmatched_regions(text, other_text, n=SHINGLE_N):
    """Character spans (begin, end) of text covered by shingles that have no
    counterpart in other_text, merged into maximal regions, in order."""
    spans = _token_spans(text)
    own = shingles([text[b:e] for b, e in spans], n)
    other = Counter(shingles(tokenize(other_text), n))
    flags = _unmatched_flags(own, other)
    regions = []
    for i, unmatched in enumerate(flags):
        if not unmatched:
            continue
        begin = spans[i][0]
        end = spans[min(i + n, len(spans)) - 1][1]
        if regions and begin <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([begin, end])
    return [tuple(r) for r in regions]


def _snippet(text, max_chars):
    text = ' '.join(text.split())
    if max_chars and len(text) > max_chars:
        half = max_chars // 2
        text = f'{text[:half]} […{len(text) - 2 * half} chars…] {text[-half:]}'
    return text


def print_diff(page_id, truth, predictions, max_chars, out=sys.stdout):
    if page_id not in truth:
        matches = [k for k in truth if k.startswith(page_id)]
        if len(matches) != 1:
            print(f'aeb_score: no single page id starting with {page_id!r}',
                  file=sys.stderr)
            return 2
        page_id = matches[0]
    true_text, url = truth[page_id]
    pred_text = predictions.get(page_id, '')
    tp, fp, fn = match_page(true_text, pred_text)
    p, r = precision_score(tp, fp, fn), recall_score(tp, fp, fn)
    print(f'page {page_id}\nurl  {url}', file=out)
    print(f'P {p:.3f}  R {r:.3f}  tokens: truth {len(tokenize(true_text))}, '
          f'prediction {len(tokenize(pred_text))}'
          + ('' if page_id in predictions else '  (no prediction)'), file=out)
    for title, text, other in (
            ('MISSED (in truth only)', true_text, pred_text),
            ('EXTRA (in prediction only)', pred_text, true_text)):
        regions = unmatched_regions(text, other)
        print(f'\n=== {title}: {len(regions)} region(s)', file=out)
        for begin, end in regions:
            print(f'--- chars {begin}-{end}\n{_snippet(text[begin:end], max_chars)}',
                  file=out)
    return 0


# ---------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Score predictions on the Article Extraction Benchmark '
                    '(evaluate.py method).')
    parser.add_argument('predictions',
                        help='JSONL of {id|source, text}, or "-" for stdin')
    parser.add_argument('--ground-truth', default=DEFAULT_GROUND_TRUTH,
                        help='ground-truth.json (default: %(default)s)')
    parser.add_argument('--worst', type=int, default=0, metavar='N',
                        help='also list the N worst pages')
    parser.add_argument('--json', action='store_true',
                        help='print the result as JSON (with per-page scores)')
    parser.add_argument('--diff', metavar='ID',
                        help='show missed and extra text regions of one page '
                             '(an id prefix is enough)')
    parser.add_argument('--max-chars', type=int, default=600,
                        help='--diff: shorten regions longer than this '
                             '(0: never; default %(default)s)')
    args = parser.parse_args(argv)

    truth = load_ground_truth(args.ground_truth)
    predictions, warnings = load_predictions(args.predictions)
    for w in warnings:
        print(f'aeb_score: warning: {w}', file=sys.stderr)

    if args.diff:
        return print_diff(args.diff, truth, predictions, args.max_chars)

    result = score(truth, predictions)
    if result['unknown_ids']:
        print(f"aeb_score: warning: {len(result['unknown_ids'])} predicted "
              f"id(s) not in the ground truth, ignored (e.g. "
              f"{result['unknown_ids'][0]})", file=sys.stderr)
    if args.json:
        if args.worst:
            result['worst'] = [p['id'] for p in worst_pages(result, args.worst)]
        json.dump(result, sys.stdout, indent=1)
        print()
    else:
        print_report(result, args.worst)
    return 0


if __name__ == '__main__':
    sys.exit(main())
