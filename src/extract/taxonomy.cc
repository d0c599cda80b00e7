// Taxonomy lines and bylines in visible text.
//
// A taxonomy block is one or more "Label: values" segments. Segments start at
// the block start, after a hard line break ('\n', see blocks.h), or right
// after a linked value when what follows looks like "Label: " (the same line
// rendered with its break collapsed to a space). Values are the block's links
// inside the segment when there are any (the text between them must be bare
// separators), else comma/semicolon/pipe-separated short phrases.
#include "extract/taxonomy.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/string_table.h"
#include "extract/dates.h"

namespace newstrace::extract {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t'; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWithCi(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    if (Lower(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

// Separators between values and around bylines: , ; | / · • – — and "and".
std::string_view TrimSeparators(std::string_view s) {
  static constexpr std::array<std::string_view, 6> kMulti{
      "\xc2\xb7", "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x80\x94", "\xc2\xbb", "\xe2\x80\xba"};
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    s = Trim(s);
    while (!s.empty() && (s.front() == ',' || s.front() == ';' || s.front() == '|' ||
                          s.front() == '/' || s.front() == '-' || s.front() == ':')) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == '|' ||
                          s.back() == '/' || s.back() == '-' || s.back() == ':')) {
      s.remove_suffix(1);
      changed = true;
    }
    // Every multi-byte separator starts with 0xC2 or 0xE2 and ends with one
    // of these bytes; most strings have none at either end.
    if (s.empty()) break;
    auto front = static_cast<unsigned char>(s.front());
    auto back = static_cast<unsigned char>(s.back());
    if (front != 0xC2 && front != 0xE2 && back != 0xB7 && back != 0xA2 && back != 0x93 &&
        back != 0x94 && back != 0xBB && back != 0xBA) {
      continue;
    }
    for (std::string_view m : kMulti) {
      if (s.starts_with(m)) {
        s.remove_prefix(m.size());
        changed = true;
      }
      if (s.ends_with(m)) {
        s.remove_suffix(m.size());
        changed = true;
      }
    }
  }
  return Trim(s);
}

bool OnlySeparators(std::string_view s) {
  s = TrimSeparators(s);
  return s.empty() || s == "and" || s == "&";
}

// ---------------------------------------------------------------------------
// Taxonomy.

bool IsLabelConnector(std::string_view w) {
  return w == "and" || w == "of" || w == "&" || w == "under" || w == "in" || w == "the" ||
         w == "by" || w == "for";
}

// Labels that are notices or running text, never taxonomies.
bool IsRejectedLabel(std::string_view lower) {
  static constexpr std::array<std::string_view, 42> kRejected{"note",
                                                              "note to readers",
                                                              "disclaimer",
                                                              "update",
                                                              "updated",
                                                              "correction",
                                                              "clarification",
                                                              "editor's note",
                                                              "editor\xe2\x80\x99s note",
                                                              "source",
                                                              "sources",
                                                              "photo",
                                                              "image",
                                                              "credit",
                                                              "credits",
                                                              "read more",
                                                              "read also",
                                                              "related",
                                                              "watch",
                                                              "listen",
                                                              "by",
                                                              "published",
                                                              "posted",
                                                              "share",
                                                              "follow",
                                                              "warning",
                                                              "breaking",
                                                              "exclusive",
                                                              "opinion",
                                                              "analysis",
                                                              "quote",
                                                              "q",
                                                              "a",
                                                              "copyright",
                                                              "email",
                                                              "contact",
                                                              "articles by",
                                                              "written by",
                                                              "author",
                                                              "authors",
                                                              "reporting by",
                                                              "words by"};
  for (std::string_view r : kRejected) {
    if (lower == r) return true;
  }
  return false;
}

// "Region", "In-depth Report", "Filed under": 1-4 words, each capitalised or a
// connector, at most 40 bytes, no sentence punctuation.
bool IsLabel(std::string_view label) {
  if (label.empty() || label.size() > 40) return false;
  if (!IsUpper(label[0]) && static_cast<unsigned char>(label[0]) < 0xC3) return false;
  int words = 0;
  size_t i = 0;
  while (i < label.size()) {
    size_t b = i;
    while (i < label.size() && label[i] != ' ') ++i;
    std::string_view w = label.substr(b, i - b);
    ++i;
    if (w.empty()) return false;
    for (char c : w) {
      if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == '"' || c == '(' ||
          c == ')' || c == ':' || IsDigit(c)) {
        return false;
      }
    }
    bool cap = IsUpper(w[0]) || static_cast<unsigned char>(w[0]) >= 0xC3;
    if (!cap && !(words > 0 && IsLabelConnector(w))) return false;
    if (++words > 4) return false;
  }
  return !IsRejectedLabel(LowerAscii(label));
}

