#include "core/article_json.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newstrace {

nlohmann::ordered_json ToJson(const Article& a) {
  nlohmann::ordered_json j;
  j["source"] = a.source;
  j["url"] = a.url;
  j["canonical_url"] = a.canonical_url;
  j["site"] = a.site;
  j["title"] = a.title;
  j["authors"] = a.authors;
  j["published"] = a.published;
  j["modified"] = a.modified;
  j["publisher"] = a.publisher;
  j["language"] = a.language;
  auto& categories = j["categories"] = nlohmann::ordered_json::array();
  for (const Category& c : a.categories) {
    categories.push_back({{"scheme", c.scheme}, {"label", c.label}});
  }
  j["text"] = a.text;
  auto& blocks = j["blocks"] = nlohmann::ordered_json::array();
  for (const Block& b : a.blocks) {
    blocks.push_back({{"kind", ToString(b.kind)}, {"begin", b.begin}, {"end", b.end}});
  }
  auto& links = j["links"] = nlohmann::ordered_json::array();
  for (const Link& l : a.links) {
    links.push_back({{"href", l.href}, {"text", l.text}, {"begin", l.begin}, {"end", l.end}});
  }
  auto& notices = j["notices"] = nlohmann::ordered_json::array();
  for (const Notice& n : a.notices) {
    nlohmann::ordered_json o = {{"kind", ToString(n.kind)}, {"text", n.text}, {"target", n.target}};
    if (!n.target_url.empty()) o["target_url"] = n.target_url;
    notices.push_back(std::move(o));
  }
  auto& evidence = j["evidence"] = nlohmann::ordered_json::object();
  for (const auto& [field, source] : a.evidence) evidence[field] = source;
  return j;
}

namespace {

std::string GetString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

uint32_t GetOffset(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return 0;
  int64_t value = it->get<int64_t>();
  // Out-of-range offsets become UINT32_MAX, which the span checks reject.
  return value < 0 || value > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(value);
}

}  // namespace

Result<Article> ArticleFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Status(ErrorCode::kBadRecord, "article JSON is not an object");
  Article a;
  a.source = GetString(j, "source");
  a.url = GetString(j, "url");
  a.canonical_url = GetString(j, "canonical_url");
  a.site = GetString(j, "site");
  a.title = GetString(j, "title");
  a.published = GetString(j, "published");
  a.modified = GetString(j, "modified");
  a.publisher = GetString(j, "publisher");
  a.language = GetString(j, "language");
  a.text = GetString(j, "text");
  if (auto it = j.find("authors"); it != j.end() && it->is_array()) {
    for (const auto& name : *it) {
      if (name.is_string()) a.authors.push_back(name.get<std::string>());
    }
  }
  if (auto it = j.find("categories"); it != j.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_object()) a.categories.push_back({GetString(c, "scheme"), GetString(c, "label")});
    }
  }
  const auto text_size = static_cast<uint32_t>(a.text.size());
  auto valid_span = [&](uint32_t begin, uint32_t end) { return begin <= end && end <= text_size; };
  if (auto it = j.find("blocks"); it != j.end() && it->is_array()) {
    for (const auto& b : *it) {
      if (!b.is_object()) continue;
      auto kind = BlockKindFromString(GetString(b, "kind"));
      Block block{kind.value_or(BlockKind::kParagraph), GetOffset(b, "begin"), GetOffset(b, "end")};
      if (!valid_span(block.begin, block.end)) {
        return Status(ErrorCode::kBadRecord, "block offsets outside text");
      }
      a.blocks.push_back(block);
    }
  }
  if (auto it = j.find("links"); it != j.end() && it->is_array()) {
    for (const auto& l : *it) {
      if (!l.is_object()) continue;
      Link link{GetString(l, "href"), GetString(l, "text"), GetOffset(l, "begin"),
                GetOffset(l, "end")};
      if (!valid_span(link.begin, link.end)) {
        return Status(ErrorCode::kBadRecord, "link offsets outside text");
      }
      a.links.push_back(std::move(link));
    }
  }
  if (auto it = j.find("notices"); it != j.end() && it->is_array()) {
    for (const auto& n : *it) {
      if (!n.is_object()) continue;
      auto kind = NoticeKindFromString(GetString(n, "kind"));
      if (!kind) continue;
      a.notices.push_back(
          {*kind, GetString(n, "text"), GetString(n, "target"), GetString(n, "target_url")});
    }
  }
  if (auto it = j.find("evidence"); it != j.end() && it->is_object()) {
    for (const auto& [field, source] : it->items()) {
      if (source.is_string()) a.evidence[field] = source.get<std::string>();
    }
  }
  return a;
}

