#include "extract/metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/html_gumbo.h"
#include "extract/html_parser.h"

namespace newstrace::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The Document keeps views into the html, so the html lives in the fixture.
class MetadataTest : public ::testing::Test {
 protected:
  Metadata Extract(std::string html, std::string_view url = {}) {
    html_ = std::move(html);
    doc_ = ParseHtmlWithGumbo(html_);
    return ExtractMetadata(doc_, url);
  }

  std::string html_;
  Document doc_;
};

TEST_F(MetadataTest, WordPressYoastGraph) {
  Metadata m = Extract(R"(<!doctype html><html lang="en-US"><head>
<title>Why the river flooded &#8211; Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:title" content="Why the river flooded - Riverside Gazette">
<link rel="canonical" href="https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/">
<script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","@id":"https://www.riversidegazette.com/#organization","name":"Riverside Gazette","url":"https://www.riversidegazette.com/"},
 {"@type":"WebSite","@id":"https://www.riversidegazette.com/#website","name":"Riverside Gazette","publisher":{"@id":"https://www.riversidegazette.com/#organization"},"inLanguage":"en-US"},
 {"@type":"WebPage","@id":"https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/#webpage","url":"https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/","name":"Why the river flooded - Riverside Gazette","datePublished":"2021-03-04T09:15:00+00:00","dateModified":"2021-03-05T11:00:00+00:00","inLanguage":"en-US"},
 {"@type":"Article","@id":"https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/#article","isPartOf":{"@id":"https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/#webpage"},"author":{"@id":"https://www.riversidegazette.com/#/schema/person/4f2a"},"headline":"Why the river flooded","datePublished":"2021-03-04T09:15:00+00:00","dateModified":"2021-03-05T11:00:00+00:00","publisher":{"@id":"https://www.riversidegazette.com/#organization"},"articleSection":["Environment","Local"],"keywords":["floods","River Wey"],"inLanguage":"en-US"},
 {"@type":["Person"],"@id":"https://www.riversidegazette.com/#/schema/person/4f2a","name":"Maria Lopez","image":{"@type":"ImageObject","url":"https://secure.gravatar.com/avatar/x"}}
]}</script>
</head><body><article><h1>Why the river flooded</h1><p>Text.</p></article></body></html>)");
  EXPECT_EQ(m.title, "Why the river flooded");
  EXPECT_EQ(m.evidence["title"], "json-ld");
  EXPECT_THAT(m.authors, ElementsAre("Maria Lopez"));
  EXPECT_EQ(m.evidence["authors"], "json-ld");
  EXPECT_EQ(m.published, "2021-03-04T09:15:00Z");
  EXPECT_EQ(m.modified, "2021-03-05T11:00:00Z");
  EXPECT_EQ(m.publisher, "Riverside Gazette");
  EXPECT_EQ(m.evidence["publisher"], "json-ld");
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.canonical_url, "https://www.riversidegazette.com/2021/03/04/why-the-river-flooded/");
  EXPECT_EQ(m.evidence["canonical_url"], "link-canonical");
  EXPECT_EQ(m.site, "riversidegazette.com");
  EXPECT_THAT(m.categories,
              ElementsAre(Category{"section", "Environment"}, Category{"section", "Local"},
                          Category{"tag", "floods"}, Category{"tag", "River Wey"}));
}

TEST_F(MetadataTest, NewsArticleInTopLevelArrayWithSeveralAuthors) {
  Metadata m =
      Extract(R"(<html><head>
<title>Senate Passes Budget Bill After Long Night - The Daily Ledger</title>
<script type="application/ld+json">[
  {"@context":"http://schema.org","@type":"BreadcrumbList","itemListElement":[]},
  {"@context":"http://schema.org","@type":"NewsArticle",
   "headline":"Senate Passes Budget Bill After Long Night",
   "description":"The vote ended a standoff.",
   "author":[{"@type":"Person","name":"Ann Lee","url":"https://dailyledger.com/by/ann-lee"},
             {"@type":"Person","name":"Bo Chen"},
             {"@type":"Person","name":"ann lee"}],
   "datePublished":"2020-01-16T10:00:00.000Z","dateModified":"2020-01-16T14:30:00.000Z",
   "publisher":{"@type":"NewsMediaOrganization","name":"The Daily Ledger","logo":{"@type":"ImageObject","url":"x.png"}},
   "mainEntityOfPage":{"@type":"WebPage","@id":"https://www.dailyledger.com/2020/01/16/us/politics/senate-budget.html"},
   "articleSection":"U.S.","inLanguage":"en"}
]</script></head><body><h1>Senate Passes Budget Bill After Long Night</h1></body></html>)",
              "https://www.dailyledger.com/2020/01/16/us/politics/senate-budget.html?smid=tw");
  EXPECT_EQ(m.title, "Senate Passes Budget Bill After Long Night");
  EXPECT_THAT(m.authors, ElementsAre("Ann Lee", "Bo Chen"));
  EXPECT_EQ(m.published, "2020-01-16T10:00:00Z");
  EXPECT_EQ(m.modified, "2020-01-16T14:30:00Z");
  EXPECT_EQ(m.publisher, "The Daily Ledger");
  EXPECT_EQ(m.description, "The vote ended a standoff.");
  EXPECT_EQ(m.url, "https://www.dailyledger.com/2020/01/16/us/politics/senate-budget.html?smid=tw");
  EXPECT_EQ(m.canonical_url,
            "https://www.dailyledger.com/2020/01/16/us/politics/senate-budget.html");
  EXPECT_EQ(m.evidence["canonical_url"], "json-ld");
  EXPECT_EQ(m.site, "dailyledger.com");
  EXPECT_THAT(m.categories, ElementsAre(Category{"section", "U.S."}));
}

