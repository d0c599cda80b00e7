// The reuse index: winnowed fingerprints of every traced article, as sorted
// posting arrays (hash → documents), with per-site template detection.
//
// Documents are added in batches (a trace run); each batch is sorted and
// merged into the postings. Queries are binary searches narrowed by a
// directory on the top bits of the hash. The index is derived data: it can be
// saved beside the store, reloaded, or rebuilt from the store.
//
// Thread safety: const methods may run concurrently; Add/ComputeTemplates
// need exclusive access.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "reuse/fingerprint.h"

namespace newstrace::reuse {

struct IndexedDocument {
  int64_t id = 0;     // the store's article id
  uint32_t site = 0;  // ReuseIndex::SiteId
  uint32_t words = 0;
};

struct DocumentFingerprints {
  IndexedDocument doc;
  std::vector<Fingerprint> fingerprints;
};

struct CandidateParams {
  int min_shared = 2;       // shared fingerprints for a candidate pair
  int max_postings = 1000;  // fingerprints in more documents are too common to use
  // A fingerprint is site template when it occurs in at least
  // max(template_min_docs, template_fraction × the site's documents) of them.
  int template_min_docs = 3;
  double template_fraction = 0.05;
};

// A pair of local document numbers (first < second) with the count of shared
// (non-template) fingerprints.
struct CandidatePair {
  uint32_t first = 0;
  uint32_t second = 0;
  uint32_t shared = 0;
};

class ReuseIndex {
 public:
  ReuseIndex() = default;

  // The site number for a site name (created on first use).
  uint32_t SiteId(std::string_view site);
  const std::string& SiteName(uint32_t site) const { return sites_[site]; }

  // Appends documents (ids must be above every indexed id) and merges their
  // fingerprints into the postings. Returns the local number of the first.
  // Same as Append then Commit.
  uint32_t Add(std::vector<DocumentFingerprints> docs);
  // Appends documents whose postings wait in a buffer until Commit, which
  // sorts them and merges them into the postings in one pass: a trace run
  // appends batch by batch and merges once, so its cost does not grow with
  // the number of batches. Queries do not see appended documents before
  // Commit (documents() does). Commit sorts on up to `threads` threads.
  uint32_t Append(std::vector<DocumentFingerprints> docs);
  void Commit(int threads = 1);

  size_t documents() const { return docs_.size(); }
  size_t postings() const { return hashes_.size(); }
  const IndexedDocument& document(uint32_t local) const { return docs_[local]; }
  int64_t max_id() const { return docs_.empty() ? 0 : docs_.back().id; }
  // Local number of a store id, or -1.
  int64_t LocalOf(int64_t id) const;

  // Marks (site, hash) pairs that a site repeats on many of its own
  // documents (params.template_*). Call after Add.
  void ComputeTemplates(const CandidateParams& params);
  bool IsTemplate(uint32_t site, uint64_t hash) const;
  // How many documents carry this fingerprint.
  uint32_t DocumentFrequency(uint64_t hash) const {
    const auto [b, e] = Range(hash);
    return static_cast<uint32_t>(e - b);
  }
  // How many of the site's documents carry this fingerprint.
  uint32_t SiteDocuments(uint32_t site, uint64_t hash) const;
  // Template fingerprints per site (for statistics).
  std::unordered_map<uint32_t, size_t> TemplateCounts() const;

  // Pairs of documents sharing at least params.min_shared fingerprints that
  // are neither template for the document's site nor too common, where at
  // least one document is numbered >= first_new. Sorted by (second, first).
  std::vector<CandidatePair> CandidatePairs(uint32_t first_new,
                                            const CandidateParams& params) const;

  // Documents sharing fingerprints with a document that is not (necessarily)
  // indexed: (local number, shared count), most shared first.
  std::vector<std::pair<uint32_t, uint32_t>> Query(const std::vector<Fingerprint>& fingerprints,
                                                   uint32_t site,
                                                   const CandidateParams& params) const;

  // A compact binary file; Load checks magic, version and sizes.
  [[nodiscard]] Status Save(const std::string& path) const;
  [[nodiscard]] static Result<ReuseIndex> Load(const std::string& path);

  FingerprintParams fingerprint_params;

 private:
  // [begin, end) of the postings of `hash`.
  std::pair<size_t, size_t> Range(uint64_t hash) const;
  void BuildDirectory();
  static uint64_t TemplateKey(uint32_t site, uint64_t hash) {
    return hash ^ (static_cast<uint64_t>(site) * 0x9E3779B97F4A7C15ULL);
  }

  std::vector<IndexedDocument> docs_;
  std::vector<std::string> sites_;
  std::unordered_map<std::string, uint32_t> site_ids_;
  std::vector<uint32_t> site_docs_;  // documents per site
  // Postings sorted by (hash, doc): hashes_[i] is in document docs_of_[i].
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> docs_of_;
  int directory_bits_ = 0;
  std::vector<uint32_t> directory_;  // first posting per top-bits prefix, size 2^bits + 1
  std::vector<uint64_t> templates_;  // sorted TemplateKey values
  struct Posting {
    uint64_t hash;
    uint32_t doc;
  };
  std::vector<Posting> pending_;  // appended, not yet committed
};

}  // namespace newstrace::reuse
