// Text-reuse kernels against the issue 5 speed goals:
//   fingerprint + index >= 20,000 articles/s per core;
//   a 1M-article corpus (~600 words each) traced in < 5 min on 2 cores;
//   matching one new article against a 1M index: p99 < 5 ms.
//
// Texts: real article bodies from ../shared/data/reuse-base/base.jsonl.gz
// (read in place, 400-900 words) where present, and synthetic ~600-word
// articles (a 100,000-word pseudo-English vocabulary drawn with a Zipf
// distribution, so common n-grams exist; every 10th article is a lightly
// edited republication of an earlier one). A synthetic article is a pure
// function of its number, so the 1M index is built without keeping its text.
//
//   ./reuse_bench --benchmark_filter='SplitWords|Fingerprint|AlignPair|RelatePair'
//   ./reuse_bench --benchmark_filter=IndexAdd
//   ./reuse_bench --benchmark_filter=Query          # builds the 1M index once
//   NEWSTRACE_BENCH_INDEX_DOCS=200000 ./reuse_bench --benchmark_filter=Query
//
// The peak RSS of the process is printed to stderr at exit.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "ingest/input.h"
#include "provenance/trace.h"
#include "reuse/align.h"
#include "reuse/fingerprint.h"
#include "reuse/index.h"
#include "text/words.h"

