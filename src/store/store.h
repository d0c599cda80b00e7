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
  int64_t after_id = 0;  // only articles with id > after_id (ForEachArticle)
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

// The parts of a stored article that text reuse reads: no JSON is parsed.
struct ArticleText {
  int64_t id = 0;
  std::string_view site;  // valid only during the callback
  std::string_view text;  // valid only during the callback
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
  std::string json;          // ToJsonLine(article) without the text (stored apart)
  std::string content_hash;  // ContentHash(article)
  std::string raw_zstd;      // the page's HTML, zstd-compressed; empty when not kept
  bool valid_utf8 = true;    // false: PutArticle refuses it (bad_record)
  // The article's quotations (quotes::FindQuotes), set by the caller (the
  // store does not find quotes). When quotes_scanned is true, PutArticle
  // stores them with a new article in the same transaction and marks the
  // article as scanned; when false the article is left for `quotes --update`.
  std::vector<Quote> quotes;
  bool quotes_scanned = false;
};
PreparedArticle PrepareArticle(Article article, std::string_view raw_html);

// What names and places an article, without its text (for exports that
// list many articles).
struct ArticleRef {
  int64_t id = 0;
  std::string url;  // the url, else the canonical url, else the source
  std::string site;
  std::string published;
};

// A quotation as stored (schema 4): one row per Quote of an article.
struct StoredQuote {
  int64_t id = 0;          // the row id (stable until the article's quotes are replaced)
  int64_t article_id = 0;  // the quoting article
  int64_t ordinal = 0;     // 0-based position in the article's FindQuotes order
  Quote quote;             // offsets into the article's stored text
};

struct QuoteFilter {
  int64_t article_id = 0;  // 0 = every article
  // "" = every speaker. Otherwise case-insensitive (ASCII): the speaker equals
  // the name, or one is the other's last word(s) ("Smith" matches "Jane
  // Smith" and "Jane Smith" matches "Smith").
  std::string speaker;
  bool with_source = false;  // only quotes naming a source or linking one
  int64_t after_id = 0;      // only quote rows with id > after_id
  int64_t limit = 0;         // 0 = no limit
};

// A related pair of articles found by `trace` (reuse/ + provenance/).
// a_id < b_id. Offsets in `passages` are into each article's stored text.
struct StoredRelation {
  int64_t a_id = 0;
  int64_t b_id = 0;
  std::string kind;     // "duplicate", "republication", "excerpt"
  double a_shared = 0;  // fraction of a's text in the passages
  double b_shared = 0;
  int64_t origin_id = 0;  // a_id, b_id, or 0 = unknown
  std::string
      credit;  // the non-origin copy's verdict: "linked", "named", "none"; "" when origin unknown
  std::string evidence_json;  // a JSON object: origin evidence, credit evidence, terms
  std::vector<PassagePair> passages;
};

// A story cluster: a connected group of articles sharing text.
struct StoredCluster {
  int64_t cluster_id = 0;            // the smallest article id in the cluster
  std::vector<int64_t> article_ids;  // ascending
  int64_t origin_id = 0;             // 0 = unknown
  std::string evidence_json;         // a JSON array/object explaining the origin
};

