// ExtractArticle: one page (HTML, markdown or plain text) into one Article.
#pragma once

#include <cstddef>
#include <string>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::extract {

struct ExtractOptions {
  std::string url;                 // page URL when the input does not carry it
  size_t max_bytes = 50u << 20;    // larger pages fail with too_large
  bool use_gumbo = false;          // parse with the oracle instead of the fast path
};

// Errors: too_large, binary, not_html (a page with no text structure at all),
// empty (no main text found). Thread-safe.
Result<Article> ExtractArticle(const RawPage& page, const ExtractOptions& options = {});

}  // namespace newstrace::extract