std::string SchemeFor(std::string_view label) {
  std::string lower = LowerAscii(label);
  if (lower == "tags" || lower == "tag" || lower == "topics" || lower == "topic" ||
      lower == "filed under" || lower == "tagged" || lower == "tagged with") {
    return "tag";
  }
  if (lower == "section" || lower == "sections" || lower == "category" || lower == "categories" ||
      lower == "posted in" || lower == "filed in") {
    return "section";
  }
  if (lower == "keywords" || lower == "keyword") return "keyword";
  return std::string(label);
}

// Where "Label: " starting at p ends (the offset after ": "), or npos.
size_t LabelEnd(std::string_view text, size_t p) {
  size_t limit = std::min(text.size(), p + 42);
  size_t colon = text.find(':', p);
  if (colon == std::string_view::npos || colon >= limit) return std::string_view::npos;
  if (colon + 1 < text.size() && text[colon + 1] != ' ' && text[colon + 1] != '\n') {
    return std::string_view::npos;
  }
  if (!IsLabel(text.substr(p, colon - p))) return std::string_view::npos;
  return std::min(text.size(), colon + 2);
}

struct Segment {
  size_t label_begin;
  size_t value_begin;
  size_t end;
};

bool ParseValues(const TextBlock& block, const Segment& seg, std::string_view label,
                 std::vector<Category>& out) {
  std::string_view text = block.text;
  std::string scheme = SchemeFor(label);
  std::vector<const Link*> links;
  for (const Link& link : block.links) {
    if (link.begin >= seg.value_begin && link.end <= seg.end) links.push_back(&link);
  }
  size_t before = out.size();
  if (!links.empty()) {
    size_t cursor = seg.value_begin;
    for (const Link* link : links) {
      if (!OnlySeparators(text.substr(cursor, link->begin - cursor))) return false;
      std::string_view value = TrimSeparators(link->text);
      if (value.empty() || value.size() > 100) return false;
      out.push_back({scheme, std::string(value)});
      cursor = link->end;
    }
    if (!OnlySeparators(text.substr(cursor, seg.end - cursor))) return false;
    return out.size() > before;
  }
  std::string_view values = Trim(text.substr(seg.value_begin, seg.end - seg.value_begin));
  if (values.empty() || values.size() > 300) return false;
  if (values.back() == '.') return false;  // a sentence, not a list
  size_t i = 0;
  while (i <= values.size()) {
    size_t e = i;
    while (e < values.size() && values[e] != ',' && values[e] != ';' && values[e] != '|' &&
           values[e] != '\n') {
      ++e;
    }
    std::string_view value = TrimSeparators(values.substr(i, e - i));
    i = e + 1;
    if (value.empty()) continue;
    int words = 1;
    for (char c : value) words += c == ' ';
    if (words > 6 || value.size() > 60) return false;
    out.push_back({scheme, std::string(value)});
  }
  return out.size() > before;
}

// ---------------------------------------------------------------------------
// Bylines.

bool IsNameParticle(std::string_view w) {
  static constexpr std::array<std::string_view, 16> kParticles{
      "de", "van", "von", "der", "den", "da",  "di", "del",
      "du", "la",  "le",  "al",  "bin", "ibn", "y",  "dos"};
  if (w.size() > 3) return false;  // longer than any particle
  for (std::string_view p : kParticles) {
    if (w == p) return true;
  }
  return false;
}

// Role and outlet words in one keyword table, as bits: Classify looks up
// every word of every candidate byline piece.
enum PieceWord : int { kRoleWord = 1, kOutletWord = 2 };

