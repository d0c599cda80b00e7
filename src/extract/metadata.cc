#include "extract/metadata.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "extract/dates.h"

namespace newstrace::extract {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------- limits

constexpr size_t kMaxJsonLdBytes = 2u << 20;  // larger blocks are skipped
constexpr int kMaxJsonDepth = 64;             // deeper blocks are skipped
constexpr size_t kMaxJsonLdNodes = 10000;     // typed nodes looked at per page
constexpr size_t kMaxCategories = 50;
constexpr size_t kMaxBylineChars = 160;
constexpr size_t kMaxFieldChars = 4096;

// ---------------------------------------------------------------- sources
// The order in which sources win, per field (lower index wins).

constexpr std::string_view kJsonLd = "json-ld";
constexpr std::string_view kOpenGraph = "opengraph";
constexpr std::string_view kMeta = "meta";
constexpr std::string_view kDublinCore = "dublin-core";
constexpr std::string_view kMicrodata = "microdata";
constexpr std::string_view kTime = "time";
constexpr std::string_view kByline = "byline";
constexpr std::string_view kUrl = "url";
constexpr std::string_view kTitleTag = "title-tag";
constexpr std::string_view kH1 = "h1";
constexpr std::string_view kLinkCanonical = "link-canonical";
constexpr std::string_view kHtmlLang = "html-lang";

// ---------------------------------------------------------------- strings

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (lower_needle.size() > haystack.size()) return false;
  const char first = lower_needle[0];
  // For a letter, c | 0x20 == first holds for exactly its two cases.
  const bool letter = first >= 'a' && first <= 'z';
  for (size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    // Most positions differ in the first byte: test it before the loop.
    const char c = haystack[i];
    if (letter ? static_cast<char>(c | 0x20) != first : LowerAscii(c) != first) continue;
    size_t j = 1;
    while (j < lower_needle.size() && LowerAscii(haystack[i + j]) == lower_needle[j]) ++j;
    if (j == lower_needle.size()) return true;
  }
  return false;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() &&
         EqualsIgnoreCase(s.substr(0, lower_prefix.size()), lower_prefix);
}

// The size of the whitespace at s[i]: 1 for IsAsciiSpace, 2 for NBSP, else 0.
size_t SpaceAt(std::string_view s, size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  return s[i] == '\xc2' && i + 1 < s.size() && s[i + 1] == '\xa0' ? 2 : 0;
}

// Bytes that may start whitespace for SpaceAt: the ASCII spaces and 0xC2
// (the lead byte of U+00A0). Other bytes are never whitespace.
constexpr std::array<bool, 256> kMayStartSpace = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = true;
  t[0xC2] = true;
  return t;
}();

// Whether CollapseSpace(s) == s: at most kMaxFieldChars bytes, no
// whitespace but single ' ' between other bytes. One pass, no allocation.
bool IsCollapsed(std::string_view s) {
  if (s.size() > kMaxFieldChars) return false;
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return false;
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time (whole chunks only, never past the end): a chunk
  // passes when its only whitespace is single ' ', counting the byte before
  // it. Bytes 0x09-0x0D and 0xC2 (which may start U+00A0) stop the fast loop.
  bool after_space = false;  // whether s[i - 1] == ' '
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const auto spaces =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' '))));
    // x is in [0x09, 0x0D] when clamping it to that range leaves it as it is.
    const __m128i clamped = _mm_min_epu8(_mm_max_epu8(x, _mm_set1_epi8('\t')), _mm_set1_epi8('\r'));
    const __m128i others =
        _mm_or_si128(_mm_cmpeq_epi8(clamped, x), _mm_cmpeq_epi8(x, _mm_set1_epi8('\xc2')));
    if (_mm_movemask_epi8(others) != 0 || (spaces & ((spaces << 1) | after_space)) != 0) break;
    after_space = (spaces >> 15) != 0;
  }
  // The byte loop tests each ' ' with the byte after it: start it one byte
  // early so that the pair across the last chunk boundary is tested too.
  if (i > 0) --i;
#endif
  for (; i < s.size(); ++i) {
    if (!kMayStartSpace[static_cast<unsigned char>(s[i])]) continue;
    if (s[i] == ' ') {
      if (s[i + 1] == ' ') return false;  // s.back() is not ' ', so i + 1 < s.size()
      continue;
    }
    if (SpaceAt(s, i) != 0) return false;  // other ASCII space or U+00A0
  }
  return true;
}

// Collapses runs of whitespace (ASCII and U+00A0) to one space and trims;
// bounded to kMaxFieldChars bytes.
std::string CollapseSpace(std::string_view s) {
  // Most values (meta content, JSON-LD strings) are already collapsed.
  if (IsCollapsed(s)) return std::string(s);
  std::string out;
  out.reserve(std::min(s.size(), kMaxFieldChars));
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size() && out.size() < kMaxFieldChars) {
    if (size_t space = SpaceAt(s, i); space > 0) {
      pending_space = !out.empty();
      i += space;
      continue;
    }
    // A run of other bytes is appended at once. Its first byte always goes in
    // and the others while out is under kMaxFieldChars, as when the cap was
    // tested before each byte.
    size_t end = i + 1;
    while (end < s.size() &&
           (!kMayStartSpace[static_cast<unsigned char>(s[end])] || SpaceAt(s, end) == 0)) {
      ++end;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    const size_t room = out.size() + 1 < kMaxFieldChars ? kMaxFieldChars - out.size() - 1 : 0;
    out.append(s.data() + i, std::min(end - i, 1 + room));
    i = end;
  }
  return out;
}

// Lower-case letters and digits only (other ASCII dropped, UTF-8 kept): the key
// for comparing site names ("The Guardian" == "theguardian").
std::string NameKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c)) {
      out.push_back(LowerAscii(c));
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      out.push_back(c);
    }
  }
  return out;
}

bool LooksLikeUrl(std::string_view s) {
  return s.find("://") != std::string_view::npos || StartsWithIgnoreCase(s, "www.") ||
         StartsWithIgnoreCase(s, "http") || (!s.empty() && s.front() == '/');
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// JSON-LD sits in a raw-text <script>, so HTML entities in it are not decoded
// by the HTML parser, and many CMSs write "&#8217;" or "&amp;" into it. Only
// numeric and the most common named entities are decoded.
std::string DecodeEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  static constexpr std::array<std::pair<std::string_view, uint32_t>, 16> kNamed = {{
      {"amp", '&'},
      {"lt", '<'},
      {"gt", '>'},
      {"quot", '"'},
      {"apos", '\''},
      {"nbsp", 0xA0},
      {"rsquo", 0x2019},
      {"lsquo", 0x2018},
      {"rdquo", 0x201D},
      {"ldquo", 0x201C},
      {"ndash", 0x2013},
      {"mdash", 0x2014},
      {"hellip", 0x2026},
      {"eacute", 0xE9},
      {"uuml", 0xFC},
      {"ouml", 0xF6},
  }};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.size() >= 2 && name[0] == '#') {
      uint32_t cp = 0;
      bool hex = name[1] == 'x' || name[1] == 'X';
      size_t k = hex ? 2 : 1;
      bool ok = k < name.size();
      for (; k < name.size() && ok; ++k) {
        char c = name[k];
        uint32_t digit = 0;
        if (IsAsciiDigit(c)) {
          digit = static_cast<uint32_t>(c - '0');
        } else if (hex && LowerAscii(c) >= 'a' && LowerAscii(c) <= 'f') {
          digit = static_cast<uint32_t>(LowerAscii(c) - 'a' + 10);
        } else {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + digit;
        if (cp > 0x10FFFF) ok = false;
      }
      if (ok) {
        AppendUtf8(&out, cp);
        done = true;
      }
    } else {
      for (const auto& [n, cp] : kNamed) {
        if (n == name) {
          AppendUtf8(&out, cp);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi;
    } else {
      out.push_back('&');
    }
  }
  return out;
}

// The tokens of SplitTokens, in order, without building the vector: true as
// soon as `visit` returns true for one.
template <typename Visit>
bool AnyToken(std::string_view s, Visit visit) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsAsciiSpace(s[i])) ++i;
    if (i > start && visit(s.substr(start, i - start))) return true;
  }
  return false;
}

std::vector<std::string_view> SplitTokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsAsciiSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Whether the whitespace-separated `list` holds `lower_token` (SplitTokens,
// without building the vector: this runs for every link).
bool HasToken(std::string_view list, std::string_view lower_token) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsAsciiSpace(list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i])) ++i;
    if (i > start && EqualsIgnoreCase(list.substr(start, i - start), lower_token)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- URLs

struct UrlParts {
  std::string_view scheme;  // without ':'
  std::string_view authority;
  std::string_view path;
  std::string_view query;     // without '?'
  std::string_view fragment;  // without '#'
  bool has_scheme = false;
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
};

// The URL delimiters ParseUrl looks for, as bits of a byte table: one load
// and one test a byte (std::string_view::find_first_of calls memchr once per
// byte, and a loop over the delimiters compares each).
enum UrlDelimiter : uint8_t { kSlash = 1, kQuery = 2, kHash = 4 };

constexpr std::array<uint8_t, 256> kUrlDelimiters = [] {
  std::array<uint8_t, 256> t{};
  t['/'] = kSlash;
  t['?'] = kQuery;
  t['#'] = kHash;
  return t;
}();

// First position at or after `from` holding a delimiter in `delimiters` (a
// set of UrlDelimiter bits), or npos.
size_t FindFirstOf(std::string_view s, size_t from, uint8_t delimiters) {
  for (size_t i = from; i < s.size(); ++i) {
    if (kUrlDelimiters[static_cast<unsigned char>(s[i])] & delimiters) return i;
  }
  return std::string_view::npos;
}

// The size of the scheme that starts `s` (without its ':'), or 0 when there is
// none.
size_t SchemeSize(std::string_view s) {
  if (s.empty() || !IsAsciiAlpha(s[0])) return 0;
  size_t k = 1;
  while (k < s.size() &&
         (IsAsciiAlpha(s[k]) || IsAsciiDigit(s[k]) || s[k] == '+' || s[k] == '-' || s[k] == '.')) {
    ++k;
  }
  return k < s.size() && s[k] == ':' ? k : 0;
}

UrlParts ParseUrl(std::string_view s) {
  UrlParts u;
  size_t i = 0;
  if (size_t k = SchemeSize(s); k > 0) {
    u.scheme = s.substr(0, k);
    u.has_scheme = true;
    i = k + 1;
  }
  if (s.substr(i, 2) == "//") {
    size_t end = FindFirstOf(s, i + 2, kSlash | kQuery | kHash);
    if (end == std::string_view::npos) end = s.size();
    u.authority = s.substr(i + 2, end - i - 2);
    u.has_authority = true;
    i = end;
  }
  size_t end = FindFirstOf(s, i, kQuery | kHash);
  if (end == std::string_view::npos) end = s.size();
  u.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    end = s.find('#', i);
    if (end == std::string_view::npos) end = s.size();
    u.query = s.substr(i + 1, end - i - 1);
    u.has_query = true;
    i = end;
  }
  if (i < s.size() && s[i] == '#') {
    u.fragment = s.substr(i + 1);
    u.has_fragment = true;
  }
  return u;
}