TEST_F(MetadataTest, OpenGraphAndMetaLikeTheGuardian) {
  Metadata m = Extract(R"(<html lang="en"><head>
<title>Glaciers are retreating faster than expected | Climate crisis | The Morning Post</title>
<meta name="description" content="New survey shows the retreat has doubled.">
<meta property="og:url" content="https://www.morningpost.co.uk/environment/glaciers-retreat">
<meta property="og:title" content="Glaciers are retreating faster than expected">
<meta property="og:site_name" content="the Morning Post">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2019-11-18T06:00:00.000Z">
<meta property="article:modified_time" content="2019-11-18T09:12:00.000Z">
<meta property="article:author" content="https://www.morningpost.co.uk/profile/tom-hardy">
<meta name="author" content="Tom Hardy">
<meta property="article:section" content="Environment">
<meta property="article:tag" content="Glaciers">
<meta property="article:tag" content="Climate crisis">
<meta property="article:tag" content="glaciers">
<meta name="keywords" content="Glaciers,Climate crisis,Science">
</head><body><h1>Glaciers are retreating faster than expected</h1></body></html>)");
  EXPECT_EQ(m.title, "Glaciers are retreating faster than expected");
  EXPECT_EQ(m.evidence["title"], "opengraph");
  EXPECT_THAT(m.authors, ElementsAre("Tom Hardy"));
  EXPECT_EQ(m.evidence["authors"], "meta");  // article:author was only a URL
  EXPECT_EQ(m.published, "2019-11-18T06:00:00Z");
  EXPECT_EQ(m.evidence["published"], "opengraph");
  EXPECT_EQ(m.modified, "2019-11-18T09:12:00Z");
  EXPECT_EQ(m.publisher, "the Morning Post");
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.evidence["language"], "opengraph");
  EXPECT_EQ(m.description, "New survey shows the retreat has doubled.");
  EXPECT_EQ(m.url, "https://www.morningpost.co.uk/environment/glaciers-retreat");
  EXPECT_EQ(m.evidence["url"], "opengraph");
  EXPECT_EQ(m.site, "morningpost.co.uk");
  EXPECT_THAT(m.categories,
              ElementsAre(Category{"section", "Environment"}, Category{"tag", "Glaciers"},
                          Category{"tag", "Climate crisis"}, Category{"tag", "Science"}));
}

TEST_F(MetadataTest, TitleTagWithSectionAndSiteIsCutToTheH1) {
  Metadata m = Extract(R"(<html><head>
<title>Glaciers are retreating faster than expected | Climate crisis | The Morning Post</title>
<meta property="og:site_name" content="The Morning Post">
</head><body><header><h1>Glaciers are retreating faster than expected</h1></header></body></html>)",
                       "https://www.morningpost.co.uk/environment/glaciers-retreat");
  EXPECT_EQ(m.title, "Glaciers are retreating faster than expected");
  EXPECT_EQ(m.evidence["title"], "title-tag");
}

