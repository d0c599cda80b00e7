// `trace`: links a stored corpus. Fingerprints the articles ingested since
// the last trace, adds them to the reuse index, finds candidate pairs,
// aligns them into passages (dropping site template), classifies each pair,
// decides its origin and the copy's credit, stores the relations, and
// recomputes the story clusters and the per-site template passages.
//
// Incremental and idempotent: the store keeps a watermark (the highest traced
// article id); a second run with nothing new changes nothing. A run stopped
// early (or killed) leaves the watermark where it was, so the next run redoes
// the unfinished batch; relations are upserts, so nothing is duplicated.
//
// The index lives beside the store (`<db>.reuse`); when it is missing, stale
// or from other parameters it is rebuilt from the store.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/article.h"
#include "core/status.h"
#include "provenance/provenance.h"
#include "reuse/align.h"
#include "reuse/fingerprint.h"
#include "reuse/index.h"
#include "store/store.h"

namespace newstrace::provenance {

struct TraceProgress {
  std::string stage;  // "index", "fingerprint", "align", "clusters"
  int64_t done = 0;
  int64_t total = 0;  // 0 = unknown
};

struct TraceOptions {
  int threads = 1;
  std::string index_path;  // "" = keep the index in memory only
  reuse::FingerprintParams fingerprint;
  reuse::CandidateParams candidates;
  reuse::AlignParams align;
  // A passage is template (dropped) when at least this fraction of its
  // fingerprints are template for either side's site ...
  double template_passage_fraction = 0.5;
  // ... unless it covers at least this fraction of the shorter article
  // (then it is the article itself, repeated: a duplicate, not a footer).
  double template_max_share = 0.5;
  // A short passage (fewer matched words than this) most of whose fingerprints
  // occur in at least formula_min_documents documents is a formula repeated
  // across the corpus (an agency credit line, a standard disclaimer), not reuse.
  int formula_max_words = 25;
  // Two articles of the same site that share only a block at both their
  // ends (or both their starts), under this fraction of each, share a site
  // footer or header: template, however few pages carry it.
  double edge_block_max_share = 0.2;
  int formula_min_documents = 5;
  std::function<void(const TraceProgress&)> progress;  // called on the calling thread
  const std::atomic<bool>* stop = nullptr;             // set → stop before the watermark moves
};

struct TraceSummary {
  int64_t new_articles = 0;      // traced in this run
  int64_t indexed_articles = 0;  // in the index after the run
  bool index_rebuilt = false;
  int64_t candidate_pairs = 0;
  int64_t template_passages_dropped = 0;
  std::map<std::string, int64_t> relations;  // kind → new or updated relations
  int64_t clusters = 0;
  int64_t template_sites = 0;
  bool stopped = false;
};

Result<TraceSummary> TraceCorpus(store::Store& store, const TraceOptions& options);

// The relation between two articles, or nullopt when they share no passage
// (after template passages are dropped). `is_template_a(hash)` says whether a
// fingerprint hash is template for a's site (likewise b); pass nullptr for none.
struct PairContext {
  const reuse::ReuseIndex* index = nullptr;  // for template checks; may be null
  uint32_t a_site = 0;
  uint32_t b_site = 0;
};
std::optional<store::StoredRelation> RelatePair(int64_t a_id, const Article& a, int64_t b_id,
                                                const Article& b, const PairContext& context,
                                                const TraceOptions& options,
                                                int64_t* template_dropped = nullptr);

// The JSON object stored as StoredRelation::evidence_json.
std::string RelationEvidenceJson(const Coverage& coverage, const OriginVerdict& origin,
                                 const std::optional<CreditVerdict>& credit, int64_t origin_id,
                                 int64_t copy_id);

}  // namespace newstrace::provenance
