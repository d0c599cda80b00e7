#include "text/language.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace newstrace::text {
namespace {

constexpr char kEnglish[] =
    "The government announced on Thursday that it would publish the full report next week, "
    "after months of pressure from opposition parties and campaign groups who said the public "
    "had a right to know what the ministers had been told before the decision was taken.";
constexpr char kGerman[] =
    "Die Bundesregierung hat am Donnerstag angekündigt, den vollständigen Bericht in der "
    "kommenden Woche zu veröffentlichen, nachdem Oppositionsparteien und Verbände monatelang "
    "Druck gemacht hatten und die Öffentlichkeit ein Recht auf Information habe.";
constexpr char kFrench[] =
    "Le gouvernement a annoncé jeudi qu'il publierait le rapport complet la semaine prochaine, "
    "après des mois de pression de la part des partis d'opposition et des associations qui "
    "estimaient que le public avait le droit de savoir ce que les ministres savaient.";
constexpr char kHebrew[] =
    "הממשלה הודיעה ביום חמישי כי תפרסם את הדוח המלא בשבוע הבא, לאחר חודשים של לחץ מצד מפלגות "
    "האופוזיציה וארגונים שונים שטענו כי לציבור יש זכות לדעת מה נאמר לשרים לפני קבלת ההחלטה.";
constexpr char kChinese[] =
    "政府星期四宣布，将在下周公布完整报告。此前，反对党和民间团体施压数月，"
    "他们认为公众有权知道部长们在作出决定之前被告知了什么。";

TEST(DetectLanguageTest, CommonLanguages) {
  EXPECT_EQ(DetectLanguage(kEnglish), "en");
  EXPECT_EQ(DetectLanguage(kGerman), "de");
  EXPECT_EQ(DetectLanguage(kFrench), "fr");
}

TEST(DetectLanguageTest, ReturnsIso639OneCodes) {
  EXPECT_EQ(DetectLanguage(kHebrew), "he");   // CLD2 says "iw"
  EXPECT_EQ(DetectLanguage(kChinese), "zh");  // no script/region suffix
}

TEST(DetectLanguageTest, EmptyOrMeaninglessIsUnknown) {
  EXPECT_EQ(DetectLanguage(""), "");
  EXPECT_EQ(DetectLanguage("12345 67890 !!! ???"), "");
}

TEST(DetectLanguageTest, HintIsAcceptedInAnyForm) {
  EXPECT_EQ(DetectLanguage(kEnglish, "en-US"), "en");
  EXPECT_EQ(DetectLanguage(kGerman, "de_DE"), "de");
  EXPECT_EQ(DetectLanguage(kGerman, "not a language"), "de");
  // The hint does not override clear evidence.
  EXPECT_EQ(DetectLanguage(kGerman, "en"), "de");
}

TEST(DetectLanguageTest, InvalidUtf8DoesNotHideTheLanguage) {
  std::string text = std::string(kEnglish) + "\xff\xfe" + kEnglish;
  EXPECT_EQ(DetectLanguage(text), "en");
  EXPECT_EQ(DetectLanguage("\xff\xfe\xfd"), "");
}

TEST(DetectLanguageTest, LongTextIsCutAtACharacterBoundary) {
  std::string text;
  while (text.size() < 200 * 1024) text += kGerman;
  EXPECT_EQ(DetectLanguage(text), "de");
}

TEST(DetectLanguageTest, ThreadSafe) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] {
      for (int k = 0; k < 20; ++k) results[i] = DetectLanguage(i % 2 ? kGerman : kEnglish);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(results[0], "en");
  EXPECT_EQ(results[1], "de");
}

}  // namespace
}  // namespace newstrace::text
