#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/store.h"

// Filters are written with designated initializers ({.site = "x"}); the
// fields left out keep their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace newstrace::store {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("newstrace_store_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "corpus.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(path_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Runs one query on the file directly (not through the Store) and returns
  // the first column of each row.
  std::vector<std::string> Query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    std::vector<std::string> rows;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      rows.push_back(text ? std::string(text, sqlite3_column_bytes(stmt, 0)) : "NULL");
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }

  void ExecRaw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string path_;
};

Article MakeArticle(int i, const std::string& title, const std::string& text) {
  Article a;
  a.source = "crawl.warc.gz#" + std::to_string(i);
  a.url = "https://example.org/news/" + std::to_string(i);
  a.canonical_url = a.url;
  a.site = "example.org";
  a.title = title;
  a.authors = {"Jane Doe"};
  a.published = "2020-01-16";
  a.language = "en";
  a.text = text;
  a.blocks = {{BlockKind::kParagraph, 0, static_cast<uint32_t>(text.size())}};
  return a;
}

// Every field set, including the ones only the JSON column keeps.
Article FullArticle() {
  Article a;
  a.source = "pages/seed.html";
  a.url = "https://www.example.com/2020/01/opinion?id=7";
  a.canonical_url = "https://example.com/2020/01/opinion";
  a.site = "example.com";
  a.title = "Leaked report: \"emphasis added\" — café naïve";
  a.authors = {"Ann Author", "Bob Writer"};
  a.published = "2020-01-16T08:00:00Z";
  a.modified = "2020-01-17T09:30:00Z";
  a.publisher = "Example Daily";
  a.language = "en";
  a.categories = {{"section", "Opinion"}, {"Region", "Europe"}, {"tag", "media"}};
  a.text = "Heading here\n\nThe broadcaster said \"this is news\".\n\nItem one";
  a.blocks = {{BlockKind::kHeading, 0, 12},
              {BlockKind::kParagraph, 14, 50},
              {BlockKind::kListItem, 52, 60}};
  a.links = {{"https://broadcaster.example/report", "broadcaster", 18, 29}};
  a.notices = {{NoticeKind::kOriginallyPublished, "Originally published at Other Outlet.",
                "Other Outlet", "https://other.example/a"},
               {NoticeKind::kRepublishTerms, "Republish with a link.", "Example Daily", ""}};
  a.evidence = {{"title", "json-ld"}, {"published", "meta"}, {"language", "cld2"}};
  return a;
}

void ExpectSameArticle(const Article& got, const Article& want) {
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.url, want.url);
  EXPECT_EQ(got.canonical_url, want.canonical_url);
  EXPECT_EQ(got.site, want.site);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.authors, want.authors);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.modified, want.modified);
  EXPECT_EQ(got.publisher, want.publisher);
  EXPECT_EQ(got.language, want.language);
  EXPECT_EQ(got.categories, want.categories);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.blocks, want.blocks);
  EXPECT_EQ(got.links, want.links);
  EXPECT_EQ(got.notices, want.notices);
  EXPECT_EQ(got.evidence, want.evidence);
}

std::vector<RecordOutcome> Errors(Store& store) {
  std::vector<RecordOutcome> errors;
  Status s = store.ForEachError([&](const RecordOutcome& o) {
    errors.push_back(o);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return errors;
}

std::vector<int64_t> ArticleIds(Store& store, const ArticleFilter& filter) {
  std::vector<int64_t> ids;
  Status s = store.ForEachArticle(filter, [&](const StoredArticle& a) {
    ids.push_back(a.id);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return ids;
}

std::vector<int64_t> HitIds(const std::vector<SearchHit>& hits) {
  std::vector<int64_t> ids;
  for (const SearchHit& h : hits) ids.push_back(h.article_id);
  return ids;
}

// --- Schema ---

TEST_F(SqliteStoreTest, CreatesSchemaInWalMode) {
  ASSERT_NE(Open(), nullptr);
  EXPECT_THAT(Query("PRAGMA user_version"), ElementsAre(std::to_string(kSqliteSchemaVersion)));
  EXPECT_THAT(Query("PRAGMA journal_mode"), ElementsAre("wal"));
  EXPECT_THAT(Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN "
                    "('runs', 'articles', 'article_authors', 'article_categories', 'records', "
                    "'articles_fts') ORDER BY name"),
              ElementsAre("article_authors", "article_categories", "articles", "articles_fts",
                          "records", "runs"));
  EXPECT_THAT(
      Query("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE "
            "'sqlite_%' ORDER BY name"),
      ElementsAre("article_authors_article", "article_authors_name", "article_categories_article",
                  "article_categories_label", "articles_canonical_url", "articles_published",
                  "articles_site", "articles_url", "cluster_members_cluster", "quotes_article",
                  "quotes_speaker", "records_outcome", "relations_b", "site_templates_site"));
  EXPECT_THAT(Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN "
                    "('relations', 'clusters', 'cluster_members', 'site_templates', 'meta') "
                    "ORDER BY name"),
              ElementsAre("cluster_members", "clusters", "meta", "relations", "site_templates"));
}

TEST_F(SqliteStoreTest, ReopenKeepsDataAndVersion) {
  int64_t id = 0;
  {
    auto store = Open();
    auto put = store->PutArticle(0, "a.html", MakeArticle(1, "Title", "Some text"), "");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    id = put->article_id;
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto got = store->GetArticle(id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->article.title, "Title");
  EXPECT_THAT(Query("PRAGMA user_version"), ElementsAre(std::to_string(kSqliteSchemaVersion)));
}

// The tables of schema version 1 (frozen here on purpose: it is what old
// files on disk look like).
constexpr const char* kVersion1Tables = R"sql(
CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '', command TEXT NOT NULL,
  counts TEXT NOT NULL DEFAULT '{}', completed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE articles (id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL, canonical_url TEXT NOT NULL, site TEXT NOT NULL, title TEXT NOT NULL,
  published TEXT NOT NULL, modified TEXT NOT NULL, publisher TEXT NOT NULL,
  language TEXT NOT NULL, text TEXT NOT NULL, json TEXT NOT NULL, raw_html BLOB,
  run_id INTEGER REFERENCES runs(id), ingested_at TEXT NOT NULL);
CREATE TABLE article_authors (article_id INTEGER NOT NULL REFERENCES articles(id)
  ON DELETE CASCADE, name TEXT NOT NULL);
CREATE TABLE article_categories (article_id INTEGER NOT NULL REFERENCES articles(id)
  ON DELETE CASCADE, scheme TEXT NOT NULL, label TEXT NOT NULL);
CREATE TABLE records (record_key TEXT PRIMARY KEY, run_id INTEGER REFERENCES runs(id),
  outcome TEXT NOT NULL, message TEXT NOT NULL DEFAULT '',
  article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_site ON articles(site);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX article_authors_name ON article_authors(name COLLATE NOCASE);
CREATE INDEX article_authors_article ON article_authors(article_id);
CREATE INDEX article_categories_label ON article_categories(label COLLATE NOCASE);
CREATE INDEX article_categories_article ON article_categories(article_id);
CREATE INDEX records_outcome ON records(outcome);
)sql";

// A database as schema version 1 wrote it, with one article and no FTS index.
TEST_F(SqliteStoreTest, MigratesVersion1Database) {
  ExecRaw(std::string(kVersion1Tables) + R"sql(
INSERT INTO articles VALUES (7, 'abc', 'https://old.example/x', '', 'old.example',
  'Migrated headline', '2019-05-01', '', '', 'en', 'Body about glaciers.',
  '{"url":"https://old.example/x","title":"Migrated headline","text":"Body about glaciers."}',
  NULL, NULL, '2019-05-02T00:00:00Z');
PRAGMA user_version = 1;
PRAGMA application_id = 1853060210;
)sql");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_THAT(Query("PRAGMA user_version"), ElementsAre(std::to_string(kSqliteSchemaVersion)));
  auto hits = store->Search("glaciers", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_THAT(HitIds(*hits), ElementsAre(7));
  // New rows are indexed by the migrated triggers.
  ASSERT_TRUE(store->PutArticle(0, "new", MakeArticle(2, "Glaciers again", "ice"), "").ok());
  hits = store->Search("glaciers", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u);
}

// A database as schema version 2 wrote it (version 1 plus the FTS index, frozen
// here), with two articles and no reuse tables.
TEST_F(SqliteStoreTest, MigratesVersion2Database) {
  ExecRaw(std::string(kVersion1Tables) + R"sql(
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
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
INSERT INTO articles VALUES (3, 'h3', 'https://old.example/a', 'https://old.example/canon-a',
  'old.example', 'First', '2019-05-01', '', '', 'en', 'Body about glaciers.',
  '{"url":"https://old.example/a","title":"First","text":"Body about glaciers."}',
  NULL, NULL, '2019-05-02T00:00:00Z');
INSERT INTO articles VALUES (5, 'h5', 'https://copy.example/a', '', 'copy.example',
  'Copy', '2019-05-03', '', '', 'en', 'Body about glaciers.',
  '{"url":"https://copy.example/a","title":"Copy","text":"Body about glaciers."}',
  NULL, NULL, '2019-05-04T00:00:00Z');
PRAGMA user_version = 2;
PRAGMA application_id = 1853060210;
)sql");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_THAT(Query("PRAGMA user_version"), ElementsAre(std::to_string(kSqliteSchemaVersion)));
  auto hits = store->Search("glaciers", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), 2u);
  // The old articles take part in the new tables.
  StoredRelation r{3, 5, "republication", 1.0, 1.0, 3, "none", "{}", {{0, 20, 0, 20}}};
  ASSERT_TRUE(store->PutRelations({r}).ok());
  auto of = store->RelationsOf(5);
  ASSERT_TRUE(of.ok()) << of.status().ToString();
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ((*of)[0].origin_id, 3);
  auto found = store->FindArticle("https://old.example/canon-a");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, 3);
  EXPECT_EQ(*store->MaxArticleId(), 5);
  EXPECT_EQ(*store->TraceWatermark(), 0);
  // Articles from before schema 4 are not scanned for quotes yet.
  EXPECT_EQ(*store->CountArticlesWithoutQuoteScan(), 2);
  ASSERT_TRUE(store->PutQuotes(5, {}).ok());
  EXPECT_THAT(*store->ArticlesWithoutQuoteScan(0, 0), ElementsAre(3));
}

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  ASSERT_NE(Open(), nullptr);
  ExecRaw("PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion + 1));
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr("newer than this newstrace supports"));
}

TEST_F(SqliteStoreTest, RefusesFilesThatAreNotNewstraceDatabases) {
  std::ofstream(path_) << "this is not a database, just some text that is long enough....\n";
  auto text_file = OpenSqliteStore(path_);
  ASSERT_FALSE(text_file.ok());
  EXPECT_EQ(text_file.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(text_file.status().message(), HasSubstr("not a newstrace database"));

  fs::remove(path_);
  ExecRaw("CREATE TABLE other (x)");
  auto other = OpenSqliteStore(path_);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("not a newstrace database"));
}

// --- Writing ---

TEST_F(SqliteStoreTest, ContentHashIsXxh3Of128BitsOfUrlAndText) {
  Article a = MakeArticle(1, "T", "body");
  std::string input = a.url + "\n" + a.text;
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(input.data(), input.size()));
  char hex[33];
  for (int i = 0; i < 16; ++i) snprintf(hex + 2 * i, 3, "%02x", canonical.digest[i]);
  EXPECT_EQ(ContentHash(a), std::string(hex, 32));
  Article b = a;
  b.title = "another title";
  EXPECT_EQ(ContentHash(a), ContentHash(b));
  b.url += "?x";
  EXPECT_NE(ContentHash(a), ContentHash(b));
}

