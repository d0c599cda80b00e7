// `newstrace trace`: link a stored corpus (reuse, relations, origin, credit),
// or show one article's provenance.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/progress.h"
#include "provenance/trace.h"
#include "store/store.h"

namespace newstrace::cli {
namespace {

std::atomic<bool> g_trace_stop{false};
extern "C" void OnTraceInterrupt(int) { g_trace_stop.store(true); }

struct TraceFlags {
  std::string db;
  int jobs = 0;
  std::string progress = "auto";
  std::string article;
  std::string format = "text";
  bool rebuild_index = false;
};

std::string Percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", x * 100);
  return buf;
}

// A one-line excerpt of text[begin, end) for a terminal.
std::string Excerpt(const std::string& text, uint32_t begin, uint32_t end, size_t max = 110) {
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(text.size()));
  end = std::clamp<uint32_t>(end, begin, static_cast<uint32_t>(text.size()));
  std::string s = text.substr(begin, end - begin);
  std::replace(s.begin(), s.end(), '\n', ' ');
  if (s.size() > max) {
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "…";
  }
  return s;
}

std::string Name(const store::StoredArticle& a) {
  if (!a.article.url.empty()) return a.article.url;
  if (!a.article.canonical_url.empty()) return a.article.canonical_url;
  return a.article.source;
}

std::string DatedName(const store::StoredArticle& a) {
  std::string s = "#" + std::to_string(a.id) + " " + Name(a);
  if (!a.article.published.empty()) s += " (" + a.article.published + ")";
  return s;
}

int ShowArticle(store::Store& db, const TraceFlags& flags) {
  auto found = db.FindArticle(flags.article);
  if (!found.ok()) {
    std::fprintf(stderr, "newstrace trace: %s\n", found.status().ToString().c_str());
    return kExitSomeFailed;
  }
  if (!*found) {
    std::fprintf(stderr, "newstrace trace: no article with URL or id '%s' in %s\n",
                 flags.article.c_str(), flags.db.c_str());
    return kExitSomeFailed;
  }
  const store::StoredArticle& self = **found;
  auto relations = db.RelationsOf(self.id);
  if (!relations.ok()) {
    std::fprintf(stderr, "newstrace trace: %s\n", relations.status().ToString().c_str());
    return kExitSomeFailed;
  }
  auto watermark = db.TraceWatermark();
  const bool traced = watermark.ok() && *watermark >= self.id;

  nlohmann::ordered_json out;
  out["id"] = self.id;
  out["url"] = Name(self);
  out["title"] = self.article.title;
  out["site"] = self.article.site;
  out["published"] = self.article.published;
  out["traced"] = traced;
  auto came_from = nlohmann::ordered_json::array();
  auto went_to = nlohmann::ordered_json::array();
  auto unknown = nlohmann::ordered_json::array();
  std::string text_out;
  auto line = [&](const std::string& s) { text_out += s + "\n"; };
  line(self.article.title.empty() ? Name(self) : self.article.title);
  line("  " + DatedName(self) + (self.article.site.empty() ? "" : "  [" + self.article.site + "]"));
  if (!traced) line("  (not traced yet: run `newstrace trace --db " + flags.db + "`)");
  std::string from_s, to_s, unknown_s;
  for (const store::StoredRelation& r : *relations) {
    const bool self_is_a = r.a_id == self.id;
    const int64_t other_id = self_is_a ? r.b_id : r.a_id;
    auto other = db.GetArticle(other_id);
    if (!other.ok() || !*other) continue;
    const nlohmann::json ev = nlohmann::json::parse(r.evidence_json, nullptr, false);
    nlohmann::ordered_json item;
    item["other"] = Name(**other);
    item["other_id"] = other_id;
    item["kind"] = r.kind;
    item["shared_here"] = self_is_a ? r.a_shared : r.b_shared;
    item["shared_there"] = self_is_a ? r.b_shared : r.a_shared;
    item["credit"] = r.credit.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.credit);
    item["evidence"] = ev.is_discarded() ? nlohmann::json::object() : ev;
    auto passages = nlohmann::ordered_json::array();
    std::string block;
    block += "  " + r.kind + " " + DatedName(**other) + "\n";
    block += "    shared: " + Percent(item["shared_here"].get<double>()) + " of this text, " +
             Percent(item["shared_there"].get<double>()) + " of that one\n";
    if (!ev.is_discarded() && ev.contains("origin")) {
      for (const auto& e : ev["origin"]["evidence"]) {
        block +=
            "    origin evidence (" + e.value("kind", "") + "): " + e.value("detail", "") + "\n";
      }
    }
    if (!r.credit.empty()) {
      std::string credit_line = "    credit by the copy: " + r.credit;
      if (!ev.is_discarded() && ev.contains("credit")) {
        const auto& c = ev["credit"];
        if (!c.value("evidence", "").empty()) credit_line += " — " + c.value("evidence", "");
        if (c.contains("terms")) {
          credit_line += "\n    the origin's republishing terms: " + c.value("terms", "") + " — " +
                         Excerpt(c.value("terms_evidence", ""), 0, 1u << 30, 160);
        }
      }
      block += credit_line + "\n";
    }
    for (const PassagePair& p : r.passages) {
      const uint32_t b = self_is_a ? p.a_begin : p.b_begin, e = self_is_a ? p.a_end : p.b_end;
      passages.push_back({{"begin", b},
                          {"end", e},
                          {"other_begin", self_is_a ? p.b_begin : p.a_begin},
                          {"other_end", self_is_a ? p.b_end : p.a_end}});
      block += "    [" + std::to_string(b) + "," + std::to_string(e) + ") \"" +
               Excerpt(self.article.text, b, e) + "\"\n";
    }
    item["passages"] = passages;
    if (r.origin_id == 0) {
      unknown.push_back(item);
      unknown_s += block;
    } else if (r.origin_id == self.id) {
      went_to.push_back(item);
      to_s += block;
    } else {
      came_from.push_back(item);
      from_s += block;
    }
  }
  out["came_from"] = came_from;
  out["went_to"] = went_to;
  out["shared_origin_unknown"] = unknown;
  if (flags.format == "json") {
    std::string s = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(s.data(), 1, s.size(), stdout);
    return kExitOk;
  }
  line("");
  line("Where its text came from:");
  text_out += from_s.empty() ? "  nothing: no article it copies from is in the corpus\n" : from_s;
  line("");
  line("Where its text went:");
  text_out += to_s.empty() ? "  nowhere in the corpus\n" : to_s;
  if (!unknown_s.empty()) {
    line("");
    line("Shares text with (which came first is unknown):");
    text_out += unknown_s;
  }
  std::fwrite(text_out.data(), 1, text_out.size(), stdout);
  return kExitOk;
}