// Whether a '/'-separated segment of `path` is "." or "..".
bool HasDotSegment(std::string_view path) {
  for (size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
    if (dot > 0 && path[dot - 1] != '/') continue;
    size_t end = dot + 1;
    if (end < path.size() && path[end] == '.') ++end;
    if (end == path.size() || path[end] == '/') return true;
  }
  return false;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  // Without "." and ".." segments the loop below gives the path back as it
  // is (empty segments and a trailing slash are kept): most paths.
  if (!HasDotSegment(path)) return std::string(path);
  std::vector<std::string_view> out;
  bool absolute = !path.empty() && path.front() == '/';
  size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(i, end - i);
    bool last = end == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    i = end + 1;
  }
  std::string result;
  if (absolute) result.push_back('/');
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result.push_back('/');
    result.append(out[k]);
  }
  if (trailing_slash && (result.empty() || result.back() != '/')) result.push_back('/');
  return result;
}

std::string Recompose(std::string_view scheme, bool has_authority, std::string_view authority,
                      std::string_view path, bool has_query, std::string_view query,
                      bool has_fragment, std::string_view fragment) {
  std::string out;
  out.reserve(scheme.size() + authority.size() + path.size() + query.size() + fragment.size() + 8);
  if (!scheme.empty()) {
    out.append(scheme);
    out.push_back(':');
  }
  if (has_authority) {
    out.append("//");
    out.append(authority);
  }
  out.append(path);
  if (has_query) {
    out.push_back('?');
    out.append(query);
  }
  if (has_fragment) {
    out.push_back('#');
    out.append(fragment);
  }
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAbsoluteHttpUrl(std::string_view s) {
  return StartsWithIgnoreCase(s, "http://") || StartsWithIgnoreCase(s, "https://");
}

// The registrable-looking label of a host: "www.theguardian.com" ->
// "theguardian", "bbc.co.uk" -> "bbc", "edition.cnn.com" -> "cnn".
std::string SiteLabel(std::string_view site) {
  std::vector<std::string_view> labels;
  size_t i = 0;
  while (i <= site.size()) {
    size_t end = site.find('.', i);
    if (end == std::string_view::npos) end = site.size();
    labels.push_back(site.substr(i, end - i));
    i = end + 1;
  }
  if (labels.size() < 2) return std::string(site);
  labels.pop_back();  // top-level domain
  static constexpr std::array<std::string_view, 9> kSecondLevel = {"co", "com", "org", "net", "gov",
                                                                   "ac", "edu", "ne",  "or"};
  if (labels.size() >= 2 &&
      std::find(kSecondLevel.begin(), kSecondLevel.end(), labels.back()) != kSecondLevel.end()) {
    labels.pop_back();
  }
  return std::string(labels.back());
}

// ---------------------------------------------------------------- candidates

struct Candidate {
  std::string_view source;
  std::string value;
  std::string key;  // the <meta> name of an author candidate, else empty
};
using Candidates = std::vector<Candidate>;

void Offer(Candidates* c, std::string_view source, std::string_view value,
           std::string_view key = {}) {
  std::string v = CollapseSpace(value);
  if (!v.empty()) c->push_back({source, std::move(v), std::string(key)});
}

// The first candidate, by source order then document order, for which
// `accept` gives a non-empty value.
template <typename Accept>
bool Pick(const Candidates& candidates, std::initializer_list<std::string_view> order,
          Accept accept, std::string* value, std::string_view* source) {
  for (std::string_view wanted : order) {
    for (const Candidate& c : candidates) {
      if (c.source != wanted) continue;
      std::string v = accept(c.value);
      if (!v.empty()) {
        *value = std::move(v);
        *source = c.source;
        return true;
      }
    }
  }
  return false;
}

struct Facts {
  Candidates title, authors, published, modified, publisher, language, description, canonical,
      sections, tags;
  std::string og_url;
  std::string title_tag;
  std::string h1;
  std::string h1_in_article;
  std::vector<std::string> jsonld_blocks;
  // Elements that look like bylines (class/id with "byline"/"author", rel=author),
  // in document order; `in_article` when inside <article>/<main>.
  std::vector<std::pair<uint32_t, bool>> bylines;
};

// ---------------------------------------------------------------- DOM helpers

bool HasAncestor(const Document& doc, uint32_t node, std::initializer_list<Tag> tags) {
  for (uint32_t p = doc.node(node).parent; p != Node::kNone; p = doc.node(p).parent) {
    for (Tag t : tags) {
      if (doc.node(p).tag == t) return true;
    }
  }
  return false;
}

// Text of the element's children (for raw-text elements such as <script> and
// <title>, which Document::RawText skips or keeps as one text child).
std::string ChildText(const Document& doc, uint32_t element, size_t max_bytes) {
  std::string out;
  for (uint32_t c = doc.node(element).first_child; c != Node::kNone; c = doc.node(c).next_sibling) {
    if (doc.node(c).is_text()) {
      std::string_view t = doc.node(c).text;
      if (out.size() + t.size() > max_bytes) return {};  // too large: skipped
      out.append(t);
    }
  }
  return out;
}

// Visible text of an element, collapsed; empty when longer than max_bytes.
std::string ShortText(const Document& doc, uint32_t element, size_t max_bytes) {
  std::string raw = doc.RawText(element);
  if (raw.size() > max_bytes * 4) return {};
  std::string text = CollapseSpace(raw);
  if (text.size() > max_bytes) return {};
  return text;
}

bool IsInlineTag(Tag tag) {
  switch (tag) {
    case Tag::kA:
    case Tag::kB:
    case Tag::kI:
    case Tag::kEm:
    case Tag::kStrong:
    case Tag::kU:
    case Tag::kFont:
    case Tag::kAbbr:
    case Tag::kMark:
    case Tag::kSup:
    case Tag::kSub:
      return true;
    default:
      return false;
  }
}

void AppendSpacedText(const Document& doc, uint32_t node, size_t limit, int depth,
                      std::string* out) {
  const Node& n = doc.node(node);
  if (out->size() > limit || depth > 64) return;
  if (n.is_text()) {
    out->append(n.text);
    return;
  }
  if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate) return;
  bool spaced = !IsInlineTag(n.tag);
  if (spaced) out->push_back(' ');
  for (uint32_t c = n.first_child; c != Node::kNone; c = doc.node(c).next_sibling) {
    AppendSpacedText(doc, c, limit, depth + 1, out);
  }
  if (spaced) out->push_back(' ');
}

// Visible text with a space at block and span boundaries, so that
// "Jeff Foust<br><span>Monday" is not read as "Jeff FoustMonday"; collapsed,
// empty when longer than max_bytes.
std::string SpacedText(const Document& doc, uint32_t element, size_t max_bytes) {
  std::string raw;
  AppendSpacedText(doc, element, max_bytes * 4, 0, &raw);
  if (raw.size() > max_bytes * 4) return {};
  std::string text = CollapseSpace(raw);
  if (text.size() > max_bytes) return {};
  return text;
}

// Horspool shifts for "comment": by the lower-cased byte under the last
// position of the window, how far the window may move without skipping a match.
constexpr std::array<uint8_t, 256> MakeCommentShifts() {
  constexpr std::string_view kWord = "comment";
  std::array<uint8_t, 256> shift{};
  for (uint8_t& s : shift) s = kWord.size();
  for (size_t j = 0; j + 1 < kWord.size(); ++j) {
    shift[static_cast<unsigned char>(kWord[j])] = static_cast<uint8_t>(kWord.size() - 1 - j);
  }
  return shift;
}

constexpr std::array<uint8_t, 256> kCommentShifts = MakeCommentShifts();

// ContainsIgnoreCase(s, "comment"), skipping most bytes: it runs on the class
// and id of every ancestor of each byline candidate, and on itemtypes.
bool MentionsComment(std::string_view s) {
  size_t i = 0;
  while (i + 7 <= s.size()) {
    char last = LowerAscii(s[i + 6]);
    if (last == 't' && EqualsIgnoreCase(s.substr(i, 7), "comment")) return true;
    i += kCommentShifts[static_cast<unsigned char>(last)];
  }
  return false;
}

// Does any ancestor (or the element) carry a class/id mentioning "comment"?
// One attribute scan per ancestor, reading the first class and the first id as
// Document::attr would.
bool AncestorClassMentionsComment(const Document& doc, uint32_t node) {
  for (uint32_t p = node; p != Node::kNone; p = doc.node(p).parent) {
    bool seen_cls = false, seen_id = false;
    for (const Attribute& a : doc.attributes(p)) {
      if (!seen_cls && a.name == "class") {
        seen_cls = true;
        if (MentionsComment(a.value)) return true;
      } else if (!seen_id && a.name == "id") {
        seen_id = true;
        if (MentionsComment(a.value)) return true;
      }
    }
  }
  return false;
}

// First element in the subtree of `root` (excluding root) whose itemprop has `token`.
uint32_t FindItemprop(const Document& doc, uint32_t root, std::string_view lower_token) {
  uint32_t cur = doc.node(root).first_child;
  while (cur != Node::kNone) {
    const Node& n = doc.node(cur);
    if (n.is_element() && HasToken(doc.attr(cur, "itemprop"), lower_token)) return cur;
    if (n.first_child != Node::kNone) {
      cur = n.first_child;
      continue;
    }
    while (cur != root && doc.node(cur).next_sibling == Node::kNone) cur = doc.node(cur).parent;
    if (cur == root) break;
    cur = doc.node(cur).next_sibling;
  }
  return Node::kNone;
}

// The value of a microdata property: content, datetime, then text.
std::string ItempropValue(const Document& doc, uint32_t element) {
  if (doc.has_attr(element, "content")) return CollapseSpace(doc.attr(element, "content"));
  if (doc.has_attr(element, "datetime")) return CollapseSpace(doc.attr(element, "datetime"));
  if (doc.node(element).tag == Tag::kMeta) return {};
  return ShortText(doc, element, 300);
}

// ---------------------------------------------------------------- <meta>

enum class Field {
  kNone,
  kTitle,
  kAuthor,
  kPublished,
  kModified,
  kPublisher,
  kLanguage,
  kDescription,
  kCanonical,
  kSection,
  kTag,
  kSiteName
};

struct MetaKey {
  std::string_view key;  // lower-case name/property
  Field field;
};

constexpr std::array<MetaKey, 23> kOpenGraphKeys = {{
    {"og:title", Field::kTitle},
    {"og:site_name", Field::kSiteName},
    {"og:url", Field::kCanonical},
    {"og:locale", Field::kLanguage},
    {"og:description", Field::kDescription},
    {"article:published_time", Field::kPublished},
    {"og:article:published_time", Field::kPublished},
    {"article:published", Field::kPublished},
    {"og:published_time", Field::kPublished},
    {"article:modified_time", Field::kModified},
    {"og:article:modified_time", Field::kModified},
    {"og:updated_time", Field::kModified},
    {"article:updated_time", Field::kModified},
    {"og:modified_time", Field::kModified},
    {"article:author", Field::kAuthor},
    {"og:article:author", Field::kAuthor},
    {"article:section", Field::kSection},
    {"og:article:section", Field::kSection},
    {"article:tag", Field::kTag},
    {"og:article:tag", Field::kTag},
    {"article:publisher", Field::kPublisher},
    {"og:type", Field::kNone},
    {"og:image", Field::kNone},
}};