namespace {

using newstrace::text::Word;
using Clock = std::chrono::steady_clock;
namespace reuse = newstrace::reuse;

constexpr size_t kBatch = 4096;  // articles per Add, as in provenance/trace.cc
constexpr int kSites = 1000;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this thread in ms: unlike wall time, not inflated when other
// processes take the core (the bench machine is shared).
double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

struct PrintPeakRssAtExit {
  ~PrintPeakRssAtExit() { std::fprintf(stderr, "reuse_bench: peak RSS %.0f MiB\n", PeakRssMb()); }
} print_peak_rss_at_exit;

uint64_t SplitMix(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// --- Synthetic articles ---

// Pseudo-words: word k is k in bijective base 64 over two-letter syllables,
// so words are distinct and frequent (low-rank) words are short.
class Vocabulary {
 public:
  static constexpr size_t kWords = 100000;  // at most 3 syllables = 6 letters
  // Sampling table slots; each holds the word's letters (low bytes) and its
  // length (top byte), so a sample is one shift and one load from 1 MiB.
  // Ranks above ~10,000 are sampled more coarsely (about a quarter of them
  // occur at all): still a long tail.
  static constexpr int kTableBits = 17;

  Vocabulary() {
    static constexpr char kConsonants[] = "bdfgklmnprstvwyz";
    static constexpr char kVowels[] = "aeio";
    std::vector<uint64_t> words(kWords);
    for (size_t k = 0; k < kWords; ++k) {
      uint64_t packed = 0;
      int len = 0;
      size_t n = k;
      for (;;) {
        packed |= uint64_t(static_cast<unsigned char>(kConsonants[n % 64 / 4])) << (8 * len++);
        packed |= uint64_t(static_cast<unsigned char>(kVowels[n % 4])) << (8 * len++);
        if (n < 64) break;
        n = n / 64 - 1;
      }
      words[k] = packed | uint64_t(len) << 56;
    }
    // Zipf (s = 1): slot j holds the word whose cumulative probability
    // interval contains (j + 0.5) / size.
    std::vector<double> cdf(kWords);
    double sum = 0;
    for (size_t k = 0; k < kWords; ++k) cdf[k] = (sum += 1.0 / static_cast<double>(k + 1));
    const size_t size = size_t{1} << kTableBits;
    table_.resize(size);
    size_t k = 0;
    for (size_t j = 0; j < size; ++j) {
      const double u = (static_cast<double>(j) + 0.5) / static_cast<double>(size) * sum;
      while (k + 1 < kWords && cdf[k] < u) ++k;
      table_[j] = words[k];
    }
  }

  // Appends a sampled word, its first letter upper case if `capital`.
  void Append(uint64_t* rng, bool capital, std::string* out) const {
    uint64_t w = table_[SplitMix(rng) >> (64 - kTableBits)];
    const auto len = static_cast<size_t>(w >> 56);
    if (capital) w -= 'a' - 'A';
    char letters[8];
    std::memcpy(letters, &w, sizeof letters);  // little-endian: first letter first
    out->append(letters, len);
  }

 private:
  std::vector<uint64_t> table_;
};

const Vocabulary& Vocab() {
  static const Vocabulary v;
  return v;
}

// Sentences of 8-25 words, paragraphs of 2-5 sentences, 450-750 words.
void RenderFresh(uint64_t seed, std::string* out) {
  const Vocabulary& v = Vocab();
  uint64_t rng = seed * 0x2545F4914F6CDD1DULL + 1;
  out->clear();
  const int words = 450 + static_cast<int>(SplitMix(&rng) % 301);
  int sentence_left = 0, sentences_in_paragraph = 0, paragraph_len = 3;
  for (int i = 0; i < words; ++i) {
    if (sentence_left == 0) {
      if (i > 0) {
        out->append(".");
        if (++sentences_in_paragraph == paragraph_len) {
          out->append("\n\n");
          sentences_in_paragraph = 0;
          paragraph_len = 2 + static_cast<int>(SplitMix(&rng) % 4);
        } else {
          out->push_back(' ');
        }
      }
      sentence_left = 8 + static_cast<int>(SplitMix(&rng) % 18);
      v.Append(&rng, true, out);
    } else {
      if (SplitMix(&rng) % 12 == 0) out->push_back(',');
      out->push_back(' ');
      v.Append(&rng, false, out);
    }
    --sentence_left;
  }
  out->append(".");
}

// A light-edit republication: a credit line, about one word in 60 replaced
// and one in 120 dropped, one sentence from the middle removed, curly
// apostrophes straightened.
std::string LightEdit(std::string_view text, uint64_t seed) {
  uint64_t rng = seed ^ 0x5851F42D4C957F2DULL;
  std::string out = "By Wire Staff. ";
  out.reserve(text.size() + 32);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view token = text.substr(i, j - i);
    const uint64_t r = SplitMix(&rng) % 120;
    if (r == 0) {
      // dropped
    } else if (r <= 2) {
      out.append("reportedly ");
    } else {
      out.append(token);
      out.push_back(' ');
    }
    i = j + 1;
  }
  const size_t mid = out.find(". ", out.size() / 2);
  if (mid != std::string::npos) {
    const size_t next = out.find(". ", mid + 2);
    if (next != std::string::npos) out.erase(mid + 2, next - mid);
  }
  for (size_t p; (p = out.find("\xE2\x80\x99")) != std::string::npos;) out.replace(p, 3, "'");
  return out;
}

// Synthetic article number k: every 10th (k % 10 == 9) republishes an
// earlier article with light edits, the others are fresh text.
void SyntheticArticle(uint64_t k, std::string* out) {
  if (k % 10 == 9) {
    uint64_t rng = k;
    const uint64_t source = SplitMix(&rng) % k;
    std::string original;
    SyntheticArticle(source, &original);
    *out = LightEdit(original, k);
    return;
  }
  RenderFresh(k, out);
}

// --- Real texts ---

// Up to 500 texts of 400-900 words from reuse-base, spread over the file;
// synthetic articles when the data is absent.
const std::vector<std::string>& SampleTexts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> all;
    const std::string path = std::string(NEWSTRACE_SHARED_DATA) + "/reuse-base/base.jsonl.gz";
    std::ifstream in(path, std::ios::binary);
    if (in) {
      const std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto raw = newstrace::ingest::Gunzip(gz, size_t{1} << 30);
      if (raw.ok()) {
        std::string_view rest = *raw;
        while (!rest.empty()) {
          const size_t nl = std::min(rest.find('\n'), rest.size());
          const auto j = nlohmann::json::parse(rest.substr(0, nl), nullptr, false);
          rest.remove_prefix(std::min(nl + 1, rest.size()));
          if (j.is_discarded() || !j.contains("paras")) continue;
          const int words = j.value("words", 0);
          if (words < 400 || words > 900) continue;
          std::string t;
          for (const auto& p : j["paras"]) {
            if (!t.empty()) t += "\n\n";
            t += p.get<std::string>();
          }
          all.push_back(std::move(t));
        }
      }
    }
    std::vector<std::string> picked;
    if (all.empty()) {
      std::fprintf(stderr, "reuse_bench: %s absent, using synthetic texts\n", path.c_str());
      for (uint64_t k = 0; k < 500; ++k) {
        picked.emplace_back();
        RenderFresh(k, &picked.back());
      }
      return picked;
    }
    const size_t n = std::min<size_t>(all.size(), 500);
    for (size_t i = 0; i < n; ++i) picked.push_back(std::move(all[i * all.size() / n]));
    return picked;
  }();
  return texts;
}

