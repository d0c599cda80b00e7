// Best-k FTS5 matches by BM25 without scoring every match in full.
//
// FTS5's `ORDER BY rank` (or bm25()) reads each matching row's length from
// the %_docsize table, one B-tree lookup per row, and sorts every match: for
// two words that each occur in a third of a 1M-article store that is ~100k
// lookups and ~120-200 ms per query. The auxiliary function registered here,
// newstrace_bm25_topk(<fts table>, <FtsTopK*>), gives the same scores as
// bm25() with the same column weights but keeps only the best k rows seen so
// far, and reads a row's length only when the row could still enter them.
// BM25 falls as a row gets longer, so the score at the least length the
// row's matched positions allow (a phrase at token 150 of a column means at
// least 151 tokens there) bounds it from above; that bound needs only the
// position lists, which the match has already decoded.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <vector>

#include "core/status.h"

namespace newstrace::store {

struct RankedRow {
  int64_t rowid = 0;
  double rank = 0;  // -BM25, as bm25() returns it: lower is better
};

// The best k of the rows the function is offered in one statement. Bound to
// the statement with sqlite3_bind_pointer(stmt, i, &topk, kFtsTopKPointerType,
// nullptr); one FtsTopK per statement execution.
class FtsTopK {
 public:
  // k = 0 keeps every row. `column_weights` as in bm25(): weight of column i
  // (missing columns weigh 1.0).
  FtsTopK(size_t k, std::vector<double> column_weights)
      : k_(k), weights_(std::move(column_weights)) {}

  // The best rows, best first; equal scores: the newer (higher) rowid first.
  std::vector<RankedRow> Sorted() const;
  // How many rows were offered (every match) and how many needed their length.
  int64_t offered() const { return offered_; }
  int64_t lengths_read() const { return lengths_read_; }

  // Corpus statistics of one query: row count, token count and the IDF of
  // each phrase. The IDF costs a pass over each phrase's whole doclist (~10
  // ms for a word in a third of 1M rows), so callers may keep the statistics
  // of recent queries and hand them back: they are used only while the row
  // and token counts are still the same (any write changes them).
  struct Statistics {
    int64_t rows = -1;
    int64_t tokens = -1;
    std::vector<double> idf;
  };
  void UseStatistics(Statistics statistics) { cached_ = std::move(statistics); }
  // After the statement ran: the statistics it used (rows -1 when no row
  // matched, so none were computed).
  const Statistics& statistics() const { return stats_; }

  // The auxiliary function's body for the current row of `fts`.
  void Record(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx);

 private:
  struct Entry {
    double score;  // BM25, higher is better
    int64_t rowid;
  };
  // Orders a min-heap: the worst kept entry on top.
  static bool Better(const Entry& a, const Entry& b) {
    return a.score > b.score || (a.score == b.score && a.rowid > b.rowid);
  }
  bool Full() const { return k_ > 0 && heap_.size() >= k_; }
  // Whether a row with this score (or any score up to it) could be kept.
  bool CouldKeep(double score, int64_t rowid) const {
    return !Full() || Better({score, rowid}, heap_.front());
  }
  void Offer(double score, int64_t rowid);
  int SetUp(const Fts5ExtensionApi* api, Fts5Context* fts);
  // bm25()'s score of a row of `length` tokens with these phrase frequencies.
  double Score(const double* freq, double length) const;

  size_t k_;
  std::vector<double> weights_;
  // Per statement: set up on the first row.
  bool ready_ = false;
  Statistics cached_;
  Statistics stats_;
  double avgdl_ = 0;
  std::vector<double> freqs_;       // per phrase, for the current row
  std::vector<int> last_position_;  // per column, for the current row (-1: none)
  std::vector<Entry> heap_;
  int64_t offered_ = 0;
  int64_t lengths_read_ = 0;
};

inline constexpr const char* kFtsTopKPointerType = "newstrace_fts_topk";

// Registers newstrace_bm25_topk() with the connection's FTS5. The function
// returns 1 (and fails when no FtsTopK is bound).
Status RegisterFtsTopK(sqlite3* db);

}  // namespace newstrace::store