const StringTable<256>& PieceWords() {
  static constexpr std::array<std::string_view, 24> kRoles{
      "staff",        "writer",    "correspondent", "editor",    "reporter",   "contributor",
      "columnist",    "senior",    "chief",         "bureau",    "journalist", "contributing",
      "special",      "political", "foreign",       "associate", "deputy",     "managing",
      "photographer", "producer",  "news",          "desk",      "team",       "analyst"};
  static constexpr std::array<std::string_view, 40> kOutlet{
      "research",   "news",      "times",      "post",      "press",     "media",    "journal",
      "herald",     "tribune",   "daily",      "weekly",    "magazine",  "review",   "network",
      "agency",     "radio",     "tv",         "channel",   "institute", "center",   "centre",
      "foundation", "report",    "outlook",    "gazette",   "observer",  "guardian", "monitor",
      "wire",       "insider",   "today",      "global",    "online",    "reuters",  "ap",
      "afp",        "bloomberg", "associated", "telegraph", "express"};
  static const StringTable<256> table = [] {
    StringTable<256> t;
    for (std::string_view w : kRoles) {
      // "news" is both: it is inserted once, with both bits.
      bool outlet = std::find(kOutlet.begin(), kOutlet.end(), w) != kOutlet.end();
      t.Insert(w, kRoleWord | (outlet ? kOutletWord : 0));
    }
    for (std::string_view w : kOutlet) {
      if (std::find(kRoles.begin(), kRoles.end(), w) == kRoles.end()) t.Insert(w, kOutletWord);
    }
    return t;
  }();
  return table;
}

bool HasPieceWordBit(std::string_view lower, int bit) {
  const int bits = PieceWords().Find(lower);
  return bits != StringTable<256>::kMissing && (bits & bit) != 0;
}

bool IsRoleWord(std::string_view lower) { return HasPieceWordBit(lower, kRoleWord); }

bool IsOutletWord(std::string_view lower) {
  if (HasPieceWordBit(lower, kOutletWord)) return true;
  return lower.find('.') != std::string_view::npos && lower.size() > 4;  // a domain
}

enum class PieceKind { kName, kRole, kOutlet, kOther };

bool IsBadPieceChar(char c) {
  return IsDigit(c) || c == '!' || c == '?' || c == ';' || c == '"' || c == '(' || c == ')';
}

PieceKind Classify(std::string_view piece) {
  piece = Trim(piece);
  if (piece.empty() || piece.size() > 60) return PieceKind::kOther;
  // First pass, cheap: punctuation, word count and capitals reject most text.
  int words = 0;
  bool all_cap = true;
  size_t i = 0;
  while (i < piece.size()) {
    size_t b = i;
    while (i < piece.size() && piece[i] != ' ') ++i;
    std::string_view w = piece.substr(b, i - b);
    ++i;
    if (w.empty()) continue;
    if (++words > 6) return PieceKind::kOther;
    for (char c : w) {
      if (IsBadPieceChar(c)) return PieceKind::kOther;
    }
    bool cap = IsUpper(w[0]) || static_cast<unsigned char>(w[0]) >= 0xC3;
    if (all_cap && !cap && !IsNameParticle(w)) all_cap = false;
  }
  if (words == 0) return PieceKind::kOther;
  // Second pass: role and outlet words, lower-cased in a stack buffer.
  bool role = false, outlet = false;
  char buf[64];
  i = 0;
  while (i < piece.size()) {
    size_t b = i;
    while (i < piece.size() && piece[i] != ' ') ++i;
    size_t len = i - b;
    ++i;
    if (len == 0) continue;
    for (size_t k = 0; k < len; ++k) buf[k] = Lower(piece[b + k]);
    std::string_view lower(buf, len);
    if (!role && IsRoleWord(lower)) role = true;
    // Without all capitals an outlet word changes nothing.
    if (all_cap && !outlet && IsOutletWord(lower)) outlet = true;
  }
  if (outlet && all_cap) return PieceKind::kOutlet;
  if (role) return PieceKind::kRole;
  if (!all_cap) return PieceKind::kOther;
  if (words == 1) return PieceKind::kOutlet;  // "Reuters", "Bellingcat": persons have two names
  return PieceKind::kName;
}

