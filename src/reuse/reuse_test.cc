// Tests of fingerprints, alignment and the index.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "reuse/align.h"
#include "reuse/fingerprint.h"
#include "reuse/index.h"
#include "text/words.h"

namespace newstrace::reuse {
namespace {

// Deterministic pseudo-text: `n` words drawn from a large vocabulary, so two
// texts made with different seeds share no n-grams of 3 words or more.
std::string Words(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += (i % 17 == 0) ? ". " : " ";
    const uint32_t w = rng() % 50000;
    out += "w" + std::to_string(w);
  }
  return out + ".";
}

std::vector<text::Word> Split(std::string_view s) {
  std::vector<text::Word> w;
  text::SplitWords(s, &w);
  return w;
}

std::vector<AlignedPassage> Align(const std::string& a, const std::string& b) {
  return AlignTexts(a, Split(a), b, Split(b));
}

TEST(Winnow, GuaranteesAFingerprintInEveryWindow) {
  std::vector<uint64_t> hashes;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) hashes.push_back(rng());
  std::vector<Fingerprint> fps;
  Winnow(hashes, 8, &fps);
  ASSERT_FALSE(fps.empty());
  for (size_t start = 0; start + 8 <= hashes.size(); ++start) {
    bool found = false;
    for (const auto& f : fps) found |= f.word >= start && f.word < start + 8;
    EXPECT_TRUE(found) << start;
  }
  // Density close to 2 / (w + 1).
  EXPECT_LT(fps.size(), 500u * 3 / 9);
  EXPECT_GT(fps.size(), 500u * 1 / 9);
}

TEST(Winnow, ShortInputKeepsItsMinimum) {
  std::vector<Fingerprint> fps;
  Winnow(std::vector<uint64_t>{5, 3, 9}, 8, &fps);
  ASSERT_EQ(fps.size(), 1u);
  EXPECT_EQ(fps[0].hash, 3u);
  EXPECT_EQ(fps[0].word, 1u);
  Winnow(std::vector<uint64_t>{}, 8, &fps);
  EXPECT_TRUE(fps.empty());
}

TEST(Fingerprints, SharedPassageSharesFingerprints) {
  const std::string shared = Words(60, 1);
  const std::string a = Words(100, 2) + " " + shared + " " + Words(80, 3);
  const std::string b = Words(30, 4) + "\n\n" + shared;
  std::vector<uint64_t> scratch;
  std::vector<Fingerprint> fa, fb;
  Fingerprints(Split(a), {}, &scratch, &fa);
  Fingerprints(Split(b), {}, &scratch, &fb);
  int common = 0;
  for (const auto& x : fa)
    for (const auto& y : fb) common += x.hash == y.hash;
  EXPECT_GE(common, 3);
}

TEST(AlignTexts, FindsAnEmbeddedPassageWithExactByteOffsets) {
  const std::string shared = "“" + Words(50, 11) + "”";
  const std::string a = Words(80, 12) + "\n\n" + shared + "\n\n" + Words(40, 13);
  const std::string b = Words(20, 14) + " " + shared;
  const auto passages = Align(a, b);
  ASSERT_EQ(passages.size(), 1u);
  const auto& p = passages[0].span;
  EXPECT_EQ(a.substr(p.a_begin, p.a_end - p.a_begin), shared);
  EXPECT_EQ(b.substr(p.b_begin, p.b_end - p.b_begin), shared);
  EXPECT_EQ(passages[0].matched_words, 50u);
}

TEST(AlignTexts, UnrelatedTextsShareNothing) {
  EXPECT_TRUE(Align(Words(300, 21), Words(300, 22)).empty());
}

TEST(AlignTexts, ShortCommonPhraseIsNotAPassage) {
  const std::string phrase = "the prime minister said on monday that the";
  EXPECT_TRUE(Align(Words(100, 31) + " " + phrase + " " + Words(50, 32),
                    Words(70, 33) + " " + phrase + " " + Words(90, 34))
                  .empty());
}

TEST(AlignTexts, LightEditsDoNotSplitThePassage) {
  const std::string origin = Words(120, 41);
  std::string copy = origin;
  // A typo, changed punctuation and case, curly quotes, NBSP, a paragraph break.
  copy.replace(copy.find(' ', 100), 1, "\xC2\xA0");
  copy.replace(copy.find(' ', 200) + 1, 1, "X");
  copy.replace(copy.find(". ", 300), 2, "; ");
  copy.replace(copy.find(' ', 500), 1, "\n\n");
  copy.insert(copy.find(' ', 600), " “quoted”");
  const auto passages = Align(origin, copy);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].span.a_begin, 0u);
  EXPECT_EQ(passages[0].span.a_end, origin.size());
  EXPECT_EQ(passages[0].span.b_end, copy.size());
}

