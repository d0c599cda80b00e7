#!/usr/bin/env python3
"""A simple MinHash + LSH text-reuse baseline, for comparison with `newstrace trace`.

  bench/reuse/minhash_baseline.py CORPUS.jsonl[.gz] > relations.jsonl

Shingles: word 5-grams (lower-cased words of letters and digits), hashed to
64 bits. Boilerplate: a shingle found in more than --site-df documents of one
site is dropped from that site's documents. Signatures: --perm (128) minimum
values of (a*x + b) mod (2^61 - 1) with seeded a, b. LSH: --bands (32) bands
of --rows (4) rows; documents sharing a band bucket are candidates. A
candidate pair is kept when its exact Jaccard or the containment of either
side in the other reaches --threshold (0.3).

Writes the relations format of `newstrace export --what relations --format
jsonl`: kind by containment (both sides >= 0.9: duplicate; one >= 0.6:
republication; else excerpt), origin = the earlier published date (null when
either is missing or they are equal), credit null, passages = the whole texts.
Timing goes to stderr.
"""

import argparse
import datetime as dt
import gzip
import hashlib
import json
import random
import re
import sys
import time

WORD = re.compile(r'\w+')
MERSENNE = (1 << 61) - 1


def shingles(text, n):
    words = WORD.findall(text.lower())
    out = set()
    for i in range(len(words) - n + 1):
        h = hashlib.blake2b(' '.join(words[i:i + n]).encode('utf-8'), digest_size=8).digest()
        out.add(int.from_bytes(h, 'little'))
    return out


def parse_instant(value):
    """A comparable UTC datetime, or None. Date-only values count as midnight UTC."""
    if not value:
        return None
    v = value.strip().replace('Z', '+00:00')
    try:
        t = dt.datetime.fromisoformat(v)
    except ValueError:
        try:
            t = dt.datetime.fromisoformat(v[:10])
        except ValueError:
            return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(dt.timezone.utc)


def read_articles(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                if 'error' not in a:
                    yield a


def main(argv=None):
    ap = argparse.ArgumentParser(description='MinHash + LSH text-reuse baseline.')
    ap.add_argument('corpus')
    ap.add_argument('--shingle', type=int, default=5, help='words per shingle')
    ap.add_argument('--perm', type=int, default=128, help='hash functions')
    ap.add_argument('--bands', type=int, default=32)
    ap.add_argument('--rows', type=int, default=4)
    ap.add_argument('--threshold', type=float, default=0.3,
                    help='minimum Jaccard or containment of a kept pair')
    ap.add_argument('--site-df', type=int, default=3,
                    help='a shingle in more than this many documents of a site is boilerplate')
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args(argv)
    if args.bands * args.rows > args.perm:
        ap.error('bands * rows must be <= perm')
    t0 = time.time()
    docs = []  # (url, published instant, text bytes, site)
    sets = []
    for a in read_articles(args.corpus):
        url = a.get('url') or a.get('canonical_url') or a.get('source', '')
        docs.append((url, parse_instant(a.get('published', '')),
                     len(a.get('text', '').encode('utf-8')), a.get('site', '')))
        sets.append(shingles(a.get('text', ''), args.shingle))
    t_read = time.time()
    # Per-site document frequency: template shingles leave their site's documents.
    by_site = {}
    for k, (_, _, _, site) in enumerate(docs):
        by_site.setdefault(site, []).append(k)
    dropped = 0
    for site, ks in by_site.items():
        if len(ks) <= args.site_df:
            continue
        df = {}
        for k in ks:
            for s in sets[k]:
                df[s] = df.get(s, 0) + 1
        template = {s for s, c in df.items() if c > args.site_df}
        if template:
            for k in ks:
                before = len(sets[k])
                sets[k] -= template
                dropped += before - len(sets[k])
    rng = random.Random(args.seed)
    perms = [(rng.randrange(1, MERSENNE), rng.randrange(0, MERSENNE)) for _ in range(args.perm)]
    buckets = {}
    for k, s in enumerate(sets):
        if not s:
            continue
        xs = list(s)
        sig = [min((a * x + b) % MERSENNE for x in xs) for a, b in perms]
        for band in range(args.bands):
            key = (band,) + tuple(sig[band * args.rows:(band + 1) * args.rows])
            buckets.setdefault(key, []).append(k)
    t_sig = time.time()
    candidates = set()
    for ks in buckets.values():
        if len(ks) < 2:
            continue
        for i in range(len(ks)):
            for j in range(i + 1, len(ks)):
                candidates.add((ks[i], ks[j]) if ks[i] < ks[j] else (ks[j], ks[i]))
    kept = 0
    out = sys.stdout
    for i, j in sorted(candidates):
        si, sj = sets[i], sets[j]
        inter = len(si & sj)
        if not inter:
            continue
        ci, cj = inter / len(si), inter / len(sj)
        jac = inter / (len(si) + len(sj) - inter)
        if max(jac, ci, cj) < args.threshold:
            continue
        (ua, ta, la, _), (ub, tb, lb, _) = docs[i], docs[j]
        if ua > ub:
            (ua, ta, la, ci), (ub, tb, lb, cj) = (ub, tb, lb, cj), (ua, ta, la, ci)
        if ci >= 0.9 and cj >= 0.9:
            kind = 'duplicate'
        elif max(ci, cj) >= 0.6:
            kind = 'republication'
        else:
            kind = 'excerpt'
        origin = None
        if ta is not None and tb is not None and ta != tb:
            origin = ua if ta < tb else ub
        out.write(json.dumps({
            'a': ua, 'b': ub, 'kind': kind, 'origin': origin, 'credit': None,
            'evidence': {'jaccard': round(jac, 4), 'a_contained': round(ci, 4),
                         'b_contained': round(cj, 4)},
            'passages': [{'a_begin': 0, 'a_end': la, 'b_begin': 0, 'b_end': lb}]}) + '\n')
        kept += 1
    t_end = time.time()
    print('minhash_baseline: %d documents, %d template shingles dropped, %d candidates, '
          '%d pairs; %.2f s (shingles %.2f, signatures %.2f, verify %.2f)' % (
              len(docs), dropped, len(candidates), kept, t_end - t0, t_read - t0,
              t_sig - t_read, t_end - t_sig), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
