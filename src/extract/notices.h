// Notices: page text that is about the article rather than part of it
// ("originally published at ...", republishing terms, disclaimers, share
// prompts, copyright and fair-use statements, author bios, corrections,
// editor's notes). Recognised by their wording, in English first.
#pragma once

#include <optional>
#include <string_view>

#include "core/article.h"
#include "extract/blocks.h"

namespace newstrace::extract {

// The notice this block is, or nullopt when it is ordinary text. `target` is
// the outlet or URL the notice names (e.g. "New Eastern Outlook" for "... for
// the online magazine "New Eastern Outlook" where this article was originally
// published"); `target_url` the link inside the notice that points at it.
// A block that is both an author bio and an originally-published notice is
// reported as originally_published (the stronger provenance signal).
std::optional<Notice> ClassifyNotice(const TextBlock& block);

// Some blocks carry several notices (a disclaimer paragraph that also states
// republishing terms and a copyright line). Returns every notice found, split
// by sentence where the kinds differ; empty when none.
std::vector<Notice> ClassifyNotices(const TextBlock& block);

}  // namespace newstrace::extract
