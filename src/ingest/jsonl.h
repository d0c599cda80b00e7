// JSON lines from other tools, one article per line: news-please
// (url, title, maintext, date_publish, authors, source_domain, language),
// passim (id, series, date, text), and newstrace's own export format
// (article_json.h), which round-trips unchanged.
#pragma once

#include <string_view>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::ingest {

// Parses one line. `source` becomes Article::source when the line has none
// ("file.jsonl#12" for line 12). Errors: bad_record (not JSON, not an
// object, no text), empty (text is empty).
Result<Article> ArticleFromJsonLine(std::string_view line, std::string_view source);

// True when `head` looks like JSON lines (first non-space byte '{').
bool LooksLikeJsonLines(std::string_view head);

}  // namespace newstrace::ingest
