#include "text/words.h"

namespace newstrace::text {
namespace {

// Per-byte hash step (a multiplicative mix; the final mix spreads it).
constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
inline uint64_t Step(uint64_t h, uint32_t c) { return (h ^ c) * kMul; }
inline uint64_t Finish(uint64_t h) {
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return h;
}

bool IsAsciiWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// Decodes one UTF-8 sequence at text[i]; returns its length (1 for an
// invalid byte, whose value is then returned as is, marked by bit 31).
uint32_t Decode(std::string_view text, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  auto cont = [&](size_t k) -> int {
    if (i + k >= text.size()) return -1;
    const auto b = static_cast<unsigned char>(text[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    const int c1 = cont(1);
    if (c1 >= 0) {
      *len = 2;
      return ((b0 & 0x1Fu) << 6) | static_cast<uint32_t>(c1);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1;
    if (c2 >= 0) {
      *len = 3;
      return ((b0 & 0x0Fu) << 12) | (static_cast<uint32_t>(c1) << 6) | static_cast<uint32_t>(c2);
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1, c3 = c2 >= 0 ? cont(3) : -1;
    if (c3 >= 0) {
      *len = 4;
      return ((b0 & 0x07u) << 18) | (static_cast<uint32_t>(c1) << 12) |
             (static_cast<uint32_t>(c2) << 6) | static_cast<uint32_t>(c3);
    }
  }
  *len = 1;
  return 0x80000000u | b0;
}

// Non-ASCII code points that separate words: Latin-1 punctuation and NBSP,
// × ÷, general punctuation (spaces, dashes, quotes, ellipsis), symbols,
// CJK punctuation, BOM, full-width ASCII punctuation.
bool IsSeparator(uint32_t cp) {
  if (cp & 0x80000000u) return false;
  if (cp >= 0xA0 && cp <= 0xBF) return cp != 0xAA && cp != 0xB5 && cp != 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return true;
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;
  if (cp >= 0x3000 && cp <= 0x303F) return true;
  if (cp == 0xFEFF) return true;
  if (cp >= 0xFF01 && cp <= 0xFF0F) return true;
  return false;
}

// Simple case folding for the scripts named in the header.
uint32_t Fold(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A pairs are mostly (even upper, odd lower), except a
    // shifted run 0x139-0x148 and 0x179-0x17E (odd upper, even lower).
    const bool shifted = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (shifted) return (cp & 1) ? cp + 1 : cp;
    return cp | 1;
  }
  if (cp >= 0x391 && cp <= 0x3A9) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

}  // namespace

void SplitWords(std::string_view text, std::vector<Word>* words) {
  words->clear();
  const size_t n = text.size();
  size_t i = 0;
  bool in_word = false;
  Word current;
  uint64_t h = 0;
  auto close = [&](size_t at) {
    if (!in_word) return;
    current.end = static_cast<uint32_t>(at);
    current.hash = Finish(h);
    words->push_back(current);
    in_word = false;
  };
  auto open = [&](size_t at) {
    if (in_word) return;
    in_word = true;
    current.begin = static_cast<uint32_t>(at);
    h = 0x6A09E667F3BCC908ULL;
  };
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiWordByte(c)) {
        open(i);
        h = Step(h, c | ((c >= 'A' && c <= 'Z') ? 0x20 : 0));
      } else {
        close(i);
      }
      ++i;
      continue;
    }
    size_t len = 1;
    const uint32_t cp = Decode(text, i, &len);
    if (IsSeparator(cp)) {
      close(i);
    } else {
      open(i);
      h = Step(h, Fold(cp));
    }
    i += len;
  }
  close(n);
}

}  // namespace newstrace::text
