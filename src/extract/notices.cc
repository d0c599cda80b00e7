// Notices by their wording.
//
// Cost: this runs on every block of every page, so a block first passes a
// one-pass gate (does any trigger stem occur as a word?) and only then is
// split into sentences and matched against the phrase lists below with plain
// substring search on an ASCII-lower-cased copy (byte offsets unchanged).
//
// Precision: each phrase is notice-style wording, not a topic word; a block
// counts only when its first sentence is a notice or at least half of its
// sentences are (so "the copyright lawsuit was filed" or a news paragraph that
// mentions where a book was first published stays text). Sentences without a
// notice wording inside a notice block join the notice before them (or the
// first one after them).
//
// Kinds, by precedence when one sentence has several wordings:
// originally_published > republish_terms > correction > editor_note >
// disclaimer > copyright > share_prompt > author_bio.
// Membership, donation and newsletter appeals ("Become a Member of ...",
// "Support our work", "Subscribe to our newsletter") are calls to action by
// the site, like share buttons, and are reported as share_prompt.
#include "extract/notices.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newstrace::extract {
namespace {

using Mask = uint32_t;
using Mask64 = uint64_t;
constexpr Mask Bit(NoticeKind k) { return Mask{1} << static_cast<int>(k); }

constexpr std::array<NoticeKind, 8> kPrecedence{
    NoticeKind::kOriginallyPublished, NoticeKind::kRepublishTerms, NoticeKind::kCorrection,
    NoticeKind::kEditorNote,          NoticeKind::kDisclaimer,     NoticeKind::kCopyright,
    NoticeKind::kSharePrompt,         NoticeKind::kAuthorBio,
};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsSpaceOrBreak(char c) { return c == ' ' || c == '\n' || c == '\t'; }

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

template <size_t N>
bool ContainsAny(std::string_view hay, const std::array<std::string_view, N>& needles) {
  for (std::string_view n : needles) {
    if (Contains(hay, n)) return true;
  }
  return false;
}

template <size_t N>
size_t FindFirst(std::string_view hay, const std::array<std::string_view, N>& needles,
                 size_t* len) {
  size_t best = std::string_view::npos;
  for (std::string_view n : needles) {
    size_t p = hay.find(n);
    if (p < best) {
      best = p;
      *len = n.size();
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// The gate: word stems that every notice wording contains at least one of.

constexpr std::array<std::string_view, 59> kTriggerStems{
    "publish",   "republish",     "appeared",   "reprint",  "repost",     "crosspost",
    "cross",     "syndicat",      "permission", "creative", "reproduc",   "rights",
    "disclaim",  "views",         "opinion",    "reflect",  "responsib",  "endorse",
    "share",     "forward",       "follow",     "subscri",  "newsletter", "like",
    "facebook",  "member",        "donat",      "support",  "copyright",  "fair",
    "author",    "contribut",     "correct",    "update",   "editor",     "ed",
    "note",      "source",        "licen",      "advice",   "sign",       "patreon",
    "clarif",    "earlier",       "journalist", "writer",   "research",   "professor",
    "reporter",  "correspondent", "columnist",  "analyst",  "fellow",     "scholar",
    "historian", "economist",     "lecturer",   "blogger",  "about",
};

// kTriggerStems by their first two letters, as bits: a word is compared only
// with the stems that share its first two letters (most words have none).
static_assert(kTriggerStems.size() <= 64);

constexpr std::array<uint64_t, 26 * 26> MakeStemsByBigram() {
  std::array<uint64_t, 26 * 26> t{};
  for (size_t k = 0; k < kTriggerStems.size(); ++k) {
    std::string_view stem = kTriggerStems[k];
    // Every stem has two letters or more, so a stem that matches at a word
    // start lies inside that word. Not constant otherwise: fails to compile.
    for (char c : stem) {
      if (c < 'a' || c > 'z') throw "stem with a byte other than a-z";
    }
    if (stem.size() < 2) throw "stem shorter than two bytes";
    t[(stem[0] - 'a') * 26 + (stem[1] - 'a')] |= uint64_t{1} << k;
  }
  return t;
}

constexpr std::array<uint64_t, 26 * 26> kStemsByBigram = MakeStemsByBigram();

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

// The high bit of each byte of `x` that is in 'a'..'z'.
uint64_t LowerLetterBits(uint64_t x) {
  uint64_t low7 = x & ~kHigh;
  uint64_t ge_a = low7 + (0x80 - 'a') * kOnes;      // high bit: byte >= 'a'
  uint64_t gt_z = low7 + (0x80 - 'z' - 1) * kOnes;  // high bit: byte > 'z'
  return ge_a & ~gt_z & ~x & kHigh;
}

// Whether `s` holds `word` at `pos`, its first `known` bytes already
// compared. A loop, not memcmp: the words here are a few bytes long, shorter
// than the call.
bool HasAt(std::string_view s, size_t pos, std::string_view word, size_t known) {
  if (pos + word.size() > s.size()) return false;
  for (size_t k = known; k < word.size(); ++k) {
    if (s[pos + k] != word[k]) return false;
  }
  return true;
}

// Does one of `stems` (bits of kTriggerStems, all starting with lower[b]
// and lower[b + 1]) occur at `b`?
bool AnyStemAt(std::string_view lower, size_t b, uint64_t stems) {
  while (stems != 0) {
    std::string_view stem = kTriggerStems[std::countr_zero(stems)];
    stems &= stems - 1;
    if (HasAt(lower, b, stem, 2)) return true;
  }
  return false;
}

// Does a trigger stem start the word (run of a-z) that starts at `b`? The
// first two letters reject most words with one table load.
inline bool StemAt(std::string_view lower, size_t b) {
  if (b + 1 >= lower.size()) return false;
  unsigned second = static_cast<unsigned char>(lower[b + 1]) - 'a';
  if (second >= 26) return false;
  uint64_t stems = kStemsByBigram[(lower[b] - 'a') * 26 + second];
  return stems != 0 && AnyStemAt(lower, b, stems);
}

// Does any word of `lower` (a run of a-z, two or more long) start with a
// trigger stem, or the text hold "©"? Word starts are found eight bytes at a
// time: this runs on every block.
bool PassesGate(std::string_view lower) {
  if (Contains(lower, "\xc2\xa9")) return true;  // ©
  // The letter bits of the previous eight bytes.
  uint64_t prev = 0;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step first, the letters as bits (signed compares: bytes
  // >= 0x80 are negative, below 'a'); then `prev` as the loop below wants it.
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  unsigned letter_before = 0;  // whether the byte before this step is a letter
  for (; i + 16 <= lower.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lower.data() + i));
    const auto letters = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z))));
    unsigned starts = letters & ~((letters << 1) | letter_before) & 0xFFFFu;
    letter_before = letters >> 15;
    for (; starts != 0; starts &= starts - 1) {
      if (StemAt(lower, i + static_cast<size_t>(std::countr_zero(starts)))) return true;
    }
  }
  prev = letter_before != 0 ? kHigh : 0;  // its top byte: whether the last byte is a letter
