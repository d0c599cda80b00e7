#include "extract/dates.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

// Hand-written scanners: dates are parsed on every page, and std::regex is
// far too slow for that. Each Parse* function tries one family of layouts at
// a given position and reports where the match ended.

namespace newstrace::extract {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;
constexpr int kNoZone = INT32_MIN;

struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  bool has_time = false;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int zone_minutes = kNoZone;  // offset east of UTC, kNoZone when unknown
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

bool ValidDate(int y, int m, int d) {
  return y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Reads 1..max_digits digits at `pos`; returns the count read (0 if none).
// Refuses a longer digit run so that "123456" is not read as "1234".
size_t ReadNumber(std::string_view s, size_t pos, size_t min_digits, size_t max_digits,
                  int* value) {
  size_t n = 0;
  int v = 0;
  while (pos + n < s.size() && IsDigit(s[pos + n])) {
    if (n == max_digits) return 0;
    v = v * 10 + (s[pos + n] - '0');
    ++n;
  }
  if (n < min_digits) return 0;
  *value = v;
  return n;
}

size_t SkipSpaces(std::string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  return pos;
}

// Case-insensitive ASCII prefix test at `pos`.
bool StartsWithAt(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(s[pos + i]) != word[i]) return false;
  }
  return true;
}

// Length of the ASCII letter run (plus UTF-8 bytes, for "März", "février") at pos.
size_t WordLength(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() &&
         (IsAlpha(s[pos + n]) || static_cast<unsigned char>(s[pos + n]) >= 0x80)) {
    ++n;
  }
  return n;
}

struct MonthName {
  std::string_view name;  // lower-case
  int month;
};

// Full names and abbreviations; English first, then the common European ones
// that news sites use in bylines. A prefix of at least 3 letters of a full
// name is accepted only through the explicit abbreviations below.
constexpr std::array<MonthName, 74> kMonthNames = {{
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"sept", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
    // German
    {"januar", 1},
    {"februar", 2},
    {"m\xc3\xa4rz", 3},
    {"maerz", 3},
    {"mai", 5},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"dezember", 12},
    {"okt", 10},
    {"dez", 12},
    {"j\xc3\xa4nner", 1},
    // French
    {"janvier", 1},
    {"f\xc3\xa9vrier", 2},
    {"fevrier", 2},
    {"mars", 3},
    {"avril", 4},
    {"juin", 6},
    {"juillet", 7},
    {"ao\xc3\xbbt", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"d\xc3\xa9"
     "cembre",
     12},
    {"decembre", 12},
    // Spanish / Italian / Portuguese
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"gennaio", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"giugno", 6},
    {"luglio", 7},
    {"settembre", 9},
    {"ottobre", 10},
    {"dicembre", 12},
    {"janeiro", 1},
    {"fevereiro", 2},
    {"maio", 5},
}};

// kMonthNames sorted by first letter (a stable sort: the names are distinct,
// so the order within a letter does not matter, but it stays the same), with
// the range of each letter: ReadMonthName compares a word only with the
// names that share its first letter.
struct MonthsByLetter {
  struct Range {
    uint8_t begin = 0;
    uint8_t end = 0;
  };
  std::array<MonthName, kMonthNames.size()> names{};
  std::array<Range, 26> ranges{};
};

constexpr MonthsByLetter MakeMonthsByLetter() {
  MonthsByLetter t;
  size_t n = 0;
  for (int letter = 0; letter < 26; ++letter) {
    t.ranges[letter].begin = static_cast<uint8_t>(n);
    for (const MonthName& m : kMonthNames) {
      // Every name starts with an ASCII letter. Not constant otherwise: the
      // table fails to compile.
      if (m.name[0] < 'a' || m.name[0] > 'z') throw "month name without an ASCII first letter";
      if (m.name[0] - 'a' == letter) t.names[n++] = m;
    }
    t.ranges[letter].end = static_cast<uint8_t>(n);
  }
  return t;
}

constexpr MonthsByLetter kMonthsByLetter = MakeMonthsByLetter();

