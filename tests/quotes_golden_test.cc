// Golden tests for `newstrace quotes`: every page in examples/ and
// tests/fixtures/ has its expected quotes in tests/golden/quotes/<file name>.json.
// After an intended change, regenerate with scripts/regen-golden and review
// the diff (git diff tests/golden/quotes). The seed article's quotes are also
// checked field by field below, so that a regenerated golden file cannot
// silently drop them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "golden_inputs.h"
#include "run_command.h"

namespace newstrace::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

TEST(QuotesGoldenTest, EveryInputMatchesItsGoldenFile) {
  std::vector<std::string> inputs = GoldenInputs();
  ASSERT_FALSE(inputs.empty());
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    fs::path golden = fs::path(NEWSTRACE_SOURCE_DIR) / "tests/golden/quotes" /
                      (fs::path(input).filename().string() + ".json");
    ASSERT_TRUE(fs::exists(golden)) << "missing " << golden << ": run scripts/regen-golden";
    CommandResult r = RunCommand(Binary() + " quotes --format json " + input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out), json::parse(ReadFile(golden)));
  }
}

const json* FindQuote(const json& quotes, const std::string& text) {
  for (const json& q : quotes) {
    if (q["text"] == text) return &q;
  }
  return nullptr;
}

// The seed article: the answers issue 6 asks for.
TEST(QuotesGoldenTest, SeedArticleQuotes) {
  for (const char* input : {"examples/seed-article.md", "tests/fixtures/seed-article.html"}) {
    SCOPED_TRACE(input);
    CommandResult r = RunCommand(Binary() + " quotes --format json " + input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json quotes = json::parse(r.out)["quotes"];

    // The BBC block quote, introduced by "... would claim:".
    ASSERT_FALSE(quotes.empty());
    const json& bbc = quotes[0];
    EXPECT_EQ(bbc["kind"], "block");
    EXPECT_EQ(bbc["speaker"], "BBC");
    EXPECT_EQ(bbc["cue"], "would claim");
    EXPECT_NE(bbc["source"].get<std::string>().find(
                  "Qasem Soleimani: Strike was to 'stop war', says Trump"),
              std::string::npos);
    EXPECT_EQ(bbc["text"].get<std::string>().rfind("President Donald Trump said", 0), 0u);

    // Trump inside it, the second via "He said".
    const json* stop = FindQuote(quotes, "to stop a war, not to start one");
    ASSERT_NE(stop, nullptr);
    EXPECT_EQ((*stop)["speaker"], "Donald Trump");
    EXPECT_EQ((*stop)["cue"], "said");
    const json* reign = FindQuote(quotes, "reign of terror is over");
    ASSERT_NE(reign, nullptr);
    EXPECT_EQ((*reign)["speaker"], "Donald Trump");
    int b = (*reign)["speaker_begin"], e = (*reign)["speaker_end"];
    EXPECT_EQ(e - b, 2);  // the mention is "He"

    // The DIA's leaked memo.
    const json* dia = FindQuote(quotes, "the West, Gulf monarchies, and Turkey");
    ASSERT_NE(dia, nullptr);
    EXPECT_EQ((*dia)["speaker"], "US Defense Intelligence Agency");
    EXPECT_EQ((*dia)["source"], "a 2012 leaked memo");

    // The leaked report, "states (emphasis added):".
    bool report = false;
    for (const json& q : quotes) {
      if (q["kind"] == "block" && q["cue"] == "states" &&
          q["text"].get<std::string>().rfind("If the situation unravels", 0) == 0) {
        report = true;
        EXPECT_NE(q["source"].get<std::string>().find("emphasis added"), std::string::npos);
      }
    }
    EXPECT_TRUE(report);

    // Scare quotes and names are not quotes.
    for (const json& q : quotes) {
      std::string text = q["text"];
      EXPECT_EQ(text.find("Islamic State in Iraq and Syris"), std::string::npos) << text;
      EXPECT_NE(text, "terror");
      EXPECT_NE(text, "Salafist principality.");
    }
  }
}

// For .txt inputs the offsets are offsets into the file itself.
TEST(QuotesCliTest, PlainTextOffsetsAreFileOffsets) {
  std::string path = ::testing::TempDir() + "/quotes_cli_test.txt";
  std::string text =
      "\xEF\xBB\xBFHarbour news\n\n"
      "\xE2\x80\x9CWe will reopen the pier in May,\xE2\x80\x9D harbour master Jo Finch said.\n\n"
      "Finch added: \"The repairs cost more than we planned for.\"\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  CommandResult r = RunCommand(Binary() + " quotes --format jsonl '" + path + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  json quotes = lines[0]["quotes"];
  ASSERT_EQ(quotes.size(), 2u);
  for (const json& q : quotes) {
    size_t b = q["begin"], e = q["end"];
    EXPECT_EQ(text.substr(b, e - b), q["text"].get<std::string>());
    EXPECT_EQ(q["speaker"], "Jo Finch");
  }
  std::remove(path.c_str());
}

TEST(QuotesCliTest, TextFormatAndErrors) {
  CommandResult r = RunCommand(Binary() + " quotes --format text examples/seed-article.md");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Donald Trump (said): \xE2\x80\x9Creign of terror is over\xE2\x80\x9D"),
            std::string::npos)
      << r.out;
  CommandResult missing = RunCommand(Binary() + " quotes no-such-file.html");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(json::parse(missing.out)["error"]["code"], "not_found");
  CommandResult help = RunCommand(Binary() + " quotes --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("speaker"), std::string::npos);
}

}  // namespace
}  // namespace newstrace::testing
