#include "text/words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newstrace::text {
namespace {

std::vector<std::string> Texts(std::string_view text) {
  std::vector<Word> words;
  SplitWords(text, &words);
  std::vector<std::string> out;
  for (const Word& w : words) out.emplace_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

std::vector<uint64_t> Hashes(std::string_view text) {
  std::vector<Word> words;
  SplitWords(text, &words);
  std::vector<uint64_t> out;
  for (const Word& w : words) out.push_back(w.hash);
  return out;
}

TEST(SplitWords, SplitsOnPunctuationAndSpaceWithOffsets) {
  EXPECT_EQ(Texts("Hello, world!  It's 2020."),
            (std::vector<std::string>{"Hello", "world", "It", "s", "2020"}));
  std::vector<Word> words;
  SplitWords("ab  cd", &words);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[1].begin, 4u);
  EXPECT_EQ(words[1].end, 6u);
}

TEST(SplitWords, CurlyAndStraightQuotesNbspAndDashesMatch) {
  EXPECT_EQ(Hashes("Iran's “top” general – said"), Hashes("iran’s \"top\"\xC2\xA0general - SAID"));
  EXPECT_EQ(Texts("a\xE2\x80\x94"
                  "b\xE2\x80\xA6"
                  "c"),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SplitWords, FoldsCaseBeyondAscii) {
  EXPECT_EQ(Hashes("ÉCOLE Ŝtraße ΑΘΗΝΑ МОСКВА"), Hashes("école ŝtraße αθηνα москва"));
  EXPECT_NE(Hashes("ecole"), Hashes("école"));
}

TEST(SplitWords, NonLatinLettersAreWordCharacters) {
  EXPECT_EQ(Texts("東京 の ニュース"), (std::vector<std::string>{"東京", "の", "ニュース"}));
}

TEST(SplitWords, InvalidUtf8NeverCrashesAndStaysInWords) {
  const std::string bad =
      "ab\xFF\xFE"
      "cd \xE2\x80";
  const auto words = Texts(bad);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0],
            "ab\xFF\xFE"
            "cd");
}

TEST(SplitWords, DifferentWordsHashDifferently) {
  const auto h = Hashes("the then them theme");
  for (size_t i = 0; i < h.size(); ++i)
    for (size_t j = i + 1; j < h.size(); ++j) EXPECT_NE(h[i], h[j]);
}

}  // namespace
}  // namespace newstrace::text
