#include "provenance/provenance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "extract/extract.h"

namespace newstrace::provenance {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The seed case (DESIGN.md): an article on journal-neo.org republished by
// globalresearch.ca with a notice naming the magazine, but no link.
Article Origin() {
  Article a;
  a.url = "https://journal-neo.org/2020/01/10/us-war-of-terror/";
  a.site = "journal-neo.org";
  a.publisher = "New Eastern Outlook";
  a.authors = {"Tony Cartalucci"};
  a.published = "2020-01-10";
  a.evidence["published"] = "json-ld";
  a.text =
      "The US has eagerly taken credit for the killing of Iranian General Qasem Soleimani.\n\n"
      "The strikes also targeted infrastructure supporting a network of militias.";
  a.links = {{"https://journal-neo.org/2019/12/01/earlier-piece/", "earlier piece", 0, 6}};
  a.notices = {{NoticeKind::kRepublishTerms,
                "Republishing is permitted only with the source credited by a hyperlink to the "
                "original article.",
                "", ""}};
  return a;
}

Article Seed() {
  Article s;
  s.url = "https://www.globalresearch.ca/us-war-terror-continues/5700000";
  s.site = "globalresearch.ca";
  s.publisher = "Global Research";
  s.authors = {"Tony Cartalucci"};
  s.published = "2020-01-16";
  s.evidence["published"] = "dateline";
  s.text = Origin().text + "\n\nUS provocations come too little and too late.";
  s.links = Origin().links;  // copied along with the text
  s.links.push_back({"#", "New Eastern Outlook", 0, 0});
  s.notices = {
      {NoticeKind::kSharePrompt, "Note to readers: please click the share buttons above.", "", ""},
      {NoticeKind::kOriginallyPublished,
       "Tony Cartalucci is a Bangkok-based geopolitical researcher and writer, especially for the "
       "online magazine \xE2\x80\x9CNew Eastern Outlook\xE2\x80\x9D where this article was "
       "originally published. He is a frequent contributor to Global Research.",
       "New Eastern Outlook", ""},
      {NoticeKind::kRepublishTerms,
       "The Centre of Research on Globalization grants permission to cross-post Global Research "
       "articles on community internet sites as long the source and copyright are acknowledged "
       "together with a hyperlink to the original Global Research article.",
       "Global Research", ""},
  };
  return s;
}

Article Blog(std::string site) {
  Article c;
  c.site = site;
  c.url = "https://" + site + "/posts/war-of-terror";
  c.publisher = site;
  c.authors = {"Tony Cartalucci"};
  c.text = Origin().text;
  return c;
}

const Coverage kWhole{0.95, 0.97, 1.0};

TEST(ClassifyRelationTest, Boundaries) {
  EXPECT_EQ(ClassifyRelation({0.99, 0.995, 0.999}), RelationKind::kDuplicate);
  EXPECT_EQ(ClassifyRelation({1, 1, 1}), RelationKind::kDuplicate);
  EXPECT_EQ(ClassifyRelation({0.98, 1, 1}), RelationKind::kRepublication);   // an added credit line
  EXPECT_EQ(ClassifyRelation({1, 1, 0.995}), RelationKind::kRepublication);  // a changed word
  EXPECT_EQ(ClassifyRelation({0.6, 0.1, 1}), RelationKind::kRepublication);
  EXPECT_EQ(ClassifyRelation({0.1, 0.6, 1}), RelationKind::kRepublication);
  EXPECT_EQ(ClassifyRelation({0.59, 0.59, 1}), RelationKind::kExcerpt);
  EXPECT_EQ(ClassifyRelation({0.05, 0.01, 1}), RelationKind::kExcerpt);
  EXPECT_EQ(ClassifyRelation({0, 0, 0}), RelationKind::kExcerpt);
}

TEST(ClassifyRelationTest, DuplicateNeedsTheSameText) {
  Coverage c{1, 1, 1};
  c.same_text = false;  // e.g. a changed punctuation mark
  EXPECT_EQ(ClassifyRelation(c), RelationKind::kRepublication);
}

TEST(SameTextTest, IgnoresSpacesAndQuoteStyleOnly) {
  EXPECT_TRUE(SameText("He said “no”.\n\nThen  left.", "He said \"no\". Then\u00a0left."));
  EXPECT_TRUE(SameText("It’s", "It's"));
  EXPECT_FALSE(SameText("He said no.", "He said no!"));
  EXPECT_FALSE(SameText("He said no.", "he said no."));
  EXPECT_FALSE(SameText("abc", "abcd"));
  EXPECT_TRUE(SameText("", " \n"));
}

TEST(DecideOriginTest, MirrorUrlPointsAtTheOriginal) {
  Article original;
  original.url = "https://www.news.example/2020/01/story-123";
  original.site = "news.example";
  Article mirror;
  mirror.url = "https://archive-copy.example/news.example/2020/01/story-123";
  mirror.site = "archive-copy.example";
  const OriginVerdict v = DecideOrigin(mirror, original, Coverage{1, 1, 1});
  EXPECT_EQ(v.origin, Side::kB);
  ASSERT_FALSE(v.evidence.empty());
  EXPECT_EQ(v.evidence[0].kind, "mirror");
  // A URL merely sharing a host is no mirror.
  mirror.url = "https://archive-copy.example/news.example";
  EXPECT_EQ(DecideOrigin(mirror, original, Coverage{1, 1, 1}).origin, Side::kUnknown);
}

TEST(EnumNamesTest, RoundTrip) {
  for (RelationKind kind :
       {RelationKind::kDuplicate, RelationKind::kRepublication, RelationKind::kExcerpt}) {
    EXPECT_EQ(RelationKindFromString(ToString(kind)), kind);
  }
  for (CreditKind kind : {CreditKind::kLinked, CreditKind::kNamed, CreditKind::kNone}) {
    EXPECT_EQ(CreditKindFromString(ToString(kind)), kind);
  }
  for (Side side : {Side::kA, Side::kB, Side::kUnknown}) {
    EXPECT_EQ(SideFromString(ToString(side)), side);
  }
  EXPECT_EQ(ToString(RelationKind::kRepublication), "republication");
  EXPECT_EQ(ToString(CreditKind::kNamed), "named");
  EXPECT_EQ(ToString(Side::kB), "b");
  EXPECT_EQ(RelationKindFromString("copy"), std::nullopt);
  EXPECT_EQ(CreditKindFromString(""), std::nullopt);
}

TEST(CompareInstantsTest, DatesAndTimeZones) {
  EXPECT_EQ(CompareInstants("2020-01-10", "2020-01-16"), -1);
  EXPECT_EQ(CompareInstants("2020-01-16", "2020-01-10"), 1);
  EXPECT_EQ(CompareInstants("2020-01-16", "2020-01-16"), 0);
  // 01:00 at +09:00 is 16:00 UTC the day before.
  EXPECT_EQ(CompareInstants("2020-01-16T01:00:00+09:00", "2020-01-15T17:00:00Z"), -1);
  EXPECT_EQ(CompareInstants("2020-01-15T17:00:00Z", "2020-01-16T01:00:00+09:00"), 1);
  EXPECT_EQ(CompareInstants("2020-01-16T08:00:00+07:00", "2020-01-16T01:00:00Z"), 0);
  EXPECT_EQ(CompareInstants("2020-01-16T08:00:00+0700", "2020-01-16T01:00:01Z"), -1);
  EXPECT_EQ(CompareInstants("2020-01-15T23:30:00-05:00", "2020-01-16T04:00:00Z"), 1);
  EXPECT_EQ(CompareInstants("2020-01-16T01:00:00", "2020-01-16T01:00:00Z"), 0);  // no offset = UTC
  EXPECT_EQ(CompareInstants("2020-01-16T01:00:00.250Z", "2020-01-16T01:00:00.5Z"), -1);
  EXPECT_EQ(CompareInstants("2020-01-16 01:00", "2020-01-16T00:59:59Z"), 1);
  // A date against a date-time: by the date-time's UTC day.
  EXPECT_EQ(CompareInstants("2020-01-16", "2020-01-16T01:00:00+09:00"), 1);  // UTC day 15
  EXPECT_EQ(CompareInstants("2020-01-16", "2020-01-16T23:00:00Z"), 0);
  EXPECT_EQ(CompareInstants("2020-01-15T23:00:00-02:00", "2020-01-16"), 0);  // UTC day 16
  EXPECT_EQ(CompareInstants("2019-12-31T23:00:00-02:00", "2020-01-01"), 0);  // across a year
  // Missing or unparsable: not comparable.
  EXPECT_EQ(CompareInstants("", "2020-01-16"), 0);
  EXPECT_EQ(CompareInstants("2020-01-16", ""), 0);
  EXPECT_EQ(CompareInstants("January 16, 2020", "2020-01-10"), 0);
  EXPECT_EQ(CompareInstants("2020-13-01", "2020-01-10"), 0);
  EXPECT_EQ(CompareInstants("2019-02-29", "2020-01-10"), 0);
  EXPECT_EQ(CompareInstants("2020-02-29", "2020-03-01"), -1);
  EXPECT_EQ(CompareInstants("2020-01-16T25:00:00Z", "2020-01-10"), 0);
  EXPECT_EQ(CompareInstants("2020-01-16Tgarbage", "2020-01-10"), 0);
  EXPECT_EQ(CompareInstants("2020-01-16T01:00:00+09:00 extra", "2020-01-10"), 0);
}

TEST(DecideOriginTest, SeedNoticeNamesOriginPublisher) {
  const Article o = Origin();
  const Article s = Seed();
  OriginVerdict verdict = DecideOrigin(o, s, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  ASSERT_FALSE(verdict.evidence.empty());
  EXPECT_EQ(verdict.evidence[0].kind, "notice");
  EXPECT_EQ(verdict.evidence[0].detail,
            "b: notice 'originally published' names New Eastern Outlook = a's publisher");
  // The dates agree and say where they came from.
  bool dated = false;
  for (const Evidence& e : verdict.evidence) {
    if (e.kind != "published") continue;
    dated = true;
    EXPECT_EQ(e.detail, "a published 2020-01-10 (json-ld), b published 2020-01-16 (dateline)");
  }
  EXPECT_TRUE(dated);

  verdict = DecideOrigin(s, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_EQ(verdict.evidence[0].detail,
            "a: notice 'originally published' names New Eastern Outlook = b's publisher");
}

TEST(DecideOriginTest, NoticeWinsOverDates) {
  Article o = Origin();
  Article s = Seed();
  s.published = "2019-01-01";  // a wrong date on the copy does not overrule its notice
  EXPECT_EQ(DecideOrigin(o, s, kWhole).origin, Side::kA);
}

TEST(DecideOriginTest, NoticeNamesSiteOrUrl) {
  Article o = Origin();
  o.publisher = "NEO";
  Article s = Seed();
  s.notices = {{NoticeKind::kOriginallyPublished, "First published at journal-neo.org",
                "journal-neo.org", ""}};
  OriginVerdict verdict = DecideOrigin(o, s, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("= a's site"));

  s.notices = {{NoticeKind::kOriginallyPublished, "Originally published here.", "",
                "http://www.journal-neo.org/2020/01/10/us-war-of-terror#comments"}};
  verdict = DecideOrigin(o, s, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("= a's URL"));

  // A publisher abbreviation against the full name does not match, and
  // without dates or other evidence nothing decides.
  s.notices = {{NoticeKind::kOriginallyPublished, "Originally published by New Eastern Outlook.",
                "New Eastern Outlook", ""}};
  s.published.clear();
  verdict = DecideOrigin(o, s, {0.5, 0.5, 1});
  EXPECT_EQ(verdict.origin, Side::kUnknown);
}

TEST(DecideOriginTest, CreditLineInText) {
  Article o = Origin();
  o.published.clear();
  Article s = Seed();
  s.notices.clear();
  s.published.clear();
  s.text += "\n\nThis article was originally published by New Eastern Outlook.";
  OriginVerdict verdict = DecideOrigin(s, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_EQ(verdict.evidence[0].kind, "credit_line");
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("a: credit line"));

  // "Source:" on a line of its own, naming the site.
  s = Seed();
  s.notices.clear();
  s.published.clear();
  s.text += "\n\nSource: journal-neo.org";
  EXPECT_EQ(DecideOrigin(s, o, kWhole).origin, Side::kB);
  // ... or on the line after "Source:".
  s.text = Origin().text + "\n\nSource:\n\nNew Eastern Outlook";
  EXPECT_EQ(DecideOrigin(s, o, kWhole).origin, Side::kB);

  // "via" in the middle of a long prose sentence is not a credit line.
  s.text = Origin().text +
           "\n\nThe statement, which was circulated via New Eastern Outlook and a dozen other "
           "outlets over several days, prompted a long and heated debate among analysts who "
           "follow the region closely.";
  EXPECT_EQ(DecideOrigin(s, o, kWhole).origin, Side::kUnknown);
}

TEST(DecideOriginTest, OwnOutletInNoticeIsNoEvidence) {
  // A notice naming the holder's own outlet says nothing about the other.
  Article o = Origin();
  o.published.clear();
  o.notices.push_back({NoticeKind::kOriginallyPublished,
                       "This article was originally published by New Eastern Outlook.",
                       "New Eastern Outlook", ""});
  Article c = Blog("example.org");
  EXPECT_EQ(DecideOrigin(o, c, kWhole).origin, Side::kUnknown);
}

TEST(DecideOriginTest, OnlyTheCreditSentenceOfANoticeCounts) {
  // A copy on a third site carries the seed's bio notice; Global Research is
  // named in it, but not as the place of first publication.
  Article c = Blog("example.org");
  c.notices = {Seed().notices[1]};
  Article s = Seed();
  s.published.clear();
  EXPECT_EQ(DecideOrigin(c, s, kWhole).origin, Side::kUnknown);
  Article o = Origin();
  o.published.clear();
  EXPECT_EQ(DecideOrigin(c, o, kWhole).origin, Side::kB);

  // Without a target, the credit sentence of an editor's note is read.
  c.notices = {{NoticeKind::kEditorNote,
                "Tony writes for Global Research. This piece first appeared in New Eastern "
                "Outlook.",
                "", ""}};
  EXPECT_EQ(DecideOrigin(c, s, kWhole).origin, Side::kUnknown);
  OriginVerdict verdict = DecideOrigin(c, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_EQ(verdict.evidence[0].detail,
            "a: notice 'first appeared' names New Eastern Outlook = b's publisher");
}

TEST(DecideOriginTest, LinkToTheOtherArticle) {
  Article o = Origin();
  o.published.clear();
  Article c = Blog("example.org");
  c.links = {{"https://journal-neo.org/2020/01/10/us-war-of-terror", "original", 0, 3}};
  OriginVerdict verdict = DecideOrigin(c, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_EQ(verdict.evidence[0].kind, "link");
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("a links to b's URL"));

  // A link to the canonical URL counts too.
  o.canonical_url = "https://journal-neo.org/?p=123";
  c.links = {{"https://www.journal-neo.org/?p=123&utm_source=x", "original", 0, 3}};
  verdict = DecideOrigin(c, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("canonical URL"));
}

TEST(DecideOriginTest, HomePageLinkIsWeakerThanStrongEvidence) {
  Article o = Origin();
  o.published.clear();
  Article c = Blog("example.org");
  c.links = {{"https://journal-neo.org/", "NEO", 0, 3}};
  OriginVerdict verdict = DecideOrigin(c, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("home page"));

  // A link to another page of the site is no evidence.
  c.links = {{"https://journal-neo.org/2019/12/01/earlier-piece/", "NEO", 0, 3}};
  EXPECT_EQ(DecideOrigin(c, o, kWhole).origin, Side::kUnknown);

  // Strong evidence the other way wins over a home-page link.
  c.links = {{"https://journal-neo.org/", "NEO", 0, 3}};
  o.links.push_back({c.url, "copy", 0, 3});
  verdict = DecideOrigin(c, o, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("b links to a's URL"));
}

TEST(DecideOriginTest, CanonicalPointsAtTheOther) {
  Article o = Origin();
  o.published.clear();
  Article c = Blog("example.org");
  c.canonical_url = "https://journal-neo.org/2020/01/10/us-war-of-terror/";
  OriginVerdict verdict = DecideOrigin(o, c, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  EXPECT_EQ(verdict.evidence[0].kind, "canonical");
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("b's canonical URL"));

  // A canonical URL equal to one's own URL says nothing.
  c.canonical_url = c.url;
  EXPECT_EQ(DecideOrigin(o, c, kWhole).origin, Side::kUnknown);
}

TEST(DecideOriginTest, ConflictingStrongEvidenceIsUnknown) {
  Article o = Origin();
  Article s = Seed();
  // O claims to come from Global Research, S from New Eastern Outlook.
  o.notices.push_back({NoticeKind::kOriginallyPublished,
                       "This article was originally published by Global Research.",
                       "Global Research", ""});
  OriginVerdict verdict = DecideOrigin(o, s, kWhole);
  EXPECT_EQ(verdict.origin, Side::kUnknown);
  int notices = 0;
  for (const Evidence& e : verdict.evidence) notices += e.kind == "notice";
  EXPECT_EQ(notices, 2);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("a: notice"));
  EXPECT_THAT(verdict.evidence[1].detail, HasSubstr("b: notice"));
}

TEST(DecideOriginTest, PublishedDates) {
  Article x = Blog("one.example");
  Article y = Blog("two.example");
  x.published = "2020-01-16T01:00:00+09:00";
  y.published = "2020-01-15T17:00:00Z";
  x.evidence["published"] = "meta";
  OriginVerdict verdict = DecideOrigin(x, y, kWhole);
  EXPECT_EQ(verdict.origin, Side::kA);
  EXPECT_EQ(verdict.evidence[0].kind, "published");
  EXPECT_EQ(verdict.evidence[0].detail,
            "a published 2020-01-16T01:00:00+09:00 (meta), b published 2020-01-15T17:00:00Z");

  // Missing published: unknown, even when modified dates differ.
  y.published.clear();
  x.modified = "2020-01-01";
  y.modified = "2020-02-01";
  verdict = DecideOrigin(x, y, kWhole);
  EXPECT_EQ(verdict.origin, Side::kUnknown);
  EXPECT_THAT(verdict.evidence[0].detail, HasSubstr("b has no published date"));

  // The same day: unknown.
  x.published = "2020-01-16";
  y.published = "2020-01-16T10:00:00Z";
  EXPECT_EQ(DecideOrigin(x, y, kWhole).origin, Side::kUnknown);
}

TEST(DecideOriginTest, ContainmentIsTheLastResort) {
  Article x = Blog("one.example");
  Article y = Blog("two.example");
  // a is an excerpt inside b: b is the origin, and that is the first item.
  OriginVerdict verdict = DecideOrigin(x, y, {0.95, 0.2, 1});
  EXPECT_EQ(verdict.origin, Side::kB);
  ASSERT_EQ(verdict.evidence.size(), 2u);
  EXPECT_EQ(verdict.evidence[0].kind, "containment");
  EXPECT_EQ(verdict.evidence[0].detail, "a is 95% inside b, b 20% inside a: a is an excerpt of b");
  EXPECT_EQ(verdict.evidence[1].kind, "published");
  // Home-page links both ways cancel out; the dates decide, and come first.
  x.links = {{"https://two.example/", "two", 0, 1}};
  y.links = {{"https://one.example", "one", 0, 1}};
  x.published = "2020-01-03";
  y.published = "2020-01-02";
  verdict = DecideOrigin(x, y, {0.95, 0.2, 1});
  EXPECT_EQ(verdict.origin, Side::kB);
  EXPECT_EQ(verdict.evidence[0].kind, "published");
  EXPECT_EQ(verdict.evidence.size(), 4u);
  x.links.clear();
  y.links.clear();
  x.published.clear();
  y.published.clear();
  EXPECT_EQ(DecideOrigin(x, y, {0.3, 0.92, 1}).origin, Side::kA);
  // Both largely shared, or neither contained: undecided.
  EXPECT_EQ(DecideOrigin(x, y, {0.95, 0.7, 1}).origin, Side::kUnknown);
  EXPECT_EQ(DecideOrigin(x, y, {0.5, 0.2, 1}).origin, Side::kUnknown);
  // Dates come before containment.
  x.published = "2020-01-01";
  y.published = "2020-01-02";
  EXPECT_EQ(DecideOrigin(x, y, {0.95, 0.2, 1}).origin, Side::kA);
}

TEST(JudgeCreditTest, SeedIsNamedAndMissesTheLinkTerms) {
  const CreditVerdict verdict = JudgeCredit(Seed(), Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kNamed);
  EXPECT_THAT(verdict.evidence, HasSubstr("New Eastern Outlook"));
  EXPECT_THAT(verdict.evidence, HasSubstr("originally published"));
  EXPECT_EQ(verdict.terms, "not_met");
  EXPECT_THAT(verdict.terms_evidence, HasSubstr("hyperlink to the original article"));
}

TEST(JudgeCreditTest, LinkToTheOriginMeetsTheTerms) {
  Article c2 = Blog("example.org");
  c2.text += "\n\nRead the original.";
  c2.links = {{"https://journal-neo.org/2020/01/10/us-war-of-terror/", "the original", 0, 3}};
  const CreditVerdict verdict = JudgeCredit(c2, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kLinked);
  EXPECT_EQ(verdict.evidence, "https://journal-neo.org/2020/01/10/us-war-of-terror/");
  EXPECT_EQ(verdict.terms, "met");
}

TEST(JudgeCreditTest, SiteLinks) {
  Article c = Blog("example.org");
  c.notices = {{NoticeKind::kOriginallyPublished, "Originally at NEO", "NEO",
                "https://ru.journal-neo.org/"}};
  CreditVerdict verdict = JudgeCredit(c, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kLinked);
  EXPECT_EQ(verdict.evidence, "https://ru.journal-neo.org/");

  // A link that the origin holds as well came along with the copied text.
  c.notices.clear();
  c.links = Origin().links;
  EXPECT_EQ(JudgeCredit(c, Origin()).kind, CreditKind::kNone);
  // A look-alike host is not the site.
  c.links = {{"https://notjournal-neo.org/", "x", 0, 1}};
  EXPECT_EQ(JudgeCredit(c, Origin()).kind, CreditKind::kNone);
}

TEST(JudgeCreditTest, SharedBylineIsNoCredit) {
  const Article c3 = Blog("example.org");
  const CreditVerdict verdict = JudgeCredit(c3, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kNone);
  EXPECT_THAT(verdict.evidence, IsEmpty());
  EXPECT_EQ(verdict.terms, "not_met");

  // An author bio naming the author is a byline, not a credit.
  Article bio = c3;
  bio.notices = {
      {NoticeKind::kAuthorBio, "Tony Cartalucci is a Bangkok-based researcher.", "", ""}};
  EXPECT_EQ(JudgeCredit(bio, Origin()).kind, CreditKind::kNone);
}

TEST(JudgeCreditTest, AuthorNamedInCreditLine) {
  Article c = Blog("example.org");
  c.authors.clear();
  c.text += "\n\nThis piece first appeared on the blog of Tony Cartalucci.";
  const CreditVerdict verdict = JudgeCredit(c, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kNamed);
  EXPECT_EQ(verdict.evidence, "This piece first appeared on the blog of Tony Cartalucci.");
}

TEST(JudgeCreditTest, OutletNamedInText) {
  Article c = Blog("example.org");
  c.text += "\n\nAs the analysts at New Eastern Outlook put it, the strikes changed little.";
  CreditVerdict verdict = JudgeCredit(c, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kNamed);
  EXPECT_EQ(verdict.evidence,
            "As the analysts at New Eastern Outlook put it, the strikes changed little.");

  // A mention that the origin's own text already holds is copied, not a credit.
  Article o = Origin();
  o.text += "\n\nNew Eastern Outlook will follow the story.";
  c = Blog("example.org");
  c.text = o.text;
  EXPECT_EQ(JudgeCredit(c, o).kind, CreditKind::kNone);
}

TEST(JudgeCreditTest, Terms) {
  Article o = Origin();
  Article named = Seed();
  Article none = Blog("example.org");

  o.notices = {{NoticeKind::kRepublishTerms,
                "You may republish this article provided that the source is credited.", "", ""}};
  EXPECT_EQ(JudgeCredit(named, o).terms, "met");
  EXPECT_EQ(JudgeCredit(none, o).terms, "not_met");

  o.notices = {{NoticeKind::kRepublishTerms,
                "All rights reserved. This material may not be reproduced without written "
                "permission.",
                "", ""}};
  EXPECT_EQ(JudgeCredit(named, o).terms, "not_met");

  o.notices = {{NoticeKind::kRepublishTerms,
                "Republication is not permitted in any form, even with a hyperlink.", "", ""}};
  EXPECT_EQ(JudgeCredit(named, o).terms, "not_met");

  // Terms that ask nothing recognisable, or none at all: empty.
  o.notices = {{NoticeKind::kRepublishTerms, "Contact us about syndication.", "", ""}};
  EXPECT_EQ(JudgeCredit(named, o).terms, "");
  o.notices.clear();
  const CreditVerdict verdict = JudgeCredit(named, o);
  EXPECT_EQ(verdict.terms, "");
  EXPECT_EQ(verdict.terms_evidence, "");
}

TEST(JudgeCreditTest, EvidenceIsTrimmed) {
  Article c = Blog("example.org");
  std::string long_notice = "Originally published by New Eastern Outlook. ";
  for (int i = 0; i < 40; ++i) long_notice += "Long text \xC3\xA9t\xC3\xA9 here. ";
  c.notices = {{NoticeKind::kOriginallyPublished, long_notice, "New Eastern Outlook", ""}};
  const CreditVerdict verdict = JudgeCredit(c, Origin());
  EXPECT_EQ(verdict.kind, CreditKind::kNamed);
  EXPECT_LE(verdict.evidence.size(), 310u);
  EXPECT_TRUE(verdict.evidence.ends_with("\xE2\x80\xA6"));
}

TEST(JudgeCreditTest, SameSiteNamesAreNotCredit) {
  // A copy on the origin's own site, whose notices name that site.
  Article o = Origin();
  Article dup = o;
  dup.url = "https://journal-neo.org/amp/us-war-of-terror/";
  dup.notices = {{NoticeKind::kCopyright, "\xC2\xA9 New Eastern Outlook", "", ""}};
  dup.links = {{"https://journal-neo.org/", "home", 0, 1}};
  EXPECT_EQ(JudgeCredit(dup, o).kind, CreditKind::kNone);
}

// The seed page itself (examples/seed-article.md) through the real extractor:
// its notices, links ("#") and dateline must lead to the same verdicts.
TEST(ProvenanceSeedTest, ExtractedSeedPage) {
  std::ifstream in(std::string(NEWSTRACE_SOURCE_DIR) + "/examples/seed-article.md",
                   std::ios::binary);
  ASSERT_TRUE(in) << "examples/seed-article.md missing";
  RawPage page;
  page.source = "seed-article.md";
  page.uri = "https://www.globalresearch.ca/us-war-terror-continues/5700651";
  page.media_type = "text/markdown";
  page.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  Result<Article> seed = extract::ExtractArticle(page);
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();

  const Article o = Origin();
  const OriginVerdict origin = DecideOrigin(seed.value(), o, {0.93, 0.95, 0.99});
  EXPECT_EQ(origin.origin, Side::kB);
  ASSERT_FALSE(origin.evidence.empty());
  EXPECT_EQ(origin.evidence[0].detail,
            "a: notice 'originally published' names New Eastern Outlook = b's publisher");

  const CreditVerdict credit = JudgeCredit(seed.value(), o);
  EXPECT_EQ(credit.kind, CreditKind::kNamed);
  EXPECT_THAT(credit.evidence, HasSubstr("where this article was originally published"));
  EXPECT_EQ(credit.terms, "not_met");

  // Global Research's own terms, were the seed an origin: a hyperlink is asked.
  Article c2 = Blog("example.org");
  c2.links = {{page.uri, "Global Research", 0, 3}};
  EXPECT_EQ(JudgeCredit(c2, seed.value()).terms, "met");
  EXPECT_EQ(JudgeCredit(Blog("example.org"), seed.value()).terms, "not_met");
}

// Linear in text size: a large copy full of near-misses ("via" in long
// lines, mentions of the origin already in the origin's text) stays fast.
TEST(ProvenanceScaleTest, LargeTextsStayLinear) {
  Article o = Origin();
  std::string paragraph =
      "Shipments went via the northern route as New Eastern Outlook reported in a long sentence "
      "that goes on and on about the logistics of the region and its many actors. ";
  o.text.clear();
  for (int i = 0; i < 20000; ++i) o.text += paragraph;  // ~3.3 MB, one line
  Article c = Blog("example.org");
  c.text = o.text;
  const auto start = std::chrono::steady_clock::now();
  const CreditVerdict credit = JudgeCredit(c, o);
  const OriginVerdict origin = DecideOrigin(c, o, kWhole);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(credit.kind, CreditKind::kNone);
  EXPECT_EQ(origin.origin, Side::kUnknown);
  // Generous for sanitizer builds; a quadratic scan takes minutes here.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
}

}  // namespace
}  // namespace newstrace::provenance
