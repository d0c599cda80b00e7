// TraceCorpus over a real SQLite store: incremental runs, stopping, and the
// template/formula rules of RelatePair.
#include "provenance/trace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

namespace newstrace::provenance {
namespace {

// Pseudo-text from a large vocabulary: different seeds share no 3-grams.
std::string Words(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += (i % 15 == 0) ? ". " : " ";
    out += "w" + std::to_string(rng() % 60000);
  }
  return out + ".";
}

Article Make(const std::string& url, const std::string& site, const std::string& published,
             const std::string& text) {
  Article a;
  a.url = url;
  a.site = site;
  a.published = published;
  a.text = text;
  return a;
}

class TraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/trace_test_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto s = store::OpenSqliteStore(dir_ + "/c.db");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    run_ = *store_->BeginRun("test");
    options_.index_path = dir_ + "/c.db.reuse";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Put(const Article& a) {
    auto r = store_->PutArticle(run_, a.url, a, "");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::vector<store::StoredRelation> Relations() {
    std::vector<store::StoredRelation> out;
    EXPECT_TRUE(store_
                    ->ForEachRelation([&](const store::StoredRelation& r) {
                      out.push_back(r);
                      return true;
                    })
                    .ok());
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  int64_t run_ = 0;
  TraceOptions options_;
};

TEST_F(TraceTest, IncrementalRunsFindNewPairsOnly) {
  const std::string story = Words(150, 1);
  Put(Make("https://a.org/1", "a.org", "2021-01-01", story));
  Put(Make("https://b.org/1", "b.org", "2021-01-02", Words(150, 2)));
  auto first = TraceCorpus(*store_, options_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->new_articles, 2);
  EXPECT_TRUE(Relations().empty());

  Put(Make("https://c.org/1", "c.org", "2021-01-03", Words(40, 3) + "\n\n" + story));
  auto second = TraceCorpus(*store_, options_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->new_articles, 1);
  EXPECT_FALSE(second->index_rebuilt);
  const auto rels = Relations();
  ASSERT_EQ(rels.size(), 1u);
  EXPECT_EQ(rels[0].kind, "republication");
  EXPECT_EQ(rels[0].origin_id, rels[0].a_id);  // the earlier one
  EXPECT_EQ(rels[0].credit, "none");

  auto third = TraceCorpus(*store_, options_);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->new_articles, 0);
  EXPECT_EQ(Relations().size(), 1u);
}

TEST_F(TraceTest, StoppedRunLeavesTheWatermark) {
  Put(Make("https://a.org/1", "a.org", "", Words(100, 4)));
  std::atomic<bool> stop{true};
  options_.stop = &stop;
  auto r = TraceCorpus(*store_, options_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->stopped);
  EXPECT_EQ(*store_->TraceWatermark(), 0);
  stop = false;
  r = TraceCorpus(*store_, options_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->new_articles, 1);
  EXPECT_GT(*store_->TraceWatermark(), 0);
}

TEST_F(TraceTest, SiteFooterAndAgencyCreditLineAreNotReuse) {
  const std::string footer = Words(45, 5);
  for (int i = 0; i < 5; ++i) {
    Put(Make("https://site.org/" + std::to_string(i), "site.org",
             "2021-02-0" + std::to_string(i + 1), Words(120, 10 + i) + "\n\n" + footer));
  }
  const std::string credit =
      "This story was first published by Harbour News Agency and is republished here "
      "with kind permission.";
  for (int i = 0; i < 6; ++i) {
    Put(Make("https://outlet" + std::to_string(i) + ".net/x", "outlet" + std::to_string(i) + ".net",
             "2021-03-01", Words(120, 30 + i) + "\n\n" + credit));
  }
  auto r = TraceCorpus(*store_, options_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Relations().empty());
  auto templates = store_->Templates("site.org");
  ASSERT_TRUE(templates.ok());
  ASSERT_FALSE(templates->empty());
  EXPECT_EQ((*templates)[0].documents, 5);
}

TEST_F(TraceTest, FooterVariantOnTwoPagesIsNotReuseButSameSiteDuplicateIs) {
  const std::string bio = Words(40, 40);
  Put(Make("https://site.org/a", "site.org", "2021-04-01", Words(200, 41) + "\n\n" + bio));
  Put(Make("https://site.org/b", "site.org", "2021-04-02", Words(220, 42) + "\n\n" + bio));
  const std::string story = Words(150, 43);
  Put(Make("https://site.org/c", "site.org", "2021-04-03", story));
  Put(Make("https://site.org/c?utm_source=x", "site.org", "2021-04-03", story));
  ASSERT_TRUE(TraceCorpus(*store_, options_).ok());
  const auto rels = Relations();
  ASSERT_EQ(rels.size(), 1u);
  EXPECT_EQ(rels[0].kind, "duplicate");
}

TEST_F(TraceTest, MissingIndexIsRebuiltFromTheStore) {
  const std::string story = Words(150, 6);
  Put(Make("https://a.org/1", "a.org", "2021-01-01", story));
  ASSERT_TRUE(TraceCorpus(*store_, options_).ok());
  std::filesystem::remove(options_.index_path);
  Put(Make("https://b.org/1", "b.org", "2021-01-05", story + " " + Words(30, 7)));
  auto r = TraceCorpus(*store_, options_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->index_rebuilt);
  EXPECT_EQ(Relations().size(), 1u);
}

}  // namespace
}  // namespace newstrace::provenance
