// End-to-end tests of `newstrace ingest`, `search`, `export` and `stats`,
// driving the real binary, including a SIGKILL in the middle of an ingest.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "run_command.h"
#include "store/store.h"

namespace newstrace::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using json = nlohmann::json;

std::string Page(int i) {
  static const char* kTopics[] = {"harbour", "railway", "library", "orchard", "stadium"};
  std::string topic = kTopics[i % 5];
  return "<html><head><title>Story " + std::to_string(i) + " about the " + topic +
         "</title><meta property=\"og:site_name\" content=\"Test Gazette\">"
         "<meta property=\"article:published_time\" content=\"2024-0" +
         std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
         "T08:00:00Z\"></head><body><nav><a href=/>Home</a></nav><article><h1>Story " +
         std::to_string(i) + " about the " + topic + "</h1><p>Paragraph one of story number " +
         std::to_string(i) + " tells how the town council debated the future of the old " + topic +
         " for a long evening.</p><p>Paragraph two adds that residents, " +
         "shopkeepers and the mayor all spoke, and that a decision is due next month.</p>"
         "</article></body></html>";
}

class IngestCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("ingest_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  std::string Db(const std::string& name = "corpus.db") { return (dir_ / name).string(); }

  CommandResult Newstrace(const std::string& args) { return RunCommand(Binary() + " " + args); }

  // Articles of a store as sorted JSON lines (order-independent comparison).
  std::vector<std::string> ExportedArticles(const std::string& db) {
    CommandResult r = Newstrace("export --db " + db + " --what articles --format jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  fs::path dir_;
};

TEST_F(IngestCliTest, IngestsPagesAndJsonLinesAndIsIdempotent) {
  for (int i = 0; i < 6; ++i) Write("site/page" + std::to_string(i) + ".html", Page(i));
  Write("site/broken.html", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  Write(
      "feed.jsonl",
      R"({"url": "https://np.example/a", "title": "From news-please", "maintext": "A first paragraph of a news-please article about a river.\nA second paragraph.", "date_publish": "2021-05-04 10:00:00", "authors": ["Ann Example"], "source_domain": "np.example", "language": "en"})"
      "\n"
      R"({"id": "passim-1", "series": "gazette", "date": "1901-02-03", "text": "Old newspaper text about the harbour and its ships."})"
      "\nnot json at all\n");
  CommandResult first = Newstrace("ingest --db " + Db() + " --progress none " +
                                  (dir_ / "site").string() + " " + (dir_ / "feed.jsonl").string());
  EXPECT_EQ(first.exit_code, 1) << first.err;  // the PNG and the bad line failed
  EXPECT_THAT(first.err, HasSubstr("article"));
  std::vector<std::string> articles = ExportedArticles(Db());
  EXPECT_EQ(articles.size(), 8u);

  CommandResult errors = Newstrace("export --db " + Db() + " --what errors --format jsonl");
  ASSERT_EQ(errors.exit_code, 0);
  std::vector<json> rows = JsonLines(errors.out);
  ASSERT_EQ(rows.size(), 2u) << errors.out;
  EXPECT_EQ(rows[0]["outcome"], "binary");
  EXPECT_EQ(rows[1]["outcome"], "bad_record");
  EXPECT_THAT(rows[1]["record"].get<std::string>(), HasSubstr("feed.jsonl#L3"));

  // Again: nothing new.
  CommandResult second = Newstrace("ingest --db " + Db() + " --progress none " +
                                   (dir_ / "site").string() + " " + (dir_ / "feed.jsonl").string());
  EXPECT_THAT(second.err, HasSubstr("already_stored"));
  EXPECT_EQ(ExportedArticles(Db()), articles);

  CommandResult runs = Newstrace("export --db " + Db() + " --what runs --format jsonl");
  std::vector<json> run_rows = JsonLines(runs.out);
  ASSERT_EQ(run_rows.size(), 2u);
  EXPECT_EQ(run_rows[0]["counts"]["article"], 8);
  EXPECT_TRUE(run_rows[1]["completed"].get<bool>());
}

TEST_F(IngestCliTest, ExportRoundTripsThroughIngest) {
  for (int i = 0; i < 4; ++i) Write("site/page" + std::to_string(i) + ".html", Page(i));
  ASSERT_LT(
      Newstrace("ingest --db " + Db() + " --progress none " + (dir_ / "site").string()).exit_code,
      2);
  CommandResult exported = Newstrace("export --db " + Db() + " --format jsonl");
  std::string file = Write("export.jsonl", exported.out);
  CommandResult again = Newstrace("ingest --db " + Db("copy.db") + " --progress none " + file);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(ExportedArticles(Db("copy.db")), ExportedArticles(Db()));
}

TEST_F(IngestCliTest, SearchFiltersAndStats) {
  for (int i = 0; i < 10; ++i) Write("site/page" + std::to_string(i) + ".html", Page(i));
  ASSERT_EQ(
      Newstrace("ingest --db " + Db() + " --progress none " + (dir_ / "site").string()).exit_code,
      0);
  CommandResult hits = Newstrace("search --db " + Db() + " --format jsonl 'railway council'");
  ASSERT_EQ(hits.exit_code, 0) << hits.err;
  std::vector<json> rows = JsonLines(hits.out);
  ASSERT_EQ(rows.size(), 2u);  // stories 1 and 6
  for (const json& row : rows) {
    EXPECT_THAT(row["title"].get<std::string>(), HasSubstr("railway"));
    EXPECT_THAT(row["snippet"].get<std::string>(), HasSubstr("["));
  }
  CommandResult none =
      Newstrace("search --db " + Db() + " --format jsonl --since 2030-01-01 railway");
  EXPECT_TRUE(JsonLines(none.out).empty());
  EXPECT_EQ(Newstrace("search --db " + Db() + " 'AND OR ('").exit_code, 2);
  CommandResult stats = Newstrace("stats --db " + Db());
  ASSERT_EQ(stats.exit_code, 0);
  EXPECT_THAT(stats.out, HasSubstr("by language"));
  EXPECT_THAT(stats.out, HasSubstr("2024-0"));
  EXPECT_EQ(Newstrace("stats --db " + Db("missing.db")).exit_code, 1);
}

// Kills an ingest with SIGKILL mid-run, re-runs it, and compares the corpus
// with an uninterrupted run: exactly the same articles, no duplicates.
TEST_F(IngestCliTest, ResumesAfterSigkill) {
  const int kPages = 2500;
  for (int i = 0; i < kPages; ++i) {
    Write("crawl/p" + std::to_string(1000 + i) + ".html", Page(i));
  }
  std::string crawl = (dir_ / "crawl").string();
  ASSERT_EQ(Newstrace("ingest --db " + Db("clean.db") + " --progress none -j 2 " + crawl).exit_code,
            0);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    execl(NEWSTRACE_BINARY, NEWSTRACE_BINARY, "ingest", "--db", Db("killed.db").c_str(),
          "--progress", "none", "--batch-size", "20", "-j", "2", crawl.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until some batches are committed, then kill without warning. One
  // connection, opened once the child has created the store, watches.
  bool killed_mid_run = false;
  std::unique_ptr<store::Store> watcher;
  for (int i = 0; i < 5000 && !killed_mid_run; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (waitpid(child, nullptr, WNOHANG) == child) {
      child = -1;  // finished on its own: too fast to kill
      break;
    }
    if (!watcher) {
      if (!fs::exists(Db("killed.db"))) continue;
      auto db = store::OpenSqliteStore(Db("killed.db"));
      if (!db.ok()) continue;
      watcher = std::move(*db);
    }
    auto done = watcher->HasRecord((dir_ / "crawl/p1030.html").string());
    if (done.ok() && *done) {
      kill(child, SIGKILL);
      auto last = watcher->HasRecord((dir_ / "crawl/p3499.html").string());
      killed_mid_run = last.ok() && !*last;
    }
  }
  watcher.reset();
  if (child > 0) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
  }
  EXPECT_TRUE(killed_mid_run) << "the ingest finished before it could be killed";

  CommandResult resumed =
      Newstrace("ingest --db " + Db("killed.db") + " --progress none -j 2 " + crawl);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("already_stored"));
  std::vector<std::string> clean = ExportedArticles(Db("clean.db"));
  EXPECT_EQ(clean.size(), static_cast<size_t>(kPages));
  EXPECT_EQ(ExportedArticles(Db("killed.db")), clean);
}

TEST_F(IngestCliTest, ReadsWarcAndJsonLinesFromStdin) {
  std::string warc = std::string(NEWSTRACE_SOURCE_DIR) + "/tests/fixtures/warc/multi.warc.gz";
  CommandResult r = RunCommand("cat '" + warc + "' | " + Binary() + " ingest --db " + Db() +
                               " --progress none -");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the fixture holds a 404 and an image
  EXPECT_THAT(r.err, HasSubstr("article"));
  size_t from_warc = ExportedArticles(Db()).size();
  EXPECT_GE(from_warc, 3u);
  // The same stream again adds nothing; another stream is not mistaken for it.
  RunCommand("cat '" + warc + "' | " + Binary() + " ingest --db " + Db() + " --progress none -");
  EXPECT_EQ(ExportedArticles(Db()).size(), from_warc);
  std::string jsonl =
      R"({"url": "https://np.example/b", "title": "Piped", "maintext": "A piped article about bridges and rivers, long enough to count."})";
  CommandResult piped = RunCommand("echo '" + jsonl + "' | " + Binary() + " ingest --db " + Db() +
                                   " --progress none -");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(ExportedArticles(Db()).size(), from_warc + 1);
}

TEST_F(IngestCliTest, InterruptStopsCleanlyAndResumes) {
  for (int i = 0; i < 3000; ++i) Write("crawl/p" + std::to_string(1000 + i) + ".html", Page(i));
  std::string crawl = (dir_ / "crawl").string();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    execl(NEWSTRACE_BINARY, NEWSTRACE_BINARY, "ingest", "--db", Db().c_str(), "--progress", "none",
          "--batch-size", "20", "-j", "2", crawl.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Ctrl-C once the store exists and holds something.
  for (int i = 0; i < 5000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (fs::exists(Db()) && fs::file_size(Db()) > 0) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(child, SIGINT);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  int code = WEXITSTATUS(status);
  EXPECT_TRUE(code == 130 || code == 0) << code;  // 0: it finished before the signal
  CommandResult runs = Newstrace("export --db " + Db() + " --what runs --format jsonl");
  std::vector<json> run_rows = JsonLines(runs.out);
  ASSERT_EQ(run_rows.size(), 1u);
  EXPECT_EQ(run_rows[0]["completed"].get<bool>(), code == 0);
  CommandResult resumed = Newstrace("ingest --db " + Db() + " --progress none " + crawl);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(ExportedArticles(Db()).size(), 3000u);
}

}  // namespace
}  // namespace newstrace::testing