TEST_F(MetadataTest, VisibleBylineAndTimeOnly) {
  Metadata m = Extract(R"(<html><head><title>Council approves new bike lanes</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
  <h1>Council approves new bike lanes</h1>
  <div class="post-meta"><span class="byline">By <a href="/author/jd">Jane Doe</a> and
    <a href="/author/rr">Rob Roe</a>, Staff Writers | Jan. 16, 2020</span>
  <time datetime="2020-01-16T08:05:00-05:00">January 16, 2020</time></div>
  <p>The council voted 7-2.</p>
</article>
<section class="comments"><div class="comment-author">Troll 42</div></section>
</body></html>)",
                       "https://citynews.example.org/local/bike-lanes");
  EXPECT_EQ(m.title, "Council approves new bike lanes");
  EXPECT_THAT(m.authors, ElementsAre("Jane Doe", "Rob Roe"));
  EXPECT_EQ(m.evidence["authors"], "byline");
  EXPECT_EQ(m.published, "2020-01-16T08:05:00-05:00");
  EXPECT_EQ(m.evidence["published"], "time");
  EXPECT_EQ(m.site, "citynews.example.org");
}

TEST_F(MetadataTest, BylineStripsRolesDatesAndThePublisher) {
  Metadata m = Extract(R"(<html><head><meta property="og:site_name" content="Wire Daily"></head>
<body><article><h1>Markets rally</h1>
<p class="article-author">Written by Sam Patel, Senior Correspondent, Wire Daily
  &middot; Updated 10:14 AM GMT, Thu January 16, 2020</p>
<p>Stocks rose.</p></article></body></html>)");
  EXPECT_THAT(m.authors, ElementsAre("Sam Patel"));
}

TEST_F(MetadataTest, DublinCoreOnly) {
  Metadata m = Extract(R"(<html><head>
<meta name="DC.title" content="Annual report on regional water quality">
<meta name="DC.creator" content="Dr. Helen Brandt">
<meta name="dc.creator" content="Jonas Weber">
<meta name="DCTERMS.issued" content="2018-06-01">
<meta name="dc.publisher" content="Institute for Water Research">
<meta name="dc.language" scheme="dcterms.RFC4646" content="de-DE">
<meta name="DC.subject" content="Water; Rivers">
</head><body><p>Body.</p></body></html>)");
  EXPECT_EQ(m.title, "Annual report on regional water quality");
  EXPECT_EQ(m.evidence["title"], "dublin-core");
  EXPECT_THAT(m.authors, ElementsAre("Dr. Helen Brandt", "Jonas Weber"));
  EXPECT_EQ(m.evidence["authors"], "dublin-core");
  EXPECT_EQ(m.published, "2018-06-01");
  EXPECT_EQ(m.evidence["published"], "dublin-core");
  EXPECT_EQ(m.publisher, "Institute for Water Research");
  EXPECT_EQ(m.language, "de");
  EXPECT_THAT(m.categories, ElementsAre(Category{"tag", "Water"}, Category{"tag", "Rivers"}));
}

TEST_F(MetadataTest, MicrodataOnly) {
  Metadata m = Extract(R"(<html><body>
<div itemscope itemtype="http://schema.org/NewsArticle">
  <h2 itemprop="headline">Harbour reopens after storm</h2>
  <span itemprop="author" itemscope itemtype="http://schema.org/Person">
    <a href="/staff/k"><span itemprop="name">Kofi Mensah</span></a></span>
  <span itemprop="publisher" itemscope itemtype="http://schema.org/Organization">
    <meta itemprop="name" content="Coastal Times"></span>
  <time itemprop="datePublished" datetime="2020-02-03T07:30">Feb 3</time>
  <meta itemprop="dateModified" content="2020-02-04">
  <span itemprop="articleSection">Maritime</span>
  <div itemprop="articleBody"><p>Boats are back.</p></div>
  <div itemprop="comment" itemscope itemtype="http://schema.org/Comment">
    <span itemprop="author">Angry Reader</span></div>
</div></body></html>)");
  EXPECT_EQ(m.title, "Harbour reopens after storm");
  EXPECT_EQ(m.evidence["title"], "microdata");
  EXPECT_THAT(m.authors, ElementsAre("Kofi Mensah"));
  EXPECT_EQ(m.evidence["authors"], "microdata");
  EXPECT_EQ(m.publisher, "Coastal Times");
  EXPECT_EQ(m.published, "2020-02-03T07:30:00");
  EXPECT_EQ(m.evidence["published"], "microdata");
  EXPECT_EQ(m.modified, "2020-02-04");
  EXPECT_THAT(m.categories, ElementsAre(Category{"section", "Maritime"}));
}

