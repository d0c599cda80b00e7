#include "core/article_json.h"

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
  if (it == j.end() || !it->is_number_unsigned()) return 0;
  return it->get<uint32_t>();
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

nlohmann::ordered_json ErrorToJson(std::string_view source, const Status& status) {
  nlohmann::ordered_json j;
  j["source"] = source;
  j["error"] = {{"code", ToString(status.code())}, {"message", status.message()}};
  return j;
}

}  // namespace newstrace
