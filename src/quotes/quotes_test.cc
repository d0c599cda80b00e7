#include "quotes/quotes.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace newstrace::quotes {
namespace {

// An article from paragraphs joined by blank lines; a paragraph starting with
// "> " becomes a blockquote block (without the marker).
Article MakeArticle(const std::vector<std::string>& paragraphs) {
  Article a;
  for (const std::string& p : paragraphs) {
    if (!a.text.empty()) a.text += "\n\n";
    BlockKind kind = BlockKind::kParagraph;
    std::string body = p;
    if (body.starts_with("> ")) {
      kind = BlockKind::kBlockquote;
      body = body.substr(2);
    } else if (body.starts_with("# ")) {
      kind = BlockKind::kHeading;
      body = body.substr(2);
    }
    auto begin = static_cast<uint32_t>(a.text.size());
    a.text += body;
    a.blocks.push_back({kind, begin, static_cast<uint32_t>(a.text.size())});
  }
  return a;
}

std::vector<Quote> Find(const std::vector<std::string>& paragraphs) {
  return FindQuotes(MakeArticle(paragraphs));
}

// Every quote's text is its span of the article text.
void ExpectSpansConsistent(const Article& a, const std::vector<Quote>& quotes) {
  for (const Quote& q : quotes) {
    ASSERT_LE(q.begin, q.end);
    ASSERT_LE(q.end, a.text.size());
    EXPECT_EQ(q.text, a.text.substr(q.begin, q.end - q.begin));
    EXPECT_LE(q.speaker_begin, q.speaker_end);
  }
}

std::string Mention(const Article& a, const Quote& q) {
  return a.text.substr(q.speaker_begin, q.speaker_end - q.speaker_begin);
}

TEST(FindQuotesTest, EmptyArticleHasNoQuotes) { EXPECT_TRUE(FindQuotes(Article{}).empty()); }

TEST(FindQuotesTest, DirectQuoteWithCueAfter) {
  Article a = MakeArticle({"\"We will rebuild the bridge by spring,\" Mayor Ann Cole said."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 1u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].kind, "direct");
  EXPECT_EQ(q[0].text, "We will rebuild the bridge by spring,");
  EXPECT_EQ(q[0].speaker, "Ann Cole");
  EXPECT_EQ(Mention(a, q[0]), "Ann Cole");
  EXPECT_EQ(q[0].cue, "said");
}

TEST(FindQuotesTest, InvertedCueSaidName) {
  auto q = Find({"\u201cThe vote is a disgrace to this chamber,\u201d said Senator Tom Hale."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Tom Hale");
  EXPECT_EQ(q[0].cue, "said");
  EXPECT_EQ(q[0].kind, "direct");
}

TEST(FindQuotesTest, CueBeforeWithColon) {
  auto q = Find({"Dr. Maria Lopez explained: \"The virus spreads faster in dry air.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Maria Lopez");
  EXPECT_EQ(q[0].cue, "explained");
  EXPECT_EQ(q[0].kind, "direct");
  EXPECT_EQ(q[0].text, "The virus spreads faster in dry air.");
}

TEST(FindQuotesTest, SplitQuoteGivesTwoQuotesWithOneSpeaker) {
  Article a = MakeArticle(
      {"Chief Inspector Ray Dunn spoke first. \u201cWe found the car,\u201d he said, \u201cbut "
       "the driver had already gone.\u201d"});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 2u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].text, "We found the car,");
  EXPECT_EQ(q[1].text, "but the driver had already gone.");
  EXPECT_EQ(q[0].speaker, q[1].speaker);
  EXPECT_EQ(q[0].cue, "said");
  EXPECT_EQ(q[1].cue, "said");
  EXPECT_EQ(Mention(a, q[0]), "he");
}

TEST(FindQuotesTest, PronounResolvesToLastPerson) {
  Article a =
      MakeArticle({"President Donald Trump said the strike was \"to stop a war, not "
                   "to start one\". He said the general's \"reign of terror is over\"."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, "Donald Trump");
  EXPECT_EQ(Mention(a, q[0]), "Donald Trump");
  EXPECT_EQ(q[1].speaker, "Donald Trump");
  EXPECT_EQ(Mention(a, q[1]), "He");
  EXPECT_EQ(q[0].kind, "partial");
  EXPECT_EQ(q[1].kind, "partial");
}

TEST(FindQuotesTest, SurnameResolvesToFullName) {
  auto q = Find({"Prime Minister Jane Alder arrived late on Tuesday.",
                 "\"Nobody told me the meeting had moved,\" Alder said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Jane Alder");
}

TEST(FindQuotesTest, TitleWithSurnameResolvesToFullName) {
  auto q = Find({"The talks were led by Iranian General Qasem Soleimani.",
                 "\"We will answer in kind,\" General Soleimani told reporters."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Qasem Soleimani");
  EXPECT_EQ(q[0].cue, "told");
  EXPECT_EQ(q[0].source, "");  // "reporters" is not an outlet
}

TEST(FindQuotesTest, ToldOutletIsTheSource) {
  auto q = Find({"\"Prices will fall next year,\" Sam Reed told Reuters."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Sam Reed");
  EXPECT_EQ(q[0].source, "Reuters");
}

TEST(FindQuotesTest, AccordingTo) {
  auto q =
      Find({"According to Amnesty International, \"the detentions break every rule we "
            "know of.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].cue, "According to");
  EXPECT_EQ(q[0].speaker, "Amnesty International");
}

TEST(FindQuotesTest, AuxiliaryIsPartOfTheCue) {
  auto q = Find({"The minister Paul Grey would later claim: \"There was no such order.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].cue, "claim");  // an adverb between breaks the phrase
  auto r = Find({"Paul Grey would claim: \"There was no such order at any time.\""});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].cue, "would claim");
  EXPECT_EQ(r[0].speaker, "Paul Grey");
}

TEST(FindQuotesTest, ScareQuotesAreNotQuotes) {
  auto q = Find({"The so-called \"Islamic State in Iraq and Syria\" claimed the attack.",
                 "The strikes were meant to end \"terror\" in the region.",
                 "Officials called it a \"temporary measure\" at the time.",
                 "He read the report titled \"How the West Was Lost in the Desert\" last year."});
  EXPECT_TRUE(q.empty()) << q[0].text;
}

TEST(FindQuotesTest, SingleWordIsNotAQuoteEvenWithCue) {
  auto q = Find({"Tony Blair said he was \"delighted\" with the result."});
  EXPECT_TRUE(q.empty());
}

TEST(FindQuotesTest, ShortUnattributedFragmentIsNotAQuote) {
  auto q = Find({"The \"green wall\" project opened on Monday in the old harbour."});
  EXPECT_TRUE(q.empty());
}

TEST(FindQuotesTest, LongUnattributedSpeechIsAQuoteWithoutSpeaker) {
  auto q =
      Find({"The notice on the door was plain. \"We are closed until further notice, "
            "and we thank you for your patience.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "");
  EXPECT_EQ(q[0].cue, "");
}

TEST(FindQuotesTest, TitleCaseLongQuoteIsATitle) {
  auto q =
      Find({"The exhibition \u201cRivers Of The North And The People Who Built Them\u201d "
            "opens in May."});
  EXPECT_TRUE(q.empty());
}

TEST(FindQuotesTest, ApostrophesAreNotQuoteMarks) {
  auto q =
      Find({"Iran's leader and the boys' coach met; Iran\u2019s envoy said \u2018we "
            "will not back down on this\u2019 after the talks."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].text, "we will not back down on this");
  EXPECT_EQ(q[0].kind, "partial");
}

TEST(FindQuotesTest, GuillemetsAndGermanMarks) {
  auto q = Find({"Chancellor Olaf Brandt said: \u00abWe will not give in to pressure.\u00bb",
                 "Minister Eva Roth added: \u201eThe budget stays as it is.\u201c"});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].text, "We will not give in to pressure.");
  EXPECT_EQ(q[0].speaker, "Olaf Brandt");
  EXPECT_EQ(q[1].text, "The budget stays as it is.");
  EXPECT_EQ(q[1].speaker, "Eva Roth");
  EXPECT_EQ(q[1].cue, "added");
}

TEST(FindQuotesTest, QuoteContinuingOverParagraphs) {
  Article a = MakeArticle({"Coach Lena Park said: \u201cWe trained hard all winter.",
                           "\u201cNow the players are ready for the final.\u201d",
                           "The final is on Sunday."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 2u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].text, "We trained hard all winter.");
  EXPECT_EQ(q[1].text, "Now the players are ready for the final.");
  EXPECT_EQ(q[0].speaker, "Lena Park");
  EXPECT_EQ(q[1].speaker, "Lena Park");
  EXPECT_EQ(q[1].cue, "said");
}

TEST(FindQuotesTest, NextSentenceQuoteContinuesTheSpeaker) {
  auto q =
      Find({"\"It was close,\" Ricky Ponting said. \"The more overs he bowls the better "
            "he is going to be.\""});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].speaker, "Ricky Ponting");
  EXPECT_EQ(q[1].speaker_begin, q[1].speaker_end);  // no mention of its own
}

TEST(FindQuotesTest, LostParagraphBreaksCloseTheOpenQuote) {
  auto q =
      Find({"He added: \"There were no bids at all. \"If a bid comes in I will speak to "
            "the board."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].text, "There were no bids at all.");
  EXPECT_EQ(q[1].text, "If a bid comes in I will speak to the board.");
}

TEST(FindQuotesTest, AppositionBetweenNameAndCue) {
  auto q =
      Find({"Cheuk Hau-yip, the commander of Kowloon West district, said: \u201cThese "
            "rioters have to face the consequences.\u201d"});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Cheuk Hau-yip");
}

TEST(FindQuotesTest, ParticipleCueTakesTheSentenceSubject) {
  auto q =
      Find({"Liu Wen said the army could be deployed in Beijing, warning: \u201cThey are "
            "already there in the garrison.\u201d"});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Liu Wen");
  EXPECT_EQ(q[0].cue, "warning");
}

TEST(FindQuotesTest, SpokesmanOfAnOrganisationIsTheOrganisation) {
  auto q =
      Find({"\"You cannot expect people to move and trade down,\" said a spokesman for "
            "International Business Machines Corp."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "International Business Machines Corp");
}

TEST(FindQuotesTest, AcronymResolvesToItsDefinition) {
  Article a = MakeArticle(
      {"It was the US Defense Intelligence Agency (DIA) itself in a 2012 leaked memo that "
       "admitted, \"the West, Gulf monarchies, and Turkey\" were behind it.",
       "Later the DIA said that \"nothing in the memo was ever policy\" at all."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, "US Defense Intelligence Agency");
  EXPECT_EQ(q[0].source, "a 2012 leaked memo");
  EXPECT_EQ(q[0].cue, "admitted");
  EXPECT_EQ(q[0].kind, "partial");
  EXPECT_EQ(q[1].speaker, "US Defense Intelligence Agency");
  EXPECT_EQ(Mention(a, q[1]), "DIA");
}

TEST(FindQuotesTest, BlockQuoteAfterIntroWithTitleSource) {
  Article a = MakeArticle(
      {"The Daily Planet in its article, \"Storm Hits Coast: 'Worst in Years', Says Mayor,\" "
       "would claim:",
       "Mayor Ann Cole said the storm was \"the worst we have seen in decades\". She said the "
       "\"cleanup will take months\" to finish.",
       "In other words, nothing was ready."});
  a.links.push_back({"https://planet.example/storm", "Storm Hits Coast", 37, 60});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 3u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].kind, "block");
  EXPECT_EQ(q[0].begin, a.blocks[1].begin);
  EXPECT_EQ(q[0].end, a.blocks[1].end);
  EXPECT_EQ(q[0].cue, "would claim");
  EXPECT_EQ(q[0].speaker, "Daily Planet");
  EXPECT_EQ(q[0].source, "Daily Planet article \"Storm Hits Coast: 'Worst in Years', Says Mayor\"");
  EXPECT_EQ(q[0].source_url, "https://planet.example/storm");
  // Nested quotes have their own speaker and are read in the block's source.
  EXPECT_EQ(q[1].speaker, "Ann Cole");
  EXPECT_EQ(q[1].kind, "partial");
  EXPECT_EQ(q[1].source, q[0].source);
  EXPECT_EQ(q[2].speaker, "Ann Cole");
  EXPECT_EQ(Mention(a, q[2]), "She");
}

TEST(FindQuotesTest, BlockQuoteRunsOverABrokenParagraph) {
  auto q = Find({"Beforehand a leaked memo by the Acme Trust said \"prices will rise\" soon.",
                 "The leaked report (.pdf) states (emphasis added):",
                 "If the plan fails there is the possibility of a",
                 "declared shutdown of the plant.", "This changed everything."});
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[1].kind, "block");
  EXPECT_EQ(q[1].text, "If the plan fails there is the possibility of a");
  EXPECT_EQ(q[2].kind, "block");
  EXPECT_EQ(q[2].text, "declared shutdown of the plant.");
  EXPECT_EQ(q[1].cue, "states");
  EXPECT_EQ(q[1].source, "leaked report (.pdf) (emphasis added)");
  // "The report" refers back to the document quoted before.
  EXPECT_EQ(q[0].speaker, "Acme Trust");
  EXPECT_EQ(q[1].speaker, "Acme Trust");
}

TEST(FindQuotesTest, IntroWithoutCueIntroducesNothing) {
  auto q = Find({"Three things matter here:", "Speed is one of them and it matters a lot."});
  EXPECT_TRUE(q.empty());
}

TEST(FindQuotesTest, BlockQuoteStopsAtHeading) {
  auto q = Find({"The statement reads:", "# Next part", "Some text here."});
  EXPECT_TRUE(q.empty());
}

TEST(FindQuotesTest, HtmlBlockquoteIsABlockQuote) {
  Article a = MakeArticle({"Readers wrote in.", "> A search box answers the question you asked.",
                           "> Anwen Price, librarian at Cwm Dulas"});
  auto q = FindQuotes(a);
  ASSERT_GE(q.size(), 1u);
  EXPECT_EQ(q[0].kind, "block");
  EXPECT_EQ(q[0].text, "A search box answers the question you asked.");
}

TEST(FindQuotesTest, BlockquoteSignedWithADash) {
  auto q = Find({"> Yes this is real and the state paid for it.",
                 "> \u2014 Dianna Anderson (@dianna) November 18, 2019"});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Dianna Anderson");
  EXPECT_EQ(q[0].text, "Yes this is real and the state paid for it.");
}

TEST(FindQuotesTest, BlockquoteWhollyInMarksDropsTheMarks) {
  auto q = Find({"Ms Rowe wrote:", "> \u201cWe are leaving the city for good.\u201d"});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kind, "block");
  EXPECT_EQ(q[0].text, "We are leaving the city for good.");
  EXPECT_EQ(q[0].cue, "wrote");
}

TEST(FindQuotesTest, ParagraphWhollyQuotedAfterIntroIsDirect) {
  auto q = Find({"Governor Kristi Noem tweeted:",
                 "\"The whole point of this ad is to raise "
                 "awareness.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kind, "direct");
  EXPECT_EQ(q[0].speaker, "Kristi Noem");
  EXPECT_EQ(q[0].cue, "tweeted");
}

TEST(FindQuotesTest, NobodyUnresolvedPronounKeepsMention) {
  Article a = MakeArticle({"\"I will not resign over this matter,\" she said."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "");
  EXPECT_EQ(Mention(a, q[0]), "she");
}

TEST(FindQuotesTest, ArticleWithoutBlocksUsesBlankLines) {
  Article a;
  a.text = "First paragraph.\n\n\"We are ready for the storm,\" said Ann Cole.";
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 1u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].speaker, "Ann Cole");
}

TEST(FindQuotesTest, UnitedStatesIsNotACue) {
  auto q = Find({"Officials in the United States \"welcomed the decision of the court\" today."});
  EXPECT_TRUE(q.empty() || q[0].cue != "States");
}

TEST(FindQuotesTest, QuotesAreInTextOrder) {
  auto q = Find({"Ann Cole said: \"We start on Monday with the first phase.\"",
                 "\"Then we finish the second phase by June,\" Bob Hart added."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_LT(q[0].begin, q[1].begin);
  EXPECT_EQ(q[1].speaker, "Bob Hart");
}

}  // namespace
}  // namespace newstrace::quotes

namespace newstrace::quotes {
namespace {

TEST(FindQuotesTest, TitleAloneNamesNoOne) {
  auto q = Find({"\"Our financial health is good and improving,\" the CEO told investors."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "");
  EXPECT_EQ(q[0].cue, "told");
}

TEST(FindQuotesTest, PersonOfAnOrganisationIsThePerson) {
  auto q =
      Find({"\"OPEC must hold to its pact for the next weeks,\" said Dillard Spriggs of "
            "Petroleum Analysis Ltd in New York."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Dillard Spriggs");
}

TEST(FindQuotesTest, TitleWithComplementIsStripped) {
  auto q =
      Find({"U.S. Secretary of Commerce Malcolm Baldrige said the deficit was \"far too "
            "large to ignore\" this year."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Malcolm Baldrige");
  EXPECT_EQ(q[0].kind, "partial");
}

// Mentions: names in the narration resolve pronouns, surnames, acronyms,
// "the company" and "the ambassador" (issue 6, speaker attribution).

TEST(FindQuotesTest, PronounResolvesToPersonMentionedButNeverQuoted) {
  auto q = Find({"Transport Secretary Grant Hale visited the depot on Monday.",
                 "\"We will cut fares next year,\" he said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Grant Hale");
}

TEST(FindQuotesTest, PronounPrefersTheSubjectOverAnObject) {
  auto q =
      Find({"Coach Tom Reyes said Mark Dunn would miss the match with an injury. "
            "\"We need a bowler who swings the ball,\" he said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Tom Reyes");
}

TEST(FindQuotesTest, PronounGenderFromTitles) {
  auto q = Find({"Ms Ana Ruiz met Mr Leo Park in Lima on Friday.",
                 "\"The talks went well for both of us,\" she said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Ana Ruiz");
}

TEST(FindQuotesTest, TheCompanyIsTheLastOrganisation) {
  auto q = Find({"Shares in Norvale Holdings Inc fell on Tuesday.",
                 "\"We expect a recovery in the second half,\" the company said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Norvale Holdings Inc");
}

TEST(FindQuotesTest, ShortOrganisationNameIsLengthened) {
  auto q = Find({"Orbis Group Inc made a bid for the chain last week.",
                 "\"We are prepared to negotiate all terms,\" Orbis said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Orbis Group Inc");
}

TEST(FindQuotesTest, AcronymResolvesByInitials) {
  auto q = Find({"Lenders such as Harlow & Penrith reported strong gains.",
                 "\"Fundamentals remain strong,\" H&P said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Harlow & Penrith");
}

TEST(FindQuotesTest, TitlePhraseResolvesToThePersonWithThatTitle) {
  auto q = Find({"Ambassador Wen Bao met reporters after Sam Cole left the building.",
                 "\"This is an insult to my country,\" the ambassador said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Wen Bao");
}

TEST(FindQuotesTest, NobleTitleStaysWhenNoFullNameIsGiven) {
  auto q = Find(
      {"Prince Edmund left the party early.", "\"I remember that evening clearly,\" Edmund said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Prince Edmund");
}

TEST(FindQuotesTest, SignedPostInPlainTextIsABlockQuote) {
  Article a =
      MakeArticle({"Many people reacted to the advert online within hours of its launch "
                   "on the state website, and they were not kind about it at all.",
                   "Yes this is real and I cannot believe it: https://t.co/abc",
                   "\u2014 Dana Fox \U0001F308 (@dfox) November 18, 2019"});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 1u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[0].kind, "block");
  EXPECT_EQ(q[0].text, "Yes this is real and I cannot believe it: https://t.co/abc");
  EXPECT_EQ(q[0].speaker, "Dana Fox");
}

TEST(FindQuotesTest, SignedReviewInMarksTakesTheSignature) {
  auto q = Find({"\u201cGreat show, we loved every minute of it.\u201d", "\u2013 Kim**"});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Kim**");
}

TEST(FindQuotesTest, UncuedQuoteAfterAParagraphAboutSomeone) {
  auto q = Find({"Nurse Carla Mendes spends six hours a day on the ward.",
                 "\"I eat lunch standing up most days because there is no time.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Carla Mendes");
}

TEST(FindQuotesTest, PersonOfTheOrganisation) {
  auto q = Find({"Lucy Hart of The Daily Ledger told NPR, \"Prices will rise again soon.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Lucy Hart");
}

TEST(FindQuotesTest, PostNominalLettersAreDropped) {
  auto q = Find({"\"The plea was fair to everyone,\" said Ken Mallory QC."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Ken Mallory");
}

TEST(FindQuotesTest, CoordinatedCueTakesTheSentenceSubject) {
  auto q = Find({"Mayor Ida Voss praised the crews and wrote \"We owe them everything.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Ida Voss");
  EXPECT_EQ(q[0].cue, "wrote");
}

TEST(FindQuotesTest, ItIsTheLastSubjectThatIsNoKnownPerson) {
  auto q =
      Find({"Grange Homes said sales were slow. \"The market slowed sharply in the "
            "autumn,\" it added."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Grange Homes");
}

TEST(FindQuotesTest, CountryAfterTitleIsNotPartOfTheName) {
  auto q =
      Find({"China's ambassador to Britain Liu Wen has said that China has the "
            "\"resolution and power\" to end the unrest."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Liu Wen");
}

TEST(FindQuotesTest, LostBreaksInsideAContinuedQuote) {
  Article a = MakeArticle(
      {"But Hale added: \"There have been no bids for the striker so far this season.",
       "\"If a bid comes in I will speak to the board first. \"If it is a serious bid we "
       "will decide together.\" Hale then left the room."});
  auto q = FindQuotes(a);
  ASSERT_EQ(q.size(), 3u);
  ExpectSpansConsistent(a, q);
  EXPECT_EQ(q[1].text, "If a bid comes in I will speak to the board first.");
  EXPECT_EQ(q[2].text, "If it is a serious bid we will decide together.");
}

TEST(FindQuotesTest, NameInsideAnAppositionIsNotTheSpeaker) {
  auto q =
      Find({"Ann Lowe, founder of Open Desk Media, which backs local papers, said the "
            "plan was a \"bad idea for readers and for the town\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Ann Lowe");
}

TEST(FindQuotesTest, InvertedSubjectIsTheLastSubject) {
  auto q = Find({"\"We will not fight spam with spam,\" said Mr Ole Berg of Lycos Europe.",
                 "\"That would be one bad thing against another,\" he said."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].speaker, "Ole Berg");
}

TEST(FindQuotesTest, TheCompanysStatementIsTheCompanys) {
  auto q = Find({"Castell Oil Inc said it filed the papers with the Texas Supreme Court.",
                 "\"The rule forbids such private agreements,\" the company's statement said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Castell Oil Inc");
}

TEST(FindQuotesTest, ParticipleAfterPossessiveSubject) {
  auto q =
      Find({"Canada's Prime Minister Jon Hale also sent his wishes, adding that the "
            "wedding was \"a sensible and a good thing\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Jon Hale");
}

TEST(FindQuotesTest, SurnameRunLengthensToTheFullPersonName) {
  auto q = Find({"Prince Ivo and Mrs Clara Van Dyke will marry in April.",
                 "Mrs Van Dyke said: \"I'm just coming down to earth.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Clara Van Dyke");
}

TEST(FindQuotesTest, PersonAfterAnOrganisationTitle) {
  auto q = Find({"\"We have nothing to add,\" White House Press Secretary Jane Roe said.",
                 "\"The risk is small,\" said Dr. Tom Hill of University College London."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, "Jane Roe");
  EXPECT_EQ(q[1].speaker, "Tom Hill");
}

}  // namespace
}  // namespace newstrace::quotes

namespace newstrace::quotes {
namespace {

// Machine-generated word salad must never give an inverted or runaway
// speaker span (found on a synthetic speed corpus).
// --- Speaker rules added for speaker accuracy (each with its own sentences).

TEST(FindQuotesSpeakers, GivenNameGenderPicksTheMatchingPerson) {
  // No Mr/Ms and no earlier "she": "he" skips Laura Benning by her given name.
  auto q = Find({"Marcus Holt met the reporter Laura Benning at the depot on Tuesday.",
                 "\"The trains will run again next week,\" he said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Marcus Holt");
}

TEST(FindQuotesSpeakers, GivenNameGenderIsNoHintForIt) {
  // A firm named after its founder is still "it".
  auto q = Find({"George Wimpey reported higher profits on Monday.",
                 "\"Demand for new homes stayed strong all year,\" it said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "George Wimpey");
}

TEST(FindQuotesSpeakers, DefiniteReportTakesItsAuthorNamedBefore) {
  auto q =
      Find({"Half of all farms will lack broadband by 2030, warns a report by the "
            "utility group Northwell.",
            "Rural users face a \"long and expensive wait\", the report concludes."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Northwell");
  EXPECT_EQ(q[0].cue, "concludes");
}

TEST(FindQuotesSpeakers, TitleResolvesToItsHolderNamedNextToIt) {
  auto q = Find({"The service will be led by the Bishop of Wells, Dr Peter Garland, at noon.",
                 "The Bishop of Wells said: \"We are glad to welcome everyone back.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Peter Garland");
}

TEST(FindQuotesSpeakers, NamedSpokesmanIsThePerson) {
  auto q = Find({"Acme spokesman Dale Porter told reporters the plant would stay open.",
                 "The Acme spokesman said, \"No decision has been made about the site.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Dale Porter");
}

TEST(FindQuotesSpeakers, UnnamedSpokesmanIsTheOrganisation) {
  auto q = Find({"A spokesman for Acme Corp said, \"No decision has been made about the site.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Acme Corp");
}

TEST(FindQuotesSpeakers, CalledTheMoveAPhraseIsAttributed) {
  auto q =
      Find({"Opposition leader Hannah Moss called the decision a \"betrayal of every "
            "voter in the north\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Hannah Moss");
  EXPECT_EQ(q[0].cue, "called");
  EXPECT_EQ(q[0].kind, "partial");
}

TEST(FindQuotesSpeakers, AccusedOfSkipsAnOpeningAdjunct) {
  auto q = Find({"Ruth Vance left the label in March.",
                 "In a Facebook post at the time she criticised the deal and accused him of "
                 "\"years of quiet intimidation\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Ruth Vance");
  EXPECT_EQ(q[0].cue, "accused");
}

TEST(FindQuotesSpeakers, StageNameWithANumber) {
  auto q = Find({"Rapper 21 Savage, real name Shayaa Joseph, met fans in Atlanta.",
                 "\"We want every kid here to have a music teacher,\" 21 Savage said.",
                 "\"It changed my life,\" he added."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].speaker, "21 Savage");
  EXPECT_EQ(q[1].speaker, "21 Savage");
}

TEST(FindQuotesSpeakers, NumberAfterAPrepositionIsNoStageName) {
  auto q = Find({"The crowd gathered at 10 Downing Street on Friday.",
                 "\"We will not go home until they listen,\" said Amy Roe."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Amy Roe");
}

TEST(FindQuotesSpeakers, CupAndStreetNamesAreNoPersons) {
  // "he" must not resolve to "Davis Cup" or "Abbey Road" (no subject here).
  auto q =
      Find({"After the match, fans in Leeds cheered coach Peter Lang as his side won "
            "Davis Cup.",
            "Later that night, crowds of fans walked down Abbey Road.",
            "\"We gave everything we had,\" he said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Peter Lang");
}

TEST(FindQuotesSpeakers, FullStopQuoteDoesNotTakeTheNextSentencesCue) {
  auto q =
      Find({"\"Profits rose by a third this year,\" said chairman Owen Pryce. \"He is "
            "staying with the club for four more years.\" United recently announced "
            "debts of $60m."});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].speaker, "Owen Pryce");
  EXPECT_EQ(q[1].cue, "said");
}

TEST(FindQuotesSpeakers, SubjectBeforeADashParenthesis) {
  auto q =
      Find({"Harbour Bank said profits fell. But Harbour Bank - which lends to a third of "
            "UK farmers - said the sector \"remains sound despite the drought\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Harbour Bank");
}

TEST(FindQuotesSpeakers, NameInsideADashPhraseIsNoSubject) {
  auto q =
      Find({"One advert showed a group of Welsh Farmers - young and old - declaring, "
            "\"We are the ones who feed this country every day.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "");
}

TEST(FindQuotesSpeakers, TitleAfterACommaIsAnAppositionOnlyWhenClosed) {
  // "According to Ian Hale, the minister did …": Hale is not the minister.
  auto q = Find({"Foreign Minister Wen Lei met Ambassador Ian Hale in Beijing on Tuesday.",
                 "According to Ian Hale, the minister did not explain the delay, which the "
                 "minister said was caused by \"a fault in the new software\"."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Wen Lei");
}

TEST(FindQuotesSpeakers, QuoteParagraphAfterReportedSpeechOfHe) {
  auto q = Find({"Trade official Brian Cole spoke in Dallas on Monday.",
                 "He also told the audience that tariffs would not help for long.",
                 "\"Only fair rules enforced by all sides can close the gap for good.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Brian Cole");
}

TEST(FindQuotesSpeakers, QuoteParagraphAfterSheWithoutSpeechIsNotHers) {
  auto q = Find({"Governor Jane Pike launched the campaign on Monday.",
                 "She shared the website of the campaign, which carries this statement at "
                 "the top of its front page:",
                 "\"Drugs are everyone's problem and we can all help to solve it.\""});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0].speaker, "Jane Pike");
}

TEST(FindQuotesSpeakers, PossessiveTitleResolvesToItsHolderNamedLater) {
  auto q =
      Find({"Peru's envoy to Spain criticised the vote and warned that his country "
            "\"will answer every unfair tariff\" in kind.",
            "Peru's envoy to Spain Rosa Quispe has said talks would continue."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Rosa Quispe");
  EXPECT_EQ(q[0].cue, "warned");
}

TEST(FindQuotesSpeakers, PossessiveTitleResolvesToItsHolderNamedBefore) {
  auto q = Find({"Peru's ambassador to Spain Rosa Quispe arrived on Monday.",
                 "Peru's ambassador to Spain criticised the vote and warned that his country "
                 "\"will answer every unfair tariff\" in kind."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Rosa Quispe");
}

TEST(FindQuotesSpeakers, PossessiveTitleWithNoHolderNamesNoOne) {
  auto q = Find({"Ann Lee arrived on Monday.",
                 "Peru's ambassador to Spain criticised the vote and warned that his country "
                 "\"will answer every unfair tariff\" in kind."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0].speaker, "Ann Lee");
}

TEST(FindQuotesSpeakers, FilmTitleAfterANamingNounIsNoPerson) {
  // "she" must not resolve to the film "Nora Blake".
  auto q = Find({"The jury in Venice praised director Helen Marsh for the film Nora Blake.",
                 "\"I never expected the film to travel so far,\" she said."});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].speaker, "Helen Marsh");
}

TEST(FindQuotesRobustness, GibberishKeepsTheOffsetContract) {
  Article a;
  a.text =
      "that. nudity idea that Emiew are lighting Interesting with notes IT the rest overcome "
      "Scottish rugby SUVs is absolutely Szumowski \"We also comptroller criticism because Rolf "
      "the number Shalom days players ordeal\n\ncompany might Major eventually send Wallsend to "
      "Japan, Sauber said. The punctured said it revisiting not boost succour imports.\n\nHe "
      "offerings he opposes dermatologist \"both on harassed grounds of detects and culture\". "
      "interlisted said: \"For waterborne over the me years one Which in three skyrocketing.";
  for (const Quote& q : FindQuotes(a)) {
    EXPECT_LE(q.begin, q.end);
    EXPECT_LE(q.end, a.text.size());
    EXPECT_LE(q.speaker_begin, q.speaker_end);
    EXPECT_LE(q.speaker_end, a.text.size());
    EXPECT_LE(q.speaker.size(), 160u);
  }
}

}  // namespace
}  // namespace newstrace::quotes
