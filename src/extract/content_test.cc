#include "extract/content.h"

#include <gtest/gtest.h>

#include <string>

#include "extract/extract.h"
#include "extract/html_parser.h"

namespace newstrace::extract {
namespace {

// A paragraph long enough to be prose, so that its container wins.
const std::string kProse =
    "The council voted on Tuesday to approve the new budget after a long debate about the "
    "cost of repairs to the old bridge, which engineers said could not wait another year.";

std::string MainText(const Content& content) {
  std::string out;
  for (const TextBlock& b : content.main) out += b.text + "\n";
  return out;
}

TEST(FindMainContentTest, LinksAreResolvedWithTheirText) {
  const std::string html = "<body><article><p>" + kProse +
                           " See <a href=\"/report\">the full report</a> and "
                           "<a href=\"https://example.org/x\">this</a>.</p></article></body>";
  Document doc = ParseHtml(html);
  Content content = FindMainContent(doc, "https://news.example.com/a/b.html");
  ASSERT_EQ(content.main.size(), 1u);
  const TextBlock& block = content.main[0];
  ASSERT_EQ(block.links.size(), 2u);
  EXPECT_EQ(block.links[0].href, "https://news.example.com/report");
  EXPECT_EQ(block.links[0].text, "the full report");
  EXPECT_EQ(block.text.substr(block.links[0].begin, block.links[0].end - block.links[0].begin),
            "the full report");
  EXPECT_EQ(block.links[1].href, "https://example.org/x");
  EXPECT_EQ(block.links[1].text, "this");
}

// Lone spaces are copied along with the words around them while other
// whitespace (runs, tabs, newlines, NBSP) is collapsed: the text and the link
// must come out the same wherever the scanner's 16-byte steps fall.
TEST(FindMainContentTest, WhitespaceCollapsesAlikeAtEveryOffset) {
  for (size_t pad = 0; pad < 20; ++pad) {
    const std::string lead(pad, 'x');
    const std::string html = "<body><article><p>" + kProse + " " + lead +
                             " a b  c\n\td\xc2\xa0"
                             "e \xc2\xa9 f" +
                             std::string(37, ' ') +  // indentation, longer than 16 bytes
                             "\n\t<a href=\"/l\">g h i j k l m n o p q</a> r </p></article></body>";
    Content content = FindMainContent(ParseHtml(html), "");
    ASSERT_EQ(content.main.size(), 1u) << pad;
    const TextBlock& block = content.main[0];
    EXPECT_EQ(block.text, kProse + " " + (pad > 0 ? lead + " " : "") +
                              "a b c d e \xc2\xa9 f g h i j k l m n o p q r")
        << pad;
    ASSERT_EQ(block.links.size(), 1u) << pad;
    EXPECT_EQ(block.links[0].text, "g h i j k l m n o p q") << pad;
    EXPECT_EQ(block.text.substr(block.links[0].begin, block.links[0].end - block.links[0].begin),
              "g h i j k l m n o p q")
        << pad;
  }
}

// A <br> at the end of a link that ends its block: the block loses the line
// break, the link keeps it (its text is what it was when the link closed).
TEST(FindMainContentTest, LinkEndingInLineBreakAtBlockEnd) {
  const std::string html =
      "<body><article><p>" + kProse + " <a href=\"/more\">More<br></a></p></article></body>";
  Content content = FindMainContent(ParseHtml(html), "");
  ASSERT_EQ(content.main.size(), 1u);
  const TextBlock& block = content.main[0];
  EXPECT_TRUE(block.text.ends_with("More"));
  ASSERT_EQ(block.links.size(), 1u);
  EXPECT_EQ(block.links[0].text, "More\n");
  EXPECT_EQ(block.links[0].end, block.text.size() + 1);
}

TEST(FindMainContentTest, WhitespaceAndNbspCollapse) {
  const std::string long_word(40, 'w');  // longer than one 16-byte scan step
  const std::string html = "<body><article><p>" + kProse + " \t\n a\xC2\xA0\xC2\xA0 b  " +
                           long_word + "\xC3\xA9\xC2\xA0" + long_word +
                           "\xC2\xA9 end</p></article></body>";
  Content content = FindMainContent(ParseHtml(html), "");
  ASSERT_EQ(content.main.size(), 1u);
  EXPECT_EQ(content.main[0].text,
            kProse + " a b " + long_word + "\xC3\xA9 " + long_word + "\xC2\xA9 end");
}

// Class and id words mark boilerplate, however often the same class value
// repeats (the words of each distinct value are remembered per page).
TEST(FindMainContentTest, BoilerplateClassNamesRepeated) {
  std::string html = "<body><article>";
  for (int i = 0; i < 3; ++i) {
    html += "<p>" + kProse + "</p><div class=\"c-shareBar__item\">Share on Facebook</div>";
    html += "<div id=\"relatedStories\">Other story " + std::to_string(i) + "</div>";
    html += "<div class=\"story-embed\"><p>An embedded post " + std::to_string(i) + "</p></div>";
  }
  html += "</article></body>";
  // Twice: the second document meets the class values remembered from the first.
  for (int pass = 0; pass < 2; ++pass) {
    Content content = FindMainContent(ParseHtml(html), "");
    const std::string text = MainText(content);
    EXPECT_EQ(text.find("Share on Facebook"), std::string::npos) << text;
    EXPECT_EQ(text.find("Other story"), std::string::npos) << text;
    EXPECT_NE(text.find("An embedded post 2"), std::string::npos) << text;
    EXPECT_NE(text.find(kProse), std::string::npos) << text;
  }
}

// Whether the text of a <div> with `attribute`="`value`" stays in the main
// text (false: the div is boilerplate).
bool DivIsKept(const std::string& attribute, const std::string& value) {
  const std::string html = "<body><article><p>" + kProse + "</p><div " + attribute + "=\"" + value +
                           "\">Marker line</div><p>" + kProse + "</p></article></body>";
  return MainText(FindMainContent(ParseHtml(html), "")).find("Marker line") != std::string::npos;
}

// Class values are split into words 16 bytes at a time: words must come out
// the same wherever they fall against those steps, across them, at the end
// of a value of whole steps, and at the 32-byte limit on words.
TEST(FindMainContentTest, ClassWordsAtEveryOffset) {
  for (size_t pad = 0; pad < 40; ++pad) {
    const std::string lead(pad, 'x');
    SCOPED_TRACE(pad);
    EXPECT_FALSE(DivIsKept("class", lead + " share"));
    EXPECT_FALSE(DivIsKept("class", lead + "-Share-x"));
    EXPECT_FALSE(DivIsKept("class", lead + "SHARE"));        // lower-cased: one word "SHARE"
    EXPECT_FALSE(DivIsKept("id", "q" + lead + "ShareBar"));  // camelCase after a lower-case letter
    // One word each, and none of the boilerplate words: no split before a
    // capital after a capital, or between digits and letters.
    EXPECT_TRUE(DivIsKept("class", "y" + lead + "share"));
    EXPECT_TRUE(DivIsKept("class", "X" + std::string(pad, 'X') + "Share"));
    EXPECT_TRUE(DivIsKept("class", lead + "9share"));
    // Prefixes count up to the 32-byte limit on words.
    EXPECT_FALSE(DivIsKept("class", lead + "_advert" + std::string(26, 'z')));
    EXPECT_TRUE(DivIsKept("class", lead + "_advert" + std::string(27, 'z')));
    EXPECT_FALSE(DivIsKept("class", lead + "_Subscriptions"));  // prefix "subscri"
    EXPECT_TRUE(DivIsKept("class", lead + "_subscr"));          // shorter than it
  }
}

// Text nodes of whitespace only are found so in one step when under 16
// bytes (two overlapping loads): every size, with one visible byte at every
// position or none, must collapse as the whole text does.
TEST(FindMainContentTest, WhitespaceOnlyTextNodesOfEverySize) {
  const std::string kinds = " \t\n\r\f";
  for (size_t size = 1; size <= 40; ++size) {
    for (size_t visible = 0; visible <= size; ++visible) {  // == size: none
      std::string inner;
      for (size_t k = 0; k < size; ++k) inner += k == visible ? 'x' : kinds[k % kinds.size()];
      const std::string html = "<body><article><p>" + kProse + " word<span>" + inner +
                               "</span>word</p></article></body>";
      std::string expected = kProse + " word";
      if (visible == size) {
        expected += " word";
      } else {
        expected +=
            std::string(visible > 0 ? " x" : "x") + (visible + 1 < size ? " " : "") + "word";
      }
      Content content = FindMainContent(ParseHtml(html), "");
      ASSERT_EQ(content.main.size(), 1u) << size << " " << visible;
      EXPECT_EQ(content.main[0].text, expected) << size << " " << visible;
    }
  }
}

// Class values are remembered per page: values that differ in one inner word
// must still each get their own words, wherever they repeat on the page.
TEST(FindMainContentTest, ClassValuesAlikeButForOneWord) {
  // 40 bytes: all but one word are shared.
  const std::string boiler = "xxxxxxxx-share--yyyyyyyy-qqqqqq-wwwwwwww";
  const std::string plain = "xxxxxxxx-stare--yyyyyyyy-qqqqqq-wwwwwwww";
  ASSERT_EQ(boiler.size(), 40u);
  std::string html = "<body><article>";
  for (int i = 0; i < 4; ++i) {
    html += "<p>" + kProse + "</p><div class=\"" + boiler + "\">Boiler " + std::to_string(i) +
            "</div><div class=\"" + plain + "\">Plain " + std::to_string(i) + "</div>";
  }
  html += "</article></body>";
  const std::string text = MainText(FindMainContent(ParseHtml(html), ""));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(text.find("Boiler " + std::to_string(i)), std::string::npos) << text;
    EXPECT_NE(text.find("Plain " + std::to_string(i)), std::string::npos) << text;
  }
}

// Per-node arrays and buffers are reused across documents of a thread: a
// page must come out the same after a larger and a smaller one.
TEST(FindMainContentTest, SameResultAfterOtherDocuments) {
  const std::string small = "<body><article><p>" + kProse +
                            "</p><nav><a href=\"/n\">Nav</a></nav><p>Closing line</p></article>"
                            "</body>";
  std::string large = "<body><div class=\"menu\"><ul>";
  for (int i = 0; i < 500; ++i) large += "<li><a href=\"/x\">Item</a></li>";
  large += "</ul></div><article>";
  for (int i = 0; i < 50; ++i) large += "<p>" + kProse + " <a href=\"/y\">link</a></p>";
  large += "</article></body>";
  const Content first_small = FindMainContent(ParseHtml(small), "https://e.com/");
  const Content first_large = FindMainContent(ParseHtml(large), "https://e.com/");
  const Content second_small = FindMainContent(ParseHtml(small), "https://e.com/");
  const Content second_large = FindMainContent(ParseHtml(large), "https://e.com/");
  EXPECT_EQ(first_small.main, second_small.main);
  EXPECT_EQ(first_small.secondary, second_small.secondary);
  EXPECT_EQ(first_large.main, second_large.main);
  EXPECT_EQ(first_large.secondary, second_large.secondary);
  EXPECT_EQ(first_large.main.size(), 50u);
}

// Boilerplate by structure is dropped, the innermost boilerplate element
// deciding; one that holds most of the page's prose is the article.
TEST(FindMainContentTest, SoftSkipsAndTheirWaiver) {
  std::string html = "<body><article><p>" + kProse + "</p><aside><div><p>Aside line</p>" +
                     "<nav><p>Nav line</p></nav></div></aside><p>" + kProse + "</p>" +
                     "<div class=\"related\"><ul><li>Related line</li></ul></div>" +
                     "<p>Closing line</p></article></body>";
  std::string text = MainText(FindMainContent(ParseHtml(html), ""));
  EXPECT_EQ(text.find("Aside line"), std::string::npos) << text;
  EXPECT_EQ(text.find("Nav line"), std::string::npos) << text;
  EXPECT_EQ(text.find("Related line"), std::string::npos) << text;
  EXPECT_NE(text.find("Closing line"), std::string::npos) << text;
  // The story inside <header>: kept, with its own boilerplate still dropped.
  html = "<body><header><p>" + kProse + "</p><p>" + kProse + "</p><nav><p>Nav line</p></nav>" +
         "<p>Closing line</p></header><footer><p>Footer line</p></footer></body>";
  text = MainText(FindMainContent(ParseHtml(html), ""));
  EXPECT_NE(text.find(kProse), std::string::npos) << text;
  EXPECT_NE(text.find("Closing line"), std::string::npos) << text;
  EXPECT_EQ(text.find("Nav line"), std::string::npos) << text;
  EXPECT_EQ(text.find("Footer line"), std::string::npos) << text;
}

// Secondary blocks keep their hrefs as written; a notice among them still
// names its target by the resolved URL.
TEST(FindMainContentTest, SecondaryHrefsResolvedForNotices) {
  const std::string html = "<body><article><p>" + kProse + "</p><p>" + kProse +
                           "</p></article><footer><p>This article was originally published at <a "
                           "href=\"/orig/1\">Example Review</a>.</p></footer></body>";
  Content content = FindMainContent(ParseHtml(html), "https://news.example.com/a/b.html");
  const TextBlock* notice = nullptr;
  for (const TextBlock& b : content.secondary) {
    if (!b.links.empty()) notice = &b;
  }
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->links[0].href, "/orig/1");
  TextBlock resolved = *notice;
  ResolveLinks(resolved, "https://news.example.com/a/b.html");
  EXPECT_EQ(resolved.links[0].href, "https://news.example.com/orig/1");

  RawPage page;
  page.bytes = html;
  page.uri = "https://news.example.com/a/b.html";
  page.media_type = "text/html";
  Result<Article> article = ExtractArticle(page);
  ASSERT_TRUE(article.ok());
  ASSERT_EQ(article->notices.size(), 1u);
  EXPECT_EQ(article->notices[0].kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(article->notices[0].target, "Example Review");
  EXPECT_EQ(article->notices[0].target_url, "https://news.example.com/orig/1");
}

}  // namespace
}  // namespace newstrace::extract
