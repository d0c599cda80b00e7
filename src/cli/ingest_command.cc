// `newstrace ingest`: crawls (WARC, page folders, JSON lines) into a store.
//
// A bounded pipeline: one reader thread frames input records (skipping those
// an earlier run already stored), worker threads extract articles, and this
// thread writes them in batched transactions. Killed at any moment, a re-run
// resumes: a record's outcome and its article are committed together, so a
// record is either fully stored or redone.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/parallel.h"
#include "extract/extract.h"
#include "ingest/record_source.h"
#include "quotes/quotes.h"
#include "store/store.h"

namespace newstrace::cli {
namespace {

// Up to this many records may be read and extracted ahead of the writer, so
// that the workers run on while it commits (a few hundred records); only
// 2 * jobs of them wait unextracted (raw pages are the large ones).
constexpr size_t kPipelineWindow = 1024;
constexpr auto kCommitInterval = std::chrono::seconds(5);  // the longest transaction

std::atomic<bool> g_stop{false};

extern "C" void OnInterrupt(int) { g_stop.store(true); }

struct IngestFlags {
  std::string db;
  int jobs = 0;
  std::string progress = "auto";
  bool keep_raw = false;
  bool trace = false;
  // Large transactions: each commit rewrites the hot index pages and leaves an
  // FTS5 segment to merge, so at 100k pages 500-record batches spent a third
  // of the run writing (692 pages/s) and 5,000-record ones did not (1,010).
  size_t batch_size = 5000;
  size_t max_bytes = 50u << 20;
  std::vector<std::string> paths;
  std::string command_line;
};

// A record after the worker stage.
// A record an earlier run already stored: counted, not written again.
struct AlreadyStored {};

struct Processed {
  std::string key;
  std::variant<store::PreparedArticle, ingest::Skip, AlreadyStored, Status> outcome;
  uint64_t bytes_done = 0;  // input consumed when the record was read, for progress
};

// A record the reader hands to workers; `done` marks one stored by an earlier run.
struct Pending {
  ingest::InputRecord record;
  bool done = false;
  uint64_t bytes_done = 0;
};

// The article's serialised forms and its quotations (stored with it).
store::PreparedArticle PrepareWithQuotes(Article article, std::string_view raw_html) {
  store::PreparedArticle prepared = store::PrepareArticle(std::move(article), raw_html);
  prepared.quotes = quotes::FindQuotes(prepared.article);
  // The store refuses a quote whose spans break the offsets contract; one bad
  // quote must not cost the article (or stop the run): leave it out.
  const size_t size = prepared.article.text.size();
  std::erase_if(prepared.quotes, [size](const Quote& q) {
    return q.end < q.begin || q.end > size || q.speaker_end < q.speaker_begin ||
           q.speaker_end > size;
  });
  prepared.quotes_scanned = true;
  return prepared;
}

// Runs on worker threads: extraction, the article's serialised forms and its
// quotations.
Processed Process(Pending&& pending, const extract::ExtractOptions& options, bool keep_raw) {
  Processed out;
  out.key = std::move(pending.record.key);
  out.bytes_done = pending.bytes_done;
  if (pending.done) {
    out.outcome = AlreadyStored{};
    return out;
  }
  auto& payload = pending.record.payload;
  if (auto* page = std::get_if<RawPage>(&payload)) {
    Result<Article> article = extract::ExtractArticle(*page, options);
    if (article.ok()) {
      out.outcome =
          PrepareWithQuotes(std::move(*article), keep_raw ? page->bytes : std::string_view());
    } else {
      out.outcome = article.status();
    }
  } else if (auto* article = std::get_if<Article>(&payload)) {
    out.outcome = PrepareWithQuotes(std::move(*article), {});
  } else if (auto* skip = std::get_if<ingest::Skip>(&payload)) {
    out.outcome = std::move(*skip);
  } else {
    out.outcome = std::get<Status>(payload);
  }
  return out;
}

void PrintSummary(const std::map<std::string, int64_t>& counts, int64_t records, double seconds,
                  const std::string& db, int64_t run_id, bool interrupted) {
  std::fprintf(stderr, "newstrace ingest: %lld records in %.1f s (%.0f records/s)%s\n",
               static_cast<long long>(records), seconds, seconds > 0 ? records / seconds : 0.0,
               interrupted ? ", interrupted: re-run the same command to resume" : "");
  for (const auto& [outcome, count] : counts) {
    std::fprintf(stderr, "  %-16s %lld\n", outcome.c_str(), static_cast<long long>(count));
  }
  std::fprintf(stderr, "  stored in %s (run %lld)\n", db.c_str(), static_cast<long long>(run_id));
}

int RunIngest(const IngestFlags& flags) {
  Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(flags.db);
  if (!opened.ok()) {
    std::fprintf(stderr, "newstrace ingest: %s: %s\n", flags.db.c_str(),
                 opened.status().ToString().c_str());
    return kExitSomeFailed;
  }
  store::Store& db = **opened;
  // A second connection for the reader thread, which looks up records that an
  // earlier (interrupted) run already stored.
  Result<std::unique_ptr<store::Store>> lookup = store::OpenSqliteStore(flags.db);
  if (!lookup.ok()) {
    std::fprintf(stderr, "newstrace ingest: %s\n", lookup.status().ToString().c_str());
    return kExitSomeFailed;
  }
  Result<int64_t> run = db.BeginRun(flags.command_line);
  if (!run.ok()) {
    std::fprintf(stderr, "newstrace ingest: %s\n", run.status().ToString().c_str());
    return kExitSomeFailed;
  }
  const int64_t run_id = *run;

  g_stop = false;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);

