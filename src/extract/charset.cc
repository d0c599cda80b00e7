#include "extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/utypes.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <unordered_map>

namespace newstrace::extract {
namespace {

// How far <meta> declarations are looked for (the HTML prescan uses 1024
// bytes; real pages put long <head> preambles first, so we look further).
constexpr size_t kPrescanBytes = 4096;

constexpr std::string_view kUtf8 = "utf-8";
constexpr std::string_view kWindows1252 = "windows-1252";
constexpr std::string_view kUtf16Le = "utf-16le";
constexpr std::string_view kUtf16Be = "utf-16be";

// ---------------------------------------------------------------------------
// UTF-8 validation and repair.

// Length of the valid UTF-8 sequence at `p` (1..4), or 0 when the bytes at `p`
// do not start one. `*subpart` receives the length of the maximal subpart of
// an ill-formed sequence (>= 1), which becomes one U+FFFD (Unicode/WHATWG
// "maximal subpart" practice), and `*truncated` whether the sequence was only
// cut short by the end of input.
size_t DecodeUtf8Sequence(const unsigned char* p, const unsigned char* end, size_t* subpart,
                          bool* truncated) {
  const unsigned char lead = p[0];
  size_t need;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  if (lead < 0x80) {
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) lower = 0xA0;  // no overlongs
    if (lead == 0xED) upper = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) lower = 0x90;  // no overlongs
    if (lead == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
  } else {
    *subpart = 1;
    *truncated = false;
    return 0;
  }
  size_t i = 1;
  for (; i <= need; ++i) {
    if (p + i >= end) {
      *subpart = i;
      *truncated = true;
      return 0;
    }
    const unsigned char c = p[i];
    if (c < lower || c > upper) {
      *subpart = i;
      *truncated = false;
      return 0;
    }
    lower = 0x80;
    upper = 0xBF;
  }
  return need + 1;
}

bool AllAscii8(const unsigned char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return (word & 0x8080808080808080ull) == 0;
}

// The number of leading bytes of `bytes` that are valid UTF-8.
size_t ValidUtf8Prefix(std::string_view bytes, bool* truncated_at_end) {
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* p = begin;
  const unsigned char* end = begin + bytes.size();
  *truncated_at_end = false;
  while (p < end) {
#if defined(__SSE2__)
    if (end - p >= 32) {
      // ASCII fast path. 32 bytes first, which also finds where the next
      // non-ASCII byte is: in text with accents or curly quotes it is often
      // near. Then, when those were ASCII, 128 bytes a step (one movemask for
      // eight loads): pages are mostly markup, and this step carries most of
      // the input.
      const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
      const auto mask = static_cast<uint32_t>(_mm_movemask_epi8(lo)) |
                        (static_cast<uint32_t>(_mm_movemask_epi8(hi)) << 16);
      if (mask == 0) {
        p += 32;
        while (end - p >= 128) {
          const auto* v = reinterpret_cast<const __m128i*>(p);
          const __m128i low =
              _mm_or_si128(_mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
                           _mm_or_si128(_mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3)));
          const __m128i high =
              _mm_or_si128(_mm_or_si128(_mm_loadu_si128(v + 4), _mm_loadu_si128(v + 5)),
                           _mm_or_si128(_mm_loadu_si128(v + 6), _mm_loadu_si128(v + 7)));
          if (_mm_movemask_epi8(_mm_or_si128(low, high)) != 0) break;
          p += 128;
        }
        continue;
      }
      p += __builtin_ctz(mask);  // the first byte >= 0x80
    }
#endif
    while (end - p >= 8 && AllAscii8(p)) p += 8;
    while (p < end && *p < 0x80) ++p;
    if (p == end) break;
    // The common two- and three-byte sequences (Latin accents, punctuation
    // such as curly quotes) inline; lead bytes whose second byte has a
    // narrower range (E0, ED) and the rest go to DecodeUtf8Sequence.
    const unsigned char lead = p[0];
    if (lead >= 0xC2 && lead <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      p += 2;
      continue;
    }
    if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
      p += 3;
      continue;
    }
    size_t subpart = 0;
    bool truncated = false;
    const size_t n = DecodeUtf8Sequence(p, end, &subpart, &truncated);
    if (n == 0) {
      *truncated_at_end = truncated;
      break;
    }
    p += n;
  }
  return static_cast<size_t>(p - begin);
}

