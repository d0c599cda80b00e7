// `newstrace quotes`: pages in, the quotations of each page out; or, with
// --db, the quotations of a store: traced across the corpus (--trace), by
// speaker (--speaker), verified against their source (--verify), and found
// for articles stored before quotes were (--update).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/article_json.h"
#include "core/parallel.h"
#include "extract/charset.h"
#include "extract/extract.h"
#include "ingest/input.h"
#include "ingest/warc.h"
#include "provenance/quote_trace.h"
#include "quotes/quotes.h"
#include "store/store.h"

namespace newstrace::cli {
namespace {

struct QuotesFlags {
  std::string format;  // "" = json for files, text for --db
  int jobs = 0;
  size_t max_bytes = 50u << 20;
  std::vector<std::string> paths;
  // --db modes.
  std::string db;
  std::string trace;
  std::string speaker;
  bool verify = false;
  std::string article;  // --verify: only this article (id or URL)
  bool update = false;
  int64_t limit = 0;
  std::string progress = "auto";
};

constexpr size_t kMaxTraceBytes = 2000;

struct PageQuotes {
  Article article;
  std::vector<Quote> quotes;
};

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

nlohmann::ordered_json PageToJson(const std::string& source, const std::vector<Quote>& quotes) {
  nlohmann::ordered_json j;
  j["source"] = source;
  j["quotes"] = nlohmann::ordered_json::array();
  for (const Quote& q : quotes) j["quotes"].push_back(QuoteToJson(q));
  return j;
}

// speaker (cue): “quote”  — source
std::string QuoteLine(const Quote& q) {
  std::string line = q.speaker.empty() ? "(unattributed)" : q.speaker;
  if (!q.cue.empty()) line += " (" + q.cue + ")";
  line += ": \xE2\x80\x9C" + q.text + "\xE2\x80\x9D";
  if (q.kind != "direct") line += " [" + q.kind + "]";
  if (!q.source.empty()) line += " \xE2\x80\x94 " + q.source;
  if (!q.source_url.empty()) line += " <" + q.source_url + ">";
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  return line + "\n";
}

Result<PageQuotes> QuotesOf(const std::string& name, const ingest::InputOptions& input_options,
                            const extract::ExtractOptions& options) {
  if (name.ends_with(".warc") || name.ends_with(".warc.gz")) {
    return Status(ErrorCode::kNotHtml,
                  "a WARC file, not a page: use `newstrace ingest` for crawls");
  }
  Result<RawPage> page = ingest::ReadInput(name, input_options);
  if (!page.ok()) return page.status();
  if (ingest::LooksLikeWarc(page->bytes)) {
    return Status(ErrorCode::kNotHtml,
                  "a WARC file, not a page: use `newstrace ingest` for crawls");
  }
  Result<Article> article = extract::ExtractArticle(*page, options);
  if (!article.ok()) return article.status();
  PageQuotes out{std::move(*article), {}};
  // Plain text: offsets must be offsets into the file. Extraction keeps a
  // UTF-8 file as it is; should it ever differ (a byte-order mark), quote
  // the file itself, split into paragraphs at blank lines.
  if (page->media_type.starts_with("text/plain") && out.article.text != page->bytes &&
      extract::IsValidUtf8(page->bytes)) {
    out.article.text = std::move(page->bytes);
    out.article.blocks.clear();
    out.article.links.clear();
  }
  out.quotes = quotes::FindQuotes(out.article);
  return out;
}

int RunFileQuotes(const QuotesFlags& flags) {
  std::vector<std::string> inputs = ingest::ExpandInputPaths(flags.paths);
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) {
    std::fprintf(stderr, "newstrace quotes: '-' (stdin) can be given only once\n");
    return kExitUsage;
  }
  int jobs = flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  extract::ExtractOptions options;
  options.max_bytes = flags.max_bytes;
  ingest::InputOptions input_options;
  input_options.max_bytes = flags.max_bytes;

