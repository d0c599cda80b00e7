// Local alignment of two texts into passages of shared text.
//
// Seeds are word 3-grams that occur in both texts (case, punctuation, quote
// style and white space do not matter: text/words.h). Consecutive seeds on
// one diagonal form runs; runs are chained into passages across small edits
// (a changed or misspelt word, changed punctuation, a merged or split
// paragraph) and across a dropped or inserted sentence on one side. Only long
// runs (anchors) start or join chains; short runs (a common three-word phrase)
// may only fill a chain's gaps or extend its ends by a few words, so a stray
// phrase can neither start a passage nor bend one onto another diagonal. A
// chain becomes a passage when it matches enough words densely enough.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "text/words.h"

namespace newstrace::reuse {

struct AlignParams {
  int seed_words = 3;        // words per seed n-gram
  int max_seed_repeats = 4;  // seeds more frequent than this in either text are ignored
  int max_gap = 40;          // words skipped on the side with the larger gap
  int max_small_gap = 10;    // ... while the other side skips at most this many
  int min_anchor_words = 6;  // runs at least this long anchor chains; shorter ones only fill in
  int min_words = 15;        // matched words for a passage
  double min_density = 0.5;  // matched words / words spanned on the longer side
};

struct AlignedPassage {
  PassagePair span;           // byte offsets into a and b
  uint32_t a_word_begin = 0;  // [a_word_begin, a_word_end) word indices in a
  uint32_t a_word_end = 0;
  uint32_t b_word_begin = 0;
  uint32_t b_word_end = 0;
  uint32_t matched_words = 0;  // words inside matching seeds
};

// Aligns `a` and `b` (their words from text::SplitWords). Passages are
// returned in order of a_begin; they do not overlap on a. Byte spans start at
// the first matched word and end after the last, extended over adjacent
// punctuation (closing quotes, full stops) and opening quotes.
std::vector<AlignedPassage> AlignTexts(std::string_view a, std::span<const text::Word> a_words,
                                       std::string_view b, std::span<const text::Word> b_words,
                                       const AlignParams& params = {});

}  // namespace newstrace::reuse