TEST_F(SqliteStoreTest, PutArticleStoresOnceAndRecordsDuplicates) {
  auto store = Open();
  auto run = store->BeginRun("newstrace ingest x");
  ASSERT_TRUE(run.ok());
  Article a = MakeArticle(1, "Title", "Same text");
  auto first = store->PutArticle(*run, "x#0", a, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->inserted);
  auto second = store->PutArticle(*run, "x#100", a, "");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->inserted);
  EXPECT_EQ(second->article_id, first->article_id);
  // The first record again (a resumed run): nothing changes.
  auto again = store->PutArticle(*run, "x#0", a, "");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->article_id, first->article_id);

  EXPECT_TRUE(*store->HasRecord("x#0"));
  EXPECT_TRUE(*store->HasRecord("x#100"));
  EXPECT_FALSE(*store->HasRecord("x#200"));
  auto errors = Errors(*store);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].record_key, "x#100");
  EXPECT_EQ(errors[0].outcome, "duplicate");
  EXPECT_EQ(errors[0].article_id, first->article_id);
  EXPECT_THAT(Query("SELECT outcome FROM records WHERE record_key = 'x#0'"),
              ElementsAre("article"));
  EXPECT_THAT(Query("SELECT count(*) FROM articles"), ElementsAre("1"));
  EXPECT_THAT(Query("SELECT content_hash FROM articles"), ElementsAre(ContentHash(a)));
  EXPECT_THAT(Query("SELECT name FROM article_authors"), ElementsAre("Jane Doe"));
}

TEST_F(SqliteStoreTest, PutOutcomeReplacesAndKeepsOrder) {
  auto store = Open();
  ASSERT_TRUE(store->PutOutcome(0, {"b.warc#10", "bad_gzip", "invalid block type", 0}).ok());
  ASSERT_TRUE(store->PutOutcome(0, {"a.warc#5", "not_html", "image/png", 0}).ok());
  ASSERT_TRUE(store->PutOutcome(0, {"b.warc#10", "truncated", "unexpected end", 0}).ok());
  auto errors = Errors(*store);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].record_key, "b.warc#10");
  EXPECT_EQ(errors[0].outcome, "truncated");
  EXPECT_EQ(errors[0].message, "unexpected end");
  EXPECT_EQ(errors[1].record_key, "a.warc#5");
  Status empty = store->PutOutcome(0, {"", "bad_gzip", "", 0});
  EXPECT_EQ(empty.code(), ErrorCode::kInvalidArgument);
  // Stopping early.
  int seen = 0;
  ASSERT_TRUE(store->ForEachError([&](const RecordOutcome&) { return ++seen < 1; }).ok());
  EXPECT_EQ(seen, 1);
}

TEST_F(SqliteStoreTest, RawHtmlIsZstdCompressedOrNull) {
  auto store = Open();
  std::string html = "<html><body>";
  for (int i = 0; i < 200; ++i) html += "<p>paragraph " + std::to_string(i) + "</p>";
  html += "</body></html>";
  ASSERT_TRUE(store->PutArticle(0, "with", MakeArticle(1, "A", "one"), html).ok());
  ASSERT_TRUE(store->PutArticle(0, "without", MakeArticle(2, "B", "two"), "").ok());
  EXPECT_THAT(Query("SELECT raw_html IS NULL FROM articles ORDER BY id"), ElementsAre("0", "1"));
  std::string blob = Query("SELECT raw_html FROM articles WHERE id = 1").at(0);
  EXPECT_LT(blob.size(), html.size());
  std::string out(html.size(), '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), blob.data(), blob.size());
  ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
  out.resize(n);
  EXPECT_EQ(out, html);
}

TEST_F(SqliteStoreTest, InvalidUtf8ArticleIsRejectedAndNothingStored) {
  auto store = Open();
  auto put = store->PutArticle(0, "bad", MakeArticle(1, "T", "bad \xff byte"), "");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), ErrorCode::kBadRecord);
  EXPECT_THAT(put.status().message(), HasSubstr("bad"));
  EXPECT_THAT(Query("SELECT count(*) FROM articles"), ElementsAre("0"));
  EXPECT_FALSE(*store->HasRecord("bad"));
}

// --- Batches ---

