// Fuzz target for the date scanners (extract/dates.h): arbitrary bytes through
// NormalizeDate, FindDateInText and DateFromUrl. Every non-empty result must be
// a well-formed ISO 8601 date or date-time with a year in 1990..2100.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/dates.h"

namespace {

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// "YYYY-MM-DD", optionally "Thh:mm:ss" and "Z" or "+hh:mm" / "-hh:mm".
void CheckIso(std::string_view d) {
  if (d.empty()) return;
  bool ok = d.size() >= 10 && IsDigits(d.substr(0, 4)) && d[4] == '-' && IsDigits(d.substr(5, 2)) &&
            d[7] == '-' && IsDigits(d.substr(8, 2));
  if (ok) {
    int year = std::atoi(std::string(d.substr(0, 4)).c_str());
    ok = year >= 1990 && year <= 2100;
  }
  if (ok && d.size() > 10) {
    ok = d.size() >= 19 && d[10] == 'T' && IsDigits(d.substr(11, 2)) && d[13] == ':' &&
         IsDigits(d.substr(14, 2)) && d[16] == ':' && IsDigits(d.substr(17, 2));
    std::string_view zone = ok ? d.substr(19) : std::string_view();
    ok = ok && (zone.empty() || zone == "Z" ||
                (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
                 IsDigits(zone.substr(1, 2)) && zone[3] == ':' && IsDigits(zone.substr(4, 2))));
  }
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckIso(newstrace::extract::NormalizeDate(input));
  CheckIso(newstrace::extract::FindDateInText(input));
  std::string date = newstrace::extract::DateFromUrl(input);
  CheckIso(date);
  if (!date.empty() && date.size() != 10) std::abort();
  return 0;
}
