// Quotations across a corpus (issue 6): every stored article carrying a
// quote, its earliest appearance and its variants (TraceQuote); a speaker's
// quotes grouped by wording (QuotesOfSpeaker); and whether a quote matches
// its source when the source is in the corpus (VerifyQuote).
//
// Matching is word-level and fuzzy (quote_match.h): different punctuation,
// a few changed words and truncation still match. Offsets are byte offsets
// into each article's stored text.
//
// Order: "earliest first" sorts by published instant (CompareInstants in
// provenance.h), articles with an unknown or incomparable date last, ties
// by article id.
//
// Thread safety: as the Store (one thread at a time per Store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/status.h"
#include "provenance/quote_match.h"
#include "store/store.h"

namespace newstrace::provenance {

struct QuoteTraceOptions {
  size_t max_query_bytes = 2000;  // longer queries are invalid_argument
  int64_t max_candidates = 300;   // articles aligned per query
  // Articles aligned when VerifyQuote looks for the earliest earlier carrier
  // (a source neither linked nor named in the corpus): fewer, as --verify
  // does this once per quote.
  int64_t max_source_candidates = 50;
  size_t query_words = 8;  // the rarest-looking words sent to the full-text index
  QuoteMatchParams match;
};

// Where a quote's source is in the corpus and whether the quote matches it.
struct QuoteVerification {
  // "exact": the quote's words appear in the source, in order;
  // "changed": they align with differences (see diff);
  // "not_found": the source is in the corpus but the quote does not align in it;
  // "source_not_in_corpus": no source article was found.
  std::string verdict;
  // How the source was found: "source_url" (an article with that URL or
  // canonical URL), "title" (an article whose title is, or is contained in,
  // the cited source's name, or contains it), "earliest_appearance" (no
  // source named or linked in the corpus: the earliest article published
  // before the quoting one whose text carries the quote).
  std::string found_by;
  int64_t source_article_id = 0;
  std::string source_url;
  std::string source_title;
  std::string source_published;
  uint32_t begin = 0;  // the aligned span in the source's text ("" wording for not_found)
  uint32_t end = 0;
  std::string source_wording;
  // WordDiff(source wording, quote text): [-only in the source-] {+only in the quote+}.
  std::string diff;
  std::string evidence;  // one sentence a reader can check
};

// One article carrying the traced quote.
struct QuoteAppearance {
  store::ArticleRef article;
  std::string title;
  QuoteAlignment match;  // the query's words in the article's text
  std::string wording;   // the article's text at [match.begin, match.end)
  // The stored quote overlapping the span (its speaker, cue, source), if any.
  std::optional<store::StoredQuote> quote;
  // For a stored quote with a source or source link.
  std::optional<QuoteVerification> verification;
};

// A distinct wording (same words, text/words.h) among the appearances.
struct QuoteVariant {
  std::string wording;              // as in its earliest appearance
  std::vector<size_t> appearances;  // indices into QuoteTrace::appearances, earliest first
  bool same_as_first = false;       // same words as the earliest appearance
  std::string diff_from_first;      // WordDiff(earliest wording, this wording)
};

struct QuoteTrace {
  std::string query;
  std::vector<QuoteAppearance> appearances;  // earliest first
  std::vector<QuoteVariant> variants;        // in order of first appearance
  int64_t candidates = 0;                    // articles aligned
  int64_t unscanned_articles = 0;            // articles whose quotes were never looked for
};

// Every stored article whose text carries `query` (accepted by AlignQuote):
// candidates are articles whose stored quotes or text hold some of the
// query's longest words (FindQuoteCandidates, at most max_candidates).
// invalid_argument for an empty query, one above max_query_bytes, or one
// with no words.
Result<QuoteTrace> TraceQuote(store::Store& store, std::string_view query,
                              const QuoteTraceOptions& options = {});

// Finds the source of `quote` (a quote of article `quoting_article_id`) in
// the corpus, in this order: its source_url as an article URL; an article
// whose title matches the source's name (same words, or one's words a
// contiguous part of the other's, at least two words); otherwise the
// earliest earlier article carrying the quote's words. Then aligns the
// quote's text in the source's text. The quoting article is never its own
// source.
Result<QuoteVerification> VerifyQuote(store::Store& store, const Quote& quote,
                                      int64_t quoting_article_id,
                                      const QuoteTraceOptions& options = {});

// A speaker's quotes with the same (fuzzy) wording.
struct SpeakerQuoteGroup {
  std::string wording;  // the earliest quote's text
  struct Member {
    store::StoredQuote quote;
    store::ArticleRef article;
    bool same_as_first = false;
    std::string diff_from_first;  // WordDiff(group wording, this quote's text)
  };
  std::vector<Member> members;  // earliest first
};

// The stored quotes whose speaker matches `name` (QuoteFilter::speaker: case-
// insensitive, surname against full name), at most `limit` quotes (0 = all),
// grouped: a quote joins the first group whose wording it aligns with
// (AlignQuote either way) or that has the same words. Groups are ordered by
// their earliest member.
Result<std::vector<SpeakerQuoteGroup>> QuotesOfSpeaker(store::Store& store, const std::string& name,
                                                       int64_t limit,
                                                       const QuoteMatchParams& params = {});

// Sorts `items` earliest first by published(item) (unknown dates last), then
// by id(item). Insertion sort: safe for incomparable dates, quadratic (meant
// for hundreds of items).
template <typename T, typename Published, typename Id>
void SortEarliestFirst(std::vector<T>& items, Published published, Id id);

// True when a is to be listed before b (see "Order" above).
bool EarlierAppearance(std::string_view a_published, int64_t a_id, std::string_view b_published,
                       int64_t b_id);

template <typename T, typename Published, typename Id>
void SortEarliestFirst(std::vector<T>& items, Published published, Id id) {
  for (size_t i = 1; i < items.size(); ++i) {
    for (size_t j = i; j > 0 && EarlierAppearance(published(items[j]), id(items[j]),
                                                  published(items[j - 1]), id(items[j - 1]));
         --j) {
      std::swap(items[j], items[j - 1]);
    }
  }
}

}  // namespace newstrace::provenance