// Reads a month name at `pos`, with an optional trailing '.'. Returns the
// bytes consumed, 0 when there is no month name.
size_t ReadMonthName(std::string_view s, size_t pos, int* month) {
  // Month names start with one of these letters: reject other words before
  // measuring them.
  if (pos >= s.size()) return 0;
  switch (Lower(s[pos])) {
    case 'a':
    case 'd':
    case 'e':
    case 'f':
    case 'g':
    case 'j':
    case 'l':
    case 'm':
    case 'n':
    case 'o':
    case 's':
      break;
    default:
      return 0;
  }
  size_t len = WordLength(s, pos);
  if (len < 3 || len > 12) return 0;
  char buf[12];
  for (size_t i = 0; i < len; ++i) buf[i] = Lower(s[pos + i]);
  std::string_view word(buf, len);
  const MonthsByLetter::Range range = kMonthsByLetter.ranges[buf[0] - 'a'];
  for (size_t k = range.begin; k < range.end; ++k) {
    const MonthName& m = kMonthsByLetter.names[k];
    if (m.name == word) {
      *month = m.month;
      size_t end = pos + len;
      if (end < s.size() && s[end] == '.') ++end;
      return end - pos;
    }
  }
  return 0;
}

struct ZoneName {
  std::string_view name;  // lower-case
  int minutes;
};

constexpr std::array<ZoneName, 28> kZoneNames = {{
    {"gmt", 0},        {"utc", 0},       {"ut", 0},        {"z", 0},          {"wet", 0},
    {"est", -5 * 60},  {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},  {"mst", -7 * 60},
    {"mdt", -6 * 60},  {"pst", -8 * 60}, {"pdt", -7 * 60}, {"akst", -9 * 60}, {"akdt", -8 * 60},
    {"hst", -10 * 60}, {"bst", 60},      {"west", 60},     {"cet", 60},       {"cest", 120},
    {"eet", 120},      {"eest", 180},    {"msk", 180},     {"ist", 330},      {"hkt", 480},
    {"sgt", 480},      {"jst", 540},     {"kst", 540},
}};
constexpr std::array<ZoneName, 3> kMoreZoneNames = {{
    {"aest", 600},
    {"aedt", 660},
    {"nzst", 720},
}};

