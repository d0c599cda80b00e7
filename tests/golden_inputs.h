// The pages that have golden files: every regular file in examples/ and
// tests/fixtures/ except the ingest samples (WARC, JSON lines), sorted, as
// paths relative to the source directory.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace newstrace::testing {

inline std::vector<std::string> GoldenInputs() {
  namespace fs = std::filesystem;
  std::vector<std::string> inputs;
  for (const char* dir : {"examples", "tests/fixtures"}) {
    fs::path root = fs::path(NEWSTRACE_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::directory_iterator(root)) {
      std::string name = entry.path().filename().string();
      bool container = name.find(".warc") != std::string::npos ||
                       name.find(".jsonl") != std::string::npos;  // ingest samples, not pages
      if (entry.is_regular_file() && !container) inputs.push_back(std::string(dir) + "/" + name);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace newstrace::testing