int RunTraceCommand(const TraceFlags& flags) {
  Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(flags.db);
  if (!opened.ok()) {
    std::fprintf(stderr, "newstrace trace: %s: %s\n", flags.db.c_str(),
                 opened.status().ToString().c_str());
    return kExitSomeFailed;
  }
  if (!flags.article.empty()) return ShowArticle(**opened, flags);
  if (flags.rebuild_index) std::remove((flags.db + ".reuse").c_str());
  return TraceStore(**opened, flags.db, flags.jobs, flags.progress);
}

}  // namespace

int TraceStore(store::Store& db, const std::string& db_path, int jobs,
               const std::string& progress_flag) {
  g_trace_stop = false;
  auto previous_int = std::signal(SIGINT, OnTraceInterrupt);
  auto previous_term = std::signal(SIGTERM, OnTraceInterrupt);
  provenance::TraceOptions options;
  options.threads =
      jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.index_path = db_path + ".reuse";
  options.stop = &g_trace_stop;
  Progress progress(ProgressModeFromFlag(progress_flag), "trace");
  int64_t shown = 0;
  options.progress = [&](const provenance::TraceProgress& p) {
    shown = p.done;
    progress.Update(p.done, 0, 0);
  };
  const auto start = std::chrono::steady_clock::now();
  Result<provenance::TraceSummary> summary = provenance::TraceCorpus(db, options);
  progress.Finish(shown, 0, 0);
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (!summary.ok()) {
    std::fprintf(stderr, "newstrace trace: %s\n", summary.status().ToString().c_str());
    return kExitSomeFailed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = *summary;
  std::string kinds;
  int64_t total = 0;
  for (const auto& [kind, n] : s.relations) {
    kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
    total += n;
  }
  std::fprintf(stderr,
               "newstrace trace: %lld new article%s traced (%lld in the index%s) in %.1f s; "
               "%lld candidate pairs, %lld relation%s%s%s; %lld template passage%s dropped; "
               "%lld cluster%s; template passages on %lld site%s\n",
               static_cast<long long>(s.new_articles), s.new_articles == 1 ? "" : "s",
               static_cast<long long>(s.indexed_articles), s.index_rebuilt ? ", rebuilt" : "",
               seconds, static_cast<long long>(s.candidate_pairs), static_cast<long long>(total),
               total == 1 ? "" : "s", kinds.empty() ? "" : (" (" + kinds + ")").c_str(), "",
               static_cast<long long>(s.template_passages_dropped),
               s.template_passages_dropped == 1 ? "" : "s", static_cast<long long>(s.clusters),
               s.clusters == 1 ? "" : "s", static_cast<long long>(s.template_sites),
               s.template_sites == 1 ? "" : "s");
  if (s.stopped) {
    std::fprintf(stderr,
                 "newstrace trace: interrupted; the next run redoes the unfinished batch\n");
    return 130;
  }
  return kExitOk;
}

CommandRunner AddTraceCommand(CLI::App& app) {
  auto flags = std::make_shared<TraceFlags>();
  CLI::App* cmd = app.add_subcommand(
      "trace",
      "Link a stored corpus: find the articles that share text, the passages on\n"
      "both sides, the relation (duplicate, republication, excerpt), the origin and\n"
      "whether each copy credits it. Incremental: only articles ingested since the\n"
      "last trace are matched; re-running does nothing new. With --article, print\n"
      "one article's provenance instead.");
  cmd->add_option("--db", flags->db, "the SQLite store (see `newstrace ingest`)")->required();
  cmd->add_option("-j,--jobs", flags->jobs, "threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--progress", flags->progress,
                  "auto: a bar on a terminal, plain lines otherwise; bar; plain; none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}))
      ->capture_default_str();
  cmd->add_option("--article", flags->article,
                  "show where this article's text came from and went (URL, canonical URL or id)");
  cmd->add_option("--format", flags->format, "for --article: text (readable) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_flag("--rebuild-index", flags->rebuild_index,
                "rebuild the fingerprint index (<db>.reuse) from the store first");
  cmd->footer(
      "The fingerprint index is kept beside the store as <db>.reuse; it is derived\n"
      "data and is rebuilt from the store when missing. Results: `newstrace export\n"
      "--what relations|clusters|graph`. Exit status: 0 ok, 1 error, 2 usage, 130\n"
      "interrupted (the next run redoes the unfinished batch).");
  return [flags] { return RunTraceCommand(*flags); };
}

}  // namespace newstrace::cli
