#include "extract/dom.h"

#include <gtest/gtest.h>

#include <string>

namespace newstrace::extract {
namespace {

TEST(DomTest, TagNamesRoundTrip) {
  for (size_t i = 1; i < static_cast<size_t>(Tag::kCount_); ++i) {
    auto tag = static_cast<Tag>(i);
    EXPECT_EQ(TagFromName(TagName(tag)), tag) << TagName(tag);
  }
  EXPECT_EQ(TagFromName("custom-element"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("DIV"), Tag::kUnknown);  // callers lower-case first
  EXPECT_EQ(TagName(Tag::kUnknown), "");
}

TEST(DomTest, TagFromNameComparesWholeNames) {
  using namespace std::string_literals;
  EXPECT_EQ(TagFromName(""), Tag::kUnknown);
  EXPECT_EQ(TagFromName("a\0"s), Tag::kUnknown);  // not "a" padded with NUL
  EXPECT_EQ(TagFromName("\0a"s), Tag::kUnknown);
  EXPECT_EQ(TagFromName("di"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("divv"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("templat"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("blockquot"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("blockquotes"), Tag::kUnknown);
  EXPECT_EQ(TagFromName("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"), Tag::kUnknown);
}

TEST(DomTest, VoidAndRawText) {
  EXPECT_TRUE(IsVoidTag(Tag::kBr));
  EXPECT_TRUE(IsVoidTag(Tag::kMeta));
  EXPECT_FALSE(IsVoidTag(Tag::kDiv));
  EXPECT_TRUE(IsRawTextTag(Tag::kScript));
  EXPECT_TRUE(IsRawTextTag(Tag::kTextarea));
  EXPECT_FALSE(IsRawTextTag(Tag::kNoscript));
}

TEST(DomTest, BuildTreeAndAttributes) {
  Document doc;
  uint32_t html = doc.AppendElement(Node::kNone, Tag::kHtml);
  uint32_t body = doc.AppendElement(html, Tag::kBody);
  uint32_t a = doc.AppendElement(body, Tag::kA);
  doc.AppendAttribute(a, "href", "/x");
  doc.AppendAttribute(a, "href", "/dup");  // first wins
  doc.AppendAttribute(a, "title", "T");
  doc.AppendText(a, "link");
  uint32_t custom = doc.AppendElement(body, Tag::kUnknown, "my-el");
  EXPECT_EQ(html, Document::kRoot);
  EXPECT_EQ(doc.attr(a, "href"), "/x");
  EXPECT_EQ(doc.attr(a, "title"), "T");
  doc.AppendAttribute(custom, "id", "c");
  doc.AppendAttribute(a, "late", "ignored");  // not right after a's attributes: a no-op
  EXPECT_FALSE(doc.has_attr(a, "late"));
  EXPECT_EQ(doc.attributes(a).size(), 2u);
  EXPECT_EQ(doc.tag_name(custom), "my-el");
  EXPECT_EQ(doc.tag_name(a), "a");
  EXPECT_EQ(doc.FindFirst(Tag::kA), a);
  EXPECT_EQ(doc.FindFirst(Tag::kP), Node::kNone);
  EXPECT_EQ(doc.node(body).first_child, a);
  EXPECT_EQ(doc.node(a).next_sibling, custom);
  EXPECT_EQ(doc.node(custom).parent, body);
}

// The parser stages a tag's attributes before it knows which element, if
// any, takes them.
TEST(DomTest, StagedAttributes) {
  Document doc;
  uint32_t html = doc.AppendElement(Node::kNone, Tag::kHtml);
  doc.StageAttribute("lang", "en");
  doc.AppendStagedAttributes(html);  // a fresh element takes them in place
  EXPECT_EQ(doc.attr(html, "lang"), "en");
  EXPECT_TRUE(doc.staged_attributes().empty());

  // Dropped, and elements appended while some are staged get none.
  doc.StageAttribute("class", "dropped");
  uint32_t body = doc.AppendElement(html, Tag::kBody);
  ASSERT_EQ(doc.staged_attributes().size(), 1u);
  doc.ClearStagedAttributes();
  EXPECT_TRUE(doc.attributes(body).empty());

  // Staged while implied elements are appended, then taken by the last one.
  doc.StageAttribute("id", "t");
  doc.StageAttribute("class", "c");
  uint32_t table = doc.AppendElement(body, Tag::kTable);
  uint32_t tr = doc.AppendElement(table, Tag::kTr);
  doc.AppendStagedAttributes(tr);
  EXPECT_TRUE(doc.attributes(table).empty());
  EXPECT_EQ(doc.attributes(tr).size(), 2u);
  EXPECT_EQ(doc.attr(tr, "class"), "c");

  // An element with attributes already (a second <html>): merged one by one,
  // the first value of a name winning, if it is still the last one given any.
  uint32_t td = doc.AppendElement(tr, Tag::kTd);
  doc.AppendAttribute(td, "class", "first");
  doc.StageAttribute("class", "second");
  doc.StageAttribute("title", "x");
  doc.AppendStagedAttributes(td);
  EXPECT_EQ(doc.attr(td, "class"), "first");
  EXPECT_EQ(doc.attr(td, "title"), "x");
  EXPECT_TRUE(doc.staged_attributes().empty());
  doc.StageAttribute("late", "ignored");
  doc.AppendStagedAttributes(html);  // not the last element given attributes: a no-op
  EXPECT_FALSE(doc.has_attr(html, "late"));
  EXPECT_EQ(doc.attributes(html).size(), 1u);
  EXPECT_TRUE(doc.staged_attributes().empty());
}

TEST(DomTest, AppendTextMergesContiguousAndCopiesOtherwise) {
  std::string source = "hello world";
  Document doc;
  uint32_t root = doc.AppendElement(Node::kNone, Tag::kHtml);
  std::string_view all(source);
  uint32_t t1 = doc.AppendText(root, all.substr(0, 5));
  uint32_t t2 = doc.AppendText(root, all.substr(5));
  EXPECT_EQ(t1, t2);
  EXPECT_EQ(doc.node(t1).text, "hello world");
  EXPECT_EQ(doc.node(t1).text.data(), source.data());  // extended in place
  doc.AppendText(root, "!");
  EXPECT_EQ(doc.node(t1).text, "hello world!");
  EXPECT_EQ(doc.size(), 2u);
}

TEST(DomTest, InternOutlivesSourceAndGrows) {
  Document doc;
  std::vector<std::string_view> views;
  for (int i = 0; i < 2000; ++i) {
    std::string s = "item-" + std::to_string(i) + std::string(static_cast<size_t>(i % 50), 'x');
    views.push_back(doc.Intern(s));
  }
  std::string big(3 << 20, 'b');
  std::string_view big_view = doc.Intern(big);
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(views[i],
              "item-" + std::to_string(i) + std::string(static_cast<size_t>(i % 50), 'x'));
  }
  EXPECT_EQ(big_view.size(), big.size());
  EXPECT_TRUE(doc.Intern("").empty());
}

TEST(DomTest, RawTextSkipsScriptStyleTemplate) {
  Document doc;
  uint32_t root = doc.AppendElement(Node::kNone, Tag::kHtml);
  uint32_t p = doc.AppendElement(root, Tag::kP);
  doc.AppendText(p, "a");
  uint32_t script = doc.AppendElement(p, Tag::kScript);
  doc.AppendText(script, "js");
  uint32_t b = doc.AppendElement(p, Tag::kB);
  doc.AppendText(b, "b");
  uint32_t tpl = doc.AppendElement(p, Tag::kTemplate);
  doc.AppendText(tpl, "t");
  doc.AppendText(p, "c");
  uint32_t after = doc.AppendElement(root, Tag::kDiv);
  doc.AppendText(after, "outside");
  EXPECT_EQ(doc.RawText(p), "abc");
  EXPECT_EQ(doc.RawText(root), "abcoutside");
  EXPECT_EQ(doc.RawText(b), "b");
}

TEST(DomTest, MoveKeepsViews) {
  Document doc;
  uint32_t root = doc.AppendElement(Node::kNone, Tag::kHtml);
  doc.AppendText(root, doc.Intern(std::string("interned")));
  Document moved = std::move(doc);
  EXPECT_EQ(moved.node(1).text, "interned");
}

}  // namespace
}  // namespace newstrace::extract
