// Name tables for enums: constexpr arrays of {value, name} pairs, looked up
// both ways. Used for every enum that appears in JSON or on the command line.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace newstrace {

template <typename Kind, size_t N>
std::string_view NameOf(const std::array<std::pair<Kind, std::string_view>, N>& table, Kind kind) {
  for (const auto& [k, name] : table) {
    if (k == kind) return name;
  }
  return "unknown";
}

template <typename Kind, size_t N>
std::optional<Kind> KindOf(const std::array<std::pair<Kind, std::string_view>, N>& table,
                           std::string_view name) {
  for (const auto& [k, n] : table) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace newstrace
