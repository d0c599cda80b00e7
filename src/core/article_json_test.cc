#include "core/article_json.h"

#include <gtest/gtest.h>

namespace newstrace {
namespace {

Article FullArticle() {
  Article a;
  a.source = "pages/a.html";
  a.url = "https://example.com/2024/01/02/story";
  a.canonical_url = a.url;
  a.site = "example.com";
  a.title = "Quotes \"inside\", back\\slash, tab\t and \x01 control";
  a.authors = {"Ann Example", "Bo \xc3\x85kesson"};
  a.published = "2024-01-02T08:00:00Z";
  a.publisher = "The Example";
  a.language = "en";
  a.categories = {{"section", "World"}, {"Region", "Middle East & North Africa"}};
  a.text = "First paragraph \xe2\x80\x9cquoted\xe2\x80\x9d.\n\nSecond \xf0\x9f\x98\x80 line.";
  a.blocks = {{BlockKind::kParagraph, 0, 30}, {BlockKind::kHeading, 32, 40}};
  a.links = {{"https://example.com/x", "First", 0, 5}};
  a.notices = {{NoticeKind::kOriginallyPublished, "Originally published at Foo.", "Foo",
                "https://foo.example/"},
               {NoticeKind::kDisclaimer, "Views are the author's.", "", ""}};
  a.evidence = {{"title", "json-ld"}, {"published", "opengraph"}};
  return a;
}

// One quote format for `quotes` and `export --what quotes`: every field, in
// the documented order.
TEST(ArticleJsonTest, QuoteToJsonKeepsEveryFieldInOrder) {
  Quote q;
  q.kind = "direct";
  q.begin = 3;
  q.end = 9;
  q.text = "We rebuild";
  q.speaker = "Ann Lee";
  q.speaker_begin = 12;
  q.speaker_end = 19;
  q.cue = "said";
  q.source = "Radio";
  q.source_url = "https://radio.example/";
  EXPECT_EQ(QuoteToJson(q).dump(),
            R"({"kind":"direct","begin":3,"end":9,"text":"We rebuild","speaker":"Ann Lee",)"
            R"("speaker_begin":12,"speaker_end":19,"cue":"said","source":"Radio",)"
            R"("source_url":"https://radio.example/"})");
}

TEST(ArticleJsonTest, JsonLineEqualsTreeDump) {
  Article a = FullArticle();
  EXPECT_EQ(ToJsonLine(a),
            ToJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  Article empty;
  EXPECT_EQ(ToJsonLine(empty), ToJson(empty).dump());
}

// The writer scans 16 bytes at a time for bytes to escape: put each kind of
// such byte at every offset around those boundaries.
TEST(ArticleJsonTest, JsonLineEscapesLikeTheTreeAtEveryOffset) {
  const std::string specials[] = {"\"",   "\\",   "\n",   "\t",       std::string(1, '\0'),
                                  "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x80\x94",
                                  "/",    "\xff"};
  for (const std::string& special : specials) {
    for (size_t offset = 0; offset < 40; ++offset) {
      Article a;
      a.title = std::string(offset, 'a') + special + std::string(40 - offset, 'b');
      a.text = a.title + special + a.title;
      EXPECT_EQ(ToJsonLine(a),
                ToJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
          << "offset " << offset;
    }
  }
}

TEST(ArticleJsonTest, JsonLineReplacesInvalidUtf8) {
  Article a;
  a.text = "bad \xff byte and cut \xe2\x80";
  std::string line = ToJsonLine(a);
  EXPECT_NE(line.find("bad \xef\xbf\xbd byte"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(ArticleJsonTest, RoundTrip) {
  Article a = FullArticle();
  Result<Article> back = ArticleFromJson(nlohmann::json::parse(ToJsonLine(a)));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJsonLine(*back), ToJsonLine(a));
}

TEST(ArticleJsonTest, RejectsOffsetsOutsideText) {
  nlohmann::json j = nlohmann::json::parse(ToJsonLine(FullArticle()));
  j["blocks"][0]["end"] = 10000;
  EXPECT_EQ(ArticleFromJson(j).status().code(), ErrorCode::kBadRecord);
}

}  // namespace
}  // namespace newstrace
