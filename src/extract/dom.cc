#include "extract/dom.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/string_table.h"

namespace newstrace::extract {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(Tag::kCount_)> kTagNames = {
    "",         "a",        "abbr",     "address",    "area",      "article", "aside",
    "audio",    "b",        "base",     "blockquote", "body",      "br",      "button",
    "canvas",   "caption",  "center",   "cite",       "code",      "col",     "colgroup",
    "dd",       "del",      "details",  "dialog",     "div",       "dl",      "dt",
    "em",       "embed",    "fieldset", "figcaption", "figure",    "font",    "footer",
    "form",     "frame",    "frameset", "h1",         "h2",        "h3",      "h4",
    "h5",       "h6",       "head",     "header",     "hgroup",    "hr",      "html",
    "i",        "iframe",   "img",      "input",      "ins",       "label",   "legend",
    "li",       "link",     "main",     "mark",       "math",      "menu",    "meta",
    "nav",      "noembed",  "noframes", "noscript",   "object",    "ol",      "optgroup",
    "option",   "p",        "param",    "picture",    "plaintext", "pre",     "q",
    "rp",       "rt",       "ruby",     "s",          "samp",      "script",  "section",
    "select",   "small",    "source",   "span",       "strike",    "strong",  "style",
    "sub",      "summary",  "sup",      "svg",        "table",     "tbody",   "td",
    "template", "textarea", "tfoot",    "th",         "thead",     "time",    "title",
    "tr",       "track",    "tt",       "u",          "ul",        "var",     "video",
    "wbr",      "xmp",
};

const StringTable<256>& TagTable() {
  static const StringTable<256> table = [] {
    StringTable<256> t;
    for (size_t i = 1; i < kTagNames.size(); ++i) t.Insert(kTagNames[i], static_cast<int>(i));
    return t;
  }();
  return table;
}

// PackName's value, computed a byte at a time so that the table can be built
// at compile time (memcpy is not constexpr).
constexpr uint64_t PackNameConstexpr(std::string_view name) {
  uint64_t key = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    key |= static_cast<uint64_t>(static_cast<unsigned char>(name[i])) << (8 * i);
  }
  return key;
}

constexpr internal::PackedTagTable BuildPackedTags() {
  internal::PackedTagTable table;
  for (size_t i = 1; i < kTagNames.size(); ++i) {
    std::string_view name = kTagNames[i];
    if (name.size() > internal::kMaxPackedName) continue;
    const uint64_t key = PackNameConstexpr(name);
    size_t slot = internal::PackedTagSlot(key);
    while (table.sizes[slot] != 0) slot = (slot + 1) & (internal::kPackedTagSlots - 1);
    table.keys[slot] = key;
    table.sizes[slot] = static_cast<uint8_t>(name.size());
    table.tags[slot] = static_cast<Tag>(i);
  }
  return table;
}

constexpr size_t kFirstChunkSize = 4096;

}  // namespace

namespace internal {

// Built at compile time: data in the binary, with no initialisation guard.
constinit const PackedTagTable kPackedTags = BuildPackedTags();

Tag LongTagFromName(std::string_view lower_name) {
  int index = TagTable().Find(lower_name);
  return index == StringTable<256>::kMissing ? Tag::kUnknown : static_cast<Tag>(index);
}

}  // namespace internal

std::string_view TagName(Tag tag) {
  auto i = static_cast<size_t>(tag);
  return i < kTagNames.size() ? kTagNames[i] : std::string_view();
}

bool IsRawTextTag(Tag tag) {
  switch (tag) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kTextarea:
    case Tag::kTitle:
    case Tag::kXmp:
    case Tag::kIframe:
    case Tag::kNoembed:
    case Tag::kNoframes:
    case Tag::kPlaintext:
      return true;
    default:
      return false;
  }
}

Document::Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

std::string_view Document::tag_name(uint32_t element) const {
  const Node& n = nodes_[element];
  return n.tag == Tag::kUnknown ? n.text : TagName(n.tag);
}

uint32_t Document::FindFirst(Tag tag) const {
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].is_element() && nodes_[i].tag == tag) return i;
  }
  return Node::kNone;
}

std::string Document::RawText(uint32_t node) const {
  std::string out;
  // Iterative pre-order walk bounded to the subtree.
  uint32_t cur = node;
  while (cur != Node::kNone) {
    const Node& n = nodes_[cur];
    bool skip = n.is_element() &&
                (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate);
    if (n.is_text()) out.append(n.text);
    if (!skip && n.first_child != Node::kNone) {
      cur = n.first_child;
      continue;
    }
    while (cur != node && nodes_[cur].next_sibling == Node::kNone) cur = nodes_[cur].parent;
    if (cur == node) break;
    cur = nodes_[cur].next_sibling;
  }
  return out;
}

void Document::AppendStagedAttributesOneByOne(uint32_t element) {
  const std::vector<Attribute> staged(attributes_.begin() + staged_begin_, attributes_.end());
  ClearStagedAttributes();
  for (const Attribute& a : staged) AppendAttribute(element, a.name, a.value);
}

uint32_t Document::MergeText(uint32_t last, std::string_view text) {
  Node& prev = nodes_[last];
  // Contiguous views in the same buffer extend in place.
  if (prev.text.data() + prev.text.size() == text.data()) {
    prev.text = std::string_view(prev.text.data(), prev.text.size() + text.size());
  } else {
    std::string merged;
    merged.reserve(prev.text.size() + text.size());
    merged.append(prev.text).append(text);
    prev.text = Intern(merged);
  }
  return last;
}

std::string_view Document::Intern(std::string_view s) {
  if (s.empty()) return {};
  if (chunks_.empty() || chunk_used_ + s.size() > chunk_size_) {
    size_t size = std::max(s.size(), chunks_.empty() ? kFirstChunkSize : chunk_size_ * 2);
    size = std::min<size_t>(std::max(size, s.size()), std::max<size_t>(s.size(), 1 << 20));
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    chunk_size_ = size;
    chunk_used_ = 0;
  }
  char* dst = chunks_.back().get() + chunk_used_;
  std::memcpy(dst, s.data(), s.size());
  chunk_used_ += s.size();
  return std::string_view(dst, s.size());
}

void Document::Reserve(size_t nodes, size_t attributes) {
  nodes_.reserve(nodes);
  attributes_.reserve(attributes);
}

}  // namespace newstrace::extract
