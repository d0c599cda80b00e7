#include "extract/charset.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newstrace::extract {
namespace {

using namespace std::string_literals;

TEST(DetectCharsetTest, DefaultsToUtf8ForValidUtf8AndAscii) {
  EXPECT_EQ(DetectCharset("<p>plain ascii</p>"), "utf-8");
  EXPECT_EQ(DetectCharset("<p>caf\xC3\xA9</p>"), "utf-8");
  EXPECT_EQ(DetectCharset(""), "utf-8");
}

TEST(DetectCharsetTest, InvalidUtf8WithoutDeclarationIsWindows1252) {
  EXPECT_EQ(DetectCharset("<p>caf\xE9 cr\xE8me</p>"), "windows-1252");
}

TEST(DetectCharsetTest, Utf8CutInsideLastCharacterIsStillUtf8) {
  EXPECT_EQ(DetectCharset("<p>caf\xC3\xA9 \xE2\x82"), "utf-8");
}

TEST(DetectCharsetTest, MetaCharset) {
  EXPECT_EQ(DetectCharset("<html><head><meta charset=\"windows-1252\"><p>caf\xE9"), "windows-1252");
  EXPECT_EQ(DetectCharset("<meta charset='Shift_JIS'>"), "shift_jis");
  EXPECT_EQ(DetectCharset("<META CHARSET=euc-kr>"), "euc-kr");
  EXPECT_EQ(DetectCharset("<meta\ncharset = \"gb2312\" />"), "gbk");
}

TEST(DetectCharsetTest, WhatwgLabels) {
  EXPECT_EQ(DetectCharset("<meta charset=iso-8859-1>"), "windows-1252");
  EXPECT_EQ(DetectCharset("<meta charset=latin1>"), "windows-1252");
  EXPECT_EQ(DetectCharset("<meta charset=us-ascii>"), "windows-1252");
  EXPECT_EQ(DetectCharset("<meta charset=ascii>"), "windows-1252");
  EXPECT_EQ(DetectCharset("<meta charset=utf8>"), "utf-8");
  EXPECT_EQ(DetectCharset("<meta charset=x-sjis>"), "shift_jis");
  EXPECT_EQ(DetectCharset("<meta charset=\" KOI8-R \">"), "koi8-r");
  EXPECT_EQ(DetectCharset("<meta charset=iso-8859-9>"), "windows-1254");
}

TEST(DetectCharsetTest, HttpEquivContentType) {
  EXPECT_EQ(DetectCharset("<head><meta http-equiv=\"Content-Type\" "
                          "content=\"text/html; charset=ISO-8859-1\"></head>\xE9"),
            "windows-1252");
  // content before http-equiv works too.
  EXPECT_EQ(DetectCharset("<meta content='text/html;charset=koi8-r' http-equiv='content-type'>"),
            "koi8-r");
  // Without http-equiv=content-type the content attribute does not count.
  EXPECT_EQ(DetectCharset("<meta name=x content=\"text/html; charset=koi8-r\">"), "utf-8");
}

TEST(DetectCharsetTest, MetaUtf16WithoutBomMeansUtf8) {
  EXPECT_EQ(DetectCharset("<meta charset=utf-16>"), "utf-8");
  EXPECT_EQ(DetectCharset("<meta charset=utf-16le><p>\xE9"), "utf-8");
}

TEST(DetectCharsetTest, PrescanSkipsCommentsAndAttributeValues) {
  EXPECT_EQ(DetectCharset("<!-- <meta charset=koi8-r> --><meta charset=windows-1251>"),
            "windows-1251");
  EXPECT_EQ(DetectCharset("<div title='<meta charset=koi8-r>'><meta charset=euc-jp>"), "euc-jp");
  // An unknown label is skipped and the scan goes on.
  EXPECT_EQ(DetectCharset("<meta charset=bogus><meta charset=big5>"), "big5");
  // Other tags' attributes are read past without being kept: unquoted values
  // up to a space or '>', names starting with '=', values after spaces.
  EXPECT_EQ(DetectCharset("<div a=<meta charset=koi8-r> b><meta charset=euc-jp>"), "euc-jp");
  EXPECT_EQ(DetectCharset("<p =x y = '<meta charset=koi8-r>' z><meta charset=gbk>"), "gbk");
}

TEST(DetectCharsetTest, PrescanStopsAfter4KB) {
  const std::string page = "<html>" + std::string(5000, ' ') + "<meta charset=koi8-r>";
  EXPECT_EQ(DetectCharset(page), "utf-8");
}

TEST(DetectCharsetTest, DeclaredOverridesMeta) {
  const std::string page = "<meta charset=\"windows-1251\"><p>x";
  EXPECT_EQ(DetectCharset(page, "ISO-8859-2"), "iso-8859-2");
  EXPECT_EQ(DetectCharset(page, "text/html; charset=Shift_JIS"), "shift_jis");
  // An unknown declared label falls back to the page's own declaration.
  EXPECT_EQ(DetectCharset(page, "no-such-charset"), "windows-1251");
}

TEST(DetectCharsetTest, BomWins) {
  EXPECT_EQ(DetectCharset("\xEF\xBB\xBF<meta charset=koi8-r>", "windows-1251"), "utf-8");
  EXPECT_EQ(DetectCharset("\xFF\xFE<\0p\0>\0"s), "utf-16le");
  EXPECT_EQ(DetectCharset("\xFE\xFF\0<\0p\0>"s), "utf-16be");
}

TEST(ToUtf8Test, ViewOfValidUtf8IsTheInputItself) {
  const std::string page =
      "\xEF\xBB\xBF"
      "caf\xC3\xA9";
  std::string storage;
  std::string_view utf8 = ToUtf8View(page, "utf-8", &storage);
  EXPECT_EQ(utf8, "caf\xC3\xA9");
  EXPECT_EQ(utf8.data(), page.data() + 3);  // the BOM dropped, nothing copied
  EXPECT_TRUE(storage.empty());
}

TEST(ToUtf8Test, ViewOfConvertedTextIsTheStorage) {
  std::string storage;
  std::string_view utf8 = ToUtf8View("caf\xE9", "windows-1252", &storage);
  EXPECT_EQ(utf8, "caf\xC3\xA9");
  EXPECT_EQ(utf8.data(), storage.data());
  utf8 = ToUtf8View(
      "a\xFF"
      "b",
      "utf-8", &storage);  // repaired
  EXPECT_EQ(utf8,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToUtf8("a\xFF"
                   "b",
                   "utf-8"),
            utf8);
}

TEST(ToUtf8Test, Windows1252) {
  EXPECT_EQ(ToUtf8("caf\xE9 \x93quoted\x94 \x80 \x81", "windows-1252"),
            "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC \xC2\x81");
  // iso-8859-1 is decoded as windows-1252.
  EXPECT_EQ(ToUtf8("\x96", "ISO-8859-1"), "\xE2\x80\x93");
  // An unknown charset name is treated as windows-1252.
  EXPECT_EQ(ToUtf8("\xE9", "klingon"), "\xC3\xA9");
}

TEST(ToUtf8Test, Windows1252PageEndToEnd) {
  const std::string page = "<meta charset=\"windows-1252\"><p>Caf\xE9 \x96 na\xEFve</p>";
  const std::string charset = DetectCharset(page);
  EXPECT_EQ(charset, "windows-1252");
  EXPECT_EQ(ToUtf8(page, charset),
            "<meta charset=\"windows-1252\"><p>Caf\xC3\xA9 \xE2\x80\x93 na\xC3\xAFve</p>");
}

TEST(ToUtf8Test, ShiftJis) {
  // "日本語" in Shift_JIS.
  const std::string page = "<meta charset=shift_jis><p>\x93\xFA\x96\x7B\x8C\xEA</p>";
  const std::string charset = DetectCharset(page);
  ASSERT_EQ(charset, "shift_jis");
  EXPECT_EQ(ToUtf8(page, charset),
            "<meta charset=shift_jis><p>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E</p>");
}

TEST(ToUtf8Test, GbkDecodesAsGb18030) {
  // "中文" in GBK.
  EXPECT_EQ(ToUtf8("\xD6\xD0\xCE\xC4", "gb2312"), "\xE4\xB8\xAD\xE6\x96\x87");
}

TEST(ToUtf8Test, Koi8r) {
  // "Мир" in KOI8-R.
  EXPECT_EQ(ToUtf8("\xED\xC9\xD2", "koi8-r"), "\xD0\x9C\xD0\xB8\xD1\x80");
}

TEST(ToUtf8Test, Utf16LeWithBom) {
  const std::string page = "\xFF\xFE<\0p\0>\0\xE9\0\xAC\x20"s;  // "<p>é€"
  const std::string charset = DetectCharset(page);
  ASSERT_EQ(charset, "utf-16le");
  EXPECT_EQ(ToUtf8(page, charset), "<p>\xC3\xA9\xE2\x82\xAC");
}

TEST(ToUtf8Test, Utf16BeWithBom) { EXPECT_EQ(ToUtf8("\xFE\xFF\0h\0i"s, "utf-16be"), "hi"); }

TEST(ToUtf8Test, Utf16OddByteAndLoneSurrogateBecomeReplacement) {
  const std::string out = ToUtf8("\xFF\xFEh\0\x00\xD8i\0!"s, "utf-16le");
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out, "h\xEF\xBF\xBDi\xEF\xBF\xBD");
}

