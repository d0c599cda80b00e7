#include "reuse/index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

namespace newstrace::reuse {

uint32_t ReuseIndex::SiteId(std::string_view site) {
  auto it = site_ids_.find(std::string(site));
  if (it != site_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(sites_.size());
  sites_.emplace_back(site);
  site_ids_.emplace(std::string(site), id);
  site_docs_.push_back(0);
  return id;
}

int64_t ReuseIndex::LocalOf(int64_t id) const {
  auto it = std::lower_bound(docs_.begin(), docs_.end(), id,
                             [](const IndexedDocument& d, int64_t v) { return d.id < v; });
  if (it == docs_.end() || it->id != id) return -1;
  return it - docs_.begin();
}

uint32_t ReuseIndex::Add(std::vector<DocumentFingerprints> docs) {
  const uint32_t first = Append(std::move(docs));
  Commit();
  return first;
}

uint32_t ReuseIndex::Append(std::vector<DocumentFingerprints> docs) {
  const auto first = static_cast<uint32_t>(docs_.size());
  size_t total = 0;
  for (const auto& d : docs) total += d.fingerprints.size();
  // Geometric growth: an exact reserve per batch would copy the whole
  // buffer on every Append.
  if (pending_.capacity() < pending_.size() + total) {
    pending_.reserve(std::max(pending_.size() + total, 2 * pending_.capacity()));
  }
  std::vector<uint64_t> hashes;
  for (auto& d : docs) {
    const auto local = static_cast<uint32_t>(docs_.size());
    docs_.push_back(d.doc);
    if (d.doc.site < site_docs_.size()) ++site_docs_[d.doc.site];
    hashes.clear();
    for (const Fingerprint& f : d.fingerprints) hashes.push_back(f.hash);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (uint64_t h : hashes) pending_.push_back({h, local});
    d.fingerprints = {};
  }
  return first;
}

void ReuseIndex::Commit(int threads) {
  if (pending_.empty()) {
    if (directory_.empty()) BuildDirectory();
    return;
  }
  const auto less = [](const Posting& x, const Posting& y) {
    return x.hash != y.hash ? x.hash < y.hash : x.doc < y.doc;
  };
  // Sort `parts` slices on their own threads, then merge them pairwise.
  const size_t parts = std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1,
                                          std::max<size_t>(1, pending_.size() / 65536));
  std::vector<size_t> bounds;
  for (size_t p = 0; p <= parts; ++p) bounds.push_back(pending_.size() * p / parts);
  {
    std::vector<std::jthread> sorters;
    for (size_t p = 1; p < parts; ++p) {
      sorters.emplace_back([&, p] {
        std::sort(pending_.begin() + bounds[p], pending_.begin() + bounds[p + 1], less);
      });
    }
    std::sort(pending_.begin(), pending_.begin() + bounds[1], less);
  }
  for (size_t p = 2; p <= parts; ++p) {
    std::inplace_merge(pending_.begin(), pending_.begin() + bounds[p - 1],
                       pending_.begin() + bounds[p], less);
  }
  // Merge: for equal hashes the old postings (smaller doc numbers) come first.
  std::vector<uint64_t> merged_hashes;
  std::vector<uint32_t> merged_docs;
  merged_hashes.reserve(hashes_.size() + pending_.size());
  merged_docs.reserve(hashes_.size() + pending_.size());
  size_t i = 0, j = 0;
  while (i < hashes_.size() || j < pending_.size()) {
    if (j == pending_.size() || (i < hashes_.size() && hashes_[i] <= pending_[j].hash)) {
      merged_hashes.push_back(hashes_[i]);
      merged_docs.push_back(docs_of_[i]);
      ++i;
    } else {
      merged_hashes.push_back(pending_[j].hash);
      merged_docs.push_back(pending_[j].doc);
      ++j;
    }
  }
  pending_ = {};
  hashes_ = std::move(merged_hashes);
  docs_of_ = std::move(merged_docs);
  BuildDirectory();
}

void ReuseIndex::BuildDirectory() {
  const size_t n = hashes_.size();
  directory_bits_ = std::clamp(static_cast<int>(std::bit_width(n)) - 2, 4, 24);
  const size_t buckets = size_t{1} << directory_bits_;
  directory_.assign(buckets + 1, 0);
  size_t p = 0;
  for (size_t b = 0; b < buckets; ++b) {
    directory_[b] = static_cast<uint32_t>(p);
    while (p < n && (hashes_[p] >> (64 - directory_bits_)) == b) ++p;
  }
  directory_[buckets] = static_cast<uint32_t>(n);
}

std::pair<size_t, size_t> ReuseIndex::Range(uint64_t hash) const {
  if (hashes_.empty()) return {0, 0};
  const size_t bucket = hash >> (64 - directory_bits_);
  const auto lo = hashes_.begin() + directory_[bucket];
  const auto hi = hashes_.begin() + directory_[bucket + 1];
  const auto r = std::equal_range(lo, hi, hash);
  return {static_cast<size_t>(r.first - hashes_.begin()),
          static_cast<size_t>(r.second - hashes_.begin())};
}

void ReuseIndex::ComputeTemplates(const CandidateParams& params) {
  templates_.clear();
  std::vector<uint32_t> sites;
  const auto min_docs = static_cast<size_t>(std::max(params.template_min_docs, 2));
  for (size_t i = 0; i < hashes_.size();) {
    size_t j = i + 1;
    while (j < hashes_.size() && hashes_[j] == hashes_[i]) ++j;
    if (j - i >= min_docs) {
      sites.clear();
      for (size_t k = i; k < j; ++k) sites.push_back(docs_[docs_of_[k]].site);
      std::sort(sites.begin(), sites.end());
      for (size_t s = 0; s < sites.size();) {
        size_t t = s;
        while (t < sites.size() && sites[t] == sites[s]) ++t;
        const double needed = std::max<double>(
            static_cast<double>(min_docs),
            std::ceil(params.template_fraction * static_cast<double>(site_docs_[sites[s]])));
        if (static_cast<double>(t - s) >= needed)
          templates_.push_back(TemplateKey(sites[s], hashes_[i]));
        s = t;
      }
    }
    i = j;
  }
  std::sort(templates_.begin(), templates_.end());
}

bool ReuseIndex::IsTemplate(uint32_t site, uint64_t hash) const {
  return !templates_.empty() &&
         std::binary_search(templates_.begin(), templates_.end(), TemplateKey(site, hash));
}

uint32_t ReuseIndex::SiteDocuments(uint32_t site, uint64_t hash) const {
  const auto [b, e] = Range(hash);
  uint32_t n = 0;
  for (size_t k = b; k < e; ++k) n += docs_[docs_of_[k]].site == site;
  return n;
}

std::unordered_map<uint32_t, size_t> ReuseIndex::TemplateCounts() const {
  std::unordered_map<uint32_t, size_t> counts;
  if (templates_.empty()) return counts;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    const uint32_t site = docs_[docs_of_[i]].site;
    if (i > 0 && hashes_[i] == hashes_[i - 1] && docs_[docs_of_[i - 1]].site == site) continue;
    if (IsTemplate(site, hashes_[i])) ++counts[site];
  }
  return counts;
}

