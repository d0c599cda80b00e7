// Runs a shell command for end-to-end tests, capturing stdout, stderr and the
// exit status.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace newstrace::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `command` runs under /bin/sh in the source directory.
inline CommandResult RunCommand(const std::string& command) {
  static int counter = 0;
  std::string err_path = ::testing::TempDir() + "/cmd_err_" + std::to_string(getpid()) + "_" +
                         std::to_string(counter++);
  std::string full = "cd '" NEWSTRACE_SOURCE_DIR "' && " + command + " 2>'" + err_path + "'";
  CommandResult result;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) result.out.append(buf, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = ReadFile(err_path);
  std::remove(err_path.c_str());
  return result;
}

inline std::string Binary() { return NEWSTRACE_BINARY; }

// Parses a JSON-lines output, skipping empty lines.
inline std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

}  // namespace newstrace::testing