TEST(AlignTexts, DroppedSentenceIsBridged) {
  const std::string s1 = Words(40, 51), s2 = Words(25, 52), s3 = Words(40, 53);
  const auto passages = Align(s1 + " " + s2 + " " + s3, s1 + " " + s3);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_GE(passages[0].matched_words, 78u);
}

TEST(AlignTexts, StrayShortPhraseDoesNotBendThePassage) {
  const std::string shared = Words(60, 55);
  const std::string phrase = "alpha beta gamma delta";
  const std::string a = Words(40, 56) + " " + phrase + " " + shared;
  const std::string b = Words(30, 57) + " " + phrase + " " + Words(20, 58) + " " + shared;
  const auto passages = Align(a, b);
  ASSERT_EQ(passages.size(), 1u);
  const auto& p = passages[0].span;
  EXPECT_EQ(a.substr(p.a_begin, p.a_end - p.a_begin), shared);
  EXPECT_EQ(b.substr(p.b_begin, p.b_end - p.b_begin), shared);
}

TEST(AlignTexts, SeparatePassagesStaySeparate) {
  const std::string p1 = Words(40, 61), p2 = Words(40, 62);
  const std::string a = p1 + "\n\n" + Words(200, 63) + "\n\n" + p2;
  const std::string b = Words(100, 64) + "\n\n" + p1 + "\n\n" + Words(150, 65) + "\n\n" + p2;
  EXPECT_EQ(Align(a, b).size(), 2u);
}

TEST(AlignTexts, ReorderedParagraphsAreTwoPassages) {
  const std::string p1 = Words(40, 71), p2 = Words(40, 72);
  const auto passages = Align(p1 + "\n\n" + p2, p2 + "\n\n" + p1);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_LT(passages[0].span.a_begin, passages[1].span.a_begin);
}

DocumentFingerprints Doc(ReuseIndex& index, int64_t id, const std::string& site,
                         const std::string& text) {
  DocumentFingerprints d;
  const auto words = Split(text);
  d.doc = {id, index.SiteId(site), static_cast<uint32_t>(words.size())};
  std::vector<uint64_t> scratch;
  Fingerprints(words, index.fingerprint_params, &scratch, &d.fingerprints);
  return d;
}

TEST(ReuseIndex, FindsCandidatePairsIncrementally) {
  ReuseIndex index;
  const std::string story = Words(200, 81);
  std::vector<DocumentFingerprints> batch;
  batch.push_back(Doc(index, 10, "a.com", story));
  batch.push_back(Doc(index, 11, "b.com", Words(200, 82)));
  EXPECT_EQ(index.Add(std::move(batch)), 0u);
  CandidateParams params;
  index.ComputeTemplates(params);
  EXPECT_TRUE(index.CandidatePairs(0, params).empty());

  batch.clear();
  batch.push_back(Doc(index, 12, "c.com", Words(50, 83) + " " + story));
  batch.push_back(Doc(index, 13, "d.com", Words(200, 84)));
  EXPECT_EQ(index.Add(std::move(batch)), 2u);
  index.ComputeTemplates(params);
  const auto pairs = index.CandidatePairs(2, params);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, 0u);
  EXPECT_EQ(pairs[0].second, 2u);
  EXPECT_GE(pairs[0].shared, 10u);
  // Nothing new: nothing to do.
  EXPECT_TRUE(index.CandidatePairs(4, params).empty());
  EXPECT_EQ(index.LocalOf(12), 2);
  EXPECT_EQ(index.LocalOf(99), -1);
}

TEST(ReuseIndex, AppendThenCommitEqualsAdd) {
  const std::string story = Words(200, 85);
  ReuseIndex added, appended;
  for (ReuseIndex* index : {&added, &appended}) {
    std::vector<DocumentFingerprints> batch;
    batch.push_back(Doc(*index, 1, "a.com", story));
    if (index == &added) {
      index->Add(std::move(batch));
    } else {
      index->Append(std::move(batch));
    }
    batch.clear();
    batch.push_back(Doc(*index, 2, "b.com", Words(30, 86) + " " + story));
    batch.push_back(Doc(*index, 3, "c.com", Words(200, 87)));
    if (index == &added) {
      index->Add(std::move(batch));
    } else {
      index->Append(std::move(batch));
      EXPECT_EQ(index->postings(), 0u);  // not merged yet
      index->Commit();
    }
  }
  EXPECT_EQ(appended.postings(), added.postings());
  const auto pa = added.CandidatePairs(1, {}), pb = appended.CandidatePairs(1, {});
  ASSERT_EQ(pa.size(), 1u);
  ASSERT_EQ(pb.size(), 1u);
  EXPECT_EQ(pa[0].shared, pb[0].shared);
}