// Numeric offset at pos: "+01:00", "+0100", "+01", "-05:30". Returns bytes consumed.
size_t ReadOffset(std::string_view s, size_t pos, int* minutes) {
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return 0;
  int sign = s[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  int hh = 0, mm = 0;
  size_t n = ReadNumber(s, p, 2, 4, &hh);
  if (n == 4) {
    mm = hh % 100;
    hh /= 100;
    p += 4;
  } else if (n == 2) {
    p += 2;
    if (p < s.size() && s[p] == ':') {
      size_t m = ReadNumber(s, p + 1, 2, 2, &mm);
      if (m == 2) p += 3;
    }
  } else if (n == 1 || n == 0) {
    // "GMT+2" style single digit.
    if (ReadNumber(s, p, 1, 1, &hh) != 1) return 0;
    p += 1;
  } else {
    return 0;
  }
  if (hh > 14 || mm > 59) return 0;
  *minutes = sign * (hh * 60 + mm);
  return p - pos;
}

// A zone after a time: "Z", "+01:00", " GMT", " EST", " GMT+2", "UTC-05:00".
size_t ReadZone(std::string_view s, size_t pos, int* minutes) {
  if (size_t n = ReadOffset(s, pos, minutes)) return n;
  size_t p = SkipSpaces(s, pos);
  if (p > pos) {
    if (size_t n = ReadOffset(s, p, minutes)) return p - pos + n;  // " +0000"
  }
  if (p < s.size() && s[p] == '(') ++p;  // "(GMT)"
  size_t len = 0;
  while (p + len < s.size() && IsAlpha(s[p + len])) ++len;
  if (len == 0 || len > 4) return 0;
  char buf[4];
  for (size_t i = 0; i < len; ++i) buf[i] = Lower(s[p + i]);
  std::string_view word(buf, len);
  std::optional<int> found;
  for (const auto& z : kZoneNames) {
    if (z.name == word) found = z.minutes;
  }
  for (const auto& z : kMoreZoneNames) {
    if (z.name == word) found = z.minutes;
  }
  // A lone "z" only counts right after the time ("10:00Z"), not as a word.
  if (!found || (word == "z" && p != pos)) return 0;
  size_t end = p + len;
  int extra = 0;
  if (word == "gmt" || word == "utc") {
    if (size_t n = ReadOffset(s, end, &extra)) end += n;
  }
  if (end < s.size() && s[end] == ')') ++end;
  *minutes = *found + extra;
  return end - pos;
}

// A clock time at pos: "10:00", "10:00:05", "10:00:05.123", "8:05 am", "8.05pm",
// "8 pm", each with an optional zone. Returns bytes consumed (0 = no time).
size_t ReadTime(std::string_view s, size_t pos, DateTime* dt) {
  int hh = 0, mm = 0, ss = 0;
  size_t p = pos;
  size_t n = ReadNumber(s, p, 1, 2, &hh);
  if (n == 0) return 0;
  p += n;
  bool have_minutes = false;
  if (p < s.size() && (s[p] == ':' || s[p] == '.') && ReadNumber(s, p + 1, 2, 2, &mm) == 2) {
    char sep = s[p];
    p += 3;
    have_minutes = true;
    if (sep == ':' && p < s.size() && s[p] == ':' && ReadNumber(s, p + 1, 2, 2, &ss) == 2) {
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',') && p + 1 < s.size() && IsDigit(s[p + 1])) {
        ++p;
        while (p < s.size() && IsDigit(s[p])) ++p;  // fractional seconds are dropped
      }
    }
  }
  // am / pm, with or without a space and dots ("8:05 a.m.").
  size_t q = SkipSpaces(s, p);
  bool pm = false, ampm = false;
  if (q < s.size() && (Lower(s[q]) == 'a' || Lower(s[q]) == 'p')) {
    bool is_pm = Lower(s[q]) == 'p';
    size_t r = q + 1;
    if (r < s.size() && s[r] == '.') ++r;
    if (r < s.size() && Lower(s[r]) == 'm') {
      ++r;
      if (r < s.size() && s[r] == '.') ++r;
      if (r >= s.size() || !IsAlpha(s[r])) {
        ampm = true;
        pm = is_pm;
        p = r;
      }
    }
  }
  if (!have_minutes && !ampm) return 0;
  if (ampm) {
    if (hh < 1 || hh > 12) return 0;
    if (hh == 12) hh = 0;
    if (pm) hh += 12;
  }
  if (hh > 23 || mm > 59 || ss > 60) return 0;
  if (ss == 60) ss = 59;
  dt->has_time = true;
  dt->hour = hh;
  dt->minute = mm;
  dt->second = ss;
  int zone = 0;
  if (size_t z = ReadZone(s, p, &zone)) {
    dt->zone_minutes = zone;
    p += z;
  }
  return p - pos;
}

// After a date: an optional time, separated by "T", spaces, ",", "at", "-", "|", "@", "/".
size_t ReadTrailingTime(std::string_view s, size_t pos, DateTime* dt) {
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't') && pos + 1 < s.size() &&
      IsDigit(s[pos + 1])) {
    if (size_t n = ReadTime(s, pos + 1, dt)) return n + 1;
    return 0;
  }
  size_t p = pos;
  for (int i = 0; i < 4 && p < s.size(); ++i) {
    size_t q = SkipSpaces(s, p);
    if (q >= s.size()) break;
    char c = s[q];
    if (c == ',' || c == '-' || c == '|' || c == '@' || c == '/') {
      p = q + 1;
    } else if (c == '\xc2' && q + 1 < s.size() && (s[q + 1] == '\xb7' || s[q + 1] == '\xa0')) {
      p = q + 2;  // U+00B7 middle dot, U+00A0 no-break space
    } else if (StartsWithAt(s, q, "at") && (q + 2 >= s.size() || !IsAlpha(s[q + 2]))) {
      p = q + 2;
    } else {
      p = q;
      break;
    }
  }
  if (p == pos) return 0;
  DateTime with_time = *dt;
  size_t n = ReadTime(s, p, &with_time);
  if (n == 0) return 0;
  // A time must not run into more digits ("2020 12:00:00:00" junk) or letters.
  if (p + n < s.size() && IsDigit(s[p + n])) return 0;
  *dt = with_time;
  return p + n - pos;
}

