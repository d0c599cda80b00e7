#include "store/fts_rank.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>
#include <string>
#include <vector>

namespace newstrace::store {
namespace {

// An in-memory FTS5 table (title, text) of generated documents: words drawn
// with Zipf-like frequencies, texts of 3 to 300 words so that row length
// matters to BM25.
class FtsTopKTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterFtsTopK(db_).ok());
    Exec("CREATE VIRTUAL TABLE docs USING fts5(title, text)");
    std::mt19937 rng(7);
    std::vector<double> weights;
    for (int i = 0; i < 60; ++i) weights.push_back(1.0 / (i + 1));
    std::discrete_distribution<int> word(weights.begin(), weights.end());
    std::uniform_int_distribution<int> length(3, 300);
    auto words = [&](int n) {
      std::string s;
      for (int i = 0; i < n; ++i) s += (i ? " w" : "w") + std::to_string(word(rng));
      return s;
    };
    Exec("BEGIN");
    for (int i = 1; i <= 1500; ++i) {
      sqlite3_stmt* stmt = Prepare("INSERT INTO docs (rowid, title, text) VALUES (?, ?, ?)");
      sqlite3_bind_int(stmt, 1, i);
      const std::string title = words(6);
      const std::string text = words(length(rng));
      sqlite3_bind_text(stmt, 2, title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 3, text.c_str(), -1, SQLITE_TRANSIENT);
      EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
      sqlite3_finalize(stmt);
    }
    Exec("COMMIT");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    return stmt;
  }

  // FTS5's own ranking: bm25() with the same weights, best first, ties by
  // the newer rowid.
  std::vector<RankedRow> Reference(const std::string& query, size_t k) {
    sqlite3_stmt* stmt = Prepare(
        "SELECT rowid, bm25(docs, 10.0, 1.0) FROM docs WHERE docs MATCH ? "
        "ORDER BY 2, rowid DESC LIMIT ?");
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, k > 0 ? static_cast<int64_t>(k) : -1);
    std::vector<RankedRow> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      rows.push_back({sqlite3_column_int64(stmt, 0), sqlite3_column_double(stmt, 1)});
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  // Runs the top-k function over every match of `query`.
  bool RunTopK(const std::string& query, FtsTopK& topk) {
    sqlite3_stmt* stmt = Prepare(
        "SELECT count(*) FROM docs WHERE docs MATCH ? "
        "AND newstrace_bm25_topk(docs, ?) IS NOT NULL");
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_pointer(stmt, 2, &topk, kFtsTopKPointerType, nullptr);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW;
  }

  sqlite3* db_ = nullptr;
};

void ExpectSameRanking(const std::vector<RankedRow>& got, const std::vector<RankedRow>& want,
                       const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].rowid, want[i].rowid) << what << " at " << i;
    EXPECT_DOUBLE_EQ(got[i].rank, want[i].rank) << what << " at " << i;
  }
}

TEST_F(FtsTopKTest, RanksExactlyAsBm25WithTheSameWeights) {
  const char* queries[] = {"w0 w1",         "w2 OR w9",  "\"w0 w1\"",      "w1*",
                           "title: w3",     "w4 NOT w0", "NEAR(w5 w6, 4)", "w30 w31 w32",
                           "{title}: w0 w7"};
  for (const char* query : queries) {
    for (size_t k : {size_t{1}, size_t{7}, size_t{20}, size_t{0}}) {
      FtsTopK topk(k, {10.0, 1.0});
      ASSERT_TRUE(RunTopK(query, topk)) << sqlite3_errmsg(db_);
      ExpectSameRanking(topk.Sorted(), Reference(query, k),
                        std::string(query) + " k=" + std::to_string(k));
    }
  }
}

TEST_F(FtsTopKTest, ReadsFewRowLengthsForABroadQuery) {
  FtsTopK topk(10, {10.0, 1.0});
  ASSERT_TRUE(RunTopK("w20", topk));
  // w20 is in most rows; once the best 10 hold title matches, rows with the
  // word only in their text cannot reach them whatever their length.
  EXPECT_GT(topk.offered(), 1000);
  EXPECT_LT(topk.lengths_read(), topk.offered() / 10);
  ExpectSameRanking(topk.Sorted(), Reference("w20", 10), "w20");
}

TEST_F(FtsTopKTest, ReusesStatisticsOnlyWhileTheIndexIsUnchanged) {
  FtsTopK first(5, {10.0, 1.0});
  ASSERT_TRUE(RunTopK("w3 w4", first));
  FtsTopK::Statistics stats = first.statistics();
  ASSERT_EQ(stats.idf.size(), 2u);
  EXPECT_EQ(stats.rows, 1500);

  // Same index: the statistics are taken as given (poisoned here to show it).
  FtsTopK::Statistics poisoned = stats;
  poisoned.idf = {5.0, 0.001};
  FtsTopK reused(5, {10.0, 1.0});
  reused.UseStatistics(poisoned);
  ASSERT_TRUE(RunTopK("w3 w4", reused));
  EXPECT_EQ(reused.statistics().idf, poisoned.idf);

  // A new row changes the counts: the statistics are computed again.
  Exec("INSERT INTO docs (rowid, title, text) VALUES (5000, 'w3 w3 w3', 'w4')");
  FtsTopK fresh(5, {10.0, 1.0});
  fresh.UseStatistics(poisoned);
  ASSERT_TRUE(RunTopK("w3 w4", fresh));
  EXPECT_EQ(fresh.statistics().rows, 1501);
  ExpectSameRanking(fresh.Sorted(), Reference("w3 w4", 5), "after insert");
}

TEST_F(FtsTopKTest, WithoutAPointerTheFunctionFails) {
  sqlite3_stmt* stmt = Prepare(
      "SELECT count(*) FROM docs WHERE docs MATCH 'w0' AND "
      "newstrace_bm25_topk(docs, 1) IS NOT NULL");
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_ERROR);
  sqlite3_finalize(stmt);
  EXPECT_THAT(sqlite3_errmsg(db_), ::testing::HasSubstr("FtsTopK"));
}

}  // namespace
}  // namespace newstrace::store
