// Golden tests: every page in examples/ and tests/fixtures/ has its expected
// extraction in tests/golden/<file name>.json. After an intended change,
// regenerate with scripts/regen-golden and review the diff (git diff tests/golden).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "golden_inputs.h"
#include "run_command.h"

namespace newstrace::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

TEST(GoldenTest, EveryInputMatchesItsGoldenFile) {
  std::vector<std::string> inputs = GoldenInputs();
  ASSERT_FALSE(inputs.empty());
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    fs::path golden = fs::path(NEWSTRACE_SOURCE_DIR) / "tests/golden" /
                      (fs::path(input).filename().string() + ".json");
    ASSERT_TRUE(fs::exists(golden)) << "missing " << golden << ": run scripts/regen-golden";
    json expected = json::parse(ReadFile(golden));
    CommandResult r = RunCommand(Binary() + " extract --format json " + input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json actual = json::parse(r.out);
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      EXPECT_EQ(actual[it.key()], it.value()) << "field " << it.key();
    }
    EXPECT_EQ(actual.size(), expected.size());
  }
}

}  // namespace
}  // namespace newstrace::testing
