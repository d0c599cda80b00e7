#include "ingest/jsonl.h"

#include <gtest/gtest.h>

#include <string>

#include "core/article_json.h"

namespace newstrace::ingest {
namespace {

TEST(JsonLinesTest, NewsPlease) {
  const std::string line = R"({"authors": ["Jane Doe", " ", "John Roe"],
    "date_download": "2019-11-20 08:00:00", "date_modify": "2019-11-19 09:30:00",
    "date_publish": "2019-11-18 10:00:00", "description": "ignored",
    "filename": "x.json", "image_url": null, "language": "en", "localpath": null,
    "maintext": "First paragraph.\nSecond paragraph.\r\n\n  Third.  ",
    "source_domain": "www.example.com", "title": "A title",
    "title_page": null, "title_rss": null, "url": "https://www.example.com/a.html"})";
  auto a = ArticleFromJsonLine(line, "np.jsonl#1");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->source, "np.jsonl#1");
  EXPECT_EQ(a->url, "https://www.example.com/a.html");
  EXPECT_EQ(a->title, "A title");
  EXPECT_EQ(a->published, "2019-11-18T10:00:00");
  EXPECT_EQ(a->modified, "2019-11-19T09:30:00");
  EXPECT_EQ(a->authors, (std::vector<std::string>{"Jane Doe", "John Roe"}));
  EXPECT_EQ(a->site, "example.com");
  EXPECT_EQ(a->language, "en");
  EXPECT_EQ(a->text, "First paragraph.\n\nSecond paragraph.\n\nThird.");
  ASSERT_EQ(a->blocks.size(), 3u);
  EXPECT_EQ(a->text.substr(a->blocks[1].begin, a->blocks[1].end - a->blocks[1].begin),
            "Second paragraph.");
  EXPECT_EQ(a->blocks[2].kind, BlockKind::kParagraph);
  EXPECT_EQ(a->blocks[2].end, a->text.size());
  for (const char* field : {"title", "published", "modified", "authors", "site", "language"}) {
    EXPECT_EQ(a->evidence[field], "news-please") << field;
  }
  EXPECT_EQ(a->evidence.count("publisher"), 0u);
}

TEST(JsonLinesTest, NewsPleaseNullsAndSiteFromUrl) {
  auto a = ArticleFromJsonLine(
      R"({"url": "http://WWW.Site.org:8080/x", "maintext": "Body.", "date_publish": null,
          "authors": null, "title": null})",
      "s");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->site, "site.org");
  EXPECT_EQ(a->evidence["site"], "url");
  EXPECT_TRUE(a->published.empty());
  EXPECT_TRUE(a->authors.empty());
  EXPECT_EQ(a->evidence.count("published"), 0u);
}

TEST(JsonLinesTest, Passim) {
  auto a = ArticleFromJsonLine(
      R"({"id": "ca/1851-01-23/p1#3", "series": "sn84026749", "date": "1851-01-23",
          "title": "Local news", "text": "First para\nstill first.\n\n\nSecond para."})",
      "p.jsonl#7");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->source, "ca/1851-01-23/p1#3");
  EXPECT_EQ(a->site, "sn84026749");
  EXPECT_EQ(a->publisher, "sn84026749");
  EXPECT_EQ(a->published, "1851-01-23");
  EXPECT_EQ(a->title, "Local news");
  EXPECT_EQ(a->text, "First para\nstill first.\n\nSecond para.");
  ASSERT_EQ(a->blocks.size(), 2u);
  EXPECT_EQ(a->blocks[0].end, 23u);
  EXPECT_EQ(a->blocks[1].begin, 25u);
  EXPECT_EQ(a->evidence["site"], "passim");
  EXPECT_EQ(a->evidence["published"], "passim");
  EXPECT_EQ(a->evidence["title"], "passim");

  auto no_id = ArticleFromJsonLine(R"({"series": "s", "text": "t"})", "p.jsonl#8");
  ASSERT_TRUE(no_id.ok());
  EXPECT_EQ(no_id->source, "p.jsonl#8");
}

