// `newstrace search`, `export` and `stats`: getting a corpus back out of the store.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cli/commands.h"
#include "core/article_json.h"
#include "store/store.h"

namespace newstrace::cli {
namespace {

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void WriteCsvRow(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  Write(line);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

struct StoreFlags {
  std::string db;
  store::ArticleFilter filter;
};

void AddFilterOptions(CLI::App* cmd, StoreFlags& flags) {
  cmd->add_option("--site", flags.filter.site, "only articles from this site (example.com)");
  cmd->add_option("--author", flags.filter.author, "only articles by this author");
  cmd->add_option("--category", flags.filter.category, "only articles with this category label");
  cmd->add_option("--since", flags.filter.since, "published on or after (ISO 8601 date)");
  cmd->add_option("--until", flags.filter.until, "published on or before (ISO 8601 date)");
  cmd->add_option("--limit", flags.filter.limit, "at most N results")
      ->check(CLI::NonNegativeNumber);
}

Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status(ErrorCode::kNotFound, "no store at " + path + " (run `newstrace ingest` first)");
  }
  return store::OpenSqliteStore(path);
}

int Fail(const char* command, const Status& status) {
  std::fprintf(stderr, "newstrace %s: %s\n", command, status.ToString().c_str());
  return status.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitSomeFailed;
}

// --- search ---

struct SearchFlags : StoreFlags {
  std::string query;
  std::string format = "table";
};

int RunSearch(SearchFlags& flags) {
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("search", db.status());
  if (flags.filter.limit == 0) flags.filter.limit = 20;
  Result<std::vector<store::SearchHit>> hits = (*db)->Search(flags.query, flags.filter);
  if (!hits.ok()) return Fail("search", hits.status());
  for (const store::SearchHit& h : *hits) {
    if (flags.format == "jsonl") {
      nlohmann::ordered_json j = {
          {"id", h.article_id},       {"url", h.url},         {"title", h.title}, {"site", h.site},
          {"published", h.published}, {"snippet", h.snippet}, {"rank", h.rank}};
      Write(Dump(j) + "\n");
    } else {
      std::string date = h.published.substr(0, 10);
      Write(std::to_string(h.article_id) + "  " + (date.empty() ? "----------" : date) + "  " +
            h.site + "  " + h.title + "\n    " + h.snippet + "\n" +
            (h.url.empty() ? "" : "    " + h.url + "\n"));
    }
  }
  std::fprintf(stderr, "newstrace search: %zu result%s\n", hits->size(),
               hits->size() == 1 ? "" : "s");
  return kExitOk;
}

// --- export ---

struct ExportFlags : StoreFlags {
  std::string what = "articles";
  std::string format;  // "" = the default for `what`
};

// Article references for reuse exports, looked up one id at a time through
// a bounded cache (relations come in a_id order, so a's repeat).
class ArticleRefs {
 public:
  explicit ArticleRefs(store::Store& db) : db_(db) {}

  // An article that is not stored gets a reference with only its id.
  Result<store::ArticleRef> Get(int64_t id) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    auto ref = db_.GetArticleRef(id);
    if (!ref.ok()) return ref.status();
    store::ArticleRef value = ref->value_or(store::ArticleRef{id, "", "", ""});
    if (cache_.size() >= kMaxCached) cache_.clear();
    cache_.emplace(id, value);
    return value;
  }

 private:
  static constexpr size_t kMaxCached = 4096;
  store::Store& db_;
  std::unordered_map<int64_t, store::ArticleRef> cache_;
};

// A stored evidence column as JSON: null when empty, the raw text when it is
// not JSON (the store refuses such values; an old row could still hold one).
nlohmann::ordered_json EvidenceJson(const std::string& evidence) {
  if (evidence.empty()) return nullptr;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(evidence, nullptr, false);
  if (j.is_discarded()) return evidence;
  return j;
}

std::string CompactEvidence(const std::string& evidence) {
  return evidence.empty() ? std::string() : Dump(EvidenceJson(evidence));
}

std::string Number(double value) { return Dump(nlohmann::ordered_json(value)); }

// "a_begin-a_end:b_begin-b_end;..."
std::string PassagesCsv(const std::vector<PassagePair>& passages) {
  std::string out;
  for (const PassagePair& p : passages) {
    if (!out.empty()) out += ';';
    out += std::to_string(p.a_begin) + "-" + std::to_string(p.a_end) + ":" +
           std::to_string(p.b_begin) + "-" + std::to_string(p.b_end);
  }
  return out;
}