// Removes the date found in `text` ([begin, end) of the shortest substring
// that still gives the same normalised date) and returns the rest.
// `date` is not empty. Substrings without a year hold no date (IsYearAt), so
// starts after the last year and ends before the first one are not tried;
// the last start that gives the date is searched for from the end.
std::string RemoveDate(std::string_view text, const std::string& date) {
  size_t last_year = text.size();
  for (size_t i = text.size(); i-- > 0;) {
    if (IsYearAt(text, i)) {
      last_year = i;
      break;
    }
  }
  if (last_year == text.size()) return std::string(text);
  size_t begin = std::string_view::npos;
  for (size_t s = last_year + 1; s-- > 0;) {
    if (s != 0 && text[s - 1] != ' ' && text[s - 1] != ',' && text[s - 1] != '|') continue;
    if (FindDateInText(text.substr(s)) == date) {
      begin = s;
      break;
    }
  }
  if (begin == std::string_view::npos) return std::string(text);
  size_t first_year = begin;
  while (!IsYearAt(text, first_year)) ++first_year;  // begin <= last_year
  size_t end = text.size();
  for (size_t e = first_year + 4; e <= text.size(); ++e) {
    if (e < text.size() && text[e] != ' ' && text[e] != ',' && text[e] != '|') continue;
    if (FindDateInText(text.substr(begin, e - begin)) == date) {
      end = e;
      break;
    }
  }
  return std::string(text.substr(0, begin)) + " | " + std::string(text.substr(end));
}

// The second bytes of the separators that start with a space (SeparatorAt).
constexpr std::array<bool, 256> kMaySeparate = [] {
  std::array<bool, 256> t{};
  t['a'] = t['&'] = t['-'] = t[0xE2] = true;  // " and ", " & ", " - ", " — " / " – "
  return t;
}();

// The size of the piece separator at s[i], 0 when there is none: "," "|" ";"
// "\n" " and " " & " " — " " – " " - ".
// Inlined: ForEachPiece and HoldsYearOrSeparator call it on most bytes.
[[gnu::always_inline]] inline size_t SeparatorAt(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == ',' || c == '|' || c == ';' || c == '\n') return 1;
  // Every other separator is a space, one of the kMaySeparate bytes and
  // more: one table load spares the compares below at most spaces.
  if (c != ' ' || i + 1 == s.size() || !kMaySeparate[static_cast<unsigned char>(s[i + 1])]) {
    return 0;
  }
  if (s.compare(i, 5, " and ") == 0) return 5;
  if (s.compare(i, 3, " & ") == 0) return 3;
  if (s.compare(i, 5, " \xe2\x80\x94 ") == 0 || s.compare(i, 5, " \xe2\x80\x93 ") == 0) return 5;
  if (s.compare(i, 3, " - ") == 0) return 3;
  return 0;
}

// Calls visit(piece) for each piece of "A, B and C" / "A & B" / "A | Reuters",
// in order, until it returns false.
template <typename Visit>
void ForEachPiece(std::string_view s, Visit visit) {
  size_t i = 0, start = 0;
  bool go = true;
  auto push = [&](size_t end, size_t next) {
    std::string_view p = TrimSeparators(s.substr(start, end - start));
    if (!p.empty()) go = visit(p);
    start = next;
  };
  while (i < s.size() && go) {
    if (size_t separator = SeparatorAt(s, i); separator > 0) {
      push(i, i + separator);
      i += separator;
    } else {
      ++i;
    }
  }
  if (go) push(s.size(), s.size());
}

// Lower-case prefixes with the bytes they start with: most texts start with
// none of those, and skip the list after one table load.
template <size_t N>
struct PrefixList {
  std::array<std::string_view, N> prefixes;
  std::array<bool, 256> first_bytes{};
};

template <size_t N>
constexpr PrefixList<N> MakePrefixList(const std::array<std::string_view, N>& prefixes) {
  PrefixList<N> list{prefixes};
  for (std::string_view p : prefixes) {
    // Upper-case first bytes are lowered before the table is read.
    list.first_bytes[static_cast<unsigned char>(p[0])] = true;
  }
  return list;
}

// Prefixes that mark a byline; longest first.
constexpr auto kBylinePrefixes = MakePrefixList(std::array<std::string_view, 14>{
    "articles by:", "articles by", "written by:", "written by", "posted by:", "posted by",
    "reporting by", "words by", "authors:", "author:", "by:", "by ", "story by", "text by"});

// Labels of a publication date; longest first.
constexpr auto kDateLabels = MakePrefixList(std::array<std::string_view, 6>{
    "published:", "published on", "published", "posted on", "posted:", "date:"});

