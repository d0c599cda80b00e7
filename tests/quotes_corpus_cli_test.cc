// Quotes across a corpus (issue 6) through the real binary: a speech
// transcript ("Remarks at the harbour", published first), two articles
// quoting a sentence of it with other punctuation and one word changed, one
// truncating it, one with a fabricated quote linked to the same speech, and
// an unrelated article. Ingested as newstrace JSON lines (with the links
// that name the source), then exported, traced, listed by speaker, verified
// and, after the quote rows are deleted, found again with --update.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_command.h"

namespace newstrace::testing {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

constexpr const char* kSpeechUrl = "https://city.example/remarks-at-the-harbour";
constexpr const char* kSentence =
    "We will rebuild this harbour stone by stone, and no storm will take it from us again.";

// A newstrace JSON line: paragraphs joined by blank lines, with blocks, and
// a link to the speech on `link_text` (when given).
std::string Line(const std::string& url, const std::string& title, const std::string& published,
                 const std::vector<std::string>& paragraphs, const std::string& link_text = "") {
  json j;
  j["url"] = url;
  j["site"] = url.substr(8, url.find('/', 8) - 8);
  j["title"] = title;
  j["published"] = published;
  j["language"] = "en";
  std::string text;
  json blocks = json::array();
  for (const std::string& p : paragraphs) {
    if (!text.empty()) text += "\n\n";
    blocks.push_back(
        {{"kind", "paragraph"}, {"begin", text.size()}, {"end", text.size() + p.size()}});
    text += p;
  }
  j["text"] = text;
  j["blocks"] = blocks;
  j["links"] = json::array();
  if (!link_text.empty()) {
    const size_t at = text.find(link_text);
    j["links"].push_back(
        {{"href", kSpeechUrl}, {"text", link_text}, {"begin", at}, {"end", at + link_text.size()}});
  }
  return j.dump() + "\n";
}

class QuotesCorpusCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("quotes_corpus_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "corpus.db").string();
    std::ofstream out(dir_ / "corpus.jsonl");
    out << Line(kSpeechUrl, "Remarks at the harbour", "2024-03-01T09:00:00Z",
                {"Good morning, everyone, and thank you for coming down to the quay.", kSentence,
                 "The fleet will sail again by the summer."})
        << Line("https://daily.example/mayor-vows", "Mayor vows to rebuild", "2024-03-02",
                {"Mayor Ann Lee spoke at the quay on Friday.",
                 "\"We will rebuild the harbour, stone by stone - and no storm will take it "
                 "from us again,\" Lee said in her speech at the harbour."},
                "speech at the harbour")
        << Line("https://news.example/storm", "After the storm", "2024-03-03",
                {"The storm destroyed forty boats.",
                 "\"We will rebuild this harbor stone by stone; and no storm will take it from us "
                 "again!\" Ann Lee said in her speech."},
                "speech")
        << Line("https://blog.example/quay", "Notes from the quay", "2024-03-04",
                {"A short note.",
                 "Ann Lee said in her speech that \"we will rebuild this harbour stone by "
                 "stone\"."},
                "speech")
        << Line("https://tabloid.example/sale", "Harbour for sale", "2024-03-05",
                {"A shock claim.",
                 "Ann Lee said in her speech that \"the harbour will be sold to the highest "
                 "bidder before the summer\"."},
                "speech")
        << Line("https://other.example/trains", "Trains", "2024-02-01",
                {"The spring timetable adds two trains to the coast."});
    out.close();
    auto ingest = RunCommand(Binary() + " ingest --progress none --db '" + db_ + "' '" +
                             (dir_ / "corpus.jsonl").string() + "'");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandResult Quotes(const std::string& args) {
    return RunCommand(Binary() + " quotes --db '" + db_ + "' " + args);
  }

  std::map<std::string, int64_t> Ids() {
    std::map<std::string, int64_t> ids;
    auto all = RunCommand(Binary() + " export --db '" + db_ + "' --what articles");
    int64_t id = 0;
    for (const json& a : JsonLines(all.out)) ids[a["url"]] = ++id;  // exported in id order
    return ids;
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(QuotesCorpusCliTest, ExportListsStoredQuotesWithTheirArticle) {
  auto out = RunCommand(Binary() + " export --db '" + db_ + "' --what quotes");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::vector<json> rows = JsonLines(out.out);
  ASSERT_GE(rows.size(), 4u);
  int linked = 0;
  for (const json& r : rows) {
    for (const char* key :
         {"article_id", "url", "site", "published", "ordinal", "kind", "begin", "end", "text",
          "speaker", "speaker_begin", "speaker_end", "cue", "source", "source_url"}) {
      EXPECT_TRUE(r.contains(key)) << key << " in " << r.dump();
    }
    if (r["source_url"] == kSpeechUrl) ++linked;
    EXPECT_NE(r["url"], kSpeechUrl);  // the transcript quotes no one
  }
  EXPECT_EQ(linked, 4) << out.out;
  auto csv = RunCommand(Binary() + " export --db '" + db_ + "' --what quotes --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("article_id,url,site,published,ordinal,kind,begin,end,text,"));
  EXPECT_THAT(csv.out, HasSubstr("highest bidder"));
  auto limited = RunCommand(Binary() + " export --db '" + db_ + "' --what quotes --limit 1");
  EXPECT_EQ(JsonLines(limited.out).size(), 1u);
  auto stats = RunCommand(Binary() + " stats --db '" + db_ + "'");
  EXPECT_THAT(stats.out, HasSubstr("quotes: " + std::to_string(rows.size()) +
                                   " (6 articles scanned for quotes)"));
}

TEST_F(QuotesCorpusCliTest, TraceFindsTheSpeechFirstAndTheVariants) {
  const auto ids = Ids();
  auto out = Quotes(
      "--format json --trace 'We will rebuild this harbour, stone by stone, and no "
      "storm will take it from us again.'");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json trace = json::parse(out.out);
  EXPECT_EQ(trace["earliest"]["url"], kSpeechUrl);
  std::vector<std::string> urls;
  for (const json& a : trace["appearances"]) urls.push_back(a["url"]);
  EXPECT_THAT(urls,
              ::testing::ElementsAre(kSpeechUrl, "https://daily.example/mayor-vows",
                                     "https://news.example/storm", "https://blog.example/quay"));
  const json& daily = trace["appearances"][1];
  EXPECT_THAT(daily["wording"].get<std::string>(), HasSubstr("We will rebuild the harbour"));
  ASSERT_TRUE(daily["verification"].is_object()) << daily.dump();
  EXPECT_EQ(daily["verification"]["verdict"], "changed");
  EXPECT_EQ(daily["verification"]["found_by"], "source_url");
  EXPECT_EQ(daily["verification"]["source_article_id"], ids.at(kSpeechUrl));
  EXPECT_EQ(trace["appearances"][3]["verification"]["verdict"], "exact");
  ASSERT_EQ(trace["variants"].size(), 4u);
  EXPECT_TRUE(trace["variants"][0]["same_as_first"].get<bool>());
  EXPECT_THAT(trace["variants"][1]["diff_from_first"].get<std::string>(),
              HasSubstr("[-this-] {+the+}"));
  EXPECT_THAT(trace["variants"][2]["diff_from_first"].get<std::string>(),
              HasSubstr("[-harbour-] {+harbor+}"));
  EXPECT_THAT(trace["variants"][3]["diff_from_first"].get<std::string>(),
              HasSubstr("[-and no storm will take it from us again-]"));

  auto text = Quotes("--trace 'we will rebuild this harbour stone by stone'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(std::string("earliest: 2024-03-01  city.example")));
  EXPECT_THAT(text.out, HasSubstr("[earliest]"));
  EXPECT_THAT(text.out, HasSubstr("differs from the first: "));
  EXPECT_THAT(text.out, HasSubstr("verdict: changed"));
  EXPECT_THAT(text.out, Not(HasSubstr("tabloid.example")));
  EXPECT_THAT(text.err, Not(HasSubstr("never scanned")));
}

TEST_F(QuotesCorpusCliTest, SpeakerGroupsTheRebuildQuotesApartFromTheFabricatedOne) {
  auto out = Quotes("--format json --speaker 'lee'");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json result = json::parse(out.out);
  ASSERT_GE(result["groups"].size(), 2u) << out.out;
  const json& first = result["groups"][0];
  EXPECT_THAT(first["wording"].get<std::string>(), HasSubstr("rebuild the harbour"));
  std::vector<std::string> urls;
  for (const json& m : first["quotes"]) urls.push_back(m["url"]);
  EXPECT_THAT(
      urls, ::testing::ElementsAre("https://daily.example/mayor-vows", "https://news.example/storm",
                                   "https://blog.example/quay"));
  bool fabricated_apart = false;
  for (size_t g = 1; g < result["groups"].size(); ++g) {
    fabricated_apart = fabricated_apart || result["groups"][g]["wording"].get<std::string>().find(
                                               "highest bidder") != std::string::npos;
  }
  EXPECT_TRUE(fabricated_apart) << out.out;
  auto nobody = Quotes("--speaker 'Nobody Known'");
  ASSERT_EQ(nobody.exit_code, 0);
  EXPECT_THAT(nobody.out, HasSubstr("0 quotes"));
}

TEST_F(QuotesCorpusCliTest, VerifyGivesAVerdictPerSourcedQuote) {
  auto out = Quotes("--verify --format json");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::map<std::string, std::string> verdict_by_url;
  for (const json& line : JsonLines(out.out)) {
    verdict_by_url[line["url"]] = line["verification"]["verdict"];
    EXPECT_EQ(line["verification"]["source_url"], kSpeechUrl) << line.dump();
  }
  EXPECT_EQ(verdict_by_url["https://daily.example/mayor-vows"], "changed");
  EXPECT_EQ(verdict_by_url["https://news.example/storm"], "changed");
  EXPECT_EQ(verdict_by_url["https://blog.example/quay"], "exact");
  EXPECT_EQ(verdict_by_url["https://tabloid.example/sale"], "not_found");
  EXPECT_THAT(out.err, HasSubstr("exact 1"));

  auto one = Quotes("--verify --article https://tabloid.example/sale");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("verdict: not_found"));
  EXPECT_THAT(one.out, HasSubstr("does not align"));
  EXPECT_THAT(one.out, Not(HasSubstr("daily.example")));
  auto changed = Quotes("--verify --article https://news.example/storm");
  EXPECT_THAT(changed.out, HasSubstr("changes: "));
  EXPECT_THAT(changed.out, HasSubstr("[-harbour-] {+harbor+}"));
  EXPECT_EQ(Quotes("--verify --article https://nowhere.example/").exit_code, 1);
}

TEST_F(QuotesCorpusCliTest, UpdateFindsQuotesOfArticlesNeverScanned) {
  auto before = RunCommand(Binary() + " export --db '" + db_ + "' --what quotes");
  const size_t quotes = JsonLines(before.out).size();
  ASSERT_GT(quotes, 0u);
  // As a store from before quotes were stored: no quote rows, nothing scanned.
  Sql("DELETE FROM quotes; DELETE FROM quote_scans;");
  auto trace = Quotes("--trace 'we will rebuild this harbour stone by stone'");
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  EXPECT_THAT(trace.err, HasSubstr("6 articles were never scanned for quotes"));
  EXPECT_THAT(trace.err, HasSubstr("--update"));

  auto update = Quotes("--update --progress none");
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_THAT(update.err, HasSubstr("scanned 6 articles"));
  auto after = RunCommand(Binary() + " export --db '" + db_ + "' --what quotes");
  EXPECT_EQ(after.out, before.out);
  auto again = Quotes("--update --progress none");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("scanned 0 articles"));
  EXPECT_EQ(RunCommand(Binary() + " export --db '" + db_ + "' --what quotes").out, before.out);
}

TEST_F(QuotesCorpusCliTest, UsageErrors) {
  EXPECT_EQ(RunCommand(Binary() + " quotes --trace 'a quote'").exit_code, 2);
  EXPECT_EQ(Quotes("--trace 'a' --speaker 'b'").exit_code, 2);
  EXPECT_EQ(Quotes("").exit_code, 2);
  EXPECT_EQ(Quotes("--speaker Lee --article 1").exit_code, 2);
  EXPECT_EQ(Quotes("--trace '" + std::string(2001, 'x') + "'").exit_code, 2);
  EXPECT_EQ(Quotes("--trace '...'").exit_code, 2);
  EXPECT_EQ(RunCommand(Binary() + " quotes --db '" + (dir_ / "missing.db").string() +
                       "' --trace 'a quote'")
                .exit_code,
            1);
}

}  // namespace
}  // namespace newstrace::testing
