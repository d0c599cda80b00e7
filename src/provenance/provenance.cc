#include "provenance/provenance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>

#include "core/enum_names.h"

namespace newstrace::provenance {
namespace {

// ---------------------------------------------------------------------------
// Enum names.

constexpr std::array<std::pair<RelationKind, std::string_view>, 3> kRelationNames{{
    {RelationKind::kDuplicate, "duplicate"},
    {RelationKind::kRepublication, "republication"},
    {RelationKind::kExcerpt, "excerpt"},
}};

constexpr std::array<std::pair<CreditKind, std::string_view>, 3> kCreditNames{{
    {CreditKind::kLinked, "linked"},
    {CreditKind::kNamed, "named"},
    {CreditKind::kNone, "none"},
}};

constexpr std::array<std::pair<Side, std::string_view>, 3> kSideNames{{
    {Side::kA, "a"},
    {Side::kB, "b"},
    {Side::kUnknown, "unknown"},
}};

// ---------------------------------------------------------------------------
// Characters and trimming.

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// At most `max_bytes` of `s` (cut at a UTF-8 character boundary, "…" added),
// whitespace runs collapsed so that a multi-line notice reads as one line.
std::string Excerpt(std::string_view s, size_t max_bytes = 300) {
  s = Trim(s);
  std::string out;
  out.reserve(std::min(s.size(), max_bytes) + 3);
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    if (out.size() >= max_bytes && (c & 0xC0) != 0x80) {
      out += "\xE2\x80\xA6";  // …
      return out;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Folded text: ASCII letters lower-cased, every run of punctuation, spaces and
// typographic marks (curly quotes, dashes, no-break space, guillemets) one
// space, no leading or trailing space. Names are compared as whole-token runs
// of folded text, so "“New Eastern Outlook”" matches "new eastern outlook" and
// "journal-neo.org" matches "https://journal-neo.org/2020/...".

// Bytes of the typographic separator starting at s[i], or 0 when s[i] does
// not start one.
size_t TypographicSeparatorLength(std::string_view s, size_t i) {
  const auto at = [&](size_t k) -> unsigned char {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  const unsigned char c = at(i);
  if (c == 0xC2) {
    const unsigned char d = at(i + 1);
    // U+00A0 no-break space, U+00AB «, U+00B7 ·, U+00BB ».
    if (d == 0xA0 || d == 0xAB || d == 0xB7 || d == 0xBB) return 2;
  } else if (c == 0xE2 && at(i + 1) == 0x80 && at(i + 2) >= 0x80 && at(i + 2) <= 0xBF) {
    return 3;  // U+2000..U+203F: spaces, dashes, quotes, bullets, ellipsis.
  } else if (c == 0xE3 && at(i + 1) == 0x80 && at(i + 2) >= 0x80 && at(i + 2) <= 0x91) {
    return 3;  // U+3000..U+3011: ideographic space, comma, stop, brackets.
  }
  return 0;
}

struct Folded {
  std::string text;
  std::vector<uint32_t> origin;  // origin[k]: byte offset in the source of text[k]
};

// Folds `s`; with `keep_origin`, also records where each folded byte came from.
Folded Fold(std::string_view s, bool keep_origin) {
  Folded out;
  out.text.reserve(s.size());
  if (keep_origin) out.origin.reserve(s.size());
  const auto push = [&](char c, size_t at) {
    out.text.push_back(c);
    if (keep_origin) out.origin.push_back(static_cast<uint32_t>(at));
  };
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) {
        if (pending_space && !out.text.empty()) push(' ', i);
        pending_space = false;
        push(AsciiLower(static_cast<char>(c)), i);
      } else {
        pending_space = true;
      }
      ++i;
      continue;
    }
    if (const size_t n = TypographicSeparatorLength(s, i); n > 0) {
      pending_space = true;
      i += n;
      continue;
    }
    // Any other non-ASCII byte is part of a word (letters of other scripts
    // are kept as they are, without case folding).
    if (pending_space && !out.text.empty()) push(' ', i);
    pending_space = false;
    push(static_cast<char>(c), i);
    ++i;
  }
  return out;
}

std::string FoldString(std::string_view s) { return std::move(Fold(s, false).text); }

// A name as matched against text: folded, a leading "the" dropped ("The
// Guardian" and "Guardian" are one outlet), empty when shorter than two bytes.
std::string FoldName(std::string_view name) {
  std::string folded = FoldString(name);
  if (folded.starts_with("the ") && folded.size() > 4) folded.erase(0, 4);
  if (folded.size() < 2) folded.clear();
  return folded;
}

// Position of the first whole-token occurrence of `needle` in folded
// `haystack` at or after `from`; npos when none or `needle` is empty.
size_t FindTokens(std::string_view haystack, std::string_view needle, size_t from = 0) {
  if (needle.empty()) return std::string_view::npos;
  for (size_t pos = haystack.find(needle, from); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + 1)) {
    const size_t end = pos + needle.size();
    if ((pos == 0 || haystack[pos - 1] == ' ') &&
        (end == haystack.size() || haystack[end] == ' ')) {
      return pos;
    }
  }
  return std::string_view::npos;
}

bool HasTokens(std::string_view haystack, std::string_view needle) {
  return FindTokens(haystack, needle) != std::string_view::npos;
}

// ---------------------------------------------------------------------------
// URLs.

struct UrlParts {
  std::string host;  // lower case, without "www.", port or user info
  std::string rest;  // path and query, without a trailing "/" on the path,
                     // tracking parameters (utm_*, fbclid, gclid) or fragment
};

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != prefix[i]) return false;
  }
  return true;
}

