#include "text/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <string>

namespace newstrace::text {
namespace {

// CLD2 reads at most this much; more text does not change the verdict of a
// news article and only costs time.
constexpr size_t kMaxBytes = 64 * 1024;

// The primary subtag of a declared language, lower-case: "en-US" -> "en",
// "pt_BR" -> "pt". Empty when it is not 2-3 ASCII letters.
std::string PrimarySubtag(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c < 'a' || c > 'z') return {};
    out.push_back(c);
  }
  if (out.size() < 2 || out.size() > 3) return {};
  return out;
}

// CLD2 codes that are not the ISO 639-1 ones, and region/script suffixes.
std::string ToIso639(const char* code) {
  std::string out = code ? code : "";
  if (size_t dash = out.find('-'); dash != std::string::npos) out.resize(dash);
  if (out == "iw") return "he";
  if (out == "jw") return "jv";
  if (out == "in") return "id";
  if (out == "un" || out == "xxx" || out.empty()) return {};
  return out;
}

// Cuts at a UTF-8 character boundary so CLD2 never sees a split character.
size_t Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace

std::string DetectLanguage(std::string_view text, std::string_view hint) {
  const size_t length = Utf8Prefix(text, kMaxBytes);
  if (length == 0) return {};

  const std::string hint_code = PrimarySubtag(hint);
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (!hint_code.empty()) {
    hints.content_language_hint = hint_code.c_str();
    hints.language_hint = CLD2::GetLanguageFromName(hint_code.c_str());
  }

  CLD2::Language language3[3];
  int percent3[3];
  double normalized_score3[3];
  int text_bytes = 0;
  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  // The CheckUTF8 variant: article text comes from arbitrary pages, and CLD2
  // must not be fed invalid UTF-8.
  CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(length), /*is_plain_text=*/true, &hints, /*flags=*/0, language3,
      percent3, normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes, &is_reliable,
      &valid_prefix_bytes);
  // Invalid UTF-8 makes CLD2 give up at once; judge the valid prefix instead
  // when it is long enough to say anything.
  if (valid_prefix_bytes >= 0 && static_cast<size_t>(valid_prefix_bytes) < length &&
      valid_prefix_bytes >= 64) {
    language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text.data(), valid_prefix_bytes, /*is_plain_text=*/true, &hints, /*flags=*/0, language3,
        percent3, normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes, &is_reliable,
        &valid_prefix_bytes);
  }
  if (!is_reliable || language == CLD2::UNKNOWN_LANGUAGE) return {};
  return ToIso639(CLD2::LanguageCode(language));
}

}  // namespace newstrace::text