void AppendReplacementChar(std::string* out) { out->append("\xEF\xBF\xBD"); }

// Copies `bytes`, replacing each maximal subpart of an ill-formed sequence
// with U+FFFD.
std::string RepairUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8 + 16);
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = begin + bytes.size();
  const unsigned char* p = begin;
  while (p < end) {
    bool truncated = false;
    const size_t valid = ValidUtf8Prefix(
        std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(end - p)),
        &truncated);
    out.append(reinterpret_cast<const char*>(p), valid);
    p += valid;
    if (p == end) break;
    size_t subpart = 1;
    DecodeUtf8Sequence(p, end, &subpart, &truncated);
    AppendReplacementChar(&out);
    p += subpart;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Labels (WHATWG Encoding standard, section 4.2), lower-case canonical names.

using LabelMap = std::unordered_map<std::string_view, std::string_view>;

const LabelMap& Labels() {
  static const LabelMap* const kLabels = [] {
    auto* map = new LabelMap();  // NOLINT: intentionally leaked singleton
    auto add = [map](std::string_view name, std::initializer_list<std::string_view> labels) {
      for (std::string_view label : labels) map->emplace(label, name);
    };
    add("utf-8", {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
                  "x-unicode20utf8"});
    add("ibm866", {"866", "cp866", "csibm866", "ibm866"});
    add("iso-8859-2", {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592",
                       "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"});
    add("iso-8859-3", {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593",
                       "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"});
    add("iso-8859-4", {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594",
                       "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"});
    add("iso-8859-5", {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5",
                       "iso88595", "iso_8859-5", "iso_8859-5:1988"});
    add("iso-8859-6", {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic",
                       "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127",
                       "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"});
    add("iso-8859-7",
        {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
         "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"});
    add("iso-8859-8",
        {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
         "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"});
    add("iso-8859-8-i", {"csiso88598i", "iso-8859-8-i", "logical"});
    add("iso-8859-10",
        {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"});
    add("iso-8859-13", {"iso-8859-13", "iso8859-13", "iso885913"});
    add("iso-8859-14", {"iso-8859-14", "iso8859-14", "iso885914"});
    add("iso-8859-15",
        {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"});
    add("iso-8859-16", {"iso-8859-16"});
    add("koi8-r", {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"});
    add("koi8-u", {"koi8-ru", "koi8-u"});
    add("macintosh", {"csmacintosh", "mac", "macintosh", "x-mac-roman"});
    add("windows-874",
        {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"});
    add("windows-1250", {"cp1250", "windows-1250", "x-cp1250"});
    add("windows-1251", {"cp1251", "windows-1251", "x-cp1251"});
    add("windows-1252",
        {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
         "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
         "us-ascii", "windows-1252", "x-cp1252"});
    add("windows-1253", {"cp1253", "windows-1253", "x-cp1253"});
    add("windows-1254",
        {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
         "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"});
    add("windows-1255", {"cp1255", "windows-1255", "x-cp1255"});
    add("windows-1256", {"cp1256", "windows-1256", "x-cp1256"});
    add("windows-1257", {"cp1257", "windows-1257", "x-cp1257"});
    add("windows-1258", {"cp1258", "windows-1258", "x-cp1258"});
    add("x-mac-cyrillic", {"x-mac-cyrillic", "x-mac-ukrainian"});
    add("gbk", {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                "iso-ir-58", "x-gbk"});
    add("gb18030", {"gb18030"});
    add("big5", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"});
    add("euc-jp", {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"});
    add("iso-2022-jp", {"csiso2022jp", "iso-2022-jp"});
    add("shift_jis", {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis",
                      "windows-31j", "x-sjis"});
    add("euc-kr", {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                   "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"});
    add("utf-16be", {"unicodefffe", "utf-16be"});
    add("utf-16le",
        {"csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"});
    // WHATWG maps these to the "replacement" decoder (one U+FFFD for the whole
    // page) to block script injection in browsers. For text mining the text
    // matters more, so ICU decodes them.
    add("iso-2022-kr", {"csiso2022kr", "iso-2022-kr"});
    add("iso-2022-cn", {"iso-2022-cn"});
    add("iso-2022-cn-ext", {"iso-2022-cn-ext"});
    add("hz-gb-2312", {"hz-gb-2312"});
    // x-user-defined exists only for legacy font hacks; its text is Latin-ish.
    add("windows-1252", {"x-user-defined"});
    return map;
  }();
  return *kLabels;
}

bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimAsciiWhitespace(std::string_view s) {
  while (!s.empty() && IsAsciiWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

// The canonical name for an encoding label, or nullopt for an unknown label.
std::optional<std::string_view> CanonicalCharset(std::string_view label) {
  label = TrimAsciiWhitespace(label);
  if (label.empty() || label.size() > 64) return std::nullopt;
  std::string lower(label);
  for (char& c : lower) c = ToLowerAscii(c);
  const LabelMap& labels = Labels();
  const auto it = labels.find(lower);
  if (it == labels.end()) return std::nullopt;
  return it->second;
}

bool IsUtf16(std::string_view canonical) { return canonical == kUtf16Le || canonical == kUtf16Be; }

std::optional<std::string_view> BomCharset(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return kUtf8;
  if (bytes.starts_with("\xFE\xFF")) return kUtf16Be;
  if (bytes.starts_with("\xFF\xFE")) return kUtf16Le;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// The HTML prescan for <meta charset> (HTML Standard, "prescan a byte stream
// to determine its encoding"), over the first kPrescanBytes.

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ToLowerAscii(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "Extracting a character encoding from a meta element" (the content attribute).
std::optional<std::string_view> CharsetFromContent(std::string_view content) {
  size_t pos = 0;
  for (;;) {
    size_t found = std::string_view::npos;
    for (size_t i = pos; i + 7 <= content.size(); ++i) {
      if (StartsWithIgnoringCase(content.substr(i), "charset")) {
        found = i;
        break;
      }
    }
    if (found == std::string_view::npos) return std::nullopt;
    pos = found + 7;
    while (pos < content.size() && IsAsciiWhitespace(content[pos])) ++pos;
    if (pos >= content.size() || content[pos] != '=') continue;
    ++pos;
    while (pos < content.size() && IsAsciiWhitespace(content[pos])) ++pos;
    if (pos >= content.size()) return std::nullopt;
    const char quote = content[pos];
    if (quote == '"' || quote == '\'') {
      const size_t close = content.find(quote, pos + 1);
      if (close == std::string_view::npos) return std::nullopt;
      return content.substr(pos + 1, close - pos - 1);
    }
    size_t stop = pos;
    while (stop < content.size() && !IsAsciiWhitespace(content[stop]) && content[stop] != ';') {
      ++stop;
    }
    return content.substr(pos, stop - pos);
  }
}

struct Attribute {
  std::string name;
  std::string value;
};

// "Get an attribute" from the prescan algorithm. Returns false at '>' or at
// the end of input (no more attributes). Names and values are lower-cased.
// A null `attr` skips the attribute without copying it (tags other than
// <meta>, whose attributes are only read past).
bool GetAttribute(std::string_view s, size_t* pos, Attribute* attr) {
  size_t p = *pos;
  while (p < s.size() && (IsAsciiWhitespace(s[p]) || s[p] == '/')) ++p;
  *pos = p;
  if (p >= s.size() || s[p] == '>') return false;
  if (attr != nullptr) {
    attr->name.clear();
    attr->value.clear();
  }
  // The name.
  for (bool in_name = false;; in_name = true) {
    if (p >= s.size()) return false;
    const char c = s[p];
    if (c == '=' && in_name) {
      ++p;
      break;
    }
    if (IsAsciiWhitespace(c)) {
      while (p < s.size() && IsAsciiWhitespace(s[p])) ++p;
      if (p >= s.size()) return false;
      if (s[p] != '=') {
        *pos = p;
        return true;
      }
      ++p;
      break;
    }
    if (c == '/' || c == '>') {
      *pos = p;
      return true;
    }
    if (attr != nullptr) attr->name.push_back(ToLowerAscii(c));
    ++p;
  }
  // The value.
  while (p < s.size() && IsAsciiWhitespace(s[p])) ++p;
  if (p >= s.size()) return false;
  const char first = s[p];
  if (first == '"' || first == '\'') {
    // Copied at once up to the closing quote, then lower-cased in place.
    const size_t close = s.find(first, p + 1);
    if (close == std::string_view::npos) return false;
    if (attr != nullptr) {
      attr->value.assign(s.substr(p + 1, close - p - 1));
      for (char& c : attr->value) c = ToLowerAscii(c);
    }
    *pos = close + 1;
    return true;
  }
  if (first == '>') {
    *pos = p;
    return true;
  }
  if (attr != nullptr) attr->value.push_back(ToLowerAscii(first));
  ++p;
  for (;;) {
    if (p >= s.size()) return false;
    if (IsAsciiWhitespace(s[p]) || s[p] == '>') {
      *pos = p;
      return true;
    }
    if (attr != nullptr) attr->value.push_back(ToLowerAscii(s[p]));
    ++p;
  }
}

// Reads the attributes of a <meta> starting at `*pos` (after "<meta") and
// returns the charset it declares, if any.
std::optional<std::string_view> CharsetFromMeta(std::string_view s, size_t* pos) {
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  std::optional<std::string_view> charset;
  bool seen_http_equiv = false, seen_content = false, seen_charset = false;
  Attribute attr;
  while (GetAttribute(s, pos, &attr)) {
    if (attr.name == "http-equiv" && !seen_http_equiv) {
      seen_http_equiv = true;
      if (attr.value == "content-type") got_pragma = true;
    } else if (attr.name == "content" && !seen_content) {
      seen_content = true;
      if (!charset) {
        if (const auto label = CharsetFromContent(attr.value)) {
          charset = CanonicalCharset(*label);
          if (charset) need_pragma = true;
        }
      }
    } else if (attr.name == "charset" && !seen_charset) {
      seen_charset = true;
      charset = CanonicalCharset(attr.value);
      need_pragma = false;
    }
  }
  if (!need_pragma || !charset) return std::nullopt;
  if (*need_pragma && !got_pragma) return std::nullopt;
  // A page that reached the prescan has no UTF-16 BOM, so it cannot really
  // be UTF-16; the HTML Standard says to use UTF-8.
  if (IsUtf16(*charset)) return kUtf8;
  return charset;
}

std::optional<std::string_view> PrescanMeta(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, kPrescanBytes);
  size_t pos = 0;
  while (pos < s.size()) {
    const std::string_view rest = s.substr(pos);
    if (rest[0] != '<') {
      const size_t next = s.find('<', pos);
      if (next == std::string_view::npos) break;
      pos = next;
      continue;
    }
    if (rest.starts_with("<!--")) {
      const size_t close = s.find("-->", pos + 2);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      continue;
    }
    if (StartsWithIgnoringCase(rest, "<meta") && rest.size() > 5 &&
        (IsAsciiWhitespace(rest[5]) || rest[5] == '/')) {
      pos += 6;
      if (const auto charset = CharsetFromMeta(s, &pos)) return charset;
      continue;
    }
    if ((rest.size() > 1 && IsAsciiAlpha(rest[1])) ||
        (rest.size() > 2 && rest[1] == '/' && IsAsciiAlpha(rest[2]))) {
      // Another tag: skip its name, then its attributes, so that a '>' inside
      // a quoted attribute value does not end it.
      ++pos;
      while (pos < s.size() && !IsAsciiWhitespace(s[pos]) && s[pos] != '>') ++pos;
      while (GetAttribute(s, &pos, nullptr)) {
      }
      ++pos;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
      const size_t close = s.find('>', pos + 1);
      if (close == std::string_view::npos) break;
      pos = close + 1;
      continue;
    }
    ++pos;
  }
  return std::nullopt;
}

// A declared value may be a bare label ("ISO-8859-1") or a whole
// Content-Type ("text/html; charset=ISO-8859-1").
std::optional<std::string_view> DeclaredCharset(std::string_view declared) {
  if (const auto canonical = CanonicalCharset(declared)) return canonical;
  if (const auto label = CharsetFromContent(declared)) return CanonicalCharset(*label);
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Conversion.

// windows-1252 as WHATWG defines it: Latin-1 with 0x80-0x9F from the Windows
// code page, and the five bytes Windows leaves undefined passed through as C1
// controls (so decoding never fails).
constexpr std::array<uint16_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Windows1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out.push_back(ch);
    } else if (b < 0xA0) {
      AppendUtf8(kWindows1252High[b - 0x80], &out);
    } else {
      AppendUtf8(b, &out);
    }
  }
  return out;
}

// ICU converter names to try for a canonical charset, best first. The WHATWG
// decoders are supersets of the registered charsets (gbk decodes as gb18030,
// euc-kr as windows-949, big5 as Big5-HKSCS, shift_jis as windows-31j).
// Charsets not listed (windows-125x, iso-8859-x, koi8-x) go by their own name.
struct IcuNames {
  std::string_view canonical;
  std::array<const char*, 3> names;
};
constexpr std::array<IcuNames, 16> kIcuNames = {{
    {"gbk", {"gb18030", "gbk", nullptr}},
    {"gb18030", {"gb18030", nullptr, nullptr}},
    {"shift_jis", {"windows-31j", "shift_jis", nullptr}},
    {"euc-kr", {"windows-949", "euc-kr", nullptr}},
    {"big5", {"big5-hkscs", "windows-950", "big5"}},
    {"euc-jp", {"euc-jp", nullptr, nullptr}},
    {"iso-2022-jp", {"iso-2022-jp", nullptr, nullptr}},
    {"iso-2022-kr", {"iso-2022-kr", nullptr, nullptr}},
    {"iso-2022-cn", {"iso-2022-cn", nullptr, nullptr}},
    {"iso-2022-cn-ext", {"iso-2022-cn-ext", nullptr, nullptr}},
    {"hz-gb-2312", {"hz-gb-2312", "hz", nullptr}},
    {"iso-8859-8-i", {"iso-8859-8", nullptr, nullptr}},
    {"ibm866", {"ibm-866", "cp866", nullptr}},
    {"macintosh", {"macintosh", "macos-0_2-10.2", nullptr}},
    {"x-mac-cyrillic", {"x-mac-cyrillic", "macos-7_3-10.2", nullptr}},
    {"windows-874", {"windows-874", "windows-874-2000", nullptr}},
}};

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr OpenConverterNamed(const char* name) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name, &err));
  if (U_FAILURE(err)) return nullptr;
  return converter;
}

ConverterPtr OpenConverter(std::string_view canonical) {
  for (const IcuNames& entry : kIcuNames) {
    if (entry.canonical != canonical) continue;
    for (const char* name : entry.names) {
      if (name == nullptr) break;
      if (ConverterPtr converter = OpenConverterNamed(name)) return converter;
    }
    return nullptr;
  }
  return OpenConverterNamed(std::string(canonical).c_str());
}

// ICU's default substitution gives U+001A for some single-byte charsets; we
// always want U+FFFD.
void WriteReplacementChar(const void* /*context*/, UConverterToUnicodeArgs* args,
                          const char* /*code_units*/, int32_t /*length*/,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

std::optional<std::string> IcuToUtf8(std::string_view bytes, std::string_view canonical) {
  ConverterPtr source = OpenConverter(canonical);
  if (source == nullptr) return std::nullopt;
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), WriteReplacementChar, nullptr, nullptr, nullptr, &err);
  ConverterPtr target(ucnv_open("utf-8", &err));
  if (U_FAILURE(err) || target == nullptr) return std::nullopt;

  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  char* out_next = out.data();
  const char* in_next = bytes.data();
  std::array<UChar, 1024> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  bool reset = true;
  for (;;) {
    err = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &out_next, out.data() + out.size(), &in_next,
                   bytes.data() + bytes.size(), pivot.data(), &pivot_source, &pivot_target,
                   pivot.data() + pivot.size(), reset, /*flush=*/true, &err);
    reset = false;
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
    // Documented continuation: keep the pivot state, give more room.
    const size_t used = static_cast<size_t>(out_next - out.data());
    out.resize(out.size() * 2);
    out_next = out.data() + used;
  }
  if (U_FAILURE(err)) return std::nullopt;
  out.resize(static_cast<size_t>(out_next - out.data()));
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  bool truncated = false;
  return ValidUtf8Prefix(bytes, &truncated) == bytes.size();
}

namespace {

// The charset a BOM, `declared` or a <meta> names, or nullopt when none does.
std::optional<std::string_view> LabelledCharset(std::string_view bytes, std::string_view declared) {
  if (const auto bom = BomCharset(bytes)) return *bom;
  if (!declared.empty()) {
    if (const auto charset = DeclaredCharset(declared)) return *charset;
  }
  return PrescanMeta(bytes);
}

}  // namespace

std::string DetectCharset(std::string_view bytes, std::string_view declared) {
  if (const auto charset = LabelledCharset(bytes, declared)) return std::string(*charset);
  // A page cut off inside its last character is still a UTF-8 page.
  bool truncated = false;
  const size_t valid = ValidUtf8Prefix(bytes, &truncated);
  if (valid == bytes.size() || truncated) return std::string(kUtf8);
  return std::string(kWindows1252);
}

std::string_view ToUtf8View(std::string_view bytes, std::string_view charset,
                            std::string* storage) {
  // As in the WHATWG "decode" algorithm, a byte-order mark overrides the label.
  std::string_view canonical = CanonicalCharset(charset).value_or(kWindows1252);
  if (const auto bom = BomCharset(bytes)) {
    canonical = *bom;
    bytes.remove_prefix(canonical == kUtf8 ? 3 : 2);
  }
  if (canonical == kUtf8) {
    if (IsValidUtf8(bytes)) return bytes;
    *storage = RepairUtf8(bytes);
  } else if (canonical == kWindows1252) {
    *storage = Windows1252ToUtf8(bytes);
  } else if (std::optional<std::string> converted = IcuToUtf8(bytes, canonical)) {
    // ICU output is valid UTF-8 by construction; repairing is a cheap guarantee.
    *storage = IsValidUtf8(*converted) ? std::move(*converted) : RepairUtf8(*converted);
  } else {
    *storage = Windows1252ToUtf8(bytes);  // ICU lacks the converter
  }
  return *storage;
}

std::string_view DetectAndConvertToUtf8(std::string_view bytes, std::string_view declared,
                                        std::string* storage, std::string* charset) {
  if (const auto labelled = LabelledCharset(bytes, declared)) {
    if (charset != nullptr) *charset = *labelled;
    return ToUtf8View(bytes, *labelled, storage);
  }
  // No label and no BOM: what DetectCharset and ToUtf8View would do, with the
  // UTF-8 check they share done once.
  bool truncated = false;
  const size_t valid = ValidUtf8Prefix(bytes, &truncated);
  const bool utf8 = valid == bytes.size() || truncated;
  if (charset != nullptr) *charset = utf8 ? kUtf8 : kWindows1252;
  if (valid == bytes.size()) return bytes;
  *storage = utf8 ? RepairUtf8(bytes) : Windows1252ToUtf8(bytes);
  return *storage;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string storage;
  std::string_view utf8 = ToUtf8View(bytes, charset, &storage);
  if (utf8.data() == storage.data() && utf8.size() == storage.size()) return storage;
  return std::string(utf8);
}

}  // namespace newstrace::extract
