// The Store: persistence of articles, per-record errors and runs behind one
// interface. SQLite (sqlite_store.h) is the embedded default; a PostgreSQL
// backend can implement the same interface without touching callers.
//
// Thread safety: a Store is used from one thread at a time (the ingest
// pipeline's writer thread).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::store {

// What became of one input record.
struct RecordOutcome {
  std::string record_key;  // stable id of the input record: "<path>#<offset>" or "<path>"
  std::string outcome;     // "article", "duplicate", "skipped", or an error code ("bad_gzip", ...)
  std::string message;     // the error message, empty for articles
  int64_t article_id = 0;  // the stored article (also for "duplicate": the existing one)
};

struct RunSummary {
  int64_t run_id = 0;
  std::string started_at;  // ISO 8601
  std::string finished_at;
  std::string command;                    // the command line
  std::map<std::string, int64_t> counts;  // outcome -> records
  bool completed = false;                 // false for runs that were interrupted
};

struct ArticleFilter {
  std::string site;
  std::string author;
  std::string category;  // matches a category label
  std::string since;     // ISO 8601 date/time, inclusive, on published
  std::string until;     // inclusive
  int64_t limit = 0;     // 0 = no limit
};

struct SearchHit {
  int64_t article_id = 0;
  std::string url;
  std::string title;
  std::string site;
  std::string published;
  std::string snippet;  // with the matches marked as [..]
  double rank = 0;      // lower is better (FTS5 bm25)
};

struct StoredArticle {
  int64_t id = 0;
  std::string content_hash;  // hex xxh3-128 of url + "\n" + text
  Article article;
};

// An article with the serialised forms a store keeps: computed by
// PrepareArticle, which is thread-safe, so that ingest workers do this work
// and the single writer thread only writes.
struct PreparedArticle {
  Article article;
  std::string json;          // ToJsonLine(article)
  std::string content_hash;  // ContentHash(article)
  std::string raw_zstd;      // the page's HTML, zstd-compressed; empty when not kept
  bool valid_utf8 = true;    // false: PutArticle refuses it (bad_record)
};
PreparedArticle PrepareArticle(Article article, std::string_view raw_html);

class Store {
 public:
  virtual ~Store() = default;

  // --- Runs ---
  virtual Result<int64_t> BeginRun(const std::string& command) = 0;
  // `completed` is false for a run stopped early (Ctrl-C); its counts are stored either way.
  virtual Status FinishRun(int64_t run_id, const std::map<std::string, int64_t>& counts,
                           bool completed) = 0;
  virtual Result<std::vector<RunSummary>> Runs() = 0;

  // --- Writing (ingest) ---
  // Records already processed by an earlier run (for resuming): true when
  // `record_key` has an outcome stored.
  virtual Result<bool> HasRecord(const std::string& record_key) = 0;
  // Stores the article unless an article with the same content hash exists;
  // returns its id and whether it was new. Records the outcome for record_key
  // ("article" or "duplicate") in the same transaction.
  struct PutResult {
    int64_t article_id = 0;
    bool inserted = false;
  };
  virtual Result<PutResult> PutArticle(int64_t run_id, const std::string& record_key,
                                       const PreparedArticle& article) = 0;
  // The same, preparing the article on the calling thread.
  Result<PutResult> PutArticle(int64_t run_id, const std::string& record_key,
                               const Article& article, const std::string& raw_html) {
    return PutArticle(run_id, record_key, PrepareArticle(article, raw_html));
  }
  // Records an error (or "skipped") outcome for record_key.
  virtual Status PutOutcome(int64_t run_id, const RecordOutcome& outcome) = 0;
  // Batches: everything between Begin and Commit is one transaction.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;

  // --- Reading ---
  virtual Result<std::vector<SearchHit>> Search(const std::string& fts_query,
                                                const ArticleFilter& filter) = 0;
  // Streams articles in id order; `fn` returns false to stop.
  virtual Status ForEachArticle(const ArticleFilter& filter,
                                const std::function<bool(const StoredArticle&)>& fn) = 0;
  // Streams error outcomes in record order.
  virtual Status ForEachError(const std::function<bool(const RecordOutcome&)>& fn) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(int64_t id) = 0;
  // Counts for `stats`: key -> (value -> count) for "site", "language", "month", "error".
  virtual Result<std::map<std::string, std::map<std::string, int64_t>>> Stats() = 0;
};

// The article identity used for de-duplication: lower-case hex (32 digits) of
// the XXH3 128-bit hash of url + "\n" + text, canonical (big-endian) order.
std::string ContentHash(const Article& article);

// Opens (creating and migrating as needed) a SQLite store at `path`. Fails
// with invalid_argument when the file is not a newstrace database or was
// written by a newer newstrace (schema version above this build's).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace newstrace::store