TEST_F(SqliteStoreTest, BatchIsCommittedTogether) {
  auto store = Open();
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_EQ(store->BeginBatch().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(store->PutArticle(0, "r1", MakeArticle(1, "A", "one"), "").ok());
  ASSERT_TRUE(store->PutOutcome(0, {"r2", "not_html", "pdf", 0}).ok());
  // Another connection does not see the open batch.
  EXPECT_THAT(Query("SELECT count(*) FROM records"), ElementsAre("0"));
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_THAT(Query("SELECT count(*) FROM records"), ElementsAre("2"));
  EXPECT_EQ(store->CommitBatch().code(), ErrorCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, UncommittedBatchIsGoneAfterClose) {
  {
    auto store = Open();
    ASSERT_TRUE(store->PutArticle(0, "kept", MakeArticle(1, "A", "one"), "").ok());
    ASSERT_TRUE(store->BeginBatch().ok());
    ASSERT_TRUE(store->PutArticle(0, "lost", MakeArticle(2, "B", "two"), "").ok());
    ASSERT_TRUE(store->PutOutcome(0, {"lost2", "bad_gzip", "", 0}).ok());
  }
  auto store = Open();
  EXPECT_TRUE(*store->HasRecord("kept"));
  EXPECT_FALSE(*store->HasRecord("lost"));
  EXPECT_FALSE(*store->HasRecord("lost2"));
  EXPECT_THAT(ArticleIds(*store, {}), ElementsAre(1));
  auto hits = store->Search("two", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

// A process killed mid-batch (no destructor, no rollback, WAL left behind).
TEST_F(SqliteStoreTest, KilledProcessLeavesOnlyCommittedBatches) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto opened = OpenSqliteStore(path_);
    if (!opened.ok()) _exit(2);
    Store& store = **opened;
    if (!store.BeginBatch().ok()) _exit(3);
    for (int i = 0; i < 10; ++i) {
      if (!store
               .PutArticle(0, "c#" + std::to_string(i),
                           MakeArticle(i, "C", "committed " + std::to_string(i)), "")
               .ok()) {
        _exit(4);
      }
    }
    if (!store.CommitBatch().ok()) _exit(5);
    if (!store.BeginBatch().ok()) _exit(6);
    for (int i = 10; i < 20; ++i) {
      (void)store.PutArticle(0, "u#" + std::to_string(i),
                             MakeArticle(i, "U", "uncommitted " + std::to_string(i)), "");
    }
    raise(SIGKILL);
    _exit(7);
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exit " << WEXITSTATUS(wstatus);
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ArticleIds(*store, {}).size(), 10u);
  EXPECT_TRUE(*store->HasRecord("c#9"));
  EXPECT_FALSE(*store->HasRecord("u#10"));
  EXPECT_THAT(Query("PRAGMA integrity_check"), ElementsAre("ok"));
  ExecRaw("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')");
  // The store is writable again.
  ASSERT_TRUE(store->PutArticle(0, "u#10", MakeArticle(10, "U", "uncommitted 10"), "").ok());
}

TEST_F(SqliteStoreTest, RefusedRecordInsideBatchLeavesTheBatchIntact) {
  auto store = Open();
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutArticle(0, "good", MakeArticle(1, "A", "one"), "").ok());
  PreparedArticle not_utf8 = PrepareArticle(MakeArticle(2, "B", "two"), "");
  not_utf8.valid_utf8 = false;
  EXPECT_EQ(store->PutArticle(0, "bad-utf8", not_utf8).status().code(), ErrorCode::kBadRecord);
  PreparedArticle bad_span = PrepareArticle(MakeArticle(3, "C", "three"), "");
  Quote backwards;
  backwards.kind = "direct";
  backwards.text = "three";
  backwards.begin = 5;
  backwards.end = 2;  // ends before it begins
  bad_span.quotes = {backwards};
  bad_span.quotes_scanned = true;
  EXPECT_EQ(store->PutArticle(0, "bad-span", bad_span).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->PutQuotes(1, {backwards}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->PutQuotes(99, {}).code(), ErrorCode::kNotFound);
  // Run 42 does not exist: the article's own row is refused, nothing changed.
  EXPECT_EQ(store->PutArticle(42, "no-run", MakeArticle(5, "E", "five"), "").status().code(),
            ErrorCode::kIoError);
  ASSERT_TRUE(store->PutArticle(0, "good2", MakeArticle(4, "D", "four"), "").ok());
  ASSERT_TRUE(store->CommitBatch().ok()) << "batch survives refused records";
  EXPECT_THAT(Query("SELECT record_key FROM records ORDER BY rowid"), ElementsAre("good", "good2"));
  EXPECT_THAT(Query("SELECT count(*) FROM articles"), ElementsAre("2"));
  EXPECT_THAT(Query("SELECT count(*) FROM quotes"), ElementsAre("0"));
}

// Without a savepoint per write (see Write), a write that fails after it
// changed rows takes the whole batch with it, and says so.
TEST_F(SqliteStoreTest, FailedWriteInsideBatchRollsTheBatchBack) {
  auto store = Open();
  // The second author is refused after the article row and the first author
  // went in.
  ExecRaw(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON article_authors WHEN NEW.name = 'Boom' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutArticle(0, "good", MakeArticle(1, "A", "one"), "").ok());
  Article bad = MakeArticle(2, "B", "two");
  bad.authors = {"X", "Boom"};
  auto put = store->PutArticle(0, "bad", bad, "");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), ErrorCode::kIoError);
  EXPECT_THAT(put.status().message(), HasSubstr("the batch was rolled back"));
  EXPECT_EQ(store->CommitBatch().code(), ErrorCode::kInvalidArgument) << "no batch is open";
  EXPECT_THAT(Query("SELECT count(*) FROM articles"), ElementsAre("0"));
  EXPECT_THAT(Query("SELECT count(*) FROM records"), ElementsAre("0"));
  // The store takes writes and batches again.
  ASSERT_TRUE(store->PutArticle(0, "good", MakeArticle(1, "A", "one"), "").ok());
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutArticle(0, "good2", MakeArticle(3, "C", "three"), "").ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_THAT(Query("SELECT record_key FROM records ORDER BY rowid"), ElementsAre("good", "good2"));
  ExecRaw("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')");
}

TEST_F(SqliteStoreTest, TenThousandInsertsInOneBatch) {
  auto store = Open();
  ASSERT_TRUE(store->BeginBatch().ok());
  for (int i = 0; i < 10000; ++i) {
    auto put = store->PutArticle(
        0, "big#" + std::to_string(i),
        MakeArticle(i, "Title " + std::to_string(i), "text number " + std::to_string(i)), "");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    ASSERT_TRUE(put->inserted);
  }
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_THAT(Query("SELECT count(*) FROM articles"), ElementsAre("10000"));
  EXPECT_THAT(Query("SELECT count(*) FROM records WHERE outcome = 'article'"),
              ElementsAre("10000"));
  auto hits = store->Search("\"number 9999\"", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
}

// --- Search ---

class SqliteSearchTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    // 1: the words in the title; 2: only in the text, once; 3: in the text,
    // other site, other author, tagged; 4: unrelated.
    Article a1 = MakeArticle(1, "Broadcaster leaked report", "A story about the day.");
    a1.published = "2020-01-16T08:00:00Z";
    Article a2 = MakeArticle(2, "Weather", "Later a broadcaster mentioned a leaked report too.");
    a2.published = "2020-02-01";
    Article a3 = MakeArticle(3, "Elsewhere", "The leaked report reached a broadcaster abroad.");
    a3.site = "other.net";
    a3.authors = {"John Smith", "Ann Lee"};
    a3.categories = {{"Region", "Europe"}};
    a3.published = "2020-01-31T23:59:59Z";
    Article a4 = MakeArticle(4, "Sports", "Nothing to see here.");
    a4.published = "";
    for (const Article* a : {&a1, &a2, &a3, &a4}) {
      auto put = store_->PutArticle(0, a->url, *a, "");
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
  }

  std::vector<int64_t> SearchIds(const std::string& query, const ArticleFilter& filter = {}) {
    auto hits = store_->Search(query, filter);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    return hits.ok() ? HitIds(*hits) : std::vector<int64_t>{};
  }

  std::unique_ptr<Store> store_;
};

