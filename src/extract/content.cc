#include "extract/content.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <xxhash.h>

#include "extract/metadata.h"

namespace newstrace::extract {
namespace {

constexpr uint32_t kNone = Node::kNone;

// ---------------------------------------------------------------------------
// Element classification

// Never visible, never text.
bool IsHardSkipTag(Tag tag) {
  switch (tag) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kMath:
    case Tag::kCanvas:
    case Tag::kIframe:
    case Tag::kObject:
    case Tag::kEmbed:
    case Tag::kButton:
    case Tag::kSelect:
    case Tag::kOption:
    case Tag::kTextarea:
    case Tag::kInput:
    case Tag::kHead:
    case Tag::kTitle:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kBase:
    case Tag::kAudio:
    case Tag::kVideo:
    case Tag::kNoembed:
    case Tag::kNoframes:
    case Tag::kDialog:
    case Tag::kMenu:
    case Tag::kSource:
    case Tag::kPicture:
      return true;
    default:
      return false;
  }
}

// Structural boilerplate: dropped from the main text unless it holds the article.
bool IsSoftSkipTag(Tag tag) {
  switch (tag) {
    case Tag::kNav:
    case Tag::kAside:
    case Tag::kFooter:
    case Tag::kHeader:
    case Tag::kForm:
    case Tag::kFigure:
    case Tag::kAddress:
    case Tag::kFieldset:
    case Tag::kLabel:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(Tag tag) {
  switch (tag) {
    case Tag::kAddress:
    case Tag::kArticle:
    case Tag::kAside:
    case Tag::kBlockquote:
    case Tag::kCenter:
    case Tag::kDetails:
    case Tag::kDd:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kFieldset:
    case Tag::kFigcaption:
    case Tag::kFigure:
    case Tag::kFooter:
    case Tag::kForm:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kHeader:
    case Tag::kHgroup:
    case Tag::kHr:
    case Tag::kLi:
    case Tag::kMain:
    case Tag::kNav:
    case Tag::kOl:
    case Tag::kP:
    case Tag::kPre:
    case Tag::kSection:
    case Tag::kSummary:
    case Tag::kTable:
    case Tag::kTbody:
    case Tag::kTd:
    case Tag::kTfoot:
    case Tag::kTh:
    case Tag::kThead:
    case Tag::kTr:
    case Tag::kUl:
    case Tag::kCaption:
    case Tag::kLegend:
    case Tag::kBody:
    case Tag::kHtml:
    case Tag::kBr:
    case Tag::kFrameset:
    case Tag::kFrame:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(Tag tag) {
  switch (tag) {
    case Tag::kH1:
      return 1;
    case Tag::kH2:
      return 2;
    case Tag::kH3:
      return 3;
    case Tag::kH4:
      return 4;
    case Tag::kH5:
      return 5;
    case Tag::kH6:
      return 6;
    default:
      return 0;
  }
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Byte classes for splitting class/id names (a table: this runs for every
// byte of every class and id value on the page).
enum NameChar : uint8_t { kSeparator, kDigit, kLowerLetter, kUpperLetter };

constexpr std::array<NameChar, 256> kNameChars = [] {
  std::array<NameChar, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kLowerLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpperLetter;
  return t;
}();

// Words longer than this in class/id names are skipped: no boilerplate word is
// this long.
constexpr size_t kMaxNameWord = 32;

// Bytes of zeros after a class/id value in the buffer NameFlags copies it to:
// reads of 16 bytes from inside the value stay inside the buffer.
constexpr size_t kNamePadding = 16;

// Splits class/id values into words: "c-shareBar__item" -> c, share, Bar,
// item. Words keep their case (see LowerNameByte); those over kMaxNameWord
// bytes are left out. `value` must be followed by kNamePadding zero bytes.
template <typename Fn>
void ForEachNameWord(std::string_view value, Fn&& fn) {
  const size_t n = value.size();
#if defined(__SSE2__)
  // 16 bytes a step, which covers most values in one to four steps: byte
  // classes as bit masks, then the positions where words start and end.
  // Bytes past the end are the padding's zeros, separators.
  const auto in_range = [](__m128i v, char lo, char hi) {
    // Signed compares: bytes >= 0x80 are negative, below every range here.
    return _mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                      _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1)))));
  };
  constexpr size_t kNoWord = SIZE_MAX;
  size_t word_begin = kNoWord;
  unsigned alnum_before = 0, lower_before = 0;  // the previous step's last byte
  for (size_t offset = 0; offset < n; offset += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + offset));
    const auto lower = static_cast<unsigned>(in_range(v, 'a', 'z'));
    const auto upper = static_cast<unsigned>(in_range(v, 'A', 'Z'));
    const unsigned alnum = lower | upper | static_cast<unsigned>(in_range(v, '0', '9'));
    // Bit k of these: the byte before byte k.
    const unsigned alnum_previous = ((alnum << 1) | alnum_before) & 0xFFFFu;
    const unsigned lower_previous = ((lower << 1) | lower_before) & 0xFFFFu;
    // A capital after a lower-case letter (camelCase) ends a word and starts one.
    const unsigned camel = upper & lower_previous;
    const unsigned starts = alnum & (~alnum_previous | camel);
    const unsigned ends = alnum_previous & (~alnum | camel);  // a word ends before byte k
    for (unsigned rest = ends; rest != 0; rest &= rest - 1) {
      const auto k = static_cast<unsigned>(__builtin_ctz(rest));
      // The word ending before byte k started at the last start before k,
      // or in an earlier step.
      const unsigned starts_before = starts & ((1u << k) - 1);
      const size_t begin = starts_before != 0
                               ? offset + 31 - static_cast<unsigned>(__builtin_clz(starts_before))
                               : word_begin;
      if (offset + k - begin <= kMaxNameWord) fn(value.substr(begin, offset + k - begin));
    }
    if (starts != 0) word_begin = offset + 31 - static_cast<unsigned>(__builtin_clz(starts));
    alnum_before = alnum >> 15 & 1;
    lower_before = lower >> 15 & 1;
  }
  // A word that runs to the end of a value of whole steps.
  if (alnum_before != 0 && n - word_begin <= kMaxNameWord) {
    fn(value.substr(word_begin, n - word_begin));
  }
#else
  size_t i = 0;
  while (i < n) {
    NameChar previous = kNameChars[static_cast<unsigned char>(value[i])];
    if (previous == kSeparator) {
      ++i;
      continue;
    }
    const size_t begin = i;
    for (++i; i < n; ++i) {
      const NameChar kind = kNameChars[static_cast<unsigned char>(value[i])];
      // A separator ends a word, and so does a capital after a lower-case
      // letter (camelCase).
      if (kind == kSeparator || (kind == kUpperLetter && previous == kLowerLetter)) break;
      previous = kind;
    }
    if (i - begin <= kMaxNameWord) fn(value.substr(begin, i - begin));
  }
#endif
}

