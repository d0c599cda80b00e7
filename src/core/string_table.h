// StringTable: a small fixed-size open-addressing map from short strings to
// small integers, for hot-path keyword lookups (tag names, byline words,
// quote lexicons).
// Built once (not thread-safe while inserting); lookups are const and
// thread-safe. Keys must outlive the table (string literals).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace newstrace {

template <size_t kSlots>
class StringTable {
  static_assert((kSlots & (kSlots - 1)) == 0, "kSlots must be a power of two");

 public:
  static constexpr int kMissing = -1;

  // Inserts `key` -> `value` (value >= 0). The table must stay under half full.
  void Insert(std::string_view key, int value) {
    size_t slot = Hash(key);
    while (!slots_[slot].key.empty()) slot = (slot + 1) & (kSlots - 1);
    slots_[slot] = {key, value};
  }

  int Find(std::string_view key) const {
    if (key.empty()) return kMissing;
    size_t slot = Hash(key);
    for (;;) {
      const Slot& s = slots_[slot];
      if (s.key.empty()) return kMissing;
      if (s.key.size() == key.size() && s.key == key) return s.value;
      slot = (slot + 1) & (kSlots - 1);
    }
  }

 private:
  struct Slot {
    std::string_view key;
    int value = kMissing;
  };

  static size_t Hash(std::string_view key) {
    uint32_t h = static_cast<uint32_t>(key.size()) * 0x9E3779B1u;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 0x01000193u;
    return (h ^ (h >> 15)) & (kSlots - 1);
  }

  std::array<Slot, kSlots> slots_{};
};

}  // namespace newstrace
