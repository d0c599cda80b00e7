#include "ingest/jsonl.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/article_json.h"

namespace newstrace::ingest {
namespace {

using nlohmann::json;

std::string GetString(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::string_view TrimSpace(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(" \t\r\n\f\v");
  return s.substr(first, last - first + 1);
}

// Joins the non-blank pieces of `text` separated by `separator` into
// Article::text ("\n\n" between paragraphs) with one paragraph block each.
void SetParagraphs(std::string_view text, std::string_view separator, Article* article) {
  article->text.clear();
  article->blocks.clear();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = TrimSpace(text.substr(start, end - start));
    if (!piece.empty()) {
      if (!article->text.empty()) article->text += "\n\n";
      const auto begin = static_cast<uint32_t>(article->text.size());
      article->text.append(piece);
      article->blocks.push_back(
          {BlockKind::kParagraph, begin, static_cast<uint32_t>(article->text.size())});
    }
    start = end + separator.size();
  }
}

// "2019-11-18 10:00:00" (news-please, Python's str(datetime)) becomes
// "2019-11-18T10:00:00"; other values are kept as written.
std::string IsoDate(std::string_view value) {
  std::string out(TrimSpace(value));
  if (out.size() > 10 && out[4] == '-' && out[7] == '-' && out[10] == ' ') out[10] = 'T';
  return out;
}

// The host of an http(s) URL, lower-cased, without "www." and port.
std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string SiteName(std::string_view domain) {
  std::string site(TrimSpace(domain));
  for (char& c : site) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (site.rfind("www.", 0) == 0) site.erase(0, 4);
  return site;
}

void SetField(std::string* field, std::string value, const char* name, const char* origin,
              Article* article) {
  if (value.empty()) return;
  *field = std::move(value);
  article->evidence[name] = origin;
}

std::vector<std::string> Authors(const json& j) {
  std::vector<std::string> authors;
  auto it = j.find("authors");
  if (it == j.end()) return authors;
  if (it->is_string()) {
    if (!TrimSpace(it->get_ref<const std::string&>()).empty()) {
      authors.emplace_back(TrimSpace(it->get_ref<const std::string&>()));
    }
    return authors;
  }
  if (!it->is_array()) return authors;
  for (const auto& name : *it) {
    if (!name.is_string()) continue;
    const std::string_view trimmed = TrimSpace(name.get_ref<const std::string&>());
    if (!trimmed.empty()) authors.emplace_back(trimmed);
  }
  return authors;
}

bool IsOwnFormat(const json& j) {
  return j.contains("blocks") || j.contains("evidence") || j.contains("canonical_url");
}

bool IsNewsPlease(const json& j) {
  return j.contains("maintext") || j.contains("source_domain") || j.contains("date_publish");
}

// The text field, which must be a string (null counts as empty).
Result<std::string> TextField(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return Status(ErrorCode::kBadRecord, std::string("no \"") + key + "\" field");
  if (it->is_null()) return std::string();
  if (!it->is_string()) {
    return Status(ErrorCode::kBadRecord, std::string("\"") + key + "\" is not a string");
  }
  return it->get<std::string>();
}

Result<Article> FromNewsPlease(const json& j) {
  constexpr const char* kOrigin = "news-please";
  Result<std::string> text = TextField(j, j.contains("maintext") ? "maintext" : "text");
  if (!text.ok()) return text.status();
  Article a;
  a.url = GetString(j, "url");
  SetParagraphs(*text, "\n", &a);
  SetField(&a.title, std::string(TrimSpace(GetString(j, "title"))), "title", kOrigin, &a);
  SetField(&a.published, IsoDate(GetString(j, "date_publish")), "published", kOrigin, &a);
  SetField(&a.modified, IsoDate(GetString(j, "date_modify")), "modified", kOrigin, &a);
  SetField(&a.language, std::string(TrimSpace(GetString(j, "language"))), "language", kOrigin, &a);
  a.authors = Authors(j);
  if (!a.authors.empty()) a.evidence["authors"] = kOrigin;
  SetField(&a.site, SiteName(GetString(j, "source_domain")), "site", kOrigin, &a);
  if (a.site.empty()) SetField(&a.site, HostOf(a.url), "site", "url", &a);
  return a;
}

Result<Article> FromPassimOrText(const json& j) {
  const char* origin = (j.contains("series") || j.contains("id")) ? "passim" : "jsonl";
  Result<std::string> text = TextField(j, "text");
  if (!text.ok()) return text.status();
  Article a;
  a.source = GetString(j, "id");
  a.url = GetString(j, "url");
  SetParagraphs(*text, "\n\n", &a);
  SetField(&a.title, std::string(TrimSpace(GetString(j, "title"))), "title", origin, &a);
  const std::string series(TrimSpace(GetString(j, "series")));
  SetField(&a.site, series, "site", origin, &a);
  SetField(&a.publisher, series, "publisher", origin, &a);
  SetField(&a.published, IsoDate(GetString(j, "date")), "published", origin, &a);
  SetField(&a.language, std::string(TrimSpace(GetString(j, "lang"))), "language", origin, &a);
  a.authors = Authors(j);
  if (!a.authors.empty()) a.evidence["authors"] = origin;
  if (a.site.empty()) SetField(&a.site, HostOf(a.url), "site", "url", &a);
  return a;
}

}  // namespace

Result<Article> ArticleFromJsonLine(std::string_view line, std::string_view source) {
  const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status(ErrorCode::kBadRecord, "not JSON");
  if (!j.is_object()) return Status(ErrorCode::kBadRecord, "JSON line is not an object");
  Result<Article> article = Status(ErrorCode::kInternal, "unset");
  try {
    if (IsOwnFormat(j)) {
      if (!j.contains("text")) return Status(ErrorCode::kBadRecord, "no \"text\" field");
      article = ArticleFromJson(j);
    } else if (IsNewsPlease(j)) {
      article = FromNewsPlease(j);
    } else {
      article = FromPassimOrText(j);
    }
  } catch (const json::exception& e) {
    return Status(ErrorCode::kBadRecord, std::string("bad JSON article: ") + e.what());
  }
  if (!article.ok()) return article;
  if (article->source.empty()) article->source = std::string(source);
  if (TrimSpace(article->text).empty()) return Status(ErrorCode::kEmpty, "text is empty");
  return article;
}

bool LooksLikeJsonLines(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && head[first] == '{';
}

}  // namespace newstrace::ingest
