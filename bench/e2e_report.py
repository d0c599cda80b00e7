#!/usr/bin/env python3
"""Helpers of bench/extract_e2e.sh: the machine description and the table.

  bench/e2e_report.py machine OUTDIR   prints the machine, writes machine.json
  bench/e2e_report.py table OUTDIR     prints the results table, writes
                                       summary.md and summary.json

OUTDIR holds what extract_e2e.sh wrote: runs.tsv (one run a line: name, tool,
jobs, pages processed, round), and per run NAME.time.json (bench/peak_rss.py),
NAME.score.json (bench/aeb_score.py --json) and, for Readability,
NAME.stats.json (bench/readability/run.mjs --stats).
"""

import json
import os
import platform
import subprocess
import sys
import time

# Goals from issue 3, "Accuracy and speed".
GOAL_PAGES_PER_CORE = 1000
GOAL_RATIO = 50
GOAL_F1 = 0.97


def _read(path):
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except OSError:
        return ''


def _load_json(path):
    text = _read(path)
    return json.loads(text) if text else None


def machine_info():
    cpu = ''
    for line in _read('/proc/cpuinfo').splitlines():
        if line.startswith('model name'):
            cpu = line.split(':', 1)[1].strip()
            break
    mem_kb = 0
    for line in _read('/proc/meminfo').splitlines():
        if line.startswith('MemTotal:'):
            mem_kb = int(line.split()[1])
    try:
        git = subprocess.run(
            ['git', '-C', os.path.dirname(os.path.abspath(__file__)),
             'describe', '--always', '--dirty'],
            capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        git = ''
    try:
        node = subprocess.run(['node', '--version'], capture_output=True,
                              text=True, check=False).stdout.strip()
    except OSError:
        node = ''
    return {
        'date': time.strftime('%Y-%m-%d %H:%M:%S %z'),
        'nproc': os.cpu_count(),
        'cpu': cpu or platform.processor(),
        'memory_gb': round(mem_kb / 1024 / 1024, 1),
        'kernel': platform.release(),
        'load_average': ' '.join(f'{x:.2f}' for x in os.getloadavg()),
        'newstrace_git': git,
        'node': node,
    }


def cmd_machine(out_dir):
    info = machine_info()
    with open(os.path.join(out_dir, 'machine.json'), 'w', encoding='utf-8') as f:
        json.dump(info, f, indent=1)
        f.write('\n')
    print(f"machine: {info['nproc']} cpu(s), {info['cpu']}, "
          f"{info['memory_gb']} GB RAM, Linux {info['kernel']}, "
          f"load average {info['load_average']}")
    print(f"versions: newstrace {info['newstrace_git'] or '?'}, "
          f"node {info['node'] or '?'}")
    return 0


def _runs(out_dir):
    runs = []
    for line in _read(os.path.join(out_dir, 'runs.tsv')).splitlines():
        if not line.strip():
            continue
        fields = line.split('\t')
        name, tool, jobs, pages = fields[:4]
        rnd = int(fields[4]) if len(fields) > 4 else 1  # older runs: one round
        base = os.path.join(out_dir, name)
        runs.append({
            'name': name, 'tool': tool, 'jobs': int(jobs), 'pages': int(pages),
            'round': rnd,
            'time': _load_json(base + '.time.json') or {},
            'score': _load_json(base + '.score.json') or {},
            'stats': _load_json(base + '.stats.json') or {},
        })
    return runs


def _measures(run, gzip_input, pin_cpu):
    """(key, label, pages, seconds, pages_s) for each figure one run gives.
    pin_cpu: the CPU one-core runs were pinned to, or None (older runs, or
    --pin-cpu none: nothing pinned)."""
    read = 'read, gunzip' if gzip_input else 'read'
    pinned = pin_cpu is not None and run['jobs'] == 1
    on_cpu = f' on CPU {pin_cpu}' if pinned else ''
    if run['tool'] == 'newstrace':
        seconds = run['time'].get('wall_seconds')
        newstrace_input = ', .gz input' if gzip_input else ''
        yield (f"newstrace-j{run['jobs']}",
               f"newstrace -j{run['jobs']}{on_cpu} (whole process{newstrace_input})",
               run['pages'], seconds, run['pages'] / seconds if seconds else None)
        return
    stats = run['stats']
    yield ('readability-1cpu' if pinned else 'readability',
           f'Readability.js{on_cpu} (parse+extract loop)',
           stats.get('pages_processed', run['pages']), stats.get('loop_seconds'),
           stats.get('loop_pages_per_second'))
    if pinned:
        return
    per_page = stats.get('with_read_pages_per_second')
    yield ('readability-read', f'Readability.js (+ {read})', stats.get('pages'),
           stats.get('pages') / per_page if per_page else None, per_page)


def _median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _rows(runs, gzip_input, pin_cpu):
    """One row per tool: its rounds' pages/s (median, best), the largest peak
    RSS, and the scores of its first round."""
    rows, by_key = [], {}
    for run in runs:
        for key, label, pages, seconds, pages_s in _measures(run, gzip_input, pin_cpu):
            row = by_key.get(key)
            if row is None:
                row = by_key[key] = {'key': key, 'label': label, 'pages': pages,
                                     'rounds': {}, 'rss_mb': None, 'f1': None,
                                     'p': None, 'r': None, 'accuracy': None}
                rows.append(row)
            row['rounds'][run['round']] = pages_s
            rss = run['time'].get('max_rss_mb')
            if rss is not None:
                row['rss_mb'] = max(rss, row['rss_mb'] or 0)
            if run['score'] and row['f1'] is None:
                score = run['score']
                row.update(f1=score.get('f1'), p=score.get('precision'),
                           r=score.get('recall'), accuracy=score.get('accuracy'))
    for row in rows:
        speeds = [v for v in row['rounds'].values() if v is not None]
        row['pages_s'] = _median(speeds)
        row['best_pages_s'] = max(speeds) if speeds else None
    return rows


def _ratios(rows):
    """Per newstrace row: the ratio to Readability's loop in each round where
    both ran, their median, and best round over best round. The one-core run
    (-j1) is compared with Readability on one CPU when there is such a run
    (first: the goal is judged on it), and with Readability left free, whose
    garbage collector then runs on a second CPU; the others with Readability
    left free."""
    by_key = {r['key']: r for r in rows}
    pairs = []
    for r in rows:
        if not r['key'].startswith('newstrace'):
            continue
        # -j1 against the pinned run first: the one-core comparison.
        if r['key'] == 'newstrace-j1' and 'readability-1cpu' in by_key:
            pairs.append((r, by_key['readability-1cpu']))
        if 'readability' in by_key:
            pairs.append((r, by_key['readability']))
    out = []
    for r, reference in pairs:
        per_round = {n: v / reference['rounds'][n] for n, v in r['rounds'].items()
                     if v and reference['rounds'].get(n)}
        best = (r['best_pages_s'] / reference['best_pages_s']
                if r['best_pages_s'] and reference['best_pages_s'] else None)
        out.append({'row': r, 'reference': reference, 'per_round': per_round,
                    'median': _median(per_round.values()), 'best': best})
    return out


def _fmt(value, spec):
    return '—' if value is None else format(value, spec)


def cmd_table(out_dir):
    runs = _runs(out_dir)
    # input.txt: what both tools read ("plain" or "gzip"); older runs lack it
    # and read .gz.
    gzip_input = (_read(os.path.join(out_dir, 'input.txt')).strip() or 'gzip') == 'gzip'
    # pin_cpu.txt: the CPU of the one-core runs, or "none"; older runs lack it
    # and pinned nothing.
    pin_text = _read(os.path.join(out_dir, 'pin_cpu.txt')).strip()
    pin_cpu = int(pin_text) if pin_text.isdigit() else None
    rows = _rows(runs, gzip_input, pin_cpu)
    ratios = _ratios(rows)
    rounds = max((run['round'] for run in runs), default=1)
    machine = _load_json(os.path.join(out_dir, 'machine.json')) or {}
    header = ['tool', 'pages per run', 'pages/s (median)', 'pages/s (best)',
              'peak RSS MB', 'F1', 'P', 'R', 'accuracy']
    table = [[r['label'], str(r['pages']), _fmt(r['pages_s'], ',.1f'),
              _fmt(r['best_pages_s'], ',.1f'), _fmt(r['rss_mb'], '.1f'),
              _fmt(r['f1'], '.4f'), _fmt(r['p'], '.4f'), _fmt(r['r'], '.4f'),
              _fmt(r['accuracy'], '.3f')] for r in rows]
    # Per round: each tool's pages/s and the ratios of that round.
    round_header = ['round'] + [r['key'] for r in rows] + \
        [f"{x['row']['key']} / {x['reference']['key']}" for x in ratios]
    round_table = []
    for n in range(1, rounds + 1):
        round_table.append([str(n)] + [_fmt(r['rounds'].get(n), ',.1f') for r in rows] +
                           [_fmt(x['per_round'].get(n), '.1f') + '×' for x in ratios])

    def ratio_line(x):
        name = x['row']['label'].split(' (')[0]
        reference = x['reference']['label'].split(' (')[0]
        return (f"Throughput ratio {name} / {reference} (parse+extract loop): "
                f"{_fmt(x['median'], '.1f')}× (median of {len(x['per_round'])} rounds' ratios; "
                f"best round over best round: {_fmt(x['best'], '.1f')}×)")

    lines = []
    if machine:
        lines.append(f"Machine: {machine.get('nproc')} cpu(s), {machine.get('cpu')}, "
                     f"{machine.get('memory_gb')} GB RAM; load average at start "
                     f"{machine.get('load_average')}; {machine.get('date')}; "
                     f"newstrace {machine.get('newstrace_git')}, node {machine.get('node')}.")
        lines.append('')
    lines.append('Input: ' + ('the .html.gz pages (newstrace inflates them in its timed run; '
                              "Readability's loop does not)" if gzip_input else
                              'plain HTML for both tools, inflated before any timing.') +
                 f' Rounds: {rounds}, each tool once per round, in turns.' +
                 (f' One-core runs pinned to CPU {pin_cpu} (taskset).' if pin_cpu is not None else ''))
    lines.append('')
    for head, body in ((header, table), (round_header, round_table)):
        lines.append('| ' + ' | '.join(head) + ' |')
        lines.append('|' + '|'.join(['---'] + ['---:'] * (len(head) - 1)) + '|')
        for row in body:
            lines.append('| ' + ' | '.join(row) + ' |')
        lines.append('')
    for x in ratios:
        lines.append(ratio_line(x))
        lines.append('')
    markdown = '\n'.join(lines) + '\n'

    # Console: the same tables, aligned.
    def print_table(head, body):
        widths = [max(len(x) for x in col) for col in zip(head, *body)]
        def line(cells):
            return '  '.join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths)))
        print(line(head))
        print('  '.join('-' * w for w in widths))
        for row in body:
            print(line(row))
        print()
    print_table(header, table)
    print_table(round_header, round_table)
    for x in ratios:
        print(ratio_line(x).replace('×', 'x'))
    goals = []
    j1 = next((r for r in rows if r['key'] == 'newstrace-j1'), None)
    j1_ratio = next((x for x in ratios if x['row']['key'] == 'newstrace-j1'), None)
    if j1 and j1['pages_s'] is not None:
        goals.append(('pages/s per core (-j1, median)', j1['pages_s'], GOAL_PAGES_PER_CORE,
                      ',.0f'))
        if j1_ratio and j1_ratio['median'] is not None:
            goals.append((f"ratio to {j1_ratio['reference']['label'].split(' (')[0]} (-j1, median of rounds)",
                          j1_ratio['median'], GOAL_RATIO, '.1f'))
        if j1['f1'] is not None:
            goals.append(('F1', j1['f1'], GOAL_F1, '.4f'))
    for name, value, goal, spec in goals:
        verdict = 'met' if value >= goal else 'NOT met'
        print(f"goal {name}: {format(value, spec)} (goal >= {format(goal, spec)}): {verdict}")

    with open(os.path.join(out_dir, 'summary.md'), 'w', encoding='utf-8') as f:
        f.write(markdown)
    with open(os.path.join(out_dir, 'summary.json'), 'w', encoding='utf-8') as f:
        json.dump({'machine': machine, 'rows': rows,
                   'ratios': {f"{x['row']['key']}/{x['reference']['key']}":
                              {'median': x['median'], 'best': x['best'],
                               'per_round': x['per_round']}
                              for x in ratios}}, f, indent=1)
        f.write('\n')
    return 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ('machine', 'table'):
        print(__doc__, file=sys.stderr)
        return 2
    return cmd_machine(argv[2]) if argv[1] == 'machine' else cmd_table(argv[2])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