TEST_F(MetadataTest, BrokenJsonLdIsRepairedOrSkipped) {
  Metadata m = Extract(std::string(R"(<html><head>
<script type="application/ld+json">{ "@type": "NewsArticle", "headline": oops }</script>
<script type="application/ld+json"><!--
{
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  "headline": "Line one)") +
                       "\n" + R"(line two",
  "author": {"@type": "Person", "name": "Lea M&uuml;ller",},
  "datePublished": "2020-05-06 08:00:00",
  "keywords": "budget, taxes , budget",
}
--></script>
</head><body></body></html>)");
  EXPECT_EQ(m.title, "Line one line two");
  EXPECT_THAT(m.authors, ElementsAre("Lea M\xc3\xbcller"));
  EXPECT_EQ(m.published, "2020-05-06T08:00:00");
  EXPECT_THAT(m.categories, ElementsAre(Category{"tag", "budget"}, Category{"tag", "taxes"}));
}

TEST_F(MetadataTest, TooDeepJsonLdIsSkipped) {
  std::string deep(100000, '[');
  Metadata m = Extract("<html><head><script type=\"application/ld+json\">" + deep +
                       "</script><title>Still here</title></head></html>");
  EXPECT_EQ(m.title, "Still here");
}

// What one JSON-LD block gives, read through the fast HTML parser (which
// passes bytes through, so invalid UTF-8 reaches the JSON parser): the title
// and its source, "Fallback|title-tag" when the block is skipped.
std::string JsonLdTitle(std::string_view json) {
  std::string html = "<html><head><title>Fallback</title><script type=\"application/ld+json\">" +
                     std::string(json) + "</script></head><body></body></html>";
  Document doc = ParseHtml(html);
  Metadata m = ExtractMetadata(doc, {});
  return m.title + "|" + m.evidence["title"];
}

std::string Article(std::string_view members) {
  return "{\"@type\":\"NewsArticle\"," + std::string(members) + "}";
}

// The cases where JSON parsers commonly differ in what they accept: the
// result must stay what it is (a rejected block is repaired, else skipped).
TEST(JsonLdAcceptanceTest, Utf8) {
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"Caf\u00e9 \ud83d\ude00")")),
            "Caf\xc3\xa9 \xf0\x9f\x98\x80|json-ld");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"Caf\xc3\xa9\"")), "Caf\xc3\xa9|json-ld");
  // Invalid UTF-8, in a read string or in one nobody reads: the block is skipped.
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"Caf\xe9 au lait\"")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"H\",\"image\":\"\xff\"")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"\xc0\x80\"")), "Fallback|title-tag");  // overlong
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"\xed\xa0\x80\"")),
            "Fallback|title-tag");  // surrogate
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"\xf4\x90\x80\x80\"")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"\xe2\x82\"")), "Fallback|title-tag");  // truncated
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"\xef\xbf\xbf\"")), "\xef\xbf\xbf|json-ld");
  // Lone or mismatched surrogate escapes.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"a\ud800b")")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"a\udc00b")")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"a\ud800\u0041")")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"a\u0000b")")), std::string("a\0b|json-ld", 11));
  // A byte order mark before the block.
  EXPECT_EQ(JsonLdTitle("\xef\xbb\xbf" + Article(R"("headline":"H")")), "H|json-ld");
}

TEST(JsonLdAcceptanceTest, KeysAndStructure) {
  // Duplicate keys: the last value wins.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"First","headline":"Second")")), "Second|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"First","headline":7)")), "7|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":{"x":1},"headline":"Last")")), "Last|json-ld");
  // Escaped keys are read unescaped; empty keys are kept.
  EXPECT_EQ(JsonLdTitle(Article(R"("head\u006cine":"Escaped","":"")")), "Escaped|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"a\/b \"q\" \\ \t")")), "a/b \"q\" \\|json-ld");
  // A scalar or an array at the root.
  EXPECT_EQ(JsonLdTitle(R"("just a string")"), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle("[1,[" + Article(R"("headline":"In array")") + "]]"), "In array|json-ld");
  // Trailing content after the value.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H")") + " {}"), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H")") + ";"), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H")") + "\n\t "), "H|json-ld");
  // Whitespace JSON does not allow between tokens; comments; single quotes.
  EXPECT_EQ(JsonLdTitle(Article("\f\"headline\":\"H\"")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"H\" /* c */")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article("'headline':'H'")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"bad \x41 escape")")), "Fallback|title-tag");
  // Trailing commas are repaired.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":[1,2,],)")), "H|json-ld");
}

TEST(JsonLdAcceptanceTest, ControlCharactersAreRepaired) {
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"a\tb\"")), "a b|json-ld");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"a\x01z\"")), "a z|json-ld");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"H\",\"x\":\"\x1f\"")), "H|json-ld");
  EXPECT_EQ(JsonLdTitle(Article("\"headline\":\"a\x7f\"")), "a\x7f|json-ld");
}