namespace {

// A JSON string literal, escaped as nlohmann::json::dump escapes (\", \\, \b
// \f \n \r \t, other control characters as \u00XX); invalid UTF-8 is
// replaced by U+FFFD as with error_handler_t::replace.
// Set when AppendString replaced invalid UTF-8 (per thread: ToJsonLine is reentrant).
thread_local bool g_replaced = false;

// True for the bytes AppendString copies as they are: printable ASCII other
// than '"' and '\\'. A table: short strings are scanned byte by byte.
constexpr std::array<bool, 256> kPlainJsonByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

bool PlainJsonByte(unsigned char c) { return kPlainJsonByte[c]; }

// The first position at or after `from` whose byte is not PlainJsonByte (or
// s.size()). Article text is mostly plain runs of hundreds of bytes, so the
// scan goes 16 bytes a step.
size_t PlainRunEnd(std::string_view s, size_t from) {
#if defined(__SSE2__)
  // Signed bytes below 0x20 are the control characters and every byte >= 0x80.
  const __m128i control = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  while (s.size() - from >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + from));
    const __m128i special =
        _mm_or_si128(_mm_cmplt_epi8(v, control),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask != 0) return from + static_cast<size_t>(__builtin_ctz(mask));
    from += 16;
  }
#endif
  while (from < s.size() && PlainJsonByte(static_cast<unsigned char>(s[from]))) ++from;
  return from;
}

// The length of the valid UTF-8 sequence at s[i] (a byte >= 0x80): 2..4, or
// 0 when the bytes there are not one.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  bool valid = len > 0 && i + len <= s.size() && c >= 0xC2 && c <= 0xF4;
  for (size_t k = 1; valid && k < len; ++k) {
    valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  }
  if (valid && len == 3) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
  } else if (valid && len == 4) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    valid = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
  }
  return valid ? len : 0;
}

// The escape of an ASCII byte that is not PlainJsonByte.
void AppendEscape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

void AppendString(std::string& out, std::string_view s) {
  out += '"';
  // Plain bytes and valid UTF-8 sequences are copied as they are, one append
  // per stretch between the bytes that need an escape or a replacement.
  size_t copied = 0;  // s[copied, i) waits to be appended
  size_t i = 0;
  for (;;) {
    i = PlainRunEnd(s, i);
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (size_t len = Utf8SequenceAt(s, i); len > 0) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + copied, i - copied);
    if (c >= 0x80) {
      out += "\xEF\xBF\xBD";
      g_replaced = true;
    } else {
      AppendEscape(out, c);
    }
    copied = ++i;
  }
  out.append(s.data() + copied, s.size() - copied);
  out += '"';
}

// `key` is one of the record's own names: PlainJsonByte only, no escaping.
void AppendKey(std::string& out, std::string_view key, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void AppendField(std::string& out, std::string_view key, std::string_view value,
                 bool first = false) {
  AppendKey(out, key, first);
  AppendString(out, value);
}

void AppendNumber(std::string& out, std::string_view key, uint32_t value) {
  AppendKey(out, key);
  out += std::to_string(value);
}

}  // namespace