bool LimitReached(const ExportFlags& flags, int64_t count) {
  return flags.filter.limit > 0 && count >= flags.filter.limit;
}

int ExportRelations(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") {
    WriteCsvRow({"a", "b", "kind", "origin", "credit", "a_shared", "b_shared", "passages",
                 "evidence", "a_id", "b_id"});
  }
  ArticleRefs refs(db);
  Status lookup;
  int64_t count = 0;
  Status s = db.ForEachRelation([&](const store::StoredRelation& r) {
    auto a = refs.Get(r.a_id);
    auto b = a.ok() ? refs.Get(r.b_id) : a;
    if (!b.ok()) {
      lookup = b.status();
      return false;
    }
    if (!flags.filter.site.empty() && a->site != flags.filter.site &&
        b->site != flags.filter.site) {
      return true;
    }
    std::optional<std::string> origin;
    if (r.origin_id == r.a_id) origin = a->url;
    if (r.origin_id == r.b_id) origin = b->url;
    ++count;
    if (flags.format == "csv") {
      WriteCsvRow({a->url, b->url, r.kind, origin.value_or(""), r.credit, Number(r.a_shared),
                   Number(r.b_shared), PassagesCsv(r.passages), CompactEvidence(r.evidence_json),
                   std::to_string(r.a_id), std::to_string(r.b_id)});
    } else {
      nlohmann::ordered_json passages = nlohmann::ordered_json::array();
      for (const PassagePair& p : r.passages) {
        passages.push_back({{"a_begin", p.a_begin},
                            {"a_end", p.a_end},
                            {"b_begin", p.b_begin},
                            {"b_end", p.b_end}});
      }
      nlohmann::ordered_json j;
      j["a"] = a->url;
      j["b"] = b->url;
      j["kind"] = r.kind;
      j["origin"] = origin ? nlohmann::ordered_json(*origin) : nullptr;
      j["credit"] =
          r.credit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.credit);
      j["evidence"] = EvidenceJson(r.evidence_json);
      j["passages"] = std::move(passages);
      j["a_id"] = r.a_id;
      j["b_id"] = r.b_id;
      j["a_shared"] = r.a_shared;
      j["b_shared"] = r.b_shared;
      Write(Dump(j) + "\n");
    }
    return !LimitReached(flags, count);
  });
  if (s.ok()) s = lookup;
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld relations\n", static_cast<long long>(count));
  return kExitOk;
}

int ExportClusters(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") {
    WriteCsvRow({"cluster", "size", "origin", "article_id", "url", "site", "published"});
  }
  ArticleRefs refs(db);
  Status lookup;
  int64_t count = 0;
  Status s = db.ForEachCluster([&](const store::StoredCluster& c) {
    std::vector<store::ArticleRef> members;
    members.reserve(c.article_ids.size());
    std::string origin;
    bool on_site = flags.filter.site.empty();
    for (int64_t id : c.article_ids) {
      auto ref = refs.Get(id);
      if (!ref.ok()) {
        lookup = ref.status();
        return false;
      }
      if (id == c.origin_id) origin = ref->url;
      if (ref->site == flags.filter.site) on_site = true;
      members.push_back(std::move(ref).value());
    }
    if (!on_site) return true;
    ++count;
    const std::string cluster = std::to_string(c.cluster_id);
    const std::string size = std::to_string(members.size());
    if (flags.format == "csv") {
      for (const store::ArticleRef& m : members) {
        WriteCsvRow({cluster, size, origin, std::to_string(m.id), m.url, m.site, m.published});
      }
      return !LimitReached(flags, count);
    }
    nlohmann::ordered_json articles = nlohmann::ordered_json::array();
    for (const store::ArticleRef& m : members) {
      articles.push_back(
          {{"id", m.id}, {"url", m.url}, {"site", m.site}, {"published", m.published}});
    }
    nlohmann::ordered_json j;
    j["cluster"] = c.cluster_id;
    j["size"] = members.size();
    j["origin"] = c.origin_id != 0 ? nlohmann::ordered_json(origin) : nullptr;
    j["articles"] = std::move(articles);
    j["evidence"] = EvidenceJson(c.evidence_json);
    Write(Dump(j) + "\n");
    return !LimitReached(flags, count);
  });
  if (s.ok()) s = lookup;
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld clusters\n", static_cast<long long>(count));
  return kExitOk;
}

