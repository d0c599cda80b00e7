// `newstrace search`, `export` and `stats`: getting a corpus back out of the store.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/article_json.h"
#include "store/store.h"

namespace newstrace::cli {
namespace {

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void WriteCsvRow(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  Write(line);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

struct StoreFlags {
  std::string db;
  store::ArticleFilter filter;
};

void AddFilterOptions(CLI::App* cmd, StoreFlags& flags) {
  cmd->add_option("--site", flags.filter.site, "only articles from this site (example.com)");
  cmd->add_option("--author", flags.filter.author, "only articles by this author");
  cmd->add_option("--category", flags.filter.category, "only articles with this category label");
  cmd->add_option("--since", flags.filter.since, "published on or after (ISO 8601 date)");
  cmd->add_option("--until", flags.filter.until, "published on or before (ISO 8601 date)");
  cmd->add_option("--limit", flags.filter.limit, "at most N results")
      ->check(CLI::NonNegativeNumber);
}

Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status(ErrorCode::kNotFound, "no store at " + path + " (run `newstrace ingest` first)");
  }
  return store::OpenSqliteStore(path);
}

int Fail(const char* command, const Status& status) {
  std::fprintf(stderr, "newstrace %s: %s\n", command, status.ToString().c_str());
  return status.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitSomeFailed;
}

// --- search ---

struct SearchFlags : StoreFlags {
  std::string query;
  std::string format = "table";
};

int RunSearch(SearchFlags& flags) {
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("search", db.status());
  if (flags.filter.limit == 0) flags.filter.limit = 20;
  Result<std::vector<store::SearchHit>> hits = (*db)->Search(flags.query, flags.filter);
  if (!hits.ok()) return Fail("search", hits.status());
  for (const store::SearchHit& h : *hits) {
    if (flags.format == "jsonl") {
      nlohmann::ordered_json j = {
          {"id", h.article_id},       {"url", h.url},         {"title", h.title}, {"site", h.site},
          {"published", h.published}, {"snippet", h.snippet}, {"rank", h.rank}};
      Write(Dump(j) + "\n");
    } else {
      std::string date = h.published.substr(0, 10);
      Write(std::to_string(h.article_id) + "  " + (date.empty() ? "----------" : date) + "  " +
            h.site + "  " + h.title + "\n    " + h.snippet + "\n" +
            (h.url.empty() ? "" : "    " + h.url + "\n"));
    }
  }
  std::fprintf(stderr, "newstrace search: %zu result%s\n", hits->size(),
               hits->size() == 1 ? "" : "s");
  return kExitOk;
}

// --- export ---

struct ExportFlags : StoreFlags {
  std::string what = "articles";
  std::string format = "jsonl";
};

int ExportArticles(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") {
    WriteCsvRow({"id", "url", "canonical_url", "site", "title", "authors", "published", "modified",
                 "publisher", "language", "categories", "text"});
  }
  int64_t count = 0;
  Status s = db.ForEachArticle(flags.filter, [&](const store::StoredArticle& stored) {
    const Article& a = stored.article;
    ++count;
    if (flags.format == "jsonl") {
      Write(ToJsonLine(a) + "\n");
      return true;
    }
    std::vector<std::string> categories;
    for (const Category& c : a.categories) categories.push_back(c.scheme + ": " + c.label);
    WriteCsvRow({std::to_string(stored.id), a.url, a.canonical_url, a.site, a.title,
                 Join(a.authors, "; "), a.published, a.modified, a.publisher, a.language,
                 Join(categories, "; "), a.text});
    return true;
  });
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld articles\n", static_cast<long long>(count));
  return kExitOk;
}

int ExportErrors(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") WriteCsvRow({"record", "outcome", "message"});
  int64_t count = 0;
  Status s = db.ForEachError([&](const store::RecordOutcome& o) {
    ++count;
    if (flags.format == "jsonl") {
      Write(Dump({{"record", o.record_key}, {"outcome", o.outcome}, {"message", o.message}}) +
            "\n");
    } else {
      WriteCsvRow({o.record_key, o.outcome, o.message});
    }
    return true;
  });
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld error rows\n", static_cast<long long>(count));
  return kExitOk;
}

