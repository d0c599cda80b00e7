#include "extract/notices.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "extract/markdown.h"

namespace newstrace::extract {
namespace {

TextBlock Block(std::string text, bool emphasized = false) {
  TextBlock b;
  b.text = std::move(text);
  b.emphasized = emphasized;
  return b;
}

// A block from markdown, so links carry real offsets.
TextBlock Md(std::string_view md) {
  auto blocks = ParseMarkdownBlocks(md);
  EXPECT_EQ(blocks.size(), 1u) << md;
  return blocks.empty() ? TextBlock{} : blocks[0];
}

std::optional<NoticeKind> KindOf(const TextBlock& b) {
  auto n = ClassifyNotice(b);
  if (!n) return std::nullopt;
  return n->kind;
}

TEST(NoticesTest, OriginallyPublishedForward) {
  auto n =
      ClassifyNotice(Md("This article was originally published at [The Example "
                        "Review](https://review.example/a/1)."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "The Example Review");
  EXPECT_EQ(n->target_url, "https://review.example/a/1");

  n = ClassifyNotice(Md("Originally published at <a href=\"https://foo.example/x\">Foo</a>"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->target, "Foo");
  EXPECT_EQ(n->target_url, "https://foo.example/x");

  n = ClassifyNotice(Block("This story first appeared in the Harbor City Ledger."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "Harbor City Ledger");

  n =
      ClassifyNotice(Block("This article is republished from The Conversation under a Creative "
                           "Commons license. Read the original article."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "The Conversation");

  n = ClassifyNotice(Block("Reprinted with permission from Northwind Quarterly."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "Northwind Quarterly");

  n = ClassifyNotice(
      Block("This piece was originally published on March 3, 2021 by Lakeside Weekly."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->target, "Lakeside Weekly");

  n = ClassifyNotice(Md("Source: [Valley Press Agency](https://vpa.example)"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "Valley Press Agency");
}

TEST(NoticesTest, OriginallyPublishedBackwardFromBio) {
  TextBlock bio =
      Md("*Jane Roe is a Lisbon-based writer for the magazine [\u201cCoastal "
         "Affairs\u201d](https://coastal.example/j) where this article was originally published. "
         "She is a regular contributor to Example Daily.*");
  auto all = ClassifyNotices(bio);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(all[0].target, "Coastal Affairs");
  EXPECT_EQ(all[0].target_url, "https://coastal.example/j");
  EXPECT_EQ(all[0].text, bio.text);
}

TEST(NoticesTest, RepublishTerms) {
  auto n =
      ClassifyNotice(Block("Example Media grants permission to repost Example Media articles on "
                           "non-commercial sites provided the author and source are credited."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kRepublishTerms);
  EXPECT_EQ(n->target, "Example Media");
  EXPECT_EQ(
      KindOf(Block(
          "This work is licensed under a Creative Commons Attribution 4.0 International License.")),
      NoticeKind::kRepublishTerms);
  EXPECT_EQ(KindOf(Block("Republish this article for free under our terms.")),
            NoticeKind::kRepublishTerms);
  EXPECT_EQ(
      KindOf(Block(
          "All rights reserved. This material may not be reproduced without written permission.")),
      NoticeKind::kRepublishTerms);
  EXPECT_EQ(KindOf(Block("Reproduction in whole or in part is prohibited.")),
            NoticeKind::kRepublishTerms);
}

TEST(NoticesTest, Disclaimers) {
  EXPECT_EQ(KindOf(Block("Disclaimer: nothing here is investment advice.")),
            NoticeKind::kDisclaimer);
  EXPECT_EQ(KindOf(Block("The views expressed in this article are solely those of the author and "
                         "do not necessarily reflect the policy of the Daily Example.")),
            NoticeKind::kDisclaimer);
  EXPECT_EQ(KindOf(Block("Opinions expressed by contributors are their own.")),
            NoticeKind::kDisclaimer);
  EXPECT_EQ(
      KindOf(Block("The contents of this article are of sole responsibility of the author(s).")),
      NoticeKind::kDisclaimer);
}

TEST(NoticesTest, SharePromptsAndAppeals) {
  EXPECT_EQ(KindOf(Block("Share this article with your friends!")), NoticeKind::kSharePrompt);
  EXPECT_EQ(KindOf(Block("Follow us on Mastodon and Telegram.")), NoticeKind::kSharePrompt);
  EXPECT_EQ(KindOf(Block("Subscribe to our newsletter for the week's best stories.")),
            NoticeKind::kSharePrompt);
  EXPECT_EQ(KindOf(Block("Like us on Facebook")), NoticeKind::kSharePrompt);
  auto n = ClassifyNotice(Block("Become a Member of Example Watch"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kSharePrompt);
  EXPECT_EQ(n->target, "Example Watch");
  EXPECT_EQ(KindOf(Block("Support independent journalism: make a donation today.")),
            NoticeKind::kSharePrompt);
}

TEST(NoticesTest, Copyright) {
  auto n = ClassifyNotice(Block("\u00a9 2021 Riverside Media Group. All rights reserved."));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kCopyright);
  EXPECT_EQ(n->target, "Riverside Media Group");
  n = ClassifyNotice(Block("Copyright 2019 The Northern Wire"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kCopyright);
  EXPECT_EQ(n->target, "The Northern Wire");
  EXPECT_EQ(KindOf(Block("This site contains copyrighted material made available under fair use.")),
            NoticeKind::kCopyright);
}

TEST(NoticesTest, AuthorBios) {
  auto n =
      ClassifyNotice(Block("Maria Santos is an investigative journalist at the Bay Observer. Her "
                           "latest book is about ports.",
                           true));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kAuthorBio);
  EXPECT_EQ(n->target, "Bay Observer");
  EXPECT_EQ(KindOf(Block("About the author: Li Wei writes on trade.")), NoticeKind::kAuthorBio);
  EXPECT_EQ(KindOf(Block(
                "Omar Haddad, a senior analyst at the Example Institute, covers energy markets.")),
            NoticeKind::kAuthorBio);
}

TEST(NoticesTest, CorrectionsAndEditorNotes) {
  EXPECT_EQ(
      KindOf(Block("Correction: An earlier version of this story misstated the mayor's age.")),
      NoticeKind::kCorrection);
  EXPECT_EQ(
      KindOf(Block("An earlier version of this article incorrectly said the vote was on Tuesday.")),
      NoticeKind::kCorrection);
  EXPECT_EQ(KindOf(Block("This article has been updated to include a response from the ministry.")),
            NoticeKind::kCorrection);
  EXPECT_EQ(KindOf(Block("Editor\u2019s Note: The names of two sources have been changed.")),
            NoticeKind::kEditorNote);
  EXPECT_EQ(KindOf(Block("[Ed. note: this interview was condensed.]")), NoticeKind::kEditorNote);
  EXPECT_EQ(KindOf(Block("Editor's note: this story was first published by Harbor Daily.")),
            NoticeKind::kOriginallyPublished);
}

TEST(NoticesTest, ExamplePagesFooterNotes) {
  // From examples/blog-post.html.gz and examples/wire-story.html.
  auto n =
      ClassifyNotice(Md("*This essay was originally published at [The Quarterly of Small "
                        "Things](https://quarterlyofthings.example/issues/14/card-catalogues) and "
                        "appears here with the author's permission.*"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(n->target, "The Quarterly of Small Things");
  EXPECT_EQ(n->target_url, "https://quarterlyofthings.example/issues/14/card-catalogues");
  auto bio = ClassifyNotices(Block(
      "Ines Okafor is a climate reporter at The Meridian Post. Daniel Brandt covers city hall.",
      true));
  ASSERT_EQ(bio.size(), 1u);
  EXPECT_EQ(bio[0].kind, NoticeKind::kAuthorBio);
  EXPECT_EQ(bio[0].target, "The Meridian Post");
  EXPECT_EQ(KindOf(Block("Sign up for our Climate Week newsletter \u2014 the week's most important "
                         "climate stories, every Friday.")),
            NoticeKind::kSharePrompt);
}

TEST(NoticesTest, OrdinaryArticleTextIsNotANotice) {
  const char* kBody[] = {
      "The copyright lawsuit was filed in federal court on Monday.",
      "The novel was first published in 1951 and sold millions of copies.",
      "Smith is a professor at Yale who said the policy would fail.",
      "He is a professor of economics at the university.",
      "The company said it would share the data with regulators.",
      "Critics say the views expressed by the minister were reckless.",
      "Users can follow the instructions on the screen.",
      "Update the software before Friday, officials warned.",
      "The judge ruled that the parody was fair use under the law.",
      "Sources told the paper that the member states disagreed about the correct figure.",
      "She was a reporter in Kyiv for a decade before joining the ministry as an adviser, "
      "and colleagues say she rarely spoke about it.",
  };
  for (const char* text : kBody) {
    EXPECT_FALSE(ClassifyNotice(Block(text))) << text;
  }
  // A long news paragraph with one mention in the middle.
  TextBlock p = Block(
      "The band toured Europe in the spring. The record, which first appeared in 1979, was "
      "reissued last year. Critics praised the new mix. Sales doubled in a month. Fans queued for "
      "hours in Berlin.");
  EXPECT_FALSE(ClassifyNotice(p));
}

TEST(NoticesTest, SentenceSplitterKeepsAbbreviations) {
  TextBlock b = Block(
      "The views expressed are those of the author and not of the U.S. Department of Example, "
      "e.g. its staff. Follow us on Example Social.");
  auto all = ClassifyNotices(b);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].kind, NoticeKind::kDisclaimer);
  EXPECT_EQ(all[0].text,
            "The views expressed are those of the author and not of the U.S. Department of "
            "Example, e.g. its staff.");
  EXPECT_EQ(all[1].kind, NoticeKind::kSharePrompt);
}

// The seed page's footer, parsed from the bundled markdown.
class SeedNoticesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(NEWSTRACE_SOURCE_DIR) + "/examples/seed-article.md",
                     std::ios::binary);
    std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(md.empty());
    blocks_ = ParseMarkdownBlocks(md);
  }
  const TextBlock* Find(std::string_view prefix) {
    for (const TextBlock& b : blocks_) {
      if (b.text.starts_with(prefix)) return &b;
    }
    return nullptr;
  }
  std::vector<TextBlock> blocks_;
};

TEST_F(SeedNoticesTest, NoteToReadersIsSharePrompt) {
  const TextBlock* b = Find("Note to readers:");
  ASSERT_TRUE(b);
  auto all = ClassifyNotices(*b);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, NoticeKind::kSharePrompt);
  EXPECT_EQ(all[0].text, b->text);
}

TEST_F(SeedNoticesTest, BioIsOriginallyPublishedAtNewEasternOutlook) {
  const TextBlock* b = Find("Tony Cartalucci is a Bangkok-based");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->emphasized);
  auto all = ClassifyNotices(*b);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, NoticeKind::kOriginallyPublished);
  EXPECT_EQ(all[0].target, "New Eastern Outlook");
  EXPECT_EQ(all[0].target_url, "");  // the dump's href is "#"
  EXPECT_EQ(all[0].text, b->text);
  auto one = ClassifyNotice(*b);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->kind, NoticeKind::kOriginallyPublished);
}

TEST_F(SeedNoticesTest, FacebookAndMembershipArePrompts) {
  EXPECT_EQ(KindOf(*Find("Comment on Global Research Articles")), NoticeKind::kSharePrompt);
  auto n = ClassifyNotice(*Find("Become a Member of Global Research"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NoticeKind::kSharePrompt);
  EXPECT_EQ(n->target, "Global Research");
}

TEST_F(SeedNoticesTest, DisclaimerParagraphSplits) {
  const TextBlock* b = Find("Disclaimer:");
  ASSERT_TRUE(b);
  auto all = ClassifyNotices(*b);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].kind, NoticeKind::kDisclaimer);
  EXPECT_TRUE(all[0].text.starts_with("Disclaimer: The contents of this article"));
  EXPECT_TRUE(all[0].text.ends_with("incorrect statement in this article."));
  EXPECT_EQ(all[1].kind, NoticeKind::kRepublishTerms);
  EXPECT_EQ(all[1].target, "Global Research");
  EXPECT_TRUE(all[1].text.starts_with("The Centre of Research on Globalization grants permission"));
  EXPECT_TRUE(all[1].text.ends_with("contact: publications@globalresearch.ca"));
  EXPECT_NE(all[1].text.find("hyperlink to the original Global Research article"),
            std::string::npos);
}

TEST_F(SeedNoticesTest, FairUseParagraphIsCopyright) {
  const TextBlock* b = Find("www.globalresearch.ca contains copyrighted material");
  ASSERT_TRUE(b);
  auto all = ClassifyNotices(*b);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, NoticeKind::kCopyright);
  EXPECT_EQ(all[0].text, b->text);
  EXPECT_EQ(all[0].target, "www.globalresearch.ca");
  EXPECT_EQ(all[0].target_url, "http://www.globalresearch.ca");
}

TEST_F(SeedNoticesTest, BodyParagraphsAreNotNotices) {
  size_t body_notices = 0;
  for (const TextBlock& b : blocks_) {
    if (b.text.starts_with("Note to readers")) break;
    if (ClassifyNotice(b)) {
      ++body_notices;
      ADD_FAILURE() << "body block classified as notice: " << b.text;
    }
  }
  EXPECT_EQ(body_notices, 0u);
}

// Lower-casing, the gate, sentence splitting and anchors go 16 bytes at a
// time: the same wording must be found wherever it falls against those steps.
TEST(NoticesTest, WordingAtEveryOffset) {
  for (size_t pad = 0; pad < 40; ++pad) {
    SCOPED_TRACE(pad);
    const std::string letters(pad, 'Q');
    auto all = ClassifyNotices(
        Block(letters + " Qq ends here. This Article was ORIGINALLY published at Example Review."));
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].kind, NoticeKind::kOriginallyPublished);
    EXPECT_EQ(all[0].target, "Example Review");

