// Language identification (cld2).
#pragma once

#include <string>
#include <string_view>

namespace newstrace::text {

// ISO 639-1 code ("en", "de", ...) of UTF-8 `text`, or "" when unreliable.
// `hint` is a declared language ("en-US", "de") used as a tie-breaker.
// Thread-safe.
std::string DetectLanguage(std::string_view text, std::string_view hint = {});

}  // namespace newstrace::text