std::string ToJsonLine(const Article& a, bool* replaced_invalid_utf8, bool with_text) {
  g_replaced = false;
  std::string out;
  out.reserve((with_text ? a.text.size() : 0) + 1024 + a.links.size() * 128);
  out += '{';
  AppendField(out, "source", a.source, true);
  AppendField(out, "url", a.url);
  AppendField(out, "canonical_url", a.canonical_url);
  AppendField(out, "site", a.site);
  AppendField(out, "title", a.title);
  AppendKey(out, "authors");
  out += '[';
  for (size_t i = 0; i < a.authors.size(); ++i) {
    if (i > 0) out += ',';
    AppendString(out, a.authors[i]);
  }
  out += ']';
  AppendField(out, "published", a.published);
  AppendField(out, "modified", a.modified);
  AppendField(out, "publisher", a.publisher);
  AppendField(out, "language", a.language);
  AppendKey(out, "categories");
  out += '[';
  for (size_t i = 0; i < a.categories.size(); ++i) {
    out += i > 0 ? ",{" : "{";
    AppendField(out, "scheme", a.categories[i].scheme, true);
    AppendField(out, "label", a.categories[i].label);
    out += '}';
  }
  out += ']';
  if (with_text) {
    AppendField(out, "text", a.text);
  } else {
    AppendField(out, "text", "");
    thread_local std::string scratch;  // escaped only to check the UTF-8
    scratch.clear();
    AppendString(scratch, a.text);
  }
  AppendKey(out, "blocks");
  out += '[';
  for (size_t i = 0; i < a.blocks.size(); ++i) {
    out += i > 0 ? ",{" : "{";
    AppendField(out, "kind", ToString(a.blocks[i].kind), true);
    AppendNumber(out, "begin", a.blocks[i].begin);
    AppendNumber(out, "end", a.blocks[i].end);
    out += '}';
  }
  out += ']';
  AppendKey(out, "links");
  out += '[';
  for (size_t i = 0; i < a.links.size(); ++i) {
    out += i > 0 ? ",{" : "{";
    AppendField(out, "href", a.links[i].href, true);
    AppendField(out, "text", a.links[i].text);
    AppendNumber(out, "begin", a.links[i].begin);
    AppendNumber(out, "end", a.links[i].end);
    out += '}';
  }
  out += ']';
  AppendKey(out, "notices");
  out += '[';
  for (size_t i = 0; i < a.notices.size(); ++i) {
    const Notice& n = a.notices[i];
    out += i > 0 ? ",{" : "{";
    AppendField(out, "kind", ToString(n.kind), true);
    AppendField(out, "text", n.text);
    AppendField(out, "target", n.target);
    if (!n.target_url.empty()) AppendField(out, "target_url", n.target_url);
    out += '}';
  }
  out += ']';
  AppendKey(out, "evidence");
  out += '{';
  bool first = true;
  for (const auto& [field, source] : a.evidence) {
    // Field names may come from a record read back (ArticleFromJson): escaped.
    if (!first) out += ',';
    AppendString(out, field);
    out += ':';
    AppendString(out, source);
    first = false;
  }
  out += "}}";
  if (replaced_invalid_utf8 != nullptr) *replaced_invalid_utf8 = g_replaced;
  return out;
}

nlohmann::ordered_json QuoteToJson(const Quote& q) {
  nlohmann::ordered_json j;
  j["kind"] = q.kind;
  j["begin"] = q.begin;
  j["end"] = q.end;
  j["text"] = q.text;
  j["speaker"] = q.speaker;
  j["speaker_begin"] = q.speaker_begin;
  j["speaker_end"] = q.speaker_end;
  j["cue"] = q.cue;
  j["source"] = q.source;
  j["source_url"] = q.source_url;
  return j;
}

nlohmann::ordered_json ErrorToJson(std::string_view source, const Status& status) {
  nlohmann::ordered_json j;
  j["source"] = source;
  j["error"] = {{"code", ToString(status.code())}, {"message", status.message()}};
  return j;
}

}  // namespace newstrace
