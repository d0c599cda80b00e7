// A light HTML tree: what extraction needs and nothing more.
//
// Nodes live in one vector and refer to each other by index; attributes live
// in a second vector, contiguous per element. Comments, doctypes and processing
// instructions are dropped. Text nodes hold entity-decoded UTF-8 text with
// whitespace kept as in the source (extraction collapses it). Tag and attribute
// names are lower-case.
//
// Two builders fill it: ParseHtml (html_parser.h, the fast path) and
// ParseHtmlWithGumbo (html_gumbo.h, the browser-grade oracle for tests).
//
// Lifetime: string_views in nodes and attributes point either into the html
// passed to the parser or into the Document's own arena, so the html must
// outlive the Document. Not thread-safe for writing; const use is.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newstrace::extract {

// Tags that extraction treats specially get their own id; all others are
// kUnknown and keep their name in Node::text.
// clang-format off
enum class Tag : uint8_t {
  kUnknown = 0,
  kA, kAbbr, kAddress, kArea, kArticle, kAside, kAudio, kB, kBase, kBlockquote, kBody, kBr,
  kButton, kCanvas, kCaption, kCenter, kCite, kCode, kCol, kColgroup, kDd, kDel, kDetails,
  kDialog, kDiv, kDl, kDt, kEm, kEmbed, kFieldset, kFigcaption, kFigure, kFont, kFooter, kForm,
  kFrame, kFrameset, kH1, kH2, kH3, kH4, kH5, kH6, kHead, kHeader, kHgroup, kHr, kHtml, kI,
  kIframe, kImg, kInput, kIns, kLabel, kLegend, kLi, kLink, kMain, kMark, kMath, kMenu, kMeta,
  kNav, kNoembed, kNoframes, kNoscript, kObject, kOl, kOptgroup, kOption, kP, kParam, kPicture,
  kPlaintext, kPre, kQ, kRp, kRt, kRuby, kS, kSamp, kScript, kSection, kSelect, kSmall, kSource,
  kSpan, kStrike, kStrong, kStyle, kSub, kSummary, kSup, kSvg, kTable, kTbody, kTd, kTemplate,
  kTextarea, kTfoot, kTh, kThead, kTime, kTitle, kTr, kTrack, kTt, kU, kUl, kVar, kVideo, kWbr,
  kXmp,
  kCount_,
};
// clang-format on

// Lower-case name -> Tag; kUnknown for anything else. Inline (defined below):
// the parsers call it for every tag of every page.
inline Tag TagFromName(std::string_view lower_name);
std::string_view TagName(Tag tag);  // "" for kUnknown

// Void elements never have children (br, img, meta, ...). Inline (defined
// below): the parser's tables are built from it at compile time.
constexpr bool IsVoidTag(Tag tag);
// Elements whose content is raw text, not markup (script, style, textarea, title, ...).
bool IsRawTextTag(Tag tag);

struct Attribute {
  std::string_view name;   // lower-case
  std::string_view value;  // entity-decoded
};

struct Node {
  static constexpr uint32_t kNone = UINT32_MAX;
  enum class Type : uint8_t { kElement, kText };

  Type type = Type::kElement;
  Tag tag = Tag::kUnknown;  // kUnknown for text nodes
  uint32_t parent = kNone;
  uint32_t first_child = kNone;
  uint32_t last_child = kNone;
  uint32_t next_sibling = kNone;
  uint32_t attr_begin = 0;  // elements: [attr_begin, attr_end) in Document attributes
  uint32_t attr_end = 0;
  // Text nodes: the decoded text. Elements with Tag::kUnknown: the lower-case
  // tag name. Other elements: empty.
  std::string_view text;

  bool is_element() const { return type == Type::kElement; }
  bool is_text() const { return type == Type::kText; }
};

class Document {
 public:
  Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  // Node 0 is always the <html> root element.
  static constexpr uint32_t kRoot = 0;
  size_t size() const { return nodes_.size(); }
  const Node& node(uint32_t index) const { return nodes_[index]; }
  std::span<const Node> nodes() const { return nodes_; }

  std::span<const Attribute> attributes(uint32_t element) const;
  // Value of attribute `name` (lower-case) on `element`; empty when absent.
  std::string_view attr(uint32_t element, std::string_view name) const;
  bool has_attr(uint32_t element, std::string_view name) const;
  // The element's tag name ("div", or the stored name for unknown tags).
  std::string_view tag_name(uint32_t element) const;

