// The seed page must come out right: the markdown dump (examples/) and an HTML
// rendition of it (tests/fixtures/) through the real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "run_command.h"

namespace newstrace::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

class SeedTest : public ::testing::TestWithParam<const char*> {
 protected:
  json Extract() {
    CommandResult r = RunCommand(Binary() + " extract --format json " + GetParam());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
};

bool HasCategory(const json& a, const std::string& scheme, const std::string& label) {
  for (const json& c : a["categories"]) {
    if (c["scheme"] == scheme && c["label"] == label) return true;
  }
  return false;
}

const json* FindNotice(const json& a, const std::string& kind) {
  for (const json& n : a["notices"]) {
    if (n["kind"] == kind) return &n;
  }
  return nullptr;
}

TEST_P(SeedTest, Metadata) {
  json a = Extract();
  EXPECT_EQ(a["title"], "US War of Terror Continues: Assassinating Iran's Top Anti-ISIS General");
  EXPECT_EQ(a["authors"], json::array({"Tony Cartalucci"}));
  EXPECT_EQ(a["published"].get<std::string>().substr(0, 10), "2020-01-16");
  EXPECT_EQ(a["publisher"], "Global Research");
  EXPECT_EQ(a["language"], "en");
}

TEST_P(SeedTest, Taxonomy) {
  json a = Extract();
  EXPECT_TRUE(HasCategory(a, "Region", "Middle East & North Africa")) << a["categories"];
  EXPECT_TRUE(HasCategory(a, "Theme", "Law and Justice")) << a["categories"];
  EXPECT_TRUE(HasCategory(a, "Theme", "Media Disinformation")) << a["categories"];
  EXPECT_TRUE(HasCategory(a, "Theme", "US NATO War Agenda")) << a["categories"];
  EXPECT_TRUE(HasCategory(a, "In-depth Report", "IRAN: THE NEXT WAR?")) << a["categories"];
}

TEST_P(SeedTest, Notices) {
  json a = Extract();
  const json* origin = FindNotice(a, "originally_published");
  ASSERT_NE(origin, nullptr) << a["notices"];
  EXPECT_EQ((*origin)["target"], "New Eastern Outlook");
  const json* share = FindNotice(a, "share_prompt");
  ASSERT_NE(share, nullptr) << a["notices"];
  EXPECT_THAT((*share)["text"].get<std::string>(), HasSubstr("Note to readers"));
  const json* terms = FindNotice(a, "republish_terms");
  ASSERT_NE(terms, nullptr) << a["notices"];
  EXPECT_THAT((*terms)["text"].get<std::string>(), HasSubstr("hyperlink"));
  EXPECT_NE(FindNotice(a, "disclaimer"), nullptr) << a["notices"];
  const json* copyright = FindNotice(a, "copyright");
  ASSERT_NE(copyright, nullptr) << a["notices"];
  EXPECT_THAT((*copyright)["text"].get<std::string>(), HasSubstr("fair use"));
}

TEST_P(SeedTest, TextIsTheBodyOnly) {
  json a = Extract();
  std::string text = a["text"];
  EXPECT_EQ(text.rfind("The US has eagerly taken credit", 0), 0u) << text.substr(0, 200);
  EXPECT_THAT(text, HasSubstr("would claim:"));
  EXPECT_THAT(text, HasSubstr("US provocations come too little and too late."));
  const std::string last =
      "its overall unraveling hegemony across the Middle East and North Africa.";
  ASSERT_GE(text.size(), last.size());
  EXPECT_EQ(text.substr(text.size() - last.size()), last);
  for (const char* footer : {"Note to readers", "Bangkok-based", "Disclaimer", "fair use",
                             "Become a Member", "Articles by", "media inquiries", "Region:"}) {
    EXPECT_THAT(text, Not(HasSubstr(footer))) << footer;
  }
  bool heading = false;
  for (const json& b : a["blocks"]) {
    std::string block = text.substr(b["begin"], size_t(b["end"]) - size_t(b["begin"]));
    if (b["kind"] == "heading" && block == "The War of Terror Continues") heading = true;
  }
  EXPECT_TRUE(heading);
}

INSTANTIATE_TEST_SUITE_P(MarkdownAndHtml, SeedTest,
                         ::testing::Values("examples/seed-article.md",
                                           "tests/fixtures/seed-article.html"));

}  // namespace
}  // namespace newstrace::testing
