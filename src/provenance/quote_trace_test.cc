#include "provenance/quote_trace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "provenance/quote_match.h"
#include "store/store.h"

namespace newstrace::provenance {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kSentence =
    "We will rebuild this harbour stone by stone, and no storm will take it from us again.";

std::string Span(std::string_view text, const QuoteAlignment& a) {
  return std::string(text.substr(a.begin, a.end - a.begin));
}

// --- AlignQuote ---

TEST(AlignQuoteTest, ExactInsideLongerTextIgnoringCaseAndPunctuation) {
  const std::string text =
      std::string("The mayor spoke on Monday. ") + kSentence + " She thanked the crews.";
  auto a = AlignQuote(
      "we will REBUILD this harbour, stone by stone; and no storm will take it "
      "from us again",
      text);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->accepted);
  EXPECT_TRUE(a->exact);
  EXPECT_EQ(a->quote_words, 17u);
  EXPECT_EQ(a->matched_words, 17u);
  EXPECT_EQ(Span(text, *a),
            "We will rebuild this harbour stone by stone, and no storm will take it from us again");
}

TEST(AlignQuoteTest, OneChangedWordIsAcceptedButNotExact) {
  const std::string text = std::string("Intro words here. ") +
                           "We will rebuild the harbour stone by stone, and no storm will take it "
                           "from us again. More.";
  auto a = AlignQuote(kSentence, text);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->accepted);
  EXPECT_FALSE(a->exact);
  EXPECT_EQ(a->matched_words, 16u);
  EXPECT_THAT(Span(text, *a), HasSubstr("We will rebuild the harbour"));
}

TEST(AlignQuoteTest, ChangedLastWordIsInsideTheSpan) {
  const std::string text = "He said: we will rebuild this harbour stone by rock. Then he left.";
  auto a = AlignQuote("We will rebuild this harbour stone by stone", text);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->accepted);
  EXPECT_EQ(Span(text, *a), "we will rebuild this harbour stone by rock");
}

TEST(AlignQuoteTest, TruncatedQuoteIsAcceptedBothWays) {
  const std::string part = "We will rebuild this harbour stone by stone";
  // The text carries only the first half of the query.
  const std::string text = "Quoted briefly: " + part + ". Unrelated words follow here today.";
  auto a = AlignQuote(kSentence, text);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->accepted) << a->matched_words;
  EXPECT_EQ(Span(text, *a), part);
  // The query is the part; the text has the whole sentence.
  auto b = AlignQuote(part, kSentence);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->accepted);
  EXPECT_TRUE(b->exact);
}

TEST(AlignQuoteTest, FabricatedQuoteSharingSomeWordsIsRejected) {
  auto a = AlignQuote("The harbour will be sold to the highest bidder before the storm season",
                      kSentence);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->accepted);
  EXPECT_FALSE(AlignQuote("nothing shared whatsoever", kSentence).has_value());
  EXPECT_FALSE(AlignQuote("", kSentence).has_value());
}

TEST(AlignQuoteTest, ShortQuotesMustMatchWordForWord) {
  EXPECT_TRUE(AlignQuote("stone by stone", kSentence)->accepted);
  EXPECT_FALSE(AlignQuote("stone by brick", kSentence)->accepted);
}

TEST(AlignQuoteTest, FindsTheQuoteFarIntoALongText) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "filler word number " + std::to_string(i) + " and the. ";
  const size_t at = text.size();
  text += kSentence;
  auto a = AlignQuote(kSentence, text);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->exact);
  EXPECT_EQ(a->begin, at);
}

// --- WordDiff, SameWords, WordingKey ---

TEST(WordDiffTest, MarksRemovedAndAddedWords) {
  EXPECT_EQ(WordDiff("We will rebuild this harbour, stone by stone.",
                     "we will rebuild the harbour stone by stone"),
            "we will rebuild [-this-] {+the+} harbour stone by stone");
  EXPECT_EQ(WordDiff("a b c d", "a c d e"), "a [-b-] c d {+e+}");
  EXPECT_EQ(WordDiff("one two", "one two"), "one two");
  EXPECT_EQ(WordDiff("", "new words"), "{+new words+}");
  EXPECT_EQ(WordDiff("old words", ""), "[-old words-]");
}

TEST(WordDiffTest, SameWordsAndWordingKeyIgnorePunctuationAndCase) {
  EXPECT_TRUE(SameWords("Stone, by stone!", "stone by STONE"));
  EXPECT_FALSE(SameWords("stone by stone", "stone by stone again"));
  EXPECT_EQ(WordingKey("\xE2\x80\x9CIt\xE2\x80\x99s ours,\xE2\x80\x9D"), WordingKey("it's ours"));
  EXPECT_NE(WordingKey("it is ours"), WordingKey("it's ours"));
}

