// TextBlock: one block of visible text as the HTML and markdown paths both
// produce it, before assembly into an Article (extract.h).
#pragma once

#include <string>
#include <vector>

#include "core/article.h"

namespace newstrace::extract {

struct TextBlock {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;          // UTF-8, whitespace collapsed, no leading/trailing space
  std::vector<Link> links;   // begin/end are offsets into `text`
  int heading_level = 0;     // 1..6 for headings
  bool emphasized = false;   // the whole block is italic/bold (leads, notes, bios)
};

}  // namespace newstrace::extract