std::string StripWww(std::string host) {
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

// Splits an absolute URL ("https://www.x.org/a/?utm_source=y#z"), a
// scheme-relative one ("//x.org/a") or a bare "www." host; nullopt for
// relative references, fragments ("#") and mailto: and the like.
std::optional<UrlParts> ParseUrl(std::string_view url) {
  url = Trim(url);
  size_t start = 0;
  if (const size_t scheme_end = url.find("://");
      scheme_end != std::string_view::npos && scheme_end > 0) {
    for (size_t i = 0; i < scheme_end; ++i) {
      const unsigned char c = static_cast<unsigned char>(url[i]);
      if (!IsAsciiAlnum(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
    }
    start = scheme_end + 3;
  } else if (url.starts_with("//")) {
    start = 2;
  } else if (!StartsWithIgnoreCase(url, "www.")) {
    return std::nullopt;
  }
  url.remove_prefix(start);
  const size_t authority_end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, authority_end);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (const size_t colon = authority.find(':'); colon != std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  if (authority.empty()) return std::nullopt;

  UrlParts parts;
  parts.host = StripWww(AsciiLowerCopy(authority));
  if (authority_end == std::string_view::npos) return parts;
  std::string_view rest = url.substr(authority_end);
  rest = rest.substr(0, rest.find('#'));
  const size_t query_start = rest.find('?');
  std::string_view path = rest.substr(0, query_start);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  parts.rest.assign(path);
  if (query_start == std::string_view::npos) return parts;
  std::string_view query = rest.substr(query_start + 1);
  std::string kept;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty() || param.starts_with("utm_") || param.starts_with("fbclid=") ||
        param.starts_with("gclid=")) {
      continue;
    }
    kept += kept.empty() ? '?' : '&';
    kept += param;
  }
  parts.rest += kept;
  return parts;
}

// "x.org/a/b?c" for comparing URLs: scheme, "www.", a trailing "/", the
// fragment and tracking parameters do not count. Empty when not a URL.
std::string NormalizeUrl(std::string_view url) {
  const std::optional<UrlParts> parts = ParseUrl(url);
  if (!parts) return {};
  return parts->host + parts->rest;
}

// True when `host` is `site` or one of its subdomains.
bool HostOnSite(std::string_view host, std::string_view site) {
  if (host.empty() || site.empty()) return false;
  if (host == site) return true;
  return host.size() > site.size() && host.ends_with(site) &&
         host[host.size() - site.size() - 1] == '.';
}

bool LooksLikeUrl(std::string_view s) {
  s = Trim(s);
  return s.find("://") != std::string_view::npos || StartsWithIgnoreCase(s, "www.");
}

// ---------------------------------------------------------------------------
// An article's identity as an outlet: what a notice, link or sentence must
// name to point at it.

struct Outlet {
  std::string site;  // host without "www."
  std::string folded_site;
  std::string publisher;  // as written
  std::string folded_publisher;
  std::string url;        // normalised
  std::string canonical;  // normalised
  std::vector<std::string> folded_authors;
};

Outlet OutletOf(const Article& article) {
  Outlet outlet;
  outlet.site = StripWww(AsciiLowerCopy(Trim(article.site)));
  if (outlet.site.empty()) {
    for (const std::string* url : {&article.canonical_url, &article.url}) {
      if (const std::optional<UrlParts> parts = ParseUrl(*url)) {
        outlet.site = parts->host;
        break;
      }
    }
  }
  // A site without a dot ("localhost") folds to a word that prose may hold.
  if (outlet.site.find('.') != std::string::npos) outlet.folded_site = FoldString(outlet.site);
  outlet.publisher = std::string(Trim(article.publisher));
  outlet.folded_publisher = FoldName(outlet.publisher);
  outlet.url = NormalizeUrl(article.url);
  outlet.canonical = NormalizeUrl(article.canonical_url);
  for (const std::string& author : article.authors) {
    std::string folded = FoldName(author);
    // One short token ("AP", "Staff") is too weak to count as naming someone.
    if (folded.size() >= 4) outlet.folded_authors.push_back(std::move(folded));
  }
  return outlet;
}

enum class Named : uint8_t { kNothing, kUrl, kCanonical, kSite, kPublisher, kAuthor };

std::string_view Describe(Named what) {
  switch (what) {
    case Named::kUrl:
      return "URL";
    case Named::kCanonical:
      return "canonical URL";
    case Named::kSite:
      return "site";
    case Named::kPublisher:
      return "publisher";
    case Named::kAuthor:
      return "author";
    case Named::kNothing:
      break;
  }
  return "nothing";
}

// What of `outlet` the link `href` points at: its URL, canonical URL, or
// (with `site_level`) a page on its site; with `home_only`, only the site's
// home page counts at site level.
Named LinkTarget(std::string_view href, const Outlet& outlet, bool site_level, bool home_only) {
  const std::optional<UrlParts> parts = ParseUrl(href);
  if (!parts) return Named::kNothing;
  const std::string normalized = parts->host + parts->rest;
  if (!outlet.url.empty() && normalized == outlet.url) return Named::kUrl;
  if (!outlet.canonical.empty() && normalized == outlet.canonical) return Named::kCanonical;
  if (!site_level || !HostOnSite(parts->host, outlet.site)) return Named::kNothing;
  if (home_only && !parts->rest.empty()) return Named::kNothing;
  return Named::kSite;
}

// Which name of `outlet` folded `text` holds: its site (the more specific,
// and "journal-neo.org" also holds a publisher "NEO"), then its publisher.
// A name `self` shares (same publisher, same site) does not count, since it
// cannot tell the two apart.
Named NameIn(std::string_view folded_text, const Outlet& outlet, const Outlet& self) {
  if (!outlet.folded_site.empty() && outlet.site != self.site &&
      HasTokens(folded_text, outlet.folded_site)) {
    return Named::kSite;
  }
  if (!outlet.folded_publisher.empty() && outlet.folded_publisher != self.folded_publisher &&
      HasTokens(folded_text, outlet.folded_publisher)) {
    return Named::kPublisher;
  }
  return Named::kNothing;
}

bool NamesAuthor(std::string_view folded_text, const Outlet& outlet) {
  return std::any_of(outlet.folded_authors.begin(), outlet.folded_authors.end(),
                     [&](const std::string& author) { return HasTokens(folded_text, author); });
}

// The name `what` refers to, for evidence strings.
std::string NameFor(Named what, const Outlet& outlet) {
  switch (what) {
    case Named::kPublisher:
      return outlet.publisher;
    case Named::kSite:
      return outlet.site;
    case Named::kUrl:
      return outlet.url;
    case Named::kCanonical:
      return outlet.canonical;
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------
// Credit lines: sentences of running text that say where the text came from
// ("This article was originally published by X", "Source: X", "via X").

struct CreditPhrase {
  std::string_view phrase;  // lower case
  bool line_start_only;     // common words: only at the start of a line or sentence,
                            // or anywhere in a short line of its own
};

constexpr std::array<CreditPhrase, 17> kCreditPhrases{{
    {"originally published", false},
    {"first published", false},
    {"originally appeared", false},
    {"first appeared", false},
    {"originally posted", false},
    {"first posted", false},
    {"republished from", false},
    {"republished with permission", false},
    {"reprinted from", false},
    {"reprinted with permission", false},
    {"reposted from", false},
    {"cross-posted from", false},
    {"crossposted from", false},
    {"courtesy of", false},
    {"this article appeared", false},
    {"source:", true},
    {"via ", true},
}};

// A short line on its own ("Source: Reuters") is a credit line whatever its
// first word; a longer one only when it starts with the phrase.
constexpr size_t kShortCreditLine = 120;
// How far a sentence is followed either side of a credit phrase.
constexpr size_t kSentenceReach = 600;
// Credit lines looked at per text: a text holding more is not crediting.
constexpr size_t kMaxCreditLines = 16;

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

// The sentence around text[pos]: from after the previous ". ", "! ", "? " or
// line break to the next (inclusive of its stop), at most kSentenceReach
// bytes each side.
Span SentenceAround(std::string_view text, size_t pos) {
  const size_t low = pos > kSentenceReach ? pos - kSentenceReach : 0;
  size_t begin = pos;
  while (begin > low) {
    const char c = text[begin - 1];
    if (c == '\n') break;
    if (begin >= 2 && IsSpace(static_cast<unsigned char>(c)) &&
        (text[begin - 2] == '.' || text[begin - 2] == '!' || text[begin - 2] == '?')) {
      break;
    }
    --begin;
  }
  const size_t high = std::min(text.size(), pos + kSentenceReach);
  size_t end = pos;
  while (end < high) {
    const char c = text[end];
    if (c == '\n') break;
    ++end;
    if ((c == '.' || c == '!' || c == '?') &&
        (end == text.size() || IsSpace(static_cast<unsigned char>(text[end])))) {
      break;
    }
  }
  while (begin < end && IsSpace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && IsSpace(static_cast<unsigned char>(text[end - 1]))) --end;
  return {begin, end};
}

// True when the line holding text[pos] is at most kShortCreditLine bytes;
// looks no further than that either side.
bool InShortLine(std::string_view text, size_t pos) {
  size_t begin = pos;
  while (begin > 0 && text[begin - 1] != '\n') {
    if (pos - begin >= kShortCreditLine) return false;
    --begin;
  }
  size_t end = pos;
  while (end < text.size() && text[end] != '\n') {
    if (end - begin >= kShortCreditLine) return false;
    ++end;
  }
  return end - begin <= kShortCreditLine;
}

// True when only punctuation and spaces stand between `begin` and `pos`.
bool OnlyPunctuationBefore(std::string_view text, size_t begin, size_t pos) {
  for (size_t i = begin; i < pos; ++i) {
    if (IsAsciiAlnum(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

struct CreditLine {
  Span span;
  std::string_view phrase;
};

// The sentences of `text` holding a credit phrase, in text order, at most
// kMaxCreditLines. `lower` is `text` lower-cased (same offsets).
std::vector<CreditLine> FindCreditLines(std::string_view text, std::string_view lower) {
  std::vector<CreditLine> lines;
  for (const CreditPhrase& credit : kCreditPhrases) {
    for (size_t pos = lower.find(credit.phrase); pos != std::string_view::npos;
         pos = lower.find(credit.phrase, pos + 1)) {
      if (pos > 0 && IsAsciiAlnum(static_cast<unsigned char>(lower[pos - 1]))) continue;
      Span sentence = SentenceAround(text, pos);
      // "Source:" alone on its line names the source on the next one.
      const size_t after = pos + credit.phrase.size();
      if (after <= sentence.end && OnlyPunctuationBefore(text, after, sentence.end)) {
        size_t next = sentence.end;
        while (next < text.size() && IsSpace(static_cast<unsigned char>(text[next]))) ++next;
        if (next < text.size() && next - sentence.end <= 2) {
          sentence.end = SentenceAround(text, next).end;
        }
      }
      if (credit.line_start_only) {
        if (!OnlyPunctuationBefore(text, sentence.begin, pos) && !InShortLine(text, pos)) {
          continue;
        }
      }
      const bool seen = std::any_of(lines.begin(), lines.end(), [&](const CreditLine& line) {
        return line.span.begin == sentence.begin;
      });
      if (!seen) lines.push_back({sentence, credit.phrase});
      if (lines.size() >= kMaxCreditLines) break;
    }
    if (lines.size() >= kMaxCreditLines) break;
  }
  std::sort(lines.begin(), lines.end(),
            [](const CreditLine& x, const CreditLine& y) { return x.span.begin < y.span.begin; });
  return lines;
}

// The credit sentence of a short text (a notice) and its phrase; nullopt when
// it holds no credit phrase.
std::optional<CreditLine> CreditSentenceIn(std::string_view text) {
  const std::string lower = AsciiLowerCopy(text);
  const std::vector<CreditLine> lines = FindCreditLines(text, lower);
  if (lines.empty()) return std::nullopt;
  return lines.front();
}

std::string_view CreditPhraseIn(std::string_view text) {
  const std::optional<CreditLine> line = CreditSentenceIn(text);
  return line ? line->phrase : std::string_view();
}

// ---------------------------------------------------------------------------
// Instants.

struct Instant {
  int64_t day = 0;  // days since 1970-01-01 (UTC day for a date-time)
  bool has_time = false;
  int64_t seconds = 0;  // seconds since the epoch, UTC (date-times only)
  int64_t nanos = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Reads exactly `n` digits at s[*i]; advances *i.
bool ReadDigits(std::string_view s, size_t* i, size_t n, int* value) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *value = v;
  return true;
}

// ISO 8601: YYYY-MM-DD, optionally [T ]hh:mm[:ss[.fraction]] and Z, ±hh:mm,
// ±hhmm or ±hh (no offset = UTC). nullopt when anything else is there.
std::optional<Instant> ParseInstant(std::string_view s) {
  s = Trim(s);
  size_t i = 0;
  int year = 0, month = 0, day = 0;
  if (!ReadDigits(s, &i, 4, &year) || i >= s.size() || s[i++] != '-' ||
      !ReadDigits(s, &i, 2, &month) || i >= s.size() || s[i++] != '-' ||
      !ReadDigits(s, &i, 2, &day)) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> kMonthDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kMonthDays[month - 1]) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  Instant instant;
  instant.day = DaysFromCivil(year, month, day);
  if (i == s.size()) return instant;

  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  int hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, &i, 2, &hour) || i >= s.size() || s[i++] != ':' ||
      !ReadDigits(s, &i, 2, &minute)) {
    return std::nullopt;
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ReadDigits(s, &i, 2, &second)) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      size_t digits = 0;
      int64_t nanos = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (digits < 9) nanos = nanos * 10 + (s[i] - '0');
        ++digits;
        ++i;
      }
      if (digits == 0) return std::nullopt;
      for (size_t k = digits; k < 9; ++k) nanos *= 10;
      instant.nanos = nanos;
    }
  }
  // 24:00 and leap seconds are rare enough in page metadata to refuse.
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int offset_seconds = 0;
  if (i < s.size()) {
    const char sign = s[i++];
    if (sign == 'Z' || sign == 'z') {
      if (i != s.size()) return std::nullopt;
    } else if (sign == '+' || sign == '-') {
      int oh = 0, om = 0;
      if (!ReadDigits(s, &i, 2, &oh)) return std::nullopt;
      if (i < s.size() && s[i] == ':') ++i;
      if (i < s.size() && !ReadDigits(s, &i, 2, &om)) return std::nullopt;
      if (i != s.size() || oh > 23 || om > 59) return std::nullopt;
      offset_seconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  instant.has_time = true;
  instant.seconds = instant.day * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  instant.day = FloorDiv(instant.seconds, 86400);
  return instant;
}

int Sign(int64_t x) { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

// ---------------------------------------------------------------------------
// Origin evidence.

// A piece of origin evidence and the side it says is the origin.
struct Finding {
  Evidence evidence;
  Side points = Side::kUnknown;
};

char Letter(Side side) { return side == Side::kA ? 'a' : 'b'; }
Side Other(Side side) { return side == Side::kA ? Side::kB : Side::kA; }

// What one article's notices and credit lines say about the other: each one
// that names the other's outlet makes the other the origin.
void FindCredits(const Article& holder, Side holder_side, const Outlet& self, const Outlet& other,
                 std::vector<Finding>* findings) {
  const char h = Letter(holder_side);
  const char o = Letter(Other(holder_side));
  const auto add = [&](std::string_view kind, std::string detail) {
    findings->push_back({{std::string(kind), std::move(detail)}, Other(holder_side)});
  };
  for (const Notice& notice : holder.notices) {
    const bool originally = notice.kind == NoticeKind::kOriginallyPublished;
    // Notices of other kinds (an editor's note, an author bio) count when
    // they carry a credit phrase; terms and share prompts never do.
    if (notice.kind == NoticeKind::kRepublishTerms || notice.kind == NoticeKind::kSharePrompt) {
      continue;
    }
    const std::optional<CreditLine> credit = CreditSentenceIn(notice.text);
    if (!originally && !credit) continue;
    const std::string_view phrase = originally ? "originally published" : credit->phrase;
    // The link inside the notice, then its target as a URL or a name; when
    // the notice has neither, its credit sentence (so that "He also writes
    // for X" in a bio does not count) or, failing that, its whole text.
    const bool site_level = other.site != self.site;
    Named what = LinkTarget(notice.target_url, other, site_level, /*home_only=*/false);
    std::string named = notice.target_url;
    if (what == Named::kNothing && LooksLikeUrl(notice.target)) {
      what = LinkTarget(notice.target, other, site_level, /*home_only=*/false);
      named = notice.target;
    } else if (what == Named::kNothing) {
      what = NameIn(FoldString(notice.target), other, self);
      named = notice.target;
    }
    if (what == Named::kNothing && Trim(notice.target).empty() && Trim(notice.target_url).empty()) {
      const std::string_view scope =
          credit ? std::string_view(notice.text)
                       .substr(credit->span.begin, credit->span.end - credit->span.begin)
                 : std::string_view(notice.text);
      what = NameIn(FoldString(scope), other, self);
      named = NameFor(what, other);
    }
    if (what == Named::kNothing) continue;
    add("notice", std::string(1, h) + ": notice '" + std::string(phrase) + "' names " +
                      Excerpt(named, 120) + " = " + o + "'s " + std::string(Describe(what)));
  }

  const std::string lower = AsciiLowerCopy(holder.text);
  for (const CreditLine& line : FindCreditLines(holder.text, lower)) {
    const std::string_view sentence =
        std::string_view(holder.text).substr(line.span.begin, line.span.end - line.span.begin);
    Named what = NameIn(FoldString(sentence), other, self);
    std::string named = NameFor(what, other);
    for (const Link& link : holder.links) {
      if (what != Named::kNothing) break;
      if (link.begin < line.span.begin || link.begin >= line.span.end) continue;
      what = LinkTarget(link.href, other, other.site != self.site, false);
      named = link.href;
    }
    if (what == Named::kNothing) continue;
    add("credit_line", std::string(1, h) + ": credit line \"" + Excerpt(sentence, 160) +
                           "\" names " + Excerpt(named, 120) + " = " + o + "'s " +
                           std::string(Describe(what)));
  }
}

// Links from `holder` to the other article: to its URL or canonical URL
// (strong), or to its site's home page (weak).
void FindLinks(const Article& holder, Side holder_side, const Outlet& self, const Outlet& other,
               std::vector<Finding>* strong, std::vector<Finding>* weak) {
  const char h = Letter(holder_side);
  const char o = Letter(Other(holder_side));
  const bool other_site = !other.site.empty() && other.site != self.site;
  const auto check = [&](std::string_view href, std::string_view via) {
    const Named what = LinkTarget(href, other, other_site, /*home_only=*/true);
    if (what == Named::kNothing) return;
    Finding finding;
    finding.points = Other(holder_side);
    finding.evidence.kind = "link";
    finding.evidence.detail = std::string(1, h) + std::string(via) + " links to " + o + "'s " +
                              std::string(what == Named::kSite ? "home page" : Describe(what)) +
                              " " + Excerpt(href, 200);
    (what == Named::kSite ? weak : strong)->push_back(std::move(finding));
  };
  for (const Link& link : holder.links) check(link.href, "");
  for (const Notice& notice : holder.notices) {
    // An originally-published notice's link is already a notice finding.
    if (notice.kind == NoticeKind::kOriginallyPublished) continue;
    check(notice.target_url, "'s " + std::string(ToString(notice.kind)) + " notice");
  }
}

std::string DateSource(const Article& article) {
  const auto it = article.evidence.find("published");
  return it == article.evidence.end() || it->second.empty() ? std::string()
                                                            : " (" + it->second + ")";
}

std::string DescribeDate(char side, const Article& article) {
  if (Trim(article.published).empty()) return std::string(1, side) + " has no published date";
  return std::string(1, side) + " published " + std::string(Trim(article.published)) +
         DateSource(article);
}

// The side every finding points to; kUnknown when none or they disagree.
Side Agreement(const std::vector<Finding>& findings) {
  bool to_a = false, to_b = false;
  for (const Finding& f : findings) {
    to_a |= f.points == Side::kA;
    to_b |= f.points == Side::kB;
  }
  if (to_a == to_b) return Side::kUnknown;
  return to_a ? Side::kA : Side::kB;
}

std::string Percent(double fraction) {
  return std::to_string(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 100))) + "%";
}

// ---------------------------------------------------------------------------
// Republishing terms.

enum class Requirement : uint8_t { kNone, kForbidden, kLink, kCredit };

// True when `phrase` occurs in `lower` not right after "not " (so that
// "not permitted" is no permission).
bool HasAffirmed(std::string_view lower, std::string_view phrase) {
  for (size_t pos = lower.find(phrase); pos != std::string_view::npos;
       pos = lower.find(phrase, pos + 1)) {
    const std::string_view before = lower.substr(0, pos);
    if (before.ends_with("not ") || before.ends_with("never ")) continue;
    return true;
  }
  return false;
}

bool HasAny(std::string_view lower, std::initializer_list<std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return lower.find(p) != std::string_view::npos; });
}

