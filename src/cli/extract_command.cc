// `newstrace extract`: pages in, one article (or error) per input out.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/article_format.h"
#include "cli/commands.h"
#include "core/article_json.h"
#include "core/parallel.h"
#include "extract/extract.h"
#include "ingest/input.h"
#include "ingest/warc.h"

namespace newstrace::cli {
namespace {

struct ExtractFlags {
  std::string format = "json";
  std::string url;
  int jobs = 0;
  bool gumbo = false;
  size_t max_bytes = 50u << 20;
  std::vector<std::string> paths;
};

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

int RunExtract(const ExtractFlags& flags) {
  if (!flags.url.empty() && flags.paths.size() > 1) {
    std::fprintf(stderr, "newstrace extract: --url applies to a single input, got %zu\n",
                 flags.paths.size());
    return kExitUsage;
  }
  std::vector<std::string> inputs = ingest::ExpandInputPaths(flags.paths);
  size_t stdin_count = std::count(inputs.begin(), inputs.end(), "-");
  if (stdin_count > 1) {
    std::fprintf(stderr, "newstrace extract: '-' (stdin) can be given only once\n");
    return kExitUsage;
  }
  int jobs = flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  extract::ExtractOptions options;
  options.url = flags.url;
  options.max_bytes = flags.max_bytes;
  options.use_gumbo = flags.gumbo;
  ingest::InputOptions input_options;
  input_options.max_bytes = flags.max_bytes;

  const bool json_array = flags.format == "json" && inputs.size() != 1;
  const bool text_headers =
      (flags.format == "text" || flags.format == "markdown") && inputs.size() > 1;
  size_t ok = 0;
  std::map<std::string, size_t> failures;
  if (json_array) Write("[\n");

  OrderedParallelMap<Result<Article>>(
      inputs.size(), jobs, static_cast<size_t>(jobs) * 8,
      [&](size_t i) -> Result<Article> {
        std::string_view name = inputs[i];
        if (name.ends_with(".warc") || name.ends_with(".warc.gz")) {
          return Status(ErrorCode::kNotHtml,
                        "a WARC file, not a page: use `newstrace ingest` for crawls");
        }
        Result<RawPage> page = ingest::ReadInput(inputs[i], input_options);
        if (!page.ok()) return page.status();
        if (ingest::LooksLikeWarc(page->bytes)) {
          return Status(ErrorCode::kNotHtml,
                        "a WARC file, not a page: use `newstrace ingest` for crawls");
        }
        return extract::ExtractArticle(*page, options);
      },
      [&](size_t i, Result<Article>&& result) {
        const std::string& source = inputs[i];
        if (result.ok()) {
          ++ok;
        } else {
          ++failures[std::string(ToString(result.status().code()))];
        }
        if (flags.format == "jsonl" && result.ok()) {
          Write(ToJsonLine(*result) + "\n");
        } else if (flags.format == "jsonl" || flags.format == "json") {
          nlohmann::ordered_json j =
              result.ok() ? ToJson(*result) : ErrorToJson(source, result.status());
          if (flags.format == "jsonl") {
            Write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            Write("\n");
          } else {
            if (json_array && i > 0) Write(",\n");
            Write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            if (!json_array) Write("\n");
          }
        } else if (!result.ok()) {
          std::fprintf(stderr, "newstrace extract: %s: %s\n", source.c_str(),
                       result.status().ToString().c_str());
        } else {
          if (text_headers) Write((i > 0 ? "\n==> " : "==> ") + source + " <==\n");
          Write(flags.format == "markdown" ? ToMarkdown(*result) : ToPlainText(*result));
        }
        std::fflush(stdout);
      });
  if (json_array) Write("\n]\n");
  std::fflush(stdout);

  size_t failed = inputs.size() - ok;
  std::string summary = "newstrace extract: " + std::to_string(inputs.size()) + " input" +
                        (inputs.size() == 1 ? "" : "s") + ", " + std::to_string(ok) +
                        " extracted, " + std::to_string(failed) + " failed";
  if (!failures.empty()) {
    summary += " (";
    bool first = true;
    for (const auto& [code, count] : failures) {
      if (!first) summary += ", ";
      summary += code + ": " + std::to_string(count);
      first = false;
    }
    summary += ")";
  }
  std::fprintf(stderr, "%s\n", summary.c_str());
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace

CommandRunner AddExtractCommand(CLI::App& app) {
  auto flags = std::make_shared<ExtractFlags>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Extract the article from each page: main text without boilerplate, metadata\n"
      "(title, authors, dates, publisher, language), site taxonomy, links and notices.");
  cmd->add_option("--format,-f", flags->format,
                  "json: one pretty object per input (an array for several inputs);\n"
                  "jsonl: one object per line, streamed in input order;\n"
                  "markdown: front matter + clean markdown; text: the main text only")
      ->check(CLI::IsMember({"json", "jsonl", "markdown", "text"}))
      ->capture_default_str();
  cmd->add_option("--url", flags->url, "the page's URL, for one input (resolves links, site)");
  cmd->add_option("-j,--jobs", flags->jobs, "worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--max-bytes", flags->max_bytes,
                  "largest page accepted, after decompression (default 50 MB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  cmd->add_flag("--gumbo", flags->gumbo,
                "parse HTML with the browser-grade gumbo parser instead of the fast path");
  cmd->add_option("PATH", flags->paths,
                  "HTML (.html, .htm, optionally .gz), markdown (.md) or text (.txt) files,\n"
                  "directories (searched recursively), or - for stdin")
      ->required();
  cmd->footer(
      "Exit status: 0 when every input was extracted, 1 when some failed (each failure\n"
      "is reported as {\"source\", \"error\": {\"code\", \"message\"}}), 2 for usage errors.");
  return [flags] { return RunExtract(*flags); };
}

}  // namespace newstrace::cli
