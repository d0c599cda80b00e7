// SQLite store kernels: insert throughput (batches of 1000 articles) and
// FTS5 search latency on a generated corpus.
//
// The corpus: synthetic articles (8-word title, 200-word text) drawn from a
// 20,000-word vocabulary with Zipf(1.0) frequencies, like word frequencies
// in news text. 100k articles by default; NEWSTRACE_BENCH_LARGE=1 makes it
// 1M (a few GB in $TMPDIR, minutes to build). NEWSTRACE_BENCH_SEARCH_DB=PATH
// keeps the search corpus at PATH and reuses it on the next run (it is built
// only when PATH does not exist yet). NEWSTRACE_BENCH_SEARCH_REPEAT=1 times
// each query's second run (its IDF statistics cached).
//
// Search reports p50/p99 latency (ms) of two-word queries with limit 20, for
// word pairs drawn from three frequency bands: "common" (ranks 50-200, each
// word in a sizeable share of the articles), "mid" (ranks 200-2,000, typical content words)
// and "rare" (ranks 2,000-20,000).
//
//   build/release/bench/store_bench --benchmark_filter=Search
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace newstrace::store {
namespace {

namespace fs = std::filesystem;

constexpr int kVocabulary = 20000;
constexpr int kTitleWords = 8;
constexpr int kTextWords = 200;
constexpr int kBatch = 1000;
constexpr int kSearchIterations = 400;

// Pronounceable, distinct words: word i spelled in base-20 consonant-vowel
// syllables.
std::vector<std::string> MakeVocabulary() {
  static constexpr char kConsonants[] = "bcdfghklmnprstvz";
  static constexpr char kVowels[] = "aeiou";
  std::vector<std::string> words;
  words.reserve(kVocabulary);
  for (int i = 0; i < kVocabulary; ++i) {
    std::string w;
    int n = i;
    do {
      w += kConsonants[n % 16];
      n /= 16;
      w += kVowels[n % 5];
      n /= 5;
    } while (n > 0);
    words.push_back(w);
  }
  return words;
}

class CorpusGenerator {
 public:
  explicit CorpusGenerator(uint64_t seed) : words_(MakeVocabulary()), rng_(seed) {
    std::vector<double> weights(kVocabulary);
    for (int r = 0; r < kVocabulary; ++r) weights[r] = 1.0 / (r + 1);
    zipf_ = std::discrete_distribution<int>(weights.begin(), weights.end());
  }

  Article Next(int64_t n) {
    Article a;
    a.url = "https://site" + std::to_string(n % 50) + ".example/news/" + std::to_string(n);
    a.canonical_url = a.url;
    a.site = "site" + std::to_string(n % 50) + ".example";
    a.title = Words(kTitleWords);
    a.authors = {"Author " + std::to_string(n % 500)};
    a.published = "20" + std::to_string(10 + n % 14) + "-0" + std::to_string(1 + n % 9) + "-1" +
                  std::to_string(n % 10);
    a.language = "en";
    a.text = Words(kTextWords);
    a.blocks = {{BlockKind::kParagraph, 0, static_cast<uint32_t>(a.text.size())}};
    return a;
  }

  const std::string& Word(int rank) const { return words_[rank]; }

 private:
  std::string Words(int count) {
    std::string s;
    for (int i = 0; i < count; ++i) {
      if (i) s += ' ';
      s += words_[zipf_(rng_)];
    }
    return s;
  }

  std::vector<std::string> words_;
  std::mt19937_64 rng_;
  std::discrete_distribution<int> zipf_;
};

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

fs::path TempPath(const std::string& name) {
  return fs::temp_directory_path() /
         ("newstrace_store_bench_" + std::to_string(getpid()) + "_" + name + ".db");
}

void RemoveDb(const fs::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

void BM_InsertBatches(benchmark::State& state) {
  fs::path path = TempPath("insert");
  RemoveDb(path);
  auto store = OpenSqliteStore(path.string());
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  CorpusGenerator gen(1);
  int64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Article> batch;
    for (int i = 0; i < kBatch; ++i) batch.push_back(gen.Next(n++));
    state.ResumeTiming();
    if (!(*store)->BeginBatch().ok()) state.SkipWithError("begin");
    for (const Article& a : batch) {
      if (!(*store)->PutArticle(0, a.url, a, "").ok()) state.SkipWithError("put");
    }
    if (!(*store)->CommitBatch().ok()) state.SkipWithError("commit");
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  store->reset();
  RemoveDb(path);
}
BENCHMARK(BM_InsertBatches)->Unit(benchmark::kMillisecond)->MinTime(5.0);

// The search corpus, built once per process and removed at exit.
struct SearchCorpus {
  SearchCorpus() : gen(2) {
    const char* large = std::getenv("NEWSTRACE_BENCH_LARGE");
    articles = (large && std::string(large) == "1") ? 1000000 : 100000;
    const char* keep = std::getenv("NEWSTRACE_BENCH_SEARCH_DB");
    kept = keep && *keep;
    path = kept ? fs::path(keep) : TempPath("search");
    const bool reuse = kept && fs::exists(path);
    if (!reuse) RemoveDb(path);
    auto opened = OpenSqliteStore(path.string());
    if (!opened.ok()) {
      error = opened.status().ToString();
      return;
    }
    store = std::move(opened).value();
    if (reuse) {
      auto max_id = store->MaxArticleId();
      if (max_id.ok())
        articles = *max_id;
      else
        error = max_id.status().ToString();
      return;
    }
    auto start = std::chrono::steady_clock::now();
    for (int64_t n = 0; n < articles && error.empty(); n += kBatch) {
      if (!store->BeginBatch().ok()) error = "begin";
      for (int64_t i = n; i < std::min<int64_t>(n + kBatch, articles); ++i) {
        Article a = gen.Next(i);
        if (!store->PutArticle(0, a.url, a, "").ok()) error = "put";
      }
      if (!store->CommitBatch().ok()) error = "commit";
    }
    // As `ingest` does at the end of a run.
    if (error.empty() && !store->CompactSearchIndex(articles).ok()) error = "compact";
    build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  ~SearchCorpus() {
    store.reset();
    if (!kept) RemoveDb(path);
  }

  CorpusGenerator gen;
  int64_t articles = 0;
  fs::path path;
  std::unique_ptr<Store> store;
  std::string error;
  double build_seconds = 0;  // 0 when a kept corpus was reused
  bool kept = false;
};

SearchCorpus& Corpus() {
  static SearchCorpus corpus;
  return corpus;
}

// Two-word queries with both words' frequency ranks in [low, high).
void BM_SearchTwoWords(benchmark::State& state) {
  SearchCorpus& corpus = Corpus();
  if (!corpus.error.empty()) {
    state.SkipWithError(corpus.error.c_str());
    return;
  }
  const int low = static_cast<int>(state.range(0));
  const int high = static_cast<int>(state.range(1));
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> rank(low, high - 1);
  // As many distinct queries as iterations: a repeated query would reuse
  // the store's cached IDF statistics and flatter the latency.
  std::vector<std::string> queries;
  for (int i = 0; i < kSearchIterations; ++i) {
    queries.push_back(corpus.gen.Word(rank(rng)) + " " + corpus.gen.Word(rank(rng)));
  }
  ArticleFilter filter;
  filter.limit = 20;
  std::vector<double> ms;
  std::vector<double> cpu_ms;  // this thread's CPU time: robust on a shared machine
  size_t q = 0;
  int64_t hits = 0;
  // NEWSTRACE_BENCH_SEARCH_REPEAT=1 runs each query once untimed first: the
  // latency of a repeated query (the next page, a refreshed view).
  const char* repeat = std::getenv("NEWSTRACE_BENCH_SEARCH_REPEAT");
  const bool warm = repeat && std::string(repeat) == "1";
  for (auto _ : state) {
    const std::string& query = queries[q++ % queries.size()];
    if (warm) {
      state.PauseTiming();
      (void)corpus.store->Search(query, filter);
      state.ResumeTiming();
    }
    auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMs();
    auto result = corpus.store->Search(query, filter);
    cpu_ms.push_back(ThreadCpuMs() - cpu_start);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    hits += static_cast<int64_t>(result->size());
  }
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  std::sort(cpu_ms.begin(), cpu_ms.end());
  state.counters["articles"] = static_cast<double>(corpus.articles);
  if (corpus.build_seconds > 0) {
    state.counters["build_articles_per_s"] = corpus.articles / corpus.build_seconds;
  }
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["p99_cpu_ms"] = cpu_ms[std::min(cpu_ms.size() - 1, cpu_ms.size() * 99 / 100)];
  state.counters["hits_per_query"] = static_cast<double>(hits) / static_cast<double>(ms.size());
}
BENCHMARK(BM_SearchTwoWords)
    ->ArgNames({"rank_low", "rank_high"})
    ->Args({50, 200})
    ->Args({200, 2000})
    ->Args({2000, kVocabulary})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(kSearchIterations);

}  // namespace
}  // namespace newstrace::store