TEST_F(SqliteSearchTest, RanksTitleMatchesFirstWithSnippets) {
  auto hits = store_->Search("leaked report", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 3u);
  EXPECT_EQ((*hits)[0].article_id, 1);
  EXPECT_EQ((*hits)[0].title, "Broadcaster leaked report");
  EXPECT_EQ((*hits)[0].url, "https://example.org/news/1");
  EXPECT_EQ((*hits)[0].site, "example.org");
  EXPECT_EQ((*hits)[0].published, "2020-01-16T08:00:00Z");
  EXPECT_THAT((*hits)[0].snippet, HasSubstr("[leaked] [report]"));
  EXPECT_LE((*hits)[0].rank, (*hits)[1].rank);
  EXPECT_LE((*hits)[1].rank, (*hits)[2].rank);
  EXPECT_LT((*hits)[0].rank, 0);  // bm25: more negative is better
  EXPECT_THAT((*hits)[1].snippet, HasSubstr("[leaked]"));
  // Diacritics and case fold.
  EXPECT_THAT(SearchIds("BROADCÁSTER"), ::testing::UnorderedElementsAre(1, 2, 3));
  EXPECT_THAT(SearchIds("\"leaked report\" NOT weather"), ::testing::UnorderedElementsAre(1, 3));
}

TEST_F(SqliteSearchTest, Filters) {
  EXPECT_THAT(SearchIds("report", {.site = "other.net"}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.author = "ann lee"}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.category = "europe"}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.since = "2020-01-20"}), ::testing::UnorderedElementsAre(2, 3));
  // until is inclusive on the prefix: "2020-01" keeps all of January.
  EXPECT_THAT(SearchIds("report", {.until = "2020-01"}), ::testing::UnorderedElementsAre(1, 3));
  EXPECT_THAT(SearchIds("report", {.since = "2020-01-31", .until = "2020-01-31"}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.until = "2020-01-16"}), ElementsAre(1));
  EXPECT_THAT(SearchIds("report", {.limit = 1}), ElementsAre(1));
  // The best k are taken after the filters: the overall best is filtered out.
  EXPECT_THAT(SearchIds("report", {.site = "other.net", .limit = 1}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.since = "2020-01-20", .limit = 1}), ElementsAre(3));
  EXPECT_THAT(SearchIds("report", {.site = "example.org", .author = "Jane Doe"}),
              ::testing::UnorderedElementsAre(1, 2));
  EXPECT_TRUE(SearchIds("report", {.site = "nowhere"}).empty());
  // Values are bound, not spliced: quotes in a filter are just characters.
  EXPECT_TRUE(SearchIds("report", {.site = "x' OR '1'='1"}).empty());
}

TEST_F(SqliteSearchTest, RanksAsFts5Bm25AndSeesNewArticles) {
  // The store's ranking equals FTS5's bm25() with the title weighing 10.
  auto reference = [&](const std::string& query) {
    return Query(
        "SELECT rowid || ' ' || printf('%.12g', bm25(articles_fts, 10.0, 1.0)) FROM "
        "articles_fts WHERE articles_fts MATCH '" +
        query +
        "' ORDER BY "
        "bm25(articles_fts, 10.0, 1.0), rowid DESC");
  };
  auto ranked = [&](const std::string& query) {
    std::vector<std::string> rows;
    auto hits = store_->Search(query, {});
    EXPECT_TRUE(hits.ok());
    if (!hits.ok()) return rows;
    for (const SearchHit& h : *hits) {
      char rank[64];
      std::snprintf(rank, sizeof rank, "%.12g", h.rank);
      rows.push_back(std::to_string(h.article_id) + " " + rank);
    }
    return rows;
  };
  EXPECT_EQ(ranked("report"), reference("report"));
  EXPECT_EQ(ranked("leaked OR broadcaster"), reference("leaked OR broadcaster"));
  // A query repeated after a write uses the new statistics and rows.
  Article a5 = MakeArticle(5, "Report report", "A report on the report.");
  ASSERT_TRUE(store_->PutArticle(0, a5.url, a5, "").ok());
  EXPECT_EQ(ranked("report"), reference("report"));
  EXPECT_EQ(SearchIds("report").front(), 5);
}

TEST_F(SqliteStoreTest, CompactSearchIndexMergesSegmentsAndKeepsResults) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (int batch = 0; batch < 3; ++batch) {
    ASSERT_TRUE(store->BeginBatch().ok());
    for (int i = 0; i < 20; ++i) {
      const int n = batch * 100 + i;
      Article a = MakeArticle(
          n, "Budget vote " + std::to_string(n),
          "The council debated the budget " + std::to_string(n % 7) + " times before the vote.");
      ASSERT_TRUE(store->PutArticle(0, a.url, a, "").ok());
    }
    ASSERT_TRUE(store->CommitBatch().ok());
  }
  const auto segments = [&] {
    return Query("SELECT count(DISTINCT segid) FROM articles_fts_idx").front();
  };
  ASSERT_NE(segments(), "1");  // one segment per transaction
  auto before = store->Search("budget vote", {.limit = 10});
  ASSERT_TRUE(before.ok());
  // A small write next to a large store: a bounded step only.
  ASSERT_TRUE(store->CompactSearchIndex(1).ok());
  // The write was the whole store: everything merges.
  ASSERT_TRUE(store->CompactSearchIndex(60).ok());
  EXPECT_EQ(segments(), "1");
  auto after = store->Search("budget vote", {.limit = 10});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(HitIds(*after), HitIds(*before));
  EXPECT_TRUE(store->CompactSearchIndex(0).ok());
}

TEST_F(SqliteSearchTest, MalformedQueryIsInvalidArgument) {
  for (const char* query : {"\"unbalanced", "AND AND", "nosuchcolumn: word", "", "report)"}) {
    auto hits = store_->Search(query, {});
    ASSERT_FALSE(hits.ok()) << query;
    EXPECT_EQ(hits.status().code(), ErrorCode::kInvalidArgument) << query;
    EXPECT_FALSE(hits.status().message().empty());
  }
  auto hits = store_->Search("AND AND", {});
  EXPECT_THAT(hits.status().message(), HasSubstr("fts5: syntax error"));
  // The store still works afterwards.
  EXPECT_EQ(SearchIds("report").size(), 3u);
}

// --- Reading ---

