// Word-level matching of a quotation against a text (issue 6): where a quote
// appears in an article despite changed punctuation, a few changed words or
// truncation, and how two wordings differ.
//
// Words and their equality come from text/words.h: case, punctuation, quote
// style and white space do not matter. Offsets are byte offsets into the
// text given, half-open [begin, end).
//
// Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newstrace::provenance {

struct QuoteMatchParams {
  // A match covering at least this fraction of the quote's words is accepted
  // (when its words are also dense: at least min_spread of the words spanned).
  double min_coverage = 0.7;
  double min_spread = 0.6;
  // A truncated match (part of the quote, or the quote cut short) is accepted
  // when it is dense (min_density of the words spanned on the longer side
  // match) and has min_truncated_words matched words or covers
  // min_truncated_coverage of the quote.
  double min_density = 0.8;
  uint32_t min_truncated_words = 8;
  double min_truncated_coverage = 0.6;
  // Quotes shorter than this must appear word for word.
  uint32_t min_fuzzy_words = 4;
  // Longer quotes are matched on their first max_quote_words words.
  uint32_t max_quote_words = 400;
};

// The best place of a quote in a text.
struct QuoteAlignment {
  uint32_t begin = 0;  // [begin, end): bytes of the text, first to last word of the span
  uint32_t end = 0;
  uint32_t quote_words = 0;       // words in the quote (at most max_quote_words)
  uint32_t matched_words = 0;     // quote words found, equal and in order
  uint32_t quote_word_begin = 0;  // [quote_word_begin, quote_word_end): the quote's
  uint32_t quote_word_end = 0;    //   words the span stands for
  uint32_t text_words = 0;        // words in the span
  bool accepted = false;          // by QuoteMatchParams (see above)
  bool exact = false;             // all of the quote's words, in order, nothing between
};

// Finds the span of `text` that best matches `quote`: a local word
// alignment (match +2, changed, missing or extra word -1) around the text's
// densest run of the quote's words (the three best bands of alignment
// diagonals are tried). When the alignment leaves at most two of the quote's
// words unmatched at an end, the span is extended over as many text words
// there (within the paragraph), so that a changed first or last word shows
// in the span. nullopt when the two share no word. Cost: linear in the text
// plus O(quote words^2) per band tried.
std::optional<QuoteAlignment> AlignQuote(std::string_view quote, std::string_view text,
                                         const QuoteMatchParams& params = {});

// The words of `to` against those of `from`: common words once (as spelt in
// `to`), words only in `from` as "[-w1 w2-]", words only in `to` as
// "{+w1 w2+}" (removed before added at each change); tokens separated by one
// space. Same words give `to`'s words with no markers. Longest common
// subsequence over at most 1,000 words of each side (the rest is compared
// as removed/added).
std::string WordDiff(std::string_view from, std::string_view to);

// Whether `a` and `b` have the same words in the same order.
bool SameWords(std::string_view a, std::string_view b);

// A 64-bit key of the words of `text` (same words, same key): for grouping
// wordings.
uint64_t WordingKey(std::string_view text);

}  // namespace newstrace::provenance