// What a republish_terms notice asks of a copy. A permission with a hyperlink
// condition asks for a link; one with a credit condition for a credit; a
// statement that only reserves rights forbids copies (the copy may hold a
// private licence, but nothing on the page shows it).
Requirement RequirementOf(std::string_view terms) {
  const std::string lower = AsciiLowerCopy(terms);
  const bool permits =
      HasAffirmed(lower, "permitted") || HasAffirmed(lower, "permission is granted") ||
      HasAffirmed(lower, "grants permission") || HasAffirmed(lower, "granted permission") ||
      HasAffirmed(lower, "may be republished") || HasAffirmed(lower, "may be reproduced") ||
      HasAffirmed(lower, "may be reprinted") || HasAffirmed(lower, "may republish") ||
      HasAffirmed(lower, "may reproduce") || HasAffirmed(lower, "free to republish") ||
      HasAffirmed(lower, "welcome to republish") || HasAffirmed(lower, "allowed") ||
      HasAffirmed(lower, "creative commons") || HasAffirmed(lower, "feel free") ||
      HasAny(lower, {"as long as", "as long the", "provided that", "on condition", "only with",
                     "cc by", "cc-by"});
  const bool forbids =
      HasAny(lower, {"may not be reproduced", "may not be republished", "may not be reprinted",
                     "may not be copied", "may not be redistributed", "must not be reproduced",
                     "not permitted", "prohibited", "all rights reserved"});
  if (forbids && !permits) return Requirement::kForbidden;
  if (HasAny(lower, {"hyperlink", "hyper-link", "link to the original", "linked", "active link",
                     "link back", "with a link", "direct link", "clickable link",
                     "link to the source", "link to the article"})) {
    return Requirement::kLink;
  }
  if (HasAny(lower, {"credit", "acknowledge", "attribution", "attribute", "source", "cite",
                     "citing", "mention"})) {
    return Requirement::kCredit;
  }
  return Requirement::kNone;
}

