#include "reuse/fingerprint.h"

#include <algorithm>

namespace newstrace::reuse {

void NgramHashes(std::span<const text::Word> words, int n, std::vector<uint64_t>* out) {
  out->clear();
  if (n <= 0 || words.size() < static_cast<size_t>(n)) return;
  const size_t count = words.size() - static_cast<size_t>(n) + 1;
  out->resize(count);
  for (size_t i = 0; i < count; ++i) {
    // Order-sensitive combination of the word hashes, then a final mix.
    uint64_t h = 0x243F6A8885A308D3ULL;
    for (int k = 0; k < n; ++k) {
      h = (h ^ words[i + static_cast<size_t>(k)].hash) * 0x100000001B3ULL;
      h ^= h >> 31;
    }
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 29;
    (*out)[i] = h;
  }
}

void Winnow(std::span<const uint64_t> hashes, int window, std::vector<Fingerprint>* out) {
  out->clear();
  if (hashes.empty()) return;
  const size_t w = static_cast<size_t>(std::max(window, 1));
  if (hashes.size() <= w) {
    size_t best = 0;
    for (size_t i = 1; i < hashes.size(); ++i)
      if (hashes[i] <= hashes[best]) best = i;
    out->push_back({hashes[best], static_cast<uint32_t>(best)});
    return;
  }
  // Monotone deque of candidate positions (increasing hash from front).
  std::vector<uint32_t> deque(hashes.size());
  size_t head = 0, tail = 0;
  size_t last = SIZE_MAX;
  for (size_t i = 0; i < hashes.size(); ++i) {
    while (tail > head && hashes[deque[tail - 1]] >= hashes[i]) --tail;
    deque[tail++] = static_cast<uint32_t>(i);
    if (i + 1 < w) continue;
    const size_t window_begin = i + 1 - w;
    while (deque[head] < window_begin) ++head;
    const size_t pick = deque[head];
    if (pick != last) {
      out->push_back({hashes[pick], static_cast<uint32_t>(pick)});
      last = pick;
    }
  }
}

void Fingerprints(std::span<const text::Word> words, const FingerprintParams& params,
                  std::vector<uint64_t>* scratch, std::vector<Fingerprint>* out) {
  NgramHashes(words, params.ngram, scratch);
  Winnow(*scratch, params.window, out);
}

}  // namespace newstrace::reuse
