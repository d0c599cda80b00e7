#!/usr/bin/env python3
"""Helpers of bench/extract_e2e.sh: the machine description and the table.

  bench/e2e_report.py machine OUTDIR   prints the machine, writes machine.json
  bench/e2e_report.py table OUTDIR     prints the results table, writes
                                       summary.md and summary.json

OUTDIR holds what extract_e2e.sh wrote: runs.tsv (one run a line: name, tool,
jobs, pages processed), and per run NAME.time.json (bench/peak_rss.py),
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
        name, tool, jobs, pages = line.split('\t')
        base = os.path.join(out_dir, name)
        runs.append({
            'name': name, 'tool': tool, 'jobs': int(jobs), 'pages': int(pages),
            'time': _load_json(base + '.time.json') or {},
            'score': _load_json(base + '.score.json') or {},
            'stats': _load_json(base + '.stats.json') or {},
        })
    return runs


def _rows(runs, gzip_input):
    """Table rows: dicts with label, pages, seconds, pages_s, rss, scores."""
    rows = []
    read = 'read, gunzip' if gzip_input else 'read'
    newstrace_input = ', .gz input' if gzip_input else ''
    for run in runs:
        score = run['score']
        common = {
            'rss_mb': run['time'].get('max_rss_mb'),
            'f1': score.get('f1'), 'p': score.get('precision'),
            'r': score.get('recall'), 'accuracy': score.get('accuracy'),
        }
        if run['tool'] == 'newstrace':
            seconds = run['time'].get('wall_seconds')
            rows.append(dict(common, key=f"newstrace-j{run['jobs']}",
                             label=f"newstrace -j{run['jobs']} (whole process{newstrace_input})",
                             pages=run['pages'], seconds=seconds,
                             pages_s=run['pages'] / seconds if seconds else None))
        else:
            stats = run['stats']
            rows.append(dict(common, key='readability',
                             label='Readability.js (parse+extract loop)',
                             pages=stats.get('pages_processed', run['pages']),
                             seconds=stats.get('loop_seconds'),
                             pages_s=stats.get('loop_pages_per_second')))
            per_page = stats.get('with_read_pages_per_second')
            rows.append(dict(common, key='readability-read',
                             label=f'Readability.js (+ {read})',
                             pages=stats.get('pages'),
                             seconds=stats.get('pages') / per_page if per_page else None,
                             pages_s=per_page))
    return rows


def _fmt(value, spec):
    return '—' if value is None else format(value, spec)


def cmd_table(out_dir):
    runs = _runs(out_dir)
    # input.txt: what both tools read ("plain" or "gzip"); older runs lack it
    # and read .gz.
    gzip_input = (_read(os.path.join(out_dir, 'input.txt')).strip() or 'gzip') == 'gzip'
    rows = _rows(runs, gzip_input)
    machine = _load_json(os.path.join(out_dir, 'machine.json')) or {}
    header = ['tool', 'pages', 'seconds', 'pages/s', 'peak RSS MB',
              'F1', 'P', 'R', 'accuracy']
    table = [[r['label'], str(r['pages']), _fmt(r['seconds'], '.3f'),
              _fmt(r['pages_s'], ',.1f'), _fmt(r['rss_mb'], '.1f'),
              _fmt(r['f1'], '.4f'), _fmt(r['p'], '.4f'), _fmt(r['r'], '.4f'),
              _fmt(r['accuracy'], '.3f')] for r in rows]

    by_key = {r['key']: r for r in rows}
    reference = by_key.get('readability', {}).get('pages_s')
    ratios = []
    for r in rows:
        if r['key'].startswith('newstrace') and r['pages_s'] and reference:
            ratios.append((r, r['pages_s'] / reference))

    lines = []
    if machine:
        lines.append(f"Machine: {machine.get('nproc')} cpu(s), {machine.get('cpu')}, "
                     f"{machine.get('memory_gb')} GB RAM; load average at start "
                     f"{machine.get('load_average')}; {machine.get('date')}; "
                     f"newstrace {machine.get('newstrace_git')}, node {machine.get('node')}.")
        lines.append('')
    lines.append('Input: ' + ('the .html.gz pages (newstrace inflates them in its timed run; '
                              "Readability's loop does not)" if gzip_input else
                              'plain HTML for both tools, inflated before any timing.'))
    lines.append('')
    lines.append('| ' + ' | '.join(header) + ' |')
    lines.append('|' + '|'.join(['---'] + ['---:'] * (len(header) - 1)) + '|')
    for row in table:
        lines.append('| ' + ' | '.join(row) + ' |')
    lines.append('')
    for r, ratio in ratios:
        lines.append(f"Throughput ratio {r['label'].split(' (')[0]} / Readability.js: "
                     f"{ratio:.1f}×")
    markdown = '\n'.join(lines) + '\n'

    # Console: the same table, aligned.
    widths = [max(len(x) for x in col) for col in zip(header, *table)]
    def line(cells):
        return '  '.join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(header))
    print('  '.join('-' * w for w in widths))
    for row in table:
        print(line(row))
    print()
    for r, ratio in ratios:
        print(f"throughput ratio {r['label'].split(' (')[0]} / Readability.js "
              f"(parse+extract loop): {ratio:.1f}x")
    goals = []
    j1 = by_key.get('newstrace-j1')
    if j1 and j1['pages_s'] is not None:
        goals.append(('pages/s per core (-j1)', j1['pages_s'], GOAL_PAGES_PER_CORE, ',.0f'))
        if reference:
            goals.append(('ratio to Readability.js (-j1)', j1['pages_s'] / reference,
                          GOAL_RATIO, '.1f'))
        if j1['f1'] is not None:
            goals.append(('F1', j1['f1'], GOAL_F1, '.4f'))
    for name, value, goal, spec in goals:
        verdict = 'met' if value >= goal else 'NOT met'
        print(f"goal {name}: {format(value, spec)} (goal >= {format(goal, spec)}): {verdict}")

    with open(os.path.join(out_dir, 'summary.md'), 'w', encoding='utf-8') as f:
        f.write(markdown)
    with open(os.path.join(out_dir, 'summary.json'), 'w', encoding='utf-8') as f:
        json.dump({'machine': machine, 'rows': rows,
                   'ratios': {r['key']: ratio for r, ratio in ratios}}, f, indent=1)
        f.write('\n')
    return 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ('machine', 'table'):
        print(__doc__, file=sys.stderr)
        return 2
    return cmd_machine(argv[2]) if argv[1] == 'machine' else cmd_table(argv[2])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
