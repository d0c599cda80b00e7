#include "core/article.h"

#include <array>
#include <utility>

namespace newstrace {
namespace {

constexpr std::array<std::pair<BlockKind, std::string_view>, 7> kBlockNames{{
    {BlockKind::kHeading, "heading"},
    {BlockKind::kParagraph, "paragraph"},
    {BlockKind::kListItem, "list_item"},
    {BlockKind::kBlockquote, "blockquote"},
    {BlockKind::kTable, "table"},
    {BlockKind::kCaption, "caption"},
    {BlockKind::kPre, "pre"},
}};

constexpr std::array<std::pair<NoticeKind, std::string_view>, 8> kNoticeNames{{
    {NoticeKind::kOriginallyPublished, "originally_published"},
    {NoticeKind::kRepublishTerms, "republish_terms"},
    {NoticeKind::kDisclaimer, "disclaimer"},
    {NoticeKind::kSharePrompt, "share_prompt"},
    {NoticeKind::kCopyright, "copyright"},
    {NoticeKind::kAuthorBio, "author_bio"},
    {NoticeKind::kCorrection, "correction"},
    {NoticeKind::kEditorNote, "editor_note"},
}};

template <typename Kind, size_t N>
std::string_view NameOf(const std::array<std::pair<Kind, std::string_view>, N>& table, Kind kind) {
  for (const auto& [k, name] : table) {
    if (k == kind) return name;
  }
  return "unknown";
}

template <typename Kind, size_t N>
std::optional<Kind> KindOf(const std::array<std::pair<Kind, std::string_view>, N>& table,
                           std::string_view name) {
  for (const auto& [k, n] : table) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(BlockKind kind) { return NameOf(kBlockNames, kind); }
std::optional<BlockKind> BlockKindFromString(std::string_view name) {
  return KindOf(kBlockNames, name);
}
std::string_view ToString(NoticeKind kind) { return NameOf(kNoticeNames, kind); }
std::optional<NoticeKind> NoticeKindFromString(std::string_view name) {
  return KindOf(kNoticeNames, name);
}

}  // namespace newstrace
