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

// ToJson(article) as one compact line, written directly (no JSON tree): the
// same bytes as ToJson(article).dump() with invalid UTF-8 replaced by U+FFFD.
// The hot path of `extract --format jsonl` and `export`.
// `replaced_invalid_utf8`, when given, tells whether any byte was replaced.
// With with_text false, "text" is written as "" (for a store that keeps the
// text in its own column); the text is still checked for invalid UTF-8.
std::string ToJsonLine(const Article& article, bool* replaced_invalid_utf8 = nullptr,
                       bool with_text = true);

// A quotation's fields in a stable order: kind, begin, end, text, speaker,
// speaker_begin, speaker_end, cue, source, source_url.
nlohmann::ordered_json QuoteToJson(const Quote& quote);

// {"source": ..., "error": {"code": ..., "message": ...}}
nlohmann::ordered_json ErrorToJson(std::string_view source, const Status& status);

}  // namespace newstrace
