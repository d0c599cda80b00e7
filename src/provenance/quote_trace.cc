#include "provenance/quote_trace.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "provenance/provenance.h"
#include "text/words.h"

namespace newstrace::provenance {
namespace {

constexpr size_t kMinQueryWordBytes = 3;
constexpr int64_t kTitleCandidates = 50;
constexpr size_t kMinTitleContainmentWords = 3;

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The query's distinct words, longest first (a stand-in for rarest), at most
// `n`; words under three bytes only when there is nothing else.
std::vector<std::string> LookupWords(std::string_view query, size_t n) {
  std::vector<text::Word> words;
  text::SplitWords(query, &words);
  std::vector<const text::Word*> distinct;
  for (const text::Word& w : words) {
    bool seen = false;
    for (const text::Word* d : distinct) seen = seen || d->hash == w.hash;
    if (!seen) distinct.push_back(&w);
  }
  std::stable_sort(distinct.begin(), distinct.end(), [](const text::Word* a, const text::Word* b) {
    return a->end - a->begin > b->end - b->begin;
  });
  std::vector<std::string> out;
  for (const text::Word* w : distinct) {
    if (out.size() == n) break;
    if (w->end - w->begin < kMinQueryWordBytes && !out.empty()) break;
    out.push_back(AsciiLower(query.substr(w->begin, w->end - w->begin)));
  }
  return out;
}

store::ArticleRef RefOf(const store::StoredArticle& stored) {
  const Article& a = stored.article;
  store::ArticleRef ref{stored.id, a.url, a.site, a.published};
  if (ref.url.empty()) ref.url = a.canonical_url;
  if (ref.url.empty()) ref.url = a.source;
  return ref;
}

// The stored quote of the article overlapping [begin, end) the most.
Result<std::optional<store::StoredQuote>> OverlappingQuote(store::Store& store, int64_t article_id,
                                                           uint32_t begin, uint32_t end) {
  std::optional<store::StoredQuote> best;
  uint32_t best_overlap = 0;
  store::QuoteFilter filter;
  filter.article_id = article_id;
  Status s = store.ForEachQuote(filter, [&](const store::StoredQuote& q) {
    const uint32_t lo = std::max(begin, q.quote.begin), hi = std::min(end, q.quote.end);
    if (hi > lo && hi - lo > best_overlap) {
      best_overlap = hi - lo;
      best = q;
    }
    return true;
  });
  if (!s.ok()) return s;
  return best;
}

std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<text::Word> words;
  text::SplitWords(text, &words);
  std::vector<uint64_t> hashes;
  hashes.reserve(words.size());
  for (const text::Word& w : words) hashes.push_back(w.hash);
  return hashes;
}

// 2: same words; 1: one's words a contiguous part of the other's (the
// shorter has at least three words); 0: no match.
int TitleMatch(const std::vector<uint64_t>& title, const std::vector<uint64_t>& source) {
  if (title.empty() || source.empty()) return 0;
  if (title == source) return 2;
  const auto& shorter = title.size() < source.size() ? title : source;
  const auto& longer = title.size() < source.size() ? source : title;
  if (shorter.size() < kMinTitleContainmentWords) return 0;
  return std::search(longer.begin(), longer.end(), shorter.begin(), shorter.end()) != longer.end()
             ? 1
             : 0;
}

// The article whose title best matches the cited source's name.
Result<std::optional<store::StoredArticle>> FindByTitle(store::Store& store,
                                                        const std::string& source,
                                                        int64_t quoting_article_id) {
  std::vector<std::string> words = LookupWords(source, 8);
  if (words.empty()) return std::optional<store::StoredArticle>();
  std::string query;
  for (const std::string& w : words) {
    if (!query.empty()) query += " OR ";
    query += "title : \"" + w + "\"";  // words hold no quote marks (text/words.h)
  }
  store::ArticleFilter filter;
  filter.limit = kTitleCandidates;
  auto hits = store.Search(query, filter);
  if (!hits.ok()) return hits.status();
  const std::vector<uint64_t> source_words = WordHashes(source);
  const store::SearchHit* best = nullptr;
  int best_match = 0;
  for (const store::SearchHit& hit : *hits) {
    if (hit.article_id == quoting_article_id) continue;
    const int match = TitleMatch(WordHashes(hit.title), source_words);
    if (match == 0) continue;
    if (best == nullptr || match > best_match ||
        (match == best_match &&
         EarlierAppearance(hit.published, hit.article_id, best->published, best->article_id))) {
      best = &hit;
      best_match = match;
    }
  }
  if (best == nullptr) return std::optional<store::StoredArticle>();
  return store.GetArticle(best->article_id);
}

Result<QuoteTrace> Trace(store::Store& store, std::string_view query,
                         const QuoteTraceOptions& options, bool verify) {
  if (query.empty()) return Status(ErrorCode::kInvalidArgument, "the quote to trace is empty");
  if (query.size() > options.max_query_bytes) {
    return Status(
        ErrorCode::kInvalidArgument,
        "the quote to trace is longer than " + std::to_string(options.max_query_bytes) + " bytes");
  }
  std::vector<std::string> words = LookupWords(query, options.query_words);
  if (words.empty()) {
    return Status(ErrorCode::kInvalidArgument, "the quote to trace has no words");
  }
  QuoteTrace trace;
  trace.query = std::string(query);
  auto ids = store.FindQuoteCandidates(words, options.max_candidates);
  if (!ids.ok()) return ids.status();
  trace.candidates = static_cast<int64_t>(ids->size());
  for (int64_t id : *ids) {
    auto stored = store.GetArticle(id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    const Article& a = (*stored)->article;
    std::optional<QuoteAlignment> match = AlignQuote(query, a.text, options.match);
    if (!match || !match->accepted) continue;
    QuoteAppearance app;
    app.article = RefOf(**stored);
    app.title = a.title;
    app.match = *match;
    app.wording = a.text.substr(match->begin, match->end - match->begin);
    auto quote = OverlappingQuote(store, id, match->begin, match->end);
    if (!quote.ok()) return quote.status();
    app.quote = std::move(*quote);
    trace.appearances.push_back(std::move(app));
  }
  SortEarliestFirst(
      trace.appearances, [](const QuoteAppearance& a) { return a.article.published; },
      [](const QuoteAppearance& a) { return a.article.id; });
  if (verify) {
    for (QuoteAppearance& app : trace.appearances) {
      if (!app.quote || (app.quote->quote.source.empty() && app.quote->quote.source_url.empty())) {
        continue;
      }
      auto v = VerifyQuote(store, app.quote->quote, app.article.id, options);
      if (!v.ok()) return v.status();
      app.verification = std::move(*v);
    }
  }
  std::unordered_map<uint64_t, size_t> variant_of_key;
  for (size_t i = 0; i < trace.appearances.size(); ++i) {
    const std::string& wording = trace.appearances[i].wording;
    auto [it, inserted] = variant_of_key.emplace(WordingKey(wording), trace.variants.size());
    if (inserted) {
      QuoteVariant v;
      v.wording = wording;
      v.same_as_first = i == 0 || SameWords(trace.appearances[0].wording, wording);
      v.diff_from_first = WordDiff(trace.appearances[0].wording, wording);
      trace.variants.push_back(std::move(v));
    }
    trace.variants[it->second].appearances.push_back(i);
  }
  auto unscanned = store.CountArticlesWithoutQuoteScan();
  if (!unscanned.ok()) return unscanned.status();
  trace.unscanned_articles = *unscanned;
  return trace;
}

}  // namespace

bool EarlierAppearance(std::string_view a_published, int64_t a_id, std::string_view b_published,
                       int64_t b_id) {
  if (a_published.empty() != b_published.empty()) return !a_published.empty();
  if (!a_published.empty()) {
    const int c = CompareInstants(a_published, b_published);
    if (c != 0) return c < 0;
  }
  return a_id < b_id;
}

Result<QuoteTrace> TraceQuote(store::Store& store, std::string_view query,
                              const QuoteTraceOptions& options) {
  return Trace(store, query, options, /*verify=*/true);
}

Result<QuoteVerification> VerifyQuote(store::Store& store, const Quote& quote,
                                      int64_t quoting_article_id,
                                      const QuoteTraceOptions& options) {
  QuoteVerification v;
  std::optional<store::StoredArticle> source;
  if (!quote.source_url.empty()) {
    auto found = store.FindArticle(quote.source_url);
    if (!found.ok()) return found.status();
    if (found->has_value() && (*found)->id != quoting_article_id) {
      source = std::move(*found);
      v.found_by = "source_url";
    }
  }
  if (!source && !quote.source.empty()) {
    auto found = FindByTitle(store, quote.source, quoting_article_id);
    if (!found.ok()) return found.status();
    if (found->has_value()) {
      source = std::move(*found);
      v.found_by = "title";
    }
  }
  if (!source && !quote.text.empty() && quote.text.size() <= options.max_query_bytes) {
    auto quoting = store.GetArticleRef(quoting_article_id);
    if (!quoting.ok()) return quoting.status();
    const std::string quoting_published = quoting->has_value() ? (*quoting)->published : "";
    QuoteTraceOptions source_options = options;
    source_options.max_candidates = std::min(options.max_candidates, options.max_source_candidates);
    auto trace = Trace(store, quote.text, source_options, /*verify=*/false);
    if (trace.ok()) {  // a quote without words has no earlier appearance
      for (const QuoteAppearance& app : trace->appearances) {
        if (app.article.id == quoting_article_id ||
            CompareInstants(app.article.published, quoting_published) >= 0) {
          continue;
        }
        auto found = store.GetArticle(app.article.id);
        if (!found.ok()) return found.status();
        source = std::move(*found);
        v.found_by = "earliest_appearance";
        break;
      }
    }
  }
  if (!source) {
    v.verdict = "source_not_in_corpus";
    v.evidence = "no article in the corpus has the source's URL or title" +
                 std::string(quote.source.empty() ? "" : " (\"" + quote.source + "\")") +
                 ", and no earlier article carries the quote";
    return v;
  }
  const Article& a = source->article;
  v.source_article_id = source->id;
  v.source_url = RefOf(*source).url;
  v.source_title = a.title;
  v.source_published = a.published;
  std::optional<QuoteAlignment> match = AlignQuote(quote.text, a.text, options.match);
  const std::string where = "article " + std::to_string(source->id) + " <" + v.source_url +
                            "> (found by " + v.found_by + ")";
  if (!match || !match->accepted) {
    v.verdict = "not_found";
    v.evidence = "the source " + where + " is in the corpus, but the quote does not align in it";
    if (match) {
      v.evidence += " (at best " + std::to_string(match->matched_words) + " of its " +
                    std::to_string(match->quote_words) + " words)";
    }
    return v;
  }
  v.begin = match->begin;
  v.end = match->end;
  v.source_wording = a.text.substr(match->begin, match->end - match->begin);
  v.diff = WordDiff(v.source_wording, quote.text);
  if (match->exact) {
    v.verdict = "exact";
    v.evidence = "all " + std::to_string(match->quote_words) +
                 " words of the quote appear in order in " + where;
  } else {
    v.verdict = "changed";
    v.evidence = std::to_string(match->matched_words) + " of the quote's " +
                 std::to_string(match->quote_words) + " words align in " + where +
                 "; the differences are in diff";
  }
  return v;
}

Result<std::vector<SpeakerQuoteGroup>> QuotesOfSpeaker(store::Store& store, const std::string& name,
                                                       int64_t limit,
                                                       const QuoteMatchParams& params) {
  if (name.empty()) return Status(ErrorCode::kInvalidArgument, "the speaker's name is empty");
  std::vector<SpeakerQuoteGroup::Member> members;
  store::QuoteFilter filter;
  filter.speaker = name;
  filter.limit = limit;
  Status s = store.ForEachQuote(filter, [&](const store::StoredQuote& q) {
    members.push_back({q, {}, false, {}});
    return true;
  });
  if (!s.ok()) return s;
  std::map<int64_t, store::ArticleRef> refs;
  for (SpeakerQuoteGroup::Member& m : members) {
    auto it = refs.find(m.quote.article_id);
    if (it == refs.end()) {
      auto ref = store.GetArticleRef(m.quote.article_id);
      if (!ref.ok()) return ref.status();
      it = refs.emplace(m.quote.article_id, ref->value_or(store::ArticleRef{})).first;
    }
    m.article = it->second;
  }
  SortEarliestFirst(
      members, [](const SpeakerQuoteGroup::Member& m) { return m.article.published; },
      [](const SpeakerQuoteGroup::Member& m) { return m.article.id; });
  // Groups are found through an index of their wordings' words: a quote is
  // aligned only with groups sharing at least half of the shorter side's
  // distinct words, earliest group first.
  std::vector<SpeakerQuoteGroup> groups;
  std::vector<size_t> group_distinct;                           // distinct words per group
  std::unordered_map<uint64_t, std::vector<size_t>> groups_of;  // word -> groups
  std::unordered_map<uint64_t, size_t> group_of_wording;        // WordingKey -> group
  std::vector<uint32_t> shared;
  for (SpeakerQuoteGroup::Member& m : members) {
    const std::string& text = m.quote.quote.text;
    std::vector<uint64_t> words = WordHashes(text);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    const uint64_t key = WordingKey(text);
    size_t chosen = groups.size();
    if (auto it = group_of_wording.find(key); it != group_of_wording.end()) {
      chosen = it->second;
    } else {
      shared.assign(groups.size(), 0);
      for (uint64_t w : words) {
        auto it_w = groups_of.find(w);
        if (it_w == groups_of.end()) continue;
        for (size_t g : it_w->second) ++shared[g];
      }
      for (size_t g = 0; g < groups.size() && chosen == groups.size(); ++g) {
        const size_t shorter = std::min(words.size(), group_distinct[g]);
        if (shared[g] == 0 || 2 * shared[g] < shorter) continue;
        auto forward = AlignQuote(text, groups[g].wording, params);
        auto backward = AlignQuote(groups[g].wording, text, params);
        if ((forward && forward->accepted) || (backward && backward->accepted)) chosen = g;
      }
    }
    if (chosen == groups.size()) {
      groups.push_back({text, {}});
      group_distinct.push_back(words.size());
      group_of_wording.emplace(key, chosen);
      for (uint64_t w : words) groups_of[w].push_back(chosen);
    }
    SpeakerQuoteGroup& group = groups[chosen];
    m.same_as_first = SameWords(group.wording, text);
    m.diff_from_first = WordDiff(group.wording, text);
    group.members.push_back(std::move(m));
  }
  return groups;
}

}  // namespace newstrace::provenance
