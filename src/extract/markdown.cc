// Markdown and plain-text dumps into TextBlocks.
//
// Two passes, both iterative (no recursion, so hostile nesting cannot blow the
// stack) and linear in the input apart from a few bounded look-aheads:
//   1. Blocks: lines are grouped into paragraphs, headings, list items, block
//      quotes, code and tables. Link reference definitions are collected first.
//   2. Inlines, per block: one left-to-right scan records "marks" (escapes,
//      entities, code spans, autolinks, HTML tags, link brackets, emphasis
//      delimiter runs) in position order; emphasis runs are matched with one
//      stack per delimiter character; then an emitter writes the visible text
//      with collapsed whitespace and records link offsets.
//
// Hard line breaks ("  \n", "\\\n", <br>) are kept as '\n' in the block text
// (see blocks.h); soft line breaks become spaces.
#include "extract/markdown.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newstrace::extract {
namespace {

// Bounds on look-aheads that would otherwise make adversarial input quadratic.
constexpr size_t kMaxDestination = 8192;
constexpr size_t kMaxTitle = 1024;
constexpr size_t kMaxLabel = 999;
constexpr size_t kMaxEntity = 32;
constexpr size_t kMaxTag = 4096;
constexpr int kMaxParenDepth = 32;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAsciiPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}
bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The named entities that occur in real page dumps; the rest stay literal.
struct NamedEntity {
  std::string_view name;
  uint32_t cp;
};
constexpr std::array<NamedEntity, 60> kEntities{{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ensp", 0x2002},  {"emsp", 0x2003},  {"thinsp", 0x2009}, {"shy", 0xAD},
    {"zwj", 0x200D},   {"zwnj", 0x200C},  {"ndash", 0x2013}, {"mdash", 0x2014},  {"hellip", 0x2026},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bdquo", 0x201E}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"deg", 0xB0},      {"middot", 0xB7},
    {"bull", 0x2022},  {"euro", 0x20AC},  {"pound", 0xA3},   {"yen", 0xA5},      {"cent", 0xA2},
    {"sect", 0xA7},    {"para", 0xB6},    {"times", 0xD7},   {"divide", 0xF7},   {"plusmn", 0xB1},
    {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},  {"eacute", 0xE9},   {"egrave", 0xE8},
    {"aacute", 0xE1},  {"agrave", 0xE0},  {"iacute", 0xED},  {"oacute", 0xF3},   {"uacute", 0xFA},
    {"ntilde", 0xF1},  {"ccedil", 0xE7},  {"uuml", 0xFC},    {"ouml", 0xF6},     {"auml", 0xE4},
    {"szlig", 0xDF},   {"Eacute", 0xC9},  {"Uuml", 0xDC},    {"Ouml", 0xD6},     {"Auml", 0xC4},
}};