// The size of the first prefix in `list` that `s` starts with, in any case;
// 0 for none.
template <size_t N>
size_t PrefixAt(std::string_view s, const PrefixList<N>& list) {
  if (s.empty()) return 0;
  const char first = Lower(s[0]);
  if (!list.first_bytes[static_cast<unsigned char>(first)]) return 0;
  for (std::string_view prefix : list.prefixes) {
    if (prefix[0] == first && StartsWithCi(s, prefix)) return prefix.size();
  }
  return 0;
}

// The bytes a piece separator (SeparatorAt) or a year (IsYearAt) starts with.
constexpr std::array<bool, 256> kMayStartSeparatorOrYear = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {',', '|', ';', '\n', ' ', '1', '2'}) t[c] = true;
  return t;
}();

// Whether `s` holds a four-digit year (IsYearAt) or a piece separator
// (SeparatorAt). See ParseByline for why a line without either, and without
// a "By" prefix or a date label, is no byline.
bool HoldsYearOrSeparator(std::string_view s) {
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step (this runs on every short block of a page): a
  // one-byte separator ends the search; the positions of '1', '2' and of a
  // space before a kMaySeparate byte are checked one by one. The second load
  // reads up to byte i + 16, inside `s`.
  const auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hard =
        _mm_or_si128(_mm_or_si128(eq(v, ','), eq(v, '|')), _mm_or_si128(eq(v, ';'), eq(v, '\n')));
    if (_mm_movemask_epi8(hard) != 0) return true;
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    const __m128i may_separate =
        _mm_or_si128(_mm_or_si128(eq(next, 'a'), eq(next, '&')),
                     _mm_or_si128(eq(next, '-'), eq(next, static_cast<char>(0xE2))));
    const __m128i candidates =
        _mm_or_si128(_mm_and_si128(eq(v, ' '), may_separate), _mm_or_si128(eq(v, '1'), eq(v, '2')));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(candidates)); m != 0; m &= m - 1) {
      const size_t k = i + static_cast<size_t>(__builtin_ctz(m));
      if (s[k] == ' ' ? SeparatorAt(s, k) > 0 : IsYearAt(s, k)) return true;
    }
  }