// --- the site graph ---

// Text for an XML attribute or element: markup characters escaped, control
// characters XML 1.0 cannot hold replaced with U+FFFD.
std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

// Sites linked by relations. A relation with a known origin is an edge from
// the origin's site to the copy's site; one without is an undirected edge
// between the two sites (in name order). Parallel relations add up.
struct SiteGraph {
  struct Edge {
    int64_t pairs = 0;  // related article pairs: the weight
    int64_t duplicate = 0;
    int64_t republication = 0;
    int64_t excerpt = 0;
  };
  using EdgeKey = std::tuple<std::string, std::string, bool>;  // from, to, origin known
  std::map<std::string, int64_t> articles;  // site -> distinct articles in relations
  std::map<EdgeKey, Edge> edges;
};

Result<SiteGraph> BuildSiteGraph(store::Store& db, const ExportFlags& flags) {
  SiteGraph graph;
  ArticleRefs refs(db);
  std::unordered_set<int64_t> seen;
  Status lookup;
  Status s = db.ForEachRelation([&](const store::StoredRelation& r) {
    auto a = refs.Get(r.a_id);
    auto b = a.ok() ? refs.Get(r.b_id) : a;
    if (!b.ok()) {
      lookup = b.status();
      return false;
    }
    if (!flags.filter.site.empty() && a->site != flags.filter.site &&
        b->site != flags.filter.site) {
      return true;
    }
    for (const store::ArticleRef* ref : {&*a, &*b}) {
      if (seen.insert(ref->id).second) ++graph.articles[ref->site];
    }
    const bool known = r.origin_id != 0;
    std::string from = r.origin_id == r.b_id ? b->site : a->site;
    std::string to = r.origin_id == r.b_id ? a->site : b->site;
    if (!known && to < from) std::swap(from, to);
    SiteGraph::Edge& edge = graph.edges[{std::move(from), std::move(to), known}];
    ++edge.pairs;
    if (r.kind == "duplicate") ++edge.duplicate;
    if (r.kind == "republication") ++edge.republication;
    if (r.kind == "excerpt") ++edge.excerpt;
    return true;
  });
  if (s.ok()) s = lookup;
  if (!s.ok()) return s;
  return graph;
}

// Node ids "n0", "n1", ... in site order.
std::map<std::string_view, std::string> NodeIds(const SiteGraph& graph) {
  std::map<std::string_view, std::string> ids;
  for (const auto& entry : graph.articles) ids[entry.first] = "n" + std::to_string(ids.size());
  return ids;
}

std::string SiteLabel(const std::string& site) { return site.empty() ? "(unknown site)" : site; }

constexpr const char* kGraphDescription =
    "Sites sharing article text: an edge runs from the origin's site to the copy's site "
    "(undirected when the origin is unknown); weight = related article pairs";

void WriteGexf(const SiteGraph& graph) {
  const std::map<std::string_view, std::string> ids = NodeIds(graph);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
      "version=\"1.3\">\n"
      "  <meta><creator>newstrace</creator><description>" +
      XmlEscape(kGraphDescription) +
      "</description></meta>\n"
      "  <graph mode=\"static\" defaultedgetype=\"directed\">\n"
      "    <attributes class=\"node\">\n"
      "      <attribute id=\"articles\" title=\"articles\" type=\"integer\"/>\n"
      "    </attributes>\n"
      "    <attributes class=\"edge\">\n"
      "      <attribute id=\"origin_known\" title=\"origin_known\" type=\"boolean\"/>\n"
      "      <attribute id=\"duplicate\" title=\"duplicate\" type=\"integer\"/>\n"
      "      <attribute id=\"republication\" title=\"republication\" type=\"integer\"/>\n"
      "      <attribute id=\"excerpt\" title=\"excerpt\" type=\"integer\"/>\n"
      "    </attributes>\n"
      "    <nodes>\n";
  for (const auto& [site, articles] : graph.articles) {
    const std::string& id = ids.at(site);
    out += "      <node id=\"" + id + "\" label=\"" + XmlEscape(SiteLabel(site)) +
           "\"><attvalues><attvalue for=\"articles\" value=\"" + std::to_string(articles) +
           "\"/></attvalues></node>\n";
  }
  out += "    </nodes>\n    <edges>\n";
  Write(out);
  int64_t n = 0;
  for (const auto& [key, edge] : graph.edges) {
    const auto& [from, to, known] = key;
    out = "      <edge id=\"e" + std::to_string(n++) + "\" source=\"" + ids.at(from) +
          "\" target=\"" + ids.at(to) + "\"" + (known ? "" : " type=\"undirected\"") +
          " weight=\"" + std::to_string(edge.pairs) +
          "\"><attvalues><attvalue for=\"origin_known\" value=\"" + (known ? "true" : "false") +
          "\"/><attvalue for=\"duplicate\" value=\"" + std::to_string(edge.duplicate) +
          "\"/><attvalue for=\"republication\" value=\"" + std::to_string(edge.republication) +
          "\"/><attvalue for=\"excerpt\" value=\"" + std::to_string(edge.excerpt) +
          "\"/></attvalues></edge>\n";
    Write(out);
  }
  Write("    </edges>\n  </graph>\n</gexf>\n");
}

