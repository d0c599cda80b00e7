#include "provenance/trace.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/parallel.h"
#include "text/words.h"

namespace newstrace::provenance {
namespace {

constexpr int64_t kFingerprintChunk = 512;  // articles per fingerprint pipeline step
constexpr size_t kAlignChunk = 2048;        // candidate pairs per step
constexpr size_t kArticleCache = 16384;     // articles kept between steps

bool Stopped(const TraceOptions& o) { return o.stop != nullptr && o.stop->load(); }

void Report(const TraceOptions& o, const char* stage, int64_t done, int64_t total) {
  if (o.progress) o.progress({stage, done, total});
}

reuse::DocumentFingerprints FingerprintArticle(int64_t id, uint32_t site, std::string_view text,
                                               const reuse::FingerprintParams& params) {
  thread_local std::vector<text::Word> words;
  thread_local std::vector<uint64_t> scratch;
  text::SplitWords(text, &words);
  reuse::DocumentFingerprints d;
  d.doc = {id, site, static_cast<uint32_t>(words.size())};
  reuse::Fingerprints(words, params, &scratch, &d.fingerprints);
  return d;
}

// Articles read from the store in one step of the fingerprint pipeline.
struct TextChunk {
  std::vector<int64_t> ids;
  std::vector<std::string> sites;
  std::vector<std::string> texts;
};

struct FingerprintChunk {
  std::vector<std::string> sites;
  std::vector<reuse::DocumentFingerprints> docs;
};

// Fingerprints the stored articles with after_id < id <= up_to (0 = no
// bound) and adds them to the index. Returns how many were added. Reading
// (one thread), fingerprinting (o.threads workers) and indexing (this
// thread) overlap; only id, site and text are read.
Result<int64_t> IndexArticles(store::Store& store, reuse::ReuseIndex& index, int64_t after_id,
                              int64_t up_to, const TraceOptions& o, const char* stage) {
  int64_t added = 0;
  int64_t cursor = after_id;
  bool done = false;
  Status read_status;
  RunOrderedPipeline<TextChunk, FingerprintChunk>(
      o.threads, 4,
      [&]() -> std::optional<TextChunk> {
        if (done || Stopped(o)) return std::nullopt;
        TextChunk chunk;
        Status st = store.ForEachArticleText(cursor, up_to, kFingerprintChunk,
                                             [&](const store::ArticleText& a) {
                                               chunk.ids.push_back(a.id);
                                               chunk.sites.emplace_back(a.site);
                                               chunk.texts.emplace_back(a.text);
                                               return true;
                                             });
        if (!st.ok()) read_status = st;
        if (!st.ok() || chunk.ids.empty()) return std::nullopt;
        cursor = chunk.ids.back();
        done = static_cast<int64_t>(chunk.ids.size()) < kFingerprintChunk;
        return chunk;
      },
      [&](TextChunk&& chunk) {
        FingerprintChunk out;
        out.docs.reserve(chunk.ids.size());
        for (size_t i = 0; i < chunk.ids.size(); ++i) {
          out.docs.push_back(FingerprintArticle(chunk.ids[i], 0, chunk.texts[i], o.fingerprint));
        }
        out.sites = std::move(chunk.sites);
        return out;
      },
      [&](FingerprintChunk&& chunk) {
        for (size_t i = 0; i < chunk.docs.size(); ++i)
          chunk.docs[i].doc.site = index.SiteId(chunk.sites[i]);
        added += static_cast<int64_t>(chunk.docs.size());
        index.Append(std::move(chunk.docs));
        Report(o, stage, added, 0);
      });
  if (!read_status.ok()) return read_status;
  index.Commit(o.threads);  // one merge for the whole run
  return added;
}

// The byte ranges of `passages` on one side, merged, in bytes.
uint64_t CoveredBytes(std::vector<std::pair<uint32_t, uint32_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  uint64_t covered = 0;
  uint32_t end = 0;
  for (const auto& [b, e] : ranges) {
    const uint32_t from = std::max(b, end);
    if (e > from) covered += e - from;
    end = std::max(end, e);
  }
  return covered;
}

// Fraction of the fingerprints inside words [first, last) that are template
// for `site`; -1 when none lie inside.
double TemplateFraction(const reuse::ReuseIndex& index, uint32_t site,
                        const std::vector<reuse::Fingerprint>& fps, uint32_t first, uint32_t last,
                        int ngram) {
  int inside = 0, tmpl = 0;
  for (const auto& f : fps) {
    if (f.word < first || f.word + static_cast<uint32_t>(ngram) > last) continue;
    ++inside;
    tmpl += index.IsTemplate(site, f.hash);
  }
  return inside == 0 ? -1 : static_cast<double>(tmpl) / inside;
}

// True when at least half of the fingerprints inside words [first, last) are
// in options.formula_min_documents documents or more (and there is one).
// Winnowing picks slightly different fingerprints at a passage's edges in
// each document, so "every" would be too strict.
bool IsFormula(const reuse::ReuseIndex& index, const std::vector<reuse::Fingerprint>& fps,
               uint32_t first, uint32_t last, const TraceOptions& options) {
  int inside = 0, common = 0;
  for (const auto& f : fps) {
    if (f.word < first || f.word + static_cast<uint32_t>(options.fingerprint.ngram) > last)
      continue;
    ++inside;
    common +=
        index.DocumentFrequency(f.hash) >= static_cast<uint32_t>(options.formula_min_documents);
  }
  return inside > 0 && 2 * common >= inside;
}

nlohmann::ordered_json EvidenceList(const std::vector<Evidence>& evidence) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& e : evidence) out.push_back({{"kind", e.kind}, {"detail", e.detail}});
  return out;
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Union-find over article ids.
class Clusters {
 public:
  int64_t Find(int64_t x) {
    auto it = parent_.find(x);
    if (it == parent_.end()) {
      parent_.emplace(x, x);
      return x;
    }
    int64_t root = x;
    while (parent_[root] != root) root = parent_[root];
    while (parent_[x] != root) {
      const int64_t next = parent_[x];
      parent_[x] = root;
      x = next;
    }
    return root;
  }
  void Join(int64_t a, int64_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }
  std::vector<int64_t> Members() const {
    std::vector<int64_t> ids;
    ids.reserve(parent_.size());
    for (const auto& [id, p] : parent_) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  std::unordered_map<int64_t, int64_t> parent_;
};

Result<int64_t> RebuildClusters(store::Store& store) {
  Clusters uf;
  std::unordered_map<int64_t, int> origin_of, copy_of;
  Status st = store.ForEachRelation([&](const store::StoredRelation& r) {
    uf.Join(r.a_id, r.b_id);
    if (r.origin_id != 0) {
      ++origin_of[r.origin_id];
      ++copy_of[r.origin_id == r.a_id ? r.b_id : r.a_id];
    }
    return true;
  });
  if (!st.ok()) return st;
  std::map<int64_t, store::StoredCluster> clusters;
  for (int64_t id : uf.Members()) {
    auto& c = clusters[uf.Find(id)];
    c.cluster_id = uf.Find(id);
    c.article_ids.push_back(id);
  }
  std::vector<store::StoredCluster> out;
  out.reserve(clusters.size());
  for (auto& [root, c] : clusters) {
    // The origin: the one member that is an origin in some pair and a copy in
    // none; among several such, the earliest published when dates decide.
    std::vector<int64_t> roots;
    for (int64_t id : c.article_ids)
      if (origin_of.count(id) && !copy_of.count(id)) roots.push_back(id);
    nlohmann::ordered_json ev = nlohmann::ordered_json::object();
    if (roots.size() == 1) {
      c.origin_id = roots[0];
      ev["rule"] = "the only member that is the origin of a pair and a copy in none";
      ev["origin_of_pairs"] = origin_of[roots[0]];
    } else if (roots.size() > 1) {
      std::vector<std::pair<int64_t, std::string>> dated;
      for (int64_t id : roots) {
        auto a = store.GetArticle(id);
        if (a.ok() && *a) dated.emplace_back(id, (*a)->article.published);
      }
      int64_t best = 0;
      bool decided = !dated.empty();
      for (size_t i = 0; i < dated.size() && decided; ++i) {
        bool earliest = true;
        for (size_t k = 0; k < dated.size(); ++k)
          if (k != i && CompareInstants(dated[i].second, dated[k].second) >= 0) earliest = false;
        if (earliest) best = dated[i].first;
      }
      c.origin_id = best;
      ev["rule"] = best != 0 ? "the earliest published of the members that are never a copy"
                             : "several members are origins and the dates do not decide";
      ev["candidates"] = roots;
    } else {
      ev["rule"] = "no pair in the cluster has a decided origin";
    }
    c.evidence_json = Dump(ev);
    out.push_back(std::move(c));
  }
  if (Status s = store.ReplaceClusters(out); !s.ok()) return s;
  return static_cast<int64_t>(out.size());
}

// One sample of each site's template passages: the site's latest indexed
// article, its template fingerprints merged into word ranges.
Result<int64_t> RebuildTemplates(store::Store& store, const reuse::ReuseIndex& index,
                                 const TraceOptions& o) {
  const auto counts = index.TemplateCounts();
  std::unordered_map<uint32_t, uint32_t> latest;
  for (uint32_t d = 0; d < index.documents(); ++d)
    if (counts.count(index.document(d).site)) latest[index.document(d).site] = d;
  std::vector<store::TemplatePassage> out;
  std::vector<text::Word> words;
  std::vector<uint64_t> scratch;
  std::vector<reuse::Fingerprint> fps;
  for (const auto& [site, doc] : latest) {
    auto stored = store.GetArticle(index.document(doc).id);
    if (!stored.ok()) return stored.status();
    if (!*stored) continue;
    const std::string& t = (*stored)->article.text;
    text::SplitWords(t, &words);
    reuse::Fingerprints(words, o.fingerprint, &scratch, &fps);
    const auto n = static_cast<uint32_t>(o.fingerprint.ngram);
    const auto gap = static_cast<uint32_t>(o.fingerprint.window);
    uint32_t first = 0, last = 0, docs = 0;
    bool open = false;
    auto flush = [&] {
      if (open && last > first && last - first >= 8) {
        out.push_back({index.SiteName(site),
                       t.substr(words[first].begin, words[last - 1].end - words[first].begin),
                       docs});
      }
      open = false;
    };
    for (const auto& f : fps) {
      if (!index.IsTemplate(site, f.hash)) continue;
      const uint32_t end = std::min<uint32_t>(f.word + n, static_cast<uint32_t>(words.size()));
      if (open && f.word <= last + gap) {
        last = std::max(last, end);
        continue;
      }
      flush();
      open = true;
      first = f.word;
      last = end;
      docs = index.SiteDocuments(site, f.hash);
    }
    flush();
  }
  if (Status s = store.ReplaceTemplates(out); !s.ok()) return s;
  return static_cast<int64_t>(latest.size());
}

// A pair whose own evidence does not decide, with one side the origin of the
// whole story cluster (credited, linked or dated as such by other members),
// takes that side as origin: a copy of the story's origin copies the origin.
Result<int64_t> PropagateClusterOrigins(store::Store& store) {
  std::vector<std::pair<int64_t, int64_t>> origins;  // (cluster origin, cluster id)
  Status st = store.ForEachCluster([&](const store::StoredCluster& c) {
    if (c.origin_id != 0) origins.emplace_back(c.origin_id, c.cluster_id);
    return true;
  });
  if (!st.ok()) return st;
  std::vector<store::StoredRelation> updated;
  for (const auto& [origin_id, cluster_id] : origins) {
    auto relations = store.RelationsOf(origin_id);
    if (!relations.ok()) return relations.status();
    std::shared_ptr<const Article> origin;
    for (store::StoredRelation& r : *relations) {
      if (r.origin_id != 0) continue;
      if (!origin) {
        auto a = store.GetArticle(origin_id);
        if (!a.ok()) return a.status();
        if (!*a) break;
        origin = std::make_shared<const Article>(std::move((*a)->article));
      }
      const int64_t copy_id = r.a_id == origin_id ? r.b_id : r.a_id;
      auto copy = store.GetArticle(copy_id);
      if (!copy.ok()) return copy.status();
      if (!*copy) continue;
      const CreditVerdict credit = JudgeCredit((*copy)->article, *origin);
      nlohmann::ordered_json ev = nlohmann::ordered_json::parse(r.evidence_json, nullptr, false);
      if (ev.is_discarded() || !ev.is_object()) ev = nlohmann::ordered_json::object();
      auto list = nlohmann::ordered_json::array();
      list.push_back(
          {{"kind", "cluster"},
           {"detail", "#" + std::to_string(origin_id) + " is the origin of its story cluster #" +
                          std::to_string(cluster_id) +
                          "; this pair's own evidence does not decide"}});
      if (ev.contains("origin") && ev["origin"].contains("evidence")) {
        for (const auto& e : ev["origin"]["evidence"]) list.push_back(e);
      }
      ev["origin"] = {
          {"verdict", r.a_id == origin_id ? "a" : "b"}, {"evidence", list}, {"id", origin_id}};
      nlohmann::ordered_json c;
      c["copy"] = copy_id;
      c["kind"] = ToString(credit.kind);
      c["evidence"] = credit.evidence;
      if (!credit.terms.empty()) {
        c["terms"] = credit.terms;
        c["terms_evidence"] = credit.terms_evidence;
      }
      ev["credit"] = c;
      r.origin_id = origin_id;
      r.credit = std::string(ToString(credit.kind));
      r.evidence_json = Dump(ev);
      updated.push_back(std::move(r));
    }
  }
  if (Status s = store.PutRelations(updated); !s.ok()) return s;
  return static_cast<int64_t>(updated.size());
}

struct PairJob {
  uint32_t first;
  uint32_t second;
};

}  // namespace

std::string RelationEvidenceJson(const Coverage& coverage, const OriginVerdict& origin,
                                 const std::optional<CreditVerdict>& credit, int64_t origin_id,
                                 int64_t copy_id) {
  nlohmann::ordered_json j;
  j["a_shared"] = coverage.a_shared;
  j["b_shared"] = coverage.b_shared;
  j["identity"] = coverage.identity;
  j["origin"] = {{"verdict", origin.origin == Side::kA   ? "a"
                             : origin.origin == Side::kB ? "b"
                                                         : "unknown"},
                 {"evidence", EvidenceList(origin.evidence)}};
  if (origin_id != 0) j["origin"]["id"] = origin_id;
  if (credit) {
    nlohmann::ordered_json c;
    c["copy"] = copy_id;
    c["kind"] = ToString(credit->kind);
    c["evidence"] = credit->evidence;
    if (!credit->terms.empty()) {
      c["terms"] = credit->terms;
      c["terms_evidence"] = credit->terms_evidence;
    }
    j["credit"] = c;
  }
  return Dump(j);
}

std::optional<store::StoredRelation> RelatePair(int64_t a_id, const Article& a, int64_t b_id,
                                                const Article& b, const PairContext& context,
                                                const TraceOptions& options,
                                                int64_t* template_dropped) {
  std::vector<text::Word> aw, bw;
  text::SplitWords(a.text, &aw);
  text::SplitWords(b.text, &bw);
  std::vector<reuse::AlignedPassage> passages =
      reuse::AlignTexts(a.text, aw, b.text, bw, options.align);
  if (passages.empty()) return std::nullopt;
  if (context.index != nullptr) {
    std::vector<uint64_t> scratch;
    std::vector<reuse::Fingerprint> af, bf;
    reuse::Fingerprints(aw, options.fingerprint, &scratch, &af);
    reuse::Fingerprints(bw, options.fingerprint, &scratch, &bf);
    const double shorter = static_cast<double>(std::max<size_t>(1, std::min(aw.size(), bw.size())));
    std::erase_if(passages, [&](const reuse::AlignedPassage& p) {
      const double ta = TemplateFraction(*context.index, context.a_site, af, p.a_word_begin,
                                         p.a_word_end, options.fingerprint.ngram);
      const double tb = TemplateFraction(*context.index, context.b_site, bf, p.b_word_begin,
                                         p.b_word_end, options.fingerprint.ngram);
      bool tmpl = std::max(ta, tb) >= options.template_passage_fraction;
      if (!tmpl && p.matched_words < static_cast<uint32_t>(options.formula_max_words)) {
        tmpl = IsFormula(*context.index, af, p.a_word_begin, p.a_word_end, options);
      }
      const double share = (p.a_word_end - p.a_word_begin) / shorter;
      // Two articles of one site ending (or starting) with the same short
      // block: a footer or header variant too rare to be learned from
      // frequency (a bio used on two pages), not reuse.
      const bool same_site = !a.site.empty() && a.site == b.site;
      const bool at_end = p.span.a_end + 2 >= a.text.size() && p.span.b_end + 2 >= b.text.size();
      const bool at_start = p.span.a_begin <= 2 && p.span.b_begin <= 2;
      const double share_b =
          (p.b_word_end - p.b_word_begin) / static_cast<double>(std::max<size_t>(1, bw.size()));
      const double share_a =
          (p.a_word_end - p.a_word_begin) / static_cast<double>(std::max<size_t>(1, aw.size()));
      if (same_site && (at_end || at_start) &&
          std::max(share_a, share_b) < options.edge_block_max_share) {
        tmpl = true;
      }
      const bool drop = tmpl && share < options.template_max_share;
      if (drop && template_dropped != nullptr) ++*template_dropped;
      return drop;
    });
    if (passages.empty()) return std::nullopt;
  }
  Coverage coverage;
  std::vector<std::pair<uint32_t, uint32_t>> ra, rb;
  uint64_t matched = 0, spanned = 0;
  store::StoredRelation rel;
  rel.a_id = a_id;
  rel.b_id = b_id;
  for (const auto& p : passages) {
    ra.emplace_back(p.span.a_begin, p.span.a_end);
    rb.emplace_back(p.span.b_begin, p.span.b_end);
    matched += p.matched_words;
    spanned += std::max(p.a_word_end - p.a_word_begin, p.b_word_end - p.b_word_begin);
    rel.passages.push_back(p.span);
  }
  coverage.a_shared = a.text.empty() ? 0 : static_cast<double>(CoveredBytes(ra)) / a.text.size();
  coverage.b_shared = b.text.empty() ? 0 : static_cast<double>(CoveredBytes(rb)) / b.text.size();
  coverage.identity = spanned == 0 ? 1 : static_cast<double>(matched) / spanned;
  coverage.same_text =
      coverage.a_shared >= 0.98 && coverage.b_shared >= 0.98 && SameText(a.text, b.text);
  rel.kind = std::string(ToString(ClassifyRelation(coverage)));
  rel.a_shared = coverage.a_shared;
  rel.b_shared = coverage.b_shared;
  const OriginVerdict origin = DecideOrigin(a, b, coverage);
  std::optional<CreditVerdict> credit;
  int64_t copy_id = 0;
  if (origin.origin == Side::kA) {
    rel.origin_id = a_id;
    copy_id = b_id;
    credit = JudgeCredit(b, a);
  } else if (origin.origin == Side::kB) {
    rel.origin_id = b_id;
    copy_id = a_id;
    credit = JudgeCredit(a, b);
  }
  if (credit) rel.credit = std::string(ToString(credit->kind));
  rel.evidence_json = RelationEvidenceJson(coverage, origin, credit, rel.origin_id, copy_id);
  return rel;
}

Result<TraceSummary> TraceCorpus(store::Store& store, const TraceOptions& o) {
  TraceSummary summary;
  Result<int64_t> watermark = store.TraceWatermark();
  if (!watermark.ok()) return watermark.status();

  // 1. The index of everything traced so far: loaded, or rebuilt from the store.
  reuse::ReuseIndex index;
  bool loaded = false;
  if (!o.index_path.empty() && *watermark > 0) {
    Result<reuse::ReuseIndex> l = reuse::ReuseIndex::Load(o.index_path);
    loaded = l.ok() && l->max_id() == *watermark &&
             l->fingerprint_params.ngram == o.fingerprint.ngram &&
             l->fingerprint_params.window == o.fingerprint.window;
    if (loaded) index = std::move(*l);
  }
  index.fingerprint_params = o.fingerprint;
  if (!loaded && *watermark > 0) {
    summary.index_rebuilt = true;
    Result<int64_t> n = IndexArticles(store, index, 0, *watermark, o, "index");
    if (!n.ok()) return n.status();
  }
  if (Stopped(o)) {
    summary.stopped = true;
    return summary;
  }

  // 2. The new articles.
  const auto first_new = static_cast<uint32_t>(index.documents());
  Result<int64_t> added = IndexArticles(store, index, *watermark, 0, o, "fingerprint");
  if (!added.ok()) return added.status();
  summary.new_articles = *added;
  summary.indexed_articles = static_cast<int64_t>(index.documents());
  if (Stopped(o)) {
    summary.stopped = true;
    return summary;
  }
  if (summary.new_articles == 0) {
    if (summary.index_rebuilt && !o.index_path.empty()) {
      if (Status s = index.Save(o.index_path); !s.ok()) return s;
    }
    return summary;
  }

  // 3. Candidates, alignment, verdicts.
  index.ComputeTemplates(o.candidates);
  const std::vector<reuse::CandidatePair> pairs = index.CandidatePairs(first_new, o.candidates);
  summary.candidate_pairs = static_cast<int64_t>(pairs.size());
  std::unordered_map<int64_t, std::shared_ptr<const Article>> cache;
  std::atomic<int64_t> dropped{0};
  for (size_t start = 0; start < pairs.size(); start += kAlignChunk) {
    if (Stopped(o)) {
      summary.stopped = true;
      return summary;
    }
    const size_t end = std::min(pairs.size(), start + kAlignChunk);
    if (cache.size() > kArticleCache) cache.clear();
    for (size_t i = start; i < end; ++i) {
      for (uint32_t local : {pairs[i].first, pairs[i].second}) {
        const int64_t id = index.document(local).id;
        if (cache.count(id)) continue;
        auto a = store.GetArticle(id);
        if (!a.ok()) return a.status();
        cache[id] = *a ? std::make_shared<const Article>(std::move((*a)->article))
                       : std::make_shared<const Article>();
      }
    }
    std::vector<store::StoredRelation> relations;
    OrderedParallelMap<std::optional<store::StoredRelation>>(
        end - start, o.threads, 256,
        [&](size_t k) {
          const auto& p = pairs[start + k];
          const auto& da = index.document(p.first);
          const auto& db = index.document(p.second);
          PairContext ctx{&index, da.site, db.site};
          int64_t local_dropped = 0;
          auto rel =
              RelatePair(da.id, *cache.at(da.id), db.id, *cache.at(db.id), ctx, o, &local_dropped);
          dropped += local_dropped;
          return rel;
        },
        [&](size_t, std::optional<store::StoredRelation>&& rel) {
          if (!rel) return;
          ++summary.relations[rel->kind];
          relations.push_back(std::move(*rel));
        });
    if (Status s = store.PutRelations(relations); !s.ok()) return s;
    Report(o, "align", static_cast<int64_t>(end), static_cast<int64_t>(pairs.size()));
  }
  summary.template_passages_dropped = dropped.load();

  // 4. The watermark moves only when every pair of the batch is stored.
  if (Status s = store.SetTraceWatermark(index.max_id()); !s.ok()) return s;
  if (!o.index_path.empty()) {
    if (Status s = index.Save(o.index_path); !s.ok()) return s;
  }

  // 5. Derived views: clusters and template samples.
  Report(o, "clusters", 0, 0);
  Result<int64_t> clusters = RebuildClusters(store);
  if (!clusters.ok()) return clusters.status();
  summary.clusters = *clusters;
  Result<int64_t> propagated = PropagateClusterOrigins(store);
  if (!propagated.ok()) return propagated.status();
  Result<int64_t> sites = RebuildTemplates(store, index, o);
  if (!sites.ok()) return sites.status();
  summary.template_sites = *sites;
  return summary;
}

}  // namespace newstrace::provenance