constexpr std::array<MetaKey, 56> kMetaKeys = {{
    {"parsely-title", Field::kTitle},
    {"sailthru.title", Field::kTitle},
    {"citation_title", Field::kTitle},
    {"twitter:title", Field::kTitle},
    {"title", Field::kTitle},
    {"headline", Field::kTitle},
    {"author", Field::kAuthor},
    {"parsely-author", Field::kAuthor},
    {"sailthru.author", Field::kAuthor},
    {"citation_author", Field::kAuthor},
    {"byl", Field::kAuthor},
    {"authors", Field::kAuthor},
    {"article.author", Field::kAuthor},
    {"date", Field::kPublished},
    {"pubdate", Field::kPublished},
    {"publish-date", Field::kPublished},
    {"publish_date", Field::kPublished},
    {"publishdate", Field::kPublished},
    {"published-date", Field::kPublished},
    {"published_date", Field::kPublished},
    {"published", Field::kPublished},
    {"datepublished", Field::kPublished},
    {"article.published", Field::kPublished},
    {"article_date_original", Field::kPublished},
    {"original-publish-date", Field::kPublished},
    {"sailthru.date", Field::kPublished},
    {"parsely-pub-date", Field::kPublished},
    {"citation_publication_date", Field::kPublished},
    {"citation_date", Field::kPublished},
    {"citation_online_date", Field::kPublished},
    {"release_date", Field::kPublished},
    {"ptime", Field::kPublished},
    {"displaydate", Field::kPublished},
    {"created", Field::kPublished},
    {"last-modified", Field::kModified},
    {"lastmod", Field::kModified},
    {"modified", Field::kModified},
    {"article.updated", Field::kModified},
    {"utime", Field::kModified},
    {"revised", Field::kModified},
    {"publisher", Field::kPublisher},
    {"citation_publisher", Field::kPublisher},
    {"citation_journal_title", Field::kPublisher},
    {"description", Field::kDescription},
    {"twitter:description", Field::kDescription},
    {"language", Field::kLanguage},
    {"content-language", Field::kLanguage},
    {"citation_language", Field::kLanguage},
    {"parsely-section", Field::kSection},
    {"section", Field::kSection},
    {"article.section", Field::kSection},
    {"keywords", Field::kTag},
    {"news_keywords", Field::kTag},
    {"parsely-tags", Field::kTag},
    {"sailthru.tags", Field::kTag},
    {"citation_keywords", Field::kTag},
}};

// Dublin Core: "dc.", "dcterms.", "dc:" and "dcterms:" prefixes, then these.
constexpr std::array<MetaKey, 14> kDublinCoreKeys = {{
    {"title", Field::kTitle},
    {"creator", Field::kAuthor},
    {"creator.personalname", Field::kAuthor},
    {"date", Field::kPublished},
    {"date.issued", Field::kPublished},
    {"issued", Field::kPublished},
    {"created", Field::kPublished},
    {"date.created", Field::kPublished},
    {"modified", Field::kModified},
    {"date.modified", Field::kModified},
    {"publisher", Field::kPublisher},
    {"language", Field::kLanguage},
    {"description", Field::kDescription},
    {"subject", Field::kTag},
}};

// A table's entries grouped by key length, in table order within a length, so
// that a lookup compares only keys of the right length (the first match in
// table order is the same).
template <size_t N>
struct MetaKeyIndex {
  std::array<uint8_t, N> order{};
  std::array<uint8_t, 66> start{};  // entries of length n: order[start[n], start[n + 1])
};

template <size_t N>
constexpr MetaKeyIndex<N> IndexByLength(const std::array<MetaKey, N>& table) {
  MetaKeyIndex<N> index;
  size_t next = 0;
  for (size_t len = 0; len <= 64; ++len) {
    index.start[len] = static_cast<uint8_t>(next);
    for (size_t k = 0; k < N; ++k) {
      if (table[k].key.size() == len) index.order[next++] = static_cast<uint8_t>(k);
    }
  }
  index.start[65] = static_cast<uint8_t>(next);
  return index;
}

constexpr auto kOpenGraphIndex = IndexByLength(kOpenGraphKeys);
constexpr auto kMetaIndex = IndexByLength(kMetaKeys);
constexpr auto kDublinCoreIndex = IndexByLength(kDublinCoreKeys);

// `key` is at most 64 bytes (HandleMetaKey refuses longer ones).
template <size_t N>
Field Lookup(const std::array<MetaKey, N>& table, const MetaKeyIndex<N>& index,
             std::string_view key) {
  for (size_t k = index.start[key.size()]; k < index.start[key.size() + 1]; ++k) {
    const MetaKey& entry = table[index.order[k]];
    if (entry.key[0] == key[0] && entry.key == key) return entry.field;
  }
  return Field::kNone;
}

Candidates* CandidatesFor(Facts* f, Field field) {
  switch (field) {
    case Field::kTitle:
      return &f->title;
    case Field::kAuthor:
      return &f->authors;
    case Field::kPublished:
      return &f->published;
    case Field::kModified:
      return &f->modified;
    case Field::kPublisher:
      return &f->publisher;
    case Field::kSiteName:
      return &f->publisher;
    case Field::kLanguage:
      return &f->language;
    case Field::kDescription:
      return &f->description;
    case Field::kCanonical:
      return &f->canonical;
    case Field::kSection:
      return &f->sections;
    case Field::kTag:
      return &f->tags;
    case Field::kNone:
      return nullptr;
  }
  return nullptr;
}

// Starts with "dc.", "dc:", "dcterms." or "dcterms:"; tested byte by byte as
// most keys fail on the first one.
bool IsDublinCoreKey(std::string_view key) {
  if (key.size() < 3 || key[0] != 'd' || key[1] != 'c') return false;
  if (key[2] == '.' || key[2] == ':') return true;
  return key.size() >= 8 && key.substr(2, 5) == "terms" && (key[7] == '.' || key[7] == ':');
}

void HandleMetaKey(std::string_view raw_key, std::string_view content, Facts* facts) {
  if (raw_key.empty() || raw_key.size() > 64) return;
  // Lower-cased on the stack: most <meta> names are not keys we use.
  std::string_view trimmed = TrimView(raw_key);
  char buf[64];
  for (size_t i = 0; i < trimmed.size(); ++i) buf[i] = LowerAscii(trimmed[i]);
  std::string_view key(buf, trimmed.size());
  std::string_view source;
  Field field = Field::kNone;
  if ((field = Lookup(kOpenGraphKeys, kOpenGraphIndex, key)) != Field::kNone) {
    source = kOpenGraph;
  } else if (IsDublinCoreKey(key)) {
    std::string_view rest = key.substr(key.find_first_of(".:") + 1);
    field = Lookup(kDublinCoreKeys, kDublinCoreIndex, rest);
    source = kDublinCore;
  } else if ((field = Lookup(kMetaKeys, kMetaIndex, key)) != Field::kNone) {
    source = kMeta;
  }
  if (field == Field::kNone) return;
  if (field == Field::kCanonical && facts->og_url.empty()) {
    facts->og_url = CollapseSpace(content);
  }
  // The key tells apart author candidates only (see ExtractMetadata).
  Offer(CandidatesFor(facts, field), source, content,
        field == Field::kAuthor ? key : std::string_view());
}

void HandleMeta(const Document& doc, uint32_t element, Facts* facts) {
  // The first of each attribute, as Document::attr gives, in one scan.
  std::string_view content, name, property, http_equiv;
  bool has_content = false, has_name = false, has_property = false, has_http_equiv = false;
  for (const Attribute& a : doc.attributes(element)) {
    if (!has_content && a.name == "content") {
      content = a.value;
      has_content = true;
    } else if (!has_name && a.name == "name") {
      name = a.value;
      has_name = true;
    } else if (!has_property && a.name == "property") {
      property = a.value;
      has_property = true;
    } else if (!has_http_equiv && a.name == "http-equiv") {
      http_equiv = a.value;
      has_http_equiv = true;
    }
  }
  if (content.empty()) return;
  HandleMetaKey(name, content, facts);
  if (!EqualsIgnoreCase(property, name)) {
    // property may hold several space-separated keys ("og:title twitter:title").
    AnyToken(property, [&](std::string_view p) {
      HandleMetaKey(p, content, facts);
      return false;
    });
  }
  if (EqualsIgnoreCase(http_equiv, "content-language")) {
    Offer(&facts->language, kMeta, content);
  }
}

// ---------------------------------------------------------------- microdata

void HandleItemprop(const Document& doc, uint32_t element, Facts* facts) {
  // Properties of comments and reviews are not the article's.
  for (uint32_t p = doc.node(element).parent; p != Node::kNone; p = doc.node(p).parent) {
    if (!doc.has_attr(p, "itemscope")) continue;
    std::string_view type = doc.attr(p, "itemtype");
    if (MentionsComment(type) || ContainsIgnoreCase(type, "review")) return;
    break;
  }
  for (std::string_view prop : SplitTokens(doc.attr(element, "itemprop"))) {
    std::string key = Lower(prop);
    if (key == "author" || key == "creator" || key == "publisher") {
      std::string value;
      if (doc.has_attr(element, "itemscope")) {
        uint32_t name = FindItemprop(doc, element, "name");
        if (name != Node::kNone) value = ItempropValue(doc, name);
        std::string_view type = doc.attr(element, "itemtype");
        if (key != "publisher" && ContainsIgnoreCase(type, "organization")) {
          Offer(&facts->publisher, kMicrodata, value);
          continue;
        }
      } else {
        value = ItempropValue(doc, element);
      }
      Offer(key == "publisher" ? &facts->publisher : &facts->authors, kMicrodata, value);
    } else if (key == "datepublished" || key == "datecreated") {
      Offer(&facts->published, kMicrodata, ItempropValue(doc, element));
    } else if (key == "datemodified") {
      Offer(&facts->modified, kMicrodata, ItempropValue(doc, element));
    } else if (key == "headline") {
      Offer(&facts->title, kMicrodata, ItempropValue(doc, element));
    } else if (key == "articlesection") {
      Offer(&facts->sections, kMicrodata, ItempropValue(doc, element));
    } else if (key == "keywords") {
      Offer(&facts->tags, kMicrodata, ItempropValue(doc, element));
    } else if (key == "inlanguage") {
      Offer(&facts->language, kMicrodata, ItempropValue(doc, element));
    }
  }
}

// ---------------------------------------------------------------- <time>