#endif
  for (; i + 8 <= lower.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, lower.data() + i, 8);
    uint64_t letters = LowerLetterBits(x);
    // A letter whose previous byte is not one (bytes are little-endian in x).
    uint64_t starts = letters & ~((letters << 8) | (prev >> 56));
    prev = letters;
    while (starts != 0) {
      size_t b = i + static_cast<size_t>(std::countr_zero(starts)) / 8;
      starts &= starts - 1;
      if (StemAt(lower, b)) return true;
    }
  }
  bool prev_letter = (prev >> 63) != 0;
  for (; i < lower.size(); ++i) {
    bool letter = lower[i] >= 'a' && lower[i] <= 'z';
    if (letter && !prev_letter && StemAt(lower, i)) return true;
    prev_letter = letter;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Anchors: substrings that each family of wordings below cannot do without.
// One pass over a sentence finds which occur; a family whose anchors are all
// absent cannot match and is skipped (most sentences that pass the gate match
// no family).

constexpr std::array<std::string_view, 40> kAnchors{
    "where",      "publish",     "appeared",   "printed",       "posted",       "permission",
    "produced",   "may",         "creative",   "free",          "reproduction", "rights",
    "correct",    "version",     "regret",     "updated",       "clarif",       "note",
    "disclaimer", "necessarily", "author",     "informational", "constitute",   "expressed",
    "responsib",  "copyright",   "fair",       "share",         "forward",      "cross",
    "follow",     "subscribe",   "sign",       "facebook",      "join",         "become",
    "support",    "donat",       "newsletter", "find"};

constexpr Mask64 AnchorBit(std::string_view anchor) {
  for (size_t i = 0; i < kAnchors.size(); ++i) {
    if (kAnchors[i] == anchor) return Mask64{1} << i;
  }
  // Not constant: an anchor missing from kAnchors fails to compile.
  throw "unknown anchor";
}

constexpr Mask64 kCopyrightSign = Mask64{1} << kAnchors.size();  // "©"

// A phrase list with, for each phrase, the anchors it contains: a phrase can
// occur in a sentence only when all its anchors do, so one whose anchors are
// not all in the sentence's AnchorMask is not searched for.
template <size_t N>
struct Phrases {
  std::array<std::string_view, N> text;
  std::array<Mask64, N> anchors{};
};

template <size_t N>
constexpr Phrases<N> WithAnchors(const std::array<std::string_view, N>& text) {
  Phrases<N> p{text};
  for (size_t i = 0; i < N; ++i) {
    for (size_t k = 0; k < kAnchors.size(); ++k) {
      if (text[i].find(kAnchors[k]) != std::string_view::npos) p.anchors[i] |= Mask64{1} << k;
    }
  }
  return p;
}

// ContainsAny for a sentence whose anchors are `found`.
template <size_t N>
bool ContainsAny(std::string_view hay, Mask64 found, const Phrases<N>& phrases) {
  for (size_t i = 0; i < N; ++i) {
    if ((phrases.anchors[i] & ~found) == 0 && Contains(hay, phrases.text[i])) return true;
  }
  return false;
}

// FindFirst for a sentence whose anchors are `found`.
template <size_t N>
size_t FindFirst(std::string_view hay, Mask64 found, const Phrases<N>& phrases, size_t* len) {
  size_t best = std::string_view::npos;
  for (size_t i = 0; i < N; ++i) {
    if ((phrases.anchors[i] & ~found) != 0) continue;
    size_t p = hay.find(phrases.text[i]);
    if (p < best) {
      best = p;
      *len = phrases.text[i].size();
    }
  }
  return best;
}

template <typename... A>
constexpr Mask64 Anchors(A... anchors) {
  return (AnchorBit(anchors) | ...);
}

constexpr Mask64 kOriginallyPublishedAnchors =
    Anchors("where", "publish", "appeared", "printed", "posted", "permission", "produced");
constexpr Mask64 kRepublishTermsAnchors =
    Anchors("permission", "may", "creative", "publish", "free", "reproduction", "rights");
constexpr Mask64 kCorrectionAnchors = Anchors("correct", "version", "regret", "updated", "clarif");
constexpr Mask64 kEditorNoteAnchors = Anchors("note");
constexpr Mask64 kDisclaimerAnchors = Anchors(
    "disclaimer", "necessarily", "author", "informational", "constitute", "expressed", "responsib");
constexpr Mask64 kCopyrightAnchors = Anchors("copyright", "rights", "fair") | kCopyrightSign;
constexpr Mask64 kSharePromptAnchors =
    Anchors("note", "share", "forward", "cross", "follow", "subscribe", "sign", "facebook", "join",
            "become", "support", "donat", "newsletter", "find");

// Anchors by their first two letters.
struct AnchorTable {
  std::array<Mask64, 26 * 26> by_bigram{};
};

constexpr AnchorTable MakeAnchorTable() {
  AnchorTable t;
  for (size_t i = 0; i < kAnchors.size(); ++i) {
    t.by_bigram[(kAnchors[i][0] - 'a') * 26 + (kAnchors[i][1] - 'a')] |= Mask64{1} << i;
  }
  return t;
}

constexpr AnchorTable kAnchorTable = MakeAnchorTable();

// The anchors occurring in `lower` (ASCII-lower-cased text).
Mask64 AnchorMask(std::string_view lower) {
  // "©" is the one anchor that is not letters.
  Mask64 found = Contains(lower, "\xc2\xa9") ? kCopyrightSign : 0;
  // The anchors that start at `i`, where two letters are.
  const auto anchors_at = [&](size_t i) {
    const unsigned a = static_cast<unsigned char>(lower[i]) - 'a';
    const unsigned b = static_cast<unsigned char>(lower[i + 1]) - 'a';
    for (Mask64 candidates = kAnchorTable.by_bigram[a * 26 + b] & ~found; candidates != 0;
         candidates &= candidates - 1) {
      const int k = std::countr_zero(candidates);
      if (HasAt(lower, i, kAnchors[k], 2)) found |= Mask64{1} << k;
    }
  };
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen positions a step: those where a letter is followed by one, as
  // bits (signed compares: bytes >= 0x80 are negative, below 'a'). The second
  // load reads up to byte i + 16, inside `lower`.
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  const auto letters = [&](const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
  };
  for (; i + 17 <= lower.size(); i += 16) {
    const __m128i pairs = _mm_and_si128(letters(lower.data() + i), letters(lower.data() + i + 1));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(pairs)); m != 0; m &= m - 1) {
      anchors_at(i + static_cast<size_t>(std::countr_zero(m)));
    }
  }