// A word's byte in lower case: words hold only ASCII letters and digits, and
// setting bit 0x20 lowers a letter and keeps a digit.
constexpr char LowerNameByte(char c) { return static_cast<char>(c | 0x20); }

// Words in class/id names that mark boilerplate. Exact words, then prefixes.
constexpr std::array<std::string_view, 62> kNegativeWords = {
    "ad",      "ads",        "adv",      "banner",      "breadcrumb", "breadcrumbs",  "byline",
    "caption", "comment",    "comments", "commentlist", "community",  "cookie",       "credit",
    "credits", "discussion", "disqus",   "dropdown",    "footer",     "footnotes",    "hidden",
    "hide",    "jump",       "login",    "masthead",    "menu",       "meta",         "modal",
    "more",    "nav",        "navbar",   "navigation",  "newsletter", "outbrain",     "pagination",
    "paywall", "popular",    "popup",    "print",       "promo",      "recirc",       "recommended",
    "related", "reply",      "rail",     "share",       "sharing",    "sidebar",      "signup",
    "skip",    "social",     "sponsor",  "sponsored",   "subscribe",  "subscription", "taboola",
    "tags",    "toolbar",    "tools",    "trending",    "widget",     "zergnet",
};
constexpr std::array<std::string_view, 9> kNegativePrefixes = {
    "advert",    "sharebar",   "sharethis", "subscri", "newslett",
    "recommend", "breadcrumb", "sidebar",   "cookie",
};
static_assert(kNegativePrefixes.size() <= 16, "NameWordTable keeps them in 16-bit masks");

// Reader comments: boilerplate however much prose they hold.
constexpr std::array<std::string_view, 8> kCommentWords = {
    "comment", "comments", "commentlist", "discussion", "disqus", "reply", "replies", "respond",
};

// Word kinds in class/id names.
constexpr int kNegativeWord = 1;
constexpr int kCommentWord = 2;
constexpr int kEmbedWord = 3;

constexpr std::array<std::string_view, 3> kEmbedWords = {"embed", "tweet", "embedded"};

// Up to the first 16 bytes of a class/id word, lower-cased (LowerNameByte)
// and packed into two integers, zero-padded: every word and prefix below is
// shorter, and compares in two steps.
struct PackedWord {
  uint64_t low = 0;   // bytes 0..7, byte 0 lowest
  uint64_t high = 0;  // bytes 8..15
  constexpr bool operator==(const PackedWord&) const = default;
};

constexpr size_t kPackedBytes = 16;

// The mask of the first `size` bytes of a packed word.
constexpr PackedWord PackedMask(size_t size) {
  const auto bytes = [](size_t k) { return k >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * k)) - 1; };
  return {bytes(std::min<size_t>(size, 8)), bytes(size > 8 ? std::min<size_t>(size - 8, 8) : 0)};
}

// A word of the tables below, a byte at a time.
constexpr PackedWord PackLiteral(std::string_view word) {
  PackedWord p;
  for (size_t k = 0; k < word.size() && k < kPackedBytes; ++k) {
    const uint64_t byte = static_cast<unsigned char>(LowerNameByte(word[k]));
    (k < 8 ? p.low : p.high) |= byte << (8 * (k % 8));
  }
  return p;
}

// A word of a padded value (ForEachNameWord): 16 bytes loaded at once, those
// past the word cleared. Byte 0 lands lowest, as in PackLiteral, on
// little-endian machines only.
static_assert(std::endian::native == std::endian::little);
PackedWord Pack(std::string_view word) {
  uint64_t low, high;
  std::memcpy(&low, word.data(), 8);
  std::memcpy(&high, word.data() + 8, 8);
  const PackedWord mask = PackedMask(word.size());
  constexpr uint64_t kLower = 0x2020202020202020ull;
  return {(low | kLower) & mask.low, (high | kLower) & mask.high};
}

// The words of class/id names with a kind, and quick filters in front of
// the table: most words in class names are none of these.
class NameWordTable {
 public:
  constexpr NameWordTable() {
    for (std::string_view w : kNegativeWords) Insert(w, kNegativeWord);
    for (std::string_view w : kCommentWords) Insert(w, kCommentWord);
    for (std::string_view w : kEmbedWords) Insert(w, kEmbedWord);
    may_matter_ = lengths_by_first_;
    for (size_t k = 0; k < kNegativePrefixes.size(); ++k) {
      const std::string_view p = kNegativePrefixes[k];
      // Not constant otherwise: fails to compile.
      if (p.size() > kPackedBytes) throw "prefix longer than a packed word";
      for (size_t size = p.size(); size <= kMaxNameWord; ++size) {
        may_matter_[static_cast<unsigned char>(p[0])] |= uint64_t{1} << size;
      }
      prefixes_by_first_[static_cast<unsigned char>(p[0])] |= uint16_t{1} << k;
      prefixes_[k] = PackLiteral(p);
      prefix_masks_[k] = PackedMask(p.size());
    }
  }

  // Whether the word of `size` bytes packed as `word` starts with one of
  // kNegativePrefixes. Only the prefixes with the word's first byte are
  // compared.
  bool HasNegativePrefix(const PackedWord& word, size_t size) const {
    const auto first = static_cast<unsigned char>(word.low);
    for (unsigned m = prefixes_by_first_[first]; m != 0; m &= m - 1) {
      const auto k = static_cast<size_t>(__builtin_ctz(m));
      const PackedWord& mask = prefix_masks_[k];
      if (size >= kNegativePrefixes[k].size() &&
          PackedWord{word.low & mask.low, word.high & mask.high} == prefixes_[k]) {
        return true;
      }
    }
    return false;
  }

  // False when a word of `size` (1..kMaxNameWord) bytes whose first byte in
  // lower case is `first` is neither in the table nor starts with one of
  // kNegativePrefixes. Most words are ruled out so, before they are
  // lower-cased.
  bool MayMatter(char first, size_t size) const {
    return (may_matter_[static_cast<unsigned char>(first)] >> size & 1) != 0;
  }

  // The word kind of the word of `size` bytes packed as `word`, or 0 for
  // none.
  int Find(const PackedWord& word, size_t size) const {
    if (size > kPackedBytes) return 0;  // longer than every word here
    for (size_t slot = Slot(word);; slot = (slot + 1) % kSlots) {
      const Entry& e = entries_[slot];
      if (e.kind == 0) return 0;
      // Packed words of up to 16 bytes are equal only when the words are.
      if (e.word == word) return e.kind;
    }
  }

 private:
  static constexpr size_t kSlots = 256;  // under half full

  struct Entry {
    PackedWord word;
    int kind = 0;  // 0: empty
  };

  static constexpr size_t Slot(const PackedWord& word) {
    const uint64_t h = word.low * 0x9E3779B97F4A7C15ull ^ word.high * 0xC2B2AE3D27D4EB4Full;
    return static_cast<size_t>(h >> 56);
  }