void HandleTime(const Document& doc, uint32_t element, Facts* facts, bool* have_hinted,
                bool* have_in_article) {
  std::string_view cls = doc.attr(element, "class");
  std::string value(doc.attr(element, "datetime"));
  if (value.empty()) value = ShortText(doc, element, 200);
  if (value.empty()) return;
  bool modified = (ContainsIgnoreCase(cls, "updated") || ContainsIgnoreCase(cls, "modified")) &&
                  !ContainsIgnoreCase(cls, "publish");
  if (modified) {
    Offer(&facts->modified, kTime, value);
    return;
  }
  bool hinted = doc.has_attr(element, "pubdate") || ContainsIgnoreCase(cls, "publish") ||
                ContainsIgnoreCase(cls, "posted") || ContainsIgnoreCase(cls, "entry-date") ||
                ContainsIgnoreCase(doc.attr(element, "itemprop"), "datepublished");
  bool in_article = HasAncestor(doc, element, {Tag::kArticle, Tag::kHeader, Tag::kMain});
  // A hinted <time> beats the first plain one inside the article: put it first.
  if (hinted && !*have_hinted) {
    facts->published.insert(std::find_if(facts->published.begin(), facts->published.end(),
                                         [](const Candidate& c) { return c.source == kTime; }),
                            Candidate{kTime, CollapseSpace(value), {}});
    *have_hinted = true;
  } else if (in_article && !*have_in_article && !hinted) {
    Offer(&facts->published, kTime, value);
    *have_in_article = true;
  }
}

// ---------------------------------------------------------------- bylines

// Horspool shifts for finding "byline" and "author" together: by the byte
// under the last position of the window (either case), how far the window may
// move without skipping either word. 0 marks the words' last letters, 'e' and
// 'r', whose windows are compared in full (neither letter occurs earlier in
// the words, so they then shift by 6).
constexpr std::array<uint8_t, 256> MakeBylineAuthorShifts() {
  std::array<uint8_t, 256> shift{};
  for (uint8_t& s : shift) s = 6;
  for (std::string_view word : {std::string_view("byline"), std::string_view("author")}) {
    for (size_t j = 0; j < word.size(); ++j) {
      auto c = static_cast<unsigned char>(word[j]);
      uint8_t v = j + 1 == word.size() ? 0 : static_cast<uint8_t>(word.size() - 1 - j);
      shift[c] = std::min(shift[c], v);
      shift[c - 32] = shift[c];  // the upper-case letter
    }
  }
  return shift;
}

constexpr std::array<uint8_t, 256> kBylineAuthorShifts = MakeBylineAuthorShifts();

// ContainsIgnoreCase(s, "byline") || ContainsIgnoreCase(s, "author"), in one
// pass that skips most bytes (class attributes are long and rarely match).
bool MentionsBylineOrAuthor(std::string_view s) {
  size_t i = 0;
  while (i + 6 <= s.size()) {
    uint8_t shift = kBylineAuthorShifts[static_cast<unsigned char>(s[i + 5])];
    if (shift == 0) {
      // The first byte rejects most windows before the full compare.
      char first = LowerAscii(s[i]);
      if ((first == 'b' && EqualsIgnoreCase(s.substr(i, 6), "byline")) ||
          (first == 'a' && EqualsIgnoreCase(s.substr(i, 6), "author"))) {
        return true;
      }
      shift = 6;
    }
    i += shift;
  }
  return false;
}

// IsBylineAttribute once the cheap tests pass: out of line, as it runs for few
// attributes and its frame would cost every call.
[[gnu::noinline]] bool HasBylineToken(std::string_view attr) {
  return AnyToken(attr, [](std::string_view token) {
    if (!ContainsIgnoreCase(token, "byline") && !ContainsIgnoreCase(token, "author")) {
      return false;
    }
    // Author boxes, avatars and comment authors are not bylines.
    return !(ContainsIgnoreCase(token, "comment") || ContainsIgnoreCase(token, "bio") ||
             ContainsIgnoreCase(token, "avatar") || ContainsIgnoreCase(token, "description") ||
             ContainsIgnoreCase(token, "image") || ContainsIgnoreCase(token, "photo") ||
             ContainsIgnoreCase(token, "img") || ContainsIgnoreCase(token, "about"));
  });
}

// A class or id with a token naming a byline or author, other than author
// boxes, avatars and comment authors.
// Inlined: it runs twice for every element, and a call costs more than most
// of its scans.
[[gnu::always_inline]] inline bool IsBylineAttribute(std::string_view attr) {
  // Cheap tests first: most elements have neither word (and most ids are
  // empty), so this rarely calls further.
  return attr.size() >= 6 && MentionsBylineOrAuthor(attr) && HasBylineToken(attr);
}

// `cls` and `id` are the element's class and id attributes.
bool IsBylineElement(Tag tag, std::string_view cls, std::string_view id) {
  // Neither word fits in a shorter attribute (most are empty): tested first as
  // it rules out most elements.
  if (cls.size() < 6 && id.size() < 6) return false;
  if (tag == Tag::kMeta || tag == Tag::kLink || tag == Tag::kScript || tag == Tag::kImg ||
      tag == Tag::kStyle || tag == Tag::kBody || tag == Tag::kHtml || tag == Tag::kArticle ||
      tag == Tag::kSvg) {
    return false;
  }
  return IsBylineAttribute(cls) || IsBylineAttribute(id);
}

// ---------------------------------------------------------------- walk

void WalkDocument(const Document& doc, Facts* facts) {
  bool have_canonical = false;
  bool have_hinted_time = false;
  bool have_article_time = false;
  const uint32_t size = static_cast<uint32_t>(doc.size());
  for (uint32_t i = 0; i < size; ++i) {
    const Node& n = doc.node(i);
    if (!n.is_element()) continue;
    switch (n.tag) {
      case Tag::kMeta:
        HandleMeta(doc, i, facts);
        break;
      case Tag::kScript: {
        if (EqualsIgnoreCase(TrimView(doc.attr(i, "type")), "application/ld+json")) {
          std::string text = ChildText(doc, i, kMaxJsonLdBytes);
          if (!text.empty()) facts->jsonld_blocks.push_back(std::move(text));
        }
        break;
      }
      case Tag::kLink:
        if (!have_canonical && HasToken(doc.attr(i, "rel"), "canonical")) {
          Offer(&facts->canonical, kLinkCanonical, doc.attr(i, "href"));
          have_canonical = true;
        }
        break;
      case Tag::kHtml:
        Offer(&facts->language, kHtmlLang, doc.attr(i, "lang"));
        Offer(&facts->language, kHtmlLang, doc.attr(i, "xml:lang"));
        break;
      case Tag::kTitle:
        if (facts->title_tag.empty() && !HasAncestor(doc, i, {Tag::kSvg, Tag::kBody})) {
          facts->title_tag = CollapseSpace(ChildText(doc, i, 4096));
        }
        break;
      case Tag::kH1:
        if (facts->h1.empty()) facts->h1 = ShortText(doc, i, 1000);
        if (facts->h1_in_article.empty() && HasAncestor(doc, i, {Tag::kArticle, Tag::kMain})) {
          facts->h1_in_article = ShortText(doc, i, 1000);
        }
        break;
      case Tag::kTime:
        HandleTime(doc, i, facts, &have_hinted_time, &have_article_time);
        break;
      default:
        break;
    }
    // The attributes every element is tested for, in one scan (the first of
    // each name, as Document::attr gives).
    std::string_view cls, id, rel;
    bool has_cls = false, has_id = false, has_rel = false, has_itemprop = false;
    for (const Attribute& a : doc.attributes(i)) {
      switch (a.name.size()) {
        case 2:
          if (!has_id && a.name == "id") {
            id = a.value;
            has_id = true;
          }
          break;
        case 3:
          if (!has_rel && a.name == "rel") {
            rel = a.value;
            has_rel = true;
          }
          break;
        case 5:
          if (!has_cls && a.name == "class") {
            cls = a.value;
            has_cls = true;
          }
          break;
        case 8:
          if (a.name == "itemprop") has_itemprop = true;
          break;
        default:
          break;
      }
    }
    if (has_itemprop) HandleItemprop(doc, i, facts);
    // "author" does not fit in a shorter rel.
    bool rel_author = n.tag == Tag::kA && rel.size() >= 6 && HasToken(rel, "author");
    if ((rel_author || IsBylineElement(n.tag, cls, id)) && !AncestorClassMentionsComment(doc, i)) {
      facts->bylines.emplace_back(i, HasAncestor(doc, i, {Tag::kArticle, Tag::kMain}));
    }
  }
  // Bylines inside the article first; among them, document order.
  std::stable_sort(facts->bylines.begin(), facts->bylines.end(),
                   [](const auto& a, const auto& b) { return a.second && !b.second; });
}

// ---------------------------------------------------------------- JSON-LD

// Removes what wraps JSON in the wild: HTML comments, CDATA markers, "//" lines
// around them.
std::string_view UnwrapJsonLd(std::string_view s) {
  s = TrimView(s);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view prefix : {"<!--", "<![CDATA[", "//<![CDATA[", "/*<![CDATA[*/"}) {
      if (s.starts_with(prefix)) {
        s.remove_prefix(prefix.size());
        s = TrimView(s);
        changed = true;
      }
    }
    for (std::string_view suffix : {"-->", "]]>", "//]]>", "/*]]>*/"}) {
      if (s.ends_with(suffix)) {
        s.remove_suffix(suffix.size());
        s = TrimView(s);
        changed = true;
      }
    }
    if (s.ends_with("//")) {
      s.remove_suffix(2);
      s = TrimView(s);
      changed = true;
    }
  }
  return s;
}

// Keys whose string values HandleJsonLd and its helpers read, directly or
// through arrays. Strings under any other key are kept as "" so that types,
// keys and object sizes stay exactly as parsed.
bool IsReadJsonLdKey(std::string_view key) {
  static constexpr std::array<std::string_view, 17> kKeys = {
      "@type",           "@id",        "@value",      "name",
      "headline",        "author",     "givenName",   "familyName",
      "publisher",       "url",        "description", "datePublished",
      "dateModified",    "inLanguage", "keywords",    "articleSection",
      "mainEntityOfPage"};
  for (std::string_view k : kKeys) {
    if (k.size() == key.size() && k[0] == key[0] && k == key) return true;
  }
  return false;
}