// Decodes the entity starting at s[0] == '&'. Returns its length (0 when it
// is not an entity) and appends the decoded text to `out`.
size_t DecodeEntity(std::string_view s, std::string& out) {
  size_t limit = std::min(s.size(), kMaxEntity);
  size_t semi = 1;
  while (semi < limit && s[semi] != ';') ++semi;
  if (semi >= limit || semi < 2) return 0;
  std::string_view body = s.substr(1, semi - 1);
  if (body[0] == '#') {
    uint32_t cp = 0;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    size_t i = hex ? 2 : 1;
    if (i >= body.size() || body.size() - i > 7) return 0;
    for (; i < body.size(); ++i) {
      char c = body[i];
      uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (hex && Lower(c) >= 'a' && Lower(c) <= 'f') {
        digit = static_cast<uint32_t>(Lower(c) - 'a' + 10);
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + digit;
    }
    AppendUtf8(cp, out);
    return semi + 1;
  }
  if (body == "shy") return semi + 1;  // soft hyphen: invisible
  for (const auto& e : kEntities) {
    if (e.name == body) {
      AppendUtf8(e.cp, out);
      return semi + 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Inlines.

enum class MarkType : uint8_t {
  kSkip,       // [pos, end) produces nothing (escape backslash, HTML tag, link tail)
  kText,       // [pos, end) replaced by `text` (entity)
  kLiteral,    // [pos, end) emitted as is, no further inline meaning (code, escaped char)
  kLinkOpen,   // [pos, end) skipped; a link with `text` as href starts
  kLinkClose,  // [pos, end) skipped; the open link ends
  kAutolink,   // [pos, end) skipped; link over `text` (href) whose visible text is `extra`
  kBreak,      // [pos, end) skipped; a hard line break
  kDelim,      // an emphasis delimiter run [pos, end)
  kBracket,    // a '[' that may still become a link (placeholder)
};

struct Mark {
  MarkType type;
  uint32_t pos;
  uint32_t end;
  std::string text;  // replacement text or href
  // Delimiter runs: which char, flanking, and how many chars matched as closer
  // (taken from the left) and opener (taken from the right), and pair counts.
  char delim = 0;
  bool can_open = false;
  bool can_close = false;
  uint32_t closer_used = 0;
  uint32_t opener_used = 0;
  uint32_t pairs_closed = 0;
  uint32_t pairs_opened = 0;
};

using RefMap = std::unordered_map<std::string, std::string>;

std::string NormalizeLabel(std::string_view label) {
  std::string out;
  bool space = false;
  for (char c : label) {
    if (IsSpace(c) || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += Lower(c);
  }
  return out;
}

class InlineScanner {
 public:
  InlineScanner(std::string_view s, const RefMap& refs) : s_(s), refs_(refs) {}

  std::vector<Mark> Scan() {
    PrecomputeBackticks();
    size_t i = 0;
    const size_t n = s_.size();
    while (i < n) {
      char c = s_[i];
      switch (c) {
        case '\\':
          if (i + 1 < n && IsAsciiPunct(s_[i + 1])) {
            Add(MarkType::kSkip, i, i + 1);
            Add(MarkType::kLiteral, i + 1, i + 2);
            i += 2;
            continue;
          }
          break;
        case '`': {
          size_t next = ScanCodeSpan(i);
          i = next;
          continue;
        }
        case '&': {
          std::string decoded;
          size_t len = DecodeEntity(s_.substr(i), decoded);
          if (len > 0) {
            Add(MarkType::kText, i, i + len, std::move(decoded));
            i += len;
            continue;
          }
          break;
        }
        case '<': {
          size_t next = ScanAngle(i);
          if (next > i) {
            i = next;
            continue;
          }
          break;
        }
        case '!':
          if (i + 1 < n && s_[i + 1] == '[') {
            brackets_.push_back({marks_.size(), i, true});
            Add(MarkType::kBracket, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case '[':
          brackets_.push_back({marks_.size(), i, false});
          Add(MarkType::kBracket, i, i + 1);
          ++i;
          continue;
        case ']': {
          size_t next = CloseBracket(i);
          if (next > i) {
            i = next;
            continue;
          }
          break;
        }
        case '*':
        case '_': {
          i = ScanDelimiterRun(i);
          continue;
        }
        default:
          break;
      }
      ++i;
    }
    // Unmatched '[' placeholders are plain text.
    for (auto& m : marks_) {
      if (m.type == MarkType::kBracket) m.type = MarkType::kLiteral;
    }
    MatchEmphasis();
    return std::move(marks_);
  }

 private:
  struct Bracket {
    size_t mark;  // index of its kBracket placeholder
    size_t pos;
    bool image;
  };

  void Add(MarkType type, size_t pos, size_t end, std::string text = {}) {
    Mark m{type, static_cast<uint32_t>(pos), static_cast<uint32_t>(end), std::move(text)};
    marks_.push_back(std::move(m));
  }

  void PrecomputeBackticks() {
    size_t i = 0;
    while (i < s_.size()) {
      if (s_[i] != '`') {
        const void* p = std::memchr(s_.data() + i, '`', s_.size() - i);
        if (p == nullptr) break;
        i = static_cast<size_t>(static_cast<const char*>(p) - s_.data());
      }
      size_t j = i;
      while (j < s_.size() && s_[j] == '`') ++j;
      runs_by_len_[j - i].push_back(static_cast<uint32_t>(i));
      i = j;
    }
  }

  // A code span opened by the backtick run at i, or the run as literal text.
  size_t ScanCodeSpan(size_t i) {
    size_t j = i;
    while (j < s_.size() && s_[j] == '`') ++j;
    size_t len = j - i;
    const auto& runs = runs_by_len_[len];
    auto it = std::upper_bound(runs.begin(), runs.end(), static_cast<uint32_t>(i));
    if (it == runs.end()) {
      Add(MarkType::kLiteral, i, j);
      return j;
    }
    size_t close = *it;
    std::string_view content = s_.substr(j, close - j);
    // CommonMark strips one leading and trailing space when both are present.
    size_t b = j, e = close;
    if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ') ++b, --e;
    Add(MarkType::kSkip, i, b);
    if (e > b) Add(MarkType::kLiteral, b, e);
    Add(MarkType::kSkip, e, close + len);
    return close + len;
  }

  // Autolinks, raw HTML tags and comments. Returns i when '<' is literal.
  size_t ScanAngle(size_t i) {
    const size_t n = s_.size();
    if (i + 1 >= n) return i;
    if (s_.compare(i, 4, "<!--") == 0) {
      if (no_comment_close_after_ <= i) return i;
      size_t close = s_.find("-->", i + 4);
      if (close == std::string_view::npos) {
        no_comment_close_after_ = i;
        return i;
      }
      Add(MarkType::kSkip, i, close + 3);
      return close + 3;
    }
    // The next '>' and '<' positions are cached: both only move forward.
    if (next_gt_ != std::string_view::npos && next_gt_ <= i) next_gt_ = s_.find('>', i + 1);
    if (next_gt_ == std::string_view::npos) return i;
    if (next_gt_ - i > kMaxTag) return i;
    if (next_lt_ <= i) next_lt_ = s_.find('<', i + 1);
    if (next_lt_ < next_gt_) return i;
    std::string_view inner = s_.substr(i + 1, next_gt_ - i - 1);
    size_t end = next_gt_ + 1;
    // Autolink: <scheme:...> or <user@host>, no spaces.
    bool has_space = false;
    for (char c : inner) {
      if (IsSpace(c) || c == '\n') {
        has_space = true;
        break;
      }
    }
    if (!has_space && !inner.empty()) {
      size_t colon = inner.find(':');
      bool scheme = colon != std::string_view::npos && colon >= 2 && colon <= 32;
      for (size_t k = 0; scheme && k < colon; ++k) {
        char c = inner[k];
        if (!(IsAlnum(c) || c == '+' || c == '.' || c == '-') || (k == 0 && !IsAlpha(c))) {
          scheme = false;
        }
      }
      if (scheme) {
        Mark m{MarkType::kAutolink, static_cast<uint32_t>(i), static_cast<uint32_t>(end),
               std::string(inner)};
        marks_.push_back(std::move(m));
        return end;
      }
      size_t at = inner.find('@');
      if (at != std::string_view::npos && at > 0 && inner.find('.', at) != std::string_view::npos &&
          inner.find('/') == std::string_view::npos) {
        Mark m{MarkType::kAutolink, static_cast<uint32_t>(i), static_cast<uint32_t>(end),
               "mailto:" + std::string(inner)};
        marks_.push_back(std::move(m));
        return end;
      }
    }
    // Raw HTML tag: <name ...>, </name>, <!...>, <?...?>.
    bool closing = inner.size() > 1 && inner[0] == '/';
    std::string_view name_part = closing ? inner.substr(1) : inner;
    if (inner[0] == '!' || inner[0] == '?') {
      Add(MarkType::kSkip, i, end);
      return end;
    }
    if (name_part.empty() || !IsAlpha(name_part[0])) return i;
    size_t name_len = 0;
    while (name_len < name_part.size() &&
           (IsAlnum(name_part[name_len]) || name_part[name_len] == '-')) {
      ++name_len;
    }
    if (name_len < name_part.size()) {
      char after = name_part[name_len];
      if (!(IsSpace(after) || after == '\n' || after == '/')) return i;
    }
    std::string name = NormalizeLabel(name_part.substr(0, name_len));
    if (name == "br") {
      Add(MarkType::kBreak, i, end);
    } else if (name == "a" && !closing) {
      std::string href = AttributeValue(name_part.substr(name_len), "href");
      Add(MarkType::kLinkOpen, i, end, std::move(href));
    } else if (name == "a") {
      Add(MarkType::kLinkClose, i, end);
    } else {
      Add(MarkType::kSkip, i, end);
    }
    return end;
  }

  static std::string AttributeValue(std::string_view attrs, std::string_view want) {
    size_t i = 0;
    while (i < attrs.size()) {
      while (i < attrs.size() && (IsSpace(attrs[i]) || attrs[i] == '\n' || attrs[i] == '/')) ++i;
      size_t name_begin = i;
      while (i < attrs.size() && attrs[i] != '=' && !IsSpace(attrs[i]) && attrs[i] != '\n') ++i;
      std::string name = NormalizeLabel(attrs.substr(name_begin, i - name_begin));
      while (i < attrs.size() && (IsSpace(attrs[i]) || attrs[i] == '\n')) ++i;
      if (i >= attrs.size() || attrs[i] != '=') {
        if (i == name_begin) ++i;
        continue;
      }
      ++i;
      while (i < attrs.size() && (IsSpace(attrs[i]) || attrs[i] == '\n')) ++i;
      size_t value_begin = i, value_end;
      if (i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'')) {
        char q = attrs[i];
        size_t close = attrs.find(q, i + 1);
        if (close == std::string_view::npos) close = attrs.size();
        value_begin = i + 1;
        value_end = close;
        i = close + 1;
      } else {
        while (i < attrs.size() && !IsSpace(attrs[i]) && attrs[i] != '\n') ++i;
        value_end = i;
      }
      if (name == want) {
        std::string value;
        std::string_view raw = attrs.substr(value_begin, value_end - value_begin);
        for (size_t k = 0; k < raw.size(); ++k) {
          if (raw[k] == '&') {
            size_t len = DecodeEntity(raw.substr(k), value);
            if (len > 0) {
              k += len - 1;
              continue;
            }
          }
          value += raw[k];
        }
        return value;
      }
    }
    return {};
  }

  // Handles ']' at i: an inline link/image "(dest "title")", a full or
  // collapsed reference "[label]" / "[]", or a shortcut reference. Returns i
  // when the bracket is literal.
  size_t CloseBracket(size_t i) {
    if (brackets_.empty()) return i;
    Bracket opener = brackets_.back();
    brackets_.pop_back();
    if (!opener.image && inactive_before_ > opener.pos) return i;
    std::string href;
    size_t end = i + 1;
    bool ok = false;
    if (end < s_.size() && s_[end] == '(') {
      ok = ParseInlineDestination(end, href, end);
    }
    if (!ok && i + 1 < s_.size() && s_[i + 1] == '[') {
      size_t close = i + 2;
      size_t limit = std::min(s_.size(), i + 2 + kMaxLabel);
      while (close < limit && s_[close] != ']' && s_[close] != '[') ++close;
      if (close < limit && s_[close] == ']') {
        std::string_view label = s_.substr(i + 2, close - i - 2);
        size_t text_begin = opener.pos + (opener.image ? 2 : 1);
        if (label.empty()) label = s_.substr(text_begin, i - text_begin);
        auto it = refs_.find(NormalizeLabel(label));
        if (it != refs_.end()) {
          href = it->second;
          end = close + 1;
          ok = true;
        }
      }
    }
    if (!ok && !refs_.empty()) {
      size_t text_begin = opener.pos + (opener.image ? 2 : 1);
      if (i - text_begin <= kMaxLabel) {
        auto it = refs_.find(NormalizeLabel(s_.substr(text_begin, i - text_begin)));
        if (it != refs_.end()) {
          href = it->second;
          end = i + 1;
          ok = true;
        }
      }
    }
    if (!ok) return i;
    Mark& open = marks_[opener.mark];
    if (opener.image) {
      // Images vanish with their alt text.
      open.type = MarkType::kSkip;
      open.end = static_cast<uint32_t>(end);
      return end;
    }
    open.type = MarkType::kLinkOpen;
    open.text = std::move(href);
    Add(MarkType::kLinkClose, i, end);
    // Links may not contain links: earlier '[' can no longer open one.
    inactive_before_ = i;
    return end;
  }

  // Parses "(destination "title")" starting at s_[p] == '('.
  bool ParseInlineDestination(size_t p, std::string& href, size_t& end) {
    const size_t n = s_.size();
    size_t i = p + 1;
    while (i < n && (IsSpace(s_[i]) || s_[i] == '\n')) ++i;
    size_t dest_begin = i, dest_end = i;
    if (i < n && s_[i] == '<') {
      size_t limit = std::min(n, i + kMaxDestination);
      size_t j = i + 1;
      while (j < limit && s_[j] != '>' && s_[j] != '\n' && s_[j] != '<') {
        if (s_[j] == '\\' && j + 1 < limit) ++j;
        ++j;
      }
      if (j >= limit || s_[j] != '>') return false;
      dest_begin = i + 1;
      dest_end = j;
      i = j + 1;
    } else {
      size_t limit = std::min(n, i + kMaxDestination);
      int depth = 0;
      size_t j = i;
      while (j < limit) {
        char c = s_[j];
        if (c == '\\' && j + 1 < limit && IsAsciiPunct(s_[j + 1])) {
          j += 2;
          continue;
        }
        if (IsSpace(c) || c == '\n' || static_cast<unsigned char>(c) < 0x20) break;
        if (c == '(') {
          if (++depth > kMaxParenDepth) return false;
        } else if (c == ')') {
          if (depth == 0) break;
          --depth;
        }
        ++j;
      }
      if (j >= limit && limit < n) return false;
      if (depth != 0) return false;
      dest_begin = i;
      dest_end = j;
      i = j;
    }
    size_t after_dest = i;
    while (i < n && (IsSpace(s_[i]) || s_[i] == '\n')) ++i;
    if (i < n && i > after_dest && (s_[i] == '"' || s_[i] == '\'' || s_[i] == '(')) {
      char close_char = s_[i] == '(' ? ')' : s_[i];
      size_t limit = std::min(n, i + 1 + kMaxTitle);
      size_t j = i + 1;
      while (j < limit && s_[j] != close_char) {
        if (s_[j] == '\\' && j + 1 < limit) ++j;
        ++j;
      }
      if (j >= limit) return false;
      i = j + 1;
      while (i < n && (IsSpace(s_[i]) || s_[i] == '\n')) ++i;
    }
    if (i >= n || s_[i] != ')') return false;
    href = Unescape(s_.substr(dest_begin, dest_end - dest_begin));
    end = i + 1;
    return true;
  }

  static std::string Unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size() && IsAsciiPunct(raw[k + 1])) {
        out += raw[++k];
      } else if (raw[k] == '&') {
        size_t len = DecodeEntity(raw.substr(k), out);
        if (len > 0) {
          k += len - 1;
        } else {
          out += '&';
        }
      } else {
        out += raw[k];
      }
    }
    return out;
  }

  size_t ScanDelimiterRun(size_t i) {
    char c = s_[i];
    size_t j = i;
    while (j < s_.size() && s_[j] == c) ++j;
    char before = i == 0 ? ' ' : s_[i - 1];
    char after = j >= s_.size() ? ' ' : s_[j];
    bool before_space = IsSpace(before) || before == '\n';
    bool after_space = IsSpace(after) || after == '\n';
    bool before_punct = IsAsciiPunct(before);
    bool after_punct = IsAsciiPunct(after);
    bool left = !after_space && (!after_punct || before_space || before_punct);
    bool right = !before_space && (!before_punct || after_space || after_punct);
    Mark m{MarkType::kDelim, static_cast<uint32_t>(i), static_cast<uint32_t>(j), {}};
    m.delim = c;
    if (c == '*') {
      m.can_open = left;
      m.can_close = right;
    } else {
      m.can_open = left && (!right || before_punct);
      m.can_close = right && (!left || after_punct);
    }
    marks_.push_back(std::move(m));
    return j;
  }

  // One opener stack per delimiter character keeps matching linear: a closer
  // only ever looks at the top of its own stack.
  void MatchEmphasis() {
    std::vector<size_t> stacks[2];
    for (size_t k = 0; k < marks_.size(); ++k) {
      Mark& m = marks_[k];
      if (m.type != MarkType::kDelim) continue;
      auto& stack = stacks[m.delim == '*' ? 0 : 1];
      if (m.can_close) {
        while (!stack.empty() && Remaining(m) > 0) {
          Mark& o = marks_[stack.back()];
          uint32_t use = (Remaining(o) >= 2 && Remaining(m) >= 2) ? 2 : 1;
          o.opener_used += use;
          o.pairs_opened += 1;
          m.closer_used += use;
          m.pairs_closed += 1;
          if (Remaining(o) == 0) stack.pop_back();
        }
      }
      if (m.can_open && Remaining(m) > 0) stack.push_back(k);
    }
  }

  static uint32_t Remaining(const Mark& m) {
    return (m.end - m.pos) - m.closer_used - m.opener_used;
  }

  std::string_view s_;
  const RefMap& refs_;
  std::vector<Mark> marks_;
  std::vector<Bracket> brackets_;
  std::unordered_map<size_t, std::vector<uint32_t>> runs_by_len_;
  size_t inactive_before_ = 0;
  size_t next_gt_ = 0;
  size_t next_lt_ = 0;
  size_t no_comment_close_after_ = std::string_view::npos;
};

// Writes visible text with collapsed whitespace; '\n' stands for a hard break.
class Emitter {
 public:
  explicit Emitter(TextBlock& block) : block_(block) {}

  void Write(std::string_view raw, const std::vector<Mark>& marks) {
    size_t i = 0;
    size_t k = 0;
    while (i < raw.size() || k < marks.size()) {
      size_t next_mark = k < marks.size() ? marks[k].pos : raw.size();
      if (next_mark < i) {  // inside a range already consumed (image)
        ++k;
        continue;
      }
      WriteText(raw.substr(i, next_mark - i), false);
      i = next_mark;
      if (k >= marks.size()) break;
      const Mark& m = marks[k++];
      i = std::max<size_t>(i, m.end);
      switch (m.type) {
        case MarkType::kSkip:
        case MarkType::kBracket:
          break;
        case MarkType::kText:
          WriteText(m.text, false);
          break;
        case MarkType::kLiteral:
          WriteText(raw.substr(m.pos, m.end - m.pos), true);
          break;
        case MarkType::kLinkOpen:
          OpenLink(m.text);
          break;
        case MarkType::kLinkClose:
          CloseLink();
          break;
        case MarkType::kAutolink: {
          OpenLink(m.text);
          std::string_view shown = m.text;
          if (shown.starts_with("mailto:") && raw.substr(m.pos + 1, 7) != "mailto:") {
            shown.remove_prefix(7);
          }
          WriteText(shown, true);
          CloseLink();
          break;
        }
        case MarkType::kBreak:
          Break();
          break;
        case MarkType::kDelim:
          WriteDelim(raw, m);
          break;
      }
    }
    CloseLink();
  }

  void WriteText(std::string_view t, bool literal) {
    (void)literal;
    for (size_t j = 0; j < t.size(); ++j) {
      char c = t[j];
      if (IsSpace(c)) {
        if (pending_ == 0) pending_ = ' ';
        continue;
      }
      if (c == '\n') {
        // A raw '\n' in block text is a hard break (see SplitLines).
        pending_ = '\n';
        continue;
      }
      if (static_cast<unsigned char>(c) == 0xC2 && j + 1 < t.size() &&
          static_cast<unsigned char>(t[j + 1]) == 0xA0) {  // no-break space
        if (pending_ == 0) pending_ = ' ';
        ++j;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) continue;
      Visible();
      block_.text += c;
    }
  }

  void Break() { pending_ = '\n'; }

  void Finish() {
    // Trailing whitespace is never written; links ending at the text end are closed.
    CloseLink();
  }

  size_t inside() const { return inside_; }
  size_t outside() const { return outside_; }

 private:
  void Visible() {
    if (pending_ != 0 && !block_.text.empty()) block_.text += pending_;
    pending_ = 0;
    if (link_open_ && link_begin_ == kUnset) link_begin_ = block_.text.size();
    if (depth_ > 0) {
      ++inside_;
    } else {
      ++outside_;
    }
  }

  void OpenLink(const std::string& href) {
    if (link_open_) return;
    link_open_ = true;
    link_href_ = href;
    link_begin_ = kUnset;
  }

  void CloseLink() {
    if (!link_open_) return;
    link_open_ = false;
    if (link_begin_ == kUnset) return;
    Link link;
    link.href = link_href_;
    link.begin = static_cast<uint32_t>(link_begin_);
    link.end = static_cast<uint32_t>(block_.text.size());
    link.text = block_.text.substr(link.begin, link.end - link.begin);
    block_.links.push_back(std::move(link));
  }

  void WriteDelim(std::string_view raw, const Mark& m) {
    depth_ = depth_ >= m.pairs_closed ? depth_ - m.pairs_closed : 0;
    uint32_t literal = (m.end - m.pos) - m.closer_used - m.opener_used;
    if (literal > 0) WriteText(raw.substr(m.pos + m.closer_used, literal), true);
    depth_ += m.pairs_opened;
  }

  static constexpr size_t kUnset = SIZE_MAX;
  TextBlock& block_;
  char pending_ = 0;
  bool link_open_ = false;
  std::string link_href_;
  size_t link_begin_ = kUnset;
  size_t depth_ = 0;
  size_t inside_ = 0;
  size_t outside_ = 0;
};

// Renders one block's raw inline text (hard breaks already turned into '\n',
// soft ones into ' ') and appends it to `block`.
void RenderInline(std::string_view raw, const RefMap& refs, TextBlock& block, size_t* inside,
                  size_t* outside) {
  InlineScanner scanner(raw, refs);
  std::vector<Mark> marks = scanner.Scan();
  Emitter emitter(block);
  emitter.Write(raw, marks);
  emitter.Finish();
  if (inside != nullptr) *inside += emitter.inside();
  if (outside != nullptr) *outside += emitter.outside();
}

// ---------------------------------------------------------------------------
// Blocks.

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t i = 0;
  while (i <= s.size()) {
    size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = s.substr(i, nl - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (nl < s.size() || !line.empty()) lines.push_back(line);
    i = nl + 1;
  }
  return lines;
}

// Columns of leading indentation (tab = 4) and the offset where text starts.
size_t Indent(std::string_view line, size_t* offset) {
  size_t cols = 0, i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
    cols += line[i] == '\t' ? 4 - cols % 4 : 1;
    ++i;
  }
  if (offset != nullptr) *offset = i;
  return cols;
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

bool IsThematicBreak(std::string_view line) {
  line = TrimSpaces(line);
  if (line.size() < 3) return false;
  char c = line[0];
  if (c != '*' && c != '-' && c != '_') return false;
  size_t count = 0;
  for (char x : line) {
    if (x == c) {
      ++count;
    } else if (!IsSpace(x)) {
      return false;
    }
  }
  return count >= 3;
}

// "===" or "---" under a paragraph line: 1 or 2, else 0.
int SetextLevel(std::string_view line) {
  size_t off;
  if (Indent(line, &off) > 3) return 0;
  std::string_view t = TrimSpaces(line.substr(off));
  if (t.empty() || (t[0] != '=' && t[0] != '-')) return 0;
  for (char c : t) {
    if (c != t[0]) return 0;
  }
  return t[0] == '=' ? 1 : 2;
}

// ATX heading level and its content, or 0.
int AtxHeading(std::string_view line, std::string_view* content) {
  size_t off;
  if (Indent(line, &off) > 3) return 0;
  std::string_view t = line.substr(off);
  size_t level = 0;
  while (level < t.size() && t[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (level < t.size() && !IsSpace(t[level])) return 0;
  std::string_view rest = TrimSpaces(t.substr(level));
  // Optional closing sequence of '#' preceded by a space.
  size_t e = rest.size();
  while (e > 0 && rest[e - 1] == '#') --e;
  if (e == 0) {
    rest = {};
  } else if (e < rest.size() && IsSpace(rest[e - 1])) {
    rest = TrimSpaces(rest.substr(0, e));
  }
  *content = rest;
  return static_cast<int>(level);
}

// List item marker: returns the content offset, or npos.
size_t ListMarker(std::string_view line) {
  size_t off;
  Indent(line, &off);
  std::string_view t = line.substr(off);
  if (t.empty()) return std::string_view::npos;
  size_t m = 0;
  if (t[0] == '-' || t[0] == '*' || t[0] == '+') {
    m = 1;
  } else {
    while (m < t.size() && m < 9 && t[m] >= '0' && t[m] <= '9') ++m;
    if (m == 0 || m >= t.size() || (t[m] != '.' && t[m] != ')')) return std::string_view::npos;
    ++m;
  }
  if (m < t.size() && !IsSpace(t[m])) return std::string_view::npos;
  size_t content = m;
  while (content < t.size() && IsSpace(t[content])) ++content;
  return off + content;
}

size_t FenceLength(std::string_view line, char* fence_char) {
  size_t off;
  if (Indent(line, &off) > 3) return 0;
  std::string_view t = line.substr(off);
  if (t.empty() || (t[0] != '`' && t[0] != '~')) return 0;
  size_t n = 0;
  while (n < t.size() && t[n] == t[0]) ++n;
  if (n < 3) return 0;
  if (t[0] == '`' && t.substr(n).find('`') != std::string_view::npos) return 0;
  *fence_char = t[0];
  return n;
}

// CommonMark: only bullet items and ordered items starting at 1 interrupt a
// paragraph, so wrapped text such as "2020. The year" stays text.
bool InterruptsParagraph(std::string_view t) {
  if (t.empty()) return false;
  if (t[0] == '-' || t[0] == '*' || t[0] == '+') return true;
  return t.size() >= 2 && t[0] == '1' && (t[1] == '.' || t[1] == ')');
}

bool IsTableDelimiterRow(std::string_view line) {
  std::string_view t = TrimSpaces(line);
  if (t.empty()) return false;
  bool dash = false, pipe = false;
  for (char c : t) {
    if (c == '-') {
      dash = true;
    } else if (c == '|') {
      pipe = true;
    } else if (c != ':' && !IsSpace(c)) {
      return false;
    }
  }
  return dash && pipe;
}

bool HasUnescapedPipe(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      return true;
    }
  }
  return false;
}

std::vector<std::string_view> SplitTableRow(std::string_view line) {
  std::string_view t = TrimSpaces(line);
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  if (!t.empty() && t.back() == '|' && (t.size() < 2 || t[t.size() - 2] != '\\'))
    t.remove_suffix(1);
  std::vector<std::string_view> cells;
  size_t start = 0;
  bool in_code = false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
    } else if (t[i] == '`') {
      in_code = !in_code;
    } else if (t[i] == '|' && !in_code) {
      cells.push_back(TrimSpaces(t.substr(start, i - start)));
      start = i + 1;
    }
  }
  cells.push_back(TrimSpaces(t.substr(start)));
  return cells;
}

// "[label]: destination "title"" — a link reference definition.
bool ParseReferenceDefinition(std::string_view line, std::string* label, std::string* href) {
  size_t off;
  if (Indent(line, &off) > 3) return false;
  std::string_view t = line.substr(off);
  if (t.size() < 4 || t[0] != '[' || t[1] == '^') return false;
  size_t close = t.find(']');
  if (close == std::string_view::npos || close < 2 || close > kMaxLabel + 1) return false;
  if (close + 1 >= t.size() || t[close + 1] != ':') return false;
  std::string_view rest = TrimSpaces(t.substr(close + 2));
  if (rest.empty()) return false;
  size_t e = 0;
  if (rest[0] == '<') {
    e = rest.find('>');
    if (e == std::string_view::npos) return false;
    *href = std::string(rest.substr(1, e - 1));
  } else {
    while (e < rest.size() && !IsSpace(rest[e])) ++e;
    *href = std::string(rest.substr(0, e));
  }
  *label = NormalizeLabel(t.substr(1, close - 1));
  return !label->empty();
}

bool OnlySeparatorChars(std::string_view text) {
  for (char c : text) {
    if (c != '*' && c != '-' && c != '_' && c != '=' && c != '~' && c != '#' && c != ' ' &&
        c != '\n' && c != '+') {
      return false;
    }
  }
  return true;
}

class BlockBuilder {
 public:
  explicit BlockBuilder(const RefMap& refs) : refs_(refs) {}

  void Run(const std::vector<std::string_view>& lines) {
    for (size_t li = 0; li < lines.size(); ++li) {
      std::string_view line = lines[li];
      if (fence_len_ > 0) {
        ContinueFence(line);
        continue;
      }
      // Block quote markers, any depth, stripped iteratively.
      bool quoted = false;
      std::string_view content = line;
      for (;;) {
        size_t off;
        if (Indent(content, &off) > 3 || off >= content.size() || content[off] != '>') break;
        quoted = true;
        content.remove_prefix(off + 1);
        if (!content.empty() && content[0] == ' ') content.remove_prefix(1);
      }
      if (!quoted && in_quote_ && kind_ != BlockKind::kPre && !para_.empty() && !IsBlank(line) &&
          !StartsNewBlock(line)) {
        AddLine(line);  // lazy continuation of a quoted paragraph
        continue;
      }
      if (quoted != in_quote_) {
        Flush();
        in_quote_ = quoted;
      }
      ProcessLine(content, li + 1 < lines.size() ? lines[li + 1] : std::string_view{});
      if (skip_next_) {
        skip_next_ = false;
        ++li;
      }
    }
    if (fence_len_ > 0) EmitPre();
    Flush();
  }

  std::vector<TextBlock> Take() { return std::move(blocks_); }

 private:
  bool StartsNewBlock(std::string_view line) const {
    std::string_view content;
    char fc;
    return AtxHeading(line, &content) > 0 || IsThematicBreak(line) ||
           ListMarker(line) != std::string_view::npos || FenceLength(line, &fc) > 0;
  }

  void ProcessLine(std::string_view line, std::string_view next) {
    if (IsBlank(line)) {
      Flush();
      blank_before_ = true;
      return;
    }
    size_t off;
    size_t indent = Indent(line, &off);
    bool was_blank = blank_before_;
    blank_before_ = false;
    if (kind_ == BlockKind::kTable && !table_rows_.empty()) {
      if (HasUnescapedPipe(line)) {
        table_rows_.push_back(line);
        return;
      }
      Flush();
    }

    // Indented code: only where it cannot be a paragraph or list continuation.
    if (indent >= 4 && para_.empty() && !in_list_) {
      if (kind_ != BlockKind::kPre) Flush();
      kind_ = BlockKind::kPre;
      std::string_view stripped = line;
      size_t cols = 0, i = 0;
      while (i < stripped.size() && cols < 4 && (stripped[i] == ' ' || stripped[i] == '\t')) {
        cols += stripped[i] == '\t' ? 4 : 1;
        ++i;
      }
      if (!pre_.empty()) pre_ += '\n';
      pre_.append(stripped.substr(i));
      return;
    }
    if (kind_ == BlockKind::kPre) EmitPre();

    char fence_char = 0;
    size_t fence = FenceLength(line, &fence_char);
    if (fence > 0) {
      Flush();
      fence_len_ = fence;
      fence_char_ = fence_char;
      fence_indent_ = indent;
      pre_.clear();
      return;
    }
    std::string_view heading;
    int level = AtxHeading(line, &heading);
    if (level > 0) {
      Flush();
      in_list_ = false;
      kind_ = BlockKind::kHeading;
      heading_level_ = level;
      AddLine(heading);
      Flush();
      return;
    }
    if (!para_.empty() && kind_ == BlockKind::kParagraph) {
      int setext = SetextLevel(line);
      if (setext > 0) {
        kind_ = BlockKind::kHeading;
        heading_level_ = setext;
        Flush();
        return;
      }
    }
    if (IsThematicBreak(line)) {
      Flush();
      in_list_ = false;
      return;
    }
    size_t marker = ListMarker(line);
    if (marker != std::string_view::npos && !para_.empty() && kind_ == BlockKind::kParagraph &&
        !InterruptsParagraph(line.substr(off))) {
      marker = std::string_view::npos;  // "2020. The year..." inside a wrapped paragraph
    }
    if (marker != std::string_view::npos && marker < line.size()) {
      Flush();
      in_list_ = true;
      kind_ = BlockKind::kListItem;
      AddLine(line.substr(marker));
      return;
    }
    if (marker != std::string_view::npos) {  // an empty item ("*" or "-" alone): nothing
      Flush();
      return;
    }
    if (para_.empty() && HasUnescapedPipe(line) && IsTableDelimiterRow(next)) {
      Flush();
      kind_ = BlockKind::kTable;
      table_rows_.push_back(line);
      skip_next_ = true;
      return;
    }
    std::string label, href;
    if (para_.empty() && ParseReferenceDefinition(line, &label, &href)) return;
    if (para_.empty()) {
      // After a blank line, only indented text stays inside a list.
      if (was_blank && indent < 2) in_list_ = false;
      kind_ = in_list_ ? BlockKind::kListItem : BlockKind::kParagraph;
    }
    AddLine(line.substr(off));
  }

  void ContinueFence(std::string_view line) {
    size_t off;
    std::string_view t = line.substr(0);
    if (Indent(t, &off) <= 3) {
      std::string_view rest = t.substr(off);
      size_t n = 0;
      while (n < rest.size() && rest[n] == fence_char_) ++n;
      if (n >= fence_len_ && IsBlank(rest.substr(n))) {
        EmitPre();
        fence_len_ = 0;
        return;
      }
    }
    // Remove up to the fence's own indentation, as CommonMark does.
    size_t cols = 0, i = 0;
    while (i < line.size() && cols < fence_indent_ && line[i] == ' ') ++cols, ++i;
    if (!pre_started_) {
      pre_started_ = true;
    } else {
      pre_ += '\n';
    }
    pre_.append(line.substr(i));
  }

  void EmitPre() {
    // Trailing blank lines of indented code are not part of it.
    while (!pre_.empty() && (pre_.back() == '\n' || IsSpace(pre_.back()))) pre_.pop_back();
    size_t lead = 0;
    while (lead < pre_.size() && pre_[lead] == '\n') ++lead;
    if (lead < pre_.size()) {
      TextBlock b;
      b.kind = BlockKind::kPre;
      b.text = pre_.substr(lead);
      blocks_.push_back(std::move(b));
    }
    pre_.clear();
    pre_started_ = false;
    kind_ = BlockKind::kParagraph;
  }

  // Joins a line into the current block: the previous line's hard break
  // becomes '\n', a soft break a space.
  void AddLine(std::string_view line) {
    bool hard = false;
    size_t trailing = 0;
    while (trailing < line.size() && line[line.size() - 1 - trailing] == ' ') ++trailing;
    std::string_view body = line.substr(0, line.size() - trailing);
    if (trailing >= 2) hard = true;
    size_t backslashes = 0;
    while (backslashes < body.size() && body[body.size() - 1 - backslashes] == '\\') ++backslashes;
    if (trailing == 0 && backslashes % 2 == 1) {
      hard = true;
      body.remove_suffix(1);
    }
    if (!para_.empty()) para_ += pending_break_ ? '\n' : ' ';
    para_.append(body);
    pending_break_ = hard;
  }

  void Flush() {
    if (kind_ == BlockKind::kPre) {
      EmitPre();
      return;
    }
    if (kind_ == BlockKind::kTable && !table_rows_.empty()) {
      EmitTable();
    } else if (!para_.empty()) {
      TextBlock b;
      b.kind = in_quote_ ? BlockKind::kBlockquote : kind_;
      b.heading_level = kind_ == BlockKind::kHeading && !in_quote_ ? heading_level_ : 0;
      size_t inside = 0, outside = 0;
      RenderInline(para_, refs_, b, &inside, &outside);
      b.emphasized = inside > 0 && outside == 0;
      if (!b.text.empty() && !OnlySeparatorChars(b.text)) blocks_.push_back(std::move(b));
    }
    para_.clear();
    table_rows_.clear();
    pending_break_ = false;
    kind_ = BlockKind::kParagraph;
    heading_level_ = 0;
  }

  // Rows joined by '\n', cells by " | " (see blocks.h).
  void EmitTable() {
    TextBlock b;
    b.kind = in_quote_ ? BlockKind::kBlockquote : BlockKind::kTable;
    for (std::string_view row : table_rows_) {
      std::vector<std::string_view> cells = SplitTableRow(row);
      bool row_started = false;
      for (std::string_view cell : cells) {
        TextBlock c;
        RenderInline(cell, refs_, c, nullptr, nullptr);
        for (char& ch : c.text) {
          if (ch == '\n') ch = ' ';
        }
        std::string_view sep = !row_started ? (b.text.empty() ? "" : "\n") : " | ";
        b.text += sep;
        row_started = true;
        size_t base = b.text.size();
        b.text += c.text;
        for (Link& l : c.links) {
          l.begin += static_cast<uint32_t>(base);
          l.end += static_cast<uint32_t>(base);
          b.links.push_back(std::move(l));
        }
      }
    }
    if (!TrimSpaces(b.text).empty()) blocks_.push_back(std::move(b));
    table_rows_.clear();
  }

  const RefMap& refs_;
  std::vector<TextBlock> blocks_;
  std::string para_;
  std::string pre_;
  std::vector<std::string_view> table_rows_;
  BlockKind kind_ = BlockKind::kParagraph;
  int heading_level_ = 0;
  bool pending_break_ = false;
  bool in_quote_ = false;
  bool in_list_ = false;
  bool blank_before_ = true;
  bool skip_next_ = false;
  bool pre_started_ = false;
  size_t fence_len_ = 0;
  char fence_char_ = '`';
  size_t fence_indent_ = 0;
};

}  // namespace