TEST(JsonLdAcceptanceTest, Numbers) {
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":42)")), "42|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":-0)")), "0|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":9223372036854775807)")),
            "9223372036854775807|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":-9223372036854775808)")),
            "-9223372036854775808|json-ld");
  // Unsigned beyond int64 is read back through int64.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":18446744073709551615)")), "-1|json-ld");
  // Integers beyond 64 bits and floats are no text.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":18446744073709551616)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":-9223372036854775809)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":123456789012345678901234567890)")),
            "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":1e2)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":1.5,"name":"Name")")), "Name|json-ld");
  EXPECT_EQ(JsonLdTitle(Article(R"("name":"Name","x":1e-400)")), "Name|json-ld");
  // Overflowing floats, NaN, Infinity, leading zeros, '+': not JSON.
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":1e400)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":-1e400)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":NaN)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":Infinity)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":01)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":+1)")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(Article(R"("headline":"H","x":1.)")), "Fallback|title-tag");
}

TEST(JsonLdAcceptanceTest, Depth) {
  // 64 containers deep is kept, 65 is skipped, repaired or not.
  auto nested = [](int arrays, std::string_view inner) {
    return Article(R"("headline":"H","x":)" + std::string(arrays, '[') + std::string(inner) +
                   std::string(arrays, ']'));
  };
  EXPECT_EQ(JsonLdTitle(nested(63, "1")), "H|json-ld");
  EXPECT_EQ(JsonLdTitle(nested(64, "1")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(nested(64, "1,")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(nested(63, "1,")), "H|json-ld");
  EXPECT_EQ(JsonLdTitle(nested(2000, "1")), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(nested(64, "\"\x01\"")), "Fallback|title-tag");
}

TEST(JsonLdAcceptanceTest, LargeBlockThenTheSameBounds) {
  // A block large enough for the parser to give its buffers back afterwards:
  // the depth bound holds for the blocks after it.
  std::string big = Article(R"("headline":"Big","x":[)");
  big.pop_back();
  for (int k = 0; k < 100000; ++k) big += "\"abcd\",";
  big += "1]}";
  ASSERT_GT(big.size(), 512u << 10);
  EXPECT_EQ(JsonLdTitle(big), "Big|json-ld");
  auto nested = [](int arrays) {
    return Article(R"("headline":"H","x":)" + std::string(arrays, '[') + "1" +
                   std::string(arrays, ']'));
  };
  EXPECT_EQ(JsonLdTitle(nested(63)), "H|json-ld");
  EXPECT_EQ(JsonLdTitle(nested(64)), "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(big), "Big|json-ld");
}

// The authors one JSON-LD block gives, joined with "; ".
std::string JsonLdAuthors(std::string_view json) {
  std::string html = "<html><head><script type=\"application/ld+json\">" + std::string(json) +
                     "</script></head><body></body></html>";
  Document doc = ParseHtml(html);
  Metadata m = ExtractMetadata(doc, {});
  std::string out;
  for (const std::string& a : m.authors) out += (out.empty() ? "" : "; ") + a;
  return out;
}

// Objects are read as a map holds them: members in key order, the last value
// of a repeated key.
TEST(JsonLdReadingTest, MembersInKeyOrderLastDuplicateWins) {
  EXPECT_EQ(JsonLdTitle(R"({"@graph":{"b":{"@type":"NewsArticle","headline":"B"},)"
                        R"("a":{"@type":"NewsArticle","headline":"A"}}})"),
            "A|json-ld");
  EXPECT_EQ(JsonLdTitle(R"({"x":{"@type":"NewsArticle","headline":"Hidden"},"x":"s",)"
                        R"("y":{"@type":"NewsArticle","headline":"Shown"}})"),
            "Shown|json-ld");
  EXPECT_EQ(JsonLdTitle(R"({"x":{"@type":"NewsArticle","headline":"First"},)"
                        R"("x":{"@type":"NewsArticle","headline":"Second"}})"),
            "Second|json-ld");
  EXPECT_EQ(JsonLdTitle(R"({"@type":"NewsArticle","@type":"Thing","headline":"H"})"),
            "Fallback|title-tag");
  EXPECT_EQ(JsonLdTitle(R"({"@type":"Thing","@type":["X","NewsArticle"],"headline":"H"})"),
            "H|json-ld");
}

TEST(JsonLdReadingTest, ReferencesResolveToTheFirstDefinition) {
  // A node of "@id" alone (repeated or not) defines nothing.
  EXPECT_EQ(JsonLdAuthors(R"([{"@type":"NewsArticle","headline":"H","author":{"@id":"p1"}},)"
                          R"({"@id":"p1","@id":"p1"},{"@id":"p1","name":"Maria Lopez"}])"),
            "Maria Lopez");
  // In key order: "a" defines p1 before "z".
  EXPECT_EQ(JsonLdAuthors(R"({"z":{"@id":"p1","name":"Zed Person"},"@type":"NewsArticle",)"
                          R"("a":{"@id":"p1","name":"Ann Person"},"headline":"H",)"
                          R"("author":{"@id":"p1"}})"),
            "Ann Person");
  // Across blocks, in document order.
  EXPECT_EQ(JsonLdAuthors(R"([{"@id":"p1","x":1,"name":"Bo Chen"},)"
                          R"({"@type":"NewsArticle","headline":"H","author":[{"@id":"p1"},)"
                          R"({"@id":"p2","givenName":"Ann","familyName":"Lee"},"Cy Dee"]}])"),
            "Bo Chen; Ann Lee; Cy Dee");
}

// Whitespace is collapsed wherever it falls against the 16-byte chunks of
// the fast test for already collapsed text.
TEST(CollapseSpaceTest, WhitespaceAtEveryOffset) {
  auto description = [](const std::string& content) {
    std::string html = "<html><head><meta name=\"description\" content=\"" + content +
                       "\"></head><body></body></html>";
    Document doc = ParseHtml(html);
    return ExtractMetadata(doc, {}).description;
  };
  const std::string tail = "bcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t k = 1; k < 40; ++k) {
    const std::string head(k, 'a');
    SCOPED_TRACE(k);
    EXPECT_EQ(description(head + " " + tail), head + " " + tail);
    EXPECT_EQ(description(head + "  " + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\t" + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\n " + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\r" + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\f" + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\v" + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\xc2\xa0" + tail), head + " " + tail);
    EXPECT_EQ(description(head + " \xc2\xa0 " + tail), head + " " + tail);
    EXPECT_EQ(description(head + "\xc2\xa9" + tail), head + "\xc2\xa9" + tail);  // not a space
    EXPECT_EQ(description(head + " x " + tail + " y"), head + " x " + tail + " y");
    EXPECT_EQ(description(tail + head + "  "), tail + head);
  }
}

// A byline class is found wherever the word falls in a long attribute (the
// scan skips ahead by up to six bytes).
TEST(BylineClassTest, WordAtEveryOffset) {
  auto authors = [](const std::string& cls) {
    std::string html =
        "<html><body><div class=\"" + cls + "\">By Jane Doe</div><p>Text.</p></body></html>";
    Document doc = ParseHtml(html);
    Metadata m = ExtractMetadata(doc, {});
    return m.authors.empty() ? std::string() : m.authors.front();
  };
  for (size_t k = 0; k < 40; ++k) {
    const std::string pad(k, 'x');
    SCOPED_TRACE(k);
    EXPECT_EQ(authors(pad + "-byline"), "Jane Doe");
    EXPECT_EQ(authors(pad + "-BYLINE-xxxxxxxxxxxxxxxxxxxx"), "Jane Doe");
    EXPECT_EQ(authors("post " + pad + "-Author"), "Jane Doe");
    EXPECT_EQ(authors(pad + "-author-xxxxxxxxxxxxxxxxxxxxxxxxxxx"), "Jane Doe");
    EXPECT_EQ(authors(pad + "-bylin-autho-xxxxxxxxxxxxxxxxxxxxx"), "");
    EXPECT_EQ(authors(pad + "-author-bio-xxxxxxxxxxxxxxxxxxxxx"), "");
  }
}

TEST(TitleSeparatorTest, EverySeparatorCutsTheSiteName) {
  for (std::string_view sep : {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                               " \xc2\xb7 ", " \xe2\x80\xa2 ", " \xc2\xbb ", " \xc2\xab ", " / "}) {
    SCOPED_TRACE(sep);
    std::string html = "<html><head><title>Rates rise - again / or not" + std::string(sep) +
                       "Example News</title></head><body></body></html>";
    Document doc = ParseHtml(html);
    EXPECT_EQ(ExtractMetadata(doc, "https://www.example.com/a").title,
              "Rates rise - again / or not");
  }
}

TEST_F(MetadataTest, OrganizationAsAuthorBecomesPublisher) {
  Metadata m = Extract(R"(<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@type":["NewsArticle"],
 "headline":"Rates unchanged","author":{"@type":"Organization","name":"Northwire"},
 "datePublished":"2020-01-16"}</script>
<meta name="author" content="Northwire">
</head><body><div class="byline">By Northwire Staff</div></body></html>)",
                       "https://northwire.example.com/markets/rates-unchanged");
  EXPECT_EQ(m.publisher, "Northwire");
  EXPECT_EQ(m.evidence["publisher"], "json-ld");
  EXPECT_THAT(m.authors, IsEmpty());
}

