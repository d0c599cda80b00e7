#include "extract/taxonomy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "extract/markdown.h"

namespace newstrace::extract {
namespace {

TextBlock Md(std::string_view md) {
  auto blocks = ParseMarkdownBlocks(md);
  EXPECT_EQ(blocks.size(), 1u) << md;
  return blocks.empty() ? TextBlock{} : blocks[0];
}

TextBlock Text(std::string text) {
  TextBlock b;
  b.text = std::move(text);
  return b;
}

std::vector<Category> Cats(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<Category> out;
  for (auto [s, l] : list) out.push_back({s, l});
  return out;
}

TEST(TaxonomyTest, LinkedValues) {
  auto c = ParseTaxonomy(Md("Region: [Middle East & North Africa](/region/mena)"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"Region", "Middle East & North Africa"}}));
  c = ParseTaxonomy(Md("Topics: [Energy](/t/e) \u00b7 [Climate, Policy](/t/c) | [EU](/t/eu)"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"tag", "Energy"}, {"tag", "Climate, Policy"}, {"tag", "EU"}}));
}

TEST(TaxonomyTest, CommaValuesAndSchemes) {
  auto c = ParseTaxonomy(Text("Tags: elections, local government; transport"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"tag", "elections"}, {"tag", "local government"}, {"tag", "transport"}}));
  c = ParseTaxonomy(Text("Filed under: Science"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"tag", "Science"}}));
  c = ParseTaxonomy(Text("Categories: World, Business"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"section", "World"}, {"section", "Business"}}));
  c = ParseTaxonomy(Text("Section: Opinion"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"section", "Opinion"}}));
  c = ParseTaxonomy(Text("Keywords: drought, harvest"));
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)[0].scheme, "keyword");
}

TEST(TaxonomyTest, ValueKeepsLaterColons) {
  auto c = ParseTaxonomy(Text("In-depth Report: IRAN: THE NEXT WAR?"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"In-depth Report", "IRAN: THE NEXT WAR?"}}));
}

TEST(TaxonomyTest, SeveralLabelsOnSeparateLines) {
  auto c = ParseTaxonomy(Md("Theme: [A](#), [B](#)  \nIn-depth Report: [C: D](#)\\\nTags: x, y"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"Theme", "A"},
                      {"Theme", "B"},
                      {"In-depth Report", "C: D"},
                      {"tag", "x"},
                      {"tag", "y"}}));
}

TEST(TaxonomyTest, SeveralLabelsWithBreakCollapsed) {
  // An HTML path that turned <br> into a space: split after the linked value.
  TextBlock b =
      Md("Theme: [Law and Justice](#), [US NATO War Agenda](#) In-depth Report: [IRAN: THE NEXT "
         "WAR?](#)");
  auto c = ParseTaxonomy(b);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Cats({{"Theme", "Law and Justice"},
                      {"Theme", "US NATO War Agenda"},
                      {"In-depth Report", "IRAN: THE NEXT WAR?"}}));
}

TEST(TaxonomyTest, RejectsSentencesAndNotices) {
  const char* kNot[] = {
      "Update: the minister said on Tuesday that the budget would pass before the summer recess.",
      "Note to readers: please click the share buttons above or below.",
      "Disclaimer: The contents of this article are of sole responsibility of the author(s).",
      "He said: we will not give up.",
      "The reason is simple: prices rose.",
      "Photo: Jane Doe",
      "By Tony Cartalucci",
      "Warning: graphic content",
      "Tags: this is a long sentence that goes on and on about things, and more",
  };
  for (const char* text : kNot) EXPECT_FALSE(ParseTaxonomy(Text(text))) << text;
  // Links mixed with prose are not a taxonomy either.
  EXPECT_FALSE(ParseTaxonomy(Md("Related: read [this](x) before you decide anything")));
}