#endif
  for (; i + 1 < lower.size(); ++i) {
    const unsigned a = static_cast<unsigned char>(lower[i]) - 'a';
    const unsigned b = static_cast<unsigned char>(lower[i + 1]) - 'a';
    if (a < 26 && b < 26) anchors_at(i);
  }
  return found;
}

// ---------------------------------------------------------------------------
// Sentences.

struct Span {
  size_t begin;
  size_t end;
};

bool IsAbbreviation(std::string_view text, size_t dot) {
  size_t b = dot;
  while (b > 0 && (IsAlnum(text[b - 1]) || text[b - 1] == '.')) --b;
  std::string_view word = text.substr(b, dot - b);
  if (word.empty()) return false;
  // "U.S.", "e.g.", "i.e.", initials "J." and one-letter words.
  if (word.find('.') != std::string_view::npos) return true;
  if (word.size() == 1 && IsAlnum(word[0])) return true;
  static constexpr std::array<std::string_view, 32> kAbbrev{
      "mr",  "mrs", "ms",   "dr",  "prof", "st",  "jr",     "sr",   "gen", "col", "lt",
      "sgt", "rep", "sen",  "gov", "inc",  "ltd", "co",     "corp", "vs",  "no",  "jan",
      "feb", "aug", "sept", "oct", "nov",  "dec", "approx", "capt", "adm", "hon",
  };
  if (word.size() > 6) return false;  // longer than any abbreviation listed
  char buf[6];
  for (size_t i = 0; i < word.size(); ++i) buf[i] = Lower(word[i]);
  std::string_view lower(buf, word.size());
  for (std::string_view a : kAbbrev) {
    if (lower == a) return true;
  }
  return false;
}

// The first position at or after `from` whose byte may end a sentence
// ('\n', '.', '!' or '?'), or text.size(). SplitSentences looks at those bytes
// only, and they are a few in a hundred: 16 bytes a step.
size_t NextSentenceMark(std::string_view text, size_t from) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.');
  const __m128i bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?');
  for (; text.size() - from >= 16; from += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
    const __m128i marks =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, dot)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, question)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(marks));
    if (mask != 0) return from + static_cast<size_t>(std::countr_zero(mask));
  }
#endif
  for (; from < text.size(); ++from) {
    const char c = text[from];
    if (c == '\n' || c == '.' || c == '!' || c == '?') return from;
  }
  return text.size();
}

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  size_t begin = 0;
  auto push = [&](size_t end) {
    while (begin < end && IsSpaceOrBreak(text[begin])) ++begin;
    size_t e = end;
    while (e > begin && IsSpaceOrBreak(text[e - 1])) --e;
    if (e > begin) out.push_back({begin, e});
    begin = end;
  };
  for (size_t i = NextSentenceMark(text, 0); i < text.size(); i = NextSentenceMark(text, i + 1)) {
    char c = text[i];
    if (c == '\n') {
      push(i);
      continue;
    }
    size_t j = i + 1;
    // Closing quotes and brackets stay with the sentence.
    while (j < text.size()) {
      if (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']') {
        ++j;
      } else if (text.compare(j, 3, "\xe2\x80\x9d") == 0 ||
                 text.compare(j, 3, "\xe2\x80\x99") == 0) {
        j += 3;
      } else {
        break;
      }
    }
    if (j < text.size() && text[j] != ' ') continue;
    if (c == '.' && IsAbbreviation(text, i)) {
      // An abbreviation ends a sentence only before a capitalised word that
      // does not look like a continuing name ("U.S. President" keeps going).
      continue;
    }
    size_t k = j;
    while (k < text.size() && text[k] == ' ') ++k;
    if (k < text.size() &&
        !(IsUpper(text[k]) || (text[k] >= '0' && text[k] <= '9') || text[k] == '"' ||
          text[k] == '(' || text[k] == '[' || static_cast<unsigned char>(text[k]) >= 0x80)) {
      continue;
    }
    push(j);
  }
  push(text.size());
  return out;
}

// ---------------------------------------------------------------------------
// Targets.

bool IsConnector(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kConnectors{
      "of", "and", "&", "the", "for", "de", "du", "la", "le", "on", "in", "-"};
  for (std::string_view c : kConnectors) {
    if (w == c) return true;
  }
  return false;
}

std::string_view StripQuotesAndSpace(std::string_view s) {
  static constexpr std::array<std::string_view, 8> kQuotes{
      "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99", "\"", "'",
      "\xc2\xab",     "\xc2\xbb"};
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty() && (IsSpaceOrBreak(s.front()) || s.front() == '(')) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() && (IsSpaceOrBreak(s.back()) || s.back() == ',' || s.back() == '.' ||
                          s.back() == ')' || s.back() == ':' || s.back() == ';')) {
      s.remove_suffix(1);
      changed = true;
    }
    for (std::string_view q : kQuotes) {
      if (s.starts_with(q)) {
        s.remove_prefix(q.size());
        changed = true;
      }
      if (s.ends_with(q)) {
        s.remove_suffix(q.size());
        changed = true;
      }
    }
  }
  return s;
}