TEST_F(MetadataTest, MultipleAuthorsInOneString) {
  Metadata m = Extract(R"(<html><head>
<meta name="author" content="By Ana Silva, Ben Okafor &amp; Chloe Martin">
<meta name="parsely-author" content="Someone Else">
</head><body></body></html>)");
  EXPECT_THAT(m.authors, ElementsAre("Ana Silva", "Ben Okafor", "Chloe Martin"));
}

TEST_F(MetadataTest, AuthorsThatAreNotPeopleAreDropped) {
  Metadata m = Extract(R"(<html><head>
<meta property="og:site_name" content="Harbor Herald">
<meta name="author" content="Harbor Herald">
<meta name="author" content="admin">
<meta name="author" content="news@harborherald.com">
<meta name="author" content="https://facebook.com/harborherald">
<meta name="author" content="Staff">
<meta name="author" content="Mia Wong">
</head><body></body></html>)",
                       "https://harborherald.com/a");
  EXPECT_THAT(m.authors, ElementsAre("Mia Wong"));
}

TEST_F(MetadataTest, AuthorCleanupOfCommonBylineHabits) {
  auto authors = [this](std::string author_meta, std::string_view url = {}) {
    return Extract(
               "<html><head><meta property=\"og:site_name\" content=\"Daily Wire Post\">"
               "<meta name=\"author\" content=\"" +
                   author_meta + "\"></head></html>",
               url)
        .authors;
  };
  EXPECT_THAT(authors("Ilana Muhlstein, MS, RDN"), ElementsAre("Ilana Muhlstein"));
  EXPECT_THAT(authors("Troy L. Smith, Cleveland.com"), ElementsAre("Troy L. Smith"));
  EXPECT_THAT(authors("Text: Lida Buslaeva"), ElementsAre("Lida Buslaeva"));
  EXPECT_THAT(authors("Kim Park Daily Wire Post"), ElementsAre("Kim Park"));
  EXPECT_THAT(authors("Jill Lawless Associated Press"), ElementsAre("Jill Lawless"));
  EXPECT_THAT(authors("Finian Cunningham. Other Outlet"),
              ElementsAre("Finian Cunningham", "Other Outlet"));
  EXPECT_THAT(authors("Staff Reports"), IsEmpty());
  EXPECT_THAT(authors("Jane Doe, CNN Business", "https://edition.cnn.com/x"),
              ElementsAre("Jane Doe"));
  EXPECT_THAT(authors("Jane Doe Senior Staff Writer"), ElementsAre("Jane Doe"));
  EXPECT_THAT(authors("Dr. Helen Brandt"), ElementsAre("Dr. Helen Brandt"));
}