TEST(BylineTest, ByForms) {
  auto b = ParseByline(Text("By Tony Cartalucci"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Tony Cartalucci"});
  b = ParseByline(Text("By Ana Lima and Tom O'Neill"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, (std::vector<std::string>{"Ana Lima", "Tom O'Neill"}));
  b = ParseByline(Text("By Ana Lima, Jean-Luc de la Tour and Kim Park"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, (std::vector<std::string>{"Ana Lima", "Jean-Luc de la Tour", "Kim Park"}));
  b = ParseByline(Text("By Sam Reyes | Reuters"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
  EXPECT_EQ(b->publisher, "Reuters");
  b = ParseByline(Text("By Sam Reyes, Staff Writer"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
  EXPECT_EQ(b->publisher, "");
  b = ParseByline(Text("Written by Priya Nair"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Priya Nair"});
  b = ParseByline(Text("Articles by: Tony Cartalucci"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Tony Cartalucci"});
}

TEST(BylineTest, SeparatorsAfterASpace) {
  for (const char* text :
       {"By Ana Lima & Tom Reed", "By Ana Lima - Tom Reed", "By Ana Lima \xe2\x80\x94 Tom Reed",
        "By Ana Lima \xe2\x80\x93 Tom Reed"}) {
    auto b = ParseByline(Text(text));
    ASSERT_TRUE(b) << text;
    EXPECT_EQ(b->authors, (std::vector<std::string>{"Ana Lima", "Tom Reed"})) << text;
  }
  // Spaces before other bytes separate nothing: "Anabel" is not " and ".
  auto b = ParseByline(Text("By Anabel Andrews"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Anabel Andrews"});
}

TEST(BylineTest, RoleAndOutletWords) {
  // "News" is both a role word and an outlet word.
  auto b = ParseByline(Text("By Sam Reyes, Senior Correspondent | Daily News"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
  EXPECT_EQ(b->publisher, "Daily News");
  b = ParseByline(Text("Sam Reyes, Example.com"));  // a domain is an outlet too
  ASSERT_TRUE(b);
  EXPECT_EQ(b->publisher, "Example.com");
}

TEST(BylineTest, NameAndAgency) {
  auto b = ParseByline(Text("Sam Reyes, Reuters"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
  EXPECT_EQ(b->publisher, "Reuters");
}

TEST(BylineTest, WithDates) {
  auto b = ParseByline(Text("Posted by Dana Whitfield on March 3, 2021"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Dana Whitfield"});
  EXPECT_EQ(b->date, "2021-03-03");
  b = ParseByline(Text("Global Research, January 16, 2020"));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->authors.empty());
  EXPECT_EQ(b->publisher, "Global Research");
  EXPECT_EQ(b->date, "2020-01-16");
  b = ParseByline(Text("Published: January 16, 2020"));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->authors.empty());
  EXPECT_EQ(b->date, "2020-01-16");
  b = ParseByline(Text("Written by Priya Nair | 3 March 2021"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Priya Nair"});
  EXPECT_EQ(b->date, "2021-03-03");
}

TEST(BylineTest, RejectsOrdinaryText) {
  const char* kNot[] = {
      "By the end of the year, prices had doubled.",
      "By 2030 the plant will be closed.",
      "The minister spoke to reporters on Monday.",
      "Jane Doe",
      "Updated: January 17, 2020",
      "By",
      "Global Research",
  };
  for (const char* text : kNot) EXPECT_FALSE(ParseByline(Text(text))) << text;
  EXPECT_FALSE(ParseByline(Text(std::string(300, 'a'))));
}

// Without a "By" prefix or a date label, ParseByline rejects a line that has
// neither a year nor a piece separator before it looks for a date or pieces
// (one piece cannot be both the author and the publisher). The lines below
// each hold just one of those things and must still pass.
TEST(BylineTest, UnprefixedLinesWithOneSeparatorOrAYear) {
  for (const char* text :
       {"Sam Reyes, Reuters", "Sam Reyes | Reuters", "Sam Reyes; Reuters", "Sam Reyes\nReuters",
        "Sam Reyes and Reuters", "Sam Reyes & Reuters", "Sam Reyes - Reuters",
        "Sam Reyes \xe2\x80\x94 Reuters", "Sam Reyes \xe2\x80\x93 Reuters"}) {
    auto b = ParseByline(Text(text));
    ASSERT_TRUE(b) << text;
    EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"}) << text;
    EXPECT_EQ(b->publisher, "Reuters") << text;
  }
  // A year at the very end, and a date that is the whole line.
  auto b = ParseByline(Text("Global Research January 16 2020"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2020-01-16");
  b = ParseByline(Text("16 January 2020"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2020-01-16");
  b = ParseByline(Text("2020-01-16"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2020-01-16");
}

TEST(BylineTest, UnprefixedLinesWithoutYearOrSeparator) {
  const char* kNot[] = {
      "Sam Reyes Reuters",     // one piece: a name, no outlet
      "Reuters",               // one piece: an outlet, no date
      "Senior Correspondent",  // a role
      "January 16",            // no year, so no date
      "Sam Reyes andReuters",  // "and" without the space after it
      "Sam Reyes -Reuters",    // "-" without the space after it
      "Sam Reyes 1989",        // 1989 is no year in 1990..2100
      "Anabel Andrews &Co",    // "&" without the space after it
  };
  for (const char* text : kNot) EXPECT_FALSE(ParseByline(Text(text))) << text;
  // Prefixed lines are not filtered: one piece is enough after "By".
  auto b = ParseByline(Text("By Sam Reyes"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
  b = ParseByline(Text("BY: Sam Reyes"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->authors, std::vector<std::string>{"Sam Reyes"});
}

class SeedTaxonomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(NEWSTRACE_SOURCE_DIR) + "/examples/seed-article.md",
                     std::ios::binary);
    std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(md.empty());
    blocks_ = ParseMarkdownBlocks(md);
    ASSERT_GT(blocks_.size(), 5u);
  }
  std::vector<TextBlock> blocks_;
};

TEST_F(SeedTaxonomyTest, BylineAndDateline) {
  auto by = ParseByline(blocks_[1]);
  ASSERT_TRUE(by);
  EXPECT_EQ(by->authors, std::vector<std::string>{"Tony Cartalucci"});
  auto dateline = ParseByline(blocks_[2]);
  ASSERT_TRUE(dateline);
  EXPECT_EQ(dateline->publisher, "Global Research");
  EXPECT_EQ(dateline->date, "2020-01-16");
  EXPECT_TRUE(dateline->authors.empty());
}

TEST_F(SeedTaxonomyTest, RegionThemeInDepthReport) {
  std::vector<Category> all;
  for (const TextBlock& b : blocks_) {
    if (auto c = ParseTaxonomy(b)) all.insert(all.end(), c->begin(), c->end());
  }
  EXPECT_EQ(all, Cats({{"Region", "Middle East & North Africa"},
                       {"Theme", "Law and Justice"},
                       {"Theme", "Media Disinformation"},
                       {"Theme", "US NATO War Agenda"},
                       {"In-depth Report", "IRAN: THE NEXT WAR?"}}));
}

TEST_F(SeedTaxonomyTest, NoBodyBlockIsAByline) {
  for (size_t i = 3; i < blocks_.size(); ++i) {
    if (blocks_[i].text.starts_with("Articles by:")) continue;
    EXPECT_FALSE(ParseByline(blocks_[i])) << blocks_[i].text;
  }
}

}  // namespace
}  // namespace newstrace::extract
