#include "extract/markdown.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

namespace newstrace::extract {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string SeedMarkdown() {
  return ReadFile(std::string(NEWSTRACE_SOURCE_DIR) + "/examples/seed-article.md");
}

TextBlock One(std::string_view md) {
  auto blocks = ParseMarkdownBlocks(md);
  EXPECT_EQ(blocks.size(), 1u) << md;
  return blocks.empty() ? TextBlock{} : blocks[0];
}

TEST(MarkdownTest, AtxAndSetextHeadings) {
  auto blocks =
      ParseMarkdownBlocks("# Title #\n\nText\n\nSub title\n---------\n\n### Third\nMain\n===\n");
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].kind, BlockKind::kHeading);
  EXPECT_EQ(blocks[0].heading_level, 1);
  EXPECT_EQ(blocks[0].text, "Title");
  EXPECT_EQ(blocks[1].kind, BlockKind::kParagraph);
  EXPECT_EQ(blocks[2].text, "Sub title");
  EXPECT_EQ(blocks[2].heading_level, 2);
  EXPECT_EQ(blocks[3].text, "Third");
  EXPECT_EQ(blocks[3].heading_level, 3);
  EXPECT_EQ(blocks[4].text, "Main");
  EXPECT_EQ(blocks[4].heading_level, 1);
  EXPECT_EQ(One("#hashtag is not a heading").kind, BlockKind::kParagraph);
}

TEST(MarkdownTest, ParagraphsSoftAndHardBreaks) {
  auto blocks = ParseMarkdownBlocks("one\ntwo   three\n\n\nfour  \nfive\\\nsix\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "one two three");
  EXPECT_EQ(blocks[1].text, "four\nfive\nsix");
  // Windows line endings and trailing hard-break spaces at the end.
  blocks = ParseMarkdownBlocks("alpha\r\nbeta  \r\n\r\ngamma");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "alpha beta");
  EXPECT_EQ(blocks[1].text, "gamma");
}

TEST(MarkdownTest, ListItems) {
  auto blocks = ParseMarkdownBlocks(
      "Intro:\n\n- first\n* second\n  continued\n+ third\n1. fourth\n2) fifth\n\nAfter.");
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_EQ(blocks[1].kind, BlockKind::kListItem);
  EXPECT_EQ(blocks[1].text, "first");
  EXPECT_EQ(blocks[2].text, "second continued");
  EXPECT_EQ(blocks[3].text, "third");
  EXPECT_EQ(blocks[4].text, "fourth");
  EXPECT_EQ(blocks[5].text, "fifth");
  EXPECT_EQ(blocks[6].kind, BlockKind::kParagraph);
  // A year at the start of a wrapped line does not start a list.
  EXPECT_EQ(One("It happened in\n2020. The year after").text,
            "It happened in 2020. The year after");
}

TEST(MarkdownTest, BlockQuotes) {
  auto blocks = ParseMarkdownBlocks("> quoted line\n> goes on\nlazily\n>\n> second para\n\nplain");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].kind, BlockKind::kBlockquote);
  EXPECT_EQ(blocks[0].text, "quoted line goes on lazily");
  EXPECT_EQ(blocks[1].kind, BlockKind::kBlockquote);
  EXPECT_EQ(blocks[1].text, "second para");
  EXPECT_EQ(blocks[2].kind, BlockKind::kParagraph);
  EXPECT_EQ(One(">>> deep > quote").text, "deep > quote");
}

TEST(MarkdownTest, CodeBlocksKeepText) {
  auto blocks = ParseMarkdownBlocks(
      "text\n\n```cpp\nint  x = *p;\n  [a](b)\n```\n\n    indented  code\n    more\n\nend");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1].kind, BlockKind::kPre);
  EXPECT_EQ(blocks[1].text, "int  x = *p;\n  [a](b)");
  EXPECT_EQ(blocks[2].kind, BlockKind::kPre);
  EXPECT_EQ(blocks[2].text, "indented  code\nmore");
  EXPECT_EQ(blocks[3].text, "end");
  // Unclosed fence runs to the end.
  EXPECT_EQ(One("~~~\nopen").text, "open");
}

TEST(MarkdownTest, PipeTables) {
  auto blocks = ParseMarkdownBlocks(
      "| Name | Votes |\n|---|---:|\n| [Ann](http://a.example) | 10 |\n| Bob | 7 |\n\nAfter");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].kind, BlockKind::kTable);
  EXPECT_EQ(blocks[0].text, "Name | Votes\nAnn | 10\nBob | 7");
  ASSERT_EQ(blocks[0].links.size(), 1u);
  const Link& l = blocks[0].links[0];
  EXPECT_EQ(blocks[0].text.substr(l.begin, l.end - l.begin), "Ann");
  EXPECT_EQ(l.href, "http://a.example");
}

