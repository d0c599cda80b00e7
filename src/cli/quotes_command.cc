// `newstrace quotes`: pages in, the quotations of each page out.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "core/article_json.h"
#include "core/parallel.h"
#include "extract/charset.h"
#include "extract/extract.h"
#include "ingest/input.h"
#include "ingest/warc.h"
#include "quotes/quotes.h"

namespace newstrace::cli {
namespace {

struct QuotesFlags {
  std::string format = "json";
  int jobs = 0;
  size_t max_bytes = 50u << 20;
  std::vector<std::string> paths;
};

struct PageQuotes {
  Article article;
  std::vector<Quote> quotes;
};

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

nlohmann::ordered_json QuoteToJson(const Quote& q) {
  nlohmann::ordered_json j;
  j["kind"] = q.kind;
  j["begin"] = q.begin;
  j["end"] = q.end;
  j["text"] = q.text;
  j["speaker"] = q.speaker;
  j["speaker_begin"] = q.speaker_begin;
  j["speaker_end"] = q.speaker_end;
  j["cue"] = q.cue;
  j["source"] = q.source;
  j["source_url"] = q.source_url;
  return j;
}

nlohmann::ordered_json PageToJson(const std::string& source, const std::vector<Quote>& quotes) {
  nlohmann::ordered_json j;
  j["source"] = source;
  j["quotes"] = nlohmann::ordered_json::array();
  for (const Quote& q : quotes) j["quotes"].push_back(QuoteToJson(q));
  return j;
}

// speaker (cue): “quote”  — source
std::string QuoteLine(const Quote& q) {
  std::string line = q.speaker.empty() ? "(unattributed)" : q.speaker;
  if (!q.cue.empty()) line += " (" + q.cue + ")";
  line += ": \xE2\x80\x9C" + q.text + "\xE2\x80\x9D";
  if (q.kind != "direct") line += " [" + q.kind + "]";
  if (!q.source.empty()) line += " \xE2\x80\x94 " + q.source;
  if (!q.source_url.empty()) line += " <" + q.source_url + ">";
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  return line + "\n";
}

Result<PageQuotes> QuotesOf(const std::string& name, const ingest::InputOptions& input_options,
                            const extract::ExtractOptions& options) {
  if (name.ends_with(".warc") || name.ends_with(".warc.gz")) {
    return Status(ErrorCode::kNotHtml,
                  "a WARC file, not a page: use `newstrace ingest` for crawls");
  }
  Result<RawPage> page = ingest::ReadInput(name, input_options);
  if (!page.ok()) return page.status();
  if (ingest::LooksLikeWarc(page->bytes)) {
    return Status(ErrorCode::kNotHtml,
                  "a WARC file, not a page: use `newstrace ingest` for crawls");
  }
  Result<Article> article = extract::ExtractArticle(*page, options);
  if (!article.ok()) return article.status();
  PageQuotes out{std::move(*article), {}};
  // Plain text: offsets must be offsets into the file. Extraction keeps a
  // UTF-8 file as it is; should it ever differ (a byte-order mark), quote
  // the file itself, split into paragraphs at blank lines.
  if (page->media_type.starts_with("text/plain") && out.article.text != page->bytes &&
      extract::IsValidUtf8(page->bytes)) {
    out.article.text = std::move(page->bytes);
    out.article.blocks.clear();
    out.article.links.clear();
  }
  out.quotes = quotes::FindQuotes(out.article);
  return out;
}

int RunQuotes(const QuotesFlags& flags) {
  std::vector<std::string> inputs = ingest::ExpandInputPaths(flags.paths);
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) {
    std::fprintf(stderr, "newstrace quotes: '-' (stdin) can be given only once\n");
    return kExitUsage;
  }
  int jobs = flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  extract::ExtractOptions options;
  options.max_bytes = flags.max_bytes;
  ingest::InputOptions input_options;
  input_options.max_bytes = flags.max_bytes;

