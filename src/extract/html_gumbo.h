// The browser-grade HTML5 parse (gumbo), converted into a Document. Slow
// (about 26 MB/s); used as the oracle in differential tests and fuzzing of
// ParseHtml, and available as a fallback. The Document owns all its strings.
#pragma once

#include <string_view>

#include "extract/dom.h"

namespace newstrace::extract {

Document ParseHtmlWithGumbo(std::string_view html, const ParseLimits& limits = {});

}  // namespace newstrace::extract