bool UsefulHref(std::string_view href) {
  return !href.empty() && href != "#" && !href.starts_with("javascript:") && !href.starts_with("#");
}

struct Target {
  std::string name;
  std::string url;
};

// A run of capitalised words (with connectors inside) starting at p, or a
// domain name ("example.com").
std::string_view CapitalisedPhrase(std::string_view text, size_t p) {
  size_t i = p;
  size_t end = p;
  int words = 0;
  while (i < text.size() && words < 8) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != ';' &&
           text[i] != '\n' && text[i] != '(' && text[i] != ')') {
      ++i;
    }
    std::string_view w = text.substr(b, i - b);
    while (!w.empty() &&
           (w.back() == '.' || w.back() == ':' || w.back() == '!' || w.back() == '?')) {
      w.remove_suffix(1);
    }
    if (w.empty()) break;
    bool domain = w.find('.') != std::string_view::npos && IsAlnum(w.back());
    bool cap = IsUpper(w[0]) || (w[0] >= '0' && w[0] <= '9' && words > 0) ||
               static_cast<unsigned char>(w[0]) >= 0xC3;
    if (cap || domain) {
      end = b + w.size();
      ++words;
      if (i < text.size() && text[i] != ' ') break;  // punctuation ends the name
      if (b + w.size() < i) break;                   // "Outlet." ends it too
      continue;
    }
    if (words > 0 && IsConnector(w)) continue;
    break;
  }
  return text.substr(p, end > p ? end - p : 0);
}

// The outlet named right after position p: a link starting there, a quoted
// phrase, or capitalised words / a domain.
Target TargetAfter(const TextBlock& block, std::string_view text, size_t p, size_t limit) {
  while (p < limit && text[p] == ' ') ++p;
  // Skip a leading "the " that is not capitalised ("in the Guardian").
  if (text.compare(p, 4, "the ") == 0) p += 4;
  for (const Link& link : block.links) {
    if (link.begin >= p && link.begin <= p + 4 && link.begin < limit) {
      return {std::string(StripQuotesAndSpace(link.text)),
              UsefulHref(link.href) ? link.href : std::string()};
    }
  }
  std::string_view rest = text.substr(p, limit - p);
  std::string_view stripped = StripQuotesAndSpace(rest);
  if (stripped.size() < rest.size() && !rest.empty() &&
      (rest[0] == '"' || rest.starts_with("\xe2\x80\x9c"))) {
    size_t qlen = rest[0] == '"' ? 1 : 3;
    std::string_view closer = rest[0] == '"' ? "\"" : "\xe2\x80\x9d";
    size_t close = rest.find(closer, qlen);
    if (close != std::string_view::npos && close - qlen <= 80) {
      return {std::string(rest.substr(qlen, close - qlen)), {}};
    }
  }
  std::string_view phrase = CapitalisedPhrase(text.substr(0, limit), p);
  return {std::string(StripQuotesAndSpace(phrase)), {}};
}

// The outlet named right before position p ("... for “New Eastern Outlook”
// where this article was originally published").
Target TargetBefore(const TextBlock& block, std::string_view text, size_t p, size_t floor) {
  size_t q = p;
  while (q > floor && (text[q - 1] == ' ' || text[q - 1] == ',')) --q;
  for (const Link& link : block.links) {
    if (link.end <= q && link.end + 4 >= q && link.begin >= floor) {
      return {std::string(StripQuotesAndSpace(link.text)),
              UsefulHref(link.href) ? link.href : std::string()};
    }
  }
  // A quoted phrase ending at q.
  std::string_view head = text.substr(floor, q - floor);
  if (head.ends_with("\xe2\x80\x9d") || head.ends_with("\"")) {
    bool curly = head.ends_with("\xe2\x80\x9d");
    std::string_view inner = head.substr(0, head.size() - (curly ? 3 : 1));
    size_t open = inner.rfind(curly ? "\xe2\x80\x9c" : "\"");
    if (open != std::string_view::npos && inner.size() - open <= 84) {
      return {std::string(StripQuotesAndSpace(inner.substr(open))), {}};
    }
  }
  // Capitalised words ending at q.
  size_t b = q;
  size_t start = q;
  int words = 0;
  while (b > floor && words < 6) {
    size_t e = b;
    while (b > floor && text[b - 1] != ' ') --b;
    std::string_view w = text.substr(b, e - b);
    if (w.empty()) break;
    if (IsUpper(w[0]) || w.find('.') != std::string_view::npos) {
      start = b;
      ++words;
    } else if (!IsConnector(w) || words == 0) {
      break;
    }
    if (b > floor) --b;
  }
  return {std::string(StripQuotesAndSpace(text.substr(start, q - start))), {}};
}

// ---------------------------------------------------------------------------
// Sentence classification.

// Words that make "first published" and friends refer to this page.
constexpr std::array<std::string_view, 16> kSelfReference{
    "this article",    "this story",     "this piece",    "this post",
    "this essay",      "this op-ed",     "this column",   "this report",
    "this commentary", "this interview", "this analysis", "this version",
    "article was",     "story was",      "piece was",     "post was",
};

struct SentenceInfo {
  Mask mask = 0;
  NoticeKind kind = NoticeKind::kDisclaimer;
  bool weak = false;  // can join a notice, never start one on its own
  Target target;
};

class Classifier {
 public:
  Classifier(const TextBlock& block, std::string_view lower)
      : block_(block), text_(block.text), lower_(lower) {}