  // A word listed twice keeps its first kind ("comment" is a negative word).
  constexpr void Insert(std::string_view word, int kind) {
    if (word.size() > kPackedBytes || kind == 0) throw "word longer than a packed word";
    const PackedWord packed = PackLiteral(word);
    size_t slot = Slot(packed);
    while (entries_[slot].kind != 0) {
      if (entries_[slot].word == packed) return;
      slot = (slot + 1) % kSlots;
    }
    entries_[slot] = {packed, kind};
    lengths_by_first_[static_cast<unsigned char>(word[0])] |= uint64_t{1} << word.size();
  }

  std::array<Entry, kSlots> entries_{};
  // Bit n set when some word of n bytes starts with this byte.
  std::array<uint64_t, 256> lengths_by_first_{};
  // lengths_by_first_, and bit n when some negative prefix of n bytes or
  // fewer starts with this byte.
  std::array<uint64_t, 256> may_matter_{};
  // Bit k set when kNegativePrefixes[k] starts with this byte.
  std::array<uint16_t, 256> prefixes_by_first_{};
  std::array<PackedWord, kNegativePrefixes.size()> prefixes_{};
  std::array<PackedWord, kNegativePrefixes.size()> prefix_masks_{};
};

constexpr NameWordTable kNameWords;

// A style that hides the element: display:none or visibility:hidden, however
// spaced and cased. The lower-cased, space-free copy goes to a buffer reused
// across calls (one per thread): pages put a style on many elements.
bool StyleHides(std::string_view style) {
  thread_local std::string compact;
  compact.clear();
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(Lower(c));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsLandmarkRole(std::string_view role) {
  return role == "navigation" || role == "complementary" || role == "banner" ||
         role == "contentinfo" || role == "search" || role == "dialog" || role == "menu" ||
         role == "menubar" || role == "toolbar";
}

// What an element's attributes say about it, read in one pass.
enum class ElementClass : uint8_t {
  kNeutral,      // nothing special
  kHidden,       // hidden, aria-hidden, display:none: never text
  kArticleBody,  // itemprop=articleBody: never boilerplate
  kBoilerplate,  // class/id/role name boilerplate (share, related, nav, ...)
  kComments,     // reader comments
};

// What the words of one class or id value say.
enum NameFlag : uint8_t { kNegativeName = 1, kCommentName = 2, kEmbedName = 4 };

// The NameFlags of one word of a class or id value that MayMatter. Apart
// from NameFlags: few words get here.
[[gnu::noinline]] uint8_t CandidateWordFlags(std::string_view word) {
  const NameWordTable& words = kNameWords;
  const PackedWord packed = Pack(word);
  switch (words.Find(packed, word.size())) {
    case kNegativeWord:
      return kNegativeName;
    case kCommentWord:
      return kCommentName;
    case kEmbedWord:
      return kEmbedName;
    default:
      return words.HasNegativePrefix(packed, word.size()) ? kNegativeName : 0;
  }
}

uint8_t NameFlags(std::string_view value) {
  // The value, then kNamePadding zeros: a buffer reused across calls.
  thread_local std::string padded;
  padded.assign(value);
  padded.append(kNamePadding, '\0');
  uint8_t flags = 0;
  const NameWordTable& words = kNameWords;
  ForEachNameWord(std::string_view(padded).substr(0, value.size()), [&](std::string_view word) {
    if (words.MayMatter(LowerNameByte(word[0]), word.size())) flags |= CandidateWordFlags(word);
  });
  return flags;
}

// NameFlags remembered per distinct value: pages repeat the same class names
// on many elements (about half of the class/id bytes of the AEB pages are
// repeats), and hashing a value is cheaper than splitting it into words.
// Entries hold views into one document; a new generation per document keeps
// them from being compared once it is gone. One per thread.
class NameFlagsCache {
 public:
  void NewDocument() {
    if (++generation_ == 0) {  // wrapped: forget everything
      entries_.fill(Entry());
      generation_ = 1;
    }
  }

  uint8_t Get(std::string_view value) {
    const uint64_t hash = XXH3_64bits(value.data(), value.size());
    Entry& e = entries_[hash & (kEntries - 1)];
    if (e.generation != generation_ || e.hash != hash || e.value != value) {
      e = {value, hash, generation_, NameFlags(value)};
    }
    return e.flags;
  }

 private:
  static constexpr size_t kEntries = 1024;
  struct Entry {
    std::string_view value;
    uint64_t hash = 0;
    uint32_t generation = 0;
    uint8_t flags = 0;
  };
  std::array<Entry, kEntries> entries_{};
  uint32_t generation_ = 0;
};

// Whether `s` is the string literal `literal`: a memcmp of constant size,
// which the compiler inlines (string_view's == calls memcmp).
template <size_t N>
bool Is(std::string_view s, const char (&literal)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), literal, N - 1) == 0;
}

ElementClass ClassifyElement(const Document& doc, uint32_t element, NameFlagsCache& names) {
  uint8_t flags = 0;
  bool role_negative = false;
  for (const Attribute& a : doc.attributes(element)) {
    std::string_view name = a.name;
    if (Is(name, "class") || Is(name, "id")) {
      flags |= names.Get(a.value);
    } else if (Is(name, "hidden")) {
      return ElementClass::kHidden;
    } else if (Is(name, "aria-hidden")) {
      if (a.value == "true") return ElementClass::kHidden;
    } else if (Is(name, "style")) {
      if (StyleHides(a.value)) return ElementClass::kHidden;
    } else if (Is(name, "itemprop")) {
      if (a.value.find("articleBody") != std::string_view::npos ||
          a.value.find("reviewBody") != std::string_view::npos) {
        return ElementClass::kArticleBody;
      }
    } else if (Is(name, "role")) {
      if (IsLandmarkRole(a.value)) role_negative = true;
    }
  }
  if (flags & kCommentName) return ElementClass::kComments;
  // Embedded posts quoted by the article are its content.
  if (flags & kEmbedName) return ElementClass::kNeutral;
  return (flags & kNegativeName) || role_negative ? ElementClass::kBoilerplate
                                                  : ElementClass::kNeutral;
}

// ---------------------------------------------------------------------------
// Linearisation: the page as a sequence of raw blocks.

// A link inside a raw block. It becomes a Link (resolved href, own text) only
// when its block is emitted: most blocks of a page are not.
struct PendingLink {
  std::string_view href;  // as written in the page
  uint32_t begin = 0;     // offsets into the block text as it was when the link closed
  uint32_t end = 0;
};

