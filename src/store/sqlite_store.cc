#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <list>
#include <set>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "core/article_json.h"
#include "store/fts_rank.h"
#include "store/store.h"

namespace newstrace::store {
namespace {

constexpr int32_t kApplicationId = 0x6e737472;  // "nstr"
constexpr int kBusyTimeoutMs = 5000;
constexpr int kZstdLevel = 3;
// Search ranks by BM25 with title matches weighing this many text matches
// (the FTS5 'rank' configured in migration 2 says the same).
constexpr double kTitleWeight = 10.0;
// A bounded compaction of a full-text index merges up to this many pages
// (FTS5 'merge'; ~4 KB each).
constexpr int kMergePagesPerCompaction = 2000;
// Inside a batch, new articles go into the full-text index in groups of this
// many (one INSERT ... SELECT each; FTS5 keeps the terms in memory until the
// commit, so this adds no segments).
constexpr int64_t kIndexEveryArticles = 256;

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
    // 3: text reuse found by `trace`: related pairs with their passages,
    // story clusters, per-site template passages, and a key-value table for
    // the trace watermark.
    R"sql(
CREATE TABLE relations (
  a_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  b_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  a_shared REAL NOT NULL,
  b_shared REAL NOT NULL,
  origin_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  credit TEXT,
  evidence TEXT NOT NULL,
  passages TEXT NOT NULL,
  PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;
CREATE INDEX relations_b ON relations(b_id);
CREATE TABLE clusters (
  cluster_id INTEGER PRIMARY KEY,
  origin_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  evidence TEXT NOT NULL
);
CREATE TABLE cluster_members (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  cluster_id INTEGER NOT NULL REFERENCES clusters(cluster_id) ON DELETE CASCADE
);
CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);
CREATE TABLE site_templates (
  site TEXT NOT NULL,
  text TEXT NOT NULL,
  documents INTEGER NOT NULL
);
CREATE INDEX site_templates_site ON site_templates(site);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE INDEX articles_canonical_url ON articles(canonical_url);
)sql",
    // 4: quotations found in each article, which articles were scanned for
    // them, and a full-text index over quote text and speaker.
    R"sql(
CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  "begin" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  speaker TEXT NOT NULL,
  speaker_begin INTEGER NOT NULL,
  speaker_end INTEGER NOT NULL,
  cue TEXT NOT NULL,
  source TEXT NOT NULL,
  source_url TEXT NOT NULL
);
CREATE UNIQUE INDEX quotes_article ON quotes(article_id, ordinal);
CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
CREATE TABLE quote_scans (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  quotes INTEGER NOT NULL
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
  text, speaker, content = 'quotes', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, old.speaker);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, old.speaker);
  INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
END;
)sql",
    // 5: articles.json holds "text": "" (the text column is the only copy;
    // rows written before keep theirs, which readers ignore), and new
    // articles and quotes enter their full-text indexes once per
    // transaction, from the store (IndexNewRows), not from a trigger per row:
    // FTS5 writes out its pending terms at every savepoint, and ingest opens
    // one per article, so the triggers made a tiny index segment per article.
    R"sql(
DROP TRIGGER articles_fts_insert;
DROP TRIGGER quotes_fts_insert;
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
  void Bind(int i, double value) { sqlite3_bind_double(stmt_, i, value); }
  // `pointer` must outlive the statement's execution (sqlite3_bind_pointer).
  void BindPointer(int i, void* pointer, const char* type) {
    sqlite3_bind_pointer(stmt_, i, pointer, type, nullptr);
  }
  // "" is stored as NULL (an unknown value).
  void BindTextOrNull(int i, std::string_view value) {
    if (value.empty()) {
      sqlite3_bind_null(stmt_, i);
    } else {
      Bind(i, value);
    }
  }
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
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (data == nullptr) return {};
    return std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  // Valid until the next Step, Reset or destruction.
  std::string_view View(int col) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (data == nullptr) return {};
    return std::string_view(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
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
  if (filter.after_id > 0) sql.Add("a.id > CAST(? AS INTEGER)", std::to_string(filter.after_id));
  if (!filter.since.empty()) sql.Add("a.published >= ?", filter.since);
  if (!filter.until.empty()) {
    // Inclusive on prefixes: every ISO 8601 string starting with `until`
    // sorts below until + "\x7f" (ISO 8601 is ASCII below 0x7f).
    sql.Add("a.published <> '' AND a.published < ?", filter.until + "\x7f");
  }
  return sql;
}

// The article from its JSON column and its text column (the text wins: since
// schema 5 the JSON holds "text": "").
Result<Article> ArticleFromColumns(int64_t id, std::string_view json_text, std::string text) {
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status(ErrorCode::kBadRecord,
                  "article " + std::to_string(id) + ": stored JSON is corrupt");
  }
  json["text"] = std::move(text);
  return ArticleFromJson(json);
}

// --- Reuse rows ---

constexpr std::string_view kRelationKinds[] = {"duplicate", "republication", "excerpt"};
constexpr std::string_view kCredits[] = {"", "linked", "named", "none"};

template <size_t N>
bool OneOf(std::string_view value, const std::string_view (&allowed)[N]) {
  return std::find(std::begin(allowed), std::end(allowed), value) != std::end(allowed);
}

// Evidence columns hold a JSON value as given, or "" for none.
Status CheckEvidence(const std::string& evidence, const std::string& what) {
  if (evidence.empty() || nlohmann::json::accept(evidence)) return Status::Ok();
  return Status(ErrorCode::kInvalidArgument, what + ": evidence is not valid JSON");
}