TEST_F(MetadataTest, BylineElementsDoNotRunTogether) {
  Metadata m = Extract(R"(<html><body><article><h1>A big rocket</h1>
<h3 class="byline">by Jeff Frost<br><span class="datetime">Monday, November 18, 2019</span></h3>
</article></body></html>)");
  EXPECT_THAT(m.authors, ElementsAre("Jeff Frost"));
  Metadata n = Extract(R"(<html><body><article>
<span class="entry-author">| BY: <a rel="author" href="/author/x">Kai Berg</a></span>
</article></body></html>)");
  EXPECT_THAT(n.authors, ElementsAre("Kai Berg"));
}

TEST_F(MetadataTest, TitleSiteNameFromTheDomainOrPrefix) {
  Metadata a = Extract("<html><head><title>Budget talks collapse | NORTHWIRE</title></head></html>",
                       "https://www.northwire.com/politics/budget");
  EXPECT_EQ(a.title, "Budget talks collapse");
  EXPECT_EQ(a.evidence["title"], "title-tag");
  Metadata b = Extract(
      "<html><head><meta property=\"og:site_name\" content=\"Tech Beat\">"
      "<title>Tech Beat: Phones get bigger again</title></head></html>");
  EXPECT_EQ(b.title, "Phones get bigger again");
  // A dash inside the headline that is not followed by the site name stays.
  Metadata c = Extract("<html><head><title>Spider-Man - the return</title></head></html>",
                       "https://movies.example.com/x");
  EXPECT_EQ(c.title, "Spider-Man - the return");
}