void WriteGraphml(const SiteGraph& graph) {
  const std::map<std::string_view, std::string> ids = NodeIds(graph);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <desc>" +
      XmlEscape(kGraphDescription) +
      "</desc>\n"
      "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      "  <key id=\"articles\" for=\"node\" attr.name=\"articles\" attr.type=\"int\"/>\n"
      "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n"
      "  <key id=\"origin_known\" for=\"edge\" attr.name=\"origin_known\" "
      "attr.type=\"boolean\"/>\n"
      "  <key id=\"duplicate\" for=\"edge\" attr.name=\"duplicate\" attr.type=\"int\"/>\n"
      "  <key id=\"republication\" for=\"edge\" attr.name=\"republication\" "
      "attr.type=\"int\"/>\n"
      "  <key id=\"excerpt\" for=\"edge\" attr.name=\"excerpt\" attr.type=\"int\"/>\n"
      "  <graph id=\"sites\" edgedefault=\"directed\">\n";
  for (const auto& [site, articles] : graph.articles) {
    const std::string& id = ids.at(site);
    out += "    <node id=\"" + id + "\"><data key=\"label\">" + XmlEscape(SiteLabel(site)) +
           "</data><data key=\"articles\">" + std::to_string(articles) + "</data></node>\n";
  }
  Write(out);
  int64_t n = 0;
  for (const auto& [key, edge] : graph.edges) {
    const auto& [from, to, known] = key;
    out = "    <edge id=\"e" + std::to_string(n++) + "\" source=\"" + ids.at(from) +
          "\" target=\"" + ids.at(to) + "\"" + (known ? "" : " directed=\"false\"") +
          "><data key=\"weight\">" + std::to_string(edge.pairs) +
          "</data><data key=\"origin_known\">" + (known ? "true" : "false") +
          "</data><data key=\"duplicate\">" + std::to_string(edge.duplicate) +
          "</data><data key=\"republication\">" + std::to_string(edge.republication) +
          "</data><data key=\"excerpt\">" + std::to_string(edge.excerpt) + "</data></edge>\n";
    Write(out);
  }
  Write("  </graph>\n</graphml>\n");
}

int ExportGraph(store::Store& db, const ExportFlags& flags) {
  auto graph = BuildSiteGraph(db, flags);
  if (!graph.ok()) return Fail("export", graph.status());
  if (flags.format == "gexf") {
    WriteGexf(*graph);
  } else {
    WriteGraphml(*graph);
  }
  std::fprintf(stderr, "newstrace export: %zu sites, %zu edges\n", graph->articles.size(),
               graph->edges.size());
  return kExitOk;
}

// Fills in the default --format for --what and refuses combinations that do
// not apply (invalid_argument).
Status ResolveExportFormat(ExportFlags& flags) {
  const bool graph = flags.what == "graph";
  if (flags.format.empty()) flags.format = graph ? "graphml" : "jsonl";
  const bool graph_format = flags.format == "gexf" || flags.format == "graphml";
  if (graph != graph_format) {
    return Status(ErrorCode::kInvalidArgument,
                  "--format " + flags.format + " does not apply to --what " + flags.what +
                      (graph ? " (use gexf or graphml)" : " (use jsonl or csv)"));
  }
  const store::ArticleFilter& f = flags.filter;
  const bool reuse =
      graph || flags.what == "relations" || flags.what == "clusters" || flags.what == "quotes";
  if (reuse && (!f.author.empty() || !f.category.empty() || !f.since.empty() || !f.until.empty())) {
    return Status(ErrorCode::kInvalidArgument,
                  "--author, --category, --since and --until apply to --what articles only; "
                  "--what " +
                      flags.what + " takes --site (either side) and --limit");
  }
  return Status::Ok();
}

