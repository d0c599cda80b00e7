#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <xxhash.h>
#include <zstd.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "core/article_json.h"
#include "store/store.h"

namespace newstrace::store {
namespace {

constexpr int32_t kApplicationId = 0x6e737472;  // "nstr"
constexpr int kBusyTimeoutMs = 5000;
constexpr int kZstdLevel = 3;

// kMigrations[i] takes a database from user_version i to i + 1. A released
// step is never edited; a schema change appends a step.
constexpr std::array<std::string_view, kSqliteSchemaVersion> kMigrations = {
    // 1: tables and indexes.
    R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  command TEXT NOT NULL,
  counts TEXT NOT NULL DEFAULT '{}',
  completed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  site TEXT NOT NULL,
  title TEXT NOT NULL,
  published TEXT NOT NULL,
  modified TEXT NOT NULL,
  publisher TEXT NOT NULL,
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  json TEXT NOT NULL,
  raw_html BLOB,
  run_id INTEGER REFERENCES runs(id),
  ingested_at TEXT NOT NULL
);
CREATE TABLE article_authors (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  name TEXT NOT NULL
);
CREATE TABLE article_categories (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  scheme TEXT NOT NULL,
  label TEXT NOT NULL
);
CREATE TABLE records (
  record_key TEXT PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  outcome TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_site ON articles(site);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX article_authors_name ON article_authors(name COLLATE NOCASE);
CREATE INDEX article_authors_article ON article_authors(article_id);
CREATE INDEX article_categories_label ON article_categories(label COLLATE NOCASE);
CREATE INDEX article_categories_article ON article_categories(article_id);
CREATE INDEX records_outcome ON records(outcome);
)sql",
    // 2: the full-text index, an external-content FTS5 table kept in sync by
    // triggers and built from the rows already there.
    R"sql(
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content = 'articles', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
)sql",
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

Status SqlError(sqlite3* db, std::string_view what) {
  return Status(ErrorCode::kIoError, "sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db) +
                                         " (" + std::to_string(sqlite3_extended_errcode(db)) + ")");
}

Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db, sql);
  return Status::Ok();
}