  // First element in document order with this tag, or kNone.
  uint32_t FindFirst(Tag tag) const;
  // All descendant text of `node` concatenated in document order, skipping
  // script/style/template content. Whitespace is kept as is.
  std::string RawText(uint32_t node) const;

  // --- Building (used by the parsers) ---
  // Appends an element as the last child of `parent` (kNone only for the root).
  // Attributes for it must be added right after, before any other node.
  uint32_t AppendElement(uint32_t parent, Tag tag, std::string_view unknown_name = {});
  // Adds an attribute to `element`, the last element appended; a name already
  // present is ignored (the first occurrence wins, as in browsers).
  void AppendAttribute(uint32_t element, std::string_view name, std::string_view value);
  // Staging, for a tokenizer that reads a tag's attributes before it knows
  // whether an element will take them: StageAttribute adds one after those of
  // the elements, AppendStagedAttributes gives all staged ones to `element`
  // (as AppendAttribute would, in order; on an element that has none yet they
  // are taken in place, without a copy), ClearStagedAttributes drops them.
  // Staged names must be distinct. Elements appended while attributes are
  // staged get none of them.
  void StageAttribute(std::string_view name, std::string_view value) {
    attributes_.push_back({name, value});
  }
  std::span<const Attribute> staged_attributes() const {
    return std::span<const Attribute>(attributes_).subspan(staged_begin_);
  }
  void AppendStagedAttributes(uint32_t element);
  void ClearStagedAttributes() { attributes_.resize(staged_begin_); }
  // Appends text as the last child of `parent`, merging with a preceding text
  // sibling. `text` must already be decoded and must stay alive (see Intern).
  uint32_t AppendText(uint32_t parent, std::string_view text);
  // Copies `s` into the Document's arena; the view stays valid for the
  // Document's lifetime.
  std::string_view Intern(std::string_view s);
  void Reserve(size_t nodes, size_t attributes);

 private:
  // Makes node `index` the last child of `parent`.
  void LinkLastChild(uint32_t parent, uint32_t index);
  // AppendText's merge of `text` into the text node `last`.
  uint32_t MergeText(uint32_t last, std::string_view text);
  // AppendStagedAttributes' case of an element that has attributes already
  // (<html> or <body> seen twice).
  void AppendStagedAttributesOneByOne(uint32_t element);

  std::vector<Node> nodes_;
  std::vector<Attribute> attributes_;
  // attributes_[staged_begin_, end) are staged; the elements' come before.
  size_t staged_begin_ = 0;
  // Arena: chunks never move once allocated.
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_used_ = 0;
  size_t chunk_size_ = 0;
};

namespace internal {

// TagFromName's data. Names of up to kMaxPackedName bytes (all tag names but
// three) are packed little-endian into one integer and looked up in an
// open-addressing table, built at compile time in dom.cc: one multiply and
// integer compares.
constexpr size_t kMaxPackedName = 8;
constexpr size_t kPackedTagSlots = 512;  // under a quarter full

struct PackedTagTable {
  std::array<uint64_t, kPackedTagSlots> keys{};
  std::array<uint8_t, kPackedTagSlots> sizes{};  // 0: empty slot
  std::array<Tag, kPackedTagSlots> tags{};
};
extern const PackedTagTable kPackedTags;

constexpr size_t PackedTagSlot(uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) >> 55; }

// `name` has 1..kMaxPackedName bytes. Names of 4 or more bytes are read as
// two little-endian 4-byte loads, of the first and of the last four bytes:
// where they overlap, both put the same bytes at the same place, so OR-ing
// them gives the packed name without a loop over bytes.
inline uint64_t PackName(std::string_view name) {
  static_assert(std::endian::native == std::endian::little, "PackName reads little-endian");
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

// TagFromName for names longer than kMaxPackedName (dom.cc).
Tag LongTagFromName(std::string_view lower_name);

}  // namespace internal