std::vector<std::string> SyntheticTexts(size_t n) {
  std::vector<std::string> texts(n);
  for (size_t k = 0; k < n; ++k) RenderFresh(k, &texts[k]);
  return texts;
}

// arg 0: real texts; arg 1: synthetic texts.
const std::vector<std::string>& TextsFor(int64_t arg) {
  static const std::vector<std::string> synthetic = SyntheticTexts(500);
  return arg == 0 ? SampleTexts() : synthetic;
}

void SetTextLabel(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "real" : "synthetic");
}

// --- Kernels ---

void BM_SplitWords(benchmark::State& state) {
  const auto& texts = TextsFor(state.range(0));
  std::vector<Word> words;
  size_t i = 0, bytes = 0, total_words = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    newstrace::text::SplitWords(t, &words);
    benchmark::DoNotOptimize(words.data());
    bytes += t.size();
    total_words += words.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["words_per_article"] =
      static_cast<double>(total_words) / static_cast<double>(state.iterations());
  SetTextLabel(state);
}
BENCHMARK(BM_SplitWords)->Arg(0)->Arg(1);

// Fingerprints (5-grams, winnowing window 12) of words already split.
void BM_Fingerprint(benchmark::State& state) {
  const auto& texts = TextsFor(state.range(0));
  std::vector<std::vector<Word>> words(texts.size());
  for (size_t k = 0; k < texts.size(); ++k) newstrace::text::SplitWords(texts[k], &words[k]);
  const reuse::FingerprintParams params;
  std::vector<uint64_t> scratch;
  std::vector<reuse::Fingerprint> fps;
  size_t i = 0, bytes = 0, total = 0;
  for (auto _ : state) {
    const size_t k = i++ % texts.size();
    reuse::Fingerprints(words[k], params, &scratch, &fps);
    benchmark::DoNotOptimize(fps.data());
    bytes += texts[k].size();
    total += fps.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["fingerprints_per_article"] =
      static_cast<double>(total) / static_cast<double>(state.iterations());
  SetTextLabel(state);
}
BENCHMARK(BM_Fingerprint)->Arg(0)->Arg(1);

// SplitWords + Fingerprints: the per-article work before the index.
void BM_SplitAndFingerprint(benchmark::State& state) {
  const auto& texts = TextsFor(state.range(0));
  const reuse::FingerprintParams params;
  std::vector<Word> words;
  std::vector<uint64_t> scratch;
  std::vector<reuse::Fingerprint> fps;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    newstrace::text::SplitWords(t, &words);
    reuse::Fingerprints(words, params, &scratch, &fps);
    benchmark::DoNotOptimize(fps.data());
    bytes += t.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  SetTextLabel(state);
}
BENCHMARK(BM_SplitAndFingerprint)->Arg(0)->Arg(1);

reuse::DocumentFingerprints FingerprintDoc(uint64_t k, std::string_view text,
                                           std::vector<Word>* words,
                                           std::vector<uint64_t>* scratch) {
  newstrace::text::SplitWords(text, words);
  reuse::DocumentFingerprints d;
  d.doc = {static_cast<int64_t>(k) + 1, static_cast<uint32_t>(k % kSites),
           static_cast<uint32_t>(words->size())};
  reuse::Fingerprints(*words, reuse::FingerprintParams{}, scratch, &d.fingerprints);
  return d;
}

// Index memory: postings (8-byte hash + 4-byte document) and the document table.
double IndexBytes(const reuse::ReuseIndex& index) {
  return static_cast<double>(index.postings()) * 12.0 +
         static_cast<double>(index.documents()) * sizeof(reuse::IndexedDocument);
}

struct BuildTimes {
  double generate = 0, fingerprint = 0, add = 0, last_add = 0;
};

// Adds synthetic articles [0, n) to `index`, `batch` articles per Add.
void BuildIndex(size_t n, size_t batch, reuse::ReuseIndex* index, BuildTimes* times,
                benchmark::State* state = nullptr) {
  for (int s = 0; s < kSites; ++s) index->SiteId("site" + std::to_string(s));
  std::vector<std::string> texts(batch);
  std::vector<Word> words;
  std::vector<uint64_t> scratch;
  for (size_t first = 0; first < n; first += batch) {
    const size_t count = std::min(batch, n - first);
    if (state) state->PauseTiming();
    const auto t0 = Clock::now();
    for (size_t i = 0; i < count; ++i) SyntheticArticle(first + i, &texts[i]);
    const auto t1 = Clock::now();
    if (state) state->ResumeTiming();
    std::vector<reuse::DocumentFingerprints> docs;
    docs.reserve(count);
    for (size_t i = 0; i < count; ++i)
      docs.push_back(FingerprintDoc(first + i, texts[i], &words, &scratch));
    const auto t2 = Clock::now();
    index->Add(std::move(docs));
    const auto t3 = Clock::now();
    times->generate += Seconds(t1 - t0);
    times->fingerprint += Seconds(t2 - t1);
    times->last_add = Seconds(t3 - t2);
    times->add += times->last_add;
  }
}

// Fingerprint + Add of N synthetic articles into an empty index, single
// thread (text generation is not timed). Second argument: articles per Add
// (4096 = provenance/trace.cc's batch).
void BM_IndexAdd(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const auto batch = static_cast<size_t>(state.range(1));
  BuildTimes times;
  double postings = 0, bytes = 0;
  for (auto _ : state) {
    reuse::ReuseIndex index;
    BuildIndex(n, batch, &index, &times, &state);
    postings = static_cast<double>(index.postings());
    bytes = IndexBytes(index);
  }
  const double iters = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["postings"] = postings;
  state.counters["postings_per_article"] = postings / static_cast<double>(n);
  state.counters["index_bytes_per_article"] = bytes / static_cast<double>(n);
  state.counters["fingerprint_s"] = times.fingerprint / iters;
  state.counters["add_s"] = times.add / iters;
  state.counters["last_batch_add_ms"] = times.last_add * 1e3;
  state.counters["peak_rss_mb"] = PeakRssMb();
}
BENCHMARK(BM_IndexAdd)
    ->Args({10000, kBatch})
    ->Args({100000, kBatch})
    ->Args({200000, kBatch})
    ->Args({100000, 65536})
    ->Args({200000, 65536})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// --- The big index and queries against it ---

size_t IndexDocs() {
  const char* env = std::getenv("NEWSTRACE_BENCH_INDEX_DOCS");
  return env != nullptr ? static_cast<size_t>(std::strtoull(env, nullptr, 10)) : 1000000;
}

// Articles per Add while building the big index: with trace's 4096 the
// merges alone would take many minutes at 1M (see BM_IndexAdd).
constexpr size_t kFixtureBatch = size_t{1} << 17;

struct BigIndex {
  reuse::ReuseIndex index;
  BuildTimes times;
  double templates_s = 0;
  double rss_before_mb = 0, rss_after_mb = 0;
};

const BigIndex& Big() {
  static const std::unique_ptr<BigIndex> big = [] {
    auto b = std::make_unique<BigIndex>();
    const size_t n = IndexDocs();
    b->rss_before_mb = PeakRssMb();
    std::fprintf(stderr, "reuse_bench: building a %zu-article index...\n", n);
    BuildIndex(n, kFixtureBatch, &b->index, &b->times);
    const auto t0 = Clock::now();
    b->index.ComputeTemplates(reuse::CandidateParams{});
    b->templates_s = Seconds(Clock::now() - t0);
    b->rss_after_mb = PeakRssMb();
    std::fprintf(stderr,
                 "reuse_bench: %zu articles, %zu postings; generate %.1f s, fingerprint %.1f s, "
                 "add %.1f s (last batch %.0f ms), templates %.1f s; peak RSS %.0f MiB\n",
                 b->index.documents(), b->index.postings(), b->times.generate, b->times.fingerprint,
                 b->times.add, b->times.last_add * 1e3, b->templates_s, b->rss_after_mb);
    return b;
  }();
  return *big;
}

// 1,000 new articles: even ones republish a random indexed article with
// light edits (the source should rank first), odd ones are fresh text.
struct QueryArticle {
  std::string text;
  int64_t source = -1;  // local number of the republished article, or -1
};

const std::vector<QueryArticle>& Queries(size_t indexed) {
  static const std::vector<QueryArticle> queries = [indexed] {
    std::vector<QueryArticle> q(1000);
    uint64_t rng = 42;
    std::string original;
    for (size_t i = 0; i < q.size(); ++i) {
      if (i % 2 == 0) {
        q[i].source = static_cast<int64_t>(SplitMix(&rng) % indexed);
        SyntheticArticle(static_cast<uint64_t>(q[i].source), &original);
        q[i].text = LightEdit(original, 1000000007ULL + i);
      } else {
        RenderFresh(uint64_t{1} << 40 | i, &q[i].text);
      }
    }
    return q;
  }();
  return queries;
}

constexpr uint32_t kQuerySite = kSites + 1;  // a site with no indexed articles

void AddBuildCounters(benchmark::State& state, const BigIndex& big) {
  const double n = static_cast<double>(big.index.documents());
  state.counters["index_articles"] = n;
  state.counters["postings_per_article"] = static_cast<double>(big.index.postings()) / n;
  state.counters["index_bytes_per_article"] = IndexBytes(big.index) / n;
  state.counters["build_fingerprint_s"] = big.times.fingerprint;
  state.counters["build_add_s"] = big.times.add;
  state.counters["build_templates_s"] = big.templates_s;
  state.counters["peak_rss_mb"] = PeakRssMb();
}

// Fingerprint + Query of one new article against the big index.
void BM_Query(benchmark::State& state) {
  const BigIndex& big = Big();
  const auto& queries = Queries(big.index.documents());
  const reuse::CandidateParams params;
  std::vector<Word> words;
  std::vector<uint64_t> scratch;
  std::vector<reuse::Fingerprint> fps;
  size_t i = 0;
  for (auto _ : state) {
    const QueryArticle& q = queries[i++ % queries.size()];
    newstrace::text::SplitWords(q.text, &words);
    reuse::Fingerprints(words, reuse::FingerprintParams{}, &scratch, &fps);
    auto hits = big.index.Query(fps, kQuerySite, params);
    benchmark::DoNotOptimize(hits.data());
  }
  state.SetItemsProcessed(state.iterations());
  AddBuildCounters(state, big);
}
BENCHMARK(BM_Query)->Unit(benchmark::kMicrosecond);

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[k];
}

