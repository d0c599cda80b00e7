// newstrace: where news text comes from, and where it goes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace newstrace::cli;
  CLI::App app(
      "newstrace: where news text comes from, and where it goes.\n"
      "Extracts articles from news pages (HTML, markdown, text).",
      "newstrace");
  app.set_version_flag("--version", "newstrace 0.1.0");
  app.require_subcommand(1);
  CommandRunner extract = AddExtractCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (app.got_subcommand("extract")) return extract();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newstrace: internal error: %s\n", e.what());
    return 3;
  }
  return kExitUsage;
}
