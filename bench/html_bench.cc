// HTML parse throughput on the Article Extraction Benchmark pages: the fast
// path (ParseHtml) against the gumbo oracle, plus gzip inflate of the same
// pages with zlib and libdeflate. Pages are decompressed once in setup.
//
//   build/rel/bench/html_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <libdeflate.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/html_gumbo.h"
#include "extract/html_parser.h"

namespace {

struct Page {
  std::string gz;
  std::string html;
};

std::string ZlibGunzip(const std::string& compressed) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  return out;
}

const std::vector<Page>& Pages() {
  static const std::vector<Page> pages = [] {
    namespace fs = std::filesystem;
    std::vector<Page> result;
    fs::path dir = fs::path(NEWSTRACE_SHARED_DATA) / "aeb-dev" / "html";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.path().string().ends_with(".html.gz")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      Page page;
      page.gz.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      page.html = ZlibGunzip(page.gz);
      result.push_back(std::move(page));
    }
    return result;
  }();
  return pages;
}

size_t TotalHtmlBytes() {
  size_t total = 0;
  for (const Page& p : Pages()) total += p.html.size();
  return total;
}

template <typename Parse>
void RunParse(benchmark::State& state, Parse parse) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("no AEB pages under " NEWSTRACE_SHARED_DATA "/aeb-dev/html");
    return;
  }
  for (auto _ : state) {
    for (const Page& p : pages) {
      auto doc = parse(p.html);
      benchmark::DoNotOptimize(doc.size());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalHtmlBytes()));
  state.counters["pages/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * pages.size()), benchmark::Counter::kIsRate);
}

void BM_ParseHtml(benchmark::State& state) {
  RunParse(state, [](const std::string& html) { return newstrace::extract::ParseHtml(html); });
}
BENCHMARK(BM_ParseHtml)->Unit(benchmark::kMillisecond);

void BM_ParseHtmlWithGumbo(benchmark::State& state) {
  RunParse(state,
           [](const std::string& html) { return newstrace::extract::ParseHtmlWithGumbo(html); });
}
BENCHMARK(BM_ParseHtmlWithGumbo)->Unit(benchmark::kMillisecond);

void RunInflate(benchmark::State& state, bool use_libdeflate) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("no AEB pages under " NEWSTRACE_SHARED_DATA "/aeb-dev/html");
    return;
  }
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  std::string out;
  for (auto _ : state) {
    for (const Page& p : pages) {
      if (use_libdeflate) {
        out.resize(p.html.size());
        size_t actual = 0;
        libdeflate_gzip_decompress(d, p.gz.data(), p.gz.size(), out.data(), out.size(), &actual);
        benchmark::DoNotOptimize(actual);
      } else {
        out = ZlibGunzip(p.gz);
        benchmark::DoNotOptimize(out.size());
      }
    }
  }
  libdeflate_free_decompressor(d);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalHtmlBytes()));
  state.counters["pages/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * pages.size()), benchmark::Counter::kIsRate);
}

void BM_InflateZlib(benchmark::State& state) { RunInflate(state, false); }
BENCHMARK(BM_InflateZlib)->Unit(benchmark::kMillisecond);

void BM_InflateLibdeflate(benchmark::State& state) { RunInflate(state, true); }
BENCHMARK(BM_InflateLibdeflate)->Unit(benchmark::kMillisecond);

}  // namespace