// A block of the linearised page. Its text and links live in the page's
// Linearized buffers: a block becomes a TextBlock, with strings of its own,
// only when it is emitted, and most blocks of a page are not.
struct RawBlock {
  BlockKind kind = BlockKind::kParagraph;
  int heading_level = 0;
  bool emphasized = false;
  uint32_t text_begin = 0;  // [text_begin, text_end) in Linearized::text
  uint32_t text_end = 0;
  uint32_t links_begin = 0;  // [links_begin, links_end) in Linearized::links
  uint32_t links_end = 0;
  uint32_t owner = kNone;      // the block-level element whose content this is
  uint32_t soft_skip = kNone;  // innermost soft-skipped ancestor, or kNone
  uint32_t link_bytes = 0;     // bytes of text inside links
  uint32_t chars = 0;          // CharCount of the text (set by FindMainContent)
  double text_weight = 0;      // BlockWeight ignoring soft skips (set by FindMainContent)
};

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The bytes where a run of visible text may end: IsSpace and 0xC2, the lead
// byte of NBSP. A table, as the linearizer tests every byte of the page text.
constexpr std::array<bool, 256> kMayEndRun = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f'}) t[c] = true;
  t[0xC2] = true;
  return t;
}();

// kMayEndRun without 0xC2: the bytes that are whitespace on their own.
constexpr std::array<bool, 256> kAsciiSpace = [] {
  std::array<bool, 256> t = kMayEndRun;
  t[0xC2] = false;
  return t;
}();

// The page as raw blocks, in document order.
#if defined(__SSE2__)
// The sum of the 16 byte lanes of per-lane counts (each at most 255): the
// counting loops below add 0/1 per lane for up to 255 steps, then sum here
// (a popcount is a libgcc call without -mpopcnt).
size_t SumByteLanes(__m128i lanes) {
  const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
  return static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
         static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
}
#endif

struct Linearized {
  std::vector<RawBlock> blocks;
  std::string text;                // the texts of all blocks, one after another
  std::vector<PendingLink> links;  // the links of all blocks, in order

  std::string_view TextOf(const RawBlock& b) const {
    return std::string_view(text).substr(b.text_begin, b.text_end - b.text_begin);
  }
};

// Blocks carry no soft skip: FindMainContent decides those from the blocks.
class Linearizer {
 public:
  // Appends to `page`, which must be empty.
  Linearizer(const Document& doc, const std::vector<uint8_t>& skip, Linearized& page)
      : doc_(doc), skip_(skip), page_(page) {}

  void Run() {
    Walk(Document::kRoot, BlockKind::kParagraph, 0);
    Flush();
  }

 private:
  void Walk(uint32_t index, BlockKind context, uint32_t depth) {
    const Node& n = doc_.node(index);
    if (n.is_text()) {
      AppendText(n.text);
      return;
    }
    if (skip_[index]) return;
    Tag tag = n.tag;
    if (tag == Tag::kBr) {
      // One <br> is a line break inside the block; two in a row end it.
      if (!current_text_.empty() && current_text_.back() == '\n') {
        current_text_.pop_back();
        Flush();
      } else if (!current_text_.empty()) {
        current_text_.push_back('\n');
        pending_space_ = false;
      }
      return;
    }
    if (tag == Tag::kHr) {
      Flush();
      return;
    }
    if (tag == Tag::kImg) return;
    if (tag == Tag::kTable && IsDataTable(index)) {
      Flush();
      EmitTable(index);
      return;
    }
    if (tag == Tag::kPre) {
      Flush();
      EmitPre(index);
      return;
    }
    bool block = IsBlockTag(tag);
    BlockKind kind = context;
    if (block) {
      Flush();
      if (int level = HeadingLevel(tag); level > 0) {
        kind = BlockKind::kHeading;
        heading_level_ = level;
      } else if (tag == Tag::kLi || tag == Tag::kDd || tag == Tag::kDt) {
        kind = BlockKind::kListItem;
      } else if (tag == Tag::kBlockquote) {
        kind = BlockKind::kBlockquote;
      } else if (tag == Tag::kCaption || tag == Tag::kFigcaption) {
        kind = BlockKind::kCaption;
      }
      owner_ = index;
      kind_ = kind;
    }
    bool link = tag == Tag::kA && link_start_ == kNone;
    bool emphasis = tag == Tag::kEm || tag == Tag::kI || tag == Tag::kStrong || tag == Tag::kB;
    if (link) {
      link_start_ = kPending;
      link_href_ = doc_.attr(index, "href");
    }
    if (emphasis) ++emphasis_depth_;
    if (depth < 512) {
      for (uint32_t c = n.first_child; c != kNone; c = doc_.node(c).next_sibling) {
        // Text and skipped children are dealt with here, without the call
        // (half the nodes of a page are text).
        const Node& child = doc_.node(c);
        if (child.is_text()) {
          AppendText(child.text);
        } else if (!skip_[c]) {
          Walk(c, kind, depth + 1);
        }
      }
    }
    if (emphasis) --emphasis_depth_;
    if (link) CloseLink();
    if (block) {
      Flush();
      owner_ = n.parent;
      kind_ = context;
      heading_level_ = 0;
    }
  }

  // Appends text with whitespace (and NBSP) runs collapsed to one space,
  // copying runs of visible bytes at once. Text of ASCII whitespace only (the
  // indentation between tags, a good part of the text nodes) just leaves a
  // pending space, here without the call.
  void AppendText(std::string_view text) {
    if (!text.empty() && kAsciiSpace[static_cast<unsigned char>(text[0])] && AllAsciiSpace(text)) {
      pending_space_ = true;
      return;
    }
    AppendRuns(text);
  }

  [[gnu::noinline]] void AppendRuns(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      if (size_t space = SpaceAt(text, i); space > 0) {
        i = SkipAsciiSpace(text, i + space);
        pending_space_ = true;
        continue;
      }
      size_t run_end = RunEnd(text, i + 1);
      if (current_text_.empty()) all_emphasized_ = true;
      if (pending_space_ && !current_text_.empty() && current_text_.back() != '\n') {
        current_text_.push_back(' ');
      }
      pending_space_ = false;
      if (link_start_ == kPending) link_start_ = static_cast<uint32_t>(current_text_.size());
      if (emphasis_depth_ == 0) all_emphasized_ = false;
      current_text_.append(text.data() + i, run_end - i);
      if (link_start_ != kNone) {
        // Link bytes count the visible bytes only, not the single spaces the
        // run took in (the only ' ' bytes a run holds).
        const size_t spaces = CountSpaces(text.substr(i, run_end - i));
        current_link_bytes_ += static_cast<uint32_t>(run_end - i - spaces);
      }
      i = run_end;
    }
  }

  // The number of ' ' bytes in `s`, 16 bytes a step: link texts (menus,
  // related-article lists) are a good part of a page's text.
  static size_t CountSpaces(std::string_view s) {
    size_t spaces = 0;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' ');
    while (s.size() - i >= 16) {
      __m128i lanes = _mm_setzero_si128();
      for (int k = 0; k < 255 && s.size() - i >= 16; ++k, i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, space));
      }
      spaces += SumByteLanes(lanes);
    }
