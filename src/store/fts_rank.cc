#include "store/fts_rank.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace newstrace::store {
namespace {

// bm25()'s constants (SQLite's fts5_aux.c).
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

int CountRow(const Fts5ExtensionApi* /*api*/, Fts5Context* /*fts*/, void* user_data) {
  ++*static_cast<int64_t*>(user_data);
  return SQLITE_OK;
}

void TopKFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
  auto* topk = argc == 1
                   ? static_cast<FtsTopK*>(sqlite3_value_pointer(argv[0], kFtsTopKPointerType))
                   : nullptr;
  if (topk == nullptr) {
    sqlite3_result_error(ctx, "newstrace_bm25_topk() needs a bound FtsTopK pointer", -1);
    return;
  }
  topk->Record(api, fts, ctx);
}

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

// The same statistics as bm25(): row count, mean row length over all
// columns, and per phrase the IDF from the number of rows it occurs in.
int FtsTopK::SetUp(const Fts5ExtensionApi* api, Fts5Context* fts) {
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return rc;
  avgdl_ = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  const auto phrases = static_cast<size_t>(api->xPhraseCount(fts));
  if (cached_.rows == rows && cached_.tokens == tokens && cached_.idf.size() == phrases) {
    stats_ = std::move(cached_);
    ready_ = true;
    return SQLITE_OK;
  }
  stats_ = {rows, tokens, std::vector<double>(phrases, 0.0)};
  for (size_t i = 0; i < phrases; ++i) {
    int64_t hits = 0;
    rc = api->xQueryPhrase(fts, static_cast<int>(i), &hits, CountRow);
    if (rc != SQLITE_OK) return rc;
    double idf =
        std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    stats_.idf[i] = idf;
  }
  ready_ = true;
  return SQLITE_OK;
}

void FtsTopK::Record(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx) {
  int rc = ready_ ? SQLITE_OK : SetUp(api, fts);
  const size_t phrases = stats_.idf.size();
  freqs_.assign(phrases, 0.0);
  // Weighted frequency of each phrase, read straight from its position list
  // (cheaper than xInst, which merges and sorts all phrases' instances).
  // The last position seen in a column bounds its length from below: a
  // phrase at token 150 of the text means at least 151 tokens there.
  int64_t min_length = 0;
  std::fill(last_position_.begin(), last_position_.end(), -1);
  for (size_t i = 0; rc == SQLITE_OK && i < phrases; ++i) {
    Fts5PhraseIter iter;
    int column = 0;
    int offset = 0;
    double freq = 0;
    rc = api->xPhraseFirst(fts, static_cast<int>(i), &iter, &column, &offset);
    while (rc == SQLITE_OK && column >= 0) {
      const auto c = static_cast<size_t>(column);
      freq += c < weights_.size() ? weights_[c] : 1.0;
      if (c >= last_position_.size()) last_position_.resize(c + 1, -1);
      last_position_[c] = std::max(last_position_[c], offset);
      api->xPhraseNext(fts, &iter, &column, &offset);
    }
    freqs_[i] = freq;
  }
  for (int last : last_position_) min_length += last + 1;
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  ++offered_;
  const int64_t rowid = api->xRowid(fts);
  const double* freq = freqs_.data();
  // Rows come in rowid order, so the length reads below walk %_docsize in
  // order too (random reads, in falling bound order, cost 10x more each).
  if (CouldKeep(Score(freq, static_cast<double>(min_length)), rowid)) {
    int length = 0;
    rc = api->xColumnSize(fts, -1, &length);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    ++lengths_read_;
    const double score = Score(freq, static_cast<double>(length));
    if (CouldKeep(score, rowid)) Offer(score, rowid);
  }
  sqlite3_result_int(ctx, 1);
}

// The formula of SQLite's fts5_aux.c, operation for operation, so that the
// scores are bm25()'s to the last bit. The score falls as the length grows:
// the same operations on a smaller length give an upper bound.
double FtsTopK::Score(const double* freq, double length) const {
  const std::vector<double>& idf = stats_.idf;
  double score = 0;
  for (size_t i = 0; i < idf.size(); ++i) {
    score += idf[i] * ((freq[i] * (kK1 + 1.0)) / (freq[i] + kK1 * (1 - kB + kB * length / avgdl_)));
  }
  return score;
}

void FtsTopK::Offer(double score, int64_t rowid) {
  const auto worse_on_top = [](const Entry& a, const Entry& b) { return Better(a, b); };
  if (Full()) {
    std::pop_heap(heap_.begin(), heap_.end(), worse_on_top);
    heap_.back() = {score, rowid};
  } else {
    heap_.push_back({score, rowid});
  }
  std::push_heap(heap_.begin(), heap_.end(), worse_on_top);
}

std::vector<RankedRow> FtsTopK::Sorted() const {
  std::vector<Entry> entries = heap_;
  std::sort(entries.begin(), entries.end(), Better);
  std::vector<RankedRow> rows;
  rows.reserve(entries.size());
  for (const Entry& e : entries) rows.push_back({e.rowid, -e.score});
  return rows;
}

Status RegisterFtsTopK(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr || api->iVersion < 2) {
    return Status(ErrorCode::kInternal, "this SQLite has no FTS5");
  }
  if (api->xCreateFunction(api, "newstrace_bm25_topk", nullptr, TopKFunction, nullptr) !=
      SQLITE_OK) {
    return Status(ErrorCode::kInternal, "cannot register newstrace_bm25_topk()");
  }
  return Status::Ok();
}

}  // namespace newstrace::store