// "2020-01-16", "2020/01/16", "2020.01.16", "2020-1-6", then optional time.
size_t ParseYearFirst(std::string_view s, size_t pos, DateTime* dt) {
  int y = 0, m = 0, d = 0;
  size_t p = pos;
  if (ReadNumber(s, p, 4, 4, &y) != 4) return 0;
  p += 4;
  if (p >= s.size() || (s[p] != '-' && s[p] != '/' && s[p] != '.')) return 0;
  char sep = s[p++];
  size_t n = ReadNumber(s, p, 1, 2, &m);
  if (n == 0) return 0;
  p += n;
  if (p >= s.size() || s[p] != sep) return 0;
  ++p;
  n = ReadNumber(s, p, 1, 2, &d);
  if (n == 0) return 0;
  p += n;
  if (!ValidDate(y, m, d)) return 0;
  dt->year = y;
  dt->month = m;
  dt->day = d;
  p += ReadTrailingTime(s, p, dt);
  return p - pos;
}

// "16.01.2020", "16-01-2020", "01/16/2020", "16/01/2020", "16.1.20"? (two-digit
// years are refused: too ambiguous). '.' and '-' are day-first; '/' is
// month-first (US) unless the first number cannot be a month; a '/' date with
// both numbers <= 12 and different is ambiguous and refused.
size_t ParseNumericDayMonth(std::string_view s, size_t pos, DateTime* dt) {
  int a = 0, b = 0, y = 0;
  size_t p = pos;
  size_t n = ReadNumber(s, p, 1, 2, &a);
  if (n == 0) return 0;
  p += n;
  if (p >= s.size() || (s[p] != '.' && s[p] != '/' && s[p] != '-')) return 0;
  char sep = s[p++];
  n = ReadNumber(s, p, 1, 2, &b);
  if (n == 0) return 0;
  p += n;
  if (p >= s.size() || s[p] != sep) return 0;
  ++p;
  if (ReadNumber(s, p, 4, 4, &y) != 4) return 0;
  p += 4;
  int month = 0, day = 0;
  if (sep == '/') {
    if (a > 12 && b <= 12) {
      day = a, month = b;
    } else if (b > 12 && a <= 12) {
      month = a, day = b;
    } else if (a == b) {
      month = day = a;
    } else {
      return 0;
    }
  } else {
    day = a, month = b;
  }
  if (!ValidDate(y, month, day)) return 0;
  dt->year = y;
  dt->month = month;
  dt->day = day;
  p += ReadTrailingTime(s, p, dt);
  return p - pos;
}

// Optional ordinal suffix after a day number: "16th", "1st", "2nd", "3rd".
size_t SkipOrdinal(std::string_view s, size_t pos) {
  if (StartsWithAt(s, pos, "st") || StartsWithAt(s, pos, "nd") || StartsWithAt(s, pos, "rd") ||
      StartsWithAt(s, pos, "th")) {
    if (pos + 2 >= s.size() || !IsAlpha(s[pos + 2])) return 2;
  }
  return 0;
}