TEST_F(SqliteStoreTest, ExportRoundTripsEveryField) {
  auto store = Open();
  Article full = FullArticle();
  auto put = store->PutArticle(0, "seed", full, "<html></html>");
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  Article empty;  // every field empty
  empty.url = "https://e.example/";
  ASSERT_TRUE(store->PutArticle(0, "empty", empty, "").ok());

  std::vector<StoredArticle> exported;
  ASSERT_TRUE(store
                  ->ForEachArticle({},
                                   [&](const StoredArticle& a) {
                                     exported.push_back(a);
                                     return true;
                                   })
                  .ok());
  ASSERT_EQ(exported.size(), 2u);
  EXPECT_EQ(exported[0].id, put->article_id);
  EXPECT_EQ(exported[0].content_hash, ContentHash(full));
  ExpectSameArticle(exported[0].article, full);
  ExpectSameArticle(exported[1].article, empty);

  auto got = store->GetArticle(put->article_id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  ExpectSameArticle((*got)->article, full);
  auto missing = store->GetArticle(999);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(SqliteStoreTest, ForEachArticleFiltersStreamsAndStops) {
  auto store = Open();
  for (int i = 1; i <= 5; ++i) {
    Article a = MakeArticle(i, "T", "text " + std::to_string(i));
    a.site = i % 2 ? "odd.example" : "even.example";
    a.published = "2020-0" + std::to_string(i) + "-10";
    if (i == 3) a.authors = {"Someone Else"};
    if (i == 4) a.categories = {{"tag", "Climate"}};
    ASSERT_TRUE(store->PutArticle(0, "r" + std::to_string(i), a, "").ok());
  }
  EXPECT_THAT(ArticleIds(*store, {}), ElementsAre(1, 2, 3, 4, 5));
  EXPECT_THAT(ArticleIds(*store, {.site = "odd.example"}), ElementsAre(1, 3, 5));
  EXPECT_THAT(ArticleIds(*store, {.author = "someone else"}), ElementsAre(3));
  EXPECT_THAT(ArticleIds(*store, {.category = "Climate"}), ElementsAre(4));
  EXPECT_THAT(ArticleIds(*store, {.since = "2020-02", .until = "2020-04"}), ElementsAre(2, 3, 4));
  EXPECT_THAT(ArticleIds(*store, {.limit = 2}), ElementsAre(1, 2));
  int calls = 0;
  ASSERT_TRUE(store->ForEachArticle({}, [&](const StoredArticle&) { return ++calls < 3; }).ok());
  EXPECT_EQ(calls, 3);
}

TEST_F(SqliteStoreTest, Stats) {
  auto store = Open();
  Article a = MakeArticle(1, "A", "one");
  Article b = MakeArticle(2, "B", "two");
  b.published = "2020-02-03T10:00:00Z";
  b.language = "de";
  Article c = MakeArticle(3, "C", "three");
  c.site = "other.example";
  c.published = "";
  c.language = "";
  for (const Article* x : {&a, &b, &c}) ASSERT_TRUE(store->PutArticle(0, x->url, *x, "").ok());
  ASSERT_TRUE(store->PutArticle(0, "dup", a, "").ok());
  ASSERT_TRUE(store->PutOutcome(0, {"g1", "bad_gzip", "", 0}).ok());
  ASSERT_TRUE(store->PutOutcome(0, {"g2", "bad_gzip", "", 0}).ok());
  ASSERT_TRUE(store->PutOutcome(0, {"s1", "skipped", "", 0}).ok());
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  using Counts = std::map<std::string, int64_t>;
  EXPECT_EQ((*stats)["site"], (Counts{{"example.org", 2}, {"other.example", 1}}));
  EXPECT_EQ((*stats)["language"], (Counts{{"", 1}, {"de", 1}, {"en", 1}}));
  EXPECT_EQ((*stats)["month"], (Counts{{"", 1}, {"2020-01", 1}, {"2020-02", 1}}));
  EXPECT_EQ((*stats)["error"], (Counts{{"bad_gzip", 2}, {"duplicate", 1}, {"skipped", 1}}));
}

TEST_F(SqliteStoreTest, Runs) {
  auto store = Open();
  auto r1 = store->BeginRun("newstrace ingest --db c.db a.warc.gz");
  ASSERT_TRUE(r1.ok());
  ASSERT_TRUE(store->PutArticle(*r1, "a#0", MakeArticle(1, "A", "one"), "").ok());
  ASSERT_TRUE(store->PutOutcome(*r1, {"a#9", "bad_gzip", "bad member", 0}).ok());
  ASSERT_TRUE(store->FinishRun(*r1, {{"article", 1}, {"bad_gzip", 1}, {"read", 2}}, true).ok());
  auto r2 = store->BeginRun("newstrace ingest --db c.db b.warc.gz");  // stopped by Ctrl-C
  ASSERT_TRUE(r2.ok());
  ASSERT_TRUE(store->FinishRun(*r2, {{"read", 5}}, false).ok());
  auto r3 = store->BeginRun("newstrace ingest --db c.db c.warc.gz");  // killed
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(store->FinishRun(999, {}, true).code(), ErrorCode::kNotFound);

  auto runs = store->Runs();
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 3u);
  const RunSummary& done = (*runs)[0];
  EXPECT_EQ(done.run_id, *r1);
  EXPECT_EQ(done.command, "newstrace ingest --db c.db a.warc.gz");
  EXPECT_TRUE(done.completed);
  EXPECT_EQ(done.counts,
            (std::map<std::string, int64_t>{{"article", 1}, {"bad_gzip", 1}, {"read", 2}}));
  EXPECT_THAT(done.started_at, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z"));
  EXPECT_FALSE(done.finished_at.empty());
  const RunSummary& stopped = (*runs)[1];
  EXPECT_FALSE(stopped.completed);
  EXPECT_FALSE(stopped.finished_at.empty());
  EXPECT_EQ(stopped.counts, (std::map<std::string, int64_t>{{"read", 5}}));
  const RunSummary& killed = (*runs)[2];
  EXPECT_FALSE(killed.completed);
  EXPECT_TRUE(killed.finished_at.empty());
  EXPECT_TRUE(killed.counts.empty());
  EXPECT_THAT(Query("SELECT run_id FROM records ORDER BY rowid"),
              ElementsAre(std::to_string(*r1), std::to_string(*r1)));
}

// --- Reuse ---

// Puts `n` articles (ids 1..n) on example.org.
void PutArticles(Store& store, int n) {
  for (int i = 1; i <= n; ++i) {
    auto put =
        store.PutArticle(0, "r" + std::to_string(i),
                         MakeArticle(i, "T" + std::to_string(i), "text " + std::to_string(i)), "");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    ASSERT_EQ(put->article_id, i);
  }
}

std::vector<StoredRelation> AllRelations(Store& store) {
  std::vector<StoredRelation> relations;
  Status s = store.ForEachRelation([&](const StoredRelation& r) {
    relations.push_back(r);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return relations;
}

std::vector<std::pair<int64_t, int64_t>> Pairs(const std::vector<StoredRelation>& relations) {
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (const StoredRelation& r : relations) pairs.push_back({r.a_id, r.b_id});
  return pairs;
}

std::vector<StoredCluster> AllClusters(Store& store) {
  std::vector<StoredCluster> clusters;
  Status s = store.ForEachCluster([&](const StoredCluster& c) {
    clusters.push_back(c);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return clusters;
}

void ExpectSameRelation(const StoredRelation& got, const StoredRelation& want) {
  EXPECT_EQ(got.a_id, want.a_id);
  EXPECT_EQ(got.b_id, want.b_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_DOUBLE_EQ(got.a_shared, want.a_shared);
  EXPECT_DOUBLE_EQ(got.b_shared, want.b_shared);
  EXPECT_EQ(got.origin_id, want.origin_id);
  EXPECT_EQ(got.credit, want.credit);
  EXPECT_EQ(got.evidence_json, want.evidence_json);
  EXPECT_EQ(got.passages, want.passages);
}

using Pair = std::pair<int64_t, int64_t>;

TEST_F(SqliteStoreTest, RelationsRoundTripInKeyOrder) {
  auto store = Open();
  PutArticles(*store, 4);
  StoredRelation r13{1,
                     3,
                     "excerpt",
                     0.25,
                     0.75,
                     0,
                     "",
                     R"({"terms":"none"})",
                     {{0, 10, 5, 15}, {20, 4000000000u, 30, 40}}};
  StoredRelation r12{1,
                     2,
                     "republication",
                     0.9,
                     0.95,
                     1,
                     "linked",
                     R"({"origin":{"published":["2020-01-01","2020-01-02"]}})",
                     {{0, 6, 0, 6}}};
  StoredRelation r24{2, 4, "duplicate", 1.0, 1.0, 4, "named", "", {}};
  ASSERT_TRUE(store->PutRelations({r13, r12, r24}).ok());
  auto all = AllRelations(*store);
  ASSERT_THAT(Pairs(all), ElementsAre(Pair{1, 2}, Pair{1, 3}, Pair{2, 4}));
  ExpectSameRelation(all[0], r12);
  ExpectSameRelation(all[1], r13);
  ExpectSameRelation(all[2], r24);
  EXPECT_THAT(Query("SELECT quote(origin_id) || ' ' || quote(credit) FROM relations "
                    "ORDER BY a_id, b_id"),
              ElementsAre("1 'linked'", "NULL NULL", "4 'named'"));

  auto of2 = store->RelationsOf(2);
  ASSERT_TRUE(of2.ok()) << of2.status().ToString();
  EXPECT_THAT(Pairs(*of2), ElementsAre(Pair{1, 2}, Pair{2, 4}));
  auto of9 = store->RelationsOf(9);
  ASSERT_TRUE(of9.ok());
  EXPECT_TRUE(of9->empty());

  int calls = 0;
  ASSERT_TRUE(store->ForEachRelation([&](const StoredRelation&) { return ++calls < 2; }).ok());
  EXPECT_EQ(calls, 2);
}

TEST_F(SqliteStoreTest, PutRelationsReplacesByKeyAndIsIdempotent) {
  auto store = Open();
  PutArticles(*store, 3);
  StoredRelation r{1, 2, "excerpt", 0.1, 0.2, 0, "", "{}", {{0, 1, 0, 1}}};
  ASSERT_TRUE(store->PutRelations({r}).ok());
  ASSERT_TRUE(store->PutRelations({r}).ok());
  EXPECT_THAT(Query("SELECT count(*) FROM relations"), ElementsAre("1"));
  StoredRelation replaced{1, 2, "republication", 0.8, 0.9, 2, "none", "[1]", {{2, 3, 4, 5}}};
  ASSERT_TRUE(store->PutRelations({replaced}).ok());
  auto all = AllRelations(*store);
  ASSERT_EQ(all.size(), 1u);
  ExpectSameRelation(all[0], replaced);
  // Inside a batch, too.
  ASSERT_TRUE(store->BeginBatch().ok());
  ASSERT_TRUE(store->PutRelations({{2, 3, "duplicate", 1, 1, 0, "", "", {}}}).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_THAT(Query("SELECT count(*) FROM relations"), ElementsAre("2"));
}

TEST_F(SqliteStoreTest, PutRelationsRejectsBadRowsAndStoresNothing) {
  auto store = Open();
  PutArticles(*store, 3);
  const StoredRelation good{1, 2, "excerpt", 0.1, 0.2, 0, "", "{}", {}};
  const std::vector<StoredRelation> bad = {
      {2, 1, "excerpt", 0, 0, 0, "", "", {}},       // a_id > b_id
      {1, 1, "excerpt", 0, 0, 0, "", "", {}},       // a_id == b_id
      {1, 3, "excerpt", 0, 0, 2, "", "", {}},       // origin not a or b
      {1, 3, "quotation", 0, 0, 0, "", "", {}},     // unknown kind
      {1, 3, "excerpt", 0, 0, 1, "maybe", "", {}},  // unknown credit
      {1, 3, "excerpt", 0, 0, 0, "", "{not json", {}},
      {1, 3, "excerpt", 0, 0, 0, "", "", {{5, 4, 0, 1}}},  // ends before it begins
  };
  for (const StoredRelation& r : bad) {
    Status s = store->PutRelations({good, r});
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << r.a_id << "-" << r.b_id << " " << r.kind;
  }
  // An article that does not exist: the foreign key fails, the whole call is undone.
  Status s = store->PutRelations({good, {1, 99, "excerpt", 0, 0, 0, "", "", {}}});
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(Query("SELECT count(*) FROM relations"), ElementsAre("0"));
}

TEST_F(SqliteStoreTest, CorruptStoredPassagesAreBadRecord) {
  {
    auto store = Open();
    PutArticles(*store, 2);
    ASSERT_TRUE(store->PutRelations({{1, 2, "excerpt", 0, 0, 0, "", "", {{0, 1, 0, 1}}}}).ok());
  }
  ExecRaw(R"(UPDATE relations SET passages = '[{"a_begin":0}]')");
  auto store = Open();
  Status s = store->ForEachRelation([](const StoredRelation&) { return true; });
  EXPECT_EQ(s.code(), ErrorCode::kBadRecord);
  EXPECT_EQ(store->RelationsOf(1).status().code(), ErrorCode::kBadRecord);
}

TEST_F(SqliteStoreTest, ReplaceClustersReplacesAllAndStreamsInOrder) {
  auto store = Open();
  PutArticles(*store, 6);
  ASSERT_TRUE(
      store->ReplaceClusters({{3, {5, 3, 4}, 4, R"(["earliest published"])"}, {1, {1, 2}, 0, ""}})
          .ok());
  auto clusters = AllClusters(*store);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].cluster_id, 1);
  EXPECT_THAT(clusters[0].article_ids, ElementsAre(1, 2));
  EXPECT_EQ(clusters[0].origin_id, 0);
  EXPECT_EQ(clusters[0].evidence_json, "");
  EXPECT_EQ(clusters[1].cluster_id, 3);
  EXPECT_THAT(clusters[1].article_ids, ElementsAre(3, 4, 5));
  EXPECT_EQ(clusters[1].origin_id, 4);
  EXPECT_EQ(clusters[1].evidence_json, R"(["earliest published"])");
  int calls = 0;
  ASSERT_TRUE(store->ForEachCluster([&](const StoredCluster&) { return ++calls < 1; }).ok());
  EXPECT_EQ(calls, 1);

  ASSERT_TRUE(store->ReplaceClusters({{1, {1, 2, 6}, 6, "{}"}}).ok());
  clusters = AllClusters(*store);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_THAT(clusters[0].article_ids, ElementsAre(1, 2, 6));
  EXPECT_THAT(Query("SELECT count(*) FROM cluster_members"), ElementsAre("3"));

  // Invalid input leaves the clusters as they were.
  EXPECT_EQ(store->ReplaceClusters({{1, {1, 2}, 0, ""}, {3, {2, 3}, 0, ""}}).code(),
            ErrorCode::kInvalidArgument);  // article 2 twice
  EXPECT_EQ(store->ReplaceClusters({{1, {1}, 0, ""}, {1, {3}, 0, ""}}).code(),
            ErrorCode::kInvalidArgument);  // cluster id twice
  EXPECT_EQ(store->ReplaceClusters({{1, {1, 2}, 5, ""}}).code(),
            ErrorCode::kInvalidArgument);  // origin outside
  EXPECT_EQ(store->ReplaceClusters({{1, {1, 2}, 0, "{"}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store->ReplaceClusters({{1, {1, 77}, 0, ""}}).ok());  // no article 77
  ASSERT_EQ(AllClusters(*store).size(), 1u);
  EXPECT_THAT(AllClusters(*store)[0].article_ids, ElementsAre(1, 2, 6));

  ASSERT_TRUE(store->ReplaceClusters({}).ok());
  EXPECT_TRUE(AllClusters(*store).empty());
}

TEST_F(SqliteStoreTest, ReplaceTemplatesReplacesOnlyTheGivenSites) {
  auto store = Open();
  ASSERT_TRUE(store
                  ->ReplaceTemplates({{"a.example", "Share this", 5},
                                      {"a.example", "Subscribe now", 9},
                                      {"b.example", "All rights reserved", 3}})
                  .ok());
  auto all = store->Templates("");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].text, "Subscribe now");
  EXPECT_EQ((*all)[0].documents, 9);
  EXPECT_EQ((*all)[1].text, "Share this");
  EXPECT_EQ((*all)[2].site, "b.example");
  ASSERT_TRUE(store->ReplaceTemplates({{"a.example", "Follow us", 2}}).ok());
  auto a = store->Templates("a.example");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].text, "Follow us");
  auto b = store->Templates("b.example");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].documents, 3);
  EXPECT_TRUE(store->Templates("c.example")->empty());
  EXPECT_EQ(store->ReplaceTemplates({{"b.example", "x", -1}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->Templates("b.example")->size(), 1u);
}

TEST_F(SqliteStoreTest, TraceWatermarkPersists) {
  {
    auto store = Open();
    auto mark = store->TraceWatermark();
    ASSERT_TRUE(mark.ok()) << mark.status().ToString();
    EXPECT_EQ(*mark, 0);
    ASSERT_TRUE(store->SetTraceWatermark(41).ok());
    ASSERT_TRUE(store->SetTraceWatermark(42).ok());
    EXPECT_EQ(store->SetTraceWatermark(-1).code(), ErrorCode::kInvalidArgument);
  }
  auto store = Open();
  EXPECT_EQ(*store->TraceWatermark(), 42);
  ASSERT_TRUE(store->SetTraceWatermark(0).ok());
  EXPECT_EQ(*store->TraceWatermark(), 0);
}

TEST_F(SqliteStoreTest, FindArticleByUrlCanonicalUrlOrId) {
  auto store = Open();
  Article a = MakeArticle(1, "A", "one");
  a.url = "https://www.example.org/a?utm=1";
  a.canonical_url = "https://example.org/a";
  Article b = MakeArticle(2, "B", "two");
  b.url = "https://example.org/a";  // b's url is a's canonical url: the url wins
  b.canonical_url = "";
  ASSERT_TRUE(store->PutArticle(0, "a", a, "").ok());
  ASSERT_TRUE(store->PutArticle(0, "b", b, "").ok());
  auto id_of = [&](const std::string& key) -> int64_t {
    auto found = store->FindArticle(key);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() && found->has_value() ? (*found)->id : 0;
  };
  EXPECT_EQ(id_of("https://www.example.org/a?utm=1"), 1);
  EXPECT_EQ(id_of("https://example.org/a"), 2);
  EXPECT_EQ(id_of("2"), 2);
  EXPECT_EQ(id_of("1"), 1);
  EXPECT_EQ(id_of("3"), 0);
  EXPECT_EQ(id_of("https://nowhere.example/"), 0);
  auto found = store->FindArticle("https://www.example.org/a?utm=1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->article.title, "A");
  EXPECT_EQ(store->FindArticle("").status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, MaxArticleIdAndAfterId) {
  auto store = Open();
  auto empty = store->MaxArticleId();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, 0);
  PutArticles(*store, 5);
  EXPECT_EQ(*store->MaxArticleId(), 5);
  EXPECT_THAT(ArticleIds(*store, {.after_id = 3}), ElementsAre(4, 5));
  EXPECT_THAT(ArticleIds(*store, {.limit = 1, .after_id = 2}), ElementsAre(3));
  EXPECT_TRUE(ArticleIds(*store, {.after_id = 5}).empty());
}

TEST_F(SqliteStoreTest, ForEachArticleTextStreamsIdSiteAndTextInRange) {
  auto store = Open();
  PutArticles(*store, 6);
  auto read = [&](int64_t after, int64_t up_to, int64_t limit) {
    std::vector<std::string> out;
    Status s = store->ForEachArticleText(after, up_to, limit, [&](const ArticleText& a) {
      out.push_back(std::to_string(a.id) + "|" + std::string(a.site) + "|" + std::string(a.text));
      return a.id != 5;  // stop after 5
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  };
  EXPECT_THAT(read(0, 0, 0),
              ElementsAre("1|example.org|text 1", "2|example.org|text 2", "3|example.org|text 3",
                          "4|example.org|text 4", "5|example.org|text 5"));
  EXPECT_THAT(read(2, 4, 0), ElementsAre("3|example.org|text 3", "4|example.org|text 4"));
  EXPECT_THAT(read(1, 0, 2), ElementsAre("2|example.org|text 2", "3|example.org|text 3"));
  EXPECT_TRUE(read(6, 0, 0).empty());
}

TEST_F(SqliteStoreTest, GetArticleRefFallsBackToCanonicalUrlThenSource) {
  auto store = Open();
  Article a = MakeArticle(1, "A", "one");
  Article b = MakeArticle(2, "B", "two");
  b.url = "";
  Article c = MakeArticle(3, "C", "three");
  c.url = "";
  c.canonical_url = "";
  c.source = "dump/page3.html";
  for (const Article* x : {&a, &b, &c}) ASSERT_TRUE(store->PutArticle(0, x->source, *x, "").ok());
  std::vector<std::string> urls;
  for (int64_t id = 1; id <= 3; ++id) {
    auto ref = store->GetArticleRef(id);
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    ASSERT_TRUE(ref->has_value());
    EXPECT_EQ((*ref)->id, id);
    EXPECT_EQ((*ref)->site, "example.org");
    EXPECT_EQ((*ref)->published, "2020-01-16");
    urls.push_back((*ref)->url);
  }
  EXPECT_THAT(urls, ElementsAre(a.url, b.canonical_url, "dump/page3.html"));
  auto missing = store->GetArticleRef(9);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // The Store's default (reading the whole article) agrees.
  auto fallback = store->Store::GetArticleRef(3);
  ASSERT_TRUE(fallback.ok() && fallback->has_value());
  EXPECT_EQ((*fallback)->url, "dump/page3.html");
}

TEST_F(SqliteStoreTest, StatsCountRelationsAndClusters) {
  auto store = Open();
  PutArticles(*store, 4);
  ASSERT_TRUE(store
                  ->PutRelations({{1, 2, "duplicate", 1, 1, 0, "", "", {}},
                                  {1, 3, "excerpt", 0.1, 0.2, 0, "", "", {}},
                                  {2, 3, "excerpt", 0.1, 0.2, 0, "", "", {}}})
                  .ok());
  ASSERT_TRUE(store->ReplaceClusters({{1, {1, 2, 3}, 0, ""}}).ok());
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  using Counts = std::map<std::string, int64_t>;
  EXPECT_EQ((*stats)["relation"], (Counts{{"duplicate", 1}, {"excerpt", 2}}));
  EXPECT_EQ((*stats)["cluster"], (Counts{{"articles", 3}, {"clusters", 1}}));
}

// --- Quotes ---

Quote MakeQuote(const std::string& text, const std::string& speaker, uint32_t begin = 0) {
  Quote q;
  q.kind = "direct";
  q.begin = begin;
  q.end = begin + static_cast<uint32_t>(text.size());
  q.text = text;
  q.speaker = speaker;
  q.speaker_begin = q.end + 2;
  q.speaker_end = q.speaker_begin + static_cast<uint32_t>(speaker.size());
  q.cue = "said";
  return q;
}

std::vector<StoredQuote> AllQuotes(Store& store, const QuoteFilter& filter) {
  std::vector<StoredQuote> quotes;
  Status s = store.ForEachQuote(filter, [&](const StoredQuote& q) {
    quotes.push_back(q);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return quotes;
}

std::vector<std::string> QuoteTexts(const std::vector<StoredQuote>& quotes) {
  std::vector<std::string> texts;
  for (const StoredQuote& q : quotes) texts.push_back(q.quote.text);
  return texts;
}

TEST_F(SqliteStoreTest, PutArticleStoresScannedQuotesInTheSameTransaction) {
  auto store = Open();
  PreparedArticle scanned = PrepareArticle(MakeArticle(1, "A", "We will rebuild, she said."), "");
  scanned.quotes = {MakeQuote("We will rebuild", "Ann Lee")};
  scanned.quotes[0].source = "Remarks at the harbour";
  scanned.quotes[0].source_url = "https://city.example/remarks";
  scanned.quotes_scanned = true;
  PreparedArticle unscanned = PrepareArticle(MakeArticle(2, "B", "No quote here."), "");
  ASSERT_TRUE(store->PutArticle(0, "a", scanned).ok());
  ASSERT_TRUE(store->PutArticle(0, "b", unscanned).ok());
  // The same article again (a duplicate) adds no quotes.
  ASSERT_TRUE(store->PutArticle(0, "a2", scanned).ok());

  auto quotes = AllQuotes(*store, {});
  ASSERT_EQ(quotes.size(), 1u);
  const Quote& q = quotes[0].quote;
  EXPECT_EQ(quotes[0].article_id, 1);
  EXPECT_EQ(quotes[0].ordinal, 0);
  EXPECT_EQ(q.kind, "direct");
  EXPECT_EQ(q.begin, 0u);
  EXPECT_EQ(q.end, 15u);
  EXPECT_EQ(q.text, "We will rebuild");
  EXPECT_EQ(q.speaker, "Ann Lee");
  EXPECT_EQ(q.speaker_begin, 17u);
  EXPECT_EQ(q.speaker_end, 24u);
  EXPECT_EQ(q.cue, "said");
  EXPECT_EQ(q.source, "Remarks at the harbour");
  EXPECT_EQ(q.source_url, "https://city.example/remarks");
  auto unscanned_ids = store->ArticlesWithoutQuoteScan(0, 0);
  ASSERT_TRUE(unscanned_ids.ok());
  EXPECT_THAT(*unscanned_ids, ElementsAre(2));
  EXPECT_EQ(*store->CountArticlesWithoutQuoteScan(), 1);
}

TEST_F(SqliteStoreTest, PutQuotesReplacesMarksScannedAndChecks) {
  auto store = Open();
  PutArticles(*store, 3);
  ASSERT_TRUE(store->PutQuotes(2, {MakeQuote("one", "A"), MakeQuote("two", "B")}).ok());
  ASSERT_TRUE(store->PutQuotes(2, {MakeQuote("three", "C")}).ok());
  ASSERT_TRUE(store->PutQuotes(3, {}).ok());  // scanned, nothing found
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {})), ElementsAre("three"));
  EXPECT_THAT(*store->ArticlesWithoutQuoteScan(0, 0), ElementsAre(1));
  EXPECT_THAT(*store->ArticlesWithoutQuoteScan(1, 0), ElementsAre());

  Status missing = store->PutQuotes(99, {MakeQuote("x", "X")});
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  Quote bad = MakeQuote("bad", "B");
  bad.end = 0;
  bad.begin = 5;
  Status invalid = store->PutQuotes(2, {MakeQuote("kept?", "K"), bad});
  EXPECT_EQ(invalid.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {})), ElementsAre("three"));

  // Deleting the article deletes its quotes and its scan mark.
  ExecRaw("PRAGMA foreign_keys = ON; DELETE FROM articles WHERE id = 2");
  EXPECT_THAT(Query("SELECT count(*) FROM quotes"), ElementsAre("0"));
  EXPECT_THAT(Query("SELECT article_id FROM quote_scans"), ElementsAre("3"));
}

// Full-text rows are added once per transaction (schema 5): within one batch,
// articles with quotes, a refused record, quotes replaced twice and a reused
// quote id must all end up indexed exactly once, and both FTS5 indexes must
// pass their own integrity check.
TEST_F(SqliteStoreTest, FullTextIndexesStayExactAcrossOneBatch) {
  auto store = Open();
  ASSERT_TRUE(store->BeginBatch().ok());
  for (int i = 1; i <= 3; ++i) {
    PreparedArticle p = PrepareArticle(
        MakeArticle(i, "Title " + std::to_string(i), "harbour word" + std::to_string(i)), "");
    p.quotes = {MakeQuote("quoted" + std::to_string(i), "Ann Lee")};
    p.quotes_scanned = true;
    ASSERT_TRUE(store->PutArticle(0, "r" + std::to_string(i), p).ok());
  }
  PreparedArticle broken = PrepareArticle(MakeArticle(4, "Broken", "text"), "");
  broken.valid_utf8 = false;
  EXPECT_FALSE(store->PutArticle(0, "r4", broken).ok());
  // Article 3's quote holds the highest id: replacing it reuses that id.
  ASSERT_TRUE(store->PutQuotes(3, {MakeQuote("replaced", "Bob Roe")}).ok());
  ASSERT_TRUE(store->PutQuotes(3, {MakeQuote("final", "Bob Roe")}).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  ASSERT_TRUE(store->PutQuotes(1, {MakeQuote("later", "Ann Lee")}).ok());

  // The text is kept once, in its column; readers get it back whole.
  EXPECT_THAT(Query("SELECT count(*) FROM articles WHERE instr(json, 'harbour') > 0"),
              ElementsAre("0"));
  auto second = store->GetArticle(2);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->article.text, "harbour word2");
  ExecRaw("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')");
  ExecRaw("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')");
  EXPECT_THAT(Query("SELECT count(*) FROM articles_fts"), ElementsAre("3"));
  EXPECT_THAT(Query("SELECT count(*) FROM quotes_fts"), ElementsAre("3"));
  auto hits = store->Search("word2", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].article_id, 2);
  EXPECT_THAT(Query("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'final'"),
              ElementsAre(Query("SELECT id FROM quotes WHERE text = 'final'")[0]));
  EXPECT_THAT(Query("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'replaced OR "
                    "quoted1 OR quoted3'"),
              ElementsAre("0"));
  EXPECT_THAT(Query("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'later OR quoted2'"),
              ElementsAre("2"));
}

TEST_F(SqliteStoreTest, ForEachQuoteFiltersBySpeakerSurnameArticleAndSource) {
  auto store = Open();
  PutArticles(*store, 2);
  Quote sourced = MakeQuote("harbour words", "Ann Lee");
  sourced.source = "Remarks";
  ASSERT_TRUE(store
                  ->PutQuotes(1, {MakeQuote("first", "Ann Lee"), MakeQuote("second", "Bob Lee"),
                                  sourced, MakeQuote("third", "")})
                  .ok());
  ASSERT_TRUE(store
                  ->PutQuotes(2, {MakeQuote("fourth", "LEE"), MakeQuote("fifth", "Lee_x"),
                                  MakeQuote("sixth", "Annie Lee%")})
                  .ok());
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.speaker = "ann lee"})),
              ElementsAre("first", "harbour words", "fourth"));
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.speaker = "Lee"})),
              ElementsAre("first", "second", "harbour words", "fourth"));
  // LIKE wildcards in the name are literal.
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.speaker = "Lee%"})), ElementsAre("sixth"));
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.speaker = "_x"})), ElementsAre());
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.article_id = 2})),
              ElementsAre("fourth", "fifth", "sixth"));
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.with_source = true})), ElementsAre("harbour words"));
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.limit = 2})), ElementsAre("first", "second"));
  auto all = AllQuotes(*store, {});
  EXPECT_THAT(QuoteTexts(AllQuotes(*store, {.after_id = all[5].id})), ElementsAre("sixth"));
  int seen = 0;
  ASSERT_TRUE(store->ForEachQuote({}, [&](const StoredQuote&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
}

TEST_F(SqliteStoreTest, FindQuoteCandidatesPrefersQuoteMatchesThenText) {
  auto store = Open();
  ASSERT_TRUE(store->PutArticle(0, "1", MakeArticle(1, "Port", "Nothing relevant."), "").ok());
  ASSERT_TRUE(
      store->PutArticle(0, "2", MakeArticle(2, "Text", "The harbour will be rebuilt."), "").ok());
  ASSERT_TRUE(store->PutArticle(0, "3", MakeArticle(3, "Q", "Other words."), "").ok());
  ASSERT_TRUE(store->PutQuotes(3, {MakeQuote("the harbour will be rebuilt", "Ann")}).ok());
  auto ids = store->FindQuoteCandidates({"harbour", "rebuilt"}, 10);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_THAT(*ids, ElementsAre(3, 2));
  EXPECT_THAT(*store->FindQuoteCandidates({"harbour"}, 1), ElementsAre(3));
  // Words are phrases, never FTS5 syntax.
  auto odd = store->FindQuoteCandidates({"NEAR(", "\"x", "harbour*"}, 10);
  ASSERT_TRUE(odd.ok()) << odd.status().ToString();
  EXPECT_THAT(*store->FindQuoteCandidates({}, 10), ElementsAre());
}

TEST_F(SqliteStoreTest, StatsCountQuotes) {
  auto store = Open();
  PutArticles(*store, 2);
  ASSERT_TRUE(store->PutQuotes(1, {MakeQuote("a", "A"), MakeQuote("b", "B")}).ok());
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  using Counts = std::map<std::string, int64_t>;
  EXPECT_EQ((*stats)["quote"], (Counts{{"quotes", 2}, {"scanned", 1}}));
}

}  // namespace
}  // namespace newstrace::store
