// WARC reading throughput: WarcReader over a synthetic WARC of the AEB pages
// (../shared/data/aeb-dev/html/*.html.gz), written once per process by the
// minimal writer below (tests use warcio-written files instead). Reports MB/s
// of file input (gzip bytes for the gzip variants) and records/s.
// Compare with bench/warc_baseline.mjs (npm warcio) on the same file:
//   ./warc_bench --benchmark_filter=PerRecordGzip   # writes /tmp/newstrace-bench.warc.gz
//   node bench/warc_baseline.mjs /tmp/newstrace-bench.warc.gz
#include <benchmark/benchmark.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "ingest/input.h"
#include "ingest/warc.h"

namespace {

namespace fs = std::filesystem;
using newstrace::ingest::WarcReader;

constexpr int kCopies = 4;  // each AEB page appears this many times (varied URL and date)

std::string Gzip(std::string_view data, int level) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string ResponseRecord(const std::string& html, int n) {
  const std::string http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
      std::to_string(html.size()) + "\r\n\r\n" + html;
  const std::string day = std::to_string(10 + n % 18);
  std::string r = "WARC/1.1\r\nWARC-Type: response\r\n";
  r += "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-" + std::to_string(100000000000 + n) +
       ">\r\n";
  r += "WARC-Target-URI: https://bench.example.com/" + std::to_string(n) + ".html\r\n";
  r += "WARC-Date: 2024-05-" + day + "T10:00:00Z\r\n";
  r += "Content-Type: application/http; msgtype=response\r\n";
  r += "Content-Length: " + std::to_string(http.size()) + "\r\n\r\n";
  r += http;
  r += "\r\n\r\n";
  return r;
}

struct Corpus {
  std::string per_record_gzip;  // path
  std::string whole_gzip;
  std::string plain;
  size_t records = 0;
  bool ok = false;
};

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const fs::path dir = fs::path(NEWSTRACE_SHARED_DATA) / "aeb-dev" / "html";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return c;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().string().ends_with(".html.gz")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> pages;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto html = newstrace::ingest::Gunzip(gz, 64u << 20);
      if (html.ok()) pages.push_back(std::move(html).value());
    }
    if (pages.empty()) return c;
    const fs::path tmp = fs::temp_directory_path();
    c.per_record_gzip = (tmp / "newstrace-bench.warc.gz").string();
    c.whole_gzip = (tmp / "newstrace-bench-whole.warc.gz").string();
    c.plain = (tmp / "newstrace-bench.warc").string();
    std::ofstream gz(c.per_record_gzip, std::ios::binary);
    std::ofstream plain(c.plain, std::ios::binary);
    std::string all;
    int n = 0;
    for (int copy = 0; copy < kCopies; ++copy) {
      for (const std::string& page : pages) {
        const std::string record = ResponseRecord(page, n++);
        gz << Gzip(record, 6);  // zlib's default level, as warcio and wget write
        plain << record;
        all += record;
      }
    }
    std::ofstream(c.whole_gzip, std::ios::binary) << Gzip(all, 6);
    c.records = static_cast<size_t>(n);
    c.ok = true;
    return c;
  }();
  return corpus;
}

void ReadWarc(benchmark::State& state, const std::string& path) {
  const Corpus& c = GetCorpus();
  if (!c.ok) {
    state.SkipWithError("no AEB pages under NEWSTRACE_SHARED_DATA");
    return;
  }
  const auto file_bytes = static_cast<int64_t>(fs::file_size(path));
  size_t records = 0;
  for (auto _ : state) {
    auto reader = WarcReader::Open(path);
    if (!reader.ok()) {
      state.SkipWithError(reader.status().ToString().c_str());
      return;
    }
    size_t body_bytes = 0;
    for (;;) {
      auto next = (*reader)->Next();
      if (!next.ok()) continue;
      if (!next->has_value()) break;
      body_bytes += (*next)->body.size();
      ++records;
    }
    benchmark::DoNotOptimize(body_bytes);
  }
  state.SetBytesProcessed(file_bytes * state.iterations());  // printed in MiB/s
  // The same rate in decimal MB/s (1 MB = 10^6 bytes), as goals are stated.
  state.counters["MB_per_s"] = benchmark::Counter(
      static_cast<double>(file_bytes) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.counters["file_MB"] = static_cast<double>(file_bytes) / 1e6;
  state.counters["records"] = static_cast<double>(c.records);
}

// The ceiling for per-record gzip: libdeflate alone inflating the same
// members one after another into a reused buffer (no framing, no parsing,
// no copies). The reader's MB/s over this one's, in the same run, is its
// efficiency — steadier than either figure on a machine whose speed drifts.
void BM_LibdeflateMembersOnly(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  if (!c.ok) {
    state.SkipWithError("no AEB pages under NEWSTRACE_SHARED_DATA");
    return;
  }
  std::ifstream in(c.per_record_gzip, std::ios::binary);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  std::unique_ptr<char[]> out(new char[16u << 20]);
  for (auto _ : state) {
    size_t at = 0;
    size_t members = 0;
    while (at < file.size()) {
      size_t in_used = 0;
      size_t out_used = 0;
      if (libdeflate_gzip_decompress_ex(d, file.data() + at, file.size() - at, out.get(), 16u << 20,
                                        &in_used, &out_used) != LIBDEFLATE_SUCCESS) {
        state.SkipWithError("libdeflate failed");
        break;
      }
      at += in_used;
      ++members;
    }
    benchmark::DoNotOptimize(members);
  }
  libdeflate_free_decompressor(d);
  state.SetBytesProcessed(static_cast<int64_t>(file.size()) * state.iterations());
  state.counters["MB_per_s"] = benchmark::Counter(
      static_cast<double>(file.size()) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate);
}

void BM_WarcPerRecordGzip(benchmark::State& state) { ReadWarc(state, GetCorpus().per_record_gzip); }
void BM_WarcWholeFileGzip(benchmark::State& state) { ReadWarc(state, GetCorpus().whole_gzip); }
void BM_WarcPlain(benchmark::State& state) { ReadWarc(state, GetCorpus().plain); }

BENCHMARK(BM_LibdeflateMembersOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WarcPerRecordGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WarcWholeFileGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WarcPlain)->Unit(benchmark::kMillisecond);

}  // namespace
