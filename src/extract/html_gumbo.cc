#include "extract/html_gumbo.h"

#include <gumbo.h>

#include <string>
#include <vector>

namespace newstrace::extract {
namespace {

Tag TagOf(const GumboElement& element, std::string& name_buf) {
  name_buf.clear();
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    name_buf = gumbo_normalized_tagname(element.tag);
  } else {
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    name_buf.assign(piece.data, piece.length);
    for (char& c : name_buf) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return TagFromName(name_buf);
}

}  // namespace

Document ParseHtmlWithGumbo(std::string_view html, const ParseLimits& limits) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  Document doc;
  // Iterative walk: gumbo node, parent index in doc, depth.
  struct Item {
    const GumboNode* node;
    uint32_t parent;
    uint32_t depth;
  };
  std::vector<Item> stack;
  std::string name;
  const GumboNode* root = output->root;
  Tag root_tag = TagOf(root->v.element, name);
  uint32_t root_index = doc.AppendElement(Node::kNone, root_tag, doc.Intern(name));
  for (unsigned i = 0; i < root->v.element.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(root->v.element.attributes.data[i]);
    doc.AppendAttribute(root_index, doc.Intern(a->name), doc.Intern(a->value));
  }
  const GumboVector& root_children = root->v.element.children;
  for (unsigned i = root_children.length; i > 0; --i) {
    stack.push_back({static_cast<const GumboNode*>(root_children.data[i - 1]), root_index, 1});
  }
  while (!stack.empty() && doc.size() < limits.max_nodes) {
    Item item = stack.back();
    stack.pop_back();
    const GumboNode* n = item.node;
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        doc.AppendText(item.parent, doc.Intern(n->v.text.text));
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        uint32_t parent = item.parent;
        uint32_t depth = item.depth;
        uint32_t index = parent;
        if (depth < limits.max_depth) {
          Tag tag = TagOf(n->v.element, name);
          index = doc.AppendElement(parent, tag, tag == Tag::kUnknown ? doc.Intern(name) : "");
          for (unsigned i = 0; i < n->v.element.attributes.length; ++i) {
            auto* a = static_cast<const GumboAttribute*>(n->v.element.attributes.data[i]);
            std::string_view value(a->value);
            if (value.size() > limits.max_attribute_bytes) {
              value = value.substr(0, limits.max_attribute_bytes);
            }
            doc.AppendAttribute(index, doc.Intern(a->name), doc.Intern(value));
          }
          ++depth;
        }
        const GumboVector& children = n->v.element.children;
        for (unsigned i = children.length; i > 0; --i) {
          stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), index, depth});
        }
        break;
      }
      default:
        break;  // comments, document
    }
  }
  gumbo_destroy_output(&options, output);
  return doc;
}

}  // namespace newstrace::extract
