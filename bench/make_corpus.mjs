// Writes a synthetic benchmark corpus with an independent WARC writer (npm warcio):
//   DIR/corpus.warc.gz  N pages as per-record gzip WARC response records: the
//                       AEB pages repeated with varied URLs and dates, the
//                       markdown seed as a text/markdown resource record,
//                       each page preceded by its request record
//   DIR/corpus.jsonl    up to N articles in news-please format, from
//                       ../shared/data/reuse-base/base.jsonl.gz
// Pages come from ../shared/data (never copied into the repository); what is
// missing is skipped with a message.
//   cd bench && npm ci && node make_corpus.mjs --pages 100000 --out /tmp/corpus
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import readline from "node:readline";
import { WARCRecord, WARCSerializer } from "warcio";

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.NEWSTRACE_SHARED_DATA || path.resolve(here, "../../shared/data");

function parseArgs(argv) {
  const opts = { pages: 1000, out: "bench/out/corpus" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--pages") opts.pages = Number(argv[++i]);
    else if (argv[i] === "--out") opts.out = argv[++i];
    else {
      console.error("usage: node make_corpus.mjs [--pages N] [--out DIR]");
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.pages) || opts.pages < 1) {
    console.error("--pages must be a positive integer");
    process.exit(2);
  }
  return opts;
}

const enc = new TextEncoder();
async function* once(bytes) {
  yield typeof bytes === "string" ? enc.encode(bytes) : new Uint8Array(bytes);
}

// A deterministic date in 2019-2024 and record id for page n.
function dateFor(n) {
  const t = Date.UTC(2019, 0, 1) + ((n * 7919) % (6 * 365)) * 86400000 + (n % 86400) * 1000;
  return new Date(t).toISOString().replace(/\.\d+Z$/, "Z");
}
function idFor(n, kind) {
  return `<urn:uuid:${kind}0000000-0000-4000-8000-${String(n).padStart(12, "0")}>`;
}

async function writeWarc(opts) {
  const dir = path.join(shared, "aeb-dev", "html");
  if (!fs.existsSync(dir)) {
    console.error(`skip WARC: ${dir} not found`);
    return null;
  }
  const pages = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".html.gz"))
    .sort()
    .map((f) => ({ name: f.replace(/\.html\.gz$/, ""), html: zlib.gunzipSync(fs.readFileSync(path.join(dir, f))) }));
  if (pages.length === 0) {
    console.error(`skip WARC: no pages in ${dir}`);
    return null;
  }
  const seedPath = path.join(shared, "seed-article.md");
  const seed = fs.existsSync(seedPath) ? fs.readFileSync(seedPath) : null;
  const file = path.join(opts.out, "corpus.warc.gz");
  const out = fs.createWriteStream(file);
  const write = (bytes) =>
    new Promise((resolve) => (out.write(Buffer.from(bytes)) ? resolve() : out.once("drain", resolve)));
  const info = WARCRecord.createWARCInfo(
    { filename: "corpus.warc.gz", warcVersion: "WARC/1.1", date: "2024-01-01T00:00:00Z", warcHeaders: { "WARC-Record-ID": idFor(0, "f") } },
    { software: "warcio.js (newstrace bench/make_corpus.mjs)", pages: String(opts.pages) },
  );
  await write(await WARCSerializer.serialize(info, { gzip: true }));
  let written = 0;
  for (let n = 0; n < opts.pages; n++) {
    const date = dateFor(n);
    if (seed && n === 0) {
      const record = WARCRecord.create(
        {
          url: "https://www.globalresearch.ca/us-war-terror-continues/5700000",
          date,
          type: "resource",
          warcVersion: "WARC/1.1",
          warcHeaders: { "WARC-Record-ID": idFor(n, "b"), "Content-Type": "text/markdown; charset=utf-8" },
        },
        once(seed),
      );
      await write(await WARCSerializer.serialize(record, { gzip: true }));
      written++;
      continue;
    }
    const page = pages[n % pages.length];
    const url = `https://site${n % 97}.example.com/${2019 + (n % 6)}/${page.name.slice(0, 12)}-${n}.html`;
    const request = WARCRecord.create(
      {
        url,
        date,
        type: "request",
        warcVersion: "WARC/1.1",
        statusline: `GET ${new URL(url).pathname} HTTP/1.1`,
        httpHeaders: { Host: new URL(url).host, "User-Agent": "newstrace-bench" },
        warcHeaders: { "WARC-Record-ID": idFor(n, "a") },
      },
      once(""),
    );
    await write(await WARCSerializer.serialize(request, { gzip: true }));
    const response = WARCRecord.create(
      {
        url,
        date,
        type: "response",
        warcVersion: "WARC/1.1",
        httpHeaders: { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(page.html.length) },
        warcHeaders: { "WARC-Record-ID": idFor(n, "b") },
      },
      once(page.html),
    );
    await write(await WARCSerializer.serialize(response, { gzip: true }));
    written++;
    if (written % 10000 === 0) console.error(`${written} pages`);
  }
  await new Promise((resolve) => out.end(resolve));
  return { file, pages: written, bytes: fs.statSync(file).size };
}

async function writeJsonl(opts) {
  const base = path.join(shared, "reuse-base", "base.jsonl.gz");
  if (!fs.existsSync(base)) {
    console.error(`skip JSONL: ${base} not found`);
    return null;
  }
  const file = path.join(opts.out, "corpus.jsonl");
  const out = fs.createWriteStream(file);
  const lines = readline.createInterface({ input: fs.createReadStream(base).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    if (n >= opts.pages) break;
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    const domain = `${a.source}.example.org`;
    const date = /^\d{4}-\d{2}-\d{2}/.test(a.date || "") ? `${a.date.slice(0, 10)} 00:00:00` : null;
    const record = {
      authors: [],
      date_download: "2024-01-01 00:00:00",
      date_modify: null,
      date_publish: date,
      description: null,
      filename: `${a.id}.json`,
      image_url: null,
      language: "en",
      localpath: null,
      maintext: (a.paras || []).join("\n"),
      source_domain: domain,
      title: a.title || null,
      title_page: null,
      title_rss: null,
      url: `https://${domain}/${encodeURIComponent(a.id)}`,
    };
    if (!out.write(JSON.stringify(record) + "\n")) await new Promise((resolve) => out.once("drain", resolve));
    n++;
  }
  await new Promise((resolve) => out.end(resolve));
  return { file, articles: n, bytes: fs.statSync(file).size };
}

const opts = parseArgs(process.argv.slice(2));
fs.mkdirSync(opts.out, { recursive: true });
const warc = await writeWarc(opts);
const jsonl = await writeJsonl(opts);
console.log(JSON.stringify({ warc, jsonl }));