// A prepared statement. Values are bound (copied) by position, never spliced
// into SQL. Reset() releases locks and bindings so a cached statement can be
// reused.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    std::swap(db_, other.db_);
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  static Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return SqlError(db, "prepare");
    }
    return Statement(db, stmt);
  }

  void Bind(int i, std::string_view value) {
    sqlite3_bind_text64(stmt_, i, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void Bind(int i, int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
  // 0 (no run, no article) is stored as NULL so that foreign keys hold.
  void BindId(int i, int64_t id) {
    if (id > 0) {
      sqlite3_bind_int64(stmt_, i, id);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  void BindBlobOrNull(int i, std::string_view value) {
    if (value.empty()) {
      sqlite3_bind_null(stmt_, i);
    } else {
      sqlite3_bind_blob64(stmt_, i, value.data(), value.size(), SQLITE_TRANSIENT);
    }
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  // Steps a statement that returns no rows.
  Status Run(std::string_view what) {
    int rc = Step();
    Status status = rc == SQLITE_DONE ? Status::Ok() : SqlError(db_, what);
    Reset();
    return status;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (data == nullptr) return {};
    return std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a cached statement when the call that uses it returns.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& stmt) : stmt_(stmt) {}
  ~ResetOnExit() { stmt_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& stmt_;
};

Result<int64_t> QueryInt(sqlite3* db, std::string_view sql) {
  auto stmt = Statement::Prepare(db, sql);
  if (!stmt.ok()) return stmt.status();
  if (stmt->Step() != SQLITE_ROW) return SqlError(db, sql);
  return stmt->Int(0);
}

// Brings the schema to kSqliteSchemaVersion, one step per transaction. The
// version is read again inside each transaction: another process may have
// migrated in the meantime.
Status Migrate(sqlite3* db, const std::string& path) {
  for (;;) {
    if (Status s = Exec(db, "BEGIN IMMEDIATE"); !s.ok()) return s;
    auto version = QueryInt(db, "PRAGMA user_version");
    auto app_id = QueryInt(db, "PRAGMA application_id");
    auto tables = QueryInt(db, "SELECT count(*) FROM sqlite_schema");
    Status status;
    if (!version.ok() || !app_id.ok() || !tables.ok()) {
      status = !version.ok() ? version.status() : !app_id.ok() ? app_id.status() : tables.status();
    } else if (*app_id != 0 && *app_id != kApplicationId) {
      status = Status(ErrorCode::kInvalidArgument,
                      path + " is not a newstrace database (another application's SQLite file)");
    } else if (*version == 0 && *tables > 0 && *app_id != kApplicationId) {
      status =
          Status(ErrorCode::kInvalidArgument,
                 path + " is not a newstrace database (it has tables but no newstrace schema)");
    } else if (*version > kSqliteSchemaVersion) {
      status = Status(ErrorCode::kInvalidArgument,
                      path + " has schema version " + std::to_string(*version) +
                          ", newer than this newstrace supports (" +
                          std::to_string(kSqliteSchemaVersion) + "); use a newer newstrace");
    } else if (*version == kSqliteSchemaVersion) {
      return Exec(db, "COMMIT");
    } else {
      std::string step(kMigrations[static_cast<size_t>(*version)]);
      // Integer literals from this code, not values from outside.
      step += "\nPRAGMA user_version = " + std::to_string(*version + 1) + ";";
      step += "\nPRAGMA application_id = " + std::to_string(kApplicationId) + ";";
      status = Exec(db, step.c_str());
      if (status.ok()) status = Exec(db, "COMMIT");
      if (status.ok()) continue;
    }
    (void)Exec(db, "ROLLBACK");
    return status;
  }
}

// The first statement that reads the file: it also tells a SQLite database
// from any other file.
Status UseWal(sqlite3* db, const std::string& path) {
  auto mode = Statement::Prepare(db, "PRAGMA journal_mode = WAL");
  if (!mode.ok() || mode->Step() != SQLITE_ROW) {
    if (sqlite3_errcode(db) == SQLITE_NOTADB) {
      return Status(ErrorCode::kInvalidArgument,
                    path + " is not a newstrace database: " + sqlite3_errmsg(db));
    }
    return mode.ok() ? SqlError(db, "set WAL mode on " + path) : mode.status();
  }
  if (mode->Text(0) != "wal") {
    return Status(ErrorCode::kIoError,
                  "cannot use WAL mode for " + path + " (got " + mode->Text(0) + ")");
  }
  return Status::Ok();
}

Result<std::string> Compress(std::string_view in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), kZstdLevel);
  if (ZSTD_isError(n)) {
    return Status(ErrorCode::kInternal, std::string("zstd: ") + ZSTD_getErrorName(n));
  }
  out.resize(n);
  return out;
}

// WHERE fragments for an ArticleFilter over `articles AS a`. Only fixed SQL
// text is appended; the values go to `params`, bound in order.
struct FilterSql {
  std::string where;
  std::vector<std::string> params;

  void Add(std::string_view condition, std::string value) {
    where += " AND ";
    where += condition;
    params.push_back(std::move(value));
  }
};

FilterSql BuildFilter(const ArticleFilter& filter) {
  FilterSql sql;
  if (!filter.site.empty()) sql.Add("a.site = ?", filter.site);
  if (!filter.author.empty()) {
    sql.Add("a.id IN (SELECT article_id FROM article_authors WHERE name = ? COLLATE NOCASE)",
            filter.author);
  }
  if (!filter.category.empty()) {
    sql.Add("a.id IN (SELECT article_id FROM article_categories WHERE label = ? COLLATE NOCASE)",
            filter.category);
  }
  if (!filter.since.empty()) sql.Add("a.published >= ?", filter.since);
  if (!filter.until.empty()) {
    // Inclusive on prefixes: every ISO 8601 string starting with `until`
    // sorts below until + "\x7f" (ISO 8601 is ASCII below 0x7f).
    sql.Add("a.published <> '' AND a.published < ?", filter.until + "\x7f");
  }
  return sql;
}

Result<Article> ArticleFromColumn(int64_t id, const std::string& json_text) {
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Status(ErrorCode::kBadRecord,
                  "article " + std::to_string(id) + ": stored JSON is corrupt");
  }
  return ArticleFromJson(json);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(DbPtr db) : db_(std::move(db)) {}
  ~SqliteStore() override {
    // An uncommitted batch is discarded, as it would be after a crash.
    if (in_batch_) (void)Exec(db_.get(), "ROLLBACK");
  }

  Status PrepareStatements() {
    struct Entry {
      Statement* stmt;
      std::string_view sql;
    };
    const Entry entries[] = {
        {&begin_run_,
         "INSERT INTO runs (started_at, command) "
         "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)"},
        {&finish_run_,
         "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), counts = ?, "
         "completed = ? WHERE id = ?"},
        {&has_record_, "SELECT 1 FROM records WHERE record_key = ?"},
        {&record_article_, "SELECT article_id FROM records WHERE record_key = ?"},
        {&find_hash_, "SELECT id FROM articles WHERE content_hash = ?"},
        {&insert_article_,
         "INSERT INTO articles (content_hash, url, canonical_url, site, title, published, "
         "modified, publisher, language, text, json, raw_html, run_id, ingested_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"},
        {&insert_author_, "INSERT INTO article_authors (article_id, name) VALUES (?, ?)"},
        {&insert_category_,
         "INSERT INTO article_categories (article_id, scheme, label) VALUES (?, ?, ?)"},
        {&put_record_,
         "INSERT INTO records (record_key, run_id, outcome, message, article_id) "
         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_key) DO UPDATE SET "
         "run_id = excluded.run_id, outcome = excluded.outcome, message = excluded.message, "
         "article_id = excluded.article_id"},
        {&get_article_, "SELECT id, content_hash, json FROM articles WHERE id = ?"},
    };
    for (const Entry& e : entries) {
      auto stmt = Statement::Prepare(db_.get(), e.sql);
      if (!stmt.ok()) return stmt.status();
      *e.stmt = std::move(stmt).value();
    }
    return Status::Ok();
  }

  // --- Runs ---

  Result<int64_t> BeginRun(const std::string& command) override {
    int64_t id = 0;
    Status s = Write([&] {
      ResetOnExit reset(begin_run_);
      begin_run_.Bind(1, command);
      Status st = begin_run_.Run("begin run");
      id = sqlite3_last_insert_rowid(db_.get());
      return st;
    });
    if (!s.ok()) return s;
    return id;
  }

  Status FinishRun(int64_t run_id, const std::map<std::string, int64_t>& counts,
                   bool completed) override {
    std::string counts_json;
    try {
      counts_json = nlohmann::json(counts).dump();
    } catch (const nlohmann::json::exception& e) {
      return Status(ErrorCode::kInvalidArgument, std::string("run counts: ") + e.what());
    }
    return Write([&] {
      ResetOnExit reset(finish_run_);
      finish_run_.Bind(1, counts_json);
      finish_run_.Bind(2, int64_t{completed});
      finish_run_.Bind(3, run_id);
      if (Status st = finish_run_.Run("finish run"); !st.ok()) return st;
      if (sqlite3_changes64(db_.get()) == 0) {
        return Status(ErrorCode::kNotFound, "no run " + std::to_string(run_id));
      }
      return Status::Ok();
    });
  }

  Result<std::vector<RunSummary>> Runs() override {
    auto stmt = Statement::Prepare(
        db_.get(),
        "SELECT id, started_at, finished_at, command, counts, completed FROM runs ORDER BY id");
    if (!stmt.ok()) return stmt.status();
    std::vector<RunSummary> runs;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      RunSummary run;
      run.run_id = stmt->Int(0);
      run.started_at = stmt->Text(1);
      run.finished_at = stmt->Text(2);
      run.command = stmt->Text(3);
      run.completed = stmt->Int(5) != 0;
      nlohmann::json counts = nlohmann::json::parse(stmt->Text(4), nullptr, false);
      if (!counts.is_object()) {
        return Status(ErrorCode::kBadRecord,
                      "run " + std::to_string(run.run_id) + ": stored counts are corrupt");
      }
      for (const auto& [outcome, n] : counts.items()) {
        if (n.is_number_integer()) run.counts[outcome] = n.get<int64_t>();
      }
      runs.push_back(std::move(run));
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "runs");
    return runs;
  }

  // --- Writing ---

  Result<bool> HasRecord(const std::string& record_key) override {
    ResetOnExit reset(has_record_);
    has_record_.Bind(1, record_key);
    int rc = has_record_.Step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqlError(db_.get(), "has record");
  }

  using Store::PutArticle;
  Result<PutResult> PutArticle(int64_t run_id, const std::string& record_key,
                               const PreparedArticle& prepared) override {
    const Article& article = prepared.article;
    const std::string& json = prepared.json;
    const std::string& compressed = prepared.raw_zstd;
    const std::string& hash = prepared.content_hash;
    if (!prepared.valid_utf8) {
      return Status(ErrorCode::kBadRecord,
                    record_key + ": article cannot be stored: its text is not valid UTF-8");
    }
    PutResult result;
    Status s = Write([&]() -> Status {
      auto existing = FindArticleByHash(hash);
      if (!existing.ok()) return existing.status();
      if (*existing != 0) {
        result.article_id = *existing;
        auto previous = RecordArticle(record_key);
        if (!previous.ok()) return previous.status();
        if (*previous == *existing) return Status::Ok();  // the same record again
        return WriteRecord(run_id, {record_key, "duplicate", "", *existing});
      }
      auto id = InsertArticle(run_id, hash, article, json, compressed);
      if (!id.ok()) return id.status();
      result.article_id = *id;
      result.inserted = true;
      return WriteRecord(run_id, {record_key, "article", "", *id});
    });
    if (!s.ok()) return s;
    return result;
  }

  Status PutOutcome(int64_t run_id, const RecordOutcome& outcome) override {
    if (outcome.record_key.empty() || outcome.outcome.empty()) {
      return Status(ErrorCode::kInvalidArgument, "an outcome needs a record key and an outcome");
    }
    return Write([&] { return WriteRecord(run_id, outcome); });
  }

  Status BeginBatch() override {
    if (in_batch_) return Status(ErrorCode::kInvalidArgument, "a batch is already open");
    if (Status s = Exec(db_.get(), "BEGIN IMMEDIATE"); !s.ok()) return s;
    in_batch_ = true;
    return Status::Ok();
  }

  Status CommitBatch() override {
    if (!in_batch_) return Status(ErrorCode::kInvalidArgument, "no batch is open");
    if (sqlite3_get_autocommit(db_.get())) {
      in_batch_ = false;
      return Status(ErrorCode::kIoError, "the batch was rolled back by SQLite after an error");
    }
    Status s = Exec(db_.get(), "COMMIT");
    // A failed COMMIT (SQLITE_BUSY) keeps the transaction: the caller may retry.
    if (sqlite3_get_autocommit(db_.get())) in_batch_ = false;
    return s;
  }

  // --- Reading ---

  Result<std::vector<SearchHit>> Search(const std::string& fts_query,
                                        const ArticleFilter& filter) override {
    FilterSql where = BuildFilter(filter);
    const std::string sql =
        "SELECT a.id, a.url, a.title, a.site, a.published, "
        "snippet(articles_fts, -1, '[', ']', '…', 16), articles_fts.rank "
        "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ?" +
        where.where + " ORDER BY articles_fts.rank LIMIT ?";
    auto stmt = Statement::Prepare(db_.get(), sql);
    if (!stmt.ok()) return stmt.status();
    int i = 1;
    stmt->Bind(i++, fts_query);
    for (const std::string& p : where.params) stmt->Bind(i++, p);
    stmt->Bind(i++, filter.limit > 0 ? filter.limit : int64_t{-1});
    std::vector<SearchHit> hits;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      hits.push_back({stmt->Int(0), stmt->Text(1), stmt->Text(2), stmt->Text(3), stmt->Text(4),
                      stmt->Text(5), stmt->Double(6)});
    }
    if (rc == SQLITE_DONE) return hits;
    // The SQL is fixed, so a plain SQL error at step time comes from the
    // query text (fts5 syntax, unknown column filter).
    if ((rc & 0xff) == SQLITE_ERROR) {
      return Status(ErrorCode::kInvalidArgument,
                    "search query \"" + fts_query + "\": " + sqlite3_errmsg(db_.get()));
    }
    return SqlError(db_.get(), "search");
  }

  Status ForEachArticle(const ArticleFilter& filter,
                        const std::function<bool(const StoredArticle&)>& fn) override {
    FilterSql where = BuildFilter(filter);
    const std::string sql = "SELECT a.id, a.content_hash, a.json FROM articles AS a WHERE 1" +
                            where.where + " ORDER BY a.id LIMIT ?";
    auto stmt = Statement::Prepare(db_.get(), sql);
    if (!stmt.ok()) return stmt.status();
    int i = 1;
    for (const std::string& p : where.params) stmt->Bind(i++, p);
    stmt->Bind(i++, filter.limit > 0 ? filter.limit : int64_t{-1});
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      auto stored = ReadStoredArticle(*stmt);
      if (!stored.ok()) return stored.status();
      if (!fn(*stored)) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each article");
    return Status::Ok();
  }

  Status ForEachError(const std::function<bool(const RecordOutcome&)>& fn) override {
    auto stmt = Statement::Prepare(db_.get(),
                                   "SELECT record_key, outcome, message, article_id FROM records "
                                   "WHERE outcome <> 'article' ORDER BY rowid");
    if (!stmt.ok()) return stmt.status();
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      RecordOutcome outcome{stmt->Text(0), stmt->Text(1), stmt->Text(2), stmt->Int(3)};
      if (!fn(outcome)) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each error");
    return Status::Ok();
  }

  Result<std::optional<StoredArticle>> GetArticle(int64_t id) override {
    ResetOnExit reset(get_article_);
    get_article_.Bind(1, id);
    int rc = get_article_.Step();
    if (rc == SQLITE_DONE) return std::optional<StoredArticle>();
    if (rc != SQLITE_ROW) return SqlError(db_.get(), "get article");
    auto stored = ReadStoredArticle(get_article_);
    if (!stored.ok()) return stored.status();
    return std::optional<StoredArticle>(std::move(stored).value());
  }

  Result<std::map<std::string, std::map<std::string, int64_t>>> Stats() override {
    static constexpr std::pair<const char*, const char*> kQueries[] = {
        {"site", "SELECT site, count(*) FROM articles GROUP BY 1"},
        {"language", "SELECT language, count(*) FROM articles GROUP BY 1"},
        {"month", "SELECT substr(published, 1, 7), count(*) FROM articles GROUP BY 1"},
        {"error", "SELECT outcome, count(*) FROM records WHERE outcome <> 'article' GROUP BY 1"},
    };
    std::map<std::string, std::map<std::string, int64_t>> stats;
    for (const auto& [key, sql] : kQueries) {
      auto stmt = Statement::Prepare(db_.get(), sql);
      if (!stmt.ok()) return stmt.status();
      auto& counts = stats[key];
      int rc;
      while ((rc = stmt->Step()) == SQLITE_ROW) counts[stmt->Text(0)] = stmt->Int(1);
      if (rc != SQLITE_DONE) return SqlError(db_.get(), std::string("stats ") + key);
    }
    return stats;
  }

 private:
  // Runs `body` as one atomic write: its own transaction outside a batch, a
  // savepoint inside one, so that a failed write leaves the batch as it was.
  template <typename Body>
  Status Write(Body&& body) {
    if (in_batch_ && sqlite3_get_autocommit(db_.get())) {
      in_batch_ = false;
      return Status(ErrorCode::kIoError, "the batch was rolled back by SQLite after an error");
    }
    const bool nested = in_batch_;
    if (Status s = Exec(db_.get(), nested ? "SAVEPOINT put" : "BEGIN IMMEDIATE"); !s.ok()) {
      return s;
    }
    Status status = body();
    if (status.ok()) {
      status = Exec(db_.get(), nested ? "RELEASE put" : "COMMIT");
      if (status.ok()) return status;
    }
    if (nested) {
      (void)Exec(db_.get(), "ROLLBACK TO put");
      (void)Exec(db_.get(), "RELEASE put");
    } else if (!sqlite3_get_autocommit(db_.get())) {
      (void)Exec(db_.get(), "ROLLBACK");
    }
    return status;
  }

  // The id of the article with `hash`, 0 when there is none.
  Result<int64_t> FindArticleByHash(const std::string& hash) {
    ResetOnExit reset(find_hash_);
    find_hash_.Bind(1, hash);
    int rc = find_hash_.Step();
    if (rc == SQLITE_ROW) return find_hash_.Int(0);
    if (rc == SQLITE_DONE) return int64_t{0};
    return SqlError(db_.get(), "find article");
  }

  // The article a record points at, 0 when none (or no such record).
  Result<int64_t> RecordArticle(const std::string& record_key) {
    ResetOnExit reset(record_article_);
    record_article_.Bind(1, record_key);
    int rc = record_article_.Step();
    if (rc == SQLITE_ROW) return record_article_.Int(0);
    if (rc == SQLITE_DONE) return int64_t{0};
    return SqlError(db_.get(), "find record");
  }

  Result<int64_t> InsertArticle(int64_t run_id, const std::string& hash, const Article& a,
                                const std::string& json, const std::string& compressed_html) {
    {
      ResetOnExit reset(insert_article_);
      int i = 1;
      insert_article_.Bind(i++, hash);
      for (const std::string* field : {&a.url, &a.canonical_url, &a.site, &a.title, &a.published,
                                       &a.modified, &a.publisher, &a.language, &a.text, &json}) {
        insert_article_.Bind(i++, *field);
      }
      insert_article_.BindBlobOrNull(i++, compressed_html);
      insert_article_.BindId(i++, run_id);
      if (Status s = insert_article_.Run("insert article"); !s.ok()) return s;
    }
    const int64_t id = sqlite3_last_insert_rowid(db_.get());
    for (const std::string& name : a.authors) {
      ResetOnExit reset(insert_author_);
      insert_author_.Bind(1, id);
      insert_author_.Bind(2, name);
      if (Status s = insert_author_.Run("insert author"); !s.ok()) return s;
    }
    for (const Category& c : a.categories) {
      ResetOnExit reset(insert_category_);
      insert_category_.Bind(1, id);
      insert_category_.Bind(2, c.scheme);
      insert_category_.Bind(3, c.label);
      if (Status s = insert_category_.Run("insert category"); !s.ok()) return s;
    }
    return id;
  }

  Status WriteRecord(int64_t run_id, const RecordOutcome& outcome) {
    ResetOnExit reset(put_record_);
    put_record_.Bind(1, outcome.record_key);
    put_record_.BindId(2, run_id);
    put_record_.Bind(3, outcome.outcome);
    put_record_.Bind(4, outcome.message);
    put_record_.BindId(5, outcome.article_id);
    return put_record_.Run("put outcome");
  }

  // Columns: id, content_hash, json.
  static Result<StoredArticle> ReadStoredArticle(const Statement& row) {
    StoredArticle stored;
    stored.id = row.Int(0);
    stored.content_hash = row.Text(1);
    auto article = ArticleFromColumn(stored.id, row.Text(2));
    if (!article.ok()) return article.status();
    stored.article = std::move(article).value();
    return stored;
  }

  DbPtr db_;  // declared first: destroyed after the statements
  bool in_batch_ = false;
  Statement begin_run_;
  Statement finish_run_;
  Statement has_record_;
  Statement record_article_;
  Statement find_hash_;
  Statement insert_article_;
  Statement insert_author_;
  Statement insert_category_;
  Statement put_record_;
  Statement get_article_;
};

}  // namespace