// Latency of matching each of the 1,000 new articles: fingerprint + Query,
// then SplitWords + AlignTexts against the top 5 candidates (their texts are
// regenerated outside the timed part, standing in for a store read).
void BM_QueryLatency(benchmark::State& state) {
  const BigIndex& big = Big();
  const auto& queries = Queries(big.index.documents());
  const reuse::CandidateParams params;
  std::vector<Word> words, cand_words;
  std::vector<uint64_t> scratch;
  std::vector<reuse::Fingerprint> fps;
  std::vector<double> query_ms, total_ms, query_cpu_ms, total_cpu_ms;
  std::string cand_text[5];
  size_t found = 0, republished = 0, false_candidates = 0, aligned = 0;
  for (auto _ : state) {
    query_ms.clear();
    total_ms.clear();
    query_cpu_ms.clear();
    total_cpu_ms.clear();
    for (const QueryArticle& q : queries) {
      const double c0 = ThreadCpuMs();
      const auto t0 = Clock::now();
      newstrace::text::SplitWords(q.text, &words);
      reuse::Fingerprints(words, reuse::FingerprintParams{}, &scratch, &fps);
      const auto hits = big.index.Query(fps, kQuerySite, params);
      const auto t1 = Clock::now();
      const double c1 = ThreadCpuMs();
      const size_t top = std::min<size_t>(hits.size(), 5);
      for (size_t c = 0; c < top; ++c) SyntheticArticle(hits[c].first, &cand_text[c]);
      const double c2 = ThreadCpuMs();
      const auto t2 = Clock::now();
      for (size_t c = 0; c < top; ++c) {
        newstrace::text::SplitWords(cand_text[c], &cand_words);
        const auto passages = reuse::AlignTexts(q.text, words, cand_text[c], cand_words);
        aligned += !passages.empty();
        benchmark::DoNotOptimize(passages.data());
      }
      const auto t3 = Clock::now();
      const double c3 = ThreadCpuMs();
      query_cpu_ms.push_back(c1 - c0);
      total_cpu_ms.push_back((c1 - c0) + (c3 - c2));
      query_ms.push_back(Seconds(t1 - t0) * 1e3);
      total_ms.push_back(Seconds((t1 - t0) + (t3 - t2)) * 1e3);
      if (q.source >= 0) {
        ++republished;
        found += !hits.empty() && hits[0].first == static_cast<uint32_t>(q.source);
      } else {
        false_candidates += hits.size();
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(queries.size()));
  state.counters["query_p50_ms"] = Percentile(query_ms, 0.50);
  state.counters["query_p99_ms"] = Percentile(query_ms, 0.99);
  state.counters["with_align_p50_ms"] = Percentile(total_ms, 0.50);
  state.counters["with_align_p99_ms"] = Percentile(total_ms, 0.99);
  state.counters["with_align_max_ms"] = Percentile(total_ms, 1.0);
  state.counters["cpu_query_p99_ms"] = Percentile(query_cpu_ms, 0.99);
  state.counters["cpu_with_align_p50_ms"] = Percentile(total_cpu_ms, 0.50);
  state.counters["cpu_with_align_p99_ms"] = Percentile(total_cpu_ms, 0.99);
  state.counters["cpu_with_align_max_ms"] = Percentile(total_cpu_ms, 1.0);
  state.counters["source_ranked_first"] =
      static_cast<double>(found) / static_cast<double>(std::max<size_t>(republished, 1));
  state.counters["candidates_per_fresh"] =
      static_cast<double>(false_candidates) /
      static_cast<double>(std::max<size_t>(state.iterations() * queries.size() - republished, 1));
  state.counters["aligned_pairs"] = static_cast<double>(aligned);
  AddBuildCounters(state, big);
}
BENCHMARK(BM_QueryLatency)->Unit(benchmark::kMillisecond)->Iterations(1);

// CandidatePairs for the last batch of the big index (an incremental trace
// run adding kBatch articles) — the candidate search of `trace`.
void BM_CandidatePairsLastBatch(benchmark::State& state) {
  const BigIndex& big = Big();
  const auto n = static_cast<uint32_t>(big.index.documents());
  const uint32_t first_new = n > kBatch ? n - static_cast<uint32_t>(kBatch) : 0;
  size_t pairs = 0;
  for (auto _ : state) {
    const auto p = big.index.CandidatePairs(first_new, reuse::CandidateParams{});
    pairs = p.size();
    benchmark::DoNotOptimize(p.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["new_articles"] = static_cast<double>(n - first_new);
}
BENCHMARK(BM_CandidatePairsLastBatch)->Unit(benchmark::kMillisecond)->Iterations(3);

// CandidatePairs over the whole big index (the first trace of a corpus, or
// a rebuild): every pair sharing >= 2 usable fingerprints.
void BM_CandidatePairsAll(benchmark::State& state) {
  const BigIndex& big = Big();
  size_t pairs = 0;
  for (auto _ : state) {
    const auto p = big.index.CandidatePairs(0, reuse::CandidateParams{});
    pairs = p.size();
    benchmark::DoNotOptimize(p.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["republications_in_index"] = static_cast<double>(big.index.documents() / 10);
  state.counters["peak_rss_mb"] = PeakRssMb();
}
BENCHMARK(BM_CandidatePairsAll)->Unit(benchmark::kMillisecond)->Iterations(1);

// --- Alignment of one pair ---

struct Pair {
  std::string a, b;
  std::vector<Word> aw, bw;
};

std::vector<Word> WordsOf(std::string_view text) {
  std::vector<Word> w;
  newstrace::text::SplitWords(text, &w);
  return w;
}

// [0]: the sample text nearest 600 words and its light-edit republication;
// [1]: that text and the next nearest 600 words (unrelated).
const std::vector<Pair>& AlignmentPairs() {
  static const std::vector<Pair> pairs = [] {
    const auto& texts = SampleTexts();
    std::vector<std::pair<size_t, size_t>> by_distance;
    for (size_t i = 0; i < texts.size(); ++i) {
      const size_t n = WordsOf(texts[i]).size();
      by_distance.emplace_back(n > 600 ? n - 600 : 600 - n, i);
    }
    std::sort(by_distance.begin(), by_distance.end());
    const std::string& base = texts[by_distance[0].second];
    const std::string& other = texts[by_distance[1].second];
    std::vector<Pair> p(2);
    p[0].a = base;
    p[0].b = LightEdit(base, 7);
    p[1].a = base;
    p[1].b = other;
    for (Pair& x : p) {
      x.aw = WordsOf(x.a);
      x.bw = WordsOf(x.b);
    }
    return p;
  }();
  return pairs;
}

void SetPairLabel(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "republication" : "unrelated");
}

// AlignTexts on words already split.
void BM_AlignPair(benchmark::State& state) {
  const Pair& p = AlignmentPairs()[static_cast<size_t>(state.range(0))];
  size_t passages = 0, matched = 0;
  for (auto _ : state) {
    const auto out = reuse::AlignTexts(p.a, p.aw, p.b, p.bw);
    passages = out.size();
    matched = 0;
    for (const auto& x : out) matched += x.matched_words;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["words_a"] = static_cast<double>(p.aw.size());
  state.counters["words_b"] = static_cast<double>(p.bw.size());
  state.counters["passages"] = static_cast<double>(passages);
  state.counters["matched_words"] = static_cast<double>(matched);
  SetPairLabel(state);
}
BENCHMARK(BM_AlignPair)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// RelatePair (trace's per-pair work: words, alignment, fingerprints for
// template checks, coverage, origin, credit) without an index.
void BM_RelatePair(benchmark::State& state) {
  const Pair& p = AlignmentPairs()[static_cast<size_t>(state.range(0))];
  newstrace::Article a, b;
  a.site = "origin.example.com";
  a.url = "https://origin.example.com/story";
  a.title = "A story";
  a.published = "2024-05-01T08:00:00Z";
  a.text = p.a;
  b.site = "copy.example.com";
  b.url = "https://copy.example.com/story";
  b.title = "A story";
  b.published = "2024-05-01T12:00:00Z";
  b.text = p.b;
  const newstrace::provenance::TraceOptions options;
  size_t related = 0;
  for (auto _ : state) {
    const auto r = newstrace::provenance::RelatePair(1, a, 2, b, {}, options);
    related += r.has_value();
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["related"] =
      static_cast<double>(related) / static_cast<double>(state.iterations());
  SetPairLabel(state);
}
BENCHMARK(BM_RelatePair)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
