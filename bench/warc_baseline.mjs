// The WARC reading baseline: npm warcio (node) reads every record of a WARC
// file and its decoded payload (HTTP chunked/content-encoding undone), as
// WarcReader does. Prints records/s and MB/s of file input.
//   cd bench && npm ci && node warc_baseline.mjs /tmp/newstrace-bench.warc.gz [runs]
import fs from "node:fs";
import { WARCParser } from "warcio";

const file = process.argv[2];
const runs = Number(process.argv[3] || 3);
if (!file || !fs.existsSync(file)) {
  console.error("usage: node warc_baseline.mjs FILE.warc[.gz] [runs]");
  process.exit(2);
}
const bytes = fs.statSync(file).size;
let best = Infinity;
let records = 0;
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  records = 0;
  let payload = 0;
  const parser = new WARCParser(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  for await (const record of parser) {
    const body = await record.readFully(true);
    payload += body.length;
    records++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  best = Math.min(best, seconds);
  console.error(`run ${run + 1}: ${records} records, ${payload} payload bytes, ${seconds.toFixed(3)} s`);
}
const result = {
  reader: "warcio.js " + JSON.parse(fs.readFileSync(new URL("./node_modules/warcio/package.json", import.meta.url))).version,
  node: process.version,
  file,
  file_mb: bytes / 1e6,
  records,
  seconds: best,
  records_per_s: records / best,
  mb_per_s: bytes / 1e6 / best,
};
console.log(JSON.stringify(result));
