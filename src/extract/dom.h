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

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newstrace::extract {

// Tags that extraction treats specially get their own id; all others are
// kUnknown and keep their name in Node::text.
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

// Lower-case name -> Tag; kUnknown for anything else.
Tag TagFromName(std::string_view lower_name);
std::string_view TagName(Tag tag);  // "" for kUnknown

// Void elements never have children (br, img, meta, ...).
bool IsVoidTag(Tag tag);
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
  void AppendAttribute(uint32_t element, std::string_view name, std::string_view value);
  // Appends text as the last child of `parent`, merging with a preceding text
  // sibling. `text` must already be decoded and must stay alive (see Intern).
  uint32_t AppendText(uint32_t parent, std::string_view text);
  // Copies `s` into the Document's arena; the view stays valid for the
  // Document's lifetime.
  std::string_view Intern(std::string_view s);
  void Reserve(size_t nodes, size_t attributes);

 private:
  std::vector<Node> nodes_;
  std::vector<Attribute> attributes_;
  // Arena: chunks never move once allocated.
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_used_ = 0;
  size_t chunk_size_ = 0;
};

// Limits applied by both parsers to untrusted input.
struct ParseLimits {
  uint32_t max_depth = 256;          // deeper elements are attached at this depth
  uint32_t max_nodes = 2'000'000;    // further content is dropped
  uint32_t max_attribute_bytes = 64 * 1024;  // longer attribute values are truncated
};

}  // namespace newstrace::extract
