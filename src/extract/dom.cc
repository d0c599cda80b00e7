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

// Names of up to 8 bytes (all but three tag names) packed little-endian into
// one integer, looked up in an open-addressing table by one multiply and
// integer compares: TagFromName runs for every tag in every page.
constexpr size_t kMaxPackedName = 8;

// `name` has 1..kMaxPackedName bytes. Names of 4 or more bytes are read as
// two little-endian 4-byte loads, of the first and of the last four bytes:
// where they overlap, both put the same bytes at the same place, so OR-ing
// them gives the packed name without a loop over bytes.
uint64_t PackName(std::string_view name) {
  const size_t n = name.size();
  const char* p = name.data();
  if (n >= 4) {
    uint32_t head;
    uint32_t tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    return static_cast<uint64_t>(head) | static_cast<uint64_t>(tail) << (8 * (n - 4));
  }
  uint64_t key = static_cast<unsigned char>(p[0]);
  if (n >= 2) key |= static_cast<uint64_t>(static_cast<unsigned char>(p[1])) << 8;
  if (n == 3) key |= static_cast<uint64_t>(static_cast<unsigned char>(p[2])) << 16;
  return key;
}

class PackedTagTable {
 public:
  PackedTagTable() {
    for (size_t i = 1; i < kTagNames.size(); ++i) {
      std::string_view name = kTagNames[i];
      if (name.size() > kMaxPackedName) continue;
      size_t slot = Slot(PackName(name));
      while (sizes_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
      keys_[slot] = PackName(name);
      sizes_[slot] = static_cast<uint8_t>(name.size());
      tags_[slot] = static_cast<Tag>(i);
    }
  }

  // `name` has 1..kMaxPackedName bytes.
  Tag Find(std::string_view name) const {
    const uint64_t key = PackName(name);
    for (size_t slot = Slot(key);; slot = (slot + 1) & (kSlots - 1)) {
      if (sizes_[slot] == 0) return Tag::kUnknown;
      if (keys_[slot] == key && sizes_[slot] == name.size()) return tags_[slot];
    }
  }

 private:
  static constexpr size_t kSlots = 512;  // under a quarter full
  static size_t Slot(uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) >> 55; }

  std::array<uint64_t, kSlots> keys_{};
  std::array<uint8_t, kSlots> sizes_{};  // 0: empty slot
  std::array<Tag, kSlots> tags_{};
};

const PackedTagTable& ShortTagTable() {
  static const PackedTagTable table;
  return table;
}

constexpr size_t kFirstChunkSize = 4096;

}  // namespace

Tag TagFromName(std::string_view lower_name) {
  if (lower_name.empty()) return Tag::kUnknown;
  if (lower_name.size() <= kMaxPackedName) return ShortTagTable().Find(lower_name);
  int index = TagTable().Find(lower_name);
  return index == StringTable<256>::kMissing ? Tag::kUnknown : static_cast<Tag>(index);
}

std::string_view TagName(Tag tag) {
  auto i = static_cast<size_t>(tag);
  return i < kTagNames.size() ? kTagNames[i] : std::string_view();
}

bool IsVoidTag(Tag tag) {
  switch (tag) {
    case Tag::kArea:
    case Tag::kBase:
    case Tag::kBr:
    case Tag::kCol:
    case Tag::kEmbed:
    case Tag::kHr:
    case Tag::kImg:
    case Tag::kInput:
    case Tag::kLink:
    case Tag::kMeta:
    case Tag::kParam:
    case Tag::kSource:
    case Tag::kTrack:
    case Tag::kWbr:
    case Tag::kFrame:
      return true;
    default:
      return false;
  }
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

std::span<const Attribute> Document::attributes(uint32_t element) const {
  const Node& n = nodes_[element];
  return std::span<const Attribute>(attributes_).subspan(n.attr_begin, n.attr_end - n.attr_begin);
}

std::string_view Document::attr(uint32_t element, std::string_view name) const {
  for (const Attribute& a : attributes(element)) {
    if (a.name == name) return a.value;
  }
  return {};
}

bool Document::has_attr(uint32_t element, std::string_view name) const {
  for (const Attribute& a : attributes(element)) {
    if (a.name == name) return true;
  }
  return false;
}

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

uint32_t Document::AppendElement(uint32_t parent, Tag tag, std::string_view unknown_name) {
  auto index = static_cast<uint32_t>(nodes_.size());
  Node n;
  n.type = Node::Type::kElement;
  n.tag = tag;
  n.parent = parent;
  n.attr_begin = n.attr_end = static_cast<uint32_t>(attributes_.size());
  if (tag == Tag::kUnknown) n.text = unknown_name;
  nodes_.push_back(n);
  if (parent != Node::kNone) {
    Node& p = nodes_[parent];
    if (p.last_child == Node::kNone) {
      p.first_child = index;
    } else {
      nodes_[p.last_child].next_sibling = index;
    }
    p.last_child = index;
  }
  return index;
}

void Document::AppendAttribute(uint32_t element, std::string_view name, std::string_view value) {
  Node& n = nodes_[element];
  if (n.attr_end != attributes_.size()) return;  // contract: only right after AppendElement
  for (uint32_t i = n.attr_begin; i < n.attr_end; ++i) {
    if (attributes_[i].name == name) return;  // first occurrence wins, as in browsers
  }
  attributes_.push_back({name, value});
  n.attr_end = static_cast<uint32_t>(attributes_.size());
}

uint32_t Document::AppendText(uint32_t parent, std::string_view text) {
  Node& p = nodes_[parent];
  if (p.last_child != Node::kNone && nodes_[p.last_child].is_text()) {
    Node& prev = nodes_[p.last_child];
    // Merge adjacent text: contiguous views in the same buffer extend in place.
    if (prev.text.data() + prev.text.size() == text.data()) {
      prev.text = std::string_view(prev.text.data(), prev.text.size() + text.size());
    } else {
      std::string merged;
      merged.reserve(prev.text.size() + text.size());
      merged.append(prev.text).append(text);
      prev.text = Intern(merged);
    }
    return p.last_child;
  }
  auto index = static_cast<uint32_t>(nodes_.size());
  Node n;
  n.type = Node::Type::kText;
  n.parent = parent;
  n.text = text;
  nodes_.push_back(n);
  Node& pp = nodes_[parent];
  if (pp.last_child == Node::kNone) {
    pp.first_child = index;
  } else {
    nodes_[pp.last_child].next_sibling = index;
  }
  pp.last_child = index;
  return index;
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