TEST(EarlierAppearanceTest, DatesThenUnknownLastThenId) {
  EXPECT_TRUE(EarlierAppearance("2024-03-01", 9, "2024-03-02", 1));
  EXPECT_TRUE(EarlierAppearance("2024-03-01T10:00:00Z", 9, "2024-03-01T12:00:00+01:00", 1));
  EXPECT_TRUE(EarlierAppearance("2024-03-05", 9, "", 1));
  EXPECT_FALSE(EarlierAppearance("", 1, "2024-03-05", 9));
  EXPECT_TRUE(EarlierAppearance("", 1, "", 2));
  std::vector<std::pair<std::string, int64_t>> items = {
      {"", 1}, {"2024-03-03", 2}, {"2024-03-01", 3}, {"garbage", 4}, {"2024-03-02", 5}};
  SortEarliestFirst(
      items, [](const auto& p) { return p.first; }, [](const auto& p) { return p.second; });
  EXPECT_EQ(items.front().second, 3);
  EXPECT_EQ(items.back().second, 1);
}

// --- Against a store ---

class QuoteCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("newstrace_quote_trace_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::OpenSqliteStore((dir_ / "corpus.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Stores an article (scanned, with `quotes`); returns its id.
  int64_t Put(const std::string& url, const std::string& title, const std::string& published,
              const std::string& text, std::vector<Quote> quotes = {}) {
    Article a;
    a.url = url;
    a.site = url.substr(8, url.find('/', 8) - 8);
    a.title = title;
    a.published = published;
    a.text = text;
    store::PreparedArticle p = store::PrepareArticle(a, "");
    p.quotes = std::move(quotes);
    p.quotes_scanned = true;
    auto put = store_->PutArticle(0, url, p);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? put->article_id : 0;
  }

  // A quote of `quoted` inside `text`, with a speaker and source.
  static Quote QuoteIn(const std::string& text, const std::string& quoted,
                       const std::string& speaker, const std::string& source,
                       const std::string& source_url = "") {
    Quote q;
    q.kind = "direct";
    q.begin = static_cast<uint32_t>(text.find(quoted));
    q.end = q.begin + static_cast<uint32_t>(quoted.size());
    q.text = quoted;
    q.speaker = speaker;
    q.cue = "said";
    q.source = source;
    q.source_url = source_url;
    return q;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(QuoteCorpusTest, TraceFindsEveryCarrierEarliestFirstWithVariants) {
  const int64_t speech =
      Put("https://city.example/remarks", "Remarks at the harbour", "2024-03-01T09:00:00Z",
          std::string("Thank you all for coming. ") + kSentence + " Thank you.");
  const std::string t1 =
      "The mayor was defiant. \"We will rebuild the harbour stone by stone, and no storm will "
      "take it from us again,\" she said in her Remarks at the harbour.";
  const std::string q1 =
      "We will rebuild the harbour stone by stone, and no storm will take it from us again";
  const int64_t copy = Put("https://daily.example/a", "Mayor vows", "2024-03-02", t1,
                           {QuoteIn(t1, q1, "Ann Lee", "Remarks at the harbour")});
  const std::string t2 = "Unrelated story about trains and timetables for the spring.";
  Put("https://other.example/b", "Trains", "2024-02-01", t2);
  const std::string t3 = "Earlier undated mention: we will rebuild this harbour stone by stone.";
  const int64_t undated = Put("https://blog.example/c", "Blog", "", t3);

  auto trace = TraceQuote(*store_, kSentence);
  ASSERT_TRUE(trace.ok()) << trace.status().ToString();
  ASSERT_EQ(trace->appearances.size(), 3u);
  EXPECT_EQ(trace->appearances[0].article.id, speech);
  EXPECT_EQ(trace->appearances[1].article.id, copy);
  EXPECT_EQ(trace->appearances[2].article.id, undated);
  EXPECT_TRUE(trace->appearances[0].match.exact);
  EXPECT_EQ(trace->appearances[1].wording, q1);
  ASSERT_TRUE(trace->appearances[1].quote.has_value());
  EXPECT_EQ(trace->appearances[1].quote->quote.speaker, "Ann Lee");
  ASSERT_TRUE(trace->appearances[1].verification.has_value());
  EXPECT_EQ(trace->appearances[1].verification->verdict, "changed");
  EXPECT_EQ(trace->appearances[1].verification->found_by, "title");
  EXPECT_EQ(trace->appearances[1].verification->source_article_id, speech);
  EXPECT_THAT(trace->appearances[1].verification->diff, HasSubstr("[-this-] {+the+}"));
  ASSERT_EQ(trace->variants.size(), 3u);
  EXPECT_TRUE(trace->variants[0].same_as_first);
  EXPECT_FALSE(trace->variants[1].same_as_first);
  EXPECT_THAT(trace->variants[1].diff_from_first, HasSubstr("[-this-] {+the+}"));
  EXPECT_THAT(trace->variants[2].diff_from_first,
              HasSubstr("[-and no storm will take it from us again-]"));
  EXPECT_EQ(trace->unscanned_articles, 0);

  EXPECT_EQ(TraceQuote(*store_, "").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(TraceQuote(*store_, std::string(2001, 'a')).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TraceQuote(*store_, "\xE2\x80\x9C...\xE2\x80\x9D").status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(QuoteCorpusTest, VerifyFindsSourceByUrlTitleOrEarliestAppearance) {
  const int64_t speech = Put("https://city.example/remarks", "Remarks at the harbour", "2024-03-01",
                             std::string("Opening. ") + kSentence);
  const std::string exact_q = "no storm will take it from us again";
  const std::string text = "She said \"" + exact_q + "\" and left.";
  Put("https://daily.example/x", "X", "2024-03-02", text);

  // By URL, exact.
  Quote by_url = QuoteIn(text, exact_q, "Ann Lee", "", "https://city.example/remarks");
  auto v = VerifyQuote(*store_, by_url, 2);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->verdict, "exact");
  EXPECT_EQ(v->found_by, "source_url");
  EXPECT_EQ(v->source_article_id, speech);
  EXPECT_EQ(v->source_wording, "no storm will take it from us again");

  // By title (the source names it inside a longer phrase), fabricated.
  Quote fabricated;
  fabricated.text = "The harbour will be sold to the highest bidder before the summer";
  fabricated.source = "her Remarks at the Harbour";
  v = VerifyQuote(*store_, fabricated, 2);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->verdict, "not_found");
  EXPECT_EQ(v->found_by, "title");
  EXPECT_EQ(v->source_article_id, speech);
  EXPECT_THAT(v->evidence, HasSubstr("does not align"));

  // A two-word name contained in a title is not enough.
  Quote vague = fabricated;
  vague.source = "the harbour";
  v = VerifyQuote(*store_, vague, 2);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->verdict, "source_not_in_corpus");

  // No source in the corpus: the earliest earlier carrier, changed.
  Quote unnamed;
  unnamed.text = "We will rebuild this harbour brick by brick, and no storm will take it from us";
  unnamed.source = "a radio interview";
  v = VerifyQuote(*store_, unnamed, 2);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->verdict, "changed");
  EXPECT_EQ(v->found_by, "earliest_appearance");
  EXPECT_EQ(v->source_article_id, speech);
  EXPECT_THAT(v->diff, HasSubstr("[-stone-] {+brick+}"));
  // The quoting article is never its own source.
  v = VerifyQuote(*store_, unnamed, speech);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->verdict, "source_not_in_corpus");
}