std::string ReadFile(const std::string& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// Many small batches (an exact reserve per batch copied the buffer on each)
// and a merge sorted on several threads give the same postings, byte for
// byte, as one thread; an existing index is merged with the new run.
TEST(ReuseIndex, ParallelCommitEqualsSerialCommit) {
  ReuseIndex serial, parallel;
  for (ReuseIndex* index : {&serial, &parallel}) {
    std::mt19937_64 rng(11);
    const uint32_t site = index->SiteId("a.com");
    auto doc = [&](int64_t id) {
      DocumentFingerprints d;
      d.doc = {id, site, 200};
      // Hashes from a small pool, so postings of one hash span many runs.
      for (uint32_t w = 0; w < 100; ++w) d.fingerprints.push_back({rng() % 20000, w});
      return d;
    };
    std::vector<DocumentFingerprints> first;
    first.push_back(doc(1));
    index->Add(std::move(first));
    for (int b = 0; b < 500; ++b) {
      std::vector<DocumentFingerprints> batch;
      for (int k = 0; k < 4; ++k) batch.push_back(doc(2 + b * 4 + k));
      index->Append(std::move(batch));
    }
    index->Commit(index == &parallel ? 4 : 1);
  }
  ASSERT_GT(serial.postings(), 65536u * 2);  // large enough to be split
  const std::string a = testing::TempDir() + "/commit_serial.bin";
  const std::string b = testing::TempDir() + "/commit_parallel.bin";
  ASSERT_TRUE(serial.Save(a).ok());
  ASSERT_TRUE(parallel.Save(b).ok());
  const std::string sa = ReadFile(a), sb = ReadFile(b);
  EXPECT_FALSE(sa.empty());
  EXPECT_TRUE(sa == sb);
}

TEST(ReuseIndex, SiteFooterIsTemplateNotACandidate) {
  ReuseIndex index;
  const std::string footer = Words(60, 91);
  std::vector<DocumentFingerprints> batch;
  for (int i = 0; i < 6; ++i)
    batch.push_back(Doc(index, i + 1, "site.org", Words(150, 100 + i) + "\n\n" + footer));
  index.Add(std::move(batch));
  CandidateParams params;
  index.ComputeTemplates(params);
  EXPECT_TRUE(index.CandidatePairs(0, params).empty());
  EXPECT_GT(index.TemplateCounts()[index.SiteId("site.org")], 3u);
  // The same footer on another site's single page is not template there, but
  // it is for site.org's side, so a pair through the footer alone is not a candidate.
  batch.clear();
  batch.push_back(Doc(index, 20, "other.net", Words(100, 120) + " " + footer));
  index.Add(std::move(batch));
  index.ComputeTemplates(params);
  EXPECT_TRUE(index.CandidatePairs(6, params).empty());
}

TEST(ReuseIndex, QueryRanksByShared) {
  ReuseIndex index;
  const std::string story = Words(300, 131);
  std::vector<DocumentFingerprints> batch;
  batch.push_back(Doc(index, 1, "a.com", story));
  batch.push_back(Doc(index, 2, "b.com", story.substr(0, story.size() / 3)));
  batch.push_back(Doc(index, 3, "c.com", Words(300, 132)));
  index.Add(std::move(batch));
  CandidateParams params;
  const auto q = Doc(index, 4, "d.com", story);
  const auto hits = index.Query(q.fingerprints, q.doc.site, params);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].first, 0u);
  EXPECT_EQ(hits[1].first, 1u);
}

TEST(ReuseIndex, SavesAndLoads) {
  ReuseIndex index;
  std::vector<DocumentFingerprints> batch;
  const std::string story = Words(100, 141);
  batch.push_back(Doc(index, 5, "a.com", story));
  batch.push_back(Doc(index, 9, "b.com", story));
  index.Add(std::move(batch));
  const std::string path = testing::TempDir() + "/reuse_index_test.bin";
  ASSERT_TRUE(index.Save(path).ok());
  auto loaded = ReuseIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->documents(), 2u);
  EXPECT_EQ(loaded->postings(), index.postings());
  EXPECT_EQ(loaded->SiteName(loaded->document(1).site), "b.com");
  EXPECT_EQ(loaded->CandidatePairs(0, {}).size(), 1u);
  // A truncated file is refused, not trusted.
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  ASSERT_NE(f, nullptr);
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fclose(f);
  ASSERT_EQ(truncate(path.c_str(), size / 2), 0);
  EXPECT_FALSE(ReuseIndex::Load(path).ok());
  EXPECT_FALSE(ReuseIndex::Load(path + ".missing").ok());
}

}  // namespace
}  // namespace newstrace::reuse
