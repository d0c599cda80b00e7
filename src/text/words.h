// Words of a text with byte offsets, normalised for matching (reuse/).
//
// A word is a maximal run of letters, digits and marks. Everything else
// separates words: ASCII punctuation, white space, NBSP and the Unicode
// spaces, dashes, quotation marks, apostrophes (so "Iran's" and "Iran’s" give
// the same words), ellipses and symbols. Matching is case-insensitive for
// ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other scripts match
// byte for byte. Invalid UTF-8 bytes are word characters of their own.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace newstrace::text {

struct Word {
  uint32_t begin = 0;  // [begin, end): bytes of the word in the text
  uint32_t end = 0;
  uint64_t hash = 0;  // of the normalised (case-folded) word
};

// Appends the words of `text` to `words` (cleared first). Texts above 4 GiB
// are not supported (offsets are 32-bit). No allocation besides `words`.
void SplitWords(std::string_view text, std::vector<Word>* words);

}  // namespace newstrace::text
