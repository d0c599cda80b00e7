// Dates as sites write them, normalised to ISO 8601.
#pragma once

#include <string>
#include <string_view>

namespace newstrace::extract {

// "2020-01-16T08:00:00+01:00" -> "2020-01-16T08:00:00+01:00";
// "January 16, 2020", "16 Jan 2020", "Jan. 16, 2020 8:05 am EST", "2020/01/16",
// "Thursday, 16 January 2020 10:00 GMT" -> "2020-01-16" or
// "2020-01-16T10:00:00Z"-style when a time and zone are given.
// A time without a zone keeps no offset. Returns "" when no plausible date
// (year 1990..2100) is found.
std::string NormalizeDate(std::string_view text);

// Finds a date embedded in running text ("Global Research, January 16, 2020",
// "Published 3 March 2021 | Updated ..."): the first plausible date, normalised.
std::string FindDateInText(std::string_view text);

// Whether s[i, i + 4) is a four-digit year in 1990..2100. Every date the
// functions here find holds one, so text without one holds no date.
bool IsYearAt(std::string_view s, size_t i);

// A date slug in a URL path: /2020/01/16/, /2020-01-16-, /20200116/ -> "2020-01-16".
std::string DateFromUrl(std::string_view url);

}  // namespace newstrace::extract