  ingest::RecordSourceOptions source_options;
  source_options.max_bytes = flags.max_bytes;
  ingest::RecordSource source(flags.paths, source_options);
  extract::ExtractOptions extract_options;
  extract_options.max_bytes = flags.max_bytes;
  int jobs = flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());

  Progress progress(ProgressModeFromFlag(flags.progress), "ingest");
  std::map<std::string, int64_t> counts;
  int64_t records = 0;
  size_t in_batch = 0;
  Status failure;
  auto start = std::chrono::steady_clock::now();
  auto last_commit = start;
  auto commit = [&] {
    if (in_batch == 0 || !failure.ok()) return;
    Status s = db.CommitBatch();
    if (!s.ok()) failure = s;
    in_batch = 0;
    last_commit = std::chrono::steady_clock::now();
  };

  RunOrderedPipeline<Pending, Processed>(
      jobs, kPipelineWindow,
      [&]() -> std::optional<Pending> {
        if (g_stop.load() || !failure.ok()) return std::nullopt;
        std::optional<ingest::InputRecord> record = source.Next();
        if (!record) return std::nullopt;
        Pending pending{std::move(*record), false, source.bytes_done()};
        Result<bool> done = (*lookup)->HasRecord(pending.record.key);
        pending.done = done.ok() && *done;
        return pending;
      },
      [&](Pending&& pending) {
        return Process(std::move(pending), extract_options, flags.keep_raw);
      },
      [&](Processed&& p) {
        ++records;
        if (!failure.ok()) return;
        if (in_batch == 0) {
          Status s = db.BeginBatch();
          if (!s.ok()) {
            failure = s;
            return;
          }
        }
        std::string outcome;
        if (auto* article = std::get_if<store::PreparedArticle>(&p.outcome)) {
          Result<store::Store::PutResult> put = db.PutArticle(run_id, p.key, *article);
          if (!put.ok() && put.status().code() == ErrorCode::kBadRecord) {
            outcome = "bad_record";  // this record is unstorable; the run goes on
            Status s = db.PutOutcome(run_id, {p.key, outcome, put.status().message(), 0});
            if (!s.ok()) failure = s;
          } else if (!put.ok()) {
            failure = put.status();
            return;
          } else {
            outcome = put->inserted ? "article" : "duplicate";
          }
        } else if (std::holds_alternative<AlreadyStored>(p.outcome)) {
          outcome = "already_stored";
        } else if (auto* skip = std::get_if<ingest::Skip>(&p.outcome)) {
          outcome = "skipped";
          Status s = db.PutOutcome(run_id, {p.key, "skipped", skip->reason, 0});
          if (!s.ok()) failure = s;
        } else {
          const Status& error = std::get<Status>(p.outcome);
          outcome = std::string(ToString(error.code()));
          Status s = db.PutOutcome(run_id, {p.key, outcome, error.message(), 0});
          if (!s.ok()) failure = s;
        }
        ++counts[outcome];
        ++in_batch;
        auto now = std::chrono::steady_clock::now();
        // A killed run redoes at most kCommitInterval of work.
        if (in_batch >= flags.batch_size || now - last_commit > kCommitInterval) commit();
        progress.Update(records, p.bytes_done, source.bytes_total());
      });
  commit();  // the pipeline has finished: the reader thread no longer touches `source`
  progress.Finish(records, source.bytes_done(), source.bytes_total());

