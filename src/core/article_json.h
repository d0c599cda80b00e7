// Article <-> JSON, the format of `newstrace extract --format json` and of
// `export --what articles`. FromJson accepts what ToJson writes (round trip).
#pragma once

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "core/status.h"

namespace newstrace {

// Keys in a stable order: source, url, canonical_url, site, title, authors,
// published, modified, publisher, language, categories, text, blocks, links,
// notices, evidence.
nlohmann::ordered_json ToJson(const Article& article);
Result<Article> ArticleFromJson(const nlohmann::json& json);

// {"source": ..., "error": {"code": ..., "message": ...}}
nlohmann::ordered_json ErrorToJson(std::string_view source, const Status& status);

}  // namespace newstrace
