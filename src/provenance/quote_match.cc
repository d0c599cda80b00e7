#include "provenance/quote_match.h"

#include <xxhash.h>

#include <algorithm>
#include <span>
#include <vector>

#include "text/words.h"

namespace newstrace::provenance {
namespace {

using text::Word;

constexpr int kMatch = 2;
constexpr int kMismatch = -1;
constexpr int kGap = -1;
constexpr size_t kBands = 3;
constexpr uint32_t kMaxEndExtension = 2;
constexpr size_t kMaxDiffWords = 1000;

enum : uint8_t { kStop = 0, kDiag = 1, kUp = 2, kLeft = 3 };

// A local alignment of quote words q against text words t (indices into the
// spans given).
struct Local {
  int score = 0;
  uint32_t q_begin = 0, q_end = 0;
  uint32_t t_begin = 0, t_end = 0;
  uint32_t matched = 0;
};

// Smith-Waterman over words: O(|q| * |t|) time and memory.
Local LocalAlign(std::span<const Word> q, std::span<const Word> t) {
  const size_t m = q.size(), n = t.size();
  const size_t width = n + 1;
  std::vector<int32_t> score((m + 1) * width, 0);
  std::vector<uint8_t> dir((m + 1) * width, kStop);
  Local best;
  size_t best_i = 0, best_j = 0;
  for (size_t i = 1; i <= m; ++i) {
    for (size_t j = 1; j <= n; ++j) {
      const bool eq = q[i - 1].hash == t[j - 1].hash;
      const int diag = score[(i - 1) * width + j - 1] + (eq ? kMatch : kMismatch);
      const int up = score[(i - 1) * width + j] + kGap;
      const int left = score[i * width + j - 1] + kGap;
      int v = 0;
      uint8_t d = kStop;
      if (diag > v) v = diag, d = kDiag;
      if (up > v) v = up, d = kUp;
      if (left > v) v = left, d = kLeft;
      score[i * width + j] = v;
      dir[i * width + j] = d;
      if (v > best.score) {
        best.score = v;
        best_i = i;
        best_j = j;
      }
    }
  }
  if (best.score == 0) return best;
  size_t i = best_i, j = best_j;
  uint32_t matched = 0;
  while (i > 0 && j > 0 && dir[i * width + j] != kStop) {
    const uint8_t d = dir[i * width + j];
    if (d == kDiag) {
      if (q[i - 1].hash == t[j - 1].hash) ++matched;
      --i;
      --j;
    } else if (d == kUp) {
      --i;
    } else {
      --j;
    }
  }
  best.q_begin = static_cast<uint32_t>(i);
  best.q_end = static_cast<uint32_t>(best_i);
  best.t_begin = static_cast<uint32_t>(j);
  best.t_end = static_cast<uint32_t>(best_j);
  best.matched = matched;
  return best;
}

// Text word windows worth aligning: around the bands of diagonals (text
// index - quote index) with the most shared words, best first.
std::vector<std::pair<size_t, size_t>> CandidateWindows(std::span<const Word> q,
                                                        std::span<const Word> t) {
  const size_t m = q.size();
  // Quote word hashes, sorted, with their positions: a binary search per
  // text word (the quote is short), no allocation per word.
  std::vector<std::pair<uint64_t, uint32_t>> index;
  index.reserve(m);
  for (size_t j = 0; j < m; ++j) index.push_back({q[j].hash, static_cast<uint32_t>(j)});
  std::sort(index.begin(), index.end());
  std::vector<int64_t> diagonals;
  for (size_t i = 0; i < t.size(); ++i) {
    auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(t[i].hash, uint32_t{0}));
    for (; it != index.end() && it->first == t[i].hash; ++it) {
      diagonals.push_back(static_cast<int64_t>(i) - it->second);
    }
  }
  std::vector<std::pair<size_t, size_t>> windows;
  if (diagonals.empty()) return windows;
  std::sort(diagonals.begin(), diagonals.end());
  const int64_t band = std::max<int64_t>(4, static_cast<int64_t>(m) / 4);
  // For each start, how many diagonals fall in [d, d + band].
  std::vector<std::pair<size_t, int64_t>> counts;  // (count, start diagonal)
  counts.reserve(diagonals.size());
  size_t hi = 0;
  for (size_t lo = 0; lo < diagonals.size(); ++lo) {
    if (lo > 0 && diagonals[lo] == diagonals[lo - 1]) continue;
    hi = std::max(hi, lo);
    while (hi < diagonals.size() && diagonals[hi] <= diagonals[lo] + band) ++hi;
    counts.push_back({hi - lo, diagonals[lo]});
  }
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<int64_t> chosen;
  const int64_t slack = static_cast<int64_t>(m) / 2 + 2;
  for (const auto& [count, start] : counts) {
    if (chosen.size() == kBands) break;
    bool near = false;
    for (int64_t c : chosen) near = near || std::abs(c - start) <= static_cast<int64_t>(m);
    if (near) continue;
    chosen.push_back(start);
    const int64_t from = std::max<int64_t>(0, start - slack);
    const int64_t to = std::min<int64_t>(static_cast<int64_t>(t.size()),
                                         start + band + static_cast<int64_t>(m) + slack);
    if (from < to) windows.push_back({static_cast<size_t>(from), static_cast<size_t>(to)});
  }
  return windows;
}

bool NoParagraphBreak(std::string_view text, uint32_t from, uint32_t to) {
  return text.substr(from, to - from).find('\n') == std::string_view::npos;
}

void Accept(QuoteAlignment& a, const QuoteMatchParams& params) {
  const double m = a.quote_words;
  const double matched = a.matched_words;
  const uint32_t quote_span = a.quote_word_end - a.quote_word_begin;
  const double longer = std::max(quote_span, a.text_words);
  a.exact = a.matched_words == a.quote_words && a.text_words == a.quote_words;
  if (a.quote_words < params.min_fuzzy_words) {
    a.accepted = a.exact;
    return;
  }
  const double coverage = matched / m;
  const double density = longer > 0 ? matched / longer : 0;
  a.accepted = (coverage >= params.min_coverage && density >= params.min_spread) ||
               (density >= params.min_density && (a.matched_words >= params.min_truncated_words ||
                                                  coverage >= params.min_truncated_coverage));
}

}  // namespace