#endif
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (!kMayStartSeparatorOrYear[static_cast<unsigned char>(c)]) continue;  // most bytes
    if (c == '1' || c == '2' ? IsYearAt(s, i) : SeparatorAt(s, i) > 0) return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<Category>> ParseTaxonomy(const TextBlock& block) {
  std::string_view text = block.text;
  if (text.empty() || text.size() > 600) return std::nullopt;
  if (block.kind != BlockKind::kParagraph && block.kind != BlockKind::kListItem) {
    return std::nullopt;
  }
  // Candidate segment starts: block start, after '\n', right after a link.
  std::vector<Segment> segments;
  auto try_start = [&](size_t p) {
    while (p < text.size() && text[p] == ' ') ++p;
    size_t value = LabelEnd(text, p);
    if (value == std::string_view::npos) return false;
    if (!segments.empty()) segments.back().end = p;
    segments.push_back({p, value, text.size()});
    return true;
  };
  if (!try_start(0)) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i > segments.back().value_begin) {
      if (!try_start(i + 1)) {
        // A line that is not "Label: ..." continues the previous values.
        continue;
      }
    }
  }
  if (segments.size() == 1 || text.find('\n') == std::string_view::npos) {
    for (const Link& link : block.links) {
      if (link.end >= text.size() || link.begin < segments.back().value_begin) continue;
      // Only where the next word is capitalised and followed by ": " soon.
      size_t p = link.end;
      while (p < text.size() && (text[p] == ' ' || text[p] == ',')) ++p;
      if (p < text.size() && IsUpper(text[p])) try_start(p);
    }
  }
  std::vector<Category> out;
  for (const Segment& seg : segments) {
    std::string_view label =
        Trim(text.substr(seg.label_begin, text.find(':', seg.label_begin) - seg.label_begin));
    if (!ParseValues(block, seg, label, out)) return std::nullopt;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<Byline> ParseByline(const TextBlock& block) {
  std::string_view text = Trim(block.text);
  if (text.empty() || text.size() > 200) return std::nullopt;
  if (block.kind == BlockKind::kPre || block.kind == BlockKind::kTable ||
      block.kind == BlockKind::kBlockquote) {
    return std::nullopt;
  }
  bool by = false;
  std::string_view rest = text;
  if (size_t size = PrefixAt(text, kBylinePrefixes); size > 0) {
    rest = Trim(rest.substr(size));
    by = true;
  }
  bool published_label = false;
  if (!by) {
    if (size_t size = PrefixAt(text, kDateLabels); size > 0) {
      rest = Trim(rest.substr(size));
      published_label = true;
    }
    // A modification date alone is not a byline's date.
    if (StartsWithCi(rest, "updated") || StartsWithCi(rest, "last updated") ||
        StartsWithCi(rest, "modified")) {
      return std::nullopt;
    }
  }
  // Most blocks end here, before the date search and the pieces. Without a
  // "By" prefix or a date label, a line is accepted below only with a date,
  // or with an author and a publisher, which are two pieces. Without a year
  // there is no date (every date FindDateInText finds holds one, dates.h),
  // so no date is cut out: `r` below is then a substring of `rest`, and
  // without a separator in `rest` it holds at most one piece.
  if (!by && !published_label && !HoldsYearOrSeparator(rest)) return std::nullopt;

  Byline out;
  out.date = FindDateInText(rest);
  std::string remainder;
  std::string_view r = rest;
  if (!out.date.empty()) {
    remainder = RemoveDate(rest, out.date);
    r = remainder;
  }
  // Drop "on", "Published", "Updated ..." words left around the date.
  // (t is TrimSeparators(r), recomputed only when r changes.)
  std::string_view t = TrimSeparators(r);
  static constexpr std::array<std::string_view, 5> kTails{" on", " published", " posted",
                                                          " updated", " at"};
  for (std::string_view tail : kTails) {
    if (t.size() >= tail.size() && StartsWithCi(t.substr(t.size() - tail.size()), tail)) {
      r = t.substr(0, t.size() - tail.size());
      t = TrimSeparators(r);
    }
  }
  size_t bar = r.find(" | ");
  if (bar != std::string_view::npos) {
    // "By A on | Updated ..." — what follows the date is not names.
    std::string_view after = TrimSeparators(r.substr(bar + 3));
    if (StartsWithCi(after, "updated") || StartsWithCi(after, "last updated") || after.empty()) {
      r = r.substr(0, bar);
    }
  }
  t = TrimSeparators(r);
  static constexpr std::array<std::string_view, 3> kHeads{"on ", "published ", "posted "};
  for (std::string_view head : kHeads) {
    if (StartsWithCi(t, head)) {
      r = t.substr(head.size());
      t = TrimSeparators(r);
    }
  }

  if (published_label) {
    bool any_piece = false;
    ForEachPiece(r, [&](std::string_view) { return !(any_piece = true); });
    if (out.date.empty() || any_piece) return std::nullopt;
    return out;
  }
  // More than 8 pieces, or any piece that is not a name, role or outlet,
  // rejects the line: stop at the first.
  size_t pieces = 0;
  bool rejected = false;
  ForEachPiece(r, [&](std::string_view p) {
    if (++pieces > 8) {
      rejected = true;
      return false;
    }
    switch (Classify(p)) {
      case PieceKind::kName:
        out.authors.emplace_back(p);
        break;
      case PieceKind::kOutlet:
        if (out.publisher.empty()) out.publisher = std::string(p);
        break;
      case PieceKind::kRole:
        break;
      case PieceKind::kOther:
        rejected = true;
        return false;
    }
    return true;
  });
  if (rejected) return std::nullopt;
  if (pieces == 0) {
    if (by || out.date.empty()) return std::nullopt;
    return out;
  }
  if (!by) {
    // Without "By", a line is a byline only when it pairs a name with an
    // outlet ("A, Reuters") or an outlet with a date ("Global Research,
    // January 16, 2020").
    if (out.authors.empty() && (out.publisher.empty() || out.date.empty())) return std::nullopt;
    // "Tony Cartalucci, January 16, 2020" (a name and a date) is accepted.
    if (!out.authors.empty() && out.publisher.empty() && out.date.empty()) return std::nullopt;
  }
  // "By Reuters": no person named; the agency is the publisher only.
  if (by && out.authors.empty() && out.publisher.empty()) return std::nullopt;
  return out;
}

}  // namespace newstrace::extract
