// Markdown and plain-text dumps of pages (like the seed article) into
// TextBlocks: ATX/setext headings, paragraphs, list items, block quotes,
// fenced/indented code (pre), tables; inline links [text](href) become Links
// with offsets into the block text; emphasis markers, escapes and images are
// removed. Plain text: paragraphs are separated by blank lines, text kept as is.
#pragma once

#include <string_view>
#include <vector>

#include "extract/blocks.h"

namespace newstrace::extract {

std::vector<TextBlock> ParseMarkdownBlocks(std::string_view markdown);

// Plain text: one paragraph per blank-line-separated chunk. Offsets of the
// returned blocks relative to the input are kept in TextBlock order so that
// the assembled Article::text equals the input's paragraphs.
std::vector<TextBlock> ParsePlainTextBlocks(std::string_view text);

}  // namespace newstrace::extract