inline Tag TagFromName(std::string_view lower_name) {
  if (lower_name.size() - 1 >= internal::kMaxPackedName) {  // not 1..kMaxPackedName bytes
    return lower_name.empty() ? Tag::kUnknown : internal::LongTagFromName(lower_name);
  }
  const internal::PackedTagTable& table = internal::kPackedTags;
  const uint64_t key = internal::PackName(lower_name);
  for (size_t slot = internal::PackedTagSlot(key);;
       slot = (slot + 1) & (internal::kPackedTagSlots - 1)) {
    if (table.sizes[slot] == 0) return Tag::kUnknown;
    if (table.keys[slot] == key && table.sizes[slot] == lower_name.size()) return table.tags[slot];
  }
}

constexpr bool IsVoidTag(Tag tag) {
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

// The builders are defined here, inline, because the parsers call them for
// every node and attribute of every page. Nodes are constructed in place
// (emplace_back) rather than built on the stack and copied.

// Inline, with attr and has_attr: extraction asks for the attributes of most
// elements it walks.
inline std::span<const Attribute> Document::attributes(uint32_t element) const {
  const Node& n = nodes_[element];
  return {attributes_.data() + n.attr_begin, n.attr_end - n.attr_begin};
}

inline std::string_view Document::attr(uint32_t element, std::string_view name) const {
  for (const Attribute& a : attributes(element)) {
    if (a.name == name) return a.value;
  }
  return {};
}

inline bool Document::has_attr(uint32_t element, std::string_view name) const {
  for (const Attribute& a : attributes(element)) {
    if (a.name == name) return true;
  }
  return false;
}

inline void Document::LinkLastChild(uint32_t parent, uint32_t index) {
  Node& p = nodes_[parent];
  if (p.last_child == Node::kNone) {
    p.first_child = index;
  } else {
    nodes_[p.last_child].next_sibling = index;
  }
  p.last_child = index;
}

inline uint32_t Document::AppendElement(uint32_t parent, Tag tag, std::string_view unknown_name) {
  const auto index = static_cast<uint32_t>(nodes_.size());
  const auto attr = static_cast<uint32_t>(staged_begin_);
  Node& n = nodes_.emplace_back();
  n.tag = tag;
  n.parent = parent;
  n.attr_begin = n.attr_end = attr;
  if (tag == Tag::kUnknown) n.text = unknown_name;
  if (parent != Node::kNone) LinkLastChild(parent, index);
  return index;
}

inline void Document::AppendAttribute(uint32_t element, std::string_view name,
                                      std::string_view value) {
  Node& n = nodes_[element];
  if (n.attr_end != attributes_.size()) return;  // contract: only right after AppendElement
  // (and with nothing staged: then attributes_.size() == staged_begin_).
  for (uint32_t i = n.attr_begin; i < n.attr_end; ++i) {
    // Compared a byte at a time: names are short, and a memcmp call in this
    // loop makes the parser spill its registers around it.
    const std::string_view other = attributes_[i].name;
    if (other.size() != name.size()) continue;
    size_t k = 0;
    while (k < name.size() && other[k] == name[k]) ++k;
    if (k == name.size()) return;
  }
  attributes_.push_back({name, value});
  ++n.attr_end;
  ++staged_begin_;
}

inline void Document::AppendStagedAttributes(uint32_t element) {
  if (staged_begin_ == attributes_.size()) return;
  Node& n = nodes_[element];
  if (n.attr_begin == staged_begin_ && n.attr_end == staged_begin_) {
    n.attr_end = static_cast<uint32_t>(attributes_.size());
    staged_begin_ = attributes_.size();
    return;
  }
  AppendStagedAttributesOneByOne(element);
}

inline uint32_t Document::AppendText(uint32_t parent, std::string_view text) {
  const uint32_t last = nodes_[parent].last_child;
  if (last != Node::kNone && nodes_[last].is_text()) return MergeText(last, text);
  const auto index = static_cast<uint32_t>(nodes_.size());
  Node& n = nodes_.emplace_back();
  n.type = Node::Type::kText;
  n.parent = parent;
  n.text = text;
  LinkLastChild(parent, index);
  return index;
}

// Limits applied by both parsers to untrusted input.
struct ParseLimits {
  uint32_t max_depth = 256;                  // deeper elements are attached at this depth
  uint32_t max_nodes = 2'000'000;            // further content is dropped
  uint32_t max_attribute_bytes = 64 * 1024;  // longer attribute values are truncated
};

}  // namespace newstrace::extract