std::optional<QuoteAlignment> AlignQuote(std::string_view quote, std::string_view text,
                                         const QuoteMatchParams& params) {
  std::vector<Word> q, t;
  text::SplitWords(quote, &q);
  if (q.size() > params.max_quote_words) q.resize(params.max_quote_words);
  if (q.empty()) return std::nullopt;
  text::SplitWords(text, &t);
  std::optional<QuoteAlignment> best;
  for (const auto& [from, to] : CandidateWindows(q, t)) {
    Local local = LocalAlign(q, std::span<const Word>(t).subspan(from, to - from));
    if (local.score == 0) continue;
    QuoteAlignment a;
    a.quote_words = static_cast<uint32_t>(q.size());
    a.matched_words = local.matched;
    a.quote_word_begin = local.q_begin;
    a.quote_word_end = local.q_end;
    size_t t_begin = from + local.t_begin, t_end = from + local.t_end;
    // A changed first or last word: take the text's word(s) there too.
    const uint32_t missing_front = local.q_begin;
    const uint32_t missing_back = a.quote_words - local.q_end;
    if (missing_front > 0 && missing_front <= kMaxEndExtension && t_begin >= missing_front &&
        NoParagraphBreak(text, t[t_begin - missing_front].begin, t[t_begin].begin)) {
      t_begin -= missing_front;
      a.quote_word_begin = 0;
    }
    if (missing_back > 0 && missing_back <= kMaxEndExtension && t_end + missing_back <= t.size() &&
        NoParagraphBreak(text, t[t_end - 1].end, t[t_end + missing_back - 1].end)) {
      t_end += missing_back;
      a.quote_word_end = a.quote_words;
    }
    a.text_words = static_cast<uint32_t>(t_end - t_begin);
    a.begin = t[t_begin].begin;
    a.end = t[t_end - 1].end;
    Accept(a, params);
    if (!best || a.matched_words > best->matched_words ||
        (a.matched_words == best->matched_words && a.text_words < best->text_words)) {
      best = a;
    }
  }
  return best;
}

std::string WordDiff(std::string_view from, std::string_view to) {
  std::vector<Word> a, b;
  text::SplitWords(from, &a);
  text::SplitWords(to, &b);
  const size_t m = std::min(a.size(), kMaxDiffWords), n = std::min(b.size(), kMaxDiffWords);
  // lcs[i][j]: common subsequence length of a[i..m) and b[j..n).
  const size_t width = n + 1;
  std::vector<uint32_t> lcs((m + 1) * width, 0);
  for (size_t i = m; i-- > 0;) {
    for (size_t j = n; j-- > 0;) {
      lcs[i * width + j] = a[i].hash == b[j].hash
                               ? lcs[(i + 1) * width + j + 1] + 1
                               : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  std::string out, removed, added;
  auto word = [](std::string_view s, const Word& w) { return s.substr(w.begin, w.end - w.begin); };
  auto append = [](std::string& s, std::string_view piece) {
    if (!s.empty()) s += ' ';
    s += piece;
  };
  auto flush = [&] {
    if (!removed.empty()) append(out, "[-" + removed + "-]");
    if (!added.empty()) append(out, "{+" + added + "+}");
    removed.clear();
    added.clear();
  };
  size_t i = 0, j = 0;
  while (i < m && j < n) {
    if (a[i].hash == b[j].hash) {
      flush();
      append(out, word(to, b[j]));
      ++i;
      ++j;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      append(removed, word(from, a[i++]));
    } else {
      append(added, word(to, b[j++]));
    }
  }
  for (; i < a.size(); ++i) append(removed, word(from, a[i]));
  for (; j < b.size(); ++j) append(added, word(to, b[j]));
  flush();
  return out;
}

bool SameWords(std::string_view a, std::string_view b) {
  std::vector<Word> x, y;
  text::SplitWords(a, &x);
  text::SplitWords(b, &y);
  return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                    [](const Word& l, const Word& r) { return l.hash == r.hash; });
}

uint64_t WordingKey(std::string_view text) {
  std::vector<Word> words;
  text::SplitWords(text, &words);
  std::vector<uint64_t> hashes;
  hashes.reserve(words.size());
  for (const Word& w : words) hashes.push_back(w.hash);
  return XXH3_64bits(hashes.data(), hashes.size() * sizeof(uint64_t));
}

}  // namespace newstrace::provenance