TEST_F(QuoteCorpusTest, SpeakerQuotesGroupedByFuzzyWordingEarliestFirst) {
  const std::string a = "\"We will rebuild this harbour stone by stone,\" Ann Lee said.";
  const std::string b = "\"We will rebuild the harbour stone by stone,\" Lee said. \"Taxes stay.\"";
  const std::string c = "\"Taxes stay,\" said Bob Lee.";
  const int64_t ia =
      Put("https://a.example/1", "A", "2024-03-02", a,
          {QuoteIn(a, "We will rebuild this harbour stone by stone", "Ann Lee", "")});
  const int64_t ib = Put("https://b.example/1", "B", "2024-03-01", b,
                         {QuoteIn(b, "We will rebuild the harbour stone by stone", "Lee", ""),
                          QuoteIn(b, "Taxes stay.", "Ann Lee", "")});
  Put("https://c.example/1", "C", "2024-03-01", c, {QuoteIn(c, "Taxes stay", "Bob Lee", "")});
  auto groups = QuotesOfSpeaker(*store_, "ann lee", 0);
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), 2u);
  const SpeakerQuoteGroup& rebuild = (*groups)[0];
  EXPECT_EQ(rebuild.wording, "We will rebuild the harbour stone by stone");
  ASSERT_EQ(rebuild.members.size(), 2u);
  EXPECT_EQ(rebuild.members[0].article.id, ib);
  EXPECT_EQ(rebuild.members[1].article.id, ia);
  EXPECT_FALSE(rebuild.members[1].same_as_first);
  EXPECT_EQ(rebuild.members[1].diff_from_first,
            "We will rebuild [-the-] {+this+} harbour stone by stone");
  EXPECT_EQ((*groups)[1].wording, "Taxes stay.");
  EXPECT_EQ((*groups)[1].members.size(), 1u);  // Bob Lee's is not Ann Lee's
  EXPECT_EQ(QuotesOfSpeaker(*store_, "", 0).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace newstrace::provenance