int ExportArticles(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") {
    WriteCsvRow({"id", "url", "canonical_url", "site", "title", "authors", "published", "modified",
                 "publisher", "language", "categories", "text"});
  }
  int64_t count = 0;
  Status s = db.ForEachArticle(flags.filter, [&](const store::StoredArticle& stored) {
    const Article& a = stored.article;
    ++count;
    if (flags.format == "jsonl") {
      Write(ToJsonLine(a) + "\n");
      return true;
    }
    std::vector<std::string> categories;
    for (const Category& c : a.categories) categories.push_back(c.scheme + ": " + c.label);
    WriteCsvRow({std::to_string(stored.id), a.url, a.canonical_url, a.site, a.title,
                 Join(a.authors, "; "), a.published, a.modified, a.publisher, a.language,
                 Join(categories, "; "), a.text});
    return true;
  });
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld articles\n", static_cast<long long>(count));
  return kExitOk;
}

int ExportErrors(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") WriteCsvRow({"record", "outcome", "message"});
  int64_t count = 0;
  Status s = db.ForEachError([&](const store::RecordOutcome& o) {
    ++count;
    if (flags.format == "jsonl") {
      Write(Dump({{"record", o.record_key}, {"outcome", o.outcome}, {"message", o.message}}) +
            "\n");
    } else {
      WriteCsvRow({o.record_key, o.outcome, o.message});
    }
    return true;
  });
  if (!s.ok()) return Fail("export", s);
  std::fprintf(stderr, "newstrace export: %lld error rows\n", static_cast<long long>(count));
  return kExitOk;
}

int ExportRuns(store::Store& db, const ExportFlags& flags) {
  Result<std::vector<store::RunSummary>> runs = db.Runs();
  if (!runs.ok()) return Fail("export", runs.status());
  if (flags.format == "csv") {
    WriteCsvRow({"run", "started_at", "finished_at", "completed", "command", "counts"});
  }
  for (const store::RunSummary& r : *runs) {
    nlohmann::ordered_json counts(r.counts);
    if (flags.format == "jsonl") {
      Write(Dump({{"run", r.run_id},
                  {"started_at", r.started_at},
                  {"finished_at", r.finished_at},
                  {"completed", r.completed},
                  {"command", r.command},
                  {"counts", counts}}) +
            "\n");
    } else {
      WriteCsvRow({std::to_string(r.run_id), r.started_at, r.finished_at,
                   r.completed ? "true" : "false", r.command, Dump(counts)});
    }
  }
  return kExitOk;
}

// One row per stored quote with its article's reference, in (article, ordinal) order.
int ExportQuotes(store::Store& db, const ExportFlags& flags) {
  if (flags.format == "csv") {
    WriteCsvRow({"article_id", "url", "site", "published", "ordinal", "kind", "begin", "end",
                 "text", "speaker", "speaker_begin", "speaker_end", "cue", "source", "source_url"});
  }
  ArticleRefs refs(db);
  int64_t count = 0;
  Status failure;
  Status s = db.ForEachQuote({}, [&](const store::StoredQuote& sq) {
    auto ref = refs.Get(sq.article_id);
    if (!ref.ok()) {
      failure = ref.status();
      return false;
    }
    if (!flags.filter.site.empty() && ref->site != flags.filter.site) return true;
    const Quote& q = sq.quote;
    ++count;
    if (flags.format == "jsonl") {
      nlohmann::ordered_json j;
      j["article_id"] = sq.article_id;
      j["url"] = ref->url;
      j["site"] = ref->site;
      j["published"] = ref->published;
      j["ordinal"] = sq.ordinal;
      nlohmann::ordered_json fields = QuoteToJson(q);
      for (auto& field : fields.items()) j[field.key()] = std::move(field.value());
      Write(Dump(j) + "\n");
    } else {
      WriteCsvRow({std::to_string(sq.article_id), ref->url, ref->site, ref->published,
                   std::to_string(sq.ordinal), q.kind, std::to_string(q.begin),
                   std::to_string(q.end), q.text, q.speaker, std::to_string(q.speaker_begin),
                   std::to_string(q.speaker_end), q.cue, q.source, q.source_url});
    }
    return !LimitReached(flags, count);
  });
  if (!failure.ok()) return Fail("export", failure);
  if (!s.ok()) return Fail("export", s);
  auto unscanned = db.CountArticlesWithoutQuoteScan();
  std::fprintf(stderr, "newstrace export: %lld quotes\n", static_cast<long long>(count));
  if (unscanned.ok() && *unscanned > 0) {
    std::fprintf(stderr,
                 "newstrace export: %lld articles were never scanned for quotes; run "
                 "`newstrace quotes --db %s --update`\n",
                 static_cast<long long>(*unscanned), flags.db.c_str());
  }
  return kExitOk;
}