// Whether `kind` meets `requirement`; "" when the terms ask nothing we know.
std::string_view TermsMet(Requirement requirement, CreditKind kind) {
  switch (requirement) {
    case Requirement::kForbidden:
      return "not_met";
    case Requirement::kLink:
      return kind == CreditKind::kLinked ? "met" : "not_met";
    case Requirement::kCredit:
      return kind != CreditKind::kNone ? "met" : "not_met";
    case Requirement::kNone:
      break;
  }
  return "";
}

// Mentions of the origin in the copy's running text looked at: a text that
// names the origin more often than this mostly reports on it.
constexpr size_t kMaxMentions = 24;

}  // namespace

std::string_view ToString(RelationKind kind) { return NameOf(kRelationNames, kind); }
std::optional<RelationKind> RelationKindFromString(std::string_view name) {
  return KindOf(kRelationNames, name);
}
std::string_view ToString(CreditKind kind) { return NameOf(kCreditNames, kind); }
std::optional<CreditKind> CreditKindFromString(std::string_view name) {
  return KindOf(kCreditNames, name);
}
std::string_view ToString(Side side) { return NameOf(kSideNames, side); }
std::optional<Side> SideFromString(std::string_view name) { return KindOf(kSideNames, name); }

// Thresholds. "Duplicate" means the same text (the issue's definition, and
// what a reader means by it): after the normalisation of text/words.h (case,
// quote style, punctuation, white space) every word of each side is aligned.
// Coverage is measured in bytes, so a missing paragraph break or a trailing
// mark costs a little; a copy with an added credit line, a new lead or a
// single changed word is a republication, not a duplicate.
//   duplicate      both sides >= 0.99 shared and >= 0.999 of aligned words equal;
//   republication  at least one side >= 0.6 shared: most of one article is the
//                  other one (a whole copy with local additions or edits);
//   excerpt        less: a quoted or borrowed part.
constexpr double kDuplicateShared = 0.99;
constexpr double kDuplicateIdentity = 0.999;
constexpr double kRepublicationShared = 0.6;