    const std::string digits(pad, '7');
    EXPECT_EQ(KindOf(Block(digits + " Share This Article with your friends.")),
              NoticeKind::kSharePrompt);
    auto copyright = ClassifyNotice(Block(digits + " \xc2\xa9 2020 Example Media"));
    ASSERT_TRUE(copyright);
    EXPECT_EQ(copyright->kind, NoticeKind::kCopyright);
    // Stems count at word starts only: "qshare" starts with none.
    EXPECT_FALSE(ClassifyNotice(Block(digits + "Qshare this article with your friends.")));
  }
}

// Without a notice first, half of a block's sentences must be notices; the
// sentences are classified only while that can still happen.
TEST(NoticesTest, HalfOfTheSentencesAfterAPlainFirstOne) {
  const std::string plain = "The river rose. The bridge held. ";
  const std::string notice = "Share this article with your friends. ";
  EXPECT_EQ(KindOf(Block(plain + notice + notice)), NoticeKind::kSharePrompt);      // 2 of 4
  EXPECT_FALSE(ClassifyNotice(Block(plain + "Rain fell. " + notice)));              // 1 of 4
  EXPECT_FALSE(ClassifyNotice(Block(plain + notice)));                              // 1 of 3
  EXPECT_EQ(KindOf(Block("The river rose. " + notice)), NoticeKind::kSharePrompt);  // 1 of 2
}

}  // namespace
}  // namespace newstrace::extract