  const bool json_array = flags.format == "json" && inputs.size() != 1;
  size_t ok = 0, quote_count = 0;
  std::map<std::string, size_t> failures;
  if (json_array) Write("[\n");
  OrderedParallelMap<Result<PageQuotes>>(
      inputs.size(), jobs, static_cast<size_t>(jobs) * 8,
      [&](size_t i) { return QuotesOf(inputs[i], input_options, options); },
      [&](size_t i, Result<PageQuotes>&& result) {
        const std::string& source = inputs[i];
        if (result.ok()) {
          ++ok;
          quote_count += result->quotes.size();
        } else {
          ++failures[std::string(ToString(result.status().code()))];
        }
        if (flags.format == "text") {
          if (!result.ok()) {
            std::fprintf(stderr, "newstrace quotes: %s: %s\n", source.c_str(),
                         result.status().ToString().c_str());
          } else {
            if (inputs.size() > 1) Write((i > 0 ? "\n==> " : "==> ") + source + " <==\n");
            for (const Quote& q : result->quotes) Write(QuoteLine(q));
          }
        } else {
          nlohmann::ordered_json j = result.ok() ? PageToJson(source, result->quotes)
                                                 : ErrorToJson(source, result.status());
          if (flags.format == "jsonl") {
            Write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            Write("\n");
          } else {
            if (json_array && i > 0) Write(",\n");
            Write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            if (!json_array) Write("\n");
          }
        }
        std::fflush(stdout);
      });
  if (json_array) Write("\n]\n");
  std::fflush(stdout);

  size_t failed = inputs.size() - ok;
  std::string summary = "newstrace quotes: " + std::to_string(inputs.size()) + " input" +
                        (inputs.size() == 1 ? "" : "s") + ", " + std::to_string(quote_count) +
                        " quote" + (quote_count == 1 ? "" : "s") + ", " + std::to_string(failed) +
                        " failed";
  if (!failures.empty()) {
    summary += " (";
    bool first = true;
    for (const auto& [code, count] : failures) {
      summary += (first ? "" : ", ") + code + ": " + std::to_string(count);
      first = false;
    }
    summary += ")";
  }
  std::fprintf(stderr, "%s\n", summary.c_str());
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace

CommandRunner AddQuotesCommand(CLI::App& app) {
  auto flags = std::make_shared<QuotesFlags>();
  CLI::App* cmd = app.add_subcommand(
      "quotes",
      "Find the quotations in each page: direct and partial quotes in marks, block\n"
      "quotes, with their speaker (names, pronouns and surnames resolved), cue\n"
      "(\"said\", \"would claim\") and cited source (an outlet, a report, its link).");
  cmd->add_option("--format,-f", flags->format,
                  "json: one pretty object per input (an array for several inputs);\n"
                  "jsonl: one object per line, streamed in input order;\n"
                  "text: one line per quote, speaker (cue): \xE2\x80\x9Cquote\xE2\x80\x9D")
      ->check(CLI::IsMember({"json", "jsonl", "text"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", flags->jobs, "worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--max-bytes", flags->max_bytes,
                  "largest page accepted, after decompression (default 50 MB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  cmd->add_option("PATH", flags->paths,
                  "HTML (.html, .htm, optionally .gz), markdown (.md) or text (.txt) files,\n"
                  "directories (searched recursively), or - for stdin")
      ->required();
  cmd->footer(
      "Each input gives {\"source\", \"quotes\": [{\"kind\", \"begin\", \"end\", \"text\",\n"
      "\"speaker\", \"speaker_begin\", \"speaker_end\", \"cue\", \"source\", \"source_url\"}]}.\n"
      "kind is direct, partial (quoted words inside the reporter's sentence) or block.\n"
      "begin/end are byte offsets into the extracted text (`newstrace extract`), the\n"
      "quote marks excluded; for .txt inputs, offsets into the file itself.\n"
      "Exit status: 0 when every input was read, 1 when some failed, 2 for usage errors.");
  return [flags] { return RunQuotes(*flags); };
}

}  // namespace newstrace::cli