std::string RelationName(const StoredRelation& r) {
  return "relation " + std::to_string(r.a_id) + "-" + std::to_string(r.b_id);
}

Status CheckRelation(const StoredRelation& r) {
  const std::string name = RelationName(r);
  if (r.a_id <= 0 || r.b_id <= r.a_id) {
    return Status(ErrorCode::kInvalidArgument, name + ": needs 0 < a_id < b_id");
  }
  if (r.origin_id != 0 && r.origin_id != r.a_id && r.origin_id != r.b_id) {
    return Status(ErrorCode::kInvalidArgument, name + ": origin must be a_id, b_id or 0");
  }
  if (!OneOf(r.kind, kRelationKinds)) {
    return Status(ErrorCode::kInvalidArgument, name + ": unknown kind \"" + r.kind + "\"");
  }
  if (!OneOf(r.credit, kCredits)) {
    return Status(ErrorCode::kInvalidArgument, name + ": unknown credit \"" + r.credit + "\"");
  }
  for (const PassagePair& p : r.passages) {
    if (p.a_begin > p.a_end || p.b_begin > p.b_end) {
      return Status(ErrorCode::kInvalidArgument, name + ": a passage ends before it begins");
    }
  }
  return CheckEvidence(r.evidence_json, name);
}

// [{"a_begin":..,"a_end":..,"b_begin":..,"b_end":..}, ...]
std::string PassagesToJson(const std::vector<PassagePair>& passages) {
  nlohmann::json array = nlohmann::json::array();
  for (const PassagePair& p : passages) {
    array.push_back(
        {{"a_begin", p.a_begin}, {"a_end", p.a_end}, {"b_begin", p.b_begin}, {"b_end", p.b_end}});
  }
  return array.dump();
}