TEST_F(MetadataTest, DatesFromMetaTimestampsAndUrl) {
  Metadata a = Extract(R"(<html><head>
<meta name="sailthru.date" content="2019-11-19T21:57:01+0000">
<meta name="article.updated" content="1574200621">
</head></html>)");
  EXPECT_EQ(a.published, "2019-11-19T21:57:01Z");
  EXPECT_EQ(a.evidence["published"], "meta");
  EXPECT_EQ(a.modified, "2019-11-19T21:57:01Z");

  Metadata b = Extract("<html><head><title>x</title></head></html>",
                       "https://example.com/2020/01/16/story/");
  EXPECT_EQ(b.published, "2020-01-16");
  EXPECT_EQ(b.evidence["published"], "url");

  // Published and modified are kept as given, even when out of order.
  Metadata c = Extract(R"(<html><head>
<meta property="article:published_time" content="2020-03-02">
<meta property="article:modified_time" content="2020-03-01">
</head></html>)");
  EXPECT_EQ(c.published, "2020-03-02");
  EXPECT_EQ(c.modified, "2020-03-01");
}

TEST_F(MetadataTest, CanonicalIsResolvedAndAHomePageCanonicalIgnored) {
  Metadata a = Extract(R"(<html><head><link rel="canonical" href="/news/story-1"></head></html>)",
                       "https://www.example.com/news/story-1?utm_source=x");
  EXPECT_EQ(a.canonical_url, "https://www.example.com/news/story-1");
  Metadata b = Extract(R"(<html><head><link rel="canonical" href="https://example.com/">
<meta property="og:url" content="https://example.com/news/story-2"></head></html>)",
                       "https://example.com/news/story-2");
  EXPECT_EQ(b.canonical_url, "https://example.com/news/story-2");
  EXPECT_EQ(b.evidence["canonical_url"], "opengraph");
}

TEST_F(MetadataTest, LanguageFromHtmlLang) {
  Metadata m = Extract("<html lang=\"pt-BR\"><head><title>Olá</title></head></html>");
  EXPECT_EQ(m.language, "pt");
  EXPECT_EQ(m.evidence["language"], "html-lang");
}

TEST_F(MetadataTest, CategoriesAreCapped) {
  std::string keywords;
  for (int i = 0; i < 80; ++i) keywords += "tag" + std::to_string(i) + ",";
  Metadata m =
      Extract("<html><head><meta name=\"keywords\" content=\"" + keywords + "\"></head></html>");
  EXPECT_EQ(m.categories.size(), 50u);
}

TEST_F(MetadataTest, EmptyDocument) {
  Metadata m = Extract("");
  EXPECT_EQ(m.title, "");
  EXPECT_THAT(m.authors, IsEmpty());
}

TEST(ResolveUrlTest, Rfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "g:h"), "g:h");
  EXPECT_EQ(ResolveUrl(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(base, "/g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "//g"), "http://g");
  EXPECT_EQ(ResolveUrl(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(ResolveUrl(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(base, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(ResolveUrl(base, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(ResolveUrl(base, "."), "http://a/b/c/");
  EXPECT_EQ(ResolveUrl(base, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(base, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(base, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(base, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "/./g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "g;x=1/../y"), "http://a/b/c/y");
}

TEST(ResolveUrlTest, EmptyBaseOrAbsoluteHref) {
  EXPECT_EQ(ResolveUrl("", "/x"), "/x");
  EXPECT_EQ(ResolveUrl("https://a.com/x", "https://b.com/y"), "https://b.com/y");
  EXPECT_EQ(ResolveUrl("https://a.com", "y"), "https://a.com/y");
  EXPECT_EQ(ResolveUrl("https://a.com/x/", "  y  "), "https://a.com/x/y");
}

TEST(SiteOfTest, Hosts) {
  EXPECT_EQ(SiteOf("https://www.example.com/x"), "example.com");
  EXPECT_EQ(SiteOf("http://User@WWW.Example.COM:8080/x?y"), "example.com");
  EXPECT_EQ(SiteOf("https://news.example.co.uk"), "news.example.co.uk");
  EXPECT_EQ(SiteOf("//cdn.example.com/a"), "cdn.example.com");
  EXPECT_EQ(SiteOf("www.example.com/x"), "example.com");
  EXPECT_EQ(SiteOf("/relative/path"), "");
  EXPECT_EQ(SiteOf(""), "");
}

}  // namespace
}  // namespace newstrace::extract
