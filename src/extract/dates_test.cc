#include "extract/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace newstrace::extract {
namespace {

TEST(NormalizeDateTest, Iso8601Variants) {
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00:00+01:00"), "2020-01-16T08:00:00+01:00");
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00:00Z"), "2020-01-16T08:00:00Z");
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00:00.123Z"), "2020-01-16T08:00:00Z");
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00:00.123456-0500"), "2020-01-16T08:00:00-05:00");
  EXPECT_EQ(NormalizeDate("2019-11-19T21:57:01+0000"), "2019-11-19T21:57:01Z");
  EXPECT_EQ(NormalizeDate("2020-01-16 08:00:00"), "2020-01-16T08:00:00");
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00"), "2020-01-16T08:00:00");
  EXPECT_EQ(NormalizeDate("2018-10-07T09:00:35-08:00"), "2018-10-07T09:00:35-08:00");
  EXPECT_EQ(NormalizeDate("2020-01-16"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("  2020-1-6 "), "2020-01-06");
  EXPECT_EQ(NormalizeDate("2020/01/16"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("2020.01.16"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("2020-01-16T08:00:00+05:30"), "2020-01-16T08:00:00+05:30");
}

TEST(NormalizeDateTest, Rfc822) {
  EXPECT_EQ(NormalizeDate("Thu, 16 Jan 2020 10:00:00 GMT"), "2020-01-16T10:00:00Z");
  EXPECT_EQ(NormalizeDate("Thu, 16 Jan 2020 10:00:00 +0100"), "2020-01-16T10:00:00+01:00");
  EXPECT_EQ(NormalizeDate("Thu, 16 Jan 2020 10:00:00 -0500"), "2020-01-16T10:00:00-05:00");
  EXPECT_EQ(NormalizeDate("Thursday, 16 January 2020 10:00 GMT"), "2020-01-16T10:00:00Z");
  EXPECT_EQ(NormalizeDate("Thu Jan 16 2020 10:00:00 GMT+0100 (Central European Standard Time)"),
            "2020-01-16T10:00:00+01:00");
  EXPECT_EQ(NormalizeDate("Thu Jan 16 10:00:00 2020"), "2020-01-16T10:00:00");
}

TEST(NormalizeDateTest, WrittenMonths) {
  EXPECT_EQ(NormalizeDate("January 16, 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("Jan. 16, 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("Jan 16 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("January 16th, 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("16 January 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("16 Jan. 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("1st March, 2021"), "2021-03-01");
  EXPECT_EQ(NormalizeDate("16-Jan-2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("Sept. 3, 2019"), "2019-09-03");
  EXPECT_EQ(NormalizeDate("16. Januar 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("3 m\xc3\xa4rz 2021"), "2021-03-03");
  EXPECT_EQ(NormalizeDate("16 de enero de 2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("16 f\xc3\xa9vrier 2020"), "2020-02-16");
}

TEST(NormalizeDateTest, TimesAndZones) {
  EXPECT_EQ(NormalizeDate("Jan. 16, 2020 8:05 am EST"), "2020-01-16T08:05:00-05:00");
  EXPECT_EQ(NormalizeDate("January 16, 2020 at 8:05 p.m. PDT"), "2020-01-16T20:05:00-07:00");
  EXPECT_EQ(NormalizeDate("January 16, 2020 12:30 AM"), "2020-01-16T00:30:00");
  EXPECT_EQ(NormalizeDate("January 16, 2020 12:30 PM UTC"), "2020-01-16T12:30:00Z");
  EXPECT_EQ(NormalizeDate("16 January 2020, 10:00 BST"), "2020-01-16T10:00:00+01:00");
  EXPECT_EQ(NormalizeDate("16 January 2020 | 10:00 CEST"), "2020-01-16T10:00:00+02:00");
  EXPECT_EQ(NormalizeDate("16 January 2020 10:00 IST"), "2020-01-16T10:00:00+05:30");
  EXPECT_EQ(NormalizeDate("16 January 2020 9 pm"), "2020-01-16T21:00:00");
  // A number after the date that is not a time.
  EXPECT_EQ(NormalizeDate("16 January 2020 10 people"), "2020-01-16");
  // An impossible time is dropped, not the date.
  EXPECT_EQ(NormalizeDate("2020-01-16T25:00:00Z"), "2020-01-16");
}

TEST(NormalizeDateTest, NumericDayMonth) {
  EXPECT_EQ(NormalizeDate("16.01.2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("16.1.2020 10:15"), "2020-01-16T10:15:00");
  EXPECT_EQ(NormalizeDate("01/16/2020"), "2020-01-16");  // US, unambiguous
  EXPECT_EQ(NormalizeDate("16/01/2020"), "2020-01-16");  // day first, unambiguous
  EXPECT_EQ(NormalizeDate("05/05/2020"), "2020-05-05");
  EXPECT_EQ(NormalizeDate("03/04/2020"), "");  // ambiguous
  EXPECT_EQ(NormalizeDate("16-01-2020"), "2020-01-16");
}

TEST(NormalizeDateTest, UnixTimestamps) {
  EXPECT_EQ(NormalizeDate("1579168800"), "2020-01-16T10:00:00Z");
  EXPECT_EQ(NormalizeDate("1579168800000"), "2020-01-16T10:00:00Z");
  EXPECT_EQ(NormalizeDate("20200116"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("12345"), "");
  EXPECT_EQ(NormalizeDate("0000000001"), "");  // 1970
}

TEST(NormalizeDateTest, RejectsImpossibleAndOutOfRange) {
  EXPECT_EQ(NormalizeDate("2020-02-30"), "");
  EXPECT_EQ(NormalizeDate("2019-02-29"), "");
  EXPECT_EQ(NormalizeDate("2020-02-29"), "2020-02-29");
  EXPECT_EQ(NormalizeDate("1900-02-28"), "");
  EXPECT_EQ(NormalizeDate("2101-01-01"), "");
  EXPECT_EQ(NormalizeDate("February 30, 2020"), "");
  EXPECT_EQ(NormalizeDate("2020-13-01"), "");
  EXPECT_EQ(NormalizeDate(""), "");
  EXPECT_EQ(NormalizeDate("yesterday"), "");
  EXPECT_EQ(NormalizeDate("May 2020"), "");
}

TEST(FindDateInTextTest, RunningText) {
  EXPECT_EQ(FindDateInText("Global Research, January 16, 2020"), "2020-01-16");
  EXPECT_EQ(FindDateInText("Published 3 March 2021 | Updated 5 March 2021"), "2021-03-03");
  EXPECT_EQ(FindDateInText("By Jane Doe \xc2\xb7 Jan 16, 2020 \xc2\xb7 5 min read"), "2020-01-16");
  EXPECT_EQ(FindDateInText("Updated 8:05 AM EST, Thu January 16, 2020"), "2020-01-16");
  EXPECT_EQ(FindDateInText("Posted on 2020-01-16T10:00:00Z by admin"), "2020-01-16T10:00:00Z");
  EXPECT_EQ(FindDateInText("The Mayor said 16 things"), "");
  EXPECT_EQ(FindDateInText("version 12020-01-16"), "");
  EXPECT_EQ(FindDateInText("Tel. 030 1234 2020"), "");
  EXPECT_EQ(FindDateInText("no date here"), "");
}

// The scan for a year skips four bytes past a non-digit: a date is found
// wherever its year falls against that stride, and after runs of digits.
TEST(FindDateInTextTest, YearAtEveryOffset) {
  for (size_t pad = 0; pad < 9; ++pad) {
    std::string prefix(pad, 'x');
    if (!prefix.empty()) prefix += ' ';
    SCOPED_TRACE(pad);
    EXPECT_EQ(FindDateInText(prefix + "16 Jan 2020"), "2020-01-16");
    EXPECT_EQ(FindDateInText(prefix + "2020-01-16 later"), "2020-01-16");
    EXPECT_EQ(FindDateInText(prefix + "Jan 16, 1999"), "1999-01-16");
    EXPECT_EQ(FindDateInText("7 12 123 " + prefix + "3 May 2001"), "2001-05-03");
    EXPECT_EQ(FindDateInText(prefix + "16 Jan 1989"), "");
  }
  EXPECT_EQ(FindDateInText("1 12 123 1234 12345 16.01.2020"), "2020-01-16");
  EXPECT_EQ(NormalizeDate("2021"), "");
  EXPECT_EQ(NormalizeDate("x 2021-03-04"), "2021-03-04");
}

TEST(IsYearAtTest, FourDigitYearsFrom1990To2100) {
  EXPECT_TRUE(IsYearAt("1990", 0));
  EXPECT_TRUE(IsYearAt("in 2020.", 3));
  EXPECT_TRUE(IsYearAt("2100", 0));
  EXPECT_FALSE(IsYearAt("1989", 0));
  EXPECT_FALSE(IsYearAt("2101", 0));
  EXPECT_FALSE(IsYearAt("20x0", 0));
  EXPECT_FALSE(IsYearAt("202", 0)) << "too short";
  EXPECT_FALSE(IsYearAt("2020", 1)) << "runs past the end";
  EXPECT_FALSE(IsYearAt("2020", 7)) << "starts past the end";
}

TEST(DateFromUrlTest, Slugs) {
  EXPECT_EQ(DateFromUrl("https://example.com/2020/01/16/some-story/"), "2020-01-16");
  EXPECT_EQ(DateFromUrl("https://example.com/news/2020-01-16-some-story"), "2020-01-16");
  EXPECT_EQ(DateFromUrl("https://example.com/a/20200116/story.html"), "2020-01-16");
  EXPECT_EQ(DateFromUrl("https://example.com/world/2020/jan/16/story"), "2020-01-16");
  EXPECT_EQ(DateFromUrl("https://example.com/2020/1/6/story"), "2020-01-06");
  EXPECT_EQ(DateFromUrl("/2020/01/16/relative"), "2020-01-16");
  EXPECT_EQ(DateFromUrl("https://example.com/2019/11/opening-bell"), "");
  EXPECT_EQ(DateFromUrl("https://example.com/story-12345678"), "");
  EXPECT_EQ(DateFromUrl("https://example.com/2020/02/30/x"), "");
  EXPECT_EQ(DateFromUrl("https://2020-01-16.example.com/"), "");
  EXPECT_EQ(DateFromUrl(""), "");
}

}  // namespace
}  // namespace newstrace::extract