std::vector<TextBlock> ParseMarkdownBlocks(std::string_view markdown) {
  std::vector<std::string_view> lines = SplitLines(markdown);
  RefMap refs;
  bool in_fence = false;
  char fence_char = 0;
  size_t fence_len = 0;
  for (std::string_view line : lines) {
    char c;
    size_t n = FenceLength(line, &c);
    if (n > 0 && (!in_fence || (c == fence_char && n >= fence_len))) {
      in_fence = !in_fence;
      fence_char = c;
      fence_len = n;
      continue;
    }
    if (in_fence) continue;
    std::string_view content = line;
    while (true) {  // definitions may sit inside block quotes
      size_t off;
      if (Indent(content, &off) > 3 || off >= content.size() || content[off] != '>') break;
      content.remove_prefix(off + 1);
    }
    std::string label, href;
    if (ParseReferenceDefinition(content, &label, &href))
      refs.emplace(std::move(label), std::move(href));
  }
  BlockBuilder builder(refs);
  builder.Run(lines);
  return builder.Take();
}

std::vector<TextBlock> ParsePlainTextBlocks(std::string_view text) {
  std::vector<std::string_view> lines = SplitLines(text);
  // Dumps either separate paragraphs by blank lines (and wrap lines inside
  // them), or put one paragraph per line with no blank lines at all.
  bool has_blank = false;
  for (std::string_view line : lines) {
    if (IsBlank(line)) {
      has_blank = true;
      break;
    }
  }
  std::vector<TextBlock> blocks;
  TextBlock current;
  char pending = 0;
  auto flush = [&] {
    if (!current.text.empty()) blocks.push_back(std::move(current));
    current = TextBlock{};
    pending = 0;
  };
  for (std::string_view line : lines) {
    if (IsBlank(line)) {
      flush();
      continue;
    }
    if (!current.text.empty()) pending = ' ';
    for (size_t j = 0; j < line.size(); ++j) {
      char c = line[j];
      if (IsSpace(c)) {
        if (!current.text.empty()) pending = ' ';
        continue;
      }
      if (static_cast<unsigned char>(c) == 0xC2 && j + 1 < line.size() &&
          static_cast<unsigned char>(line[j + 1]) == 0xA0) {
        if (!current.text.empty()) pending = ' ';
        ++j;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) continue;
      if (pending != 0 && !current.text.empty()) current.text += pending;
      pending = 0;
      current.text += c;
    }
    if (!has_blank) flush();
  }
  flush();
  return blocks;
}

}  // namespace newstrace::extract