  const bool interrupted = g_stop.load();
  // Each transaction left a full-text segment; a search would read them all.
  const int64_t added = counts.count("article") ? counts.at("article") : 0;
  if (failure.ok() && !interrupted && added > 0) {
    const bool talk = flags.progress != "none";
    if (talk) std::fprintf(stderr, "ingest: compacting the search index...");
    const auto compact_start = std::chrono::steady_clock::now();
    Status s = db.CompactSearchIndex(added);
    if (talk) {
      std::fprintf(
          stderr, " %.1f s\n",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - compact_start).count());
    }
    // On failure the articles are stored all the same; searches are only slower.
    if (!s.ok()) std::fprintf(stderr, "newstrace ingest: warning: %s\n", s.ToString().c_str());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!failure.ok()) {
    std::fprintf(stderr, "newstrace ingest: store error: %s\n", failure.ToString().c_str());
    return kExitSomeFailed;
  }
  // Ctrl-C from here on is too late to stop anything: it is ignored until
  // the run row says how the run ended.
  Status finished = db.FinishRun(run_id, counts, !interrupted);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!finished.ok()) {
    std::fprintf(stderr, "newstrace ingest: %s\n", finished.ToString().c_str());
    return kExitSomeFailed;
  }
  PrintSummary(counts, records, seconds, flags.db, run_id, interrupted);
  if (interrupted) return 130;
  int status = kExitOk;
  for (const auto& [outcome, count] : counts) {
    if (outcome != "article" && outcome != "duplicate" && outcome != "skipped" &&
        outcome != "already_stored") {
      status = kExitSomeFailed;
    }
  }
  if (flags.trace) {
    const int traced = TraceStore(db, flags.db, flags.jobs, flags.progress);
    if (traced != kExitOk) return traced;
  }
  return status;
}

}  // namespace

CommandRunner AddIngestCommand(CLI::App& app, const std::string& command_line) {
  auto flags = std::make_shared<IngestFlags>();
  flags->command_line = command_line;
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Ingest crawls into a store: WARC files (plain or gzip), folders of pages,\n"
      "markdown/text dumps and JSON lines (news-please, passim, newstrace export).\n"
      "Quotations are found and stored with each article (`newstrace quotes --db`).\n"
      "Re-running adds nothing new; an interrupted run resumes where it stopped.");
  cmd->add_option("--db", flags->db, "the SQLite store (created when missing)")->required();
  cmd->add_option("-j,--jobs", flags->jobs, "extraction threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--progress", flags->progress,
                  "auto: a bar on a terminal, plain lines otherwise; bar; plain; none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}))
      ->capture_default_str();
  cmd->add_flag("--keep-raw", flags->keep_raw, "also store each page's HTML (zstd-compressed)");
  cmd->add_flag("--trace", flags->trace,
                "then trace the store (as `newstrace trace`): shared text, origin, credit");
  cmd->add_option("--batch-size", flags->batch_size,
                  "records per transaction (at most 5 s of work each)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20))
      ->capture_default_str();
  cmd->add_option("--max-bytes", flags->max_bytes,
                  "largest page or record accepted (default 50 MB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  cmd->add_option("INPUT", flags->paths,
                  "WARC (.warc, .warc.gz), JSON lines (.jsonl, .ndjson, optionally .gz),\n"
                  "pages (.html, .htm, .md, .txt, optionally .gz), directories of them,\n"
                  "or - for stdin (any of these)")
      ->required();
  cmd->footer(
      "Every record becomes an article or an outcome row with its reason (export\n"
      "--what errors). Exit status: 0 when every record was stored or skipped, 1 when\n"
      "some failed, 2 for usage errors, 130 when interrupted (Ctrl-C).");
  return [flags] { return RunIngest(*flags); };
}

}  // namespace newstrace::cli