Result<std::vector<PassagePair>> PassagesFromJson(const std::string& text,
                                                  const std::string& what) {
  nlohmann::json array = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  Status corrupt(ErrorCode::kBadRecord, what + ": stored passages are corrupt");
  if (!array.is_array()) return corrupt;
  std::vector<PassagePair> passages;
  passages.reserve(array.size());
  for (const nlohmann::json& p : array) {
    PassagePair pair;
    uint32_t* fields[] = {&pair.a_begin, &pair.a_end, &pair.b_begin, &pair.b_end};
    const char* keys[] = {"a_begin", "a_end", "b_begin", "b_end"};
    for (size_t i = 0; i < 4; ++i) {
      auto it = p.is_object() ? p.find(keys[i]) : p.end();
      if (!p.is_object() || it == p.end() || !it->is_number_unsigned()) return corrupt;
      *fields[i] = it->get<uint32_t>();
    }
    passages.push_back(pair);
  }
  return passages;
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
        {&get_article_, "SELECT id, content_hash, json, text FROM articles WHERE id = ?"},
        {&find_by_url_,
         "SELECT id, content_hash, json, text FROM articles WHERE url = ? ORDER BY id"},
        {&find_by_canonical_,
         "SELECT id, content_hash, json, text FROM articles WHERE canonical_url = ? ORDER BY id"},
        {&get_article_ref_,
         "SELECT id, url, canonical_url, site, published, CASE WHEN url = '' AND "
         "canonical_url = '' THEN json_extract(json, '$.source') END FROM articles WHERE id = ?"},
        {&put_relation_,
         "INSERT INTO relations (a_id, b_id, kind, a_shared, b_shared, origin_id, credit, "
         "evidence, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (a_id, b_id) DO "
         "UPDATE SET kind = excluded.kind, a_shared = excluded.a_shared, "
         "b_shared = excluded.b_shared, origin_id = excluded.origin_id, "
         "credit = excluded.credit, evidence = excluded.evidence, passages = excluded.passages"},
        {&insert_cluster_,
         "INSERT INTO clusters (cluster_id, origin_id, evidence) VALUES (?, ?, ?)"},
        {&insert_member_, "INSERT INTO cluster_members (article_id, cluster_id) VALUES (?, ?)"},
        {&delete_templates_, "DELETE FROM site_templates WHERE site = ?"},
        {&insert_template_, "INSERT INTO site_templates (site, text, documents) VALUES (?, ?, ?)"},
        {&get_meta_, "SELECT value FROM meta WHERE key = ?"},
        {&search_hit_,
         "SELECT a.id, a.url, a.title, a.site, a.published, "
         "snippet(articles_fts, -1, '[', ']', '…', 16) "
         "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
         "WHERE articles_fts MATCH ? AND articles_fts.rowid = ?"},
        {&put_meta_,
         "INSERT INTO meta (key, value) VALUES (?, ?) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
        {&article_exists_, "SELECT 1 FROM articles WHERE id = ?"},
        {&delete_quotes_, "DELETE FROM quotes WHERE article_id = ?"},
        {&unindexed_quotes_, "SELECT 1 FROM quotes WHERE article_id = ? AND id > ? LIMIT 1"},
        {&index_new_articles_,
         "INSERT INTO articles_fts(rowid, title, text) "
         "SELECT id, title, text FROM articles WHERE id > ? ORDER BY id"},
        {&index_new_quotes_,
         "INSERT INTO quotes_fts(rowid, text, speaker) "
         "SELECT id, text, speaker FROM quotes WHERE id > ? ORDER BY id"},
        {&insert_quote_,
         "INSERT INTO quotes (article_id, ordinal, kind, \"begin\", \"end\", text, speaker, "
         "speaker_begin, speaker_end, cue, source, source_url) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&put_quote_scan_,
         "INSERT INTO quote_scans (article_id, quotes) VALUES (?, ?) "
         "ON CONFLICT (article_id) DO UPDATE SET quotes = excluded.quotes"},
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
    if (prepared.quotes_scanned) {
      if (Status q = CheckQuotes(prepared.quotes, record_key); !q.ok()) return q;
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
      if (prepared.quotes_scanned) {
        if (Status q = WriteQuotes(*id, prepared.quotes, /*fresh=*/true); !q.ok()) return q;
      }
      if (Status w = WriteRecord(run_id, {record_key, "article", "", *id}); !w.ok()) return w;
      // Index as the batch goes rather than all at its commit: the writer
      // thread then never stalls the pipeline for long.
      if (in_batch_ && *id - fts_marks_.articles >= kIndexEveryArticles) return IndexNewRows();
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return result;
  }

  Status PutQuotes(int64_t article_id, const std::vector<Quote>& quotes) override {
    if (Status q = CheckQuotes(quotes, "article " + std::to_string(article_id)); !q.ok()) {
      return q;
    }
    return Write([&]() -> Status {
      ResetOnExit reset(article_exists_);
      article_exists_.Bind(1, article_id);
      int rc = article_exists_.Step();
      if (rc == SQLITE_DONE) {
        return Status(ErrorCode::kNotFound, "no article " + std::to_string(article_id));
      }
      if (rc != SQLITE_ROW) return SqlError(db_.get(), "put quotes");
      return WriteQuotes(article_id, quotes, /*fresh=*/false);
    });
  }

  Status ForEachQuote(const QuoteFilter& filter,
                      const std::function<bool(const StoredQuote&)>& fn) override {
    std::string sql =
        "SELECT id, article_id, ordinal, kind, \"begin\", \"end\", text, speaker, "
        "speaker_begin, speaker_end, cue, source, source_url FROM quotes WHERE 1";
    std::vector<std::string> params;
    if (filter.article_id > 0) {
      sql += " AND article_id = CAST(? AS INTEGER)";
      params.push_back(std::to_string(filter.article_id));
    }
    if (filter.after_id > 0) {
      sql += " AND id > CAST(? AS INTEGER)";
      params.push_back(std::to_string(filter.after_id));
    }
    if (filter.with_source) sql += " AND (source <> '' OR source_url <> '')";
    if (!filter.speaker.empty()) {
      // Equal, or one name ends with " " + the other (LIKE is ASCII
      // case-insensitive; the name's own % and _ are escaped).
      sql +=
          " AND speaker <> '' AND (speaker = ?1x COLLATE NOCASE OR speaker LIKE '% ' || ?2x "
          "ESCAPE '\\' OR ?1x LIKE '% ' || replace(replace(replace(speaker, '\\', '\\\\'), "
          "'%', '\\%'), '_', '\\_') ESCAPE '\\')";
    }
    sql += " ORDER BY article_id, ordinal LIMIT ?";
    // Number the speaker parameters after the others.
    const int speaker_param = static_cast<int>(params.size()) + 1;
    auto replace_all = [&](std::string_view from, std::string_view to) {
      for (size_t at = sql.find(from); at != std::string::npos; at = sql.find(from, at)) {
        sql.replace(at, from.size(), to);
      }
    };
    replace_all("?1x", "?" + std::to_string(speaker_param));
    replace_all("?2x", "?" + std::to_string(speaker_param + 1));
    auto stmt = Statement::Prepare(db_.get(), sql);
    if (!stmt.ok()) return stmt.status();
    int i = 1;
    for (const std::string& p : params) stmt->Bind(i++, p);
    if (!filter.speaker.empty()) {
      stmt->Bind(i++, filter.speaker);
      stmt->Bind(i++, EscapeLike(filter.speaker));
    }
    stmt->Bind(i++, filter.limit > 0 ? filter.limit : int64_t{-1});
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      StoredQuote q;
      q.id = stmt->Int(0);
      q.article_id = stmt->Int(1);
      q.ordinal = stmt->Int(2);
      q.quote.kind = stmt->Text(3);
      q.quote.begin = static_cast<uint32_t>(stmt->Int(4));
      q.quote.end = static_cast<uint32_t>(stmt->Int(5));
      q.quote.text = stmt->Text(6);
      q.quote.speaker = stmt->Text(7);
      q.quote.speaker_begin = static_cast<uint32_t>(stmt->Int(8));
      q.quote.speaker_end = static_cast<uint32_t>(stmt->Int(9));
      q.quote.cue = stmt->Text(10);
      q.quote.source = stmt->Text(11);
      q.quote.source_url = stmt->Text(12);
      if (!fn(q)) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each quote");
    return Status::Ok();
  }

  Result<std::vector<int64_t>> FindQuoteCandidates(const std::vector<std::string>& words,
                                                   int64_t limit) override {
    std::vector<int64_t> ids;
    std::string query;
    for (const std::string& w : words) {
      if (w.empty()) continue;
      if (!query.empty()) query += " OR ";
      query += '"';
      for (char c : w) {
        if (c == '"') query += '"';
        query += c;
      }
      query += '"';
    }
    if (query.empty() || limit <= 0) return ids;
    std::unordered_set<int64_t> seen;
    for (const char* sql :
         {"SELECT q.article_id FROM quotes_fts JOIN quotes AS q ON q.id = quotes_fts.rowid "
          "WHERE quotes_fts MATCH ? ORDER BY quotes_fts.rank LIMIT ?",
          "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"}) {
      auto stmt = Statement::Prepare(db_.get(), sql);
      if (!stmt.ok()) return stmt.status();
      stmt->Bind(1, query);
      stmt->Bind(2, limit);
      int rc;
      while ((rc = stmt->Step()) == SQLITE_ROW) {
        const int64_t id = stmt->Int(0);
        if (seen.insert(id).second) ids.push_back(id);
        if (static_cast<int64_t>(ids.size()) >= limit) return ids;
      }
      if (rc != SQLITE_DONE) return SqlError(db_.get(), "find quote candidates");
    }
    return ids;
  }

  Result<std::vector<int64_t>> ArticlesWithoutQuoteScan(int64_t after_id, int64_t limit) override {
    auto stmt = Statement::Prepare(
        db_.get(),
        "SELECT a.id FROM articles AS a WHERE a.id > ? AND NOT EXISTS "
        "(SELECT 1 FROM quote_scans AS s WHERE s.article_id = a.id) ORDER BY a.id LIMIT ?");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, after_id);
    stmt->Bind(2, limit > 0 ? limit : int64_t{-1});
    std::vector<int64_t> ids;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) ids.push_back(stmt->Int(0));
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "articles without quote scan");
    return ids;
  }

  Result<int64_t> CountArticlesWithoutQuoteScan() override {
    return QueryInt(db_.get(),
                    "SELECT count(*) FROM articles AS a WHERE NOT EXISTS "
                    "(SELECT 1 FROM quote_scans AS s WHERE s.article_id = a.id)");
  }

  Status PutOutcome(int64_t run_id, const RecordOutcome& outcome) override {
    if (outcome.record_key.empty() || outcome.outcome.empty()) {
      return Status(ErrorCode::kInvalidArgument, "an outcome needs a record key and an outcome");
    }
    return Write([&] { return WriteRecord(run_id, outcome); });
  }

  Status BeginBatch() override {
    if (in_batch_) return Status(ErrorCode::kInvalidArgument, "a batch is already open");
    if (Status s = Begin(); !s.ok()) return s;
    in_batch_ = true;
    return Status::Ok();
  }

  Status CommitBatch() override {
    if (!in_batch_) return Status(ErrorCode::kInvalidArgument, "no batch is open");
    if (sqlite3_get_autocommit(db_.get())) {
      in_batch_ = false;
      return Status(ErrorCode::kIoError, "the batch was rolled back by SQLite after an error");
    }
    Status s = IndexNewRows();
    if (s.ok()) s = Exec(db_.get(), "COMMIT");
    // A failed COMMIT (SQLITE_BUSY) keeps the transaction: the caller may retry.
    if (sqlite3_get_autocommit(db_.get())) in_batch_ = false;
    return s;
  }

  Status CompactSearchIndex(int64_t articles_added) override {
    if (articles_added <= 0) return Status::Ok();
    auto articles = MaxArticleId();
    if (!articles.ok()) return articles.status();
    const bool full = articles_added * 4 >= *articles;
    return Write([&]() -> Status {
      for (const char* table : {"articles_fts", "quotes_fts"}) {
        const std::string sql =
            full ? std::string("INSERT INTO ") + table + "(" + table + ") VALUES ('optimize')"
                 : std::string("INSERT INTO ") + table + "(" + table + ", rank) VALUES ('merge', " +
                       std::to_string(kMergePagesPerCompaction) + ")";
        if (Status s = Exec(db_.get(), sql.c_str()); !s.ok()) return s;
      }
      return Status::Ok();
    });
  }

  // --- Reading ---

  Result<std::vector<SearchHit>> Search(const std::string& fts_query,
                                        const ArticleFilter& filter) override {
    // Pass 1: every match that passes the filters is offered to the top-k
    // function, which scores them as bm25(articles_fts, 10.0, 1.0) would. The
    // CASE makes the filters run first: SQLite may order plain WHERE terms
    // as it likes.
    FilterSql where = BuildFilter(filter);
    const std::string sql =
        "SELECT count(*) FROM articles_fts" +
        std::string(where.where.empty() ? "" : " JOIN articles AS a ON a.id = articles_fts.rowid") +
        " WHERE articles_fts MATCH ? AND CASE WHEN 1" + where.where +
        " THEN newstrace_bm25_topk(articles_fts, ?) IS NOT NULL END";
    auto stmt = Statement::Prepare(db_.get(), sql);
    if (!stmt.ok()) return stmt.status();
    FtsTopK topk(filter.limit > 0 ? static_cast<size_t>(filter.limit) : 0, {kTitleWeight, 1.0});
    auto cached = std::find_if(search_statistics_.begin(), search_statistics_.end(),
                               [&](const auto& entry) { return entry.first == fts_query; });
    if (cached != search_statistics_.end()) {
      topk.UseStatistics(std::move(cached->second));
      search_statistics_.erase(cached);
    }
    int i = 1;
    stmt->Bind(i++, fts_query);
    for (const std::string& p : where.params) stmt->Bind(i++, p);
    stmt->BindPointer(i++, &topk, kFtsTopKPointerType);
    int rc = stmt->Step();
    if (rc != SQLITE_ROW) return SearchError(fts_query);
    if (topk.statistics().rows >= 0) {
      search_statistics_.emplace_front(fts_query, topk.statistics());
      if (search_statistics_.size() > kSearchStatisticsKept) search_statistics_.pop_back();
    }
    // Pass 2: the kept rows' fields and snippets.
    Statement& hit_stmt = search_hit_;
    ResetOnExit reset(hit_stmt);
    std::vector<SearchHit> hits;
    for (const RankedRow& row : topk.Sorted()) {
      hit_stmt.Bind(1, fts_query);
      hit_stmt.Bind(2, row.rowid);
      rc = hit_stmt.Step();
      if (rc == SQLITE_ROW) {
        hits.push_back({hit_stmt.Int(0), hit_stmt.Text(1), hit_stmt.Text(2), hit_stmt.Text(3),
                        hit_stmt.Text(4), hit_stmt.Text(5), row.rank});
      } else if (rc != SQLITE_DONE) {
        return SearchError(fts_query);
      }
      hit_stmt.Reset();
    }
    return hits;
  }

  // The SQL is fixed, so a plain SQL error at step time comes from the query
  // text (fts5 syntax, unknown column filter).
  Status SearchError(const std::string& fts_query) {
    if ((sqlite3_errcode(db_.get()) & 0xff) == SQLITE_ERROR) {
      return Status(ErrorCode::kInvalidArgument,
                    "search query \"" + fts_query + "\": " + sqlite3_errmsg(db_.get()));
    }
    return SqlError(db_.get(), "search");
  }

  Status ForEachArticle(const ArticleFilter& filter,
                        const std::function<bool(const StoredArticle&)>& fn) override {
    FilterSql where = BuildFilter(filter);
    const std::string sql =
        "SELECT a.id, a.content_hash, a.json, a.text FROM articles AS a WHERE 1" + where.where +
        " ORDER BY a.id LIMIT ?";
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

  Status ForEachArticleText(int64_t after_id, int64_t up_to, int64_t limit,
                            const std::function<bool(const ArticleText&)>& fn) override {
    auto stmt = Statement::Prepare(db_.get(),
                                   "SELECT id, site, text FROM articles WHERE id > ? AND id <= ? "
                                   "ORDER BY id LIMIT ?");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, after_id);
    stmt->Bind(2, up_to > 0 ? up_to : std::numeric_limits<int64_t>::max());
    stmt->Bind(3, limit > 0 ? limit : int64_t{-1});
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      if (!fn({stmt->Int(0), stmt->View(1), stmt->View(2)})) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each article text");
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

  Result<std::optional<StoredArticle>> FindArticle(const std::string& url_or_id) override {
    if (url_or_id.empty()) {
      return Status(ErrorCode::kInvalidArgument, "find article: empty url or id");
    }
    if (url_or_id.size() <= 18 && std::all_of(url_or_id.begin(), url_or_id.end(),
                                              [](char c) { return c >= '0' && c <= '9'; })) {
      return GetArticle(std::stoll(url_or_id));
    }
    for (Statement* stmt : {&find_by_url_, &find_by_canonical_}) {
      ResetOnExit reset(*stmt);
      stmt->Bind(1, url_or_id);
      int rc = stmt->Step();
      if (rc == SQLITE_DONE) continue;
      if (rc != SQLITE_ROW) return SqlError(db_.get(), "find article");
      auto stored = ReadStoredArticle(*stmt);
      if (!stored.ok()) return stored.status();
      return std::optional<StoredArticle>(std::move(stored).value());
    }
    return std::optional<StoredArticle>();
  }

  Result<int64_t> MaxArticleId() override {
    return QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM articles");
  }

  Result<std::optional<ArticleRef>> GetArticleRef(int64_t id) override {
    ResetOnExit reset(get_article_ref_);
    get_article_ref_.Bind(1, id);
    int rc = get_article_ref_.Step();
    if (rc == SQLITE_DONE) return std::optional<ArticleRef>();
    if (rc != SQLITE_ROW) return SqlError(db_.get(), "get article ref");
    ArticleRef ref;
    ref.id = get_article_ref_.Int(0);
    ref.url = get_article_ref_.Text(1);
    if (ref.url.empty()) ref.url = get_article_ref_.Text(2);
    if (ref.url.empty()) ref.url = get_article_ref_.Text(5);
    ref.site = get_article_ref_.Text(3);
    ref.published = get_article_ref_.Text(4);
    return std::optional<ArticleRef>(std::move(ref));
  }

  // --- Reuse ---

  Status PutRelations(const std::vector<StoredRelation>& relations) override {
    for (const StoredRelation& r : relations) {
      if (Status s = CheckRelation(r); !s.ok()) return s;
    }
    return Write([&] {
      for (const StoredRelation& r : relations) {
        ResetOnExit reset(put_relation_);
        put_relation_.Bind(1, r.a_id);
        put_relation_.Bind(2, r.b_id);
        put_relation_.Bind(3, r.kind);
        put_relation_.Bind(4, r.a_shared);
        put_relation_.Bind(5, r.b_shared);
        put_relation_.BindId(6, r.origin_id);
        put_relation_.BindTextOrNull(7, r.credit);
        put_relation_.Bind(8, r.evidence_json);
        put_relation_.Bind(9, PassagesToJson(r.passages));
        if (Status s = put_relation_.Run("put " + RelationName(r)); !s.ok()) return s;
      }
      return Status::Ok();
    });
  }

  Status ForEachRelation(const std::function<bool(const StoredRelation&)>& fn) override {
    auto stmt = Statement::Prepare(
        db_.get(), std::string(kRelationColumns) + " FROM relations ORDER BY a_id, b_id");
    if (!stmt.ok()) return stmt.status();
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      auto relation = ReadRelation(*stmt);
      if (!relation.ok()) return relation.status();
      if (!fn(*relation)) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each relation");
    return Status::Ok();
  }

  Result<std::vector<StoredRelation>> RelationsOf(int64_t article_id) override {
    const std::string columns(kRelationColumns);
    auto stmt = Statement::Prepare(
        db_.get(), columns + " FROM relations WHERE a_id = ?1 UNION ALL " + columns +
                       " FROM relations WHERE b_id = ?1 "
                       "ORDER BY a_id, b_id");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, article_id);
    std::vector<StoredRelation> relations;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      auto relation = ReadRelation(*stmt);
      if (!relation.ok()) return relation.status();
      relations.push_back(std::move(relation).value());
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "relations of article");
    return relations;
  }

  Status ReplaceClusters(const std::vector<StoredCluster>& clusters) override {
    std::unordered_set<int64_t> cluster_ids;
    std::unordered_set<int64_t> members;
    for (const StoredCluster& c : clusters) {
      const std::string name = "cluster " + std::to_string(c.cluster_id);
      if (c.cluster_id <= 0 || !cluster_ids.insert(c.cluster_id).second) {
        return Status(ErrorCode::kInvalidArgument, name + ": ids must be positive and unique");
      }
      if (c.origin_id != 0 && std::find(c.article_ids.begin(), c.article_ids.end(), c.origin_id) ==
                                  c.article_ids.end()) {
        return Status(ErrorCode::kInvalidArgument, name + ": the origin is not a member");
      }
      for (int64_t id : c.article_ids) {
        if (!members.insert(id).second) {
          return Status(ErrorCode::kInvalidArgument,
                        name + ": article " + std::to_string(id) + " is in two clusters");
        }
      }
      if (Status s = CheckEvidence(c.evidence_json, name); !s.ok()) return s;
    }
    return Write([&] {
      if (Status s = Exec(db_.get(), "DELETE FROM cluster_members; DELETE FROM clusters");
          !s.ok()) {
        return s;
      }
      for (const StoredCluster& c : clusters) {
        {
          ResetOnExit reset(insert_cluster_);
          insert_cluster_.Bind(1, c.cluster_id);
          insert_cluster_.BindId(2, c.origin_id);
          insert_cluster_.Bind(3, c.evidence_json);
          if (Status s = insert_cluster_.Run("insert cluster"); !s.ok()) return s;
        }
        for (int64_t id : c.article_ids) {
          ResetOnExit reset(insert_member_);
          insert_member_.Bind(1, id);
          insert_member_.Bind(2, c.cluster_id);
          if (Status s = insert_member_.Run("insert cluster member"); !s.ok()) return s;
        }
      }
      return Status::Ok();
    });
  }

  Status ForEachCluster(const std::function<bool(const StoredCluster&)>& fn) override {
    // One row per member, grouped by cluster: memory is one cluster.
    auto stmt = Statement::Prepare(
        db_.get(),
        "SELECT c.cluster_id, c.origin_id, c.evidence, m.article_id FROM clusters AS c "
        "LEFT JOIN cluster_members AS m ON m.cluster_id = c.cluster_id "
        "ORDER BY c.cluster_id, m.article_id");
    if (!stmt.ok()) return stmt.status();
    StoredCluster cluster;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      const int64_t id = stmt->Int(0);
      if (id != cluster.cluster_id) {
        if (cluster.cluster_id != 0 && !fn(cluster)) return Status::Ok();
        cluster = StoredCluster{id, {}, stmt->Int(1), stmt->Text(2)};
      }
      if (!stmt->IsNull(3)) {
        cluster.article_ids.push_back(stmt->Int(3));
      }
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "for each cluster");
    if (cluster.cluster_id != 0) fn(cluster);
    return Status::Ok();
  }

  Status ReplaceTemplates(const std::vector<TemplatePassage>& templates) override {
    std::set<std::string_view> sites;
    for (const TemplatePassage& t : templates) {
      if (t.documents < 0) {
        return Status(ErrorCode::kInvalidArgument,
                      "template of " + t.site + ": negative document count");
      }
      sites.insert(t.site);
    }
    return Write([&] {
      for (std::string_view site : sites) {
        ResetOnExit reset(delete_templates_);
        delete_templates_.Bind(1, site);
        if (Status s = delete_templates_.Run("delete templates"); !s.ok()) return s;
      }
      for (const TemplatePassage& t : templates) {
        ResetOnExit reset(insert_template_);
        insert_template_.Bind(1, t.site);
        insert_template_.Bind(2, t.text);
        insert_template_.Bind(3, t.documents);
        if (Status s = insert_template_.Run("insert template"); !s.ok()) return s;
      }
      return Status::Ok();
    });
  }

  Result<std::vector<TemplatePassage>> Templates(const std::string& site) override {
    auto stmt = Statement::Prepare(db_.get(),
                                   "SELECT site, text, documents FROM site_templates "
                                   "WHERE ?1 = '' OR site = ?1 "
                                   "ORDER BY site, documents DESC, rowid");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, site);
    std::vector<TemplatePassage> templates;
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      templates.push_back({stmt->Text(0), stmt->Text(1), stmt->Int(2)});
    }
    if (rc != SQLITE_DONE) return SqlError(db_.get(), "templates");
    return templates;
  }

  Result<int64_t> TraceWatermark() override {
    ResetOnExit reset(get_meta_);
    get_meta_.Bind(1, std::string_view(kTraceWatermarkKey));
    int rc = get_meta_.Step();
    if (rc == SQLITE_DONE) return int64_t{0};
    if (rc != SQLITE_ROW) return SqlError(db_.get(), "trace watermark");
    return get_meta_.Int(0);
  }

  Status SetTraceWatermark(int64_t article_id) override {
    if (article_id < 0) {
      return Status(ErrorCode::kInvalidArgument, "trace watermark must not be negative");
    }
    return Write([&] {
      ResetOnExit reset(put_meta_);
      put_meta_.Bind(1, std::string_view(kTraceWatermarkKey));
      put_meta_.Bind(2, article_id);
      return put_meta_.Run("set trace watermark");
    });
  }

  Result<std::map<std::string, std::map<std::string, int64_t>>> Stats() override {
    static constexpr std::pair<const char*, const char*> kQueries[] = {
        {"site", "SELECT site, count(*) FROM articles GROUP BY 1"},
        {"language", "SELECT language, count(*) FROM articles GROUP BY 1"},
        {"month", "SELECT substr(published, 1, 7), count(*) FROM articles GROUP BY 1"},
        {"error", "SELECT outcome, count(*) FROM records WHERE outcome <> 'article' GROUP BY 1"},
        {"relation", "SELECT kind, count(*) FROM relations GROUP BY 1"},
        {"cluster",
         "SELECT 'clusters', count(*) FROM clusters UNION ALL "
         "SELECT 'articles', count(*) FROM cluster_members"},
        {"quote",
         "SELECT 'quotes', count(*) FROM quotes UNION ALL "
         "SELECT 'scanned', count(*) FROM quote_scans"},
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
  // Runs `body` as one atomic write. Outside a batch it is its own
  // transaction. Inside one it runs without a savepoint: a savepoint per write
  // makes SQLite copy every page the write touches to a journal first (at 100k
  // pages that was a fifth of ingest's writer time). So a write that fails
  // before changing a row leaves the batch as it was, and one that fails after
  // rolls the whole batch back; callers check their input (utf-8, spans) before
  // writing so that a bad record is refused without touching the batch.
  template <typename Body>
  Status Write(Body&& body) {
    if (in_batch_ && sqlite3_get_autocommit(db_.get())) {
      in_batch_ = false;
      return Status(ErrorCode::kIoError, "the batch was rolled back by SQLite after an error");
    }
    const bool nested = in_batch_;
    if (!nested) {
      if (Status s = Begin(); !s.ok()) return s;
    }
    const int64_t changes_before = sqlite3_total_changes64(db_.get());
    Status status = body();
    if (status.ok() && !nested) status = IndexNewRows();
    if (status.ok()) {
      if (nested) return status;
      status = Exec(db_.get(), "COMMIT");
      if (status.ok()) return status;
    }
    if (nested && sqlite3_total_changes64(db_.get()) == changes_before &&
        !sqlite3_get_autocommit(db_.get())) {
      return status;  // nothing was written: the batch is intact
    }
    if (!sqlite3_get_autocommit(db_.get())) (void)Exec(db_.get(), "ROLLBACK");
    if (nested) {
      in_batch_ = false;
      return Status(ErrorCode::kIoError, status.message() + "; the batch was rolled back");
    }
    return status;
  }

  // BEGIN IMMEDIATE, noting the rows already in the full-text indexes.
  Status Begin() {
    if (Status s = Exec(db_.get(), "BEGIN IMMEDIATE"); !s.ok()) return s;
    Result<int64_t> articles = QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM articles");
    Result<int64_t> quotes = QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM quotes");
    if (!articles.ok() || !quotes.ok()) {
      (void)Exec(db_.get(), "ROLLBACK");
      return articles.ok() ? quotes.status() : articles.status();
    }
    fts_marks_ = {*articles, *quotes};
    return Status::Ok();
  }

  // Adds the articles and quotes inserted since the marks to the full-text
  // indexes in one statement each (rowids only grow inside a write
  // transaction), then moves the marks. Runs before every COMMIT, and before
  // deleting quotes that may not be indexed yet: an FTS5 'delete' of a row
  // that was never indexed corrupts an external-content index.
  Status IndexNewRows() {
    {
      ResetOnExit reset(index_new_articles_);
      index_new_articles_.Bind(1, fts_marks_.articles);
      if (Status s = index_new_articles_.Run("index new articles"); !s.ok()) return s;
    }
    {
      ResetOnExit reset(index_new_quotes_);
      index_new_quotes_.Bind(1, fts_marks_.quotes);
      if (Status s = index_new_quotes_.Run("index new quotes"); !s.ok()) return s;
    }
    Result<int64_t> articles = QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM articles");
    Result<int64_t> quotes = QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM quotes");
    if (!articles.ok()) return articles.status();
    if (!quotes.ok()) return quotes.status();
    fts_marks_ = {*articles, *quotes};
    return Status::Ok();
  }

  // Quotes are checked before a write starts, so that a bad one is refused
  // without touching the batch (see Write).
  static Status CheckQuotes(const std::vector<Quote>& quotes, const std::string& owner) {
    for (const Quote& q : quotes) {
      if (q.end < q.begin || q.speaker_end < q.speaker_begin) {
        return Status(ErrorCode::kInvalidArgument,
                      "quote of " + owner + ": a span ends before it begins");
      }
    }
    return Status::Ok();
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

  // Replaces the article's quotes and marks it scanned (inside Write; the
  // caller has checked them with CheckQuotes). `fresh`: the article was
  // inserted by this call, so it has none to delete.
  Status WriteQuotes(int64_t article_id, const std::vector<Quote>& quotes, bool fresh) {
    // Quotes of this article written earlier in this transaction are not
    // indexed yet: index them before their delete reaches the index.
    if (!fresh) {
      ResetOnExit reset(unindexed_quotes_);
      unindexed_quotes_.Bind(1, article_id);
      unindexed_quotes_.Bind(2, fts_marks_.quotes);
      const int rc = unindexed_quotes_.Step();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db_.get(), "unindexed quotes");
      if (rc == SQLITE_ROW) {
        if (Status s = IndexNewRows(); !s.ok()) return s;
      }
    }
    if (!fresh) {
      ResetOnExit reset(delete_quotes_);
      delete_quotes_.Bind(1, article_id);
      if (Status s = delete_quotes_.Run("delete quotes"); !s.ok()) return s;
    }
    // Deleting the highest ids lets SQLite hand them out again: lower the
    // mark so that the new quotes are indexed.
    if (!fresh && sqlite3_changes(db_.get()) > 0) {
      Result<int64_t> top = QueryInt(db_.get(), "SELECT coalesce(max(id), 0) FROM quotes");
      if (!top.ok()) return top.status();
      fts_marks_.quotes = std::min(fts_marks_.quotes, *top);
    }
    int64_t ordinal = 0;
    for (const Quote& q : quotes) {
      ResetOnExit reset(insert_quote_);
      int i = 1;
      insert_quote_.Bind(i++, article_id);
      insert_quote_.Bind(i++, ordinal++);
      insert_quote_.Bind(i++, q.kind);
      insert_quote_.Bind(i++, int64_t{q.begin});
      insert_quote_.Bind(i++, int64_t{q.end});
      insert_quote_.Bind(i++, q.text);
      insert_quote_.Bind(i++, q.speaker);
      insert_quote_.Bind(i++, int64_t{q.speaker_begin});
      insert_quote_.Bind(i++, int64_t{q.speaker_end});
      insert_quote_.Bind(i++, q.cue);
      insert_quote_.Bind(i++, q.source);
      insert_quote_.Bind(i++, q.source_url);
      if (Status s = insert_quote_.Run("insert quote"); !s.ok()) return s;
    }
    ResetOnExit reset(put_quote_scan_);
    put_quote_scan_.Bind(1, article_id);
    put_quote_scan_.Bind(2, static_cast<int64_t>(quotes.size()));
    return put_quote_scan_.Run("mark quote scan");
  }

  // `s` with LIKE's wildcards and the escape character escaped by '\\'.
  static std::string EscapeLike(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
      if (c == '%' || c == '_' || c == '\\') out += '\\';
      out += c;
    }
    return out;
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

  // Columns: id, content_hash, json, text. The text column is the text:
  // since schema 5 the JSON holds "text": "" (older rows hold a copy).
  static Result<StoredArticle> ReadStoredArticle(const Statement& row) {
    StoredArticle stored;
    stored.id = row.Int(0);
    stored.content_hash = row.Text(1);
    auto article = ArticleFromColumns(stored.id, row.View(2), row.Text(3));
    if (!article.ok()) return article.status();
    stored.article = std::move(article).value();
    return stored;
  }

  static constexpr std::string_view kRelationColumns =
      "SELECT a_id, b_id, kind, a_shared, b_shared, origin_id, credit, evidence, passages";
  static constexpr std::string_view kTraceWatermarkKey = "trace_watermark";

  // Columns: kRelationColumns.
  static Result<StoredRelation> ReadRelation(const Statement& row) {
    StoredRelation r;
    r.a_id = row.Int(0);
    r.b_id = row.Int(1);
    r.kind = row.Text(2);
    r.a_shared = row.Double(3);
    r.b_shared = row.Double(4);
    r.origin_id = row.Int(5);
    r.credit = row.Text(6);
    r.evidence_json = row.Text(7);
    auto passages = PassagesFromJson(row.Text(8), RelationName(r));
    if (!passages.ok()) return passages.status();
    r.passages = std::move(passages).value();
    return r;
  }

  DbPtr db_;  // declared first: destroyed after the statements
  bool in_batch_ = false;
  // The highest article and quote ids already in the full-text indexes, in
  // the open write transaction.
  struct FtsMarks {
    int64_t articles = 0;
    int64_t quotes = 0;
  };
  FtsMarks fts_marks_;
  Statement index_new_articles_;
  Statement index_new_quotes_;
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
  Statement find_by_url_;
  Statement find_by_canonical_;
  Statement get_article_ref_;
  Statement put_relation_;
  Statement insert_cluster_;
  Statement insert_member_;
  Statement delete_templates_;
  Statement insert_template_;
  Statement get_meta_;
  Statement search_hit_;
  // The corpus statistics (IDF) of the last searches, newest first: a query
  // repeated (next page, a refreshed view) skips its IDF pass. FtsTopK uses
  // them only while the index is unchanged.
  static constexpr size_t kSearchStatisticsKept = 32;
  std::list<std::pair<std::string, FtsTopK::Statistics>> search_statistics_;
  Statement put_meta_;
  Statement article_exists_;
  Statement delete_quotes_;
  Statement unindexed_quotes_;
  Statement insert_quote_;
  Statement put_quote_scan_;
};

}  // namespace

Result<std::optional<ArticleRef>> Store::GetArticleRef(int64_t id) {
  auto stored = GetArticle(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<ArticleRef>();
  const Article& a = (*stored)->article;
  ArticleRef ref{id, a.url, a.site, a.published};
  if (ref.url.empty()) ref.url = a.canonical_url;
  if (ref.url.empty()) ref.url = a.source;
  return std::optional<ArticleRef>(std::move(ref));
}

PreparedArticle PrepareArticle(Article article, std::string_view raw_html) {
  PreparedArticle prepared;
  bool replaced = false;
  prepared.json = ToJsonLine(article, &replaced, /*with_text=*/false);
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
  if (Status s = RegisterFtsTopK(db.get()); !s.ok()) return s;
  auto store = std::make_unique<SqliteStore>(std::move(db));
  if (Status s = store->PrepareStatements(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace newstrace::store