// "January 16, 2020", "Jan. 16 2020", "January 16th, 2020", "Jan 16, 2020 8:05 am EST".
size_t ParseMonthFirst(std::string_view s, size_t pos, DateTime* dt) {
  int m = 0, d = 0, y = 0;
  size_t p = pos;
  size_t n = ReadMonthName(s, p, &m);
  if (n == 0) return 0;
  p += n;
  size_t q = SkipSpaces(s, p);
  if (q < s.size() && s[q] == '-') q = q + 1;  // "Jan-16-2020"
  if (q == p && s[p - 1] != '.') return 0;
  n = ReadNumber(s, q, 1, 2, &d);
  if (n == 0) return 0;
  p = q + n;
  p += SkipOrdinal(s, p);
  if (p < s.size() && (s[p] == ',' || s[p] == '-')) ++p;
  q = SkipSpaces(s, p);
  if (q < s.size() && s[q] == ',') q = SkipSpaces(s, q + 1);
  if (ReadNumber(s, q, 4, 4, &y) != 4) return 0;
  if (q + 4 < s.size() && IsAlnum(s[q + 4])) return 0;
  p = q + 4;
  if (!ValidDate(y, m, d)) return 0;
  dt->year = y;
  dt->month = m;
  dt->day = d;
  p += ReadTrailingTime(s, p, dt);
  return p - pos;
}

// "16 January 2020", "16 Jan. 2020", "16th January, 2020", "16. Januar 2020",
// "16-Jan-2020", "16 de enero de 2020", RFC 822 "16 Jan 2020 10:00:00 GMT".
size_t ParseDayFirst(std::string_view s, size_t pos, DateTime* dt) {
  int m = 0, d = 0, y = 0;
  size_t p = pos;
  size_t n = ReadNumber(s, p, 1, 2, &d);
  if (n == 0) return 0;
  p += n;
  p += SkipOrdinal(s, p);
  if (p < s.size() && (s[p] == '.' || s[p] == '-')) ++p;
  size_t q = SkipSpaces(s, p);
  if (StartsWithAt(s, q, "de ")) q = SkipSpaces(s, q + 3);
  if (StartsWithAt(s, q, "of ")) q = SkipSpaces(s, q + 3);
  n = ReadMonthName(s, q, &m);
  if (n == 0) return 0;
  p = q + n;
  if (p < s.size() && (s[p] == ',' || s[p] == '-')) ++p;
  q = SkipSpaces(s, p);
  if (StartsWithAt(s, q, "de ")) q = SkipSpaces(s, q + 3);
  if (q == p && !(p > 0 && (s[p - 1] == '-' || s[p - 1] == ','))) return 0;
  if (ReadNumber(s, q, 4, 4, &y) != 4) return 0;
  if (q + 4 < s.size() && IsAlnum(s[q + 4])) return 0;
  p = q + 4;
  if (!ValidDate(y, m, d)) return 0;
  dt->year = y;
  dt->month = m;
  dt->day = d;
  p += ReadTrailingTime(s, p, dt);
  return p - pos;
}

// asctime / JavaScript Date.toString(): "Thu Jan 16 10:00:00 2020",
// "Thu Jan 16 2020 10:00:00 GMT+0100 (Central European Standard Time)".
// The weekday has already been skipped; pos is at the month name.
size_t ParseAsctime(std::string_view s, size_t pos, DateTime* dt) {
  int m = 0, d = 0, y = 0;
  size_t p = pos;
  size_t n = ReadMonthName(s, p, &m);
  if (n == 0) return 0;
  p = SkipSpaces(s, p + n);
  n = ReadNumber(s, p, 1, 2, &d);
  if (n == 0) return 0;
  p = SkipSpaces(s, p + n);
  DateTime t;
  size_t tn = ReadTime(s, p, &t);
  if (tn == 0) return 0;
  p = SkipSpaces(s, p + tn);
  if (ReadNumber(s, p, 4, 4, &y) != 4) return 0;
  p += 4;
  if (!ValidDate(y, m, d)) return 0;
  *dt = t;
  dt->year = y;
  dt->month = m;
  dt->day = d;
  return p - pos;
}

// Tries every layout at pos, which must be at a word start.
size_t ParseAt(std::string_view s, size_t pos, DateTime* dt) {
  char c = s[pos];
  if (IsDigit(c)) {
    if (size_t n = ParseYearFirst(s, pos, dt)) return n;
    if (size_t n = ParseNumericDayMonth(s, pos, dt)) return n;
    if (size_t n = ParseDayFirst(s, pos, dt)) return n;
    return 0;
  }
  if (IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80) {
    // Both layouts start with a month name: most words are none, and are
    // rejected here once instead of in each parser.
    int month = 0;
    if (ReadMonthName(s, pos, &month) == 0) return 0;
    if (size_t n = ParseMonthFirst(s, pos, dt)) return n;
    if (size_t n = ParseAsctime(s, pos, dt)) return n;
  }
  return 0;
}

