// Subcommands of the `newstrace` binary. Each registers its flags on the
// CLI11 app and returns the callback that runs it (returning the exit status).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "store/store.h"

namespace newstrace::cli {

// Exit statuses shared by all subcommands.
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;

using CommandRunner = std::function<int()>;

CommandRunner AddExtractCommand(CLI::App& app);
// `command_line` is stored with the run.
CommandRunner AddIngestCommand(CLI::App& app, const std::string& command_line);
CommandRunner AddTraceCommand(CLI::App& app);
CommandRunner AddQuotesCommand(CLI::App& app);
CommandRunner AddSearchCommand(CLI::App& app);
CommandRunner AddExportCommand(CLI::App& app);
CommandRunner AddStatsCommand(CLI::App& app);

// Traces the store (see provenance/trace.h) with the index beside it at
// <db_path>.reuse, printing progress and a summary on stderr; returns an exit
// status. Used by `trace` and `ingest --trace`.
int TraceStore(store::Store& db, const std::string& db_path, int jobs, const std::string& progress);

}  // namespace newstrace::cli
