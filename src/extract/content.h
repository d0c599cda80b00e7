// Main content: which parts of a page are the article, which are boilerplate.
//
// Scores candidate containers by their paragraph text (length, punctuation,
// link density), takes the best with its related siblings, drops navigation,
// ads, share bars, related links and comments by structure and class/id
// names, and emits the remaining text as TextBlocks in document order.
// The blocks after the main text that may carry notices (bios, disclaimers,
// "originally published") are returned apart for notice classification.
#pragma once

#include <string_view>
#include <vector>

#include "extract/blocks.h"
#include "extract/dom.h"

namespace newstrace::extract {

struct Content {
  std::vector<TextBlock> main;  // the article body, in order
  // Boilerplate near the body: bylines, taxonomy, notices. Its link hrefs are
  // as written in the page, not resolved (most of these blocks are dropped
  // unread): ResolveLinks before reading them.
  std::vector<TextBlock> secondary;
};

// `base_url` resolves the relative hrefs of `main` (may be empty).
Content FindMainContent(const Document& doc, std::string_view base_url);

// Resolves the hrefs of `block`'s links against `base_url`, as
// FindMainContent does for the main blocks.
void ResolveLinks(TextBlock& block, std::string_view base_url);

}  // namespace newstrace::extract