TEST(MarkdownTest, RulesAndSeparatorLinesDropped) {
  auto blocks = ParseMarkdownBlocks("a\n\n---\n\n* * *\n\n\\*\n\n***\n\n*\n\nb");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "a");
  EXPECT_EQ(blocks[1].text, "b");
}

TEST(MarkdownTest, InlineLinksWithOffsets) {
  TextBlock b =
      One("See [the report](https://x.example/r \"Title\") and <https://auto.example/p>, or "
          "[ref][1] or [Ref].\n\n[1]: https://one.example\n[ref]: <https://ref.example> 'T'");
  EXPECT_EQ(b.text, "See the report and https://auto.example/p, or ref or Ref.");
  ASSERT_EQ(b.links.size(), 4u);
  EXPECT_EQ(b.links[0].href, "https://x.example/r");
  EXPECT_EQ(b.links[0].text, "the report");
  EXPECT_EQ(b.text.substr(b.links[0].begin, b.links[0].end - b.links[0].begin), "the report");
  EXPECT_EQ(b.links[1].href, "https://auto.example/p");
  EXPECT_EQ(b.links[1].text, "https://auto.example/p");
  EXPECT_EQ(b.links[2].href, "https://one.example");
  EXPECT_EQ(b.links[3].href, "https://ref.example");
  for (const Link& l : b.links) EXPECT_EQ(b.text.substr(l.begin, l.end - l.begin), l.text);
}

TEST(MarkdownTest, LinkEdgeCases) {
  TextBlock b =
      One("[a [nested] text](<with space.html>) [x](u(1)) [not a link] [](empty) <me@example.org>");
  EXPECT_EQ(b.text, "a [nested] text x [not a link] me@example.org");
  ASSERT_EQ(b.links.size(), 3u);
  EXPECT_EQ(b.links[0].href, "with space.html");
  EXPECT_EQ(b.links[1].href, "u(1)");
  EXPECT_EQ(b.links[2].href, "mailto:me@example.org");
  // Links can't contain links: the inner one wins, the outer brackets stay.
  b = One("[a [b](c) d](e)");
  EXPECT_EQ(b.text, "[a b d](e)");
  ASSERT_EQ(b.links.size(), 1u);
  EXPECT_EQ(b.links[0].text, "b");
}

TEST(MarkdownTest, ImagesRemoved) {
  TextBlock b = One("Before ![a *chart*](img.png \"t\") after [![logo](l.png)](http://home) end");
  EXPECT_EQ(b.text, "Before after end");
  EXPECT_TRUE(b.links.empty());
}

TEST(MarkdownTest, EmphasisRemovedAndWholeBlockFlag) {
  TextBlock b = One("*The whole lead is italic, with [a link](x).*");
  EXPECT_EQ(b.text, "The whole lead is italic, with a link.");
  EXPECT_TRUE(b.emphasized);
  b = One("**Disclaimer:** only the label is bold");
  EXPECT_EQ(b.text, "Disclaimer: only the label is bold");
  EXPECT_FALSE(b.emphasized);
  b = One("***both*** and __strong__ and _em_ and snake_case_name and 2 * 3 * 4");
  EXPECT_EQ(b.text, "both and strong and em and snake_case_name and 2 * 3 * 4");
  EXPECT_FALSE(b.emphasized);
  EXPECT_TRUE(One("__Too Little, Too Late__").emphasized);
  EXPECT_EQ(One("**unclosed bold").text, "**unclosed bold");
}

TEST(MarkdownTest, CodeSpansEscapesEntitiesHtml) {
  TextBlock b = One("Use `a *b* [c](d)` and ``x ` y`` \\*not em\\* \\[x\\] \\(y\\) \\\\ back");
  EXPECT_EQ(b.text, "Use a *b* [c](d) and x ` y *not em* [x] (y) \\ back");
  EXPECT_TRUE(b.links.empty());
  b = One("Tom &amp; Jerry&nbsp;&mdash; &#39;hi&#39; &#x201C;q&#x201D; &bogus; & co&shy;op");
  EXPECT_EQ(b.text, "Tom & Jerry \xe2\x80\x94 'hi' \xe2\x80\x9cq\xe2\x80\x9d &bogus; & coop");
  b =
      One("a <span class=\"x\">b</span> <!-- hidden --> c<br>d <a "
          "href=\"https://h.example/?a=1&amp;b=2\">link</a> 1 < 2 > 0");
  EXPECT_EQ(b.text, "a b c\nd link 1 < 2 > 0");
  ASSERT_EQ(b.links.size(), 1u);
  EXPECT_EQ(b.links[0].href, "https://h.example/?a=1&b=2");
  EXPECT_EQ(b.links[0].text, "link");
}

