// Test helpers: canonical serialisations of a Document used to hold ParseHtml
// to ParseHtmlWithGumbo (html_parser_test.cc, fuzz/html_fuzz.cc). Not part of
// the library.
//
// VisibleTextForTest: the text a reader sees, in document order, skipping
// <head>, script, style and template content; whitespace runs collapse to one
// space and block-level element boundaries become one '\n'. Invalid UTF-8 is
// replaced by U+FFFD (one per maximal invalid subsequence), because gumbo
// decodes input that way while ParseHtml passes bytes through.
//
// KeyAttributesForTest: one line per <meta>, <link>, <a href> and <time>
// element in document order: the tag and its attributes sorted by name.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/dom.h"

namespace newstrace::extract {

// Replaces invalid UTF-8 (WHATWG decoder rules) by U+FFFD; CR and NUL kept.
inline std::string SanitizeUtf8ForTest(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    size_t j = i + 1;
    size_t got = 0;
    while (got < need && j < s.size()) {
      auto d = static_cast<unsigned char>(s[j]);
      if (d < lo || d > hi) break;
      lo = 0x80;
      hi = 0xBF;
      ++j;
      ++got;
    }
    if (need > 0 && got == need) {
      out.append(s.substr(i, j - i));
    } else {
      out.append("\xEF\xBF\xBD");
    }
    i = j;
  }
  return out;
}

inline bool IsBlockForTest(Tag tag) {
  switch (tag) {
    case Tag::kP:
    case Tag::kDiv:
    case Tag::kLi:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kTr:
    case Tag::kTable:
    case Tag::kUl:
    case Tag::kOl:
    case Tag::kBlockquote:
    case Tag::kPre:
    case Tag::kSection:
    case Tag::kArticle:
    case Tag::kHeader:
    case Tag::kFooter:
    case Tag::kNav:
    case Tag::kAside:
    case Tag::kBr:
    case Tag::kFigure:
    case Tag::kFigcaption:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kDd:
    case Tag::kForm:
    case Tag::kHr:
    case Tag::kMain:
      return true;
    default:
      return false;
  }
}

inline std::string VisibleTextForTest(const Document& doc) {
  std::string out;
  bool pending_space = false;
  bool pending_block = false;
  auto block = [&] {
    pending_block = true;
    pending_space = false;
  };
  auto text = [&](std::string_view t) {
    for (char c : t) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
        if (!pending_block && !out.empty()) pending_space = true;
        continue;
      }
      if (pending_block) {
        if (!out.empty()) out.push_back('\n');
      } else if (pending_space) {
        out.push_back(' ');
      }
      pending_block = pending_space = false;
      out.push_back(c);
    }
  };
  if (doc.size() == 0) return out;
  // Iterative pre-order walk with an explicit "leaving" step for blocks.
  std::vector<std::pair<uint32_t, bool>> stack = {{Document::kRoot, false}};
  while (!stack.empty()) {
    auto [index, leaving] = stack.back();
    stack.pop_back();
    const Node& n = doc.node(index);
    if (leaving) {
      block();
      continue;
    }
    if (n.is_text()) {
      text(n.text);
      continue;
    }
    if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate ||
        n.tag == Tag::kHead) {
      continue;
    }
    bool is_block = IsBlockForTest(n.tag);
    if (is_block) {
      block();
      stack.push_back({index, true});
    }
    std::vector<uint32_t> children;
    for (uint32_t c = n.first_child; c != Node::kNone; c = doc.node(c).next_sibling) {
      children.push_back(c);
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, false});
  }
  return SanitizeUtf8ForTest(out);
}

inline std::string KeyAttributesForTest(const Document& doc) {
  std::string out;
  for (uint32_t i = 0; i < doc.size(); ++i) {
    const Node& n = doc.node(i);
    if (!n.is_element()) continue;
    bool key = n.tag == Tag::kMeta || n.tag == Tag::kLink || n.tag == Tag::kTime ||
               (n.tag == Tag::kA && doc.has_attr(i, "href"));
    if (!key) continue;
    std::vector<std::pair<std::string_view, std::string_view>> attrs;
    for (const Attribute& a : doc.attributes(i)) attrs.emplace_back(a.name, a.value);
    std::sort(attrs.begin(), attrs.end());
    out.append(TagName(n.tag));
    for (const auto& [name, value] : attrs) {
      out.append(" ").append(name).append("=\"").append(value).append("\"");
    }
    out.push_back('\n');
  }
  return SanitizeUtf8ForTest(out);
}

}  // namespace newstrace::extract
