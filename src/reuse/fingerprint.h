// Fingerprints of a text for finding shared passages: hashed word n-grams,
// thinned by winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003) so that
// every shared run of at least `ngram + window - 1` words yields at least one
// shared fingerprint, while only about 2 / (window + 1) of the n-grams are kept.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "text/words.h"

namespace newstrace::reuse {

struct FingerprintParams {
  int ngram = 5;    // words per n-gram
  int window = 12;  // n-grams per winnowing window
};

struct Fingerprint {
  uint64_t hash = 0;
  uint32_t word = 0;  // index of the n-gram's first word
  bool operator==(const Fingerprint&) const = default;
};

// out[i] = hash of words[i, i + n); empty when there are fewer than n words.
void NgramHashes(std::span<const text::Word> words, int n, std::vector<uint64_t>* out);

// Robust winnowing: the minimum of every window of `window` consecutive
// hashes (the rightmost on ties), each position selected once, in order.
// A text shorter than one window keeps its minimum.
void Winnow(std::span<const uint64_t> hashes, int window, std::vector<Fingerprint>* out);

// Words → n-gram hashes → winnowed fingerprints. `scratch` avoids allocation.
void Fingerprints(std::span<const text::Word> words, const FingerprintParams& params,
                  std::vector<uint64_t>* scratch, std::vector<Fingerprint>* out);

}  // namespace newstrace::reuse