// Builds the same DOM as json::parse, except that strings nobody reads are not
// copied, and refuses nesting deeper than kMaxJsonDepth (counted the way a
// bracket scan outside strings would, since the parser opens a container for
// every bracket it accepts).
class JsonLdBuilder {
 public:
  explicit JsonLdBuilder(json* root) : root_(root) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(json::number_integer_t v) { return Put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Put(v); }
  bool number_float(json::number_float_t v, const json::string_t& /*text*/) { return Put(v); }
  bool string(json::string_t& v) { return StringsRead() ? Put(v) : Put(json::string_t()); }
  bool binary(json::binary_t& v) { return Put(json::binary(v)); }
  bool start_object(std::size_t /*size*/) { return Open(json::value_t::object); }
  bool key(json::string_t& k) {
    slot_ = &(*stack_.back().node)[k];
    key_read_ = IsReadJsonLdKey(k);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) { return Open(json::value_t::array); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t /*pos*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) {
    return false;
  }

  bool too_deep() const { return too_deep_; }

 private:
  struct Frame {
    json* node;
    bool strings_read;  // for arrays: whether strings placed in it are read
  };

  // Whether a string in the current slot may be read. Root values are kept.
  bool StringsRead() const {
    if (stack_.empty()) return true;
    return stack_.back().node->is_array() ? stack_.back().strings_read : key_read_;
  }

  template <typename Value>
  json* Place(Value&& v) {
    if (stack_.empty()) {
      *root_ = json(std::forward<Value>(v));
      return root_;
    }
    json* top = stack_.back().node;
    if (top->is_array()) {
      top->get_ref<json::array_t&>().emplace_back(std::forward<Value>(v));
      return &top->get_ref<json::array_t&>().back();
    }
    *slot_ = json(std::forward<Value>(v));
    return slot_;
  }

  template <typename Value>
  bool Put(Value&& v) {
    Place(std::forward<Value>(v));
    return true;
  }

  bool Open(json::value_t type) {
    bool strings_read = StringsRead();
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back({Place(type), strings_read});
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  json* root_;
  json* slot_ = nullptr;
  bool key_read_ = false;
  bool too_deep_ = false;
  std::vector<Frame> stack_;
};

// A repaired copy: control characters inside strings escaped as spaces,
// trailing commas before '}' / ']' removed.
std::string RepairJson(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\' && i + 1 < s.size()) {
        out.push_back(c);
        out.push_back(s[++i]);
        continue;
      }
      if (c == '"') in_string = false;
      out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '}' || c == ']') {
      size_t k = out.size();
      while (k > 0 && IsAsciiSpace(out[k - 1])) --k;
      if (k > 0 && out[k - 1] == ',') out.erase(k - 1, 1);
    }
    out.push_back(c);
  }
  return out;
}

// The block as nlohmann reads it: null when too deep, or not JSON even once
// repaired. Depth is the same before and after repair (only commas and
// control characters inside strings change), so too deep once means too deep
// for good.
json ParseJsonLdWithNlohmann(std::string_view s) {
  json j;
  JsonLdBuilder builder(&j);
  if (json::sax_parse(s, &builder)) return j;
  if (builder.too_deep()) return {};
  j = json();
  JsonLdBuilder repaired(&j);
  if (json::sax_parse(RepairJson(s), &repaired)) return j;
  return {};
}

// What ParseJsonLd may hand simdjson: a block, or nlohmann's rewrite of one,
// which is at most 4.25 times the block (a number such as 1e14 written out as
// 100000000000000.0; strings do not grow, nor does the rest).
constexpr size_t kMaxJsonLdParseBytes = 5 * kMaxJsonLdBytes;

// Parser buffers kept between pages: a few times the largest block read.
constexpr size_t kKeptJsonLdParserBytes = 256u << 10;

// One simdjson parser per thread, reused for every block (it keeps its
// buffers and its padded copy of the input).
struct ThreadJsonLdParser {
  simdjson::dom::parser parser{kMaxJsonLdParseBytes};
  bool ready = false;
};

ThreadJsonLdParser& ThreadParser() {
  thread_local ThreadJsonLdParser t;
  return t;
}

simdjson::dom::parser* JsonLdParser() {
  ThreadJsonLdParser& t = ThreadParser();
  if (!t.ready) {
    // simdjson counts the document itself as a level: kMaxJsonDepth + 1
    // admits kMaxJsonDepth nested containers, as JsonLdBuilder does.
    if (t.parser.allocate(simdjson::dom::MINIMAL_DOCUMENT_CAPACITY, kMaxJsonDepth + 1)) {
      return nullptr;
    }
    t.ready = true;
  }
  return &t.parser;
}

// Gives back the buffers the thread's parser grew for a large block (parsed
// documents do not need the parser any more).
void ShrinkJsonLdParser() {
  ThreadJsonLdParser& t = ThreadParser();
  if (t.parser.capacity() <= kKeptJsonLdParserBytes) return;
  t.parser = simdjson::dom::parser(kMaxJsonLdParseBytes);
  t.ready = false;
}

// Parses a JSON-LD block into `doc`; false when it is too large, too deep, or
// not JSON even once repaired, exactly as nlohmann alone decided. What
// simdjson accepts is exactly JSON, which nlohmann accepts with the same
// values, so:
// - the block, when simdjson takes it, reads as nlohmann reads it;
// - else the repaired block, when simdjson takes it, reads as nlohmann reads
//   it once it has refused the block (RepairJson changes no valid JSON, so
//   nlohmann refused the block too, and not for depth, which repair keeps);
// - else (a byte order mark, integers beyond 64 bits, ...) nlohmann reads it
//   as before, and what it keeps is written out and read again: keys sorted,
//   one of each, big integers as floats, the values HandleJsonLd reads alike.
bool ParseJsonLd(std::string_view raw, simdjson::dom::document* doc, simdjson::dom::element* root) {
  std::string_view s = UnwrapJsonLd(raw);
  if (s.empty() || s.size() > kMaxJsonLdBytes) return false;
  simdjson::dom::parser* parser = JsonLdParser();
  if (parser == nullptr) return false;
  if (!parser->parse_into_document(*doc, s.data(), s.size()).get(*root)) return true;
  const std::string repaired = RepairJson(s);
  if (!parser->parse_into_document(*doc, repaired.data(), repaired.size()).get(*root)) {
    return true;
  }
  json j = ParseJsonLdWithNlohmann(s);
  if (j.is_null()) return false;
  std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return !parser->parse_into_document(*doc, text.data(), text.size()).get(*root);
}

// ---------------------------------------------------------------- JSON-LD reading
// HandleJsonLd reads the blocks as nlohmann's tree held them: an object keeps
// the last value of a duplicate key, and its members go in key order.

using simdjson::dom::element;
using simdjson::dom::element_type;

// The typed views of a value whose type the caller has checked (by value:
// a range-for over value_unsafe() of a temporary result would dangle).
std::string_view StringOf(element v) { return v.get_string().value_unsafe(); }
simdjson::dom::array ArrayOf(element v) { return v.get_array().value_unsafe(); }
simdjson::dom::object ObjectOf(element v) { return v.get_object().value_unsafe(); }

// The value of `key` in `object` (the last one when repeated); false when
// `object` is no object or lacks the key.
bool FindMember(element object, std::string_view key, element* value) {
  if (!object.is_object()) return false;
  bool found = false;
  for (simdjson::dom::key_value_pair field : ObjectOf(object)) {
    if (field.key == key) {
      *value = field.value;
      found = true;
    }
  }
  return found;
}

bool HasMember(element object, std::string_view key) {
  element unused;
  return FindMember(object, key, &unused);
}

std::string_view TypeName(std::string_view t) {
  size_t cut = t.find_last_of("/:#");
  return cut == std::string_view::npos ? t : t.substr(cut + 1);
}

// Calls `visit` with each value of `v`: the items of an array, else `v`.
template <typename Visit>
void ForEachValue(element v, Visit visit) {
  if (v.is_array()) {
    for (element item : ArrayOf(v)) visit(item);
  } else {
    visit(v);
  }
}

// 2 = article-like, 1 = web page (fallback), 0 = other.
int TypeRank(element node) {
  static constexpr std::array<std::string_view, 20> kArticleTypes = {"NewsArticle",
                                                                     "Article",
                                                                     "ReportageNewsArticle",
                                                                     "AnalysisNewsArticle",
                                                                     "OpinionNewsArticle",
                                                                     "BackgroundNewsArticle",
                                                                     "ReviewNewsArticle",
                                                                     "AskPublicNewsArticle",
                                                                     "SatiricalArticle",
                                                                     "ScholarlyArticle",
                                                                     "TechArticle",
                                                                     "Report",
                                                                     "BlogPosting",
                                                                     "LiveBlogPosting",
                                                                     "SocialMediaPosting",
                                                                     "DiscussionForumPosting",
                                                                     "Blog",
                                                                     "MedicalScholarlyArticle",
                                                                     "APIReference",
                                                                     "PressRelease"};
  static constexpr std::array<std::string_view, 3> kPageTypes = {"WebPage", "ItemPage",
                                                                 "AboutPage"};
  element type;
  if (!FindMember(node, "@type", &type)) return 0;
  int rank = 0;
  ForEachValue(type, [&](element t) {
    if (!t.is_string()) return;
    std::string_view name = TypeName(StringOf(t));
    if (std::find(kArticleTypes.begin(), kArticleTypes.end(), name) != kArticleTypes.end()) {
      rank = std::max(rank, 2);
    } else if (std::find(kPageTypes.begin(), kPageTypes.end(), name) != kPageTypes.end()) {
      rank = std::max(rank, 1);
    }
  });
  return rank;
}

bool IsOrganization(element node) {
  element type;
  if (!FindMember(node, "@type", &type)) return false;
  bool org = false;
  ForEachValue(type, [&](element t) {
    if (!t.is_string()) return;
    std::string_view name = TypeName(StringOf(t));
    org = org || name.ends_with("Organization") || name == "Corporation" || name == "NGO" ||
          name == "WebSite" || name == "Brand" || name == "GovernmentOrganization";
  });
  return org;
}

struct JsonLdGraph {
  std::vector<element> typed;  // objects with @type, in document order
  // Ids point into the parsed documents, which outlive the graph.
  std::unordered_map<std::string_view, element> by_id;
};

struct Member {
  std::string_view key;
  element value;
};

void CollectNodes(element v, int depth, JsonLdGraph* g) {
  if (depth > kMaxJsonDepth || g->typed.size() >= kMaxJsonLdNodes) return;
  if (v.is_array()) {
    for (element item : ArrayOf(v)) CollectNodes(item, depth + 1, g);
    return;
  }
  if (!v.is_object()) return;
  // The members as the map held them: in key order, the last of each key.
  std::vector<Member> members;
  for (simdjson::dom::key_value_pair field : ObjectOf(v)) {
    members.push_back({field.key, field.value});
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.key < b.key; });
  bool has_type = false, has_other_than_id = false;
  const Member* id = nullptr;
  for (size_t k = 0; k < members.size(); ++k) {
    if (k + 1 < members.size() && members[k + 1].key == members[k].key) continue;  // not last
    has_type = has_type || members[k].key == "@type";
    has_other_than_id = has_other_than_id || members[k].key != "@id";
    if (members[k].key == "@id") id = &members[k];
  }
  if (has_type) g->typed.push_back(v);
  // A map of more than one member holds a key other than "@id".
  if (id != nullptr && id->value.is_string() && has_other_than_id) {
    g->by_id.emplace(StringOf(id->value), v);
  }
  for (size_t k = 0; k < members.size(); ++k) {
    if (k + 1 < members.size() && members[k + 1].key == members[k].key) continue;
    element child = members[k].value;
    if (child.is_object() || child.is_array()) CollectNodes(child, depth + 1, g);
  }
}

// A reference {"@id": "..."} resolved to the node that defines it.
element Resolve(const JsonLdGraph& g, element v) {
  element id;
  if (!FindMember(v, "@id", &id) || !id.is_string() || HasMember(v, "name")) return v;
  auto it = g.by_id.find(StringOf(id));
  return it == g.by_id.end() ? v : it->second;
}

// A text value: a string, the first string of an array, or an object's
// "@value" / "name".
std::string JsonText(element v) {
  switch (v.type()) {
    case element_type::STRING:
      return CollapseSpace(DecodeEntities(StringOf(v)));
    case element_type::INT64:
      return std::to_string(v.get_int64().value_unsafe());
    case element_type::UINT64:
      // As nlohmann's get<int64_t> reads an unsigned value.
      return std::to_string(static_cast<int64_t>(v.get_uint64().value_unsafe()));
    case element_type::ARRAY:
      for (element item : ArrayOf(v)) {
        std::string s = JsonText(item);
        if (!s.empty()) return s;
      }
      return {};
    case element_type::OBJECT:
      for (std::string_view key : {"@value", "name"}) {
        element value;
        if (FindMember(v, key, &value) && value.is_string()) return JsonText(value);
      }
      return {};
    default:
      return {};
  }
}

std::string JsonField(const element* node, std::string_view key) {
  element value;
  if (node == nullptr || !FindMember(*node, key, &value)) return {};
  return JsonText(value);
}

std::string PublisherName(const JsonLdGraph& g, const element* node) {
  element publisher;
  if (node == nullptr || !FindMember(*node, "publisher", &publisher)) return {};
  element p = publisher;
  if (publisher.is_array()) {
    simdjson::dom::array items = ArrayOf(publisher);
    if (items.size() > 0) p = items.at(0).value_unsafe();
  }
  return JsonText(Resolve(g, p));
}

void CollectAuthors(const JsonLdGraph& g, element v, int depth, Candidates* authors,
                    std::string* organization) {
  if (depth > 4) return;
  if (v.is_string()) {
    Offer(authors, kJsonLd, DecodeEntities(StringOf(v)));
  } else if (v.is_array()) {
    size_t count = 0;
    for (element item : ArrayOf(v)) {
      if (++count > 50) break;
      CollectAuthors(g, item, depth + 1, authors, organization);
    }
  } else if (v.is_object()) {
    const element node = Resolve(g, v);
    std::string name = JsonField(&node, "name");
    if (name.empty()) {
      std::string given = JsonField(&node, "givenName");
      std::string family = JsonField(&node, "familyName");
      name = CollapseSpace(given + " " + family);
    }
    if (IsOrganization(node)) {
      if (organization->empty()) *organization = name;
    } else {
      Offer(authors, kJsonLd, name);
    }
  }
}

// Text values of a string-or-array property (keywords are split later, like
// meta keywords).
void CollectList(const element* node, std::string_view key, Candidates* out) {
  element value;
  if (node == nullptr || !FindMember(*node, key, &value)) return;
  auto add = [&](element v) {
    std::string s = JsonText(v);
    if (!s.empty()) Offer(out, kJsonLd, s);
  };
  if (value.is_array()) {
    size_t count = 0;
    for (element v : ArrayOf(value)) {
      if (++count > kMaxCategories) break;
      add(v);
    }
  } else {
    add(value);
  }
}

std::string UrlOf(const element* node, std::string_view key) {
  element value;
  if (node == nullptr || !FindMember(*node, key, &value)) return {};
  if (value.is_string()) return CollapseSpace(StringOf(value));
  for (std::string_view k : {"@id", "url"}) {
    element u;
    if (FindMember(value, k, &u) && u.is_string()) return CollapseSpace(StringOf(u));
  }
  return {};
}

void HandleJsonLd(Facts* facts) {
  // The documents own the parsed values: they live until the fields are read.
  std::vector<std::unique_ptr<simdjson::dom::document>> docs;
  std::vector<element> roots;
  docs.reserve(facts->jsonld_blocks.size());
  roots.reserve(facts->jsonld_blocks.size());
  for (const std::string& block : facts->jsonld_blocks) {
    auto doc = std::make_unique<simdjson::dom::document>();
    element root;
    if (!ParseJsonLd(block, doc.get(), &root)) continue;
    docs.push_back(std::move(doc));
    roots.push_back(root);
  }
  ShrinkJsonLdParser();
  if (roots.empty()) return;
  JsonLdGraph g;
  for (element root : roots) CollectNodes(root, 0, &g);

  const element* article = nullptr;
  const element* page = nullptr;
  for (const element& n : g.typed) {
    int rank = TypeRank(n);
    if (rank == 2 && article == nullptr) article = &n;
    if (rank == 1 && page == nullptr) page = &n;
  }
  if (article == nullptr) std::swap(article, page);
  if (article == nullptr) return;

  // Field by field: the article node, then the page that holds it.
  auto offer = [&](Candidates* c, std::string_view key) {
    std::string v = JsonField(article, key);
    if (v.empty()) v = JsonField(page, key);
    Offer(c, kJsonLd, v);
  };
  std::string headline = JsonField(article, "headline");
  if (headline.empty()) headline = JsonField(article, "name");
  if (headline.empty()) headline = JsonField(page, "headline");
  Offer(&facts->title, kJsonLd, headline);
  offer(&facts->published, "datePublished");
  offer(&facts->modified, "dateModified");
  offer(&facts->language, "inLanguage");
  offer(&facts->description, "description");

  std::string organization;
  const element* author_holder = HasMember(*article, "author") ? article : page;
  element author;
  if (author_holder != nullptr && FindMember(*author_holder, "author", &author)) {
    CollectAuthors(g, author, 0, &facts->authors, &organization);
  }
  std::string publisher = PublisherName(g, article);
  if (publisher.empty()) publisher = PublisherName(g, page);
  if (publisher.empty()) publisher = organization;
  Offer(&facts->publisher, kJsonLd, publisher);

  std::string url = UrlOf(article, "url");
  if (url.empty()) url = UrlOf(article, "mainEntityOfPage");
  if (url.empty()) url = UrlOf(page, "url");
  Offer(&facts->canonical, kJsonLd, url);

  CollectList(article, "articleSection", &facts->sections);
  CollectList(article, "keywords", &facts->tags);
}

// ---------------------------------------------------------------- authors

bool IsMonthOrWeekday(std::string_view lower) {
  static constexpr std::array<std::string_view, 38> kWords = {
      "january",   "february", "march",     "april",    "may",    "june",     "july",   "august",
      "september", "october",  "november",  "december", "jan",    "feb",      "mar",    "apr",
      "jun",       "jul",      "aug",       "sep",      "sept",   "oct",      "nov",    "dec",
      "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
      "tue",       "wed",      "thu",       "fri",      "sat",    "sun"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

bool IsConnector(std::string_view lower) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "on",           "at",       "the",          "|",  "-",         "\xe2\x80\x93",
      "\xe2\x80\x94", "\xc2\xb7", "\xe2\x80\xa2", ",",  "published", "updated",
      "posted",       "last",     "am",           "pm", "date:",     "on:",
      "and",          "&"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

// Role words that follow a name in bylines ("Jane Doe, Staff Writer").
bool IsRoleNoun(std::string_view lower) {
  static constexpr std::array<std::string_view, 14> kWords = {
      "writer",      "reporter", "correspondent", "editor",     "columnist",
      "contributor", "producer", "photographer",  "journalist", "analyst",
      "staff",       "intern",   "editors",       "writers"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

bool IsRoleWord(std::string_view lower) {
  static constexpr std::array<std::string_view, 24> kWords = {
      "senior",    "chief",    "contributing", "special",   "political", "foreign",
      "news",      "national", "associate",    "managing",  "deputy",    "executive",
      "staff",     "guest",    "assistant",    "editorial", "digital",   "investigative",
      "economics", "business", "sports",       "science",   "health",    "freelance"};
  return IsRoleNoun(lower) || std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

bool IsGenericAuthor(std::string_view lower) {
  static constexpr std::array<std::string_view, 24> kWords = {
      "staff",          "admin",        "administrator",  "editor",
      "editors",        "editorial",    "newsroom",       "guest",
      "anonymous",      "unknown",      "author",         "team",
      "web desk",       "news desk",    "desk",           "editorial staff",
      "editorial team", "staff writer", "staff reporter", "guest author",
      "site editor",    "webmaster",    "user",           "root"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

std::vector<std::string_view> Words(std::string_view s) { return SplitTokens(s); }

// Leading "By", "Written by", "Author:" ... removed.
std::string_view StripBylinePrefix(std::string_view s) {
  static constexpr std::array<std::string_view, 16> kPrefixes = {
      "written by",   "posted by", "words by", "story by", "reported by", "reporting by",
      "published by", "text by",   "authors:", "author:",  "authors",     "author",
      "by:",          "by",        "von",      "par"};
  for (bool changed = true; changed;) {
    changed = false;
    s = TrimView(s);
    for (std::string_view p : kPrefixes) {
      if (!StartsWithIgnoreCase(s, p)) continue;
      std::string_view rest = s.substr(p.size());
      if (!rest.empty() && !IsAsciiSpace(rest.front()) && rest.front() != ':' && p.back() != ':') {
        continue;
      }
      while (!rest.empty() && (rest.front() == ':' || IsAsciiSpace(rest.front()))) {
        rest.remove_prefix(1);
      }
      s = rest;
      changed = true;
      break;
    }
    // "Text: Name", "Texto: Name", "Текст: Name": one word and a colon.
    size_t colon = s.find(':');
    if (!changed && colon != std::string_view::npos && colon > 0 && colon <= 24 &&
        s.substr(0, colon).find(' ') == std::string_view::npos) {
      s = s.substr(colon + 1);
      changed = true;
    }
  }
  return s;
}

std::string_view TrimPunctuation(std::string_view s) {
  auto is_punct = [](char c) {
    return IsAsciiSpace(c) || c == ',' || c == ';' || c == ':' || c == '|' || c == '-' ||
           c == '.' || c == '/' || c == '(' || c == ')' || c == '*' || c == '\'' || c == '"';
  };
  while (!s.empty() && is_punct(s.front())) s.remove_prefix(1);
  // Keep a final '.' after an initial ("John Q."), drop others.
  while (!s.empty() && is_punct(s.back())) {
    if (s.back() == '.' && s.size() >= 3 && s[s.size() - 3] == ' ' &&
        IsAsciiAlpha(s[s.size() - 2])) {
      break;
    }
    s.remove_suffix(1);
  }
  return s;
}

// What an author must not be: the outlet itself under any of its names.
struct NameFilter {
  std::vector<std::string> publishers;      // publisher / site names as written
  std::vector<std::string> publisher_keys;  // NameKey of those
  std::string site_key;                     // NameKey of the host: "clevelandcom"
  std::string label_key;                    // NameKey of its label: "cleveland"
};

// Degrees and post-nominals that follow a name after a comma.
bool IsCredential(std::string_view lower) {
  static constexpr std::array<std::string_view, 16> kWords = {
      "phd", "md",  "ms",  "msc", "ma", "ba", "mba", "rd",
      "rdn", "cpa", "esq", "jr",  "sr", "ii", "iii", "dds"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

// "example.com", "NJ.com": a host name, not a person.
bool LooksLikeDomain(std::string_view word) {
  size_t dot = word.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > word.size()) return false;
  std::string_view tld = word.substr(dot + 1);
  if (tld.size() > 6) return false;
  return std::all_of(tld.begin(), tld.end(), [](char c) { return IsAsciiAlpha(c); }) &&
         IsAsciiAlpha(word[dot - 1]);
}

bool IsOutletName(std::string_view name, const std::vector<std::string_view>& words,
                  const NameFilter& filter) {
  std::string key = NameKey(name);
  std::string first = NameKey(words.front());
  for (const std::string& outlet : filter.publisher_keys) {
    if (outlet.empty()) continue;
    if (key == outlet || first == outlet) return true;
    // "India Post News Weekly" for "India Post"; "Beachbody" for "The Beachbody Blog".
    if (outlet.size() >= 5 && key.starts_with(outlet)) return true;
    if (words.size() == 1 && key.size() >= 4 && outlet.find(key) != std::string::npos) {
      return true;
    }
  }
  for (const std::string& site : {filter.site_key, filter.label_key}) {
    if (site.size() < 3) continue;
    if (key == site || first == site) return true;  // "Cleveland.com", "CNN Business"
    // "Practical Horseman" on practicalhorsemanmag.com, "Sputnik International"
    // on sputniknews.com.
    if (key.size() >= 6 && (site.starts_with(key) || key.starts_with(site))) return true;
    if (words.size() >= 2 && first.size() >= 5 && site.starts_with(first)) return true;
  }
  return false;
}

// One author candidate, cleaned; empty when it is not a person's name.
std::string CleanAuthor(std::string_view raw, const NameFilter& filter) {
  std::string_view s = TrimPunctuation(StripBylinePrefix(TrimPunctuation(raw)));
  if (s.empty() || s.size() > 80) return {};
  if (s.find('@') != std::string_view::npos || LooksLikeUrl(s)) return {};
  for (char c : s) {
    if (IsAsciiDigit(c)) return {};
  }
  // "Kevin McCoy USA TODAY": the outlet written after the name.
  for (const std::string& outlet : filter.publishers) {
    if (outlet.empty() || outlet.size() + 2 > s.size()) continue;
    size_t at = s.size() - outlet.size();
    if (s[at - 1] == ' ' && EqualsIgnoreCase(s.substr(at), outlet)) {
      s = TrimPunctuation(s.substr(0, at));
      break;
    }
  }
  // "Jill Lawless Associated Press": a wire service written after the name.
  static constexpr std::array<std::string_view, 6> kWires = {
      " associated press", " reuters", " afp", " bloomberg", " the associated press", " dpa"};
  for (std::string_view wire : kWires) {
    if (s.size() > wire.size() + 3 && EqualsIgnoreCase(s.substr(s.size() - wire.size()), wire)) {
      s = TrimPunctuation(s.substr(0, s.size() - wire.size()));
      break;
    }
  }
  std::vector<std::string_view> words = Words(s);
  // Trailing roles: "Jane Doe Staff Writer".
  if (!words.empty() && IsRoleNoun(Lower(words.back()))) {
    while (!words.empty() && IsRoleWord(Lower(words.back()))) words.pop_back();
  }
  if (words.empty() || words.size() > 6) return {};
  bool all_generic = true;
  for (std::string_view w : words) {
    if (LooksLikeDomain(w)) return {};
    std::string lower = Lower(TrimPunctuation(w));
    if (!IsRoleWord(lower) && !IsGenericAuthor(lower) && lower != "reports" && lower != "report" &&
        lower != "wire" && lower != "services" && lower != "service") {
      all_generic = false;
    }
  }
  if (all_generic) return {};
  if (words.size() == 1) {
    std::string_view w = TrimPunctuation(words[0]);
    // "MS", "RDN", "AP": credentials and agency initials, not names.
    bool upper = !w.empty() && w.size() <= 4 &&
                 std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (upper || IsCredential(Lower(w))) return {};
  }
  std::string name;
  for (std::string_view w : words) {
    if (!name.empty()) name.push_back(' ');
    name.append(w);
  }
  name = std::string(TrimPunctuation(name));
  bool has_letter = std::any_of(name.begin(), name.end(), [](char c) {
    return IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!has_letter || IsGenericAuthor(Lower(name)) || NameKey(name).empty()) return {};
  if (IsOutletName(name, words, filter)) return {};
  return name;
}

// Cuts byline text where dates and "Updated ..." begin: at the first digit,
// then drops trailing month names, weekdays and connectors.
std::string_view CutAtDate(std::string_view s) {
  size_t digit = 0;
  while (digit < s.size() && !IsAsciiDigit(s[digit])) ++digit;
  s = s.substr(0, digit);
  static constexpr std::array<std::string_view, 4> kMarkers{" published", " updated", " posted on",
                                                            " last updated"};
  for (std::string_view lower_marker : kMarkers) {
    for (size_t i = 0; i + lower_marker.size() <= s.size(); ++i) {
      // Every marker starts with a space: other positions need no compare.
      if (s[i] == ' ' && EqualsIgnoreCase(s.substr(i, lower_marker.size()), lower_marker)) {
        s = s.substr(0, i);
        break;
      }
    }
  }
  for (;;) {
    s = TrimView(s);
    size_t space = s.find_last_of(' ');
    std::string_view last = space == std::string_view::npos ? s : s.substr(space + 1);
    std::string lower = Lower(TrimPunctuation(last));
    if (last.empty() ||
        !(IsMonthOrWeekday(lower) || IsConnector(Lower(last)) || IsConnector(lower))) {
      break;
    }
    s = space == std::string_view::npos ? std::string_view() : s.substr(0, space);
  }
  return s;
}

// Splits "A and B", "A, B & C", "A | B" into names.
std::vector<std::string_view> SplitNames(std::string_view s) {
  static constexpr std::array<std::string_view, 16> kSeparators = {",",
                                                                   ";",
                                                                   " and ",
                                                                   " & ",
                                                                   " | ",
                                                                   " / ",
                                                                   " - ",
                                                                   " with ",
                                                                   " und ",
                                                                   " et ",
                                                                   " y ",
                                                                   "\xe2\x80\x94",
                                                                   "\xe2\x80\x93",
                                                                   "\xc2\xb7",
                                                                   "\xe2\x80\xa2",
                                                                   "\n"};
  std::vector<std::string_view> parts;
  size_t start = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t matched = 0;
    // Every separator starts with one of these bytes (none a letter, so it
    // must match exactly): other positions need no compare.
    const char c = s[i];
    const bool may_separate =
        c == ',' || c == ';' || c == ' ' || c == '\xe2' || c == '\xc2' || c == '\n';
    for (size_t k = 0; may_separate && k < kSeparators.size(); ++k) {
      std::string_view sep = kSeparators[k];
      if (i + sep.size() <= s.size() && EqualsIgnoreCase(s.substr(i, sep.size()), sep)) {
        matched = sep.size();
        break;
      }
    }
    // "Finian Cunningham. Sputnik International": a sentence end, not "Dr." or "J.".
    if (matched == 0 && s[i] == '.' && i + 1 < s.size() && s[i + 1] == ' ') {
      size_t word = i;
      while (word > 0 && IsAsciiAlpha(s[word - 1])) --word;
      if (i - word >= 5) matched = 2;
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    parts.push_back(s.substr(start, i - start));
    i += matched;
    start = i;
  }
  parts.push_back(s.substr(start));
  return parts;
}

void AddAuthors(std::string_view raw, const NameFilter& filter, std::vector<std::string>* out,
                std::set<std::string>* seen) {
  if (raw.size() > 2000) return;
  std::string text = CollapseSpace(raw);
  if (LooksLikeUrl(text)) return;
  std::string_view cut = CutAtDate(text);
  for (std::string_view part : SplitNames(StripBylinePrefix(TrimPunctuation(cut)))) {
    std::string name = CleanAuthor(part, filter);
    if (name.empty()) continue;
    std::string key = Lower(name);
    if (seen->insert(key).second) out->push_back(std::move(name));
  }
}

// ---------------------------------------------------------------- titles

bool IsSiteName(std::string_view part, const std::vector<std::string>& site_keys,
                std::string_view site_label) {
  std::string key = NameKey(part);
  if (key.empty()) return false;
  for (const std::string& s : site_keys) {
    if (!s.empty() && key == s) return true;
  }
  if (site_label.size() >= 3) {
    std::string label = NameKey(site_label);
    if (key == label) return true;
    // "BBC News" for bbc.co.uk, "NYTimes.com" for nytimes.com: short parts only.
    if (Words(part).size() <= 3 && key.starts_with(label) && key.size() <= label.size() + 8) {
      return true;
    }
  }
  return false;
}

constexpr std::array<std::string_view, 10> kTitleSeparators = {
    " | ",        " - ",        " \xe2\x80\x93 ", " \xe2\x80\x94 ",
    " :: ",       " \xc2\xb7 ", " \xe2\x80\xa2 ", " \xc2\xbb ",
    " \xc2\xab ", " / "};

// The size of the first of kTitleSeparators at title[pos], or 0.
size_t SeparatorAt(std::string_view title, size_t pos) {
  // Every separator starts with a space, and goes on with one of these bytes:
  // most spaces (between words) are rejected without a compare.
  if (title[pos] != ' ' || pos + 1 >= title.size()) return 0;
  switch (title[pos + 1]) {
    case '|':
    case '-':
    case '/':
    case ':':
    case '\xc2':
    case '\xe2':
      break;
    default:
      return 0;
  }
  for (std::string_view sep : kTitleSeparators) {
    if (title.compare(pos, sep.size(), sep) == 0) return sep.size();
  }
  return 0;
}

// Position and length of the last (or first) title separator; of several at
// that position, the first in kTitleSeparators. One scan instead of a find
// per separator.
std::pair<size_t, size_t> FindSeparator(std::string_view title, bool last) {
  for (size_t k = 0; k < title.size(); ++k) {
    size_t pos = last ? title.size() - 1 - k : k;
    if (size_t len = SeparatorAt(title, pos); len > 0) return {pos, len};
  }
  return {std::string_view::npos, 0};
}

std::string StripSiteName(std::string title, const std::vector<std::string>& site_keys,
                          std::string_view site_label, std::string_view h1) {
  // "Headline | Site", possibly "Headline | Section | Site".
  for (int round = 0; round < 2; ++round) {
    auto [pos, len] = FindSeparator(title, /*last=*/true);
    if (pos == std::string_view::npos || pos == 0) break;
    if (!IsSiteName(std::string_view(title).substr(pos + len), site_keys, site_label)) break;
    title = CollapseSpace(std::string_view(title).substr(0, pos));
  }
  // "Site | Headline", "Site: Headline".
  {
    auto [pos, len] = FindSeparator(title, /*last=*/false);
    size_t colon = title.find(": ");
    if (colon != std::string::npos && (pos == std::string_view::npos || colon < pos)) {
      pos = colon;
      len = 2;
    }
    if (pos != std::string_view::npos && pos > 0 && pos + len < title.size() &&
        IsSiteName(std::string_view(title).substr(0, pos), site_keys, site_label)) {
      title = CollapseSpace(std::string_view(title).substr(pos + len));
    }
  }
  // "Headline | Anything" where the page's h1 is the headline.
  if (!h1.empty() && h1.size() < title.size()) {
    std::string_view t = title;
    for (std::string_view sep : kTitleSeparators) {
      if (t.size() > h1.size() + sep.size() && EqualsIgnoreCase(t.substr(0, h1.size()), h1) &&
          t.substr(h1.size(), sep.size()) == sep) {
        return std::string(h1);
      }
      if (t.size() > h1.size() + sep.size() &&
          EqualsIgnoreCase(t.substr(t.size() - h1.size()), h1) &&
          t.substr(t.size() - h1.size() - sep.size(), sep.size()) == sep) {
        return std::string(h1);
      }
    }
  }
  return title;
}