// A passage a site repeats on many of its own pages: template, not reuse.
struct TemplatePassage {
  std::string site;
  std::string text;       // one occurrence of the passage (a sample)
  int64_t documents = 0;  // how many of the site's articles carry it
};

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
  // Batches: everything between Begin and Commit is one transaction. A write
  // refused for its input (kBadRecord, kInvalidArgument, kNotFound) leaves
  // the batch as it was; one that fails after changing rows (an I/O error, a
  // broken constraint) rolls the whole batch back and says so, and the next
  // write starts afresh outside any batch.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  // After a bulk write of `articles_added` articles: compacts the full-text
  // indexes so that a search reads one list per word instead of one per
  // written batch. Merges everything when the write added at least a
  // quarter of the store (a cost that grows with the store: ~16 s at 1M
  // articles), else does a bounded step of merging.
  virtual Status CompactSearchIndex(int64_t articles_added) = 0;

  // --- Reading ---
  virtual Result<std::vector<SearchHit>> Search(const std::string& fts_query,
                                                const ArticleFilter& filter) = 0;
  // Streams articles in id order; `fn` returns false to stop.
  virtual Status ForEachArticle(const ArticleFilter& filter,
                                const std::function<bool(const StoredArticle&)>& fn) = 0;
  // Streams the id, site and text of the articles with after_id < id <=
  // up_to (up_to 0 = no bound) in id order, at most `limit` (0 = all);
  // `fn` returns false to stop. Much cheaper than ForEachArticle.
  virtual Status ForEachArticleText(int64_t after_id, int64_t up_to, int64_t limit,
                                    const std::function<bool(const ArticleText&)>& fn) = 0;
  // Streams error outcomes in record order.
  virtual Status ForEachError(const std::function<bool(const RecordOutcome&)>& fn) = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(int64_t id) = 0;
  // --- Reuse (trace) ---
  // Inserts or replaces relations (key: a_id, b_id) in one transaction.
  virtual Status PutRelations(const std::vector<StoredRelation>& relations) = 0;
  // Streams all relations ordered by (a_id, b_id); `fn` returns false to stop.
  virtual Status ForEachRelation(const std::function<bool(const StoredRelation&)>& fn) = 0;
  // Relations where `article_id` is a or b.
  virtual Result<std::vector<StoredRelation>> RelationsOf(int64_t article_id) = 0;
  // Replaces all clusters (they are recomputed from the relations).
  virtual Status ReplaceClusters(const std::vector<StoredCluster>& clusters) = 0;
  virtual Status ForEachCluster(const std::function<bool(const StoredCluster&)>& fn) = 0;
  // Replaces the template passages of the given sites.
  virtual Status ReplaceTemplates(const std::vector<TemplatePassage>& templates) = 0;
  virtual Result<std::vector<TemplatePassage>> Templates(const std::string& site) = 0;  // "" = all
  // The highest article id already traced (0 = none); trace resumes above it.
  virtual Result<int64_t> TraceWatermark() = 0;
  virtual Status SetTraceWatermark(int64_t article_id) = 0;
  // The article with this URL or canonical URL (or numeric id), if stored.
  virtual Result<std::optional<StoredArticle>> FindArticle(const std::string& url_or_id) = 0;
  // The highest article id (0 = empty store).
  virtual Result<int64_t> MaxArticleId() = 0;
  // The article's reference fields, nullopt when there is no such article.
  // The default reads the whole article; backends override it with a cheaper
  // lookup.
  virtual Result<std::optional<ArticleRef>> GetArticleRef(int64_t id);

  // --- Quotes (schema 4) ---
  // Replaces the quotes of `article_id` with `quotes` (ordinal = index) and
  // marks the article as scanned, in one transaction. not_found when there
  // is no such article; invalid_argument (nothing written) for a quote whose
  // span or speaker span ends before it begins.
  virtual Status PutQuotes(int64_t article_id, const std::vector<Quote>& quotes) = 0;
  // Streams quotes matching `filter` ordered by (article_id, ordinal); `fn`
  // returns false to stop. The callback must not write to the same Store.
  virtual Status ForEachQuote(const QuoteFilter& filter,
                              const std::function<bool(const StoredQuote&)>& fn) = 0;
  // Articles that may carry a passage made of `words` (full-text lookup, any
  // word matching, case- and diacritic-insensitive): first those whose stored
  // quotes match, best first, then those whose title or text match, best
  // first; no id twice; at most `limit` ids. No words gives no ids.
  virtual Result<std::vector<int64_t>> FindQuoteCandidates(const std::vector<std::string>& words,
                                                           int64_t limit) = 0;
  // Ids above `after_id` of articles not yet scanned for quotes (stored
  // before schema 4 or without quotes_scanned), ascending, at most `limit`
  // (0 = all).
  virtual Result<std::vector<int64_t>> ArticlesWithoutQuoteScan(int64_t after_id,
                                                                int64_t limit) = 0;
  // How many articles are not yet scanned for quotes.
  virtual Result<int64_t> CountArticlesWithoutQuoteScan() = 0;

  // Counts for `stats`: key -> (value -> count) for "site", "language", "month",
  // "error", "relation" (kind -> relations) and "cluster" ("clusters" -> how
  // many, "articles" -> how many articles are in one).
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