std::vector<CandidatePair> ReuseIndex::CandidatePairs(uint32_t first_new,
                                                      const CandidateParams& params) const {
  std::vector<uint64_t> keys;  // second << 32 | first
  std::vector<uint32_t> group;
  const auto max_postings = static_cast<size_t>(params.max_postings);
  for (size_t i = 0; i < hashes_.size();) {
    size_t j = i + 1;
    while (j < hashes_.size() && hashes_[j] == hashes_[i]) ++j;
    // Postings are ordered by document: a group with a new document ends with one.
    if (j - i >= 2 && j - i <= max_postings && docs_of_[j - 1] >= first_new) {
      group.clear();
      for (size_t k = i; k < j; ++k) {
        const uint32_t d = docs_of_[k];
        if (!IsTemplate(docs_[d].site, hashes_[i])) group.push_back(d);
      }
      for (size_t y = 1; y < group.size(); ++y) {
        if (group[y] < first_new) continue;
        for (size_t x = 0; x < y; ++x) keys.push_back(uint64_t{group[y]} << 32 | group[x]);
      }
    }
    i = j;
  }
  std::sort(keys.begin(), keys.end());
  std::vector<CandidatePair> pairs;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i + 1;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    if (j - i >= static_cast<size_t>(params.min_shared)) {
      pairs.push_back({static_cast<uint32_t>(keys[i]), static_cast<uint32_t>(keys[i] >> 32),
                       static_cast<uint32_t>(j - i)});
    }
    i = j;
  }
  return pairs;
}

