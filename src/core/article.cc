#include "core/article.h"

#include <array>
#include <utility>

#include "core/enum_names.h"

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