int RunExport(ExportFlags& flags) {
  if (Status s = ResolveExportFormat(flags); !s.ok()) return Fail("export", s);
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("export", db.status());
  if (flags.what == "errors") return ExportErrors(**db, flags);
  if (flags.what == "runs") return ExportRuns(**db, flags);
  if (flags.what == "relations") return ExportRelations(**db, flags);
  if (flags.what == "clusters") return ExportClusters(**db, flags);
  if (flags.what == "graph") return ExportGraph(**db, flags);
  if (flags.what == "quotes") return ExportQuotes(**db, flags);
  return ExportArticles(**db, flags);
}

// --- stats ---

// At most `max_bytes` of `text` on one line: whitespace runs become one space,
// a cut falls on a UTF-8 character boundary and is marked with "…".
std::string OneLine(std::string_view text, size_t max_bytes) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const bool is_space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() > max_bytes) break;
  }
  if (out.size() <= max_bytes) return out;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

void WriteReuseStats(const std::map<std::string, std::map<std::string, int64_t>>& stats) {
  auto relations = stats.find("relation");
  if (relations != stats.end() && !relations->second.empty()) {
    int64_t total = 0;
    for (const auto& [kind, n] : relations->second) total += n;
    Write("relations by kind (" + std::to_string(total) + "):\n");
    for (const auto& [kind, n] : relations->second) {
      char line[512];
      std::snprintf(line, sizeof line, "  %-40s %10lld\n", kind.c_str(), static_cast<long long>(n));
      Write(line);
    }
  }
  auto clusters = stats.find("cluster");
  if (clusters != stats.end()) {
    auto count = [&](const char* key) {
      auto it = clusters->second.find(key);
      return it == clusters->second.end() ? int64_t{0} : it->second;
    };
    if (count("clusters") > 0) {
      Write("clusters: " + std::to_string(count("clusters")) + " (" +
            std::to_string(count("articles")) + " articles)\n");
    }
  }
}

// "quotes: N (in M articles scanned for quotes)" when any article was scanned.
void WriteQuoteStats(const std::map<std::string, std::map<std::string, int64_t>>& stats) {
  auto quotes = stats.find("quote");
  if (quotes == stats.end()) return;
  auto count = [&](const char* key) {
    auto it = quotes->second.find(key);
    return it == quotes->second.end() ? int64_t{0} : it->second;
  };
  if (count("scanned") == 0) return;
  Write("quotes: " + std::to_string(count("quotes")) + " (" + std::to_string(count("scanned")) +
        " articles scanned for quotes)\n");
}

// The top passages per site (templates come ordered by site, then documents).
void WriteTemplateStats(const std::vector<store::TemplatePassage>& templates) {
  constexpr size_t kPerSite = 3;
  constexpr size_t kSites = 25;
  if (templates.empty()) return;
  size_t sites = 0;
  for (size_t i = 0; i < templates.size(); ++i) {
    if (i == 0 || templates[i].site != templates[i - 1].site) ++sites;
  }
  Write("template passages by site (" + std::to_string(sites) + (sites == 1 ? " site" : " sites") +
        "; documents, text):\n");
  size_t site_index = 0;
  size_t shown_in_site = 0;
  for (size_t i = 0; i < templates.size(); ++i) {
    const store::TemplatePassage& t = templates[i];
    if (i == 0 || t.site != templates[i - 1].site) {
      if (++site_index > kSites) {
        Write("  ... " + std::to_string(sites - kSites) + " more sites\n");
        return;
      }
      shown_in_site = 0;
    }
    if (++shown_in_site > kPerSite) continue;
    char line[256];
    std::snprintf(line, sizeof line, "  %-30s %8lld  ",
                  t.site.empty() ? "(unknown)" : t.site.c_str(),
                  static_cast<long long>(t.documents));
    Write(std::string(line) + OneLine(t.text, 80) + "\n");
  }
}

