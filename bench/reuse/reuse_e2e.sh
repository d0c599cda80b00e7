#!/bin/bash
# End-to-end text-reuse bench: a generated corpus with ground truth
# (make_reuse_corpus.py), `newstrace ingest` + `newstrace trace` + `export
# --what relations`, and the MinHash baseline on the same corpus, both scored
# by score_reuse.py; prints one table (speed, peak RSS, quality).
#   bench/reuse/reuse_e2e.sh [--work DIR] [--scale S] [--seed N] [--jobs N]
#                            [--newstrace PATH] [--no-baseline]
# Skips cleanly (exit 0) when ../shared/data/reuse-base is absent; skips the
# newstrace part with a message when the binary has no `trace` command yet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/newstrace-reuse-bench"
scale=1
seed=1
jobs=2
baseline=1
nt="$root/build/release/newstrace"
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --newstrace) nt="$2"; shift 2 ;;
    --no-baseline) baseline=0; shift ;;
    *) echo "usage: $0 [--work DIR] [--scale S] [--seed N] [--jobs N] [--newstrace PATH] [--no-baseline]" >&2; exit 2 ;;
  esac
done
shared="${NEWSTRACE_SHARED_DATA:-$root/../shared/data}"
base="$shared/reuse-base/base.jsonl.gz"
if [ ! -f "$base" ]; then
  echo "reuse bench: $base not found; skipping"; exit 0
fi
corpus="$work/corpus-s$scale-seed$seed"
mkdir -p "$work"
if [ ! -f "$corpus/truth.json" ] || [ ! -f "$corpus/corpus.jsonl" ]; then
  python3 "$here/make_reuse_corpus.py" --base "$base" --out "$corpus" --scale "$scale" --seed "$seed"
fi
peak="python3 $root/bench/peak_rss.py"
results="$work/results"
rm -rf "$results"
mkdir -p "$results"

# newstrace: ingest, trace, export.
if [ ! -x "$nt" ]; then
  echo "reuse bench: $nt not found (build first: scripts/build); skipping newstrace"
elif ! "$nt" --help 2>/dev/null | grep -Eq '^ +trace( |$)'; then
  echo "reuse bench: $nt has no 'trace' command yet; skipping newstrace"
else
  db="$work/reuse.db"
  rm -f "$db" "$db-wal" "$db-shm" "$db.reuse"
  $peak --json "$results/nt-ingest.json" -- "$nt" ingest --db "$db" --progress none -j "$jobs" \
    "$corpus/corpus.jsonl" 2>"$results/nt-ingest.log" || { cat "$results/nt-ingest.log" >&2; exit 1; }
  $peak --json "$results/nt-trace.json" -- "$nt" trace --db "$db" --progress none -j "$jobs" \
    2>"$results/nt-trace.log" >"$results/nt-trace.out" || { cat "$results/nt-trace.log" >&2; exit 1; }
  $peak --json "$results/nt-export.json" -- "$nt" export --db "$db" --what relations \
    --format jsonl >"$results/nt-relations.jsonl" 2>"$results/nt-export.log" || {
      cat "$results/nt-export.log" >&2; exit 1; }
  python3 "$here/score_reuse.py" --truth "$corpus/truth.json" --pred "$results/nt-relations.jsonl" \
    --corpus "$corpus/corpus.jsonl" --json >"$results/nt-score.json"
  python3 "$here/score_reuse.py" --truth "$corpus/truth.json" --pred "$results/nt-relations.jsonl" \
    --corpus "$corpus/corpus.jsonl" --worst 5 >"$results/nt-score.txt"
fi

# The MinHash baseline on the same corpus.
if [ "$baseline" = 1 ]; then
  $peak --json "$results/mh-run.json" -- python3 "$here/minhash_baseline.py" "$corpus/corpus.jsonl" \
    >"$results/mh-relations.jsonl" 2>"$results/mh-run.log"
  python3 "$here/score_reuse.py" --truth "$corpus/truth.json" --pred "$results/mh-relations.jsonl" \
    --corpus "$corpus/corpus.jsonl" --json >"$results/mh-score.json"
  python3 "$here/score_reuse.py" --truth "$corpus/truth.json" --pred "$results/mh-relations.jsonl" \
    --corpus "$corpus/corpus.jsonl" --worst 5 >"$results/mh-score.txt"
fi

python3 - "$results" "$corpus" <<'PY'
import json, os, sys
results, corpus = sys.argv[1], sys.argv[2]
def load(name):
    path = os.path.join(results, name)
    return json.load(open(path)) if os.path.exists(path) else None
truth = json.load(open(os.path.join(corpus, 'truth.json')))
n = truth['articles']
print('corpus: %s (%d articles, %d truth pairs); machine: %d cores' % (
    corpus, n, len(truth['pairs']), os.cpu_count()))
rows = []
nt_score = load('nt-score.json')
if nt_score:
    ing, tr, ex = load('nt-ingest.json'), load('nt-trace.json'), load('nt-export.json')
    rows.append(('newstrace ingest', ing['wall_seconds'], ing['max_rss_mb'], None, None))
    rows.append(('newstrace trace', tr['wall_seconds'], tr['max_rss_mb'], nt_score,
                 tr['wall_seconds']))
    rows.append(('newstrace export', ex['wall_seconds'], ex['max_rss_mb'], None, None))
mh_score = load('mh-score.json')
if mh_score:
    mh = load('mh-run.json')
    rows.append(('minhash baseline', mh['wall_seconds'], mh['max_rss_mb'], mh_score,
                 mh['wall_seconds']))
head = '%-18s %8s %10s %9s %8s | %6s %6s %6s %7s %6s %6s %6s %5s' % (
    'step', 'seconds', 'articles/s', 'pairs/s', 'peak MB', 'pairP', 'pairR', 'pairF1',
    'passF1', 'kind', 'origin', 'credit', 'boil')
print(head)
print('-' * len(head))
f = lambda x: '     -' if x is None else '%6.3f' % x
for name, secs, mb, s, _ in rows:
    line = '%-18s %8.2f %10.0f' % (name, secs, n / secs if secs else 0)
    if s:
        line += ' %9.0f %8.0f | %s %s %s %7.3f %s %s %s %5d' % (
            s['predicted_pairs'] / secs if secs else 0, mb, f(s['pairs']['precision']),
            f(s['pairs']['recall']), f(s['pairs']['f1']), s['passage_bytes']['f1'],
            f(s['kind_accuracy']), f(s['origin_accuracy']), f(s['credit_accuracy']),
            s['boilerplate_false_pairs'])
    else:
        line += ' %9s %8.0f |' % ('', mb)
    print(line)
if nt_score and mh_score:
    nt_t = [r for r in rows if r[0] == 'newstrace trace'][0][1]
    nt_all = sum(r[1] for r in rows if r[0].startswith('newstrace'))
    mh_t = [r for r in rows if r[0] == 'minhash baseline'][0][1]
    print('speed ratio (baseline seconds / newstrace seconds): trace %.1fx, '
          'ingest+trace+export %.1fx' % (mh_t / nt_t if nt_t else 0, mh_t / nt_all if nt_all else 0))
print('details: %s/{nt,mh}-score.txt' % results)
PY
