#!/usr/bin/env node
// Mozilla Readability.js on linkedom over the AEB pages: the reference
// extractor of bench/extract_e2e.sh.
//
//   node bench/readability/run.mjs [--html-dir DIR] [--out FILE]
//       [--repeat K | --min-seconds S] [--warmup W] [--stats FILE] [PATH...]
//
// Reads every DIR/*.html.gz (or the PATHs given), gunzips them all first,
// then times the parse + extract loop alone: linkedom parseHTML +
// new Readability(document).parse() per page, K passes over the pages (or as
// many whole passes as it takes to last S seconds), after W untimed warm-up
// passes that let the JIT settle (default 0). Writes JSONL
// {source, text: textContent} (first pass only; later passes give the same
// text) or {source, error: {code, message}} to FILE (default stdout).
// Prints pages/s of the loop, and separately of read + gunzip + loop, on
// stderr; --stats FILE writes the same figures as JSON.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const DEFAULT_HTML_DIR = new URL('../../../shared/data/aeb-dev/html', import.meta.url).pathname;

function parseArgs(argv) {
  const args = { htmlDir: DEFAULT_HTML_DIR, out: null, repeat: 0, minSeconds: 0, warmup: 0, stats: null, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--html-dir') args.htmlDir = value();
    else if (a === '--out') args.out = value();
    else if (a === '--repeat') args.repeat = Number(value());
    else if (a === '--min-seconds') args.minSeconds = Number(value());
    else if (a === '--warmup') args.warmup = Number(value());
    else if (a === '--stats') args.stats = value();
    else if (a === '-h' || a === '--help') usage(null);
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!(args.repeat >= 0) || !Number.isInteger(args.repeat)) usage('--repeat needs a whole number');
  if (!(args.minSeconds >= 0)) usage('--min-seconds needs a number');
  if (!(args.warmup >= 0) || !Number.isInteger(args.warmup)) usage('--warmup needs a whole number');
  if (args.repeat === 0) args.repeat = args.minSeconds > 0 ? 0 : 1;
  return args;
}

function usage(message) {
  const text = 'usage: run.mjs [--html-dir DIR] [--out FILE] [--repeat K | --min-seconds S] [--warmup W] [--stats FILE] [PATH...]';
  if (message) {
    console.error(`run.mjs: ${message}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

function listPages(args) {
  if (args.paths.length > 0) return args.paths;
  return readdirSync(args.htmlDir)
    .filter((name) => /\.html?(\.gz)?$/.test(name))
    .sort()
    .map((name) => join(args.htmlDir, name));
}

function readPage(path) {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function extract(html) {
  const { document } = parseHTML(html);
  const article = new Readability(document).parse();
  return article ? article.textContent ?? '' : null;
}

function extractRecord(source, html) {
  try {
    const text = extract(html);
    if (text === null) return { source, error: { code: 'no_article', message: 'Readability found no article' } };
    return { source, text };
  } catch (e) {
    return { source, error: { code: 'exception', message: String(e && e.message ? e.message : e) } };
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const paths = listPages(args);
  if (paths.length === 0) {
    console.error(`run.mjs: no pages in ${args.htmlDir}`);
    process.exit(1);
  }

  const t0 = process.hrtime.bigint();
  const pages = paths.map((path) => ({ path, html: readPage(path) }));
  const tRead = process.hrtime.bigint();

  let warmupChecksum = 0;
  for (let i = 0; i < args.warmup; i++) {
    for (const page of pages) warmupChecksum += extractRecord(page.path, page.html).text?.length ?? 1;
  }
  const t1 = process.hrtime.bigint();

  // The timed loop: parse + extract only. Results of the first pass are
  // kept; later passes are consumed by a cheap checksum so that the work
  // cannot be optimised away.
  const records = [];
  const passSeconds = [];
  let passStart = t1;
  let passes = 0;
  let checksum = 0;
  const deadline = Number(t1) + args.minSeconds * 1e9;
  for (;;) {
    for (const page of pages) {
      const record = extractRecord(page.path, page.html);
      if (passes === 0) records.push(record);
      else checksum += record.text ? record.text.length : 1;
    }
    passes++;
    const now = process.hrtime.bigint();
    passSeconds.push(Number(now - passStart) / 1e9);
    passStart = now;
    if (args.repeat > 0 ? passes >= args.repeat : Number(process.hrtime.bigint()) >= deadline) break;
  }
  const t2 = process.hrtime.bigint();

  const lines = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  if (args.out) writeFileSync(args.out, lines);
  else process.stdout.write(lines);

  const readSeconds = Number(tRead - t0) / 1e9;
  const loopSeconds = Number(t2 - t1) / 1e9;
  const processed = pages.length * passes;
  const htmlBytes = pages.reduce((sum, p) => sum + Buffer.byteLength(p.html), 0);
  const stats = {
    tool: 'readability',
    readability: readPackageVersion('@mozilla/readability'),
    linkedom: readPackageVersion('linkedom'),
    node: process.version,
    pages: pages.length,
    warmup_passes: args.warmup,
    passes,
    pass_seconds: passSeconds,
    pages_processed: processed,
    html_mb: htmlBytes / 1e6,
    read_gunzip_seconds: readSeconds,
    loop_seconds: loopSeconds,
    loop_pages_per_second: processed / loopSeconds,
    // Read + gunzip happen once; counting them once per pass would be
    // unfair the other way, so this figure is for one pass of each.
    with_read_pages_per_second: pages.length / (readSeconds + loopSeconds / passes),
    errors: records.filter((r) => r.error).length,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    checksum: checksum + warmupChecksum,
  };
  console.error(
    `readability: ${processed} pages (${pages.length} x ${passes}, after ${args.warmup} warm-up pass(es)) in ${loopSeconds.toFixed(3)} s: ` +
      `${stats.loop_pages_per_second.toFixed(1)} pages/s parse+extract; ` +
      `read+gunzip ${(readSeconds * 1000).toFixed(1)} ms, ` +
      `${stats.with_read_pages_per_second.toFixed(1)} pages/s including it; ` +
      `${stats.errors} error(s); max RSS ${stats.max_rss_mb.toFixed(0)} MB`,
  );
  if (args.stats) writeFileSync(args.stats, JSON.stringify(stats, null, 1) + '\n');
}

function readPackageVersion(name) {
  try {
    const url = new URL(`./node_modules/${name}/package.json`, import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version;
  } catch {
    return null;
  }
}

main();