int RunStats(const StoreFlags& flags) {
  auto db = OpenExisting(flags.db);
  if (!db.ok()) return Fail("stats", db.status());
  auto stats = (*db)->Stats();
  if (!stats.ok()) return Fail("stats", stats.status());
  for (const char* key : {"site", "language", "month", "error"}) {
    auto it = stats->find(key);
    if (it == stats->end()) continue;
    std::vector<std::pair<std::string, int64_t>> rows(it->second.begin(), it->second.end());
    if (std::string_view(key) != "month") {
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    int64_t total = 0;
    for (const auto& row : rows) total += row.second;
    std::string title = std::string_view(key) == "error"
                            ? "records not stored as articles, by reason"
                            : std::string("by ") + key;
    Write(title + " (" + std::to_string(total) + "):\n");
    size_t shown = 0;
    for (const auto& [value, count] : rows) {
      if (++shown > 25 && std::string_view(key) != "month") {
        Write("  ... " + std::to_string(rows.size() - 25) + " more\n");
        break;
      }
      char line[512];
      std::snprintf(line, sizeof line, "  %-40s %10lld\n",
                    value.empty() ? "(unknown)" : value.c_str(), static_cast<long long>(count));
      Write(line);
    }
  }
  WriteReuseStats(*stats);
  WriteQuoteStats(*stats);
  auto templates = (*db)->Templates("");
  if (!templates.ok()) return Fail("stats", templates.status());
  WriteTemplateStats(*templates);
  return kExitOk;
}

}  // namespace

CommandRunner AddSearchCommand(CLI::App& app) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* cmd =
      app.add_subcommand("search",
                         "Full-text search of a store (FTS5 query syntax), best first:\n"
                         "BM25 with title words weighing 10, and a [highlighted] snippet.");
  cmd->add_option("--db", flags->db, "the store")->required();
  cmd->add_option("QUERY", flags->query,
                  "words (all must match), \"a phrase\", OR, NOT, prefix*, title:word")
      ->required();
  cmd->add_option("--format", flags->format, "table or jsonl")
      ->check(CLI::IsMember({"table", "jsonl"}))
      ->capture_default_str();
  AddFilterOptions(cmd, *flags);
  return [flags] { return RunSearch(*flags); };
}

CommandRunner AddExportCommand(CLI::App& app) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Stream a store's articles, error rows, runs, text-reuse relations, story clusters or "
      "quotations as JSON lines or CSV, or the network of sites sharing text as GEXF or "
      "GraphML.");
  cmd->add_option("--db", flags->db, "the store")->required();
  cmd->add_option("--what", flags->what,
                  "articles, errors, runs, relations (related article pairs with their "
                  "passages), clusters (story clusters), quotes (one row per quotation: article "
                  "id, url, site, published and the quote's fields) or graph (sites linked by "
                  "relations)")
      ->check(
          CLI::IsMember({"articles", "errors", "runs", "relations", "clusters", "quotes", "graph"}))
      ->capture_default_str();
  cmd->add_option("--format", flags->format,
                  "jsonl (default; articles re-ingest unchanged with `ingest`) or csv; for "
                  "--what graph: graphml (default) or gexf")
      ->check(CLI::IsMember({"jsonl", "csv", "gexf", "graphml"}));
  AddFilterOptions(cmd, *flags);
  cmd->footer(
      "Filters: all apply to --what articles; relations, clusters and graph take --site "
      "(a relation or cluster with an article from the site) and --limit; quotes take --site "
      "(the quoting article's) and --limit; errors and runs take none.");
  return [flags] { return RunExport(*flags); };
}

CommandRunner AddStatsCommand(CLI::App& app) {
  auto flags = std::make_shared<StoreFlags>();
  CLI::App* cmd = app.add_subcommand("stats",
                                     "Counts of a store's articles by site, language and month, "
                                     "of its error rows by reason, of stored quotes, and of what "
                                     "`trace` found: relations by kind, clusters, template "
                                     "passages.");
  cmd->add_option("--db", flags->db, "the store")->required();
  return [flags] { return RunStats(*flags); };
}

}  // namespace newstrace::cli