  const bool json_array = flags.format == "json" && inputs.size() != 1;
  size_t ok = 0, quote_count = 0;
  std::map<std::string, size_t> failures;
  if (json_array) Write("[\n");
  OrderedParallelMap<Result<PageQuotes>>(
      inputs.size(), jobs, static_cast<size_t>(jobs) * 8,
      [&](size_t i) { return QuotesOf(inputs[i], input_options, options); },
      [&](size_t i, Result<PageQuotes>&& result) {
        const std::string& source = inputs[i];
        if (result.ok()) {
          ++ok;
          quote_count += result->quotes.size();
        } else {
          ++failures[std::string(ToString(result.status().code()))];
        }
        if (flags.format == "text") {
          if (!result.ok()) {
            std::fprintf(stderr, "newstrace quotes: %s: %s\n", source.c_str(),
                         result.status().ToString().c_str());
          } else {
            if (inputs.size() > 1) Write((i > 0 ? "\n==> " : "==> ") + source + " <==\n");
            for (const Quote& q : result->quotes) Write(QuoteLine(q));
          }
        } else {
          nlohmann::ordered_json j = result.ok() ? PageToJson(source, result->quotes)
                                                 : ErrorToJson(source, result.status());
          if (flags.format == "jsonl") {
            Write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            Write("\n");
          } else {
            if (json_array && i > 0) Write(",\n");
            Write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            if (!json_array) Write("\n");
          }
        }
        std::fflush(stdout);
      });
  if (json_array) Write("\n]\n");
  std::fflush(stdout);