  SentenceInfo Classify(Span span, bool first_in_block) {
    SentenceInfo info;
    weak_bio_ = false;
    std::string_view s = lower_.substr(span.begin, span.end - span.begin);
    const Mask64 anchors = AnchorMask(s);
    anchors_ = anchors;

    if ((anchors & kOriginallyPublishedAnchors) != 0 || s.starts_with("source:")) {
      OriginallyPublished(s, span, first_in_block, info);
    }
    if ((anchors & kRepublishTermsAnchors) != 0) RepublishTerms(s, span, info);
    if ((anchors & kCorrectionAnchors) != 0 && Correction(s)) {
      info.mask |= Bit(NoticeKind::kCorrection);
    }
    if ((anchors & kEditorNoteAnchors) != 0 && EditorNote(s)) {
      info.mask |= Bit(NoticeKind::kEditorNote);
    }
    if ((anchors & kDisclaimerAnchors) != 0 && Disclaimer(s)) {
      info.mask |= Bit(NoticeKind::kDisclaimer);
    }
    if ((anchors & kCopyrightAnchors) != 0 || s.starts_with("(c) ")) Copyright(s, span, info);
    if ((anchors & kSharePromptAnchors) != 0) SharePrompt(s, span, info);
    AuthorBio(s, span, first_in_block, info);

    for (NoticeKind k : kPrecedence) {
      if (info.mask & Bit(k)) {
        info.kind = k;
        break;
      }
    }
    if (info.mask == Bit(NoticeKind::kAuthorBio)) info.weak = weak_bio_;
    return info;
  }

 private:
  // Whether the sentence refers to this page ("this article", ...).
  static bool SelfReference(std::string_view s) {
    return ContainsAny(s, kSelfReference) || Contains(s, "appeared first on");
  }

  void OriginallyPublished(std::string_view s, Span span, bool first, SentenceInfo& info) {
    // Phrases followed by the outlet ("originally published at Foo").
    static constexpr auto kForward = WithAnchors(std::array<std::string_view, 22>{
        "originally published at ", "originally published in ", "originally published on ",
        "originally published by ", "first published at ",      "first published in ",
        "first published on ",      "first published by ",      "first appeared at ",
        "first appeared in ",       "first appeared on ",       "appeared first on ",
        "appeared first in ",       "originally appeared in ",  "originally appeared on ",
        "originally appeared at ",  "republished from ",        "reprinted from ",
        "cross-posted from ",       "crossposted from ",        "reposted from ",
        "was published by ",
    });
    // Phrases after the outlet ("Foo, where this article was originally published").
    static constexpr auto kBackward = WithAnchors(std::array<std::string_view, 4>{
        "where this article was originally published", "where this article first appeared",
        "where it was originally published", "where this article was first published"});
    static constexpr auto kPermissionOnly = WithAnchors(std::array<std::string_view, 6>{
        "republished with permission", "reprinted with permission", "published with permission",
        "republished here with permission", "reproduced with permission",
        "republished with kind permission"});
    // SelfReference, searched for only where the outcome depends on it
    // (0 = not yet known, 1 = no, 2 = yes).
    int self_ref_state = 0;
    auto self_ref = [&] {
      if (self_ref_state == 0) self_ref_state = SelfReference(s) ? 2 : 1;
      return self_ref_state == 2;
    };

    size_t len = 0;
    size_t back = FindFirst(s, anchors_, kBackward, &len);
    if (back != std::string_view::npos) {
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      info.target = TargetBefore(block_, text_, span.begin + back, span.begin);
      return;
    }
    size_t fwd = FindFirst(s, anchors_, kForward, &len);
    bool at_start = fwd == 0;  // "Originally published at ...", "First appeared in ..."
    if (fwd != std::string_view::npos && (at_start || self_ref())) {
      // "originally published on March 3, 2021 by Foo": skip a date to "by".
      size_t p = span.begin + fwd + len;
      std::string_view after = s.substr(fwd + len);
      if (!after.empty() && ((after[0] >= '0' && after[0] <= '9') || StartsWithMonth(after))) {
        size_t by = after.find(" by ");
        if (by == std::string_view::npos) by = after.find(" at ");
        p = by == std::string_view::npos ? span.end : p + by + 4;
      }
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      info.target = TargetAfter(block_, text_, p, span.end);
      return;
    }
    if (ContainsAny(s, anchors_, kPermissionOnly) && (first || self_ref())) {
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      size_t from = s.find(" from ");
      if (from == std::string_view::npos) from = s.find(" of ");
      if (from != std::string_view::npos) {
        size_t skip = s.compare(from, 6, " from ") == 0 ? 6 : 4;
        info.target = TargetAfter(block_, text_, span.begin + from + skip, span.end);
      }
      return;
    }
    if ((s.starts_with("originally published") || s.starts_with("first published") ||
         ((Contains(s, "originally published") || Contains(s, "was first published")) &&
          self_ref()))) {
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      return;
    }
    // "Source: Foo" as a whole short line.
    if (s.starts_with("source:") && span.end - span.begin <= 160 && first) {
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      info.target = TargetAfter(block_, text_, span.begin + 7, span.end);
      if (info.target.name.empty()) {
        info.target.name = std::string(
            StripQuotesAndSpace(text_.substr(span.begin + 7, span.end - span.begin - 7)));
      }
      return;
    }
    // "This article was produced by / is published in partnership with ..."
    if ((s.starts_with("this article was published") || s.starts_with("this story was published") ||
         s.starts_with("this article was produced by") ||
         s.starts_with("this story was produced by") ||
         s.starts_with("this article is republished") ||
         s.starts_with("this story is republished")) &&
        self_ref()) {
      info.mask |= Bit(NoticeKind::kOriginallyPublished);
      size_t by = s.find(" by ");
      if (by == std::string_view::npos) by = s.find(" at ");
      if (by != std::string_view::npos)
        info.target = TargetAfter(block_, text_, span.begin + by + 4, span.end);
    }
  }

