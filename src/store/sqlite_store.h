// The SQLite Store (open it with OpenSqliteStore in store.h). What the
// SQLite backend adds to the Store contract:
//
// - One file, WAL mode, synchronous=NORMAL, foreign keys on, a 5 s busy
//   timeout. Readers in other connections see only committed batches.
// - Versioned schema (PRAGMA user_version, PRAGMA application_id "nstr").
//   Opening an older database applies the missing migration steps, each in
//   its own transaction; opening a newer one fails with invalid_argument.
// - Search: FTS5 (unicode61 tokenizer, diacritics folded) over title and
//   text, ranked by bm25 with a title weight of 10 and a text weight of 1;
//   the snippet comes from the best-matching column, matches in [ ], cuts
//   marked with "…". A malformed FTS5 query is invalid_argument with
//   SQLite's message.
// - Filters: site is exact; author and category label are exact but
//   ASCII-case-insensitive; since/until compare ISO 8601 strings as prefixes
//   (until "2020-01" includes "2020-01-31T23:00:00Z"), so they are exact for
//   UTC/"Z" and date-only values and approximate across time zone offsets;
//   articles without a published date never match since/until.
// - ForEachArticle/ForEachError step one statement: memory does not depend
//   on the number of rows. The callback must not write to the same Store.
// - Errors streams outcomes other than "article" (errors, "skipped",
//   "duplicate") in the order they were first stored; Stats "error" counts
//   the same outcomes. Empty values (unknown site, language or month) are
//   counted under "".
// - Re-putting an article for a record_key that already points at it is a
//   no-op (the record keeps its first outcome).
// - Reuse rows (schema 3): relations keyed by (a_id, b_id), upserted;
//   clusters with one row per member (an article is in at most one);
//   template passages per site; the trace watermark in a key-value table.
//   Rows refer to stored articles (foreign keys): putting a relation or a
//   cluster member for an unknown article fails and the whole call is undone.
//   Invalid rows (a_id >= b_id, an origin that is neither side, an unknown
//   kind or credit, evidence that is not JSON, a passage ending before it
//   begins) are invalid_argument before anything is written. Evidence is
//   kept as given ("" = none). ForEachRelation/ForEachCluster step one
//   statement; a cluster is delivered with its members ascending.
// - Quotes (schema 4): one row per quote (article_id, ordinal unique),
//   deleted with their article; a quote_scans row per article whose quotes
//   were looked for (with or without finding any), so that articles stored
//   before schema 4 can be told apart; an external-content FTS5 index
//   (quotes_fts, same tokenizer) over quote text and speaker kept in sync by
//   triggers. FindQuoteCandidates ORs the words as FTS5 phrases (double
//   quotes doubled), so no input is read as FTS5 syntax.
// - FindArticle: a string of decimal digits is an id; otherwise an exact url
//   match (the smallest id), else an exact canonical_url match.
#pragma once

namespace newstrace::store {

// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSqliteSchemaVersion = 5;

}  // namespace newstrace::store