#endif
    for (; i < s.size(); ++i) spaces += s[i] == ' ';
    return spaces;
  }

  // Whether every byte of `text` is kAsciiSpace. Most texts that are (the
  // indentation between tags) are short: those under 16 bytes are checked in
  // one step too, from two overlapping loads of 8 or 4 bytes.
  static bool AllAsciiSpace(std::string_view text) {
    const size_t n = text.size();
    const char* p = text.data();
#if defined(__SSE2__)
    const auto space_lanes = [](__m128i v) {
      const __m128i m =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\f'))));
      return static_cast<unsigned>(_mm_movemask_epi8(m));
    };
    if (n >= 16) return SkipAsciiSpace(text, 0) == n;
    if (n >= 8) {
      const __m128i v =
          _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                             _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8)));
      return space_lanes(v) == 0xFFFFu;
    }
    if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, p, sizeof head);
      std::memcpy(&tail, p + n - 4, sizeof tail);
      const __m128i v = _mm_set_epi32(0, 0, static_cast<int>(tail), static_cast<int>(head));
      return (space_lanes(v) & 0xFFu) == 0xFFu;
    }
#endif
    return SkipAsciiSpace(text, 0) == n;
  }

  // The first position at or after `from` that is not kAsciiSpace. Runs of it
  // are the indentation between tags: a page holds many, of tens of bytes.
  static size_t SkipAsciiSpace(std::string_view text, size_t from) {
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    const __m128i ff = _mm_set1_epi8('\f');
    while (text.size() - from >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
      const __m128i m =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                                    _mm_cmpeq_epi8(v, ff)));
      const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(m)) & 0xFFFFu;
      if (other != 0) return from + static_cast<size_t>(__builtin_ctz(other));
      from += 16;
    }
#endif
    while (from < text.size() && kAsciiSpace[static_cast<unsigned char>(text[from])]) ++from;
    return from;
  }

  // The end of the run that starts at `from`: the first whitespace (or the
  // end) that is not a single ' ' between two visible bytes. The run takes
  // those single spaces in, so "a b c" is appended at once rather than word by
  // word; the text is the same, since collapsing a lone ' ' after a visible
  // byte yields that ' '.
  static size_t RunEnd(std::string_view text, size_t from) {
    for (;;) {
      from = FindRunStop(text, from);
      if (from == text.size()) return from;
      if (IsSingleSpaceAt(text, from)) {
        ++from;  // at the end of a 16-byte window, where FindRunStop stops
        continue;
      }
      if (SpaceAt(text, from) > 0) return from;
      ++from;  // 0xC2 leading another character than NBSP
    }
  }

  // A ' ' followed by a byte that is not in kMayEndRun.
  static bool IsSingleSpaceAt(std::string_view text, size_t i) {
    return text[i] == ' ' && i + 1 < text.size() &&
           !kMayEndRun[static_cast<unsigned char>(text[i + 1])];
  }

  // The first position at or after `from` whose byte is in kMayEndRun, except
  // single spaces (IsSingleSpaceAt) that the SSE2 path sees as such; callers
  // check the position returned with IsSingleSpaceAt.
  static size_t FindRunStop(std::string_view text, size_t from) {
#if defined(__SSE2__)
    // 16 bytes a step: runs of visible text are the bulk of the page text.
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    const __m128i ff = _mm_set1_epi8('\f'), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
    while (text.size() - from >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from));
      const __m128i is_space = _mm_cmpeq_epi8(v, space);
      const __m128i m =
          _mm_or_si128(_mm_or_si128(_mm_or_si128(is_space, _mm_cmpeq_epi8(v, tab)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))),
                       _mm_or_si128(_mm_cmpeq_epi8(v, ff), _mm_cmpeq_epi8(v, c2)));
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(m));
      // Bit k: a ' ' whose next byte, inside this window, may not end a run.
      const unsigned single =
          static_cast<unsigned>(_mm_movemask_epi8(is_space)) & ~(mask >> 1) & 0x7FFFu;
      const unsigned stop = mask & ~single;
      if (stop != 0) return from + static_cast<size_t>(__builtin_ctz(stop));
      from += 16;
    }