bool IsWordStart(std::string_view s, size_t pos) {
  if (pos == 0) return true;
  char prev = s[pos - 1];
  if (IsAlnum(prev)) return false;
  // Not in the middle of a longer number like "3.2020-01-16" or "+12020".
  if ((prev == '.' || prev == '/' || prev == '-' || prev == ':') && pos >= 2 &&
      IsDigit(s[pos - 2]) && IsDigit(s[pos])) {
    return false;
  }
  // UTF-8 continuation/lead bytes belong to a word ("Juli" in "Fjuli" no).
  if (static_cast<unsigned char>(prev) >= 0x80 && !IsDigit(s[pos])) {
    // Allow after U+00A0 (no-break space, "\xc2\xa0") and U+00B7.
    return pos >= 2 && s[pos - 2] == '\xc2' && (prev == '\xa0' || prev == '\xb7');
  }
  return true;
}

// Formats into a stack buffer and makes the string once (push_back on a
// std::string checks its capacity for every byte).
class DateWriter {
 public:
  void Put(char c) { buf_[size_++] = c; }
  void PutTwo(int v) {
    Put(static_cast<char>('0' + v / 10));
    Put(static_cast<char>('0' + v % 10));
  }
  std::string str() const { return std::string(buf_, size_); }

 private:
  char buf_[32];  // "2020-01-16T10:00:00+05:30" is 25 bytes
  size_t size_ = 0;
};

std::string Format(const DateTime& dt) {
  DateWriter out;
  out.PutTwo(dt.year / 100);
  out.PutTwo(dt.year % 100);
  out.Put('-');
  out.PutTwo(dt.month);
  out.Put('-');
  out.PutTwo(dt.day);
  if (!dt.has_time) return out.str();
  out.Put('T');
  out.PutTwo(dt.hour);
  out.Put(':');
  out.PutTwo(dt.minute);
  out.Put(':');
  out.PutTwo(dt.second);
  if (dt.zone_minutes == kNoZone) return out.str();
  if (dt.zone_minutes == 0) {
    out.Put('Z');
    return out.str();
  }
  int z = dt.zone_minutes;
  out.Put(z < 0 ? '-' : '+');
  if (z < 0) z = -z;
  out.PutTwo(z / 60);
  out.Put(':');
  out.PutTwo(z % 60);
  return out.str();
}

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2 ? 1 : 0));
}

// Whole-string unix timestamps (10 digits: seconds, 13: milliseconds) and
// compact "20200116".
std::string ParseAllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return {};
  }
  if (s.size() == 8) {
    int v = 0;
    ReadNumber(s, 0, 8, 8, &v);
    DateTime dt;
    dt.year = v / 10000;
    dt.month = v / 100 % 100;
    dt.day = v % 100;
    return ValidDate(dt.year, dt.month, dt.day) ? Format(dt) : std::string();
  }
  if (s.size() != 10 && s.size() != 13) return {};
  int64_t seconds = 0;
  for (size_t i = 0; i < 10; ++i) seconds = seconds * 10 + (s[i] - '0');
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  DateTime dt;
  CivilFromDays(days, &dt.year, &dt.month, &dt.day);
  if (!ValidDate(dt.year, dt.month, dt.day)) return {};
  dt.has_time = true;
  dt.hour = static_cast<int>(rest / 3600);
  dt.minute = static_cast<int>(rest / 60 % 60);
  dt.second = static_cast<int>(rest % 60);
  dt.zone_minutes = 0;
  return Format(dt);
}