TEST(ToUtf8Test, BomOverridesLabel) {
  EXPECT_EQ(ToUtf8("\xEF\xBB\xBF\xC3\xA9", "windows-1252"), "\xC3\xA9");
}

TEST(ToUtf8Test, Utf8FastPathStripsBom) {
  EXPECT_EQ(ToUtf8("\xEF\xBB\xBFhello \xE2\x82\xAC", "utf-8"), "hello \xE2\x82\xAC");
  EXPECT_EQ(ToUtf8("hello", "UTF8"), "hello");
}

TEST(ToUtf8Test, InvalidUtf8IsRepaired) {
  // Stray continuation, lone lead, overlong, surrogate, over U+10FFFF, 0xFF.
  EXPECT_EQ(ToUtf8("a\x80z", "utf-8"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(ToUtf8("a\xC3z", "utf-8"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(ToUtf8("\xC0\xAF", "utf-8"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ToUtf8("\xED\xA0\x80", "utf-8"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ToUtf8("\xF4\x90\x80\x80", "utf-8"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ToUtf8("\xFF", "utf-8"), "\xEF\xBF\xBD");
  // A maximal subpart of a 3-byte sequence is one U+FFFD.
  EXPECT_EQ(ToUtf8("\xE2\x82z", "utf-8"), "\xEF\xBF\xBDz");
}

TEST(ToUtf8Test, TruncatedMultiByteAtEnd) {
  EXPECT_EQ(ToUtf8("caf\xC3", "utf-8"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(ToUtf8("x\xF0\x9F\x98", "utf-8"), "x\xEF\xBF\xBD");
  // Shift_JIS lead byte with nothing after it.
  const std::string out = ToUtf8("ab\x93", "shift_jis");
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out, "ab\xEF\xBF\xBD");
}

TEST(ToUtf8Test, NulBytesSurvive) {
  const std::string in = "a\0b\0"s;
  EXPECT_EQ(ToUtf8(in, "utf-8"), in);
  EXPECT_EQ(ToUtf8(in, "windows-1252"), in);
  EXPECT_EQ(DetectCharset("<meta charset=koi8-r>\0\0"s), "koi8-r");
  EXPECT_EQ(DetectCharset("\0\0\0"s), "utf-8");
}

TEST(ToUtf8Test, EveryCharsetGivesValidUtf8ForEveryByte) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  for (std::string_view charset :
       {"utf-8",       "windows-1252", "shift_jis",    "euc-jp",      "iso-2022-jp",    "gbk",
        "gb18030",     "big5",         "euc-kr",       "utf-16le",    "utf-16be",       "koi8-u",
        "iso-8859-2",  "iso-8859-16",  "windows-1258", "macintosh",   "x-mac-cyrillic", "ibm866",
        "windows-874", "iso-2022-kr",  "hz-gb-2312",   "iso-8859-8-i"}) {
    const std::string out = ToUtf8(all_bytes, charset);
    EXPECT_TRUE(IsValidUtf8(out)) << charset;
    EXPECT_FALSE(out.empty()) << charset;
  }
}

TEST(IsValidUtf8Test, Basics) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii that is longer than sixteen bytes"));
  EXPECT_TRUE(IsValidUtf8("\xC2\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xC2"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));  // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  // Invalid byte after a long ASCII run (exercises the 8-byte fast path).
  EXPECT_FALSE(IsValidUtf8(std::string(37, 'a') + "\x80" + std::string(20, 'b')));
  EXPECT_TRUE(IsValidUtf8(std::string(37, 'a') + "\xC3\xA9" + std::string(20, 'b')));
  // ... and after and inside 64-byte blocks (the widest fast path).
  for (size_t at : {0, 63, 64, 100, 127, 128, 130}) {
    std::string text(200, 'a');
    text[at] = '\x80';
    EXPECT_FALSE(IsValidUtf8(text)) << at;
    text.replace(at, 1, "\xC3\xA9");
    EXPECT_TRUE(IsValidUtf8(text)) << at;
  }
}

// Sequences at every offset around the 32-byte probe and the 128-byte step,
// including the two- and three-byte ones the validator accepts inline and the
// leads with narrower second-byte ranges (E0, ED) it leaves to the full check.
TEST(IsValidUtf8Test, SequencesAtEveryOffset) {
  struct Case {
    std::string_view bytes;
    bool valid;
  };
  const Case cases[] = {
      {"\xC3\xA9", true},      {"\xDF\xBF", true},         {"\xC1\xBF", false},
      {"\xC2\x41", false},     {"\xC2\xC0", false},        {"\xE2\x80\x9C", true},
      {"\xE1\x80\x80", true},  {"\xEF\xBF\xBF", true},     {"\xEE\x80\x80", true},
      {"\xE2\x80\x41", false}, {"\xE2\x41\x80", false},    {"\xE2\xC0\x80", false},
      {"\xE0\xA0\x80", true},  {"\xE0\x9F\xBF", false},    {"\xED\x9F\xBF", true},
      {"\xED\xA0\x80", false}, {"\xF0\x90\x80\x80", true}, {"\xF4\x90\x80\x80", false},
  };
  for (const Case& c : cases) {
    for (size_t at = 0; at < 300; ++at) {
      std::string text(300, 'a');
      text.replace(at, c.bytes.size(), c.bytes);
      EXPECT_EQ(IsValidUtf8(text), c.valid) << "at " << at << " bytes " << c.bytes.size();
      // Cut off inside the sequence: never valid, whatever the lead.
      if (c.bytes.size() > 1) {
        EXPECT_FALSE(IsValidUtf8(std::string_view(text).substr(0, at + c.bytes.size() - 1)))
            << "cut at " << at;
      }
    }
  }
}

// The one-pass form agrees with DetectCharset + ToUtf8View on every kind of page.
TEST(DetectAndConvertToUtf8Test, SameAsDetectThenConvert) {
  const std::string long_ascii(300, 'x');
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"<p>plain ascii</p>" + long_ascii, ""},
      {"", ""},
      {"<p>caf\xC3\xA9</p>" + long_ascii, ""},
      {"<p>caf\xC3\xA9 \xE2\x82", ""},                      // cut in the last character
      {long_ascii + "<p>caf\xE9 cr\xE8me</p>", ""},         // windows-1252
      {"<p>caf\xC3\xA9 \xFF and more</p>", "utf-8"},        // declared, repaired
      {"<meta charset=\"koi8-r\"><p>\xF0\xD2\xC9", ""},     // meta
      {"\xEF\xBB\xBF<p>bom</p>", "windows-1252"},           // BOM wins
      {"<p>caf\xE9</p>", "text/html; charset=ISO-8859-1"},  // Content-Type
  };
  for (const auto& [bytes, declared] : pages) {
    std::string expected_storage;
    const std::string expected_charset = DetectCharset(bytes, declared);
    const std::string_view expected = ToUtf8View(bytes, expected_charset, &expected_storage);
    std::string storage, charset;
    const std::string_view got = DetectAndConvertToUtf8(bytes, declared, &storage, &charset);
    EXPECT_EQ(got, expected) << bytes;
    EXPECT_EQ(charset, expected_charset) << bytes;
    // Valid UTF-8 is returned in place, as ToUtf8View does.
    EXPECT_EQ(got.data() == bytes.data(), expected.data() == bytes.data()) << bytes;
  }
}

}  // namespace
}  // namespace newstrace::extract