#endif
    while (from < text.size() && !kMayEndRun[static_cast<unsigned char>(text[from])]) ++from;
    return from;
  }

  // The size of the whitespace character at text[i]: 1 for IsSpace, 2 for
  // NBSP, 0 for anything else.
  static size_t SpaceAt(std::string_view text, size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!kMayEndRun[c]) return 0;
    if (c != 0xC2) return 1;
    return IsNbspAt(text, i) ? 2 : 0;
  }

  static bool IsNbspAt(std::string_view text, size_t i) {
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) == 0xA0;
  }

  void CloseLink() {
    if (link_start_ != kNone && link_start_ != kPending) {
      // A bare URL written out in the text is text, not navigation.
      std::string_view shown = std::string_view(current_text_).substr(link_start_);
      if (shown.starts_with("http://") || shown.starts_with("https://") ||
          shown.starts_with("www.")) {
        current_link_bytes_ -= std::min<uint32_t>(current_link_bytes_, shown.size());
      }
      page_.links.push_back({link_href_, link_start_, static_cast<uint32_t>(current_text_.size())});
    }
    link_start_ = kNone;
  }

  // Ends the current block. Most calls (at both ends of every block element)
  // find no text and no open link: that case is inline, without a call.
  void Flush() {
    if (current_text_.empty() && (link_start_ == kNone || link_start_ == kPending)) {
      pending_space_ = false;
      DropUnownedLinks();
      current_link_bytes_ = 0;
      return;
    }
    FlushBlock();
  }

  [[gnu::noinline]] void FlushBlock() {
    if (link_start_ != kNone && link_start_ != kPending) {
      // A block boundary inside a link: close the part in this block, continue after.
      CloseLink();
      link_start_ = kPending;
    }
    pending_space_ = false;
    while (!current_text_.empty() && current_text_.back() == '\n') current_text_.pop_back();
    if (current_text_.empty()) {
      DropUnownedLinks();
      current_link_bytes_ = 0;
      return;
    }
    RawBlock& raw = AddBlock(kind_, current_text_, owner_ == kNone ? Document::kRoot : owner_);
    raw.heading_level = kind_ == BlockKind::kHeading ? heading_level_ : 0;
    raw.emphasized = all_emphasized_;
    raw.link_bytes = current_link_bytes_;
    // current_text_ keeps its capacity for the next block.
    current_text_.clear();
    current_link_bytes_ = 0;
  }

  // Drops the links added since the last block (links without text, in no
  // block). Most calls find none: the check saves the call to resize.
  void DropUnownedLinks() {
    if (page_.links.size() != current_links_begin_) page_.links.resize(current_links_begin_);
  }

  // Appends a block whose links are those added since the last block.
  RawBlock& AddBlock(BlockKind kind, std::string_view text, uint32_t owner) {
    RawBlock& raw = page_.blocks.emplace_back();
    raw.kind = kind;
    raw.text_begin = static_cast<uint32_t>(page_.text.size());
    page_.text.append(text);
    raw.text_end = static_cast<uint32_t>(page_.text.size());
    raw.links_begin = current_links_begin_;
    raw.links_end = current_links_begin_ = static_cast<uint32_t>(page_.links.size());
    raw.owner = owner;
    return raw;
  }

  // A table of data (not page layout): no nested tables and no long paragraphs.
  bool IsDataTable(uint32_t table) const {
    uint32_t cells = 0;
    bool data = true;
    VisitInOrder(table, [&](uint32_t e) {
      Tag t = doc_.node(e).tag;
      if (e != table && t == Tag::kTable) data = false;
      if (t == Tag::kP || t == Tag::kDiv || t == Tag::kUl || t == Tag::kOl || t == Tag::kH1 ||
          t == Tag::kH2 || t == Tag::kH3 || t == Tag::kBlockquote) {
        data = false;
      }
      if (t == Tag::kTd || t == Tag::kTh) ++cells;
      return true;
    });
    return data && cells >= 2;
  }

  // Rows on lines, cells separated by " | ".
  void EmitTable(uint32_t table) {
    std::vector<std::pair<uint32_t, std::string>> rows;  // caption first
    std::string caption;
    VisitInOrder(table, [&](uint32_t e) {
      Tag t = doc_.node(e).tag;
      if (t == Tag::kCaption) {
        caption = Collapse(doc_.RawText(e));
        return false;
      }
      if (t == Tag::kTr) {
        std::string row;
        for (uint32_t c = doc_.node(e).first_child; c != kNone; c = doc_.node(c).next_sibling) {
          const Node& cell = doc_.node(c);
          if (!cell.is_element() || skip_[c]) continue;
          std::string text = Collapse(doc_.RawText(c));
          if (text.empty()) continue;
          if (!row.empty()) row += " | ";
          row += text;
        }
        if (!row.empty()) rows.push_back({e, std::move(row)});
        return false;
      }
      return true;
    });
    if (!caption.empty()) AddBlock(BlockKind::kCaption, caption, table);
    std::string text;
    for (auto& [row_index, row] : rows) {
      if (!text.empty()) text.push_back('\n');
      text += row;
    }
    if (!text.empty()) AddBlock(BlockKind::kTable, text, table);
  }

  void EmitPre(uint32_t pre) {
    std::string text = doc_.RawText(pre);
    size_t b = 0;
    while (b < text.size() && (text[b] == '\n' || text[b] == '\r')) ++b;
    size_t e = text.size();
    while (e > b && IsSpace(static_cast<unsigned char>(text[e - 1]))) --e;
    if (e > b) AddBlock(BlockKind::kPre, std::string_view(text).substr(b, e - b), pre);
  }

  // Pre-order over elements; fn returns false to skip an element's children.
  template <typename Fn>
  void VisitInOrder(uint32_t root, Fn&& fn) const {
    std::vector<uint32_t> stack = {root};
    while (!stack.empty()) {
      uint32_t e = stack.back();
      stack.pop_back();
      const Node& n = doc_.node(e);
      if (!n.is_element() || skip_[e]) continue;
      if (!fn(e)) continue;
      size_t mark = stack.size();
      for (uint32_t c = n.first_child; c != kNone; c = doc_.node(c).next_sibling)
        stack.push_back(c);
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
    }
  }

  static std::string Collapse(std::string_view text) {
    std::string out;
    bool space = false;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (IsSpace(c) || IsNbspAt(text, i)) {
        i += IsSpace(c) ? 0 : 1;
        space = true;
        continue;
      }
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    }
    return out;
  }

  static constexpr uint32_t kPending = kNone - 1;

  const Document& doc_;
  const std::vector<uint8_t>& skip_;
  Linearized& page_;
  std::string current_text_;
  uint32_t current_links_begin_ = 0;  // the current block's links start here in page_.links
  uint32_t owner_ = kNone;
  BlockKind kind_ = BlockKind::kParagraph;
  int heading_level_ = 0;
  bool pending_space_ = false;
  bool all_emphasized_ = true;
  int emphasis_depth_ = 0;
  uint32_t link_start_ = kNone;
  std::string_view link_href_;
  uint32_t current_link_bytes_ = 0;
};

// ---------------------------------------------------------------------------
// Block quality

// Counts UTF-8 code points, an approximation of visible characters: the bytes
// that are not continuation bytes (0x80..0xBF).
uint32_t CharCount(std::string_view s) {
  size_t continuation = 0;
  size_t i = 0;
#if defined(__SSE2__)
  // Continuation bytes are the signed bytes below -64; each block of up to
  // 255 vectors adds its per-lane counts in 8-bit lanes, then sums them.
  const __m128i limit = _mm_set1_epi8(-64);
  while (s.size() - i >= 16) {
    __m128i lanes = _mm_setzero_si128();
    for (int k = 0; k < 255 && s.size() - i >= 16; ++k, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(v, limit));
    }
    continuation += SumByteLanes(lanes);
  }
#endif
  // Then 8 bytes a step (most blocks are short): bit 7 of each byte set when
  // the byte is 10xxxxxx, the bits summed by one multiplication.
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  for (; s.size() - i >= 8; i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, sizeof word);
    const uint64_t marks = word & ~(word << 1) & kHigh;
    continuation += static_cast<size_t>(((marks >> 7) * 0x0101010101010101ull) >> 56);
  }
  if (i < s.size() && s.size() >= 8) {
    // The last 1..7 bytes: the last 8 of `s`, those counted already (the low
    // bytes) shifted out.
    uint64_t word;
    std::memcpy(&word, s.data() + s.size() - 8, sizeof word);
    const uint64_t marks = (word & ~(word << 1) & kHigh) >> (8 * (8 - (s.size() - i)));
    continuation += static_cast<size_t>(((marks >> 7) * 0x0101010101010101ull) >> 56);
    i = s.size();
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return static_cast<uint32_t>(s.size() - continuation);
}

bool EndsSentence(std::string_view s) {
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ':' || c == ')') return true;
  // Closing curly quote ” or ’ (E2 80 9D / E2 80 99).
  return s.size() >= 3 && static_cast<unsigned char>(s[s.size() - 3]) == 0xE2 &&
         static_cast<unsigned char>(s[s.size() - 2]) == 0x80 &&
         (static_cast<unsigned char>(s.back()) == 0x9D ||
          static_cast<unsigned char>(s.back()) == 0x99);
}