  static bool StartsWithMonth(std::string_view s) {
    static constexpr std::array<std::string_view, 12> kMonths{
        "jan", "feb", "mar", "apr", "may ", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (std::string_view m : kMonths) {
      if (s.starts_with(m)) return true;
    }
    return false;
  }

  void RepublishTerms(std::string_view s, Span span, SentenceInfo& info) {
    static constexpr auto kPermissionTo = WithAnchors(std::array<std::string_view, 8>{
        "permission to cross-post", "permission to crosspost", "permission to repost",
        "permission to republish", "permission to reprint", "permission to reproduce",
        "permission to re-post", "permission to re-publish"});
    static constexpr std::array<std::string_view, 12> kCondition{
        "as long", "provided", "on condition", "so long as", "credit", "acknowledg",
        "grant",   "attribut", "hyperlink",    "link back",  "unless", "must"};
    static constexpr auto kDirect = WithAnchors(std::array<std::string_view, 16>{
        "may be republished", "may be reproduced", "may be reprinted", "may not be reproduced",
        "may not be republished", "may not be reprinted", "may not be copied",
        "may not be redistributed", "creative commons", "republish this article",
        "republish this story", "republish our articles", "republish our stories",
        "free to republish", "free to repost", "free to reprint"});
    size_t len = 0;
    size_t p = FindFirst(s, anchors_, kPermissionTo, &len);
    bool hit = (p != std::string_view::npos && ContainsAny(s, kCondition)) ||
               ContainsAny(s, anchors_, kDirect);
    // "reproduction" and "rights" are anchors: the mask tells whether they occur.
    if (!hit && (anchors_ & AnchorBit("reproduction")) != 0 &&
        (Contains(s, "prohibited") || Contains(s, "forbidden") ||
         Contains(s, "without permission") || Contains(s, "without written") ||
         Contains(s, "without the prior"))) {
      hit = true;
    }
    if (!hit && (anchors_ & AnchorBit("rights")) != 0 && Contains(s, "all rights reserved") &&
        (Contains(s, "may not") || Contains(s, "reproduc"))) {
      hit = true;
    }
    if (!hit) return;
    info.mask |= Bit(NoticeKind::kRepublishTerms);
    if (!info.target.name.empty()) return;
    // "... permission to cross-post Global Research articles ..." -> Global Research.
    if (p != std::string_view::npos) {
      size_t verb_end = s.find(' ', p + len - 1);
      size_t q = p + len;
      if (verb_end != std::string_view::npos) q = verb_end;
      std::string_view phrase = CapitalisedPhrase(text_.substr(0, span.end), span.begin + q + 1);
      if (!phrase.empty()) {
        info.target.name = std::string(StripQuotesAndSpace(phrase));
        return;
      }
      // "Foo grants permission to ..." -> Foo.
      size_t grants = s.find(" grant");
      if (grants != std::string_view::npos && grants < p) {
        std::string_view subject = text_.substr(span.begin, grants);
        if (subject.starts_with("The ")) subject.remove_prefix(4);
        info.target.name = std::string(StripQuotesAndSpace(subject));
      }
    }
  }

  bool Correction(std::string_view s) const {
    static constexpr auto kPhrases = WithAnchors(std::array<std::string_view, 12>{
        "an earlier version of this", "a previous version of this",
        "this article has been corrected", "this story has been corrected",
        "this article was corrected", "this story was corrected", "has been corrected to",
        "has been updated to correct", "we regret the error", "this article has been updated to",
        "this story has been updated to", "this article was updated to"});
    if (s.starts_with("correction:") || s.starts_with("corrections:") ||
        s.starts_with("clarification:") || s.starts_with("correction (") ||
        s.starts_with("correction -") || s.starts_with("correction \xe2\x80\x94")) {
      return true;
    }
    return ContainsAny(s, anchors_, kPhrases);
  }

  bool EditorNote(std::string_view s) const {
    static constexpr auto kPhrases = WithAnchors(std::array<std::string_view, 9>{
        "editor's note", "editor\xe2\x80\x99s note", "editors' note", "editors\xe2\x80\x99 note",
        "[ed. note", "ed. note:", "ed.'s note", "note from the editor", "editorial note:"});
    return ContainsAny(s, anchors_, kPhrases);
  }

  bool Disclaimer(std::string_view s) const {
    if (s.starts_with("disclaimer") || Contains(s, "disclaimer:")) return true;
    static constexpr auto kPhrases = WithAnchors(std::array<std::string_view, 12>{
        "not necessarily reflect", "not necessarily represent", "not necessarily those of",
        "sole responsibility of the author", "solely those of the author",
        "are those of the author", "are the author's own", "are the author\xe2\x80\x99s own",
        "do not necessarily endorse", "does not necessarily endorse",
        "for informational purposes only", "not constitute financial advice"});
    if (ContainsAny(s, anchors_, kPhrases)) return true;
    // "expressed" and "responsib" are anchors, in every phrase of their test.
    if ((anchors_ & AnchorBit("expressed")) != 0 &&
        (Contains(s, "views expressed") || Contains(s, "opinions expressed")) &&
        (Contains(s, "author") || Contains(s, "necessarily") || Contains(s, "solely") ||
         Contains(s, "own"))) {
      return true;
    }
    if ((anchors_ & AnchorBit("responsib")) != 0 &&
        (Contains(s, "will not be responsible for") || Contains(s, "is not responsible for") ||
         Contains(s, "are not responsible for") || Contains(s, "assumes no responsibility")) &&
        (Contains(s, "article") || Contains(s, "statement") || Contains(s, "content") ||
         Contains(s, "accuracy") || Contains(s, "views") || Contains(s, "opinion"))) {
      return true;
    }
    return false;
  }

  void Copyright(std::string_view s, Span span, SentenceInfo& info) {
    bool hit = false;
    size_t symbol = s.find("\xc2\xa9");
    if (symbol != std::string_view::npos || s.starts_with("(c) ") || Contains(s, "copyright (c)") ||
        Contains(s, "all rights reserved")) {
      hit = true;
    }
    // "Copyright 2021 Foo", "Copyright Foo Media 2021" at the sentence start.
    if (!hit && s.starts_with("copyright ") && span.end - span.begin <= 200) hit = true;
    static constexpr std::array<std::string_view, 10> kSiteVoice{
        "this site",           "this website",  "our site",
        "our readers",         "such material", "section 107",
        "provisions of",       "we are making", "specifically authorized",
        "contains copyrighted"};
    if (!hit &&
        (Contains(s, "fair use") || Contains(s, "copyrighted material") ||
         Contains(s, "copyright owner") || Contains(s, "copyright holder")) &&
        ContainsAny(s, kSiteVoice)) {
      hit = true;
    }
    if (!hit && (Contains(s, "copyright owner") || Contains(s, "copyright holder")) &&
        (Contains(s, "request permission") || Contains(s, "obtain permission") ||
         Contains(s, "contact"))) {
      hit = true;
    }
    if (!hit) return;
    info.mask |= Bit(NoticeKind::kCopyright);
    if (!info.target.name.empty()) return;
    // "© 2020 Foo Media" / "Copyright 2021 The Associated Press".
    size_t p = std::string_view::npos;
    if (symbol != std::string_view::npos) {
      p = symbol + 2;
    } else if (s.starts_with("copyright ")) {
      p = 10;
    }
    if (p != std::string_view::npos) {
      while (p < s.size() &&
             (s[p] == ' ' || (s[p] >= '0' && s[p] <= '9') || s[p] == '-' || s[p] == ',' ||
              s.compare(p, 3, "\xc2\xa9") == 0 || s.compare(p, 3, "(c)") == 0)) {
        p += s.compare(p, 3, "(c)") == 0 ? 3 : (s.compare(p, 2, "\xc2\xa9") == 0 ? 2 : 1);
      }
      info.target = TargetAfter(block_, text_, span.begin + p, span.end);
      return;
    }
    // "www.example.org contains copyrighted material ..." -> the site.
    if (Contains(s, "contains copyrighted")) {
      size_t sp = s.find(' ');
      std::string_view subject = text_.substr(span.begin, sp == std::string_view::npos ? 0 : sp);
      if (subject.find('.') != std::string_view::npos) info.target.name = std::string(subject);
      for (const Link& link : block_.links) {
        if (link.begin == span.begin && UsefulHref(link.href)) info.target.url = link.href;
      }
    }
  }

  void SharePrompt(std::string_view s, Span span, SentenceInfo& info) {
    static constexpr auto kPhrases = WithAnchors(std::array<std::string_view, 32>{
        "note to readers",       "share buttons",       "share button",
        "share this article",    "share this story",    "share this post",
        "forward this article",  "forward this email",  "forward this story",
        "crosspost on",          "cross-post on",       "follow us on",
        "subscribe to our",      "sign up for our",     "like us on facebook",
        "on our facebook page",  "join us on",          "become a member",
        "become a patron",       "support our work",    "support independent journalism",
        "join our mailing list", "join our telegram",   "make a donation",
        "please donate",         "donate now",          "click here to subscribe",
        "get our newsletter",    "our free newsletter", "find us on",
        "share on facebook",     "share on twitter"});
    if (!ContainsAny(s, anchors_, kPhrases)) {
      // A bare short appeal: "Donate", "Subscribe", "Follow us".
      if (!(span.end - span.begin <= 60 &&
            (s.starts_with("donate") || s.starts_with("subscribe") || s.starts_with("follow us") ||
             s.starts_with("support us")))) {
        return;
      }
    }
    info.mask |= Bit(NoticeKind::kSharePrompt);
    if (!info.target.name.empty()) return;
    static constexpr std::array<std::string_view, 3> kOf{"member of ", "patron of ", "support "};
    size_t len = 0;
    size_t p = FindFirst(s, kOf, &len);
    if (p != std::string_view::npos) {
      info.target = TargetAfter(block_, text_, span.begin + p + len, span.end);
    }
  }

  void AuthorBio(std::string_view s, Span span, bool first, SentenceInfo& info) {
    static constexpr std::array<std::string_view, 34> kRoles{
        "writer",       "journalist",  "researcher", "professor",     "editor",     "author",
        "analyst",      "contributor", "reporter",   "correspondent", "columnist",  "fellow",
        "director",     "founder",     "scholar",    "historian",     "economist",  "commentator",
        "blogger",      "lecturer",    "scientist",  "lawyer",        "activist",   "filmmaker",
        "photographer", "producer",    "host",       "student",       "consultant", "expert",
        "novelist",     "poet",        "diplomat",   "specialist"};
    if (s.starts_with("about the author")) {
      info.mask |= Bit(NoticeKind::kAuthorBio);
      return;
    }
    std::string_view sentence = text_.substr(span.begin, span.end - span.begin);
    // "He/She/They is/are a frequent contributor ..." continue a bio.
    // Every pronoun below starts with 'h', 's' or 't': most sentences are
    // rejected on their first byte.
    const char c0 = s.empty() ? '\0' : s[0];
    bool pronoun =
        (c0 == 'h' || c0 == 's' || c0 == 't') &&
        (s.starts_with("he is ") || s.starts_with("she is ") || s.starts_with("they are ") ||
         s.starts_with("he has ") || s.starts_with("she has ") || s.starts_with("his ") ||
         s.starts_with("her ") || s.starts_with("he was ") || s.starts_with("she was ") ||
         s.starts_with("they have "));
    size_t copula = std::string_view::npos;
    if (!pronoun) {
      if (!first || block_.text.size() > 700) return;
      copula = NameThenCopula(sentence);
      if (copula == std::string_view::npos) return;
    }
    std::string_view head = s.substr(0, std::min<size_t>(s.size(), 160));
    bool role = ContainsAny(head, kRoles);
    if (!role) return;
    if (pronoun) {
      info.mask |= Bit(NoticeKind::kAuthorBio);
      weak_bio_ = true;
      return;
    }
    // Outside italics, news prose ("Smith is a professor who said ...") is not
    // a bio: demand a short block without reported speech.
    if (!block_.emphasized) {
      if (block_.text.size() > 400) return;
      if (Contains(s, " said") || Contains(s, " says") || Contains(s, " told") ||
          Contains(s, "\"") || Contains(s, "\xe2\x80\x9c")) {
        return;
      }
    }
    info.mask |= Bit(NoticeKind::kAuthorBio);
    weak_bio_ = false;
    // The outlet the author works for, when named ("... writer for Foo").
    static constexpr std::array<std::string_view, 3> kFor{" for the ", " for ", " at "};
    size_t len = 0;
    size_t p = FindFirst(s, kFor, &len);
    if (p != std::string_view::npos && info.target.name.empty()) {
      Target t = TargetAfter(block_, text_, span.begin + p + len, span.end);
      if (!t.name.empty()) info.target = t;
    }
  }

  // "Jane Q. Doe is a ...", "Jane Doe, a reporter ...": returns the offset of
  // the copula, or npos.
  static size_t NameThenCopula(std::string_view sentence) {
    size_t i = 0;
    int words = 0;
    while (i < sentence.size() && words < 5) {
      size_t b = i;
      while (i < sentence.size() && sentence[i] != ' ' && sentence[i] != ',') ++i;
      std::string_view w = sentence.substr(b, i - b);
      if (w.empty()) return std::string_view::npos;
      bool particle = w == "de" || w == "van" || w == "von" || w == "al" || w == "bin" ||
                      w == "da" || w == "der" || w == "le" || w == "la";
      if (!(IsUpper(w[0]) || static_cast<unsigned char>(w[0]) >= 0xC3) &&
          !(particle && words > 0)) {
        return std::string_view::npos;
      }
      ++words;
      std::string_view rest = sentence.substr(i);
      if (words >= 2 && (rest.starts_with(" is a ") || rest.starts_with(" is an ") ||
                         rest.starts_with(" is the ") || rest.starts_with(" was a ") ||
                         rest.starts_with(" writes ") || rest.starts_with(" is currently ") ||
                         rest.starts_with(" has been ") || rest.starts_with(", a ") ||
                         rest.starts_with(", an ") || rest.starts_with(" works as "))) {
        return i;
      }
      if (i < sentence.size() && sentence[i] == ',') return std::string_view::npos;
      ++i;
    }
    return std::string_view::npos;
  }

  const TextBlock& block_;
  std::string_view text_;
  std::string_view lower_;
  bool weak_bio_ = false;
  Mask64 anchors_ = 0;  // AnchorMask of the sentence being classified
};

// ASCII-lower-cases `s` into `out`, eight bytes at a time: bytes in 'A'..'Z'
// (and only those) get 0x20 added.
void LowerAsciiInto(std::string_view s, std::string& out) {
  out.assign(s);
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes a step first: main-text paragraphs are long. Signed compares:
  // bytes >= 0x80 are negative, below 'A'.
  const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20);
  for (; i + 16 <= out.size(); i += 16) {
    auto* p = reinterpret_cast<__m128i*>(out.data() + i);
    const __m128i v = _mm_loadu_si128(p);
    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
    _mm_storeu_si128(p, _mm_or_si128(v, _mm_and_si128(upper, case_bit)));
  }
#endif
  for (; i + 8 <= out.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, out.data() + i, 8);
    uint64_t low7 = x & ~kHigh;
    uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;      // high bit: byte >= 'A'
    uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit: byte > 'Z'
    uint64_t upper = ge_a & ~gt_z & ~x & kHigh;       // ASCII upper-case letters
    x |= upper >> 2;                                  // 0x80 >> 2 == 0x20
    std::memcpy(out.data() + i, &x, 8);
  }
  for (; i < out.size(); ++i) out[i] = Lower(out[i]);
}

}  // namespace