// ---------------------------------------------------------------- other fields

std::string LanguageCode(std::string_view declared) {
  std::string out;
  for (char c : TrimView(declared)) {
    if (c == '-' || c == '_') break;
    if (!IsAsciiAlpha(c)) return {};
    out.push_back(LowerAscii(c));
  }
  if (out.size() < 2 || out.size() > 3) return {};
  return out;
}

void AddCategories(const Candidates& candidates, std::string_view scheme, bool split,
                   Metadata* meta, std::set<std::string>* seen) {
  std::vector<std::string_view> labels;  // reused: one buffer for all candidates
  std::string key;
  for (std::string_view source : {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata}) {
    for (const Candidate& c : candidates) {
      if (c.source != source) continue;
      labels.clear();
      std::string_view v = c.value;
      if (split) {
        char sep = v.find(',') != std::string_view::npos ? ',' : ';';
        size_t start = 0;
        for (size_t i = 0; i <= v.size(); ++i) {
          if (i == v.size() || v[i] == sep) {
            labels.push_back(v.substr(start, i - start));
            start = i + 1;
          }
        }
      } else {
        labels.push_back(v);
      }
      for (std::string_view label : labels) {
        if (meta->categories.size() >= kMaxCategories) return;
        std::string l = CollapseSpace(label);
        if (l.empty() || l.size() > 100 || LooksLikeUrl(l)) continue;
        // scheme, NUL, lower-cased label: built in place, without temporaries.
        key.assign(scheme);
        key.push_back('\0');
        key.append(l);
        for (size_t k = scheme.size() + 1; k < key.size(); ++k) key[k] = LowerAscii(key[k]);
        if (!seen->insert(key).second) continue;
        if (meta->categories.empty()) meta->evidence["categories"] = std::string(source);
        meta->categories.push_back({std::string(scheme), std::move(l)});
      }
    }
  }
}

