#!/usr/bin/env python3
"""Runs a command; reports its wall time and peak resident set size.

  bench/peak_rss.py [--json FILE] [--cwd DIR] [--args-from FILE] -- CMD [ARG...]

The command inherits stdin, stdout and stderr. Peak RSS is the child's
ru_maxrss (Linux: the largest RSS of the child or of any descendant it
waited for, in KiB). Linux carries the forking process's own high-water mark
into the child's ru_maxrss, so a child forked from Python (about 13 MB) can
never report less than that; the command is therefore started through GNU
time (/usr/bin/time, Debian package "time", about 1 MB) when it is there, and
from Python with wait4() otherwise, in which case a figure near Python's own
RSS ("rss_floor_mb") is only an upper bound. The report goes to stderr as one line,
and to FILE as JSON {wall_seconds, max_rss_kb, max_rss_mb, user_seconds,
sys_seconds, exit_code, command}. With --args-from, FILE's lines (one
argument each) are appended to the command, which keeps long page lists off
the shell's command line. Exits with the command's status (128+N when killed
by signal N).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


GNU_TIME = '/usr/bin/time'


def _run_with_gnu_time(command, cwd):
    fd, rss_file = tempfile.mkstemp(prefix='peak_rss.')
    os.close(fd)
    try:
        start = time.perf_counter()
        code = subprocess.call(
            [GNU_TIME, '-o', rss_file, '-f', '%M %U %S'] + command, cwd=cwd)
        wall = time.perf_counter() - start
        with open(rss_file, encoding='utf-8') as f:
            lines = f.read().split('\n')
    finally:
        os.unlink(rss_file)
    # GNU time writes "Command exited with non-zero status N" (or
    # "Command terminated by signal N") before the format line.
    fields = [line for line in lines if line.strip()][-1].split()
    if code < 0:
        code = 128 - code
    return {
        'exit_code': code,
        'wall_seconds': wall,
        'user_seconds': float(fields[1]),
        'sys_seconds': float(fields[2]),
        'max_rss_kb': int(fields[0]),
        'rss_source': 'gnu-time',
    }


def _run_with_wait4(command, cwd):
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # keep Popen quiet
    code = child.returncode
    if code < 0:
        code = 128 - code
    return {
        'exit_code': code,
        'wall_seconds': wall,
        'user_seconds': usage.ru_utime,
        'sys_seconds': usage.ru_stime,
        'max_rss_kb': usage.ru_maxrss,
        'rss_source': 'wait4',
        'rss_floor_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(command, cwd=None):
    """Runs command; returns the report dict."""
    if os.access(GNU_TIME, os.X_OK) and not os.environ.get('PEAK_RSS_NO_GNU_TIME'):
        # GNU time would only exit 127; say why instead.
        if os.sep in command[0]:
            found = os.access(os.path.join(cwd or '.', command[0]), os.X_OK)
        else:
            found = shutil.which(command[0]) is not None
        if not found:
            raise OSError(f'{command[0]}: not found or not executable')
        report = _run_with_gnu_time(command, cwd)
    else:
        report = _run_with_wait4(command, cwd)
    report['command'] = command[0]
    report['max_rss_mb'] = report['max_rss_kb'] / 1024
    return report


def main():
    parser = argparse.ArgumentParser(
        description='Run a command; print wall seconds and peak RSS.')
    parser.add_argument('--json', metavar='FILE', help='also write the report here')
    parser.add_argument('--cwd', metavar='DIR', help='run the command in DIR')
    parser.add_argument('--args-from', metavar='FILE',
                        help='append the lines of FILE as arguments')
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command
    if command and command[0] == '--':
        command = command[1:]
    if not command:
        parser.error('no command given')
    if args.args_from:
        with open(args.args_from, encoding='utf-8') as f:
            command += [line.rstrip('\n') for line in f if line.strip()]
    try:
        report = run(command, cwd=args.cwd)
    except OSError as e:
        print(f'peak_rss: cannot run {command[0]}: {e}', file=sys.stderr)
        return 127
    print(f"peak_rss: {report['wall_seconds']:.3f} s wall, "
          f"{report['user_seconds']:.3f} s user, {report['sys_seconds']:.3f} s sys, "
          f"max RSS {report['max_rss_mb']:.1f} MB, exit {report['exit_code']}",
          file=sys.stderr)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump(report, f, indent=1)
            f.write('\n')
    return report['exit_code']


if __name__ == '__main__':
    sys.exit(main())
