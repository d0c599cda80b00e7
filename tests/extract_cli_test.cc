// End-to-end tests of `newstrace extract`, driving the real binary as the
// README does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace newstrace::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

class ExtractCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("extract_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  CommandResult Extract(const std::string& args) {
    return RunCommand(Binary() + " extract " + args);
  }

  std::filesystem::path dir_;
};

const char kArticleHtml[] = R"(<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Harbour bridge reopens after repairs - The Coastal Times</title>
<meta property="og:site_name" content="The Coastal Times">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<meta name="author" content="Maria Lindqvist">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after eight months of repairs to its steel deck, the city council said.</p>
<p>Engineers replaced more than four hundred rivets and repainted the main span, work that ran two months over schedule because of winter storms.</p>
<p>"We are glad to give the bridge back to the people who use it every day," the council's transport chief, Anna Berg, told reporters at the opening.</p>
</article>
<footer><p>Copyright 2024 The Coastal Times. All rights reserved.</p><a href="/about">About us</a></footer>
</body></html>)";

TEST_F(ExtractCliTest, HtmlPageGivesArticleJson) {
  std::string page = Write("bridge.html", kArticleHtml);
  CommandResult r = Extract("--format jsonl " + page);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  const json& a = lines[0];
  EXPECT_EQ(a["source"], page);
  EXPECT_EQ(a["title"], "Harbour bridge reopens after repairs");
  EXPECT_EQ(a["authors"], json::array({"Maria Lindqvist"}));
  EXPECT_THAT(a["published"].get<std::string>(), HasSubstr("2024-03-05"));
  EXPECT_EQ(a["publisher"], "The Coastal Times");
  EXPECT_EQ(a["language"], "en");
  std::string text = a["text"];
  EXPECT_THAT(text, HasSubstr("The harbour bridge reopened"));
  EXPECT_THAT(text, HasSubstr("told reporters at the opening."));
  EXPECT_THAT(text, Not(HasSubstr("Home")));
  EXPECT_THAT(text, Not(HasSubstr("All rights reserved")));
  // Blocks are byte offsets into text, separated by blank lines.
  ASSERT_EQ(a["blocks"].size(), 3u);
  for (const json& b : a["blocks"]) {
    size_t begin = b["begin"], end = b["end"];
    ASSERT_LE(begin, end);
    ASSERT_LE(end, text.size());
  }
  EXPECT_EQ(text.substr(a["blocks"][1]["begin"], 9), "Engineers");
  EXPECT_THAT(r.err, HasSubstr("1 input, 1 extracted, 0 failed"));
}

TEST_F(ExtractCliTest, ReadsGzipStdinAndDirectoriesInOrder) {
  Write("site/b.html", kArticleHtml);
  Write("site/a/page.htm", kArticleHtml);
  Write("site/notes.bin", "ignored by directory walks");
  std::string gz = Write("page.html", kArticleHtml);
  ASSERT_EQ(std::system(("gzip -kf '" + gz + "'").c_str()), 0);
  CommandResult r = RunCommand("cat '" + gz + "' | " + Binary() + " extract --format jsonl -j 3 '" +
                               (dir_ / "site").string() + "' '" + gz + ".gz' -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["source"], (dir_ / "site/a/page.htm").string());
  EXPECT_EQ(lines[1]["source"], (dir_ / "site/b.html").string());
  EXPECT_EQ(lines[2]["source"], gz + ".gz");
  EXPECT_EQ(lines[3]["source"], "-");
  for (const json& a : lines) EXPECT_EQ(a["title"], "Harbour bridge reopens after repairs");
}

TEST_F(ExtractCliTest, BadInputsGiveErrorRowsAndExitOne) {
  std::string good = Write("good.html", kArticleHtml);
  std::string png = Write("image.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  std::string empty =
      Write("empty.html", "<html><body><nav><a href=/>Home</a></nav></body></html>");
  std::string big = Write("big.html", std::string(5000, 'x'));
  std::string bad_gz = Write("broken.html.gz", std::string("\x1f\x8b\x08\x00garbage", 12));
  CommandResult r =
      Extract("--format jsonl --max-bytes 4000 " + good + " " + (dir_ / "missing.html").string() +
              " " + png + " " + empty + " " + big + " " + bad_gz);
  EXPECT_EQ(r.exit_code, 1);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_FALSE(lines[0].contains("error"));
  EXPECT_EQ(lines[1]["error"]["code"], "not_found");
  EXPECT_EQ(lines[1]["source"], (dir_ / "missing.html").string());
  EXPECT_EQ(lines[2]["error"]["code"], "binary");
  EXPECT_EQ(lines[3]["error"]["code"], "empty");
  EXPECT_EQ(lines[4]["error"]["code"], "too_large");
  EXPECT_EQ(lines[5]["error"]["code"], "bad_gzip");
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_FALSE(lines[i]["error"]["message"].get<std::string>().empty());
  }
  EXPECT_THAT(r.err, HasSubstr("6 inputs, 1 extracted, 5 failed"));
  EXPECT_THAT(r.err, HasSubstr("not_found: 1"));
}

TEST_F(ExtractCliTest, WarcFilesPointToIngest) {
  CommandResult r = Extract("--format jsonl tests/fixtures/warc/multi.warc.gz");
  EXPECT_EQ(r.exit_code, 1);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["error"]["code"], "not_html");
  EXPECT_THAT(lines[0]["error"]["message"].get<std::string>(), HasSubstr("newstrace ingest"));
}