TEST(JsonLinesTest, OwnFormatRoundTripsUnchanged) {
  Article a;
  a.source = "page.html";
  a.url = "https://example.com/a";
  a.canonical_url = "https://example.com/a";
  a.site = "example.com";
  a.title = "Title";
  a.authors = {"A. Writer"};
  a.published = "2020-01-16T08:00:00Z";
  a.publisher = "Example";
  a.language = "en";
  a.categories = {{"Region", "Middle East"}};
  a.text = "Heading\n\nBody text.";
  a.blocks = {{BlockKind::kHeading, 0, 7}, {BlockKind::kParagraph, 9, 19}};
  a.links = {{"https://x.example/", "Body", 9, 13}};
  a.notices = {{NoticeKind::kRepublishTerms, "Republish with credit.", "Example", ""}};
  a.evidence = {{"title", "json-ld"}, {"published", "meta"}};
  const std::string line = ToJson(a).dump();
  auto back = ArticleFromJsonLine(line, "export.jsonl#1");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJson(*back).dump(), line);

  a.source.clear();
  auto sourced = ArticleFromJsonLine(ToJson(a).dump(), "export.jsonl#2");
  ASSERT_TRUE(sourced.ok());
  EXPECT_EQ(sourced->source, "export.jsonl#2");
}

TEST(JsonLinesTest, OwnFormatWithoutBlocksIsDetectedByEvidence) {
  auto a = ArticleFromJsonLine(R"({"text": "Only text.", "evidence": {"title": "h1"}})", "s");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->text, "Only text.");
  EXPECT_EQ(a->evidence["title"], "h1");
}

TEST(JsonLinesTest, Errors) {
  EXPECT_EQ(ArticleFromJsonLine("not json", "s").status().code(), ErrorCode::kBadRecord);
  EXPECT_EQ(ArticleFromJsonLine("{\"text\": \"x\"", "s").status().code(), ErrorCode::kBadRecord);
  EXPECT_EQ(ArticleFromJsonLine("[1, 2]", "s").status().code(), ErrorCode::kBadRecord);
  EXPECT_EQ(ArticleFromJsonLine(R"({"title": "no text"})", "s").status().code(),
            ErrorCode::kBadRecord);
  EXPECT_EQ(ArticleFromJsonLine(R"({"maintext": 42})", "s").status().code(), ErrorCode::kBadRecord);
  EXPECT_EQ(ArticleFromJsonLine(R"({"maintext": "  \n "})", "s").status().code(),
            ErrorCode::kEmpty);
  EXPECT_EQ(ArticleFromJsonLine(R"({"maintext": null, "url": "u"})", "s").status().code(),
            ErrorCode::kEmpty);
  EXPECT_EQ(ArticleFromJsonLine(R"({"id": "x", "text": ""})", "s").status().code(),
            ErrorCode::kEmpty);
  EXPECT_EQ(ArticleFromJsonLine(
                R"({"text": "abc", "blocks": [{"kind": "paragraph", "begin": 0, "end": 9}]})", "s")
                .status()
                .code(),
            ErrorCode::kBadRecord);
}

TEST(JsonLinesTest, TrailingCarriageReturnAndPlainText) {
  auto a = ArticleFromJsonLine("{\"text\": \"One.\\n\\nTwo.\"}\r", "s");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->blocks.size(), 2u);
  EXPECT_EQ(a->source, "s");
}

TEST(JsonLinesTest, LooksLikeJsonLines) {
  EXPECT_TRUE(LooksLikeJsonLines("{\"a\": 1}\n"));
  EXPECT_TRUE(LooksLikeJsonLines("\xEF\xBB\xBF  \n{"));
  EXPECT_FALSE(LooksLikeJsonLines("<html>"));
  EXPECT_FALSE(LooksLikeJsonLines("[1]"));
  EXPECT_FALSE(LooksLikeJsonLines(""));
}

}  // namespace
}  // namespace newstrace::ingest