PreparedArticle PrepareArticle(Article article, std::string_view raw_html) {
  PreparedArticle prepared;
  bool replaced = false;
  prepared.json = ToJsonLine(article, &replaced);
  prepared.valid_utf8 = !replaced;
  prepared.content_hash = ContentHash(article);
  if (!raw_html.empty()) {
    Result<std::string> compressed = Compress(raw_html);
    if (compressed.ok()) prepared.raw_zstd = std::move(compressed).value();
  }
  prepared.article = std::move(article);
  return prepared;
}

std::string ContentHash(const Article& article) {
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                 &XXH3_freeState);
  XXH3_128bits_reset(state.get());
  XXH3_128bits_update(state.get(), article.url.data(), article.url.size());
  XXH3_128bits_update(state.get(), "\n", 1);
  XXH3_128bits_update(state.get(), article.text.data(), article.text.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state.get()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof(canonical.digest));
  for (unsigned char byte : canonical.digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kIoError,
                  "cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // 16 KiB pages for new files (articles with their JSON are ~10 KB rows, which
  // 4 KiB pages split into overflow chains); no effect on existing files.
  if (Status s = Exec(db.get(), "PRAGMA page_size = 16384"); !s.ok()) return s;
  if (Status s = UseWal(db.get(), path); !s.ok()) return s;
  // A 64 MiB page cache keeps the hot B-tree pages (content_hash and the FTS
  // segments take random inserts) in memory during ingest.
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536"}) {
    if (Status s = Exec(db.get(), pragma); !s.ok()) return s;
  }
  if (Status s = Migrate(db.get(), path); !s.ok()) return s;
  auto store = std::make_unique<SqliteStore>(std::move(db));
  if (Status s = store->PrepareStatements(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace newstrace::store
