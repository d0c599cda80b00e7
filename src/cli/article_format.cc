#include "cli/article_format.h"

#include <nlohmann/json.hpp>

namespace newstrace::cli {
namespace {

// YAML scalars are written as JSON strings, which YAML 1.2 accepts as is.
std::string Quote(const std::string& s) { return nlohmann::json(s).dump(); }

void Field(std::string& out, const char* key, const std::string& value) {
  if (value.empty()) return;
  out += key;
  out += ": ";
  out += Quote(value);
  out += '\n';
}

// The block's text with its links written as [text](href).
std::string WithLinks(const Article& a, const Block& block) {
  std::string out;
  uint32_t pos = block.begin;
  for (const Link& l : a.links) {
    if (l.begin < pos || l.end > block.end || l.begin >= l.end) continue;
    out.append(a.text, pos, l.begin - pos);
    out += '[';
    out.append(a.text, l.begin, l.end - l.begin);
    out += "](";
    out += l.href;
    out += ')';
    pos = l.end;
  }
  out.append(a.text, pos, block.end - pos);
  return out;
}

// Continues a block's hard line breaks with `prefix` (quote marks, list indent).
std::string Indent(const std::string& body, std::string_view prefix) {
  std::string out;
  for (char c : body) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

}  // namespace

std::string ToMarkdown(const Article& a) {
  std::string out = "---\n";
  Field(out, "title", a.title);
  if (!a.authors.empty()) {
    out += "authors:\n";
    for (const auto& name : a.authors) out += "  - " + Quote(name) + "\n";
  }
  Field(out, "published", a.published);
  Field(out, "modified", a.modified);
  Field(out, "publisher", a.publisher);
  Field(out, "site", a.site);
  Field(out, "url", a.url);
  Field(out, "canonical_url", a.canonical_url);
  Field(out, "language", a.language);
  Field(out, "source", a.source);
  if (!a.categories.empty()) {
    out += "categories:\n";
    for (const auto& c : a.categories) {
      out += "  - {scheme: " + Quote(c.scheme) + ", label: " + Quote(c.label) + "}\n";
    }
  }
  if (!a.notices.empty()) {
    out += "notices:\n";
    for (const auto& n : a.notices) {
      out += "  - kind: " + std::string(ToString(n.kind)) + "\n";
      if (!n.target.empty()) out += "    target: " + Quote(n.target) + "\n";
      out += "    text: " + Quote(n.text) + "\n";
    }
  }
  out += "---\n\n";
  if (!a.title.empty()) out += "# " + a.title + "\n\n";
  for (const Block& b : a.blocks) {
    std::string body = WithLinks(a, b);
    switch (b.kind) {
      case BlockKind::kHeading:
        out += "## " + body;
        break;
      case BlockKind::kListItem:
        out += "- " + Indent(body, "  ");
        break;
      case BlockKind::kBlockquote:
        out += "> " + Indent(body, "> ");
        break;
      case BlockKind::kPre:
        out += "```\n" + a.text.substr(b.begin, b.end - b.begin) + "\n```";
        break;
      case BlockKind::kCaption:
        out += "*" + body + "*";
        break;
      default:
        out += body;
        break;
    }
    out += "\n\n";
  }
  return out;
}

std::string ToPlainText(const Article& a) { return a.text + "\n"; }

}  // namespace newstrace::cli
