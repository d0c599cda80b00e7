// Human-readable renderings of an Article for `--format markdown|text`.
#pragma once

#include <string>

#include "core/article.h"

namespace newstrace::cli {

// Clean markdown: YAML front matter with the metadata, categories and
// notices, then the text with headings (##), list items (-), block quotes (>),
// fenced pre blocks and inline links [text](href).
std::string ToMarkdown(const Article& article);

// The main text, as stored in Article::text.
std::string ToPlainText(const Article& article);

}  // namespace newstrace::cli