// ParseUrl(base), kept for the next call: a page resolves all its links
// against one base. The copy is per thread, so ResolveUrl stays thread-safe;
// the parts point into it and stay valid until the next call.
const UrlParts& ParsedBase(std::string_view base) {
  thread_local std::string cached;
  thread_local UrlParts parts;
  if (cached.empty() || cached != base) {
    cached.assign(base);
    parts = ParseUrl(cached);
  }
  return parts;
}

bool IsHomePage(std::string_view url) {
  UrlParts u = ParseUrl(url);
  return u.path.empty() || u.path == "/";
}

}  // namespace

// ---------------------------------------------------------------- public

std::string ResolveUrl(std::string_view base, std::string_view href) {
  href = TrimView(href);
  base = TrimView(base);
  // Most links are absolute: they are returned before any further parsing.
  if (base.empty() || SchemeSize(href) > 0) return std::string(href);
  UrlParts r = ParseUrl(href);
  const UrlParts& b = ParsedBase(base);
  // Paths without "." or ".." segments are used as they are, without a copy.
  std::string cleaned;
  auto without_dot_segments = [&cleaned](std::string_view p) {
    if (!HasDotSegment(p)) return p;
    cleaned = RemoveDotSegments(p);
    return std::string_view(cleaned);
  };
  if (r.has_authority) {
    return Recompose(b.scheme, true, r.authority, without_dot_segments(r.path), r.has_query,
                     r.query, r.has_fragment, r.fragment);
  }
  std::string_view path;
  bool has_query = r.has_query;
  std::string_view query = r.query;
  if (r.path.empty()) {
    path = b.path;
    if (!r.has_query) {
      has_query = b.has_query;
      query = b.query;
    }
  } else if (r.path.front() == '/') {
    path = without_dot_segments(r.path);
  } else {
    std::string merged;
    if (b.has_authority && b.path.empty()) {
      merged = "/";
    } else {
      size_t slash = b.path.rfind('/');
      if (slash != std::string_view::npos) merged = std::string(b.path.substr(0, slash + 1));
    }
    merged.append(r.path);
    cleaned = RemoveDotSegments(merged);
    path = cleaned;
  }
  return Recompose(b.scheme, b.has_authority, b.authority, path, has_query, query, r.has_fragment,
                   r.fragment);
}

