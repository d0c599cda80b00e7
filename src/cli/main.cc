// newstrace: where news text comes from, and where it goes.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace newstrace::cli;
  // Pages are parsed into buffers of a few hundred kilobytes, allocated and
  // freed once per page: keep them in the heap instead of mapping fresh pages
  // from the kernel each time (page faults cost ~5% of extraction).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  CLI::App app(
      "newstrace: where news text comes from, and where it goes.\n"
      "Extracts articles from news pages, keeps whole crawls in a searchable store,\n"
      "and traces shared text between articles: origin, copies and credit.",
      "newstrace");
  app.set_version_flag("--version", "newstrace 0.1.0");
  app.require_subcommand(1);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  std::vector<std::pair<CLI::App*, CommandRunner>> commands;
  auto add = [&](CommandRunner runner) {
    commands.push_back({app.get_subcommands([](CLI::App*) { return true; }).back(), runner});
  };
  add(AddExtractCommand(app));
  add(AddIngestCommand(app, command_line));
  add(AddTraceCommand(app));
  add(AddQuotesCommand(app));
  add(AddSearchCommand(app));
  add(AddExportCommand(app));
  add(AddStatsCommand(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (auto& [cmd, run] : commands) {
      if (cmd->parsed()) return run();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newstrace: internal error: %s\n", e.what());
    return 3;
  }
  return kExitUsage;
}