  size_t failed = inputs.size() - ok;
  std::string summary = "newstrace quotes: " + std::to_string(inputs.size()) + " input" +
                        (inputs.size() == 1 ? "" : "s") + ", " + std::to_string(quote_count) +
                        " quote" + (quote_count == 1 ? "" : "s") + ", " + std::to_string(failed) +
                        " failed";
  if (!failures.empty()) {
    summary += " (";
    bool first = true;
    for (const auto& [code, count] : failures) {
      summary += (first ? "" : ", ") + code + ": " + std::to_string(count);
      first = false;
    }
    summary += ")";
  }
  std::fprintf(stderr, "%s\n", summary.c_str());
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

// --- Store modes ---

std::string OneLineText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

std::string Quoted(std::string_view text) {
  return "\xE2\x80\x9C" + OneLineText(text) + "\xE2\x80\x9D";
}

std::string DateOf(const std::string& published) {
  return published.empty() ? "(no date)  " : published.substr(0, 10) + "  ";
}

std::string ArticleLine(const store::ArticleRef& ref) {
  return DateOf(ref.published) + ref.site + "  article " + std::to_string(ref.id) + "  <" +
         ref.url + ">";
}

nlohmann::ordered_json RefToJson(const store::ArticleRef& ref) {
  return {
      {"article_id", ref.id}, {"url", ref.url}, {"site", ref.site}, {"published", ref.published}};
}

nlohmann::ordered_json VerificationToJson(const provenance::QuoteVerification& v) {
  nlohmann::ordered_json j;
  j["verdict"] = v.verdict;
  j["found_by"] = v.found_by;
  j["source_article_id"] = v.source_article_id;
  j["source_url"] = v.source_url;
  j["source_title"] = v.source_title;
  j["source_published"] = v.source_published;
  j["begin"] = v.begin;
  j["end"] = v.end;
  j["source_wording"] = v.source_wording;
  j["diff"] = v.diff;
  j["evidence"] = v.evidence;
  return j;
}

std::string VerificationText(const provenance::QuoteVerification& v, const std::string& indent) {
  std::string out = indent + "verdict: " + v.verdict;
  if (v.source_article_id != 0) {
    out += " (source found by " + v.found_by + ": article " + std::to_string(v.source_article_id) +
           " <" + v.source_url + ">";
    if (!v.source_title.empty()) out += " \"" + OneLineText(v.source_title) + "\"";
    out += ")";
  }
  out += "\n";
  if (v.verdict == "changed") out += indent + "changes: " + OneLineText(v.diff) + "\n";
  out += indent + "evidence: " + OneLineText(v.evidence) + "\n";
  return out;
}

void WriteJson(const nlohmann::ordered_json& j, int indent) {
  Write(j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
  Write("\n");
}

void NoteUnscanned(int64_t unscanned, const std::string& db) {
  if (unscanned <= 0) return;
  std::fprintf(stderr,
               "newstrace quotes: note: %lld article%s never scanned for quotes (stored before "
               "quotes were); run `newstrace quotes --db %s --update`\n",
               static_cast<long long>(unscanned), unscanned == 1 ? " was" : "s were", db.c_str());
}

int FailDb(const Status& status) {
  std::fprintf(stderr, "newstrace quotes: %s\n", status.ToString().c_str());
  return status.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitSomeFailed;
}

int RunTrace(store::Store& db, const QuotesFlags& flags) {
  auto trace = provenance::TraceQuote(db, flags.trace);
  if (!trace.ok()) return FailDb(trace.status());
  const auto& apps = trace->appearances;
  if (flags.format == "json") {
    nlohmann::ordered_json j;
    j["query"] = trace->query;
    j["candidates"] = trace->candidates;
    j["unscanned_articles"] = trace->unscanned_articles;
    j["earliest"] = apps.empty() ? nlohmann::ordered_json(nullptr) : RefToJson(apps[0].article);
    j["appearances"] = nlohmann::ordered_json::array();
    for (const auto& a : apps) {
      nlohmann::ordered_json x = RefToJson(a.article);
      x["title"] = a.title;
      x["begin"] = a.match.begin;
      x["end"] = a.match.end;
      x["wording"] = a.wording;
      x["matched_words"] = a.match.matched_words;
      x["query_words"] = a.match.quote_words;
      x["exact"] = a.match.exact;
      x["quote"] = a.quote ? QuoteToJson(a.quote->quote) : nlohmann::ordered_json(nullptr);
      x["verification"] =
          a.verification ? VerificationToJson(*a.verification) : nlohmann::ordered_json(nullptr);
      j["appearances"].push_back(std::move(x));
    }
    j["variants"] = nlohmann::ordered_json::array();
    for (const auto& v : trace->variants) {
      nlohmann::ordered_json ids = nlohmann::ordered_json::array();
      for (size_t i : v.appearances) ids.push_back(apps[i].article.id);
      j["variants"].push_back({{"wording", v.wording},
                               {"articles", ids},
                               {"same_as_first", v.same_as_first},
                               {"diff_from_first", v.diff_from_first}});
    }
    WriteJson(j, 2);
  } else {
    std::string out = "quote: " + Quoted(trace->query) + "\n";
    if (apps.empty()) {
      out += "no stored article carries it (" + std::to_string(trace->candidates) +
             " candidates aligned)\n";
    } else {
      out += std::to_string(apps.size()) +
             (apps.size() == 1 ? " article carries" : " articles carry") + " it (" +
             std::to_string(trace->candidates) + " candidates aligned)\n";
      out += "earliest: " + ArticleLine(apps[0].article) + "\n";
      if (!apps[0].title.empty()) out += "          \"" + OneLineText(apps[0].title) + "\"\n";
      out += "\nappearances, earliest first:\n";
      for (size_t i = 0; i < apps.size(); ++i) {
        const auto& a = apps[i];
        out += "  " + std::to_string(i + 1) + ". " + ArticleLine(a.article) +
               (i == 0 ? "  [earliest]" : "") + "\n";
        out += "     " + Quoted(a.wording) + "  bytes " + std::to_string(a.match.begin) + "-" +
               std::to_string(a.match.end) + ", " + std::to_string(a.match.matched_words) + "/" +
               std::to_string(a.match.quote_words) + " words" + (a.match.exact ? ", exact" : "") +
               "\n";
        if (a.quote) {
          const Quote& q = a.quote->quote;
          out += "     quoted: " + (q.speaker.empty() ? std::string("(unattributed)") : q.speaker);
          if (!q.cue.empty()) out += " (" + q.cue + ")";
          if (!q.source.empty()) out += ", source: " + OneLineText(q.source);
          if (!q.source_url.empty()) out += " <" + q.source_url + ">";
          out += "\n";
        }
        if (a.verification) out += VerificationText(*a.verification, "     ");
      }
      out += "\nvariants (" + std::to_string(trace->variants.size()) + "):\n";
      for (size_t k = 0; k < trace->variants.size(); ++k) {
        const auto& v = trace->variants[k];
        std::string ids;
        for (size_t i : v.appearances) {
          ids += (ids.empty() ? "" : ", ") + std::to_string(apps[i].article.id);
        }
        out += "  " + std::string(1, static_cast<char>('A' + std::min<size_t>(k, 25))) + ". " +
               Quoted(v.wording) + "\n     articles " + ids + (k == 0 ? "  [first wording]" : "") +
               "\n";
        if (!v.same_as_first) {
          out += "     differs from the first: " + OneLineText(v.diff_from_first) + "\n";
        }
      }
    }
    Write(out);
  }
  std::fflush(stdout);
  NoteUnscanned(trace->unscanned_articles, flags.db);
  return kExitOk;
}

int RunSpeaker(store::Store& db, const QuotesFlags& flags) {
  auto groups =
      provenance::QuotesOfSpeaker(db, flags.speaker, flags.limit > 0 ? flags.limit : 5000);
  if (!groups.ok()) return FailDb(groups.status());
  size_t quotes = 0;
  for (const auto& g : *groups) quotes += g.members.size();
  if (flags.format == "json") {
    nlohmann::ordered_json j;
    j["speaker"] = flags.speaker;
    j["groups"] = nlohmann::ordered_json::array();
    for (const auto& g : *groups) {
      nlohmann::ordered_json members = nlohmann::ordered_json::array();
      for (const auto& m : g.members) {
        nlohmann::ordered_json x = RefToJson(m.article);
        x["quote"] = QuoteToJson(m.quote.quote);
        x["same_as_first"] = m.same_as_first;
        x["diff_from_first"] = m.diff_from_first;
        members.push_back(std::move(x));
      }
      j["groups"].push_back({{"wording", g.wording}, {"quotes", std::move(members)}});
    }
    WriteJson(j, 2);
  } else {
    std::string out = "quotes of \"" + flags.speaker + "\": " + std::to_string(quotes) + " quote" +
                      (quotes == 1 ? "" : "s") + ", " + std::to_string(groups->size()) +
                      " wording" + (groups->size() == 1 ? "" : "s") + ", earliest first\n";
    for (size_t k = 0; k < groups->size(); ++k) {
      const auto& g = (*groups)[k];
      out += "\n" + std::to_string(k + 1) + ". " + Quoted(g.wording) + "\n";
      for (const auto& m : g.members) {
        const Quote& q = m.quote.quote;
        out += "   " + ArticleLine(m.article) + "  " + q.speaker;
        if (!q.cue.empty()) out += " (" + q.cue + ")";
        out += "\n";
        if (!m.same_as_first) out += "     wording: " + OneLineText(m.diff_from_first) + "\n";
      }
    }
    Write(out);
  }
  std::fflush(stdout);
  auto unscanned = db.CountArticlesWithoutQuoteScan();
  if (unscanned.ok()) NoteUnscanned(*unscanned, flags.db);
  return kExitOk;
}

int RunVerify(store::Store& db, const QuotesFlags& flags) {
  store::QuoteFilter filter;
  filter.with_source = true;
  filter.limit = flags.limit;
  if (!flags.article.empty()) {
    auto found = db.FindArticle(flags.article);
    if (!found.ok()) return FailDb(found.status());
    if (!found->has_value()) {
      return FailDb(Status(ErrorCode::kNotFound, "no stored article " + flags.article));
    }
    filter.article_id = (*found)->id;
  }
  // Collected first (bounded by --limit): verifying runs its own queries,
  // which are simpler outside an open statement.
  std::vector<store::StoredQuote> quotes;
  Status s = db.ForEachQuote(filter, [&](const store::StoredQuote& q) {
    quotes.push_back(q);
    return true;
  });
  if (!s.ok()) return FailDb(s);
  std::map<std::string, int64_t> verdicts;
  for (const store::StoredQuote& sq : quotes) {
    auto v = provenance::VerifyQuote(db, sq.quote, sq.article_id);
    if (!v.ok()) return FailDb(v.status());
    auto ref = db.GetArticleRef(sq.article_id);
    if (!ref.ok()) return FailDb(ref.status());
    const store::ArticleRef article = ref->value_or(store::ArticleRef{sq.article_id, "", "", ""});
    ++verdicts[v->verdict];
    const Quote& q = sq.quote;
    if (flags.format == "json") {
      nlohmann::ordered_json j = RefToJson(article);
      j["ordinal"] = sq.ordinal;
      j["quote"] = QuoteToJson(q);
      j["verification"] = VerificationToJson(*v);
      WriteJson(j, -1);
    } else {
      std::string out = ArticleLine(article) + "  quote " + std::to_string(sq.ordinal) + "\n  " +
                        (q.speaker.empty() ? std::string("(unattributed)") : q.speaker) + ": " +
                        Quoted(q.text) + "\n  source: " + OneLineText(q.source) +
                        (q.source_url.empty() ? "" : " <" + q.source_url + ">") + "\n" +
                        VerificationText(*v, "  ") + "\n";
      Write(out);
    }
    std::fflush(stdout);
  }
  std::string summary;
  for (const auto& [verdict, n] : verdicts) {
    summary += (summary.empty() ? "" : ", ") + verdict + " " + std::to_string(n);
  }
  std::fprintf(stderr, "newstrace quotes: %zu quote%s with a source verified%s%s\n", quotes.size(),
               quotes.size() == 1 ? "" : "s", summary.empty() ? "" : ": ", summary.c_str());
  auto unscanned = db.CountArticlesWithoutQuoteScan();
  if (unscanned.ok()) NoteUnscanned(*unscanned, flags.db);
  return kExitOk;
}

// Finds the quotes of stored articles never scanned for them, in batches of
// one transaction each; FindQuotes runs on worker threads.
int RunUpdate(store::Store& db, const QuotesFlags& flags) {
  constexpr int64_t kBatch = 256;
  auto total = db.CountArticlesWithoutQuoteScan();
  if (!total.ok()) return FailDb(total.status());
  const int jobs =
      flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  Progress progress(ProgressModeFromFlag(flags.progress), "quotes");
  int64_t scanned = 0, found = 0, after = 0;
  uint64_t bytes = 0;
  for (;;) {
    auto ids = db.ArticlesWithoutQuoteScan(after, kBatch);
    if (!ids.ok()) return FailDb(ids.status());
    if (ids->empty()) break;
    after = ids->back();
    std::vector<store::StoredArticle> articles;
    for (int64_t id : *ids) {
      auto stored = db.GetArticle(id);
      if (!stored.ok()) return FailDb(stored.status());
      if (stored->has_value()) articles.push_back(std::move(**stored));
    }
    if (Status s = db.BeginBatch(); !s.ok()) return FailDb(s);
    Status failure;
    OrderedParallelMap<std::vector<Quote>>(
        articles.size(), jobs, static_cast<size_t>(jobs) * 4,
        [&](size_t i) { return quotes::FindQuotes(articles[i].article); },
        [&](size_t i, std::vector<Quote>&& quotes) {
          if (!failure.ok()) return;
          failure = db.PutQuotes(articles[i].id, quotes);
          found += static_cast<int64_t>(quotes.size());
          bytes += articles[i].article.text.size();
          progress.Update(++scanned, bytes, 0);
        });
    if (!failure.ok()) return FailDb(failure);
    if (Status s = db.CommitBatch(); !s.ok()) return FailDb(s);
  }
  progress.Finish(scanned, bytes, 0);
  std::fprintf(stderr,
               "newstrace quotes: scanned %lld article%s not scanned before, %lld quote%s found\n",
               static_cast<long long>(scanned), scanned == 1 ? "" : "s",
               static_cast<long long>(found), found == 1 ? "" : "s");
  return kExitOk;
}

int RunStoreQuotes(QuotesFlags& flags) {
  const int modes =
      !flags.trace.empty() + !flags.speaker.empty() + int{flags.verify} + int{flags.update};
  if (modes != 1 || !flags.paths.empty()) {
    std::fprintf(stderr,
                 "newstrace quotes: with --db, give exactly one of --trace, --speaker, --verify, "
                 "--update (and no PATH)\n");
    return kExitUsage;
  }
  if (!flags.article.empty() && !flags.verify) {
    std::fprintf(stderr, "newstrace quotes: --article applies to --verify\n");
    return kExitUsage;
  }
  if (flags.format.empty()) flags.format = "text";
  if (flags.format == "jsonl") flags.format = "json";
  if (flags.trace.size() > kMaxTraceBytes) {
    std::fprintf(stderr, "newstrace quotes: --trace takes at most %zu bytes\n", kMaxTraceBytes);
    return kExitUsage;
  }
  if (::access(flags.db.c_str(), F_OK) != 0) {
    std::fprintf(stderr, "newstrace quotes: no store at %s (run `newstrace ingest` first)\n",
                 flags.db.c_str());
    return kExitSomeFailed;
  }
  auto db = store::OpenSqliteStore(flags.db);
  if (!db.ok()) return FailDb(db.status());
  if (flags.update) return RunUpdate(**db, flags);
  if (!flags.trace.empty()) return RunTrace(**db, flags);
  if (!flags.speaker.empty()) return RunSpeaker(**db, flags);
  return RunVerify(**db, flags);
}

int RunQuotes(QuotesFlags& flags) {
  if (!flags.db.empty()) return RunStoreQuotes(flags);
  if (!flags.trace.empty() || !flags.speaker.empty() || flags.verify || flags.update ||
      !flags.article.empty()) {
    std::fprintf(stderr, "newstrace quotes: --trace, --speaker, --verify and --update need --db\n");
    return kExitUsage;
  }
  if (flags.paths.empty()) {
    std::fprintf(stderr, "newstrace quotes: give PATH (pages) or --db (a store)\n");
    return kExitUsage;
  }
  if (flags.format.empty()) flags.format = "json";
  return RunFileQuotes(flags);
}

}  // namespace

CommandRunner AddQuotesCommand(CLI::App& app) {
  auto flags = std::make_shared<QuotesFlags>();
  CLI::App* cmd = app.add_subcommand(
      "quotes",
      "Find the quotations in each page: direct and partial quotes in marks, block\n"
      "quotes, with their speaker (names, pronouns and surnames resolved), cue\n"
      "(\"said\", \"would claim\") and cited source (an outlet, a report, its link).\n"
      "With --db, work on the quotes `ingest` stored: trace a quote across the corpus,\n"
      "list a speaker's quotes, or verify quotes against their source.");
  cmd->add_option("--format,-f", flags->format,
                  "pages: json (default): one pretty object per input (an array for several\n"
                  "inputs); jsonl: one object per line, streamed in input order; text: one line\n"
                  "per quote, speaker (cue): \xE2\x80\x9Cquote\xE2\x80\x9D.\n"
                  "--db: text (default) or json (--verify: one JSON object per line)")
      ->check(CLI::IsMember({"json", "jsonl", "text"}));
  cmd->add_option("-j,--jobs", flags->jobs, "worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--max-bytes", flags->max_bytes,
                  "largest page accepted, after decompression (default 50 MB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  cmd->add_option("PATH", flags->paths,
                  "HTML (.html, .htm, optionally .gz), markdown (.md) or text (.txt) files,\n"
                  "directories (searched recursively), or - for stdin");
  cmd->add_option("--db", flags->db, "a store written by `newstrace ingest` (instead of PATH)");
  cmd->add_option("--trace", flags->trace,
                  "with --db: every article carrying this quote (punctuation, a few changed\n"
                  "words and truncation do not matter), earliest first, its wordings side by\n"
                  "side with a word diff against the first, and for a quote citing a source in\n"
                  "the corpus, whether it matches (at most 2,000 bytes)");
  cmd->add_option("--speaker", flags->speaker,
                  "with --db: the quotes of this speaker (case-insensitive; a surname matches\n"
                  "the full name), grouped by wording, earliest first");
  cmd->add_flag("--verify", flags->verify,
                "with --db: each stored quote citing a source: exact, changed (with the\n"
                "changes), not_found (the source is in the corpus, the quote is not in it)\n"
                "or source_not_in_corpus, with the evidence");
  cmd->add_option("--article", flags->article, "with --verify: only this article (id or URL)");
  cmd->add_flag("--update", flags->update,
                "with --db: find the quotes of stored articles never scanned for them\n"
                "(stored before quotes were); safe to repeat");
  cmd->add_option("--limit", flags->limit,
                  "with --speaker or --verify: at most N quotes (--speaker default 5000)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress", flags->progress,
                  "--update: auto (a bar on a terminal), bar, plain or none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}));
  cmd->footer(
      "Each input gives {\"source\", \"quotes\": [{\"kind\", \"begin\", \"end\", \"text\",\n"
      "\"speaker\", \"speaker_begin\", \"speaker_end\", \"cue\", \"source\", \"source_url\"}]}.\n"
      "kind is direct, partial (quoted words inside the reporter's sentence) or block.\n"
      "begin/end are byte offsets into the extracted text (`newstrace extract`), the\n"
      "quote marks excluded; for .txt inputs, offsets into the file itself; with --db,\n"
      "offsets into the stored article's text. Verification looks for the source as\n"
      "an article with the quote's source link as URL, an article whose title is the\n"
      "cited source's name, or else the earliest earlier article carrying the quote.\n"
      "Exit status: 0 when every input was read, 1 when some failed, 2 for usage errors.");
  return [flags] { return RunQuotes(*flags); };
}

}  // namespace newstrace::cli