std::string SiteOf(std::string_view url) {
  url = TrimView(url);
  std::string_view host;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    host = url.substr(scheme + 3);
  } else if (url.starts_with("//")) {
    host = url.substr(2);
  } else {
    host = url;  // "www.example.com/x"
  }
  size_t end = host.find_first_of("/?#");
  if (end != std::string_view::npos) host = host.substr(0, end);
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.find(' ') != std::string_view::npos) return {};
  if (scheme == std::string_view::npos && !url.starts_with("//") &&
      host.find('.') == std::string_view::npos) {
    return {};
  }
  std::string out = Lower(host);
  if (out.starts_with("www.")) out.erase(0, 4);
  return out;
}

Metadata ExtractMetadata(const Document& doc, std::string_view page_url) {
  Metadata meta;
  if (doc.size() == 0) return meta;
  Facts facts;
  WalkDocument(doc, &facts);
  HandleJsonLd(&facts);

  std::string_view source;
  auto keep = [](const std::string& v) { return v; };

  // URLs.
  meta.url = std::string(TrimView(page_url));
  const std::string base = meta.url.empty() ? facts.og_url : meta.url;
  if (meta.url.empty() && IsAbsoluteHttpUrl(facts.og_url)) {
    meta.url = facts.og_url;
    meta.evidence["url"] = std::string(kOpenGraph);
  }
  auto absolute_url = [&](const std::string& v) -> std::string {
    std::string u = ResolveUrl(base, v);
    if (!IsAbsoluteHttpUrl(u)) return {};
    // A canonical pointing at the home page from an article is a CMS mistake.
    if (IsHomePage(u) && !meta.url.empty() && !IsHomePage(meta.url)) return {};
    return u;
  };
  if (Pick(facts.canonical, {kLinkCanonical, kOpenGraph, kJsonLd}, absolute_url,
           &meta.canonical_url, &source)) {
    meta.evidence["canonical_url"] = std::string(source);
  }
  if (meta.url.empty() && !meta.canonical_url.empty()) {
    meta.url = meta.canonical_url;
    meta.evidence["url"] = meta.evidence["canonical_url"];
  }
  meta.site = SiteOf(meta.canonical_url.empty() ? meta.url : meta.canonical_url);
  const std::string site_label = meta.site.empty() ? std::string() : SiteLabel(meta.site);

  // Publisher (needed to clean titles and authors).
  auto publisher_name = [](const std::string& v) { return LooksLikeUrl(v) ? std::string() : v; };
  if (Pick(facts.publisher, {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata}, publisher_name,
           &meta.publisher, &source)) {
    meta.evidence["publisher"] = std::string(source);
  }
  std::vector<std::string> site_keys;
  for (const Candidate& c : facts.publisher) {
    if (!LooksLikeUrl(c.value)) site_keys.push_back(NameKey(c.value));
  }

  // Title.
  std::string_view h1 = facts.h1_in_article.empty() ? facts.h1 : facts.h1_in_article;
  Offer(&facts.title, kTitleTag, facts.title_tag);
  Offer(&facts.title, kH1, h1);
  if (Pick(facts.title, {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata, kTitleTag, kH1}, keep,
           &meta.title, &source)) {
    meta.title = StripSiteName(meta.title, site_keys, site_label, h1);
    meta.evidence["title"] = std::string(source);
  }

  // Dates.
  auto date = [](const std::string& v) { return NormalizeDate(v); };
  if (Pick(facts.published, {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata, kTime}, date,
           &meta.published, &source)) {
    meta.evidence["published"] = std::string(source);
  } else {
    std::string from_url = DateFromUrl(meta.canonical_url);
    if (from_url.empty()) from_url = DateFromUrl(meta.url);
    if (!from_url.empty()) {
      meta.published = std::move(from_url);
      meta.evidence["published"] = std::string(kUrl);
    }
  }
  if (Pick(facts.modified, {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata, kTime}, date,
           &meta.modified, &source)) {
    meta.evidence["modified"] = std::string(source);
  }

  // Language and description.
  auto language = [](const std::string& v) { return LanguageCode(v); };
  if (Pick(facts.language, {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata, kHtmlLang},
           language, &meta.language, &source)) {
    meta.evidence["language"] = std::string(source);
  }
  if (Pick(facts.description, {kJsonLd, kOpenGraph, kMeta, kDublinCore}, keep, &meta.description,
           &source)) {
    meta.evidence["description"] = std::string(source);
  }

  // Authors: the first source that yields any person name; within <meta>, the
  // first name that does ("author" repeated is several authors, "author" and
  // "parsely-author" are the same one twice).
  NameFilter filter;
  for (const Candidate& c : facts.publisher) {
    if (!LooksLikeUrl(c.value)) filter.publishers.push_back(c.value);
  }
  filter.publisher_keys = site_keys;
  filter.site_key = NameKey(meta.site);
  filter.label_key = NameKey(site_label);
  std::set<std::string> seen;
  for (std::string_view wanted : {kJsonLd, kOpenGraph, kMeta, kDublinCore, kMicrodata}) {
    const std::string* key = nullptr;
    for (const Candidate& c : facts.authors) {
      if (c.source != wanted || (key != nullptr && c.key != *key)) continue;
      AddAuthors(c.value, filter, &meta.authors, &seen);
      if (!meta.authors.empty()) key = &c.key;
    }
    if (!meta.authors.empty()) {
      meta.evidence["authors"] = std::string(wanted);
      break;
    }
  }
  if (meta.authors.empty()) {
    for (const auto& [element, in_article] : facts.bylines) {
      std::string text = SpacedText(doc, element, kMaxBylineChars);
      if (text.empty()) continue;
      AddAuthors(text, filter, &meta.authors, &seen);
      if (!meta.authors.empty()) {
        meta.evidence["authors"] = std::string(kByline);
        break;
      }
    }
  }

  // Categories.
  std::set<std::string> seen_categories;
  AddCategories(facts.sections, "section", /*split=*/false, &meta, &seen_categories);
  AddCategories(facts.tags, "tag", /*split=*/true, &meta, &seen_categories);
  return meta;
}

}  // namespace newstrace::extract