std::vector<Notice> ClassifyNotices(const TextBlock& block) {
  std::vector<Notice> out;
  if (block.text.empty() || block.kind == BlockKind::kPre || block.kind == BlockKind::kTable) {
    return out;
  }
  // One lower-cased copy per block, in a buffer reused across calls.
  thread_local std::string lower_buffer;
  LowerAsciiInto(block.text, lower_buffer);
  std::string_view lower = lower_buffer;
  if (!PassesGate(lower)) return out;

  std::vector<Span> sentences = SplitSentences(block.text);
  if (sentences.empty()) return out;
  Classifier classifier(block, lower);
  std::vector<SentenceInfo> infos;
  infos.reserve(sentences.size());
  size_t strong = 0;
  bool first_is_notice = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    infos.push_back(classifier.Classify(sentences[i], i == 0));
    if (infos.back().mask != 0 && !infos.back().weak) ++strong;
    if (i == 0) first_is_notice = strong == 1;
    // Without a notice first, the block needs half of its sentences strong
    // (below): stop once even the sentences left cannot make that.
    const size_t left = sentences.size() - i - 1;
    if (!first_is_notice && (strong + left) * 2 < sentences.size()) return out;
  }
  if (strong == 0 || (!first_is_notice && strong * 2 < sentences.size())) return out;

  // Group sentences: a sentence joins the open notice when it shares a kind
  // with it or has none; otherwise it starts a new notice.
  struct Group {
    size_t begin, end;
    NoticeKind kind;
    Mask mask;
    Target target;
  };
  std::vector<Group> groups;
  size_t leading_begin = sentences[0].begin;
  bool have_leading = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const SentenceInfo& info = infos[i];
    if (info.mask == 0 || (info.weak && groups.empty())) {
      if (groups.empty()) {
        have_leading = true;
      } else {
        groups.back().end = sentences[i].end;
      }
      continue;
    }
    if (!groups.empty() && (groups.back().mask & info.mask) != 0) {
      groups.back().end = sentences[i].end;
      groups.back().mask |= info.mask;
      if (groups.back().target.name.empty()) groups.back().target = info.target;
      continue;
    }
    Group g{sentences[i].begin, sentences[i].end, info.kind, info.mask, info.target};
    if (groups.empty() && have_leading) g.begin = leading_begin;
    groups.push_back(std::move(g));
  }
  for (Group& g : groups) {
    Notice n;
    n.kind = g.kind;
    n.text = block.text.substr(g.begin, g.end - g.begin);
    n.target = std::move(g.target.name);
    n.target_url = std::move(g.target.url);
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<Notice> ClassifyNotice(const TextBlock& block) {
  std::vector<Notice> notices = ClassifyNotices(block);
  if (notices.empty()) return std::nullopt;
  if (notices.size() == 1) return std::move(notices[0]);
  // Several: the whole block, as its strongest kind.
  for (NoticeKind k : kPrecedence) {
    for (Notice& n : notices) {
      if (n.kind != k) continue;
      Notice whole = std::move(n);
      whole.text = block.text;
      return whole;
    }
  }
  return std::move(notices[0]);
}

}  // namespace newstrace::extract