TEST(MarkdownTest, HostileInputIsLinearAndSafe) {
  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  std::string stars(300000, '*');
  std::string mixed;
  for (int i = 0; i < 100000; ++i) mixed += "*a _b ](x (`<&[";
  std::string long_line(1000000, 'x');
  std::string quotes(100000, '>');
  quotes += " q";
  std::string parens;
  for (int i = 0; i < 50000; ++i) parens += "[a](x (";
  std::string ticks;
  for (int i = 0; i < 50000; ++i) ticks += std::string(static_cast<size_t>(i % 50 + 1), '`') + "a";
  auto start = std::chrono::steady_clock::now();
  for (const std::string* s : {&deep, &stars, &mixed, &long_line, &quotes, &parens, &ticks}) {
    auto blocks = ParseMarkdownBlocks(*s);
    for (const auto& b : blocks) {
      for (const Link& l : b.links) {
        ASSERT_LE(l.begin, l.end);
        ASSERT_LE(l.end, b.text.size());
      }
    }
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);  // generous: sanitizer builds; quadratic behaviour takes minutes
  EXPECT_EQ(ParseMarkdownBlocks(long_line)[0].text.size(), 1000000u);
  EXPECT_EQ(ParseMarkdownBlocks(quotes)[0].text, "q");
}

TEST(MarkdownTest, EmptyAndWhitespaceInput) {
  EXPECT_TRUE(ParseMarkdownBlocks("").empty());
  EXPECT_TRUE(ParseMarkdownBlocks("\n\n   \n\t\n").empty());
  EXPECT_TRUE(ParsePlainTextBlocks("").empty());
}

TEST(PlainTextTest, BlankLineParagraphs) {
  auto blocks = ParsePlainTextBlocks("First para\nwrapped  here.\n\n\nSecond *para* [x](y)\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "First para wrapped here.");
  EXPECT_EQ(blocks[1].text, "Second *para* [x](y)");
  EXPECT_EQ(blocks[1].kind, BlockKind::kParagraph);
}

TEST(PlainTextTest, OneParagraphPerLineWithoutBlankLines) {
  auto blocks = ParsePlainTextBlocks("Line one.\nLine two.\r\nLine\tthree.");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[2].text, "Line three.");
}

TEST(MarkdownSeedTest, BlocksOfTheSeedPage) {
  std::string md = SeedMarkdown();
  ASSERT_FALSE(md.empty()) << "examples/seed-article.md missing";
  auto blocks = ParseMarkdownBlocks(md);
  ASSERT_GT(blocks.size(), 40u);
  EXPECT_EQ(blocks[0].kind, BlockKind::kHeading);
  EXPECT_EQ(blocks[0].heading_level, 1);
  EXPECT_EQ(blocks[0].text,
            "US War of Terror Continues: Assassinating Iran's Top Anti-ISIS General");
  EXPECT_EQ(blocks[1].text, "By Tony Cartalucci");
  ASSERT_EQ(blocks[1].links.size(), 1u);
  EXPECT_EQ(blocks[1].links[0].text, "Tony Cartalucci");
  EXPECT_EQ(blocks[2].text, "Global Research, January 16, 2020");
  EXPECT_EQ(blocks[4].text,
            "Theme: Law and Justice, Media Disinformation, US NATO War Agenda\n"
            "In-depth Report: IRAN: THE NEXT WAR?");
  EXPECT_EQ(blocks[4].links.size(), 4u);
  EXPECT_TRUE(blocks[5].emphasized);  // the lead
  bool found_h2 = false, found_pdf = false, found_star = false;
  for (const TextBlock& b : blocks) {
    if (b.kind == BlockKind::kHeading && b.heading_level == 2) {
      found_h2 = true;
      EXPECT_EQ(b.text, "The War of Terror Continues");
    }
    for (const Link& l : b.links) found_pdf |= l.text == "leaked 2012 report (.pdf)";
    found_star |= b.text == "*";
    EXPECT_EQ(b.text.find("**"), std::string::npos) << b.text;
  }
  EXPECT_TRUE(found_h2);
  EXPECT_TRUE(found_pdf);
  EXPECT_FALSE(found_star);
  EXPECT_EQ(blocks.back().text, "For media inquiries: publications@globalresearch.ca");
}

}  // namespace
}  // namespace newstrace::extract
