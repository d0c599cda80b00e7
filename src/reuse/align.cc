#include "reuse/align.h"

#include <algorithm>
#include <cstdlib>

#include "reuse/fingerprint.h"

namespace newstrace::reuse {
namespace {

struct Seed {
  uint64_t hash;
  uint32_t pos;
};

// A run of consecutive seeds on one diagonal: words [a0, a1) and [b0, b1).
struct Run {
  int64_t a0, a1, b0, b1;
};

struct Chain {
  int64_t a0, a1, b0, b1;
  int64_t matched;
};

// Seeds of a text sorted by hash, dropping hashes repeated more than `max` times.
std::vector<Seed> SortedSeeds(std::span<const uint64_t> hashes, int max) {
  std::vector<Seed> seeds(hashes.size());
  for (size_t i = 0; i < hashes.size(); ++i) seeds[i] = {hashes[i], static_cast<uint32_t>(i)};
  std::sort(seeds.begin(), seeds.end(), [](const Seed& x, const Seed& y) {
    return x.hash != y.hash ? x.hash < y.hash : x.pos < y.pos;
  });
  std::vector<Seed> kept;
  kept.reserve(seeds.size());
  for (size_t i = 0; i < seeds.size();) {
    size_t j = i;
    while (j < seeds.size() && seeds[j].hash == seeds[i].hash) ++j;
    if (j - i <= static_cast<size_t>(max))
      kept.insert(kept.end(), seeds.begin() + i, seeds.begin() + j);
    i = j;
  }
  return kept;
}

// Matches (a position, b position) of equal seeds, grouped into diagonal runs.
std::vector<Run> DiagonalRuns(std::span<const uint64_t> a3, std::span<const uint64_t> b3,
                              const AlignParams& params) {
  const std::vector<Seed> as = SortedSeeds(a3, params.max_seed_repeats);
  const std::vector<Seed> bs = SortedSeeds(b3, params.max_seed_repeats);
  struct Match {
    int64_t diag, a;
  };
  std::vector<Match> matches;
  for (size_t i = 0, j = 0; i < as.size() && j < bs.size();) {
    if (as[i].hash < bs[j].hash) {
      ++i;
    } else if (bs[j].hash < as[i].hash) {
      ++j;
    } else {
      size_t i2 = i, j2 = j;
      while (i2 < as.size() && as[i2].hash == as[i].hash) ++i2;
      while (j2 < bs.size() && bs[j2].hash == bs[j].hash) ++j2;
      for (size_t x = i; x < i2; ++x)
        for (size_t y = j; y < j2; ++y)
          matches.push_back({static_cast<int64_t>(bs[y].pos) - as[x].pos, as[x].pos});
      i = i2;
      j = j2;
    }
  }
  std::sort(matches.begin(), matches.end(), [](const Match& x, const Match& y) {
    return x.diag != y.diag ? x.diag < y.diag : x.a < y.a;
  });
  const int64_t k = params.seed_words;
  std::vector<Run> runs;
  for (size_t i = 0; i < matches.size();) {
    size_t j = i + 1;
    while (j < matches.size() && matches[j].diag == matches[i].diag &&
           matches[j].a == matches[j - 1].a + 1)
      ++j;
    const int64_t a0 = matches[i].a, a1 = matches[j - 1].a + k;
    runs.push_back({a0, a1, a0 + matches[i].diag, a1 + matches[i].diag});
    i = j;
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& x, const Run& y) { return x.a0 != y.a0 ? x.a0 < y.a0 : x.b0 < y.b0; });
  return runs;
}

// Greedy chaining: each anchor run (in order of a) joins the open chain it
// continues with the smallest gap, or opens a new chain. Then each short run
// fills a gap of the chain that encloses it, or extends a chain's start or end
// when it touches it within a small gap on both sides.
std::vector<Chain> ChainRuns(const std::vector<Run>& runs, const AlignParams& params) {
  std::vector<Chain> chains;
  constexpr int64_t kOverlap = 2;  // runs may overlap a chain by a word or two (repeats)
  const int64_t anchor = params.min_anchor_words;
  for (const Run& r : runs) {
    if (r.a1 - r.a0 < anchor) continue;
    int best = -1;
    int64_t best_gap = INT64_MAX;
    for (size_t c = 0; c < chains.size(); ++c) {
      const Chain& ch = chains[c];
      const int64_t ga = r.a0 - ch.a1, gb = r.b0 - ch.b1;
      if (ga < -kOverlap || gb < -kOverlap) continue;
      if (r.a1 <= ch.a1 || r.b1 <= ch.b1) continue;  // adds nothing on one side
      const int64_t big = std::max(ga, gb), small = std::min(ga, gb);
      if (big > params.max_gap || small > params.max_small_gap) continue;
      if (big < best_gap) {
        best_gap = big;
        best = static_cast<int>(c);
      }
    }
    if (best < 0) {
      chains.push_back({r.a0, r.a1, r.b0, r.b1, r.a1 - r.a0});
      continue;
    }
    Chain& ch = chains[static_cast<size_t>(best)];
    const int64_t overlap = std::max<int64_t>({0, ch.a1 - r.a0, ch.b1 - r.b0});
    ch.matched += (r.a1 - r.a0) - std::min(overlap, r.a1 - r.a0);
    ch.a1 = r.a1;
    ch.b1 = r.b1;
  }
  const int64_t near = params.max_small_gap;
  for (const Run& r : runs) {
    if (r.a1 - r.a0 >= anchor) continue;
    for (Chain& ch : chains) {
      const bool inside = r.a0 >= ch.a0 && r.a1 <= ch.a1 && r.b0 >= ch.b0 && r.b1 <= ch.b1;
      const bool after = r.a0 >= ch.a1 - kOverlap && r.b0 >= ch.b1 - kOverlap &&
                         r.a0 - ch.a1 <= near && r.b0 - ch.b1 <= near && r.a1 > ch.a1 &&
                         r.b1 > ch.b1;
      const bool before = r.a1 <= ch.a0 + kOverlap && r.b1 <= ch.b0 + kOverlap &&
                          ch.a0 - r.a1 <= near && ch.b0 - r.b1 <= near && r.a0 < ch.a0 &&
                          r.b0 < ch.b0;
      if (!inside && !after && !before) continue;
      const int64_t len = r.a1 - r.a0;
      if (inside) {
        ch.matched = std::min(ch.matched + len, std::max(ch.a1 - ch.a0, ch.b1 - ch.b0));
      } else if (after) {
        ch.matched += std::min(len, r.a1 - ch.a1);
        ch.a1 = r.a1;
        ch.b1 = r.b1;
      } else {
        ch.matched += std::min(len, ch.a0 - r.a0);
        ch.a0 = r.a0;
        ch.b0 = r.b0;
      }
      break;
    }
  }
  return chains;
}

bool IsSpace(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Extends [begin, end) over punctuation touching it (not over spaces or words).
void ExtendOverPunctuation(std::string_view text, std::span<const text::Word> words, uint32_t first,
                           uint32_t last, uint32_t* begin, uint32_t* end) {
  const uint32_t min_begin = first > 0 ? words[first - 1].end : 0;
  const uint32_t max_end =
      last + 1 < words.size() ? words[last + 1].begin : static_cast<uint32_t>(text.size());
  uint32_t b = *begin, e = *end;
  while (b > min_begin && !IsSpace(static_cast<unsigned char>(text[b - 1]))) --b;
  while (e < max_end && !IsSpace(static_cast<unsigned char>(text[e]))) ++e;
  *begin = b;
  *end = e;
}

}  // namespace

std::vector<AlignedPassage> AlignTexts(std::string_view a, std::span<const text::Word> a_words,
                                       std::string_view b, std::span<const text::Word> b_words,
                                       const AlignParams& params) {
  std::vector<AlignedPassage> out;
  std::vector<uint64_t> a3, b3;
  NgramHashes(a_words, params.seed_words, &a3);
  NgramHashes(b_words, params.seed_words, &b3);
  if (a3.empty() || b3.empty()) return out;
  const std::vector<Chain> chains = ChainRuns(DiagonalRuns(a3, b3, params), params);
  for (const Chain& ch : chains) {
    if (ch.matched < params.min_words) continue;
    const int64_t span = std::max(ch.a1 - ch.a0, ch.b1 - ch.b0);
    if (static_cast<double>(ch.matched) < params.min_density * static_cast<double>(span)) continue;
    AlignedPassage p;
    p.a_word_begin = static_cast<uint32_t>(ch.a0);
    p.a_word_end = static_cast<uint32_t>(ch.a1);
    p.b_word_begin = static_cast<uint32_t>(ch.b0);
    p.b_word_end = static_cast<uint32_t>(ch.b1);
    p.matched_words = static_cast<uint32_t>(ch.matched);
    p.span.a_begin = a_words[p.a_word_begin].begin;
    p.span.a_end = a_words[p.a_word_end - 1].end;
    p.span.b_begin = b_words[p.b_word_begin].begin;
    p.span.b_end = b_words[p.b_word_end - 1].end;
    ExtendOverPunctuation(a, a_words, p.a_word_begin, p.a_word_end - 1, &p.span.a_begin,
                          &p.span.a_end);
    ExtendOverPunctuation(b, b_words, p.b_word_begin, p.b_word_end - 1, &p.span.b_begin,
                          &p.span.b_end);
    out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.span.a_begin < y.span.a_begin;
  });
  // Drop passages overlapping an earlier, larger one on a (repeated text in b).
  std::vector<AlignedPassage> kept;
  for (const AlignedPassage& p : out) {
    if (!kept.empty() && p.a_word_begin < kept.back().a_word_end) {
      if (p.matched_words > kept.back().matched_words) kept.back() = p;
      continue;
    }
    kept.push_back(p);
  }
  return kept;
}

}  // namespace newstrace::reuse
