// Site taxonomy lines and bylines found in visible text: "Region: Middle East",
// "Theme: A, B, C", "Tags: x, y", "In-depth Report: IRAN: THE NEXT WAR?",
// "By Tony Cartalucci", "Global Research, January 16, 2020".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "extract/blocks.h"

namespace newstrace::extract {

// Categories from a labelled taxonomy block ("Label: value, value"), using the
// block's links to split values when present. nullopt when the block is not a
// taxonomy line. The scheme is the label as written ("Region", "Theme",
// "In-depth Report"); "Tags"/"Filed under"/"Topics" map to scheme "tag",
// "Section"/"Category" to "section". A single block may carry several labels
// on separate lines.
std::optional<std::vector<Category>> ParseTaxonomy(const TextBlock& block);

struct Byline {
  std::vector<std::string> authors;  // names without "By", roles, or site names
  std::string publisher;             // "Global Research" in "Global Research, January 16, 2020"
  std::string date;                  // ISO 8601 when the line carries a date
};

// A byline or dateline block: "By A and B", "By A, Reuters", "Written by A |
// March 3, 2021", "Global Research, January 16, 2020", "Articles by: A".
// nullopt for ordinary text (long blocks never are bylines).
std::optional<Byline> ParseByline(const TextBlock& block);

}  // namespace newstrace::extract