// IsYearAt, inline for the scans below.
bool YearAt(std::string_view s, size_t i) {
  if (i + 4 > s.size() || (s[i] != '1' && s[i] != '2')) return false;
  if (!IsDigit(s[i + 1]) || !IsDigit(s[i + 2]) || !IsDigit(s[i + 3])) return false;
  int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
  return y >= kMinYear && y <= kMaxYear;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Every layout reads a four-digit year in [kMinYear, kMaxYear]: text without
// one (most text) holds no date, and one pass tells.
bool MayHoldYear(std::string_view s) {
  size_t i = 0;
  while (i + 4 <= s.size()) {
    // A year needs four digits: when the last byte of this window is none,
    // neither this window nor the next three (which all hold that byte) can
    // be one, and most text has few digits.
    if (!IsDigit(s[i + 3])) {
      i += 4;
      continue;
    }
    if (YearAt(s, i)) return true;
    ++i;
  }
  return false;
}

// Scans `text` for the first parseable date at a word start.
std::string FindFirstDate(std::string_view text) {
  if (!MayHoldYear(text)) return {};
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsAlnum(text[i]) && static_cast<unsigned char>(text[i]) < 0x80) continue;
    if (!IsWordStart(text, i)) continue;
    DateTime dt;
    if (ParseAt(text, i, &dt) > 0) return Format(dt);
    // Skip the rest of this word/number; the next candidate starts later.
    while (i + 1 < text.size() && IsAlnum(text[i + 1])) ++i;
  }
  return {};
}

}  // namespace

bool IsYearAt(std::string_view s, size_t i) { return YearAt(s, i); }

std::string NormalizeDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return {};
  if (text.size() > 512) text = text.substr(0, 512);
  if (IsDigit(text.front()) && IsDigit(text.back())) {
    std::string digits = ParseAllDigits(text);
    if (!digits.empty()) return digits;
  }
  return FindFirstDate(text);
}

std::string FindDateInText(std::string_view text) { return FindFirstDate(text); }

std::string DateFromUrl(std::string_view url) {
  // Skip the scheme and host: a date in a host name is not a publication date.
  size_t start = 0;
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    size_t slash = url.find('/', scheme + 3);
    if (slash == std::string_view::npos) return {};
    start = slash;
  }
  auto is_delim = [](char c) { return !IsAlnum(c); };
  for (size_t i = start; i < url.size(); ++i) {
    if (!IsDigit(url[i]) || (i > 0 && !is_delim(url[i - 1]))) continue;
    size_t run = 0;
    while (i + run < url.size() && IsDigit(url[i + run])) ++run;
    int y = 0, m = 0, d = 0;
    if (run == 8 && (i + run == url.size() || is_delim(url[i + run]))) {
      // "/20200116/", "-20200116-"
      ReadNumber(url, i, 8, 8, &y);
      m = y / 100 % 100;
      d = y % 100;
      y /= 10000;
      if (ValidDate(y, m, d)) {
        DateTime dt{y, m, d};
        return Format(dt);
      }
    } else if (run == 4 && i + 4 < url.size() &&
               (url[i + 4] == '/' || url[i + 4] == '-' || url[i + 4] == '_')) {
      ReadNumber(url, i, 4, 4, &y);
      char sep = url[i + 4];
      size_t p = i + 5;
      size_t n = ReadNumber(url, p, 1, 2, &m);
      if (n == 0) {
        // "/2020/jan/16/" (month names in paths)
        size_t len = 0;
        while (p + len < url.size() && IsAlpha(url[p + len])) ++len;
        if (len == 3 || (len > 3 && len <= 9)) {
          std::string_view word = url.substr(p, len);
          if (ReadMonthName(word, 0, &m) != len) m = 0;
          n = m ? len : 0;
        }
      }
      if (n > 0) {
        p += n;
        if (p < url.size() && url[p] == sep) {
          size_t dn = ReadNumber(url, p + 1, 1, 2, &d);
          size_t after = p + 1 + dn;
          if (dn > 0 && (after == url.size() || is_delim(url[after])) && ValidDate(y, m, d)) {
            DateTime dt{y, m, d};
            return Format(dt);
          }
        }
      }
    }
    i += run - 1;
  }
  return {};
}

}  // namespace newstrace::extract
