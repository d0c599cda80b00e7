#!/usr/bin/env bash
# End-to-end extraction bench on the Article Extraction Benchmark pages:
# `newstrace extract --format jsonl -j1` and `-j2`, and Mozilla Readability.js
# on linkedom (bench/readability/run.mjs), on the same pages in the same run,
# in turns over several rounds. Measures pages/s and peak RSS
# (bench/peak_rss.py), scores the outputs with bench/aeb_score.py and prints
# one table plus the throughput ratio.
# See bench/README.md for what each number means.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/extract_e2e.sh [options]
  --newstrace PATH   the binary (default: build/release/newstrace)
  --data DIR         AEB data dir with html/ and ground-truth.json
                     (default: ../shared/data/aeb-dev beside the repository)
  --input plain|gzip what both tools read: plain (default) gunzips the pages
                     into the output dir first, outside every timing; gzip
                     gives newstrace the .html.gz files, so its time includes
                     inflating them while Readability's loop does not
  --jobs "1 2"       the -j values to run newstrace with (default: "1 2")
  --repeat K         pass the page list K times to every tool (Readability
                     included). Default: newstrace runs the list once to
                     calibrate, then as many times as make a run last
                     --min-seconds; Readability loops whole passes until then.
  --min-seconds S    the least duration of each timed run (default: 2)
  --pin-cpu N|none   the CPU that the one-core runs are pinned to with
                     taskset (default: the last CPU): newstrace -j1 and a
                     Readability.js run, beside the free runs (newstrace
                     -jN for N > 1, Readability.js unpinned). node runs its
                     garbage collector on helper threads: unpinned it uses
                     about 1.25 CPUs, so only pinned runs compare one core
  --rounds R         run every tool R times, in turns (default: 3); the
                     table gives each tool's median and best round, and the
                     ratio is the median of the per-round ratios
  --readability-warmup W
                     untimed Readability.js passes first, so the JIT has
                     settled (default: 1)
  --tools LIST       newstrace,readability (default: both)
  --out DIR          where results go (default: bench/out/e2e-<date>;
                     bench/out/e2e-latest points at the last one)
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
newstrace="$root/build/release/newstrace"
data="$(cd "$root/.." && pwd)/shared/data/aeb-dev"
jobs_list="1 2"
repeat=""
min_seconds=2
rounds=3
pin_cpu=""
readability_warmup=1
tools="newstrace,readability"
input="plain"
out=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --newstrace) newstrace="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --jobs) jobs_list="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --min-seconds) min_seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --pin-cpu) pin_cpu="$2"; shift 2 ;;
    --readability-warmup) readability_warmup="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "extract_e2e: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ ! -d "$data/html" ]]; then
  echo "extract_e2e: no AEB pages at $data/html; skipping the bench."
  exit 0
fi
if [[ ! -f "$data/ground-truth.json" ]]; then
  echo "extract_e2e: $data/ground-truth.json is missing" >&2
  exit 1
fi
if [[ "$input" != plain && "$input" != gzip ]]; then
  echo "extract_e2e: --input is plain or gzip" >&2
  exit 2