TEST_F(ExtractCliTest, UnreadableFileIsReported) {
  if (geteuid() == 0) GTEST_SKIP() << "root can read any file";
  std::string page = Write("secret.html", kArticleHtml);
  std::filesystem::permissions(page, std::filesystem::perms::none);
  CommandResult r = Extract("--format jsonl " + page);
  EXPECT_EQ(r.exit_code, 1);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["error"]["code"], "not_readable");
}

TEST_F(ExtractCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Extract("").exit_code, 2);
  EXPECT_EQ(Extract("--format yaml x.html").exit_code, 2);
  EXPECT_EQ(Extract("--url http://a.example/ a.html b.html").exit_code, 2);
  EXPECT_EQ(RunCommand(Binary() + " frobnicate").exit_code, 2);
  CommandResult help = RunCommand(Binary() + " extract --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--format"));
}

TEST_F(ExtractCliTest, HostileMarkupNeverCrashes) {
  std::string deep = "<html><body><p>Deep text that still counts as a paragraph of prose here.</p>";
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  deep += "<p>Inner paragraph at the bottom of a very deep tree of nested elements.</p>";
  std::string huge_attr = "<html><body><p title=\"" + std::string(10 << 20, 'a') +
                          "\">A paragraph with an enormous attribute value, still text.</p>";
  std::string broken =
      "<html><head><meta charset=utf-8></head><body><p>Bad \xff\xfe bytes "
      "\xc3 in \xe2\x80 utf-8 text, and more words to make a sentence.</p>";
  std::string unclosed =
      "<html><body><p>" + std::string(100000, '<') + "<!--" + std::string(1000, '&') + "<script>";
  std::vector<std::string> pages = {Write("deep.html", deep), Write("attr.html", huge_attr),
                                    Write("broken.html", broken), Write("unclosed.html", unclosed)};
  for (const std::string& page : pages) {
    CommandResult r = Extract("--format jsonl " + page);
    EXPECT_LT(r.exit_code, 2) << page << "\n" << r.err;
    auto lines = JsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u) << page;
  }
  CommandResult r = Extract("--format jsonl " + pages[2]);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0]["text"].get<std::string>(), HasSubstr("\xef\xbf\xbd"));  // U+FFFD
}

TEST_F(ExtractCliTest, MarkdownAndTextFormats) {
  std::string page = Write("bridge.html", kArticleHtml);
  CommandResult md = Extract("--format markdown " + page);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_THAT(md.out, HasSubstr("---\ntitle: \"Harbour bridge reopens after repairs\""));
  EXPECT_THAT(md.out, HasSubstr("# Harbour bridge reopens after repairs\n"));
  CommandResult text = Extract("--format text " + page);
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_EQ(text.out.rfind("The harbour bridge reopened", 0), 0u);
}

TEST_F(ExtractCliTest, MarkdownKeepsLineBreaksInsideQuotes) {
  std::string page =
      Write("poem.html",
            "<html><body><article><p>Intro paragraph that is long enough to be prose, with commas, "
            "and a full stop.</p><blockquote><p>Line one of a poem<br>line two of the poem</p>"
            "</blockquote><p>Another paragraph that is long enough to count as prose, with words, "
            "and more.</p></article></body></html>");
  CommandResult md = Extract("--format markdown " + page);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_THAT(md.out, HasSubstr("> Line one of a poem\n> line two of the poem\n"));
  auto lines = JsonLines(Extract("--format jsonl " + page).out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0]["text"].get<std::string>(),
              HasSubstr("Line one of a poem\nline two of the poem"));
}

TEST_F(ExtractCliTest, PlainTextKeepsTheFileAsText) {
  std::string content = "First paragraph of a plain text dump.\n\nSecond paragraph, kept.\n";
  std::string page = Write("dump.txt", content);
  CommandResult r = Extract("--format jsonl " + page);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["text"], content);
  ASSERT_EQ(lines[0]["blocks"].size(), 2u);
  EXPECT_EQ(lines[0]["blocks"][1]["begin"], content.find("Second"));
}

}  // namespace
}  // namespace newstrace::testing
