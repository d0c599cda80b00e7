#!/bin/bash
# End-to-end ingest bench: WARC corpora of growing size (written by npm warcio
# from the AEB pages, bench/make_corpus.mjs) into a fresh SQLite store with
# `newstrace ingest -j N`. Prints pages/s and peak RSS per size, to show
# throughput and that memory stays flat as the corpus grows.
#   bench/ingest_e2e.sh [--sizes "5000 20000 100000"] [--jobs 2] [--newstrace PATH] [--work DIR]
# Skips cleanly (exit 0) when ../shared/data/aeb-dev is absent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
sizes="5000 20000"
jobs=2
nt="$root/build/release/newstrace"
work="${TMPDIR:-/tmp}/newstrace-ingest-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --newstrace) nt="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"N...\"] [--jobs N] [--newstrace PATH] [--work DIR]" >&2; exit 2 ;;
  esac
done
shared="${NEWSTRACE_SHARED_DATA:-$root/../shared/data}"
if [ ! -d "$shared/aeb-dev/html" ]; then
  echo "ingest bench: $shared/aeb-dev/html not found; skipping"; exit 0
fi
[ -x "$nt" ] || { echo "ingest bench: build first: scripts/build" >&2; exit 1; }
[ -d "$here/node_modules/warcio" ] || (cd "$here" && npm ci --silent)
mkdir -p "$work" "$root/bench/out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
printf "%-8s %10s %10s %12s %10s %10s\n" pages "gzip MB" seconds "pages/s" "MB/s" "peak MB"
for n in $sizes; do
  corpus="$work/corpus-$n"
  if [ ! -f "$corpus/corpus.warc.gz" ]; then
    (cd "$here" && node make_corpus.mjs --pages "$n" --out "$corpus" >/dev/null)
  fi
  db="$work/bench-$n.db"
  rm -f "$db" "$db-wal" "$db-shm"
  stats="$work/rss-$n.json"
  python3 "$here/peak_rss.py" --json "$stats" -- "$nt" ingest --db "$db" --progress none \
    -j "$jobs" "$corpus/corpus.warc.gz" 2>"$work/ingest-$n.log" || true
  python3 - "$stats" "$corpus/corpus.warc.gz" "$n" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
mb = os.path.getsize(sys.argv[2]) / 1e6
n = int(sys.argv[3])
t = s["wall_seconds"]
print(f"{n:<8} {mb:10.1f} {t:10.1f} {n / t:12.0f} {mb / t:10.1f} {s['max_rss_mb']:10.0f}")
PY
done
