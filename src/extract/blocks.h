// TextBlock: one block of visible text as the HTML and markdown paths both
// produce it, before assembly into an Article (extract.h).
#pragma once

#include <string>
#include <vector>

#include "core/article.h"

namespace newstrace::extract {

struct TextBlock {
  BlockKind kind = BlockKind::kParagraph;
  // UTF-8, whitespace collapsed, no leading/trailing whitespace. May contain
  // '\n' only where the source had an explicit hard line break (markdown
  // "  \n" or "\\\n", HTML <br>): one '\n', never next to a space. kTable:
  // rows separated by '\n', cells by " | ". kPre: the text verbatim.
  std::string text;
  std::vector<Link> links;  // begin/end are offsets into `text`
  int heading_level = 0;    // 1..6 for headings
  bool emphasized = false;  // the whole block is italic/bold (leads, notes, bios)
  bool operator==(const TextBlock&) const = default;
};

}  // namespace newstrace::extract