std::vector<std::pair<uint32_t, uint32_t>> ReuseIndex::Query(
    const std::vector<Fingerprint>& fingerprints, uint32_t site,
    const CandidateParams& params) const {
  std::vector<uint64_t> hashes;
  hashes.reserve(fingerprints.size());
  for (const Fingerprint& f : fingerprints) hashes.push_back(f.hash);
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::vector<uint32_t> hits;
  for (uint64_t h : hashes) {
    const auto [b, e] = Range(h);
    if (b == e || e - b > static_cast<size_t>(params.max_postings)) continue;
    if (IsTemplate(site, h)) continue;
    for (size_t k = b; k < e; ++k) {
      const uint32_t d = docs_of_[k];
      if (!IsTemplate(docs_[d].site, h)) hits.push_back(d);
    }
  }
  std::sort(hits.begin(), hits.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i + 1;
    while (j < hits.size() && hits[j] == hits[i]) ++j;
    if (j - i >= static_cast<size_t>(params.min_shared))
      out.emplace_back(hits[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  return out;
}

// --- Persistence ---

namespace {

constexpr char kMagic[8] = {'N', 'T', 'R', 'E', 'U', 'S', 'E', '1'};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

template <typename T>
bool WriteVec(std::FILE* f, const std::vector<T>& v) {
  const uint64_t n = v.size();
  return std::fwrite(&n, sizeof n, 1, f) == 1 &&
         (n == 0 || std::fwrite(v.data(), sizeof(T), v.size(), f) == v.size());
}

template <typename T>
bool ReadVec(std::FILE* f, std::vector<T>* v, uint64_t limit) {
  uint64_t n = 0;
  if (std::fread(&n, sizeof n, 1, f) != 1 || n > limit) return false;
  v->resize(n);
  return n == 0 || std::fread(v->data(), sizeof(T), n, f) == n;
}

}  // namespace

Status ReuseIndex::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    File f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return Status(ErrorCode::kIoError, "cannot write " + tmp + ": " + std::strerror(errno));
    bool ok = std::fwrite(kMagic, 1, sizeof kMagic, f.get()) == sizeof kMagic;
    const int32_t params[2] = {fingerprint_params.ngram, fingerprint_params.window};
    ok = ok && std::fwrite(params, sizeof params, 1, f.get()) == 1;
    std::string names;
    std::vector<uint32_t> name_ends;
    for (const auto& s : sites_) {
      names += s;
      name_ends.push_back(static_cast<uint32_t>(names.size()));
    }
    std::vector<char> name_bytes(names.begin(), names.end());
    ok = ok && WriteVec(f.get(), name_bytes) && WriteVec(f.get(), name_ends) &&
         WriteVec(f.get(), docs_) && WriteVec(f.get(), hashes_) && WriteVec(f.get(), docs_of_) &&
         WriteVec(f.get(), templates_);
    ok = ok && std::fflush(f.get()) == 0;
    if (!ok)
      return Status(ErrorCode::kIoError, "cannot write " + tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status(ErrorCode::kIoError, "cannot rename " + tmp + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<ReuseIndex> ReuseIndex::Load(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status(ErrorCode::kNotFound, "cannot open " + path);
  char magic[sizeof kMagic];
  int32_t params[2];
  if (std::fread(magic, 1, sizeof magic, f.get()) != sizeof magic ||
      std::memcmp(magic, kMagic, sizeof kMagic) != 0 ||
      std::fread(params, sizeof params, 1, f.get()) != 1) {
    return Status(ErrorCode::kInvalidArgument, path + " is not a newstrace reuse index");
  }
  ReuseIndex index;
  index.fingerprint_params = {params[0], params[1]};
  constexpr uint64_t kLimit = uint64_t{1} << 34;
  std::vector<char> name_bytes;
  std::vector<uint32_t> name_ends;
  bool ok = ReadVec(f.get(), &name_bytes, kLimit) && ReadVec(f.get(), &name_ends, kLimit) &&
            ReadVec(f.get(), &index.docs_, kLimit) && ReadVec(f.get(), &index.hashes_, kLimit) &&
            ReadVec(f.get(), &index.docs_of_, kLimit) &&
            ReadVec(f.get(), &index.templates_, kLimit);
  ok = ok && index.hashes_.size() == index.docs_of_.size();
  uint32_t prev = 0;
  for (uint32_t end : name_ends) {
    if (!ok || end < prev || end > name_bytes.size()) {
      ok = false;
      break;
    }
    index.SiteId(std::string_view(name_bytes.data() + prev, end - prev));
    prev = end;
  }
  for (size_t i = 0; ok && i < index.docs_.size(); ++i) {
    const auto& d = index.docs_[i];
    ok = d.site < index.sites_.size() && (i == 0 || index.docs_[i - 1].id < d.id);
    if (ok) ++index.site_docs_[d.site];
  }
  for (size_t i = 0; ok && i < index.docs_of_.size(); ++i) {
    ok = index.docs_of_[i] < index.docs_.size() &&
         (i == 0 || index.hashes_[i - 1] <= index.hashes_[i]);
  }
  if (!ok) return Status(ErrorCode::kInvalidArgument, path + " is truncated or corrupt");
  index.BuildDirectory();
  return index;
}

}  // namespace newstrace::reuse