// Words are runs of bytes other than ' ': a word starts at such a byte that
// opens `s` or follows a ' '.
uint32_t CountWords(std::string_view s) {
  if (s.empty()) return 0;
  size_t words = s[0] != ' ';
  size_t i = 1;
#if defined(__SSE2__)
  // 16 starts a step, each byte compared with the one before it (one load
  // back, always inside `s` as i >= 1); per-lane counts (SumByteLanes).
  const __m128i space = _mm_set1_epi8(' ');
  while (s.size() - i >= 16) {
    __m128i lanes = _mm_setzero_si128();
    for (int k = 0; k < 255 && s.size() - i >= 16; ++k, i += 16) {
      const __m128i here =
          _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)), space);
      const __m128i before = _mm_cmpeq_epi8(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i - 1)), space);
      lanes = _mm_sub_epi8(lanes, _mm_andnot_si128(here, before));
    }
    words += SumByteLanes(lanes);
  }
#endif
  for (; i < s.size(); ++i) words += s[i] != ' ' && s[i - 1] == ' ';
  return static_cast<uint32_t>(words);
}

// Short lines that are page furniture wherever they appear, in lower case and
// without trailing ':', '.' or ' '. The array is larger than the list: its
// empty entries make a line of only those bytes furniture too.
constexpr std::array<std::string_view, 43> kFurniturePhrases = {
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading",
    "continue reading below",
    "read more",
    "read more below",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "email",
    "print",
    "related",
    "related articles",
    "related stories",
    "related content",
    "recommended",
    "sign up",
    "subscribe",
    "loading",
    "loading...",
    "click here",
    "skip to content",
    "follow us",
    "image",
    "photo",
    "listen to this article",
    "scroll to continue with content",
};

// Bit n set when some furniture phrase has n bytes.
constexpr uint64_t FurnitureSizes() {
  uint64_t bits = 0;
  for (size_t i = 0; i < kFurniturePhrases.size(); ++i) {
    bits |= uint64_t{1} << kFurniturePhrases[i].size();
  }
  return bits;
}
constexpr uint64_t kFurnitureSizes = FurnitureSizes();