int ExportRuns(store::Store& db, const ExportFlags& flags) {
  Result<std::vector<store::RunSummary>> runs = db.Runs();
  if (!runs.ok()) return Fail("export", runs.status());
  if (flags.format == "csv") {
    WriteCsvRow({"run", "started_at", "finished_at", "completed", "command", "counts"});
  }
  for (const store::RunSummary& r : *runs) {
    nlohmann::ordered_json counts(r.counts);
    if (flags.format == "jsonl") {
      Write(Dump({{"run", r.run_id},
                  {"started_at", r.started_at},
                  {"finished_at", r.finished_at},
                  {"completed", r.completed},
                  {"command", r.command},
                  {"counts", counts}}) +
            "\n");
    } else {
      WriteCsvRow({std::to_string(r.run_id), r.started_at, r.finished_at,
                   r.completed ? "true" : "false", r.command, Dump(counts)});
    }
  }
  return kExitOk;
}

int RunExport(const ExportFlags& flags) {
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("export", db.status());
  if (flags.what == "errors") return ExportErrors(**db, flags);
  if (flags.what == "runs") return ExportRuns(**db, flags);
  return ExportArticles(**db, flags);
}

// --- stats ---

int RunStats(const StoreFlags& flags) {
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("stats", db.status());
  auto stats = (*db)->Stats();
  if (!stats.ok()) return Fail("stats", stats.status());
  for (const char* key : {"site", "language", "month", "error"}) {
    auto it = stats->find(key);
    if (it == stats->end()) continue;
    std::vector<std::pair<std::string, int64_t>> rows(it->second.begin(), it->second.end());
    if (std::string_view(key) != "month") {
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    int64_t total = 0;
    for (const auto& row : rows) total += row.second;
    std::string title = std::string_view(key) == "error"
                            ? "records not stored as articles, by reason"
                            : std::string("by ") + key;
    Write(title + " (" + std::to_string(total) + "):\n");
    size_t shown = 0;
    for (const auto& [value, count] : rows) {
      if (++shown > 25 && std::string_view(key) != "month") {
        Write("  ... " + std::to_string(rows.size() - 25) + " more\n");
        break;
      }
      char line[512];
      std::snprintf(line, sizeof line, "  %-40s %10lld\n",
                    value.empty() ? "(unknown)" : value.c_str(), static_cast<long long>(count));
      Write(line);
    }
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddSearchCommand(CLI::App& app) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* cmd = app.add_subcommand("search", "Full-text search of a store (FTS5 query syntax).");
  cmd->add_option("--db", flags->db, "the store")->required();
  cmd->add_option("QUERY", flags->query,
                  "words (all must match), \"a phrase\", OR, NOT, prefix*, title:word")
      ->required();
  cmd->add_option("--format", flags->format, "table or jsonl")
      ->check(CLI::IsMember({"table", "jsonl"}))
      ->capture_default_str();
  AddFilterOptions(cmd, *flags);
  return [flags] { return RunSearch(*flags); };
}

CommandRunner AddExportCommand(CLI::App& app) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Stream a store's articles, error rows or runs as JSON lines or CSV.");
  cmd->add_option("--db", flags->db, "the store")->required();
  cmd->add_option("--what", flags->what, "articles, errors or runs")
      ->check(CLI::IsMember({"articles", "errors", "runs"}))
      ->capture_default_str();
  cmd->add_option("--format", flags->format,
                  "jsonl (articles re-ingest unchanged with `ingest`) or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  AddFilterOptions(cmd, *flags);
  return [flags] { return RunExport(*flags); };
}

CommandRunner AddStatsCommand(CLI::App& app) {
  auto flags = std::make_shared<StoreFlags>();
  CLI::App* cmd = app.add_subcommand("stats",
                                     "Counts of a store's articles by site, language and month, "
                                     "and of its error rows by reason.");
  cmd->add_option("--db", flags->db, "the store")->required();
  return [flags] { return RunStats(*flags); };
}

}  // namespace newstrace::cli