namespace {

// The next significant character of `s` from `*i`: white space skipped,
// curly quotes mapped to straight ones; -1 at the end.
int NextSignificant(std::string_view s, size_t* i) {
  while (*i < s.size()) {
    const auto c = static_cast<unsigned char>(s[*i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++*i;
      continue;
    }
    if (c == 0xC2 && *i + 1 < s.size() && static_cast<unsigned char>(s[*i + 1]) == 0xA0) {
      *i += 2;  // NBSP
      continue;
    }
    if (c == 0xE2 && *i + 2 < s.size()) {
      const auto c1 = static_cast<unsigned char>(s[*i + 1]);
      const auto c2 = static_cast<unsigned char>(s[*i + 2]);
      if (c1 == 0x80 && (c2 <= 0x8B || c2 == 0xAF)) {  // U+2000-200B, U+202F
        *i += 3;
        continue;
      }
      if (c1 == 0x80 && (c2 == 0x98 || c2 == 0x99)) {  // ‘ ’
        *i += 3;
        return '\'';
      }
      if (c1 == 0x80 && (c2 == 0x9C || c2 == 0x9D)) {  // “ ”
        *i += 3;
        return '"';
      }
    }
    if (c == 0xE3 && *i + 2 < s.size() && static_cast<unsigned char>(s[*i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[*i + 2]) == 0x80) {
      *i += 3;  // ideographic space
      continue;
    }
    ++*i;
    return c;
  }
  return -1;
}

}  // namespace

bool SameText(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    const int x = NextSignificant(a, &i);
    const int y = NextSignificant(b, &j);
    if (x != y) return false;
    if (x < 0) return true;
  }
}

RelationKind ClassifyRelation(const Coverage& coverage) {
  const double a = std::isnan(coverage.a_shared) ? 0 : coverage.a_shared;
  const double b = std::isnan(coverage.b_shared) ? 0 : coverage.b_shared;
  const double identity = std::isnan(coverage.identity) ? 0 : coverage.identity;
  if (coverage.same_text && a >= kDuplicateShared && b >= kDuplicateShared &&
      identity >= kDuplicateIdentity) {
    return RelationKind::kDuplicate;
  }
  if (std::max(a, b) >= kRepublicationShared) return RelationKind::kRepublication;
  return RelationKind::kExcerpt;
}

// Containment: a side at least this much inside the other, while the other
// is at most kContainerShared inside it, is an excerpt of the other.
constexpr double kContainedShared = 0.9;
constexpr double kContainerShared = 0.6;

OriginVerdict DecideOrigin(const Article& a, const Article& b, const Coverage& coverage) {
  const Outlet outlet_a = OutletOf(a);
  const Outlet outlet_b = OutletOf(b);

  // Strong: notices and credit lines, links to the article, canonical URLs.
  std::vector<Finding> strong;
  std::vector<Finding> weak;
  FindCredits(a, Side::kA, outlet_a, outlet_b, &strong);
  FindCredits(b, Side::kB, outlet_b, outlet_a, &strong);
  const bool same_page = !outlet_a.url.empty() && outlet_a.url == outlet_b.url;
  if (!same_page) {
    FindLinks(a, Side::kA, outlet_a, outlet_b, &strong, &weak);
    FindLinks(b, Side::kB, outlet_b, outlet_a, &strong, &weak);
    const auto canonical = [&](const Outlet& holder, const Article& holder_article, Side side,
                               const Outlet& other) {
      if (holder.canonical.empty() || holder.canonical == holder.url || other.url.empty() ||
          holder.canonical != other.url) {
        return;
      }
      const char h = Letter(side);
      strong.push_back({{"canonical", std::string(1, h) + "'s canonical URL " +
                                          Excerpt(holder_article.canonical_url, 200) + " is " +
                                          Letter(Other(side)) + "'s URL"},
                        Other(side)});
    };
    canonical(outlet_a, a, Side::kA, outlet_b);
    canonical(outlet_b, b, Side::kB, outlet_a);
    // An archive or mirror copy carries the original's address in its own
    // ("archive.example/news.example/2020/story", web.archive.org/web/.../URL).
    const auto mirror = [&](const Outlet& holder, Side side, const Outlet& other) {
      if (holder.url.empty() || other.url.empty() || holder.url.size() <= other.url.size()) return;
      const size_t slash = holder.url.find('/');
      if (slash == std::string::npos || holder.url.find(other.url, slash) == std::string::npos)
        return;
      if (other.url.find('/') == std::string::npos) return;  // a bare host says too little
      strong.push_back(
          {{"mirror", std::string(1, Letter(side)) + "'s URL contains " + Letter(Other(side)) +
                          "'s URL " + Excerpt(other.url, 200) + ": an archive or mirror copy"},
           Other(side)});
    };
    mirror(outlet_a, Side::kA, outlet_b);
    mirror(outlet_b, Side::kB, outlet_a);
  }

  // Published instants, never the modified ones: a later edit says nothing
  // about who published first.
  Finding dates;
  dates.evidence.kind = "published";
  const int order = CompareInstants(a.published, b.published);
  if (order != 0) {
    dates.points = order < 0 ? Side::kA : Side::kB;
    dates.evidence.detail = DescribeDate('a', a) + ", " + DescribeDate('b', b);
  } else if (!Trim(a.published).empty() && !Trim(b.published).empty() &&
             ParseInstant(a.published) && ParseInstant(b.published)) {
    dates.evidence.detail =
        DescribeDate('a', a) + ", " + DescribeDate('b', b) + ": the same day or instant";
  } else {
    dates.evidence.detail = DescribeDate('a', a) + ", " + DescribeDate('b', b) + ": not comparable";
  }

  // Containment: the contained side is the excerpt, the container the origin.
  std::optional<Finding> containment;
  const auto contained = [&](double inside, double other_inside) {
    return inside >= kContainedShared && other_inside <= kContainerShared;
  };
  if (contained(coverage.a_shared, coverage.b_shared)) {
    containment =
        Finding{{"containment", "a is " + Percent(coverage.a_shared) + " inside b, b " +
                                    Percent(coverage.b_shared) + " inside a: a is an excerpt of b"},
                Side::kB};
  } else if (contained(coverage.b_shared, coverage.a_shared)) {
    containment =
        Finding{{"containment", "b is " + Percent(coverage.b_shared) + " inside a, a " +
                                    Percent(coverage.a_shared) + " inside b: b is an excerpt of a"},
                Side::kA};
  }

  // The first tier that decides; a strong tier that points both ways
  // decides kUnknown (it is not outvoted by weaker evidence).
  OriginVerdict verdict;
  const std::vector<Finding>* deciding = nullptr;
  std::vector<Finding> date_tier{dates};
  std::vector<Finding> containment_tier;
  if (containment) containment_tier.push_back(*containment);
  if (!strong.empty()) {
    verdict.origin = Agreement(strong);
    deciding = &strong;
  } else {
    for (const std::vector<Finding>* tier : {&weak, &date_tier, &containment_tier}) {
      if (const Side side = Agreement(*tier); side != Side::kUnknown) {
        verdict.origin = side;
        deciding = tier;
        break;
      }
    }
  }

  // The deciding tier first, then the rest in order of strength; weaker
  // items explain (and may disagree).
  if (deciding != nullptr) {
    for (const Finding& f : *deciding) verdict.evidence.push_back(f.evidence);
  }
  for (const std::vector<Finding>* tier : {&strong, &weak, &date_tier, &containment_tier}) {
    if (tier == deciding) continue;
    for (const Finding& f : *tier) verdict.evidence.push_back(f.evidence);
  }
  return verdict;
}

CreditVerdict JudgeCredit(const Article& copy, const Article& origin) {
  const Outlet self = OutletOf(copy);
  const Outlet target = OutletOf(origin);
  CreditVerdict verdict;

  // Linked. A link to a page of the origin's site counts unless the origin
  // holds the same link (then it came along with the copied text); on a
  // shared site only a link to the article itself counts.
  const bool site_level = !target.site.empty() && target.site != self.site;
  std::vector<std::string> origin_hrefs;
  origin_hrefs.reserve(origin.links.size());
  for (const Link& link : origin.links) origin_hrefs.push_back(NormalizeUrl(link.href));
  std::sort(origin_hrefs.begin(), origin_hrefs.end());
  std::string site_link;
  const auto consider = [&](std::string_view href) {
    const Named what = LinkTarget(href, target, site_level, /*home_only=*/false);
    if (what == Named::kUrl || what == Named::kCanonical) return true;
    if (what == Named::kSite && site_link.empty() &&
        !std::binary_search(origin_hrefs.begin(), origin_hrefs.end(), NormalizeUrl(href))) {
      site_link = std::string(href);
    }
    return false;
  };
  for (const Notice& notice : copy.notices) {
    if (consider(notice.target_url)) {
      verdict.kind = CreditKind::kLinked;
      verdict.evidence = Excerpt(notice.target_url);
      break;
    }
  }
  for (const Link& link : copy.links) {
    if (verdict.kind == CreditKind::kLinked) break;
    if (consider(link.href)) {
      verdict.kind = CreditKind::kLinked;
      verdict.evidence = Excerpt(link.href);
    }
  }
  if (verdict.kind != CreditKind::kLinked && !site_link.empty()) {
    verdict.kind = CreditKind::kLinked;
    verdict.evidence = Excerpt(site_link);
  }

  // Named: a notice naming the outlet (or the author, in a notice that is
  // about provenance rather than a bio), then a credit line, then any
  // sentence of the text that names the outlet and is not copied from the
  // origin.
  const auto named = [&](std::string_view evidence) {
    verdict.kind = CreditKind::kNamed;
    verdict.evidence = Excerpt(evidence);
  };
  for (const Notice& notice : copy.notices) {
    if (verdict.kind != CreditKind::kNone) break;
    if (notice.kind == NoticeKind::kSharePrompt) continue;
    const std::string folded_target = FoldString(notice.target);
    const std::string folded_text = FoldString(notice.text);
    const bool outlet = NameIn(folded_target, target, self) != Named::kNothing ||
                        NameIn(folded_text, target, self) != Named::kNothing;
    const bool credit_notice =
        notice.kind == NoticeKind::kOriginallyPublished || notice.kind == NoticeKind::kEditorNote ||
        notice.kind == NoticeKind::kCopyright || !CreditPhraseIn(notice.text).empty();
    const bool author =
        credit_notice && (NamesAuthor(folded_target, target) || NamesAuthor(folded_text, target));
    if (outlet || author) named(notice.text.empty() ? notice.target : notice.text);
  }
  const std::string_view text = copy.text;
  if (verdict.kind == CreditKind::kNone) {
    const std::string lower = AsciiLowerCopy(text);
    for (const CreditLine& line : FindCreditLines(text, lower)) {
      const std::string_view sentence =
          text.substr(line.span.begin, line.span.end - line.span.begin);
      const std::string folded = FoldString(sentence);
      if (NameIn(folded, target, self) != Named::kNothing || NamesAuthor(folded, target)) {
        named(sentence);
        break;
      }
    }
  }
  if (verdict.kind == CreditKind::kNone) {
    const Folded folded_copy = Fold(text, /*keep_origin=*/true);
    std::optional<Folded> folded_origin;
    size_t looked = 0;
    for (const std::string* name : {&target.folded_publisher, &target.folded_site}) {
      if (name->empty() || verdict.kind != CreditKind::kNone) continue;
      if (*name == (name == &target.folded_publisher ? self.folded_publisher : self.folded_site)) {
        continue;
      }
      for (size_t pos = FindTokens(folded_copy.text, *name);
           pos != std::string::npos && looked < kMaxMentions;
           pos = FindTokens(folded_copy.text, *name, pos + 1), ++looked) {
        const Span span = SentenceAround(text, folded_copy.origin[pos]);
        const std::string_view sentence = text.substr(span.begin, span.end - span.begin);
        if (!folded_origin) folded_origin = Fold(origin.text, /*keep_origin=*/false);
        const std::string folded_sentence = FoldString(sentence);
        if (!folded_sentence.empty() &&
            folded_origin->text.find(folded_sentence) != std::string::npos) {
          continue;  // the mention came along with the copied text
        }
        named(sentence);
        break;
      }
    }
  }

  // Terms: the first republish_terms notice of the origin that asks for
  // something we recognise.
  for (const Notice& notice : origin.notices) {
    if (notice.kind != NoticeKind::kRepublishTerms) continue;
    const Requirement requirement = RequirementOf(notice.text);
    if (requirement == Requirement::kNone) continue;
    verdict.terms = std::string(TermsMet(requirement, verdict.kind));
    verdict.terms_evidence = Excerpt(notice.text);
    break;
  }
  return verdict;
}

int CompareInstants(std::string_view a, std::string_view b) {
  const std::optional<Instant> x = ParseInstant(a);
  const std::optional<Instant> y = ParseInstant(b);
  if (!x || !y) return 0;
  if (x->has_time && y->has_time) {
    if (x->seconds != y->seconds) return Sign(x->seconds - y->seconds);
    return Sign(x->nanos - y->nanos);
  }
  return Sign(x->day - y->day);
}

}  // namespace newstrace::provenance