bool IsFurniture(std::string_view text) {
  constexpr size_t kMaxSize = 60;
  if (text.size() > kMaxSize) return false;
  // Trimmed before it is lower-cased (the trimmed bytes have no case): most
  // lines then have a size that no phrase has.
  while (!text.empty() && (text.back() == ':' || text.back() == '.' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if ((kFurnitureSizes >> text.size() & 1) == 0) return false;
  char lower[kMaxSize];
  for (size_t i = 0; i < text.size(); ++i) lower[i] = Lower(text[i]);
  const std::string_view t(lower, text.size());
  for (std::string_view p : kFurniturePhrases) {
    if (t == p) return true;
  }
  return false;
}

// A teaser of another article: a summary cut off with "..." or "…".
bool IsTeaser(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text.size() > 3 && (text.ends_with("...") || text.ends_with("\xE2\x80\xA6")) &&
         !text.ends_with("....");
}

// Short lines that are not links (lists, captions, datelines) count a little
// against a container: they are neither prose nor navigation.
constexpr double kShortTextWeight = -0.1;

// Evidence that a raw block is article prose (positive) or furniture (negative).
// `text` is the block's; `raw.chars` must be set.
double BlockWeight(const RawBlock& raw, std::string_view text) {
  double chars = raw.chars;
  double link_density = text.empty() ? 0 : static_cast<double>(raw.link_bytes) / text.size();
  if (raw.soft_skip != kNone) return -chars;
  if (link_density > 0.5) return -chars;
  if (raw.kind == BlockKind::kHeading) return 0;
  if (IsFurniture(text)) return -chars;
  if (IsTeaser(text)) return -chars;
  uint32_t words = CountWords(text);
  bool prose = (chars >= 80 && words >= 12) || (chars >= 30 && words >= 5 && EndsSentence(text));
  if (!prose) return kShortTextWeight * chars;
  return chars * (1.0 - link_density);
}

// The text a link had when it closed: `text` then may have lost trailing
// '\n's (a <br> at the end of a block), never anything else.
std::string LinkText(std::string_view text, uint32_t begin, uint32_t end) {
  std::string out(text.substr(std::min<size_t>(begin, text.size()), end - begin));
  out.resize(end - begin, '\n');
  return out;
}

// An emitted block, its pending links made into Links, their hrefs resolved
// against `base_url` when `resolve` is set and as written otherwise.
// Appended to `out` and filled there, not moved in.
void AppendTextBlock(std::vector<TextBlock>& out, const Linearized& page, const RawBlock& raw,
                     std::string_view base_url, bool resolve) {
  TextBlock& block = out.emplace_back();
  block.kind = raw.kind;
  block.text = page.TextOf(raw);
  block.heading_level = raw.heading_level;
  block.emphasized = raw.emphasized;
  block.links.reserve(raw.links_end - raw.links_begin);
  for (uint32_t k = raw.links_begin; k < raw.links_end; ++k) {
    const PendingLink& p = page.links[k];
    Link& l = block.links.emplace_back();
    l.href = resolve ? ResolveUrl(base_url, p.href) : std::string(p.href);
    l.begin = p.begin;
    l.end = p.end;
    l.text = LinkText(block.text, p.begin, p.end);
  }
}

// FindMainContent's soft skip not yet worked out for a node.
constexpr uint32_t kSoftUnknown = kNone - 1;

// A non-root element and its parent (FindMainContent).
struct ElementLink {
  uint32_t index;
  uint32_t parent;  // the node count, a slot of its own, for an orphan
};

// FindMainContent's per-node arrays, kept across pages by each thread so
// that they are reused rather than allocated and freed per page.
struct Scratch {
  std::vector<uint8_t> skip, soft_candidate;
  std::vector<ElementLink> elements;
  std::vector<double> prose, score;
  std::vector<uint32_t> soft, path;
  Linearized page;

  // Sized for a document of `n` nodes, all zero (`soft`: kSoftUnknown).
  // `prose` and `score` have one slot more, where orphans' sums go.
  void Reset(size_t n) {
    // A huge page's arrays (up to tens of MB) are not kept for small ones.
    constexpr size_t kKeepNodes = size_t{1} << 16;
    // Nor a huge page's text (up to the page's size).
    constexpr size_t kKeepTextBytes = size_t{1} << 20;
    if ((skip.capacity() > kKeepNodes && n < skip.capacity() / 4) ||
        page.text.capacity() > kKeepTextBytes) {
      *this = Scratch();
    }
    skip.assign(n, 0);
    soft_candidate.assign(n, 0);
    elements.clear();
    page.blocks.clear();
    page.text.clear();
    page.links.clear();
    prose.assign(n + 1, 0.0);
    score.assign(n + 1, 0.0);
    soft.assign(n, kSoftUnknown);
  }
};

// How many blocks around the article are searched for bylines and notices.
constexpr size_t kSecondaryBefore = 30;
constexpr size_t kSecondaryAfter = 60;

}  // namespace

Content FindMainContent(const Document& doc, std::string_view base_url) {
  Content content;
  const size_t n = doc.size();
  if (n == 0) return content;

  // Per-node scratch, one set per thread, reused across pages: cleared, not
  // freed.
  thread_local Scratch scratch;
  scratch.Reset(n);
  std::vector<uint8_t>& skip = scratch.skip;
  std::vector<uint8_t>& soft_candidate = scratch.soft_candidate;
  // The elements other than the root that are not skipped, in document
  // order, with their parents: only they can hold blocks, so the bottom-up
  // sums below go over them alone (text and skipped nodes would add 0).
  std::vector<ElementLink>& elements = scratch.elements;

  // Pass 1: hard skips (never text) and soft-skip candidates, top-down.
  thread_local NameFlagsCache name_flags;
  name_flags.NewDocument();
  for (uint32_t i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.parent != kNone && skip[node.parent]) {
      skip[i] = 1;
      continue;
    }
    if (!node.is_element()) continue;
    if (IsHardSkipTag(node.tag)) {
      skip[i] = 1;
      continue;
    }
    ElementClass element_class = ClassifyElement(doc, i, name_flags);
    if (element_class == ElementClass::kHidden) {
      skip[i] = 1;
      continue;
    }
    if (i != Document::kRoot) {
      // kNone (only the root's, by Document's contract) becomes n.
      elements.push_back({i, std::min(node.parent, static_cast<uint32_t>(n))});
    }
    if (element_class == ElementClass::kArticleBody) continue;
    if (element_class == ElementClass::kComments) {
      soft_candidate[i] = 2;
    } else if (element_class == ElementClass::kBoilerplate || IsSoftSkipTag(node.tag)) {
      soft_candidate[i] = 1;
    }
  }

  // Pass 2: linearise without soft skips to learn where the prose is.
  Linearized& page = scratch.page;
  Linearizer(doc, skip, page).Run();
  std::vector<RawBlock>& blocks = page.blocks;
  std::vector<double>& prose = scratch.prose;
  double total_prose = 0;
  for (RawBlock& b : blocks) {
    const std::string_view text = page.TextOf(b);
    b.chars = CharCount(text);
    double w = BlockWeight(b, text);  // soft_skip is unset here: the weight of the text alone
    b.text_weight = w;
    if (w > 0) {
      prose[b.owner] += w;
      total_prose += w;
    }
  }
  // Prose per subtree, bottom-up: a node's children come after it.
  for (size_t k = elements.size(); k-- > 0;) {
    prose[elements[k].parent] += prose[elements[k].index];
  }

  // A soft-skip element holding most of the page's prose is the article, not
  // boilerplate (sites that put the story in <header> or a "main-nav" wrapper).
  // soft[i]: the innermost soft-skipped element among i and its ancestors, or
  // kNone. Worked out only for the owners of blocks and their ancestors, each
  // node once: the path up to a node already known, then down it.
  std::vector<uint32_t>& soft = scratch.soft;
  std::vector<uint32_t>& path = scratch.path;
  auto soft_of = [&](uint32_t i) {
    path.clear();
    uint32_t x = i;
    for (; x != kNone && soft[x] == kSoftUnknown; x = doc.node(x).parent) path.push_back(x);
    uint32_t inner = x == kNone ? kNone : soft[x];
    for (size_t k = path.size(); k-- > 0;) {
      const uint32_t y = path[k];
      if (soft_candidate[y] != 0) {  // few elements
        const double waive = soft_candidate[y] == 2 ? 0.95 : 0.5;
        if (prose[y] < waive * total_prose) inner = y;
      }
      soft[y] = inner;
    }
    return soft[i];
  };
  for (RawBlock& b : blocks) b.soft_skip = soft_of(b.owner);

  // Pass 3: the element whose subtree has the largest net prose weight.
  std::vector<double>& score = scratch.score;
  for (const RawBlock& b : blocks) {
    score[b.owner] += b.soft_skip != kNone ? -static_cast<double>(b.chars) : b.text_weight;
  }
  // The best element is the first in document order with the highest score,
  // if that beats the root's. Found in the same bottom-up pass: score[i] is
  // final when i is reached, as its descendants come after it; going
  // backwards, ">=" lets the earlier of equal scores win.
  uint32_t candidate = kNone;
  double candidate_score = 0;
  for (size_t k = elements.size(); k-- > 0;) {
    const uint32_t i = elements[k].index;
    if (candidate == kNone || score[i] >= candidate_score) {
      candidate = i;
      candidate_score = score[i];
    }
    score[elements[k].parent] += score[i];
  }
  const uint32_t best =
      candidate != kNone && candidate_score > score[Document::kRoot] ? candidate : Document::kRoot;

  // Emit: blocks inside the best element that are not inside boilerplate below
  // it. Blocks near the article (before or after) go to `secondary`, where
  // bylines, taxonomy lines and notices are looked for. Nodes are appended
  // after their parents, so the subtree of `best` is [best, best_end), where
  // best_end follows its last descendant: the end of the last-child chain.
  uint32_t last = best;
  while (doc.node(last).last_child != kNone) last = doc.node(last).last_child;
  const uint32_t best_end = last + 1;
  auto inside_best = [&](uint32_t x) { return x >= best && x < best_end; };
  size_t first_in = blocks.size(), last_in = 0;
  for (size_t k = 0; k < blocks.size(); ++k) {
    if (inside_best(blocks[k].owner)) {
      first_in = std::min(first_in, k);
      last_in = k;
    }
  }
  // Room for every block that may be emitted: main blocks lie in
  // [first_in, last_in], secondary ones in the "near" range around it.
  if (first_in <= last_in) content.main.reserve(last_in - first_in + 1);
  const size_t near_begin = first_in > kSecondaryBefore ? first_in - kSecondaryBefore : 0;
  const size_t near_end = std::min(blocks.size(), last_in + kSecondaryAfter + 1);
  if (near_begin < near_end) content.secondary.reserve(near_end - near_begin);
  for (size_t k = 0; k < blocks.size(); ++k) {
    const RawBlock& b = blocks[k];
    const std::string_view text = page.TextOf(b);
    bool near = k + kSecondaryBefore >= first_in && k <= last_in + kSecondaryAfter;
    bool in_best = inside_best(b.owner);
    bool boiler = b.soft_skip != kNone && b.soft_skip != best && inside_best(b.soft_skip);
    double density = text.empty() ? 0 : double(b.link_bytes) / text.size();
    bool keep = in_best && !boiler && !IsFurniture(text) &&
                !(density > 0.5 && b.kind != BlockKind::kHeading);
    if (keep) {
      AppendTextBlock(content.main, page, b, base_url, /*resolve=*/true);
    } else if (near && text.size() < 4000) {
      AppendTextBlock(content.secondary, page, b, base_url, /*resolve=*/false);
    }
  }
  return content;
}

void ResolveLinks(TextBlock& block, std::string_view base_url) {
  for (Link& link : block.links) link.href = ResolveUrl(base_url, link.href);
}

}  // namespace newstrace::extract