fi
if [[ ! "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "extract_e2e: --rounds needs a positive whole number" >&2
  exit 2
fi
# The one-core runs: pinned to one CPU when taskset is there.
if [[ -z "$pin_cpu" ]]; then
  if command -v taskset >/dev/null; then
    pin_cpu=$(( $(nproc) - 1 ))
  else
    echo "extract_e2e: note: taskset is missing (Debian package util-linux); one-core runs are not pinned" >&2
    pin_cpu=none
  fi
fi
if [[ "$pin_cpu" != none && ! "$pin_cpu" =~ ^[0-9]+$ ]]; then
  echo "extract_e2e: --pin-cpu takes a CPU number or none" >&2
  exit 2
fi
# pin_for JOBS: the command prefix of a run with JOBS threads (1: pinned).
pin_for() {
  if [[ "$1" == 1 && "$pin_cpu" != none ]]; then echo "taskset -c $pin_cpu"; fi
}
if [[ -n "$repeat" && ! "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "extract_e2e: --repeat needs a positive whole number" >&2
  exit 2
fi

run_newstrace=0
run_readability=0
[[ ",$tools," == *,newstrace,* ]] && run_newstrace=1
[[ ",$tools," == *,readability,* ]] && run_readability=1
if (( run_newstrace )); then
  newstrace="$(realpath -m "$newstrace")"
  if [[ ! -x "$newstrace" ]]; then
    echo "extract_e2e: no newstrace binary at $newstrace; build it with" >&2
    echo "  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release && cmake --build build/release -j2" >&2
    echo "or run scripts/bench-extract, or pass --tools readability" >&2
    exit 1
  fi
fi
if (( run_readability )); then
  command -v node >/dev/null || { echo "extract_e2e: node is not installed" >&2; exit 1; }
  if [[ ! -d "$here/readability/node_modules/@mozilla/readability" ||
        ! -d "$here/readability/node_modules/linkedom" ]]; then
    echo "extract_e2e: Readability.js is not installed; run" >&2
    echo "  npm ci --prefix bench/readability" >&2
    exit 1
  fi
fi

if [[ -z "$out" ]]; then
  out="$here/out/e2e-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  ln -sfn "$(basename "$out")" "$here/out/e2e-latest"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
: > "$out/runs.tsv"

python3 "$here/e2e_report.py" machine "$out"

# Page list relative to the pages' dir: short paths keep a long repeated
# argument list within the kernel's limit, and "source" maps to the id.
(cd "$data" && find html -maxdepth 1 -name '*.html.gz' | LC_ALL=C sort) > "$out/pages.txt"
pages=$(wc -l < "$out/pages.txt")
if (( pages == 0 )); then
  echo "extract_e2e: no *.html.gz pages in $data/html; skipping the bench."
  exit 0
fi
# Both tools read the same bytes. Readability's timed loop never included
# reading or inflating, so by default neither does newstrace's run: the pages
# are inflated once here, before any timing.
pages_dir="$data"
if [[ "$input" == plain ]]; then
  pages_dir="$out/input"
  mkdir -p "$pages_dir/html"
  while read -r page; do
    gzip -dc "$data/$page" > "$pages_dir/${page%.gz}"
  done < "$out/pages.txt"
  sed -i 's/\.gz$//' "$out/pages.txt"
fi
echo "pages: $pages from $data/html, read as $([[ "$input" == plain ]] && echo "plain HTML (inflated before timing)" || echo ".html.gz")"
printf '%s\n' "$input" > "$out/input.txt"
printf '%s\n' "$pin_cpu" > "$out/pin_cpu.txt"

# The most passes one command line holds: half of ARG_MAX, less what the
# environment takes.
pass_bytes=$(( $(wc -c < "$out/pages.txt") + 8 * pages ))
arg_max=$(getconf ARG_MAX 2>/dev/null || echo 2097152)
max_repeat=$(( (arg_max / 2 - $(env | wc -c)) / pass_bytes ))
(( max_repeat >= 1 )) || max_repeat=1

# repeat_list K FILE: writes the page list K times to FILE.
repeat_list() {
  local k=$1 file=$2 i
  : > "$file"
  for (( i = 0; i < k; i++ )); do cat "$out/pages.txt" >> "$file"; done
}

# time_newstrace NAME JOBS K: one timed run over the list K times.
time_newstrace() {
  local name=$1 jobs=$2 k=$3 status=0
  repeat_list "$k" "$out/$name.args"
  python3 "$here/peak_rss.py" --cwd "$pages_dir" --json "$out/$name.time.json" \
    --args-from "$out/$name.args" -- \
    $(pin_for "$jobs") "$newstrace" extract --format jsonl -j "$jobs" \
    > "$out/$name.jsonl" 2> "$out/$name.stderr" || status=$?
  rm -f "$out/$name.args"
  # 0: all pages extracted; 1: some failed (they are in the stream).
  if (( status > 1 )); then
    echo "extract_e2e: newstrace -j$jobs exited with status $status; its stderr:" >&2
    tail -n 20 "$out/$name.stderr" >&2
    exit 1
  fi
  local lines
  lines=$(wc -l < "$out/$name.jsonl")
  if (( lines != pages * k )); then
    echo "extract_e2e: newstrace -j$jobs wrote $lines lines for $((pages * k)) inputs; its stderr:" >&2
    tail -n 20 "$out/$name.stderr" >&2
    exit 1
  fi
}

wall_seconds() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wall_seconds"])' "$1"
}

# calibrate_newstrace JOBS: sets k to the number of passes over the page list
# that make one newstrace -jJOBS run last --min-seconds (or to --repeat).
calibrate_newstrace() {
  local jobs=$1 name="newstrace-j$1.calibration" next
  if [[ -n "$repeat" ]]; then
    k=$repeat
    if (( k > max_repeat )); then
      echo "extract_e2e: --repeat $k would overflow the command line; using $max_repeat" >&2
      k=$max_repeat
    fi
    return
  fi
  # Grow K until one run lasts --min-seconds (start-up time makes a one-pass
  # extrapolation fall short). The first, one-pass run also warms the page
  # cache. Calibration runs are not measurements.
  k=1
  while :; do
    echo "newstrace -j$jobs: calibrating, $pages pages x $k ..."
    time_newstrace "$name" "$jobs" "$k"
    next=$(python3 -c '
import math, sys
wall, k, goal, most = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(0 if wall >= goal or k >= most else min(most, max(2 * k, math.ceil(1.1 * k * goal / max(wall, 1e-3)))))
' "$(wall_seconds "$out/$name.time.json")" "$k" "$min_seconds" "$max_repeat")
    (( next > 0 )) || break
    k=$next
  done
  rm -f "$out/$name".*
  if (( k >= max_repeat )); then
    echo "extract_e2e: note: stopped at $k passes, the most one command line holds" >&2
  fi
}

# score_newstrace NAME: scores a run's output and keeps one pass of it; a
# later round's output must equal the first round's.
score_newstrace() {
  local name=$1 first=$2
  if [[ -z "$first" ]]; then
    python3 "$here/aeb_score.py" --ground-truth "$data/ground-truth.json" --json \
      "$out/$name.jsonl" > "$out/$name.score.json" 2> "$out/$name.score.stderr"
    grep -v 'repeated predictions differ' "$out/$name.score.stderr" >&2 || true
    if grep -q 'repeated predictions differ' "$out/$name.score.stderr"; then
      echo "extract_e2e: warning: $name gave different text for the same page" \
           "in different passes (see $out/$name.score.stderr)" >&2
    fi
  fi
  head -n "$pages" "$out/$name.jsonl" > "$out/$name.jsonl.tmp"
  mv "$out/$name.jsonl.tmp" "$out/$name.jsonl"
  if [[ -n "$first" ]]; then
    cmp -s "$out/$name.jsonl" "$out/$first.jsonl" ||
      echo "extract_e2e: warning: $name's output differs from $first's" >&2
    rm -f "$out/$name.jsonl"
  fi
}

# time_readability NAME JOBS: one Readability.js process, warm-up passes
# first; JOBS 1 pins it to one CPU, 0 leaves it free.
time_readability() {
  local name=$1 jobs=$2 passes
  if [[ -n "$repeat" ]]; then
    passes=(--repeat "$repeat")
  else
    passes=(--min-seconds "$min_seconds")
  fi
  echo "Readability.js$([[ -n "$(pin_for "$jobs")" ]] && echo " on CPU $pin_cpu"): $pages pages, ${passes[*]}, after $readability_warmup warm-up pass(es) ..."
  python3 "$here/peak_rss.py" --json "$out/$name.time.json" -- \
    $(pin_for "$jobs") node "$here/readability/run.mjs" --html-dir "$pages_dir/html" --out "$out/$name.jsonl" \
    --stats "$out/$name.stats.json" --warmup "$readability_warmup" "${passes[@]}" 2> "$out/$name.stderr" || {
      echo "extract_e2e: Readability.js failed; its stderr:" >&2
      tail -n 20 "$out/$name.stderr" >&2
      exit 1
    }
}

declare -A passes_for
if (( run_newstrace )); then
  for jobs in $jobs_list; do
    calibrate_newstrace "$jobs"
    passes_for[$jobs]=$k
  done
fi

# The rounds: every tool runs once per round, one after the other, so that
# each round sees the machine in about the same state. A shared VM's speed
# drifts from minute to minute; comparing tools within a round, and taking
# the median over rounds, keeps that drift out of the ratio.
for (( round = 1; round <= rounds; round++ )); do
  echo "round $round of $rounds"
  if (( run_newstrace )); then
    for jobs in $jobs_list; do
      name="newstrace-j$jobs.r$round"
      k=${passes_for[$jobs]}
      echo "newstrace -j$jobs: $pages pages x $k ..."
      time_newstrace "$name" "$jobs" "$k"
      printf '%s\tnewstrace\t%s\t%s\t%s\n' "$name" "$jobs" $((pages * k)) "$round" >> "$out/runs.tsv"
      score_newstrace "$name" "$( (( round > 1 )) && echo "newstrace-j$jobs.r1")"
    done
  fi
  if (( run_readability )); then
    # Pinned (the one-core reference) when pinning is on, then free.
    for jobs in $([[ "$pin_cpu" != none ]] && echo 1) 0; do
      name="readability.r$round"
      [[ "$jobs" == 1 ]] && name="readability-1cpu.r$round"
      time_readability "$name" "$jobs"
      processed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages_processed"])' \
                    "$out/$name.stats.json")
      printf '%s\treadability\t%s\t%s\t%s\n' "$name" "$jobs" "$processed" "$round" >> "$out/runs.tsv"
      if (( round == 1 )); then
        python3 "$here/aeb_score.py" --ground-truth "$data/ground-truth.json" --json \
          "$out/$name.jsonl" > "$out/$name.score.json"
      else
        rm -f "$out/$name.jsonl"
      fi
    done
  fi
done

# The inflated pages were only the input; the outputs are what is kept.
rm -rf "$out/input"

echo
python3 "$here/e2e_report.py" table "$out"
echo
echo "results: $out (summary.md is the table in markdown)"
