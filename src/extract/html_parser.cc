// The fast HTML path. One pass over the input: a tokenizer that jumps between
// '<' (and '&', CR, NUL inside text) with memchr / SSE2 scans, feeding a small
// tree builder that keeps the HTML5 rules that decide which text belongs to
// which element. See html_parser.h for the contract and the differential tests
// in html_parser_test.cc for how close it stays to gumbo.
//
// Tree builder state lives in a stack of open elements whose entries carry,
// precomputed at push time, the index of the nearest scope boundary of each
// kind below them, plus per-tag links to the previous open element with the
// same tag. Every "has X in scope" test is therefore O(1), which keeps the
// parse linear on hostile nesting (1M nested <div>, <p><table> ladders, ...).
#include "extract/html_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newstrace::extract {
namespace {

constexpr uint32_t kNone = Node::kNone;

// ---------------------------------------------------------------------------
// Character classes and scanning.

constexpr bool IsAsciiAlpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
constexpr bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(unsigned char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
constexpr bool IsHtmlSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Byte classes for the tag tokenizer, which reads tag and attribute names a
// byte at a time: one table load replaces a chain of compares.
enum TagByte : uint8_t {
  kEndsTagName = 1,   // HTML space, '/', '>'
  kEndsAttrName = 2,  // the same and '='
  kUpperByte = 4,     // 'A'..'Z'
  kSpaceByte = 8,     // HTML space
};

constexpr std::array<uint8_t, 256> kTagBytes = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\f', '\r'})
    t[c] = kEndsTagName | kEndsAttrName | kSpaceByte;
  t['/'] = t['>'] = kEndsTagName | kEndsAttrName;
  t['='] = kEndsAttrName;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpperByte;
  return t;
}();

uint8_t TagByteOf(char c) { return kTagBytes[static_cast<unsigned char>(c)]; }

bool HasUpper(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != lower[i]) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view a, std::string_view lower) {
  return a.size() >= lower.size() && EqualsIgnoreCase(a.substr(0, lower.size()), lower);
}

// First position in [p, end) holding one of kBytes, or end. The bytes are
// template arguments so that their vectors are constants rather than set up
// on every call; callers pass the fewest they need, as each costs a compare
// per byte scanned, and these scans cover most of the page.
template <char... kBytes>
const char* FindAnyOf(const char* p, const char* end) {
  static_assert(sizeof...(kBytes) >= 1 && sizeof...(kBytes) <= 4);
#if defined(__SSE2__)
  if (end - p >= 16) {
    // Bit k set when at[k] is one of the bytes; reads at[0..15].
    auto matches = [](const char* at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      __m128i m = _mm_setzero_si128();
      ((m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(kBytes)))), ...);
      return static_cast<unsigned>(_mm_movemask_epi8(m));
    };
    // 32 bytes a step while no byte matches: script bodies and long text
    // runs are scanned here.
    while (end - p >= 32) {
      const unsigned mask = matches(p) | matches(p + 16) << 16;
      if (mask != 0) return p + __builtin_ctz(mask);
      p += 32;
    }
    if (end - p >= 16) {
      unsigned mask = matches(p);
      if (mask != 0) return p + __builtin_ctz(mask);
      p += 16;
    }
    if (p == end) return end;
    // The last 1..15 bytes: one load of the 16 bytes ending at `end` (inside
    // the range), ignoring the ones before p that were already checked.
    const char* last = end - 16;
    unsigned mask = matches(last) >> (p - last);
    return mask != 0 ? p + __builtin_ctz(mask) : end;
  }
#endif
  while (p < end && ((*p != kBytes) && ...)) ++p;
  return p;
}

const char* FindChar(const char* p, const char* end, char c) {
  const void* q = std::memchr(p, c, static_cast<size_t>(end - p));
  return q ? static_cast<const char*>(q) : end;
}

// The end of a quoted attribute value starting at p: the first kQuote in
// [p, end), or end. Sets needs_decode when a '&', CR or NUL comes before it.
// Values are the longest runs the tag tokenizer scans, so the SSE2 loop uses
// two tricks to need fewer compares than FindAnyOf: '"' (0x22) and '\''
// (0x27) each differ from '&' (0x26) in one bit, so OR-ing that bit in lets
// one compare find the quote and '&'; and min(byte, CR) == byte finds CR and
// NUL together, with the other control bytes it also finds (tab, LF, ...)
// skipped one by one.
template <char kQuote>
const char* FindValueEnd(const char* p, const char* end, bool& needs_decode) {
  static_assert(kQuote == '"' || kQuote == '\'');
  constexpr char kBit = kQuote ^ '&';
  // Whether *at ends the scan, setting needs_decode for '&', CR and NUL.
  auto stops = [&](const char* at) {
    const char c = *at;
    if (c == kQuote) return true;
    if (c != '&' && c != '\r' && c != '\0') return false;
    needs_decode = true;
    return true;
  };
  // A '&', CR or NUL was found at `at`: the value ends at the next quote.
  auto value_end = [&](const char* at) { return *at == kQuote ? at : FindChar(at, end, kQuote); };
#if defined(__SSE2__)
  auto candidates = [](const char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i quote_or_amp =
        _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(kBit)), _mm_set1_epi8('&' | kBit));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8('\r')), v);
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(quote_or_amp, control)));
  };
  while (end - p >= 32) {
    for (unsigned mask = candidates(p) | candidates(p + 16) << 16; mask != 0; mask &= mask - 1) {
      const char* at = p + __builtin_ctz(mask);
      if (stops(at)) return value_end(at);
    }
    p += 32;
  }
#endif
  for (; p < end; ++p) {
    if (stops(p)) return value_end(p);
  }
  return end;
}

// ---------------------------------------------------------------------------
// Character references.

struct NamedEntity {
  std::string_view name;  // with ';' unless it is one of HTML5's legacy names
  uint32_t code_point;
};

// The HTML 4 set (which holds every legacy name), apos, and the HTML5 names
// most seen on news pages. Names without ';' are HTML5's legacy forms.
constexpr NamedEntity kEntities[] = {
    {"AElig", 0xC6},
    {"AElig;", 0xC6},
    {"AMP", 0x26},
    {"AMP;", 0x26},
    {"Aacute", 0xC1},
    {"Aacute;", 0xC1},
    {"Acirc", 0xC2},
    {"Acirc;", 0xC2},
    {"Agrave", 0xC0},
    {"Agrave;", 0xC0},
    {"Alpha;", 0x391},
    {"Amacr;", 0x100},
    {"Aogon;", 0x104},
    {"Aring", 0xC5},
    {"Aring;", 0xC5},
    {"Atilde", 0xC3},
    {"Atilde;", 0xC3},
    {"Auml", 0xC4},
    {"Auml;", 0xC4},
    {"Beta;", 0x392},
    {"COPY", 0xA9},
    {"COPY;", 0xA9},
    {"Cacute;", 0x106},
    {"Ccaron;", 0x10C},
    {"Ccedil", 0xC7},
    {"Ccedil;", 0xC7},
    {"Chi;", 0x3A7},
    {"Dagger;", 0x2021},
    {"Dcaron;", 0x10E},
    {"Delta;", 0x394},
    {"DoubleRightArrow;", 0x21D2},
    {"Dstrok;", 0x110},
    {"ETH", 0xD0},
    {"ETH;", 0xD0},
    {"Eacute", 0xC9},
    {"Eacute;", 0xC9},
    {"Ecaron;", 0x11A},
    {"Ecirc", 0xCA},
    {"Ecirc;", 0xCA},
    {"Egrave", 0xC8},
    {"Egrave;", 0xC8},
    {"Emacr;", 0x112},
    {"Eogon;", 0x118},
    {"Epsilon;", 0x395},
    {"Eta;", 0x397},
    {"Euml", 0xCB},
    {"Euml;", 0xCB},
    {"GT", 0x3E},
    {"GT;", 0x3E},
    {"Gamma;", 0x393},
    {"Gbreve;", 0x11E},
    {"Hat;", 0x5E},
    {"Iacute", 0xCD},
    {"Iacute;", 0xCD},
    {"Icirc", 0xCE},
    {"Icirc;", 0xCE},
    {"Idot;", 0x130},
    {"Igrave", 0xCC},
    {"Igrave;", 0xCC},
    {"Imacr;", 0x12A},
    {"Iota;", 0x399},
    {"Iuml", 0xCF},
    {"Iuml;", 0xCF},
    {"Kappa;", 0x39A},
    {"LT", 0x3C},
    {"LT;", 0x3C},
    {"Lambda;", 0x39B},
    {"LeftArrow;", 0x2190},
    {"Lstrok;", 0x141},
    {"MediumSpace;", 0x205F},
    {"Mu;", 0x39C},
    {"Ncaron;", 0x147},
    {"NewLine;", 0xA},
    {"NoBreak;", 0x2060},
    {"Ntilde", 0xD1},
    {"Ntilde;", 0xD1},
    {"Nu;", 0x39D},
    {"OElig;", 0x152},
    {"Oacute", 0xD3},
    {"Oacute;", 0xD3},
    {"Ocirc", 0xD4},
    {"Ocirc;", 0xD4},
    {"Ograve", 0xD2},
    {"Ograve;", 0xD2},
    {"Omacr;", 0x14C},
    {"Omega;", 0x3A9},
    {"Omicron;", 0x39F},
    {"Oslash", 0xD8},
    {"Oslash;", 0xD8},
    {"Otilde", 0xD5},
    {"Otilde;", 0xD5},
    {"Ouml", 0xD6},
    {"Ouml;", 0xD6},
    {"Phi;", 0x3A6},
    {"Pi;", 0x3A0},
    {"Prime;", 0x2033},
    {"Psi;", 0x3A8},
    {"QUOT", 0x22},
    {"QUOT;", 0x22},
    {"REG", 0xAE},
    {"REG;", 0xAE},
    {"Rcaron;", 0x158},
    {"Rho;", 0x3A1},
    {"RightArrow;", 0x2192},
    {"Scaron;", 0x160},
    {"Scedil;", 0x15E},
    {"Sigma;", 0x3A3},
    {"Sub;", 0x22D0},
    {"Sup;", 0x22D1},
    {"THORN", 0xDE},
    {"THORN;", 0xDE},
    {"TRADE;", 0x2122},
    {"Tab;", 0x9},
    {"Tau;", 0x3A4},
    {"Tcaron;", 0x164},
    {"Tcedil;", 0x162},
    {"Theta;", 0x398},
    {"Uacute", 0xDA},
    {"Uacute;", 0xDA},
    {"Ucirc", 0xDB},
    {"Ucirc;", 0xDB},
    {"Ugrave", 0xD9},
    {"Ugrave;", 0xD9},
    {"Umacr;", 0x16A},
    {"Upsilon;", 0x3A5},
    {"Uuml", 0xDC},
    {"Uuml;", 0xDC},
    {"Xi;", 0x39E},
    {"Yacute", 0xDD},
    {"Yacute;", 0xDD},
    {"Yuml;", 0x178},
    {"Zcaron;", 0x17D},
    {"Zdot;", 0x17B},
    {"ZeroWidthSpace;", 0x200B},
    {"Zeta;", 0x396},
    {"aacute", 0xE1},
    {"aacute;", 0xE1},
    {"abreve;", 0x103},
    {"acirc", 0xE2},
    {"acirc;", 0xE2},
    {"acute", 0xB4},
    {"acute;", 0xB4},
    {"aelig", 0xE6},
    {"aelig;", 0xE6},
    {"agrave", 0xE0},
    {"agrave;", 0xE0},
    {"alefsym;", 0x2135},
    {"alpha;", 0x3B1},
    {"amacr;", 0x101},
    {"amp", 0x26},
    {"amp;", 0x26},
    {"and;", 0x2227},
    {"ang;", 0x2220},
    {"angst;", 0xC5},
    {"aogon;", 0x105},
    {"apos;", 0x27},
    {"aring", 0xE5},
    {"aring;", 0xE5},
    {"ast;", 0x2A},
    {"asymp;", 0x2248},
    {"atilde", 0xE3},
    {"atilde;", 0xE3},
    {"auml", 0xE4},
    {"auml;", 0xE4},
    {"bdquo;", 0x201E},
    {"beta;", 0x3B2},
    {"bigstar;", 0x2605},
    {"blacksquare;", 0x25AA},
    {"brvbar", 0xA6},
    {"brvbar;", 0xA6},
    {"bsol;", 0x5C},
    {"bull;", 0x2022},
    {"bullet;", 0x2022},
    {"cacute;", 0x107},
    {"cap;", 0x2229},
    {"ccaron;", 0x10D},
    {"ccedil", 0xE7},
    {"ccedil;", 0xE7},
    {"cedil", 0xB8},
    {"cedil;", 0xB8},
    {"cent", 0xA2},
    {"cent;", 0xA2},
    {"centerdot;", 0xB7},
    {"check;", 0x2713},
    {"chi;", 0x3C7},
    {"cir;", 0x25CB},
    {"circ;", 0x2C6},
    {"clubs;", 0x2663},
    {"colon;", 0x3A},
    {"comma;", 0x2C},
    {"commat;", 0x40},
    {"cong;", 0x2245},
    {"copy", 0xA9},
    {"copy;", 0xA9},
    {"copysr;", 0x2117},
    {"crarr;", 0x21B5},
    {"cross;", 0x2717},
    {"cup;", 0x222A},
    {"curren", 0xA4},
    {"curren;", 0xA4},
    {"dArr;", 0x21D3},
    {"dagger;", 0x2020},
    {"darr;", 0x2193},
    {"dash;", 0x2010},
    {"dcaron;", 0x10F},
    {"deg", 0xB0},
    {"deg;", 0xB0},
    {"delta;", 0x3B4},
    {"diams;", 0x2666},
    {"divide", 0xF7},
    {"divide;", 0xF7},
    {"dollar;", 0x24},
    {"dstrok;", 0x111},
    {"eacute", 0xE9},
    {"eacute;", 0xE9},
    {"ecaron;", 0x11B},
    {"ecirc", 0xEA},
    {"ecirc;", 0xEA},
    {"egrave", 0xE8},
    {"egrave;", 0xE8},
    {"emacr;", 0x113},
    {"empty;", 0x2205},
    {"emsp13;", 0x2004},
    {"emsp14;", 0x2005},
    {"emsp;", 0x2003},
    {"ensp;", 0x2002},
    {"eogon;", 0x119},
    {"epsilon;", 0x3B5},
    {"equals;", 0x3D},
    {"equiv;", 0x2261},
    {"eta;", 0x3B7},
    {"eth", 0xF0},
    {"eth;", 0xF0},
    {"euml", 0xEB},
    {"euml;", 0xEB},
    {"euro;", 0x20AC},
    {"excl;", 0x21},
    {"exist;", 0x2203},
    {"female;", 0x2640},
    {"flat;", 0x266D},
    {"fnof;", 0x192},
    {"forall;", 0x2200},
    {"frac12", 0xBD},
    {"frac12;", 0xBD},
    {"frac14", 0xBC},
    {"frac14;", 0xBC},
    {"frac34", 0xBE},
    {"frac34;", 0xBE},
    {"frasl;", 0x2044},
    {"gamma;", 0x3B3},
    {"gbreve;", 0x11F},
    {"ge;", 0x2265},
    {"grave;", 0x60},
    {"gt", 0x3E},
    {"gt;", 0x3E},
    {"hArr;", 0x21D4},
    {"hairsp;", 0x200A},
    {"half;", 0xBD},
    {"harr;", 0x2194},
    {"hearts;", 0x2665},
    {"hellip;", 0x2026},
    {"horbar;", 0x2015},
    {"hyphen;", 0x2010},
    {"iacute", 0xED},
    {"iacute;", 0xED},
    {"icirc", 0xEE},
    {"icirc;", 0xEE},
    {"iexcl", 0xA1},
    {"iexcl;", 0xA1},
    {"igrave", 0xEC},
    {"igrave;", 0xEC},
    {"imacr;", 0x12B},
    {"image;", 0x2111},
    {"imath;", 0x131},
    {"incare;", 0x2105},
    {"infin;", 0x221E},
    {"inodot;", 0x131},
    {"int;", 0x222B},
    {"iota;", 0x3B9},
    {"iquest", 0xBF},
    {"iquest;", 0xBF},
    {"isin;", 0x2208},
    {"iuml", 0xEF},
    {"iuml;", 0xEF},
    {"kappa;", 0x3BA},
    {"lArr;", 0x21D0},
    {"lambda;", 0x3BB},
    {"lang;", 0x27E8},
    {"laquo", 0xAB},
    {"laquo;", 0xAB},
    {"larr;", 0x2190},
    {"lceil;", 0x2308},
    {"lcub;", 0x7B},
    {"ldquo;", 0x201C},
    {"ldquor;", 0x201E},
    {"le;", 0x2264},
    {"leftarrow;", 0x2190},
    {"lfloor;", 0x230A},
    {"lowast;", 0x2217},
    {"lowbar;", 0x5F},
    {"loz;", 0x25CA},
    {"lpar;", 0x28},
    {"lrm;", 0x200E},
    {"lsaquo;", 0x2039},
    {"lsqb;", 0x5B},
    {"lsquo;", 0x2018},
    {"lsquor;", 0x201A},
    {"lstrok;", 0x142},
    {"lt", 0x3C},
    {"lt;", 0x3C},
    {"macr", 0xAF},
    {"macr;", 0xAF},
    {"male;", 0x2642},
    {"malt;", 0x2720},
    {"mdash;", 0x2014},
    {"micro", 0xB5},
    {"micro;", 0xB5},
    {"middot", 0xB7},
    {"middot;", 0xB7},
    {"minus;", 0x2212},
    {"mldr;", 0x2026},
    {"mu;", 0x3BC},
    {"nabla;", 0x2207},
    {"nacute;", 0x144},
    {"natural;", 0x266E},
    {"nbsp", 0xA0},
    {"nbsp;", 0xA0},
    {"ncaron;", 0x148},
    {"ndash;", 0x2013},
    {"ne;", 0x2260},
    {"ni;", 0x220B},
    {"nldr;", 0x2025},
    {"not", 0xAC},
    {"not;", 0xAC},
    {"notin;", 0x2209},
    {"nsub;", 0x2284},
    {"ntilde", 0xF1},
    {"ntilde;", 0xF1},
    {"nu;", 0x3BD},
    {"num;", 0x23},
    {"numero;", 0x2116},
    {"numsp;", 0x2007},
    {"oacute", 0xF3},
    {"oacute;", 0xF3},
    {"ocirc", 0xF4},
    {"ocirc;", 0xF4},
    {"odblac;", 0x151},
    {"oelig;", 0x153},
    {"ograve", 0xF2},
    {"ograve;", 0xF2},
    {"ohm;", 0x3A9},
    {"oline;", 0x203E},
    {"omacr;", 0x14D},
    {"omega;", 0x3C9},
    {"omicron;", 0x3BF},
    {"oplus;", 0x2295},
    {"or;", 0x2228},
    {"ordf", 0xAA},
    {"ordf;", 0xAA},
    {"ordm", 0xBA},
    {"ordm;", 0xBA},
    {"oslash", 0xF8},
    {"oslash;", 0xF8},
    {"otilde", 0xF5},
    {"otilde;", 0xF5},
    {"otimes;", 0x2297},
    {"ouml", 0xF6},
    {"ouml;", 0xF6},
    {"para", 0xB6},
    {"para;", 0xB6},
    {"part;", 0x2202},
    {"percnt;", 0x25},
    {"period;", 0x2E},
    {"permil;", 0x2030},
    {"perp;", 0x22A5},
    {"phi;", 0x3C6},
    {"phone;", 0x260E},
    {"pi;", 0x3C0},
    {"piv;", 0x3D6},
    {"plus;", 0x2B},
    {"plusmn", 0xB1},
    {"plusmn;", 0xB1},
    {"pound", 0xA3},
    {"pound;", 0xA3},
    {"prime;", 0x2032},
    {"prod;", 0x220F},
    {"prop;", 0x221D},
    {"psi;", 0x3C8},
    {"puncsp;", 0x2008},
    {"quest;", 0x3F},
    {"quot", 0x22},
    {"quot;", 0x22},
    {"rArr;", 0x21D2},
    {"radic;", 0x221A},
    {"rang;", 0x27E9},
    {"raquo", 0xBB},
    {"raquo;", 0xBB},
    {"rarr;", 0x2192},
    {"rcaron;", 0x159},
    {"rceil;", 0x2309},
    {"rcub;", 0x7D},
    {"rdquo;", 0x201D},
    {"rdquor;", 0x201D},
    {"real;", 0x211C},
    {"reg", 0xAE},
    {"reg;", 0xAE},
    {"rfloor;", 0x230B},
    {"rho;", 0x3C1},
    {"rightarrow;", 0x2192},
    {"rlm;", 0x200F},
    {"rpar;", 0x29},
    {"rsaquo;", 0x203A},
    {"rsqb;", 0x5D},
    {"rsquo;", 0x2019},
    {"rsquor;", 0x2019},
    {"sacute;", 0x15B},
    {"sbquo;", 0x201A},
    {"scaron;", 0x161},
    {"scedil;", 0x15F},
    {"sdot;", 0x22C5},
    {"sect", 0xA7},
    {"sect;", 0xA7},
    {"semi;", 0x3B},
    {"sext;", 0x2736},
    {"sharp;", 0x266F},
    {"shy", 0xAD},
    {"shy;", 0xAD},
    {"sigma;", 0x3C3},
    {"sigmaf;", 0x3C2},
    {"sim;", 0x223C},
    {"sol;", 0x2F},
    {"spades;", 0x2660},
    {"squ;", 0x25A1},
    {"square;", 0x25A1},
    {"star;", 0x2606},
    {"starf;", 0x2605},
    {"sub;", 0x2282},
    {"sube;", 0x2286},
    {"sum;", 0x2211},
    {"sup1", 0xB9},
    {"sup1;", 0xB9},
    {"sup2", 0xB2},
    {"sup2;", 0xB2},
    {"sup3", 0xB3},
    {"sup3;", 0xB3},
    {"sup;", 0x2283},
    {"supe;", 0x2287},
    {"szlig", 0xDF},
    {"szlig;", 0xDF},
    {"tau;", 0x3C4},
    {"tcaron;", 0x165},
    {"tcedil;", 0x163},
    {"there4;", 0x2234},
    {"theta;", 0x3B8},
    {"thetasym;", 0x3D1},
    {"thinsp;", 0x2009},
    {"thorn", 0xFE},
    {"thorn;", 0xFE},
    {"tilde;", 0x2DC},
    {"times", 0xD7},
    {"times;", 0xD7},
    {"trade;", 0x2122},
    {"uArr;", 0x21D1},
    {"uacute", 0xFA},
    {"uacute;", 0xFA},
    {"uarr;", 0x2191},
    {"ucirc", 0xFB},
    {"ucirc;", 0xFB},
    {"udblac;", 0x171},
    {"ugrave", 0xF9},
    {"ugrave;", 0xF9},
    {"umacr;", 0x16B},
    {"uml", 0xA8},
    {"uml;", 0xA8},
    {"upsih;", 0x3D2},
    {"upsilon;", 0x3C5},
    {"uring;", 0x16F},
    {"uuml", 0xFC},
    {"uuml;", 0xFC},
    {"verbar;", 0x7C},
    {"vert;", 0x7C},
    {"weierp;", 0x2118},
    {"xi;", 0x3BE},
    {"yacute", 0xFD},
    {"yacute;", 0xFD},
    {"yen", 0xA5},
    {"yen;", 0xA5},
    {"yuml", 0xFF},
    {"yuml;", 0xFF},
    {"zacute;", 0x17A},
    {"zcaron;", 0x17E},
    {"zdot;", 0x17C},
    {"zeta;", 0x3B6},
    {"zwj;", 0x200D},
    {"zwnj;", 0x200C},
};

constexpr size_t kMaxEntityName = 32;
constexpr size_t kMaxLegacyName = 6;

// kEntities by name in an open-addressing hash table, built at compile time:
// a lookup hashes the name once and usually compares one entry, where a binary
// search compared about nine (URLs in attributes are full of "&amp;").
constexpr size_t kEntitySlots = 1024;  // under a third full

constexpr size_t EntitySlot(std::string_view name) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return (h ^ (h >> 16)) & (kEntitySlots - 1);
}

constexpr auto kEntitySlotTable = [] {
  std::array<uint16_t, kEntitySlots> slots{};  // index in kEntities + 1; 0: empty
  for (size_t i = 0; i < std::size(kEntities); ++i) {
    size_t slot = EntitySlot(kEntities[i].name);
    while (slots[slot] != 0) slot = (slot + 1) & (kEntitySlots - 1);
    slots[slot] = static_cast<uint16_t>(i + 1);
  }
  return slots;
}();

const NamedEntity* FindEntity(std::string_view name) {
  for (size_t slot = EntitySlot(name);; slot = (slot + 1) & (kEntitySlots - 1)) {
    const uint16_t index = kEntitySlotTable[slot];
    if (index == 0) return nullptr;
    if (kEntities[index - 1].name == name) return &kEntities[index - 1];
  }
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

constexpr uint32_t kReplacement = 0xFFFD;

// HTML5 "numeric character reference end state" fix-ups.
uint32_t FixNumericReference(uint64_t value) {
  static constexpr uint16_t kWindows1252[32] = {
      0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  if (value == 0 || value > 0x10FFFF) return kReplacement;
  if (value >= 0xD800 && value <= 0xDFFF) return kReplacement;
  if (value >= 0x80 && value <= 0x9F) return kWindows1252[value - 0x80];
  return static_cast<uint32_t>(value);
}

enum class TextKind : uint8_t {
  kData,       // text in HTML content: entities, NUL dropped (as the tree builder does)
  kForeign,    // text in svg/math: entities, NUL -> U+FFFD
  kAttribute,  // attribute values: entities with the attribute rule, NUL -> U+FFFD
  kRcdata,     // textarea/title: entities, NUL -> U+FFFD
  kRaw,        // script/style/...: no entities, NUL -> U+FFFD
};

// Decodes the character reference at p[0] == '&'. Appends the result to `out`
// and returns the bytes consumed, or 0 when it is not a reference (the caller
// then emits '&' literally).
size_t DecodeReference(const char* p, const char* end, bool in_attribute, std::string& out) {
  const char* q = p + 1;
  if (q < end && *q == '#') {
    ++q;
    bool hex = q < end && (*q == 'x' || *q == 'X');
    if (hex) ++q;
    const char* digits = q;
    uint64_t value = 0;
    while (q < end) {
      unsigned char c = static_cast<unsigned char>(*q);
      uint32_t d;
      if (IsAsciiDigit(c)) {
        d = c - '0';
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = (c | 0x20) - 'a' + 10;
      } else {
        break;
      }
      value = value * (hex ? 16 : 10) + d;
      if (value > 0x10FFFF) value = 0x110000;  // saturate: stays invalid
      ++q;
    }
    if (q == digits) return 0;
    if (q < end && *q == ';') ++q;
    AppendUtf8(out, FixNumericReference(value));
    return static_cast<size_t>(q - p);
  }
  const char* name = q;
  while (q < end && static_cast<size_t>(q - name) < kMaxEntityName &&
         IsAsciiAlnum(static_cast<unsigned char>(*q))) {
    ++q;
  }
  size_t run = static_cast<size_t>(q - name);
  if (run == 0) return 0;
  if (q < end && *q == ';') {
    if (const NamedEntity* e = FindEntity(std::string_view(name, run + 1))) {
      AppendUtf8(out, e->code_point);
      return run + 2;
    }
  }
  // Legacy names match without ';' as the longest prefix of the run.
  for (size_t len = std::min(run, kMaxLegacyName); len >= 2; --len) {
    const NamedEntity* e = FindEntity(std::string_view(name, len));
    if (e == nullptr) continue;
    if (in_attribute && len < run) return 0;  // followed by alnum in an attribute
    if (in_attribute && len == run && q < end && *q == '=') return 0;
    AppendUtf8(out, e->code_point);
    return len + 1;
  }
  return 0;
}

// Appends the decoded form of `in` to `out`.
void DecodeText(std::string_view in, TextKind kind, std::string& out) {
  const char* p = in.data();
  const char* end = p + in.size();
  const bool entities = kind != TextKind::kRaw;
  while (p < end) {
    const char* q = entities ? FindAnyOf<'&', '\r', '\0'>(p, end) : FindAnyOf<'\r', '\0'>(p, end);
    out.append(p, static_cast<size_t>(q - p));
    if (q == end) break;
    p = q;
    switch (*p) {
      case '&': {
        size_t used = DecodeReference(p, end, kind == TextKind::kAttribute, out);
        if (used == 0) {
          out.push_back('&');
          used = 1;
        }
        p += used;
        break;
      }
      case '\r':
        out.push_back('\n');
        ++p;
        if (p < end && *p == '\n') ++p;
        break;
      default:  // NUL
        if (kind != TextKind::kData) AppendUtf8(out, kReplacement);
        ++p;
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// Element classes used by the tree builder. Names not in Tag are compared by
// name where the HTML5 rules need them.

enum class Ns : uint8_t { kHtml, kSvg, kMath };

constexpr bool IsSpecialTag(Tag t) {
  switch (t) {
    case Tag::kAddress:
    case Tag::kArea:
    case Tag::kArticle:
    case Tag::kAside:
    case Tag::kBase:
    case Tag::kBlockquote:
    case Tag::kBody:
    case Tag::kBr:
    case Tag::kButton:
    case Tag::kCaption:
    case Tag::kCenter:
    case Tag::kCol:
    case Tag::kColgroup:
    case Tag::kDd:
    case Tag::kDetails:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kEmbed:
    case Tag::kFieldset:
    case Tag::kFigcaption:
    case Tag::kFigure:
    case Tag::kFooter:
    case Tag::kForm:
    case Tag::kFrame:
    case Tag::kFrameset:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kHead:
    case Tag::kHeader:
    case Tag::kHgroup:
    case Tag::kHr:
    case Tag::kHtml:
    case Tag::kIframe:
    case Tag::kImg:
    case Tag::kInput:
    case Tag::kLi:
    case Tag::kLink:
    case Tag::kMain:
    case Tag::kMenu:
    case Tag::kMeta:
    case Tag::kNav:
    case Tag::kNoembed:
    case Tag::kNoframes:
    case Tag::kNoscript:
    case Tag::kObject:
    case Tag::kOl:
    case Tag::kP:
    case Tag::kParam:
    case Tag::kPlaintext:
    case Tag::kPre:
    case Tag::kScript:
    case Tag::kSection:
    case Tag::kSelect:
    case Tag::kSource:
    case Tag::kStyle:
    case Tag::kSummary:
    case Tag::kTable:
    case Tag::kTbody:
    case Tag::kTd:
    case Tag::kTemplate:
    case Tag::kTextarea:
    case Tag::kTfoot:
    case Tag::kTh:
    case Tag::kThead:
    case Tag::kTitle:
    case Tag::kTr:
    case Tag::kTrack:
    case Tag::kUl:
    case Tag::kWbr:
    case Tag::kXmp:
      return true;
    default:
      return false;
  }
}

constexpr bool IsSpecialUnknownName(std::string_view n) {
  return n == "applet" || n == "basefont" || n == "bgsound" || n == "dir" || n == "keygen" ||
         n == "listing" || n == "marquee" || n == "search";
}

// Start tags that close an open <p> ("close a p element" in HTML5 in-body rules).
constexpr bool ClosesP(Tag t) {
  switch (t) {
    case Tag::kAddress:
    case Tag::kArticle:
    case Tag::kAside:
    case Tag::kBlockquote:
    case Tag::kCenter:
    case Tag::kDetails:
    case Tag::kDialog:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kFieldset:
    case Tag::kFigcaption:
    case Tag::kFigure:
    case Tag::kFooter:
    case Tag::kHeader:
    case Tag::kHgroup:
    case Tag::kMain:
    case Tag::kMenu:
    case Tag::kNav:
    case Tag::kOl:
    case Tag::kP:
    case Tag::kSection:
    case Tag::kSummary:
    case Tag::kUl:
      return true;
    default:
      return false;
  }
}

constexpr bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

constexpr bool IsFormatting(Tag t) {
  switch (t) {
    case Tag::kA:
    case Tag::kB:
    case Tag::kCode:
    case Tag::kEm:
    case Tag::kFont:
    case Tag::kI:
    case Tag::kS:
    case Tag::kSmall:
    case Tag::kStrike:
    case Tag::kStrong:
    case Tag::kTt:
    case Tag::kU:
      return true;
    default:
      return false;
  }
}

// Start tags that leave svg/math content ("breakout" tags).
bool IsForeignBreakout(Tag t, std::string_view name) {
  switch (t) {
    case Tag::kB:
    case Tag::kBlockquote:
    case Tag::kBody:
    case Tag::kBr:
    case Tag::kCenter:
    case Tag::kCode:
    case Tag::kDd:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kEm:
    case Tag::kEmbed:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kHead:
    case Tag::kHr:
    case Tag::kI:
    case Tag::kImg:
    case Tag::kLi:
    case Tag::kMenu:
    case Tag::kMeta:
    case Tag::kOl:
    case Tag::kP:
    case Tag::kPre:
    case Tag::kRuby:
    case Tag::kS:
    case Tag::kSmall:
    case Tag::kSpan:
    case Tag::kStrong:
    case Tag::kStrike:
    case Tag::kSub:
    case Tag::kSup:
    case Tag::kTable:
    case Tag::kTt:
    case Tag::kU:
    case Tag::kUl:
    case Tag::kVar:
      return true;
    case Tag::kUnknown:
      return name == "big" || name == "listing" || name == "nobr";
    default:
      return false;
  }
}

bool IsVoidName(Tag t, std::string_view name) {
  if (t != Tag::kUnknown) return IsVoidTag(t);
  return name == "basefont" || name == "bgsound" || name == "keygen" || name == "image";
}

// Tags whose start tag belongs in <head> before the body starts.
constexpr bool IsHeadTag(Tag t, std::string_view name) {
  switch (t) {
    case Tag::kBase:
    case Tag::kLink:
    case Tag::kMeta:
    case Tag::kNoframes:
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kTemplate:
    case Tag::kTitle:
      return true;
    case Tag::kUnknown:
      return name == "basefont" || name == "bgsound";
    default:
      return false;
  }
}

// Open elements that decide ModeTag(), most recent first.
constexpr Tag kModeTags[] = {Tag::kTable,  Tag::kTbody,    Tag::kThead,   Tag::kTfoot,
                             Tag::kTr,     Tag::kTd,       Tag::kTh,      Tag::kCaption,
                             Tag::kSelect, Tag::kTemplate, Tag::kColgroup};

// kModeTags as a table indexed by tag: IsModeTag runs on every push and pop.
constexpr auto kIsModeTag = [] {
  std::array<bool, static_cast<size_t>(Tag::kCount_)> table{};
  for (Tag t : kModeTags) table[static_cast<size_t>(t)] = true;
  return table;
}();

constexpr bool IsModeTag(Tag t) { return kIsModeTag[static_cast<size_t>(t)]; }

// Start and end tags that close a <select> standing in a table (HTML's "in
// select in table" mode) and are then handled again.
constexpr bool ClosesSelectInTable(Tag t) {
  switch (t) {
    case Tag::kCaption:
    case Tag::kTable:
    case Tag::kTbody:
    case Tag::kTfoot:
    case Tag::kThead:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kTh:
      return true;
    default:
      return false;
  }
}

constexpr bool IsTablePart(Tag t) {
  switch (t) {
    case Tag::kCaption:
    case Tag::kCol:
    case Tag::kColgroup:
    case Tag::kTbody:
    case Tag::kTd:
    case Tag::kTfoot:
    case Tag::kTh:
    case Tag::kThead:
    case Tag::kTr:
      return true;
    default:
      return false;
  }
}

// Start tags with a rule of their own in StartTagInBody's switch (keep the
// two lists equal).
constexpr bool HasInBodyRule(Tag t) {
  switch (t) {
    case Tag::kBody:
    case Tag::kHead:
    case Tag::kFrame:
    case Tag::kFrameset:
    case Tag::kLi:
    case Tag::kDd:
    case Tag::kDt:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kPre:
    case Tag::kForm:
    case Tag::kPlaintext:
    case Tag::kButton:
    case Tag::kA:
    case Tag::kTable:
    case Tag::kHr:
    case Tag::kTextarea:
    case Tag::kXmp:
    case Tag::kIframe:
    case Tag::kNoembed:
    case Tag::kOption:
    case Tag::kOptgroup:
    case Tag::kRp:
    case Tag::kRt:
    case Tag::kSvg:
    case Tag::kMath:
    case Tag::kUnknown:
      return true;
    default:
      return false;
  }
}

// What the in-body rules do with a start tag when they just insert it: most
// tags (div, span, p, img, ...) in most places. See Parser::StartTag.
// <a> and <li> are plain when no other element of theirs is open.
enum class PlainStart : uint8_t { kNo, kPush, kVoid, kClosePThenPush, kAnchor, kListItem };

constexpr auto kPlainStarts = [] {
  std::array<PlainStart, static_cast<size_t>(Tag::kCount_)> table{};
  table[static_cast<size_t>(Tag::kA)] = PlainStart::kAnchor;
  table[static_cast<size_t>(Tag::kLi)] = PlainStart::kListItem;
  for (size_t i = 0; i < table.size(); ++i) {
    const auto t = static_cast<Tag>(i);
    if (t == Tag::kHtml || HasInBodyRule(t) || IsTablePart(t) || IsHeadTag(t, {})) continue;
    table[i] = ClosesP(t)     ? PlainStart::kClosePThenPush
               : IsVoidTag(t) ? PlainStart::kVoid
                              : PlainStart::kPush;
  }
  return table;
}();

bool IsImpliedEnd(Tag t, std::string_view name) {
  switch (t) {
    case Tag::kDd:
    case Tag::kDt:
    case Tag::kLi:
    case Tag::kOptgroup:
    case Tag::kOption:
    case Tag::kP:
    case Tag::kRp:
    case Tag::kRt:
      return true;
    case Tag::kUnknown:
      return name == "rb" || name == "rtc";
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Tokens.

struct TagToken {
  bool end = false;
  bool self_closing = false;
  Tag tag = Tag::kUnknown;
  std::string_view name;  // lower-case; points into the input or the arena
  // A start tag's attributes are staged in the Document (see AddAttribute).
};

enum class RawKind : uint8_t { kNone, kRcdata, kRawtext, kScript, kPlaintext };

// ---------------------------------------------------------------------------
// Scope boundaries. Each entry of the parser's stack of open elements records,
// per kind of boundary (Floor), the topmost open element of that kind at or
// below it; FloorsOfTag says which kinds an element is.

enum Floor : uint8_t {
  kScope,        // HTML's "has an element in scope" boundaries
  kListScope,    // ... in list item scope
  kButtonScope,  // ... in button scope
  kTableScope,   // ... in table scope
  kSpecial,      // HTML's special elements
  kSpecialLi,    // special elements but address, div and p (the <li>/<dd>/<dt> walk)
  kFloors
};

constexpr uint8_t kScopeBoundaryFloors = 1 << kScope | 1 << kListScope | 1 << kButtonScope;
constexpr uint8_t kSpecialFloors = 1 << kSpecial | 1 << kSpecialLi;

// The floors an HTML element with a known tag is a boundary of.
constexpr uint8_t FloorsOfTag(Tag t) {
  uint8_t floors = 0;
  switch (t) {
    case Tag::kCaption:
    case Tag::kHtml:
    case Tag::kTable:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kObject:
    case Tag::kTemplate:
      floors |= kScopeBoundaryFloors;
      break;
    case Tag::kOl:
    case Tag::kUl:
      floors |= 1 << kListScope;
      break;
    case Tag::kButton:
      floors |= 1 << kButtonScope;
      break;
    default:
      break;
  }
  if (t == Tag::kHtml || t == Tag::kTable || t == Tag::kTemplate) floors |= 1 << kTableScope;
  if (IsSpecialTag(t)) {
    floors |= 1 << kSpecial;
    if (t != Tag::kAddress && t != Tag::kDiv && t != Tag::kP) floors |= 1 << kSpecialLi;
  }
  return floors;
}

// FloorsOfTag as a table: Push runs for every element opened.
constexpr auto kFloorsOfTag = [] {
  std::array<uint8_t, static_cast<size_t>(Tag::kCount_)> table{};
  for (size_t i = 0; i < table.size(); ++i) table[i] = FloorsOfTag(static_cast<Tag>(i));
  return table;
}();

// ---------------------------------------------------------------------------
// The parser.

class Parser {
 public:
  Parser(std::string_view html, const ParseLimits& limits) : html_(html), limits_(limits) {
    top_.fill(kNone);
  }

  Document Run();

 private:
  enum class Mode : uint8_t { kBeforeHead, kInHead, kAfterHead, kInBody };

  // 64 bytes, not 56: stack_.size() is then a shift, not a multiply, and
  // every push and insert asks for it.
  struct alignas(64) Open {
    uint32_t node;       // Document index (the cap ancestor's when beyond max_depth)
    uint32_t prev_same;  // stack index of the previous open HTML element with this tag
    std::array<uint32_t, kFloors> floors;  // topmost boundary of each kind at or below
    Tag tag;
    Ns ns;
    bool removed;           // taken off the stack out of order; popped when on top
    bool html_integration;  // svg foreignObject/desc/title, math text integration points
    std::string_view name;  // lower-case tag name
  };

  // The stack of open elements: a vector used only as storage, with its own
  // size, so that a push is a compare and an increment, inline, and only
  // growing (rare: the storage starts at 64 entries and doubles) is a call.
  class OpenStack {
   public:
    size_t size() const { return size_; }
    Open& back() { return entries_[size_ - 1]; }
    const Open& back() const { return entries_[size_ - 1]; }
    Open& operator[](size_t i) { return entries_[i]; }
    const Open& operator[](size_t i) const { return entries_[i]; }
    // A new top entry; its fields are left as they were, for the caller to set.
    Open& Push() {
      if (size_ == entries_.size()) [[unlikely]]
        Grow();
      return entries_[size_++];
    }
    void Pop() { --size_; }

   private:
    [[gnu::noinline]] void Grow() { entries_.resize(std::max<size_t>(64, 2 * entries_.size())); }

    std::vector<Open> entries_;
    size_t size_ = 0;
  };

  // --- Tokenizer ---
  void Tokenize();
  size_t ParseTagToken(size_t pos, bool end_tag);  // returns the new position
  size_t SkipBogusComment(size_t pos);             // pos after "<!" / "</" / "<"
  size_t ParseMarkupDeclaration(size_t pos);       // pos at '<' of "<!"
  size_t ParseDoctype(size_t pos);                 // pos after "<!doctype"
  size_t ParseRawText(size_t pos);
  size_t FindScriptEnd(size_t pos) const;
  size_t FindRawEnd(size_t pos) const;
  std::string_view LowerName(std::string_view raw);

  // --- Tree builder ---
  void Text(std::string_view raw, bool needs_decode, bool cdata = false);
  void PlaceText(std::string_view raw, bool needs_decode, bool cdata);
  void InsertText(std::string_view text);
  void StartTag();
  void EndTag();
  void StartTagInHead(uint32_t parent_override);
  void StartTagInBody();
  bool SelectIsInTable() const;
  void StartTagInForeign();
  void EndTagInBody();
  void EndTagInForeign();
  bool StartTagInTable(Tag mode);
  bool EndTagInTable(Tag mode);
  Tag ModeTag() const;

  uint32_t InsertElement(Tag tag, std::string_view name, Ns ns, bool push,
                         uint32_t parent_override = kNone, bool with_attributes = true);
  uint32_t InsertImplied(Tag tag, std::string_view name, bool push) {
    return InsertElement(tag, name, Ns::kHtml, push, kNone, false);
  }
  void AddAttribute(std::string_view raw_name, bool name_upper, std::string_view raw_value,
                    bool needs_decode);
  void AddAttributes(uint32_t element) { doc_.AppendStagedAttributes(element); }
  void Push(uint32_t node, Tag tag, Ns ns, std::string_view name);
  // Push for an HTML element with a known tag, which most are: inline, and
  // without the name tests of the other cases (PushOther).
  void PushKnown(uint32_t node, Tag tag, std::string_view name);
  [[gnu::noinline]] void PushOther(uint32_t node, Tag tag, Ns ns, std::string_view name);
  void PushEntry(uint32_t node, uint32_t prev_same, Tag tag, Ns ns, bool html_integration,
                 std::string_view name, uint8_t floors);
  // InsertElement(tag, token_.name, Ns::kHtml, push) for a known tag, inline
  // for the common cases of StartTag and StartTagInHead.
  uint32_t InsertPlain(Tag tag, bool push);
  void Pop();
  void PopInline();  // Pop, inline for the tokenizer's "</name>" closing the current element
  void PopUntil(uint32_t stack_index);  // pops entries down to and including it
  void Remove(uint32_t stack_index);
  void PopUntilTag(Tag tag) {
    if (top_[static_cast<size_t>(tag)] != kNone) PopUntil(top_[static_cast<size_t>(tag)]);
  }
  void EnsureHead();
  void EnsureBody(bool with_token_attributes = false);
  bool InScope(Tag tag, Floor floor) const {
    uint32_t i = top_[static_cast<size_t>(tag)];
    return i != kNone && i >= stack_.back().floors[floor];
  }
  uint32_t TopOf(Tag tag) const { return top_[static_cast<size_t>(tag)]; }
  const Open& Current() const { return stack_.back(); }
  bool CurrentIs(Tag tag) const { return Current().ns == Ns::kHtml && Current().tag == tag; }
  bool InForeignContent() const;
  // Whether an end tag naming the current element just pops it: outside any
  // table, select or template, every in-body end tag rule does then (body,
  // html and form have side effects of their own; br is never open).
  bool EndTagPopsCurrent() const {
    const Open& cur = Current();
    return mode_tags_open_ == 0 && cur.ns == Ns::kHtml && cur.tag != Tag::kBody &&
           cur.tag != Tag::kHtml && cur.tag != Tag::kForm && cur.tag != Tag::kBr;
  }
  size_t MatchCurrentEndTag(size_t pos) const;
  void CloseP() {
    if (InScope(Tag::kP, kButtonScope)) PopUntilTag(Tag::kP);
  }
  void StartRaw(RawKind kind, std::string_view name, uint32_t node);
  bool Full() const { return doc_.size() >= limits_.max_nodes; }

  std::string_view html_;
  const ParseLimits limits_;  // a copy: read on every insert, with no pointer to follow
  Document doc_;
  OpenStack stack_;
  std::array<uint32_t, static_cast<size_t>(Tag::kCount_)> top_;
  TagToken token_;
  std::string scratch_;
  std::string name_scratch_;

  Mode mode_ = Mode::kBeforeHead;
  uint32_t head_ = kNone;
  uint32_t body_ = kNone;
  bool quirks_ = true;
  bool seen_content_ = false;  // a doctype after this is ignored
  bool form_open_ = false;     // HTML5's form element pointer, reduced to a flag
  bool skip_newline_ = false;  // drop a leading LF (after <pre>, <listing>, <textarea>)
  RawKind raw_kind_ = RawKind::kNone;
  std::string_view raw_name_;  // the end tag that ends raw text
  uint32_t raw_node_ = kNone;
  bool suppress_dispatch_ = false;  // the end tag closing raw text is handled in place
  // Stack entries (removed ones included) that are HTML elements with a tag
  // in kModeTags; zero means ModeTag() is kBody without looking.
  uint32_t mode_tags_open_ = 0;
};

std::string_view Parser::LowerName(std::string_view raw) {
  if (!HasUpper(raw)) return raw;
  name_scratch_.assign(raw);
  for (char& c : name_scratch_) c = ToLower(c);
  return doc_.Intern(name_scratch_);
}

Document Parser::Run() {
  size_t estimate = html_.size() / 24 + 16;
  doc_.Reserve(std::min<size_t>(estimate, limits_.max_nodes), estimate / 2);
  uint32_t root = doc_.AppendElement(kNone, Tag::kHtml);
  Push(root, Tag::kHtml, Ns::kHtml, "html");
  Tokenize();
  doc_.ClearStagedAttributes();
  if (!Full()) {
    EnsureHead();
    EnsureBody();
  }
  return std::move(doc_);
}

// ---------------------------------------------------------------------------
// Tokenizer.

void Parser::Tokenize() {
  const char* base = html_.data();
  const size_t n = html_.size();
  size_t pos = 0;
  while (pos < n && !Full()) {
    if (raw_kind_ != RawKind::kNone) {
      pos = ParseRawText(pos);
      continue;
    }
    // Text up to the next '<'.
    const char* p = base + pos;
    const char* end = base + n;
    // Tags often follow each other with no text between: no scan then.
    const char* q = *p == '<' ? p : FindAnyOf<'<', '&', '\r', '\0'>(p, end);
    bool needs_decode = false;
    if (q != end && *q != '<') {
      needs_decode = true;
      q = FindChar(q, end, '<');
    }
    if (q != p) Text(std::string_view(p, static_cast<size_t>(q - p)), needs_decode);
    pos = static_cast<size_t>(q - base);
    if (pos >= n || Full()) break;
    // At '<'.
    if (pos + 1 >= n) {
      Text(html_.substr(pos, 1), false);
      break;
    }
    unsigned char c = static_cast<unsigned char>(base[pos + 1]);
    if (IsAsciiAlpha(c)) {
      pos = ParseTagToken(pos + 1, false);
    } else if (c == '/') {
      if (pos + 2 >= n) {
        Text(html_.substr(pos, 2), false);
        break;
      }
      unsigned char d = static_cast<unsigned char>(base[pos + 2]);
      if (IsAsciiAlpha(d)) {
        const size_t after = MatchCurrentEndTag(pos + 2);
        if (after != 0) {
          // "</name>" closing the current element: what EndTag would do,
          // without tokenizing the tag.
          skip_newline_ = false;
          PopInline();
          pos = after;
          continue;
        }
        pos = ParseTagToken(pos + 2, true);
      } else if (d == '>') {
        pos += 3;
      } else {
        pos = SkipBogusComment(pos + 2);
      }
    } else if (c == '!') {
      pos = ParseMarkupDeclaration(pos);
    } else if (c == '?') {
      pos = SkipBogusComment(pos + 1);
    } else {
      Text(html_.substr(pos, 1), false);
      ++pos;
    }
  }
}

// The most common end tag, "</name>" closing the current element, is
// recognised here by comparing with the current element's (lower-case) name.
// Returns the position after its '>' when html_ holds "name>" at pos and
// EndTag would just pop the current element; 0 otherwise.
size_t Parser::MatchCurrentEndTag(size_t pos) const {
  if (mode_ != Mode::kInBody || !EndTagPopsCurrent()) return 0;
  const std::string_view name = Current().name;
  if (html_.size() - pos <= name.size() || html_[pos + name.size()] != '>') return 0;
  for (size_t k = 0; k < name.size(); ++k) {  // names are short: no memcmp call
    if (html_[pos + k] != name[k]) return 0;
  }
  return pos + name.size() + 1;
}

size_t Parser::SkipBogusComment(size_t pos) {
  const char* end = html_.data() + html_.size();
  const char* q = FindChar(html_.data() + pos, end, '>');
  return q == end ? html_.size() : static_cast<size_t>(q - html_.data()) + 1;
}

size_t Parser::ParseMarkupDeclaration(size_t pos) {
  std::string_view rest = html_.substr(pos + 2);
  if (rest.starts_with("--")) {
    // Comment. "<!-->" and "<!--->" close at once; otherwise up to "-->" or "--!>".
    size_t start = pos + 4;
    std::string_view body = html_.substr(start);
    if (body.starts_with(">")) return start + 1;
    if (body.starts_with("->")) return start + 2;
    size_t i = start;
    const char* base = html_.data();
    while (true) {
      const char* q = FindChar(base + i, base + html_.size(), '>');
      if (q == base + html_.size()) return html_.size();
      size_t gt = static_cast<size_t>(q - base);
      if (gt >= start + 2 && base[gt - 1] == '-' && base[gt - 2] == '-') return gt + 1;
      if (gt >= start + 3 && base[gt - 1] == '!' && base[gt - 2] == '-' && base[gt - 3] == '-') {
        return gt + 1;
      }
      i = gt + 1;
    }
  }
  if (StartsWithIgnoreCase(rest, "doctype")) return ParseDoctype(pos + 9);
  if (rest.starts_with("[CDATA[") && InForeignContent()) {
    size_t start = pos + 9;
    size_t close = html_.find("]]>", start);
    size_t stop = close == std::string_view::npos ? html_.size() : close;
    if (stop > start) Text(html_.substr(start, stop - start), true, true);
    return close == std::string_view::npos ? html_.size() : close + 3;
  }
  return SkipBogusComment(pos + 2);
}

size_t Parser::ParseDoctype(size_t pos) {
  size_t close = SkipBogusComment(pos);
  if (seen_content_) return close;
  seen_content_ = true;
  std::string_view body = html_.substr(pos, close - pos);
  if (!body.empty() && body.back() == '>') body.remove_suffix(1);
  size_t i = 0;
  while (i < body.size() && IsHtmlSpace(static_cast<unsigned char>(body[i]))) ++i;
  size_t name_start = i;
  while (i < body.size() && !IsHtmlSpace(static_cast<unsigned char>(body[i]))) ++i;
  if (!EqualsIgnoreCase(body.substr(name_start, i - name_start), "html")) return close;
  std::string_view rest = body.substr(i);
  while (!rest.empty() && IsHtmlSpace(static_cast<unsigned char>(rest.front()))) {
    rest.remove_prefix(1);
  }
  if (rest.empty()) {
    quirks_ = false;
    return close;
  }
  std::string_view public_id;
  bool has_system = false;
  if (StartsWithIgnoreCase(rest, "public")) {
    size_t q = rest.find_first_of("\"'");
    if (q != std::string_view::npos) {
      size_t qe = rest.find(rest[q], q + 1);
      public_id =
          rest.substr(q + 1, qe == std::string_view::npos ? std::string_view::npos : qe - q - 1);
      has_system = qe != std::string_view::npos &&
                   rest.find_first_of("\"'", qe + 1) != std::string_view::npos;
    }
  } else if (StartsWithIgnoreCase(rest, "system")) {
    quirks_ = false;
    return close;
  }
  static constexpr std::string_view kQuirkyPrefixes[] = {"+//silmaril//",
                                                         "-//as//",
                                                         "-//advasoft ltd//",
                                                         "-//ietf//",
                                                         "-//metrius//",
                                                         "-//microsoft//",
                                                         "-//netscape comm. corp.//",
                                                         "-//o'reilly and associates//",
                                                         "-//softquad",
                                                         "-//spyglass//",
                                                         "-//sq//",
                                                         "-//sun microsystems corp.//",
                                                         "-//w3c//dtd html 3",
                                                         "-//w3c//dtd html 4.0 frameset//",
                                                         "-//w3c//dtd html 4.0 transitional//",
                                                         "-//w3c//dtd html experimental",
                                                         "-//w3c//dtd w3 html//",
                                                         "-//w3o//",
                                                         "-//webtechs//"};
  bool quirky = false;
  for (std::string_view prefix : kQuirkyPrefixes) {
    if (StartsWithIgnoreCase(public_id, prefix)) quirky = true;
  }
  if (!has_system && (StartsWithIgnoreCase(public_id, "-//w3c//dtd html 4.01 frameset//") ||
                      StartsWithIgnoreCase(public_id, "-//w3c//dtd html 4.01 transitional//"))) {
    quirky = true;
  }
  quirks_ = quirky;
  return close;
}

size_t Parser::ParseTagToken(size_t pos, bool end_tag) {
  const char* base = html_.data();
  const size_t n = html_.size();
  size_t i = pos;
  uint8_t seen = 0;  // kUpperByte when the name has an upper-case letter
  while (i < n) {
    const uint8_t k = TagByteOf(base[i]);
    if (k & kEndsTagName) break;
    seen |= k;
    ++i;
  }
  const bool upper = seen & kUpperByte;
  if (i >= n) return n;  // EOF in a tag: the tag is dropped
  token_.end = end_tag;
  token_.self_closing = false;
  doc_.ClearStagedAttributes();
  std::string_view raw_name(base + pos, i - pos);
  if (upper) {
    name_scratch_.assign(raw_name);
    for (char& c : name_scratch_) c = ToLower(c);
    token_.tag = TagFromName(name_scratch_);
    token_.name = token_.tag != Tag::kUnknown ? TagName(token_.tag) : doc_.Intern(name_scratch_);
  } else {
    token_.tag = TagFromName(raw_name);
    token_.name = raw_name;
  }
  while (true) {
    while (i < n && (TagByteOf(base[i]) & kSpaceByte)) ++i;
    if (i >= n) return n;
    char c = base[i];
    if (c == '>') {
      ++i;
      break;
    }
    if (c == '/') {
      if (i + 1 < n && base[i + 1] == '>') {
        token_.self_closing = true;
        i += 2;
        break;
      }
      ++i;
      continue;
    }
    size_t name_start = i;
    uint8_t name_seen = TagByteOf(c) & kUpperByte;
    ++i;  // the first character may be '='
    while (i < n) {
      const uint8_t k = TagByteOf(base[i]);
      if (k & kEndsAttrName) break;
      name_seen |= k;
      ++i;
    }
    const bool name_upper = name_seen & kUpperByte;
    std::string_view attr_name(base + name_start, i - name_start);
    while (i < n && (TagByteOf(base[i]) & kSpaceByte)) ++i;
    std::string_view value;
    bool needs_decode = false;
    if (i < n && base[i] == '=') {
      ++i;
      while (i < n && IsHtmlSpace(static_cast<unsigned char>(base[i]))) ++i;
      if (i >= n) return n;
      char quote = base[i];
      if (quote == '"' || quote == '\'') {
        // One scan finds the closing quote and whether the value needs decoding.
        const char* q = quote == '"' ? FindValueEnd<'"'>(base + i + 1, base + n, needs_decode)
                                     : FindValueEnd<'\''>(base + i + 1, base + n, needs_decode);
        if (q == base + n) return n;
        value = std::string_view(base + i + 1, static_cast<size_t>(q - base) - i - 1);
        i = static_cast<size_t>(q - base) + 1;
      } else if (quote != '>') {
        size_t value_start = i;
        while (i < n) {
          unsigned char d = static_cast<unsigned char>(base[i]);
          if (IsHtmlSpace(d) || d == '>') break;
          needs_decode |= d == '&' || d == '\r' || d == '\0';
          ++i;
        }
        value = std::string_view(base + value_start, i - value_start);
      }
    }
    if (!end_tag) AddAttribute(attr_name, name_upper, value, needs_decode);
  }
  if (suppress_dispatch_) {
    suppress_dispatch_ = false;
  } else if (end_tag) {
    EndTag();
  } else {
    StartTag();
  }
  return i;
}

// Raw text ends at "</name" followed by whitespace, '/' or '>'.
size_t Parser::FindRawEnd(size_t pos) const {
  const char* base = html_.data();
  const size_t n = html_.size();
  const size_t len = raw_name_.size();
  while (pos < n) {
    const char* q = FindChar(base + pos, base + n, '<');
    size_t lt = static_cast<size_t>(q - base);
    if (lt >= n) return n;
    if (lt + 2 + len < n && base[lt + 1] == '/' &&
        EqualsIgnoreCase(std::string_view(base + lt + 2, len), raw_name_)) {
      unsigned char c = static_cast<unsigned char>(base[lt + 2 + len]);
      if (IsHtmlSpace(c) || c == '/' || c == '>') return lt;
    }
    pos = lt + 1;
  }
  return n;
}

// Script data with the HTML5 escape states: inside "<!--", "<script" starts a
// double-escaped section in which "</script>" does not end the element.
size_t Parser::FindScriptEnd(size_t pos) const {
  const char* base = html_.data();
  const size_t n = html_.size();
  enum { kNormal, kEscaped, kDoubleEscaped } state = kNormal;
  auto tag_at = [&](size_t i, std::string_view lower) {  // i at the name
    if (i + lower.size() >= n) return false;
    if (!EqualsIgnoreCase(std::string_view(base + i, lower.size()), lower)) return false;
    unsigned char c = static_cast<unsigned char>(base[i + lower.size()]);
    return IsHtmlSpace(c) || c == '/' || c == '>';
  };
  size_t i = pos;
  while (i < n) {
    if (state == kNormal) {
      const char* q = FindChar(base + i, base + n, '<');
      i = static_cast<size_t>(q - base);
      if (i >= n) return n;
      if (i + 1 < n && base[i + 1] == '/' && tag_at(i + 2, "script")) return i;
      if (html_.substr(i + 1, 3) == "!--") {
        state = kEscaped;
        i += 2;  // at the dashes, so "<!-->" closes at once
        continue;
      }
      ++i;
      continue;
    }
    // "-->" is found by its '>' (scripts hold far more '-' than '>'); its
    // dashes must not start before i, where the scan resumed.
    const char* q = FindAnyOf<'<', '>'>(base + i, base + n);
    const size_t from = i;
    i = static_cast<size_t>(q - base);
    if (i >= n) return n;
    if (base[i] == '>') {
      if (i >= from + 2 && base[i - 1] == '-' && base[i - 2] == '-') state = kNormal;
      ++i;
      continue;
    }
    if (i + 1 < n && base[i + 1] == '/' && tag_at(i + 2, "script")) {
      if (state == kEscaped) return i;
      state = kEscaped;
      i += 8;
      continue;
    }
    if (state == kEscaped && tag_at(i + 1, "script")) {
      state = kDoubleEscaped;
      i += 7;
      continue;
    }
    ++i;
  }
  return n;
}

size_t Parser::ParseRawText(size_t pos) {
  const size_t n = html_.size();
  RawKind kind = raw_kind_;
  size_t stop = n;
  if (kind == RawKind::kScript) {
    stop = FindScriptEnd(pos);
  } else if (kind != RawKind::kPlaintext) {
    stop = FindRawEnd(pos);
  }
  std::string_view raw = html_.substr(pos, stop - pos);
  if (skip_newline_) {
    skip_newline_ = false;
    if (raw.starts_with("\r\n")) {
      raw.remove_prefix(2);
    } else if (!raw.empty() && (raw[0] == '\n' || raw[0] == '\r')) {
      raw.remove_prefix(1);
    }
  }
  if (!raw.empty()) {
    const char* end = raw.data() + raw.size();
    // Script and style bodies are long and seldom hold CR or NUL: two memchr
    // passes (libc's are wider than SSE2) cost less than one for both bytes.
    const bool plain = kind == RawKind::kRcdata ? FindAnyOf<'&', '\r', '\0'>(raw.data(), end) == end
                                                : FindChar(raw.data(), end, '\r') == end &&
                                                      FindChar(raw.data(), end, '\0') == end;
    if (plain) {
      doc_.AppendText(raw_node_, raw);
    } else {
      scratch_.clear();
      DecodeText(raw, kind == RawKind::kRcdata ? TextKind::kRcdata : TextKind::kRaw, scratch_);
      if (!scratch_.empty()) doc_.AppendText(raw_node_, doc_.Intern(scratch_));
    }
  }
  raw_kind_ = RawKind::kNone;
  if (stop >= n) return n;
  // The end tag closes the raw element, which is the current node.
  Pop();
  suppress_dispatch_ = true;
  size_t after = ParseTagToken(stop + 2, true);
  suppress_dispatch_ = false;
  return after;
}

void Parser::StartRaw(RawKind kind, std::string_view name, uint32_t node) {
  raw_kind_ = kind;
  raw_name_ = name;
  raw_node_ = node;
}

// ---------------------------------------------------------------------------
// Stack of open elements.

// The stack entry for an element; `floors` has bit f set when it is a
// boundary of Floor f.
[[gnu::always_inline]] inline void Parser::PushEntry(uint32_t node, uint32_t prev_same, Tag tag,
                                                     Ns ns, bool html_integration,
                                                     std::string_view name, uint8_t floors) {
  const auto index = static_cast<uint32_t>(stack_.size());
  // Built in place: Push runs for every element opened.
  Open& e = stack_.Push();
  e.node = node;
  e.prev_same = prev_same;
  e.tag = tag;
  e.ns = ns;
  e.removed = false;
  e.html_integration = html_integration;
  e.name = name;
  if (index > 0) {
    e.floors = stack_[index - 1].floors;
  } else {
    e.floors.fill(0);
  }
  if (floors == 0) return;  // most elements (span, a, li, ...) are no boundary
#pragma GCC unroll 6        // unrolled, the loop is six tests and conditional moves
  for (size_t f = 0; f < kFloors; ++f) {
    if (floors >> f & 1) e.floors[f] = index;
  }
}

[[gnu::always_inline]] inline void Parser::PushKnown(uint32_t node, Tag tag,
                                                     std::string_view name) {
  const auto t = static_cast<size_t>(tag);
  const uint32_t prev_same = top_[t];
  top_[t] = static_cast<uint32_t>(stack_.size());
  if (IsModeTag(tag)) ++mode_tags_open_;
  PushEntry(node, prev_same, tag, Ns::kHtml, false, name, kFloorsOfTag[t]);
}

void Parser::Push(uint32_t node, Tag tag, Ns ns, std::string_view name) {
  if (ns == Ns::kHtml && tag != Tag::kUnknown) {
    PushKnown(node, tag, name);
  } else {
    PushOther(node, tag, ns, name);
  }
}

void Parser::PushOther(uint32_t node, Tag tag, Ns ns, std::string_view name) {
  uint8_t floors = 0;
  bool html_integration = false;
  if (ns == Ns::kHtml) {
    if (name == "applet" || name == "marquee") floors = kScopeBoundaryFloors;
    if (IsSpecialUnknownName(name)) floors |= kSpecialFloors;
  } else {
    bool boundary;
    if (ns == Ns::kSvg) {
      boundary = name == "foreignobject" || name == "desc" || tag == Tag::kTitle;
      html_integration = boundary;
    } else {
      boundary = name == "mi" || name == "mo" || name == "mn" || name == "ms" || name == "mtext" ||
                 name == "annotation-xml";
      html_integration = boundary && name != "annotation-xml";
    }
    if (boundary) floors = kScopeBoundaryFloors | kSpecialFloors;
  }
  PushEntry(node, kNone, tag, ns, html_integration, name, floors);
}

void Parser::Pop() { PopInline(); }

[[gnu::always_inline]] inline void Parser::PopInline() {
  // Never pops the root.
  while (stack_.size() > 1) {
    // Read in place (the chain below only visits entries under it), not
    // copied: Pop runs for every element closed.
    const Open& e = stack_.back();
    if (e.ns == Ns::kHtml && e.tag != Tag::kUnknown) {
      uint32_t top = e.prev_same;
      while (top != kNone && stack_[top].removed) top = stack_[top].prev_same;
      top_[static_cast<size_t>(e.tag)] = top;
      if (IsModeTag(e.tag)) --mode_tags_open_;
    }
    stack_.Pop();
    if (!stack_.back().removed) break;  // pop entries removed out of order as they surface
  }
}

void Parser::PopUntil(uint32_t stack_index) {
  if (stack_index == 0) stack_index = 1;
  while (stack_.size() > stack_index) Pop();
}

void Parser::Remove(uint32_t stack_index) {
  if (stack_index == 0) return;
  if (stack_index + 1 == stack_.size()) {
    Pop();
    return;
  }
  Open& e = stack_[stack_index];
  e.removed = true;
  if (e.ns == Ns::kHtml && e.tag != Tag::kUnknown) {
    auto t = static_cast<size_t>(e.tag);
    if (top_[t] == stack_index) {
      top_[t] = e.prev_same;
      while (top_[t] != kNone && stack_[top_[t]].removed) top_[t] = stack_[top_[t]].prev_same;
    }
  }
}

bool Parser::InForeignContent() const {
  const Open& c = Current();
  return c.ns != Ns::kHtml && !c.html_integration;
}

uint32_t Parser::InsertElement(Tag tag, std::string_view name, Ns ns, bool push,
                               uint32_t parent_override, bool with_attributes) {
  const Open& cur = Current();
  uint32_t parent = parent_override != kNone ? parent_override : cur.node;
  uint32_t node = parent;
  if (stack_.size() < limits_.max_depth && !Full()) {
    node = doc_.AppendElement(parent, tag, tag == Tag::kUnknown ? name : std::string_view());
    if (with_attributes) AddAttributes(node);
  }
  if (push) Push(node, tag, ns, name);
  return node;
}

[[gnu::always_inline]] inline uint32_t Parser::InsertPlain(Tag tag, bool push) {
  uint32_t node = Current().node;
  if (stack_.size() < limits_.max_depth && !Full()) {
    node = doc_.AppendElement(node, tag);
    AddAttributes(node);
  }
  if (push) PushKnown(node, tag, token_.name);
  return node;
}

// Stages an attribute of the start tag being read in the Document, in the
// form the element will hold it, so that the element takes it without a copy.
// Repeated names are dropped (the first one wins, as in browsers) before their
// values are decoded.
void Parser::AddAttribute(std::string_view raw_name, bool name_upper, std::string_view raw_value,
                          bool needs_decode) {
  const std::string_view name = name_upper ? LowerName(raw_name) : raw_name;
  for (const Attribute& a : doc_.staged_attributes()) {
    // Compared a byte at a time: names are short, and a memcmp call in this
    // loop makes the tokenizer spill its registers around it.
    if (a.name.size() != name.size()) continue;
    size_t k = 0;
    while (k < name.size() && a.name[k] == name[k]) ++k;
    if (k == name.size()) return;
  }
  std::string_view value = raw_value;
  if (needs_decode) {
    scratch_.clear();
    DecodeText(value, TextKind::kAttribute, scratch_);
    std::string_view decoded = scratch_;
    if (decoded.size() > limits_.max_attribute_bytes) {
      decoded = decoded.substr(0, limits_.max_attribute_bytes);
    }
    value = doc_.Intern(decoded);
  } else if (value.size() > limits_.max_attribute_bytes) {
    value = value.substr(0, limits_.max_attribute_bytes);
  }
  doc_.StageAttribute(name, value);
}

void Parser::EnsureHead() {
  if (mode_ != Mode::kBeforeHead) return;
  head_ = doc_.AppendElement(Document::kRoot, Tag::kHead);
  Push(head_, Tag::kHead, Ns::kHtml, "head");
  mode_ = Mode::kInHead;
}

void Parser::EnsureBody(bool with_token_attributes) {
  EnsureHead();
  if (mode_ == Mode::kInBody) return;
  PopUntil(1);  // close head and anything left in it
  if (Full()) return;
  body_ = doc_.AppendElement(Document::kRoot, Tag::kBody);
  if (with_token_attributes) AddAttributes(body_);
  Push(body_, Tag::kBody, Ns::kHtml, "body");
  mode_ = Mode::kInBody;
}

// The element whose HTML5 insertion mode governs table and select tokens.
Tag Parser::ModeTag() const {
  // Most tokens are outside any table, select or template: no loop then.
  if (mode_tags_open_ == 0) return Tag::kBody;
  uint32_t best = kNone;
  Tag best_tag = Tag::kBody;
  for (Tag t : kModeTags) {
    uint32_t i = top_[static_cast<size_t>(t)];
    if (i != kNone && (best == kNone || i > best)) {
      best = i;
      best_tag = t;
    }
  }
  return best_tag;
}

// ---------------------------------------------------------------------------
// Text.

[[gnu::always_inline]] inline void Parser::Text(std::string_view raw, bool needs_decode,
                                                bool cdata) {
  // Most text is plain and in the body: nothing to decode, skip or place.
  if (!needs_decode && !skip_newline_ && mode_ == Mode::kInBody) {
    InsertText(raw);
    return;
  }
  PlaceText(raw, needs_decode, cdata);
}

// Text's general case. Out of line so that Text's common case needs no stack
// frame of its own.
[[gnu::noinline]] void Parser::PlaceText(std::string_view raw, bool needs_decode, bool cdata) {
  if (skip_newline_) {
    skip_newline_ = false;
    if (raw.starts_with("\r\n")) {
      raw.remove_prefix(2);
    } else if (raw.starts_with("\n") || raw.starts_with("\r")) {
      raw.remove_prefix(1);
    }
    if (raw.empty()) return;
  }
  std::string_view text = raw;
  if (needs_decode) {
    scratch_.clear();
    TextKind kind =
        cdata ? TextKind::kRaw : (InForeignContent() ? TextKind::kForeign : TextKind::kData);
    DecodeText(raw, kind, scratch_);
    if (scratch_.empty()) return;
    text = scratch_;
  }
  if (mode_ != Mode::kInBody && TopOf(Tag::kTemplate) == kNone) {
    // Leading whitespace stays where it is (head, or dropped before it); the
    // rest opens the body.
    size_t i = 0;
    while (i < text.size() && IsHtmlSpace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > 0 && mode_ == Mode::kInHead) {
      std::string_view space = text.substr(0, i);
      doc_.AppendText(Current().node, needs_decode ? doc_.Intern(space) : space);
    }
    text.remove_prefix(i);
    if (text.empty()) return;
    seen_content_ = true;
    EnsureBody();
    if (Full()) return;
  }
  InsertText(needs_decode ? doc_.Intern(text) : text);
}

[[gnu::always_inline]] inline void Parser::InsertText(std::string_view text) {
  if (text.empty() || Full()) return;
  doc_.AppendText(Current().node, text);
}

// ---------------------------------------------------------------------------
// Start tags.

void Parser::StartTag() {
  seen_content_ = true;
  skip_newline_ = false;
  if (Full()) return;
  const Tag tag = token_.tag;
  // Most start tags come in body, outside tables, select, template and
  // svg/math, and have no rule of their own: what StartTagInBody would do
  // then, without its tests.
  const PlainStart plain = kPlainStarts[static_cast<size_t>(tag)];
  if (plain != PlainStart::kNo && mode_ == Mode::kInBody && mode_tags_open_ == 0 &&
      Current().ns == Ns::kHtml && (plain != PlainStart::kAnchor || TopOf(Tag::kA) == kNone) &&
      (plain != PlainStart::kListItem || TopOf(Tag::kLi) == kNone)) {
    if (plain == PlainStart::kClosePThenPush || plain == PlainStart::kListItem) CloseP();
    InsertPlain(tag, plain != PlainStart::kVoid);
    return;
  }
  if (tag == Tag::kHtml && (mode_ != Mode::kInBody || !InForeignContent())) {
    AddAttributes(Document::kRoot);
    return;
  }
  switch (mode_) {
    case Mode::kBeforeHead:
      EnsureHead();
      if (tag == Tag::kHead) {
        AddAttributes(head_);
        return;
      }
      [[fallthrough]];
    case Mode::kInHead:
      if (TopOf(Tag::kTemplate) != kNone) break;  // template content in head
      if (tag == Tag::kHead) return;
      if (CurrentIs(Tag::kNoscript)) {
        // HTML5 "in head noscript" (gumbo parses with scripting disabled).
        if (tag == Tag::kLink || tag == Tag::kMeta || tag == Tag::kStyle || tag == Tag::kNoframes ||
            token_.name == "basefont" || token_.name == "bgsound") {
          StartTagInHead(kNone);
          return;
        }
        if (tag == Tag::kNoscript) return;
        Pop();
      } else if (tag == Tag::kNoscript) {
        InsertElement(tag, token_.name, Ns::kHtml, true);
        return;
      }
      if (IsHeadTag(tag, token_.name)) {
        StartTagInHead(kNone);
        return;
      }
      PopUntil(1);
      mode_ = Mode::kAfterHead;
      [[fallthrough]];
    case Mode::kAfterHead:
      if (tag == Tag::kHead) return;
      if (IsHeadTag(tag, token_.name)) {
        StartTagInHead(head_);
        return;
      }
      EnsureBody(tag == Tag::kBody);
      if (tag == Tag::kBody || Full()) return;
      break;
    case Mode::kInBody:
      break;
  }
  if (InForeignContent()) {
    StartTagInForeign();
  } else {
    StartTagInBody();
  }
}

// Head content (meta, link, title, script, style, ...), inserted into the
// current node, or into `parent_override` (the closed <head>).
void Parser::StartTagInHead(uint32_t parent_override) {
  const Tag tag = token_.tag;
  const std::string_view name = token_.name;
  const bool push = !IsVoidName(tag, name);
  const uint32_t node = parent_override == kNone && tag != Tag::kUnknown
                            ? InsertPlain(tag, push)
                            : InsertElement(tag, name, Ns::kHtml, push, parent_override);
  if (!push) return;
  switch (tag) {
    case Tag::kTitle:
      StartRaw(RawKind::kRcdata, name, node);
      break;
    case Tag::kScript:
      StartRaw(RawKind::kScript, name, node);
      break;
    case Tag::kStyle:
    case Tag::kNoframes:
      StartRaw(RawKind::kRawtext, name, node);
      break;
    default:
      // <template> in head after the head closed: content goes in it; it is
      // popped by its end tag like any element.
      break;
  }
}

void Parser::StartTagInForeign() {
  const Tag tag = token_.tag;
  bool breakout = IsForeignBreakout(tag, token_.name);
  if (!breakout && tag == Tag::kFont) {
    for (const Attribute& a : doc_.staged_attributes()) {
      if (a.name == "color" || a.name == "face" || a.name == "size") breakout = true;
    }
  }
  if (breakout) {
    while (stack_.size() > 1 && InForeignContent()) Pop();
    StartTagInBody();
    return;
  }
  Ns ns = Current().ns;
  InsertElement(tag, token_.name, ns, !token_.self_closing);
}

bool Parser::StartTagInTable(Tag mode) {
  const Tag tag = token_.tag;
  auto clear_to = [&](std::initializer_list<Tag> stops) {
    while (stack_.size() > 1) {
      const Open& c = Current();
      if (c.ns == Ns::kHtml && (c.tag == Tag::kHtml || c.tag == Tag::kTemplate)) return;
      if (c.ns == Ns::kHtml && std::find(stops.begin(), stops.end(), c.tag) != stops.end()) return;
      Pop();
    }
  };
  auto close_cell = [&] {
    uint32_t td = TopOf(Tag::kTd), th = TopOf(Tag::kTh);
    uint32_t cell = (td == kNone) ? th : (th == kNone ? td : std::max(td, th));
    if (cell != kNone) PopUntil(cell);
  };
  switch (mode) {
    case Tag::kTd:
    case Tag::kTh:
      if (!IsTablePart(tag)) return false;
      close_cell();
      return StartTagInTable(ModeTag());
    case Tag::kCaption:
      if (!IsTablePart(tag)) return false;
      PopUntilTag(Tag::kCaption);
      return StartTagInTable(ModeTag());
    case Tag::kColgroup:
      if (tag == Tag::kCol) {
        InsertElement(tag, token_.name, Ns::kHtml, false);
        return true;
      }
      PopUntilTag(Tag::kColgroup);
      return StartTagInTable(ModeTag());
    case Tag::kTr:
      if (tag == Tag::kTd || tag == Tag::kTh) {
        clear_to({Tag::kTr});
        InsertElement(tag, token_.name, Ns::kHtml, true);
        return true;
      }
      if (IsTablePart(tag) || tag == Tag::kTable) {
        PopUntilTag(Tag::kTr);
        return StartTagInTable(ModeTag());
      }
      break;
    case Tag::kTbody:
    case Tag::kThead:
    case Tag::kTfoot:
      if (tag == Tag::kTr) {
        clear_to({Tag::kTbody, Tag::kThead, Tag::kTfoot});
        InsertElement(tag, token_.name, Ns::kHtml, true);
        return true;
      }
      if (tag == Tag::kTd || tag == Tag::kTh) {
        clear_to({Tag::kTbody, Tag::kThead, Tag::kTfoot});
        InsertImplied(Tag::kTr, "tr", true);
        return StartTagInTable(Tag::kTr);
      }
      if (IsTablePart(tag) || tag == Tag::kTable) {
        PopUntilTag(mode);
        return StartTagInTable(ModeTag());
      }
      break;
    case Tag::kTable:
      switch (tag) {
        case Tag::kCaption:
        case Tag::kColgroup:
        case Tag::kTbody:
        case Tag::kThead:
        case Tag::kTfoot:
          clear_to({Tag::kTable});
          InsertElement(tag, token_.name, Ns::kHtml, true);
          return true;
        case Tag::kCol:
          clear_to({Tag::kTable});
          InsertImplied(Tag::kColgroup, "colgroup", true);
          return StartTagInTable(Tag::kColgroup);
        case Tag::kTr:
        case Tag::kTd:
        case Tag::kTh:
          clear_to({Tag::kTable});
          InsertImplied(Tag::kTbody, "tbody", true);
          return StartTagInTable(Tag::kTbody);
        case Tag::kTable:
          PopUntilTag(Tag::kTable);
          return false;  // reprocess in the new mode
        default:
          break;
      }
      break;
    default:
      break;
  }
  return false;
}

// Whether the innermost open <select> sits in a table (HTML's "in select in
// table" mode): a <table> below it on the stack, with no <template> between.
bool Parser::SelectIsInTable() const {
  size_t i = stack_.size();
  while (i > 0 && stack_[i - 1].tag != Tag::kSelect) --i;
  while (i > 1) {
    --i;
    if (stack_[i - 1].tag == Tag::kTemplate) return false;
    if (stack_[i - 1].tag == Tag::kTable) return true;
  }
  return false;
}

void Parser::StartTagInBody() {
  const Tag tag = token_.tag;
  const std::string_view name = token_.name;
  Tag mode = ModeTag();
  if (mode == Tag::kSelect) {
    switch (tag) {
      case Tag::kOption:
        if (CurrentIs(Tag::kOption)) Pop();
        InsertElement(tag, name, Ns::kHtml, true);
        return;
      case Tag::kOptgroup:
        if (CurrentIs(Tag::kOption)) Pop();
        if (CurrentIs(Tag::kOptgroup)) Pop();
        InsertElement(tag, name, Ns::kHtml, true);
        return;
      case Tag::kHr:
        if (CurrentIs(Tag::kOption)) Pop();
        if (CurrentIs(Tag::kOptgroup)) Pop();
        InsertElement(tag, name, Ns::kHtml, false);
        return;
      case Tag::kSelect:
        PopUntilTag(Tag::kSelect);
        return;
      case Tag::kInput:
      case Tag::kTextarea:
        PopUntilTag(Tag::kSelect);
        StartTagInBody();
        return;
      case Tag::kScript:
      case Tag::kTemplate:
      case Tag::kStyle:
        StartTagInHead(kNone);
        return;
      default:
        // "In select in table" closes the select for table tags; plain "in
        // select" ignores them, as it does all other tags.
        if (name == "keygen" || (ClosesSelectInTable(tag) && SelectIsInTable())) {
          PopUntilTag(Tag::kSelect);
          StartTagInBody();
        }
        return;
    }
  }
  if (mode != Tag::kBody && mode != Tag::kTemplate) {
    if (StartTagInTable(mode)) return;
    mode = ModeTag();
  }
  if (IsTablePart(tag) && (mode == Tag::kBody || mode == Tag::kTemplate)) return;
  if (IsHeadTag(tag, name)) {
    StartTagInHead(kNone);
    return;
  }
  switch (tag) {  // the tags with a case of their own are HasInBodyRule's
    case Tag::kBody:
    case Tag::kHead:
    case Tag::kFrame:
    case Tag::kFrameset:
      return;
    case Tag::kLi:
    case Tag::kDd:
    case Tag::kDt: {
      uint32_t target = kNone;
      if (tag == Tag::kLi) {
        target = TopOf(Tag::kLi);
      } else {
        uint32_t dd = TopOf(Tag::kDd), dt = TopOf(Tag::kDt);
        target = dd == kNone ? dt : (dt == kNone ? dd : std::max(dd, dt));
      }
      if (target != kNone && target == Current().floors[kSpecialLi]) PopUntil(target);
      CloseP();
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    }
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
      CloseP();
      if (Current().ns == Ns::kHtml && IsHeading(Current().tag)) Pop();
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kPre:
      CloseP();
      InsertElement(tag, name, Ns::kHtml, true);
      skip_newline_ = true;
      return;
    case Tag::kForm:
      if (form_open_ && TopOf(Tag::kTemplate) == kNone) return;
      CloseP();
      InsertElement(tag, name, Ns::kHtml, true);
      form_open_ = true;
      return;
    case Tag::kPlaintext: {
      CloseP();
      uint32_t node = InsertElement(tag, name, Ns::kHtml, true);
      StartRaw(RawKind::kPlaintext, name, node);
      return;
    }
    case Tag::kButton:
      if (InScope(Tag::kButton, kScope)) PopUntilTag(Tag::kButton);
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kA:
      if (InScope(Tag::kA, kScope)) {
        uint32_t a = TopOf(Tag::kA);
        if (Current().floors[kSpecial] < a) {
          PopUntil(a);
        } else {
          Remove(a);
        }
      }
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kTable:
      if (!quirks_) CloseP();
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kHr:
      CloseP();
      InsertElement(tag, name, Ns::kHtml, false);
      return;
    case Tag::kTextarea: {
      uint32_t node = InsertElement(tag, name, Ns::kHtml, true);
      skip_newline_ = true;
      StartRaw(RawKind::kRcdata, name, node);
      return;
    }
    case Tag::kXmp: {
      CloseP();
      uint32_t node = InsertElement(tag, name, Ns::kHtml, true);
      StartRaw(RawKind::kRawtext, name, node);
      return;
    }
    case Tag::kIframe:
    case Tag::kNoembed: {
      uint32_t node = InsertElement(tag, name, Ns::kHtml, true);
      StartRaw(RawKind::kRawtext, name, node);
      return;
    }
    case Tag::kOption:
    case Tag::kOptgroup:
      if (CurrentIs(Tag::kOption)) Pop();
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kRp:
    case Tag::kRt:
      if (InScope(Tag::kRuby, kScope)) {
        while (Current().ns == Ns::kHtml && IsImpliedEnd(Current().tag, Current().name) &&
               Current().name != "rtc" && stack_.size() > 1) {
          Pop();
        }
      }
      InsertElement(tag, name, Ns::kHtml, true);
      return;
    case Tag::kSvg:
      InsertElement(tag, name, Ns::kSvg, !token_.self_closing);
      return;
    case Tag::kMath:
      InsertElement(tag, name, Ns::kMath, !token_.self_closing);
      return;
    case Tag::kUnknown:
      if (name == "image") {
        InsertElement(Tag::kImg, "img", Ns::kHtml, false);
        return;
      }
      if (name == "listing" || name == "dir" || name == "search") {
        CloseP();
        InsertElement(tag, name, Ns::kHtml, true);
        if (name == "listing") skip_newline_ = true;
        return;
      }
      if (name == "nobr" || name == "rb" || name == "rtc") {
        InsertElement(tag, name, Ns::kHtml, true);
        return;
      }
      break;
    default:
      if (ClosesP(tag)) {
        CloseP();
        InsertElement(tag, name, Ns::kHtml, true);
        return;
      }
      break;
  }
  InsertElement(tag, name, Ns::kHtml, !IsVoidName(tag, name));
}

// ---------------------------------------------------------------------------
// End tags.

void Parser::EndTag() {
  if (Full()) return;
  skip_newline_ = false;
  const Tag tag = token_.tag;
  switch (mode_) {
    case Mode::kBeforeHead:
      if (tag != Tag::kHead && tag != Tag::kBody && tag != Tag::kHtml && tag != Tag::kBr) return;
      EnsureHead();
      [[fallthrough]];
    case Mode::kInHead:
      if (TopOf(Tag::kTemplate) != kNone && tag != Tag::kHead) {
        EndTagInBody();
        return;
      }
      if (CurrentIs(Tag::kNoscript)) {
        if (tag == Tag::kNoscript) {
          Pop();
          return;
        }
        if (tag != Tag::kBr) return;
        Pop();
      }
      if (tag == Tag::kHead) {
        PopUntil(1);
        mode_ = Mode::kAfterHead;
        return;
      }
      if (tag == Tag::kTemplate && InScope(Tag::kTemplate, kTableScope)) {
        PopUntilTag(Tag::kTemplate);
        return;
      }
      if (tag != Tag::kBody && tag != Tag::kHtml && tag != Tag::kBr) return;
      PopUntil(1);
      mode_ = Mode::kAfterHead;
      [[fallthrough]];
    case Mode::kAfterHead:
      if (tag != Tag::kBody && tag != Tag::kHtml && tag != Tag::kBr) return;
      EnsureBody();
      if (tag != Tag::kBr) return;
      break;
    case Mode::kInBody:
      break;
  }
  // End tags inside svg/math (integration points included) follow the foreign rules.
  if (Current().ns != Ns::kHtml) {
    EndTagInForeign();
  } else {
    EndTagInBody();
  }
}

void Parser::EndTagInForeign() {
  const std::string_view name = token_.name;
  // Walk down while the elements are foreign; match by name.
  constexpr size_t kMaxWalk = 512;
  for (size_t i = stack_.size() - 1, steps = 0; i > 0 && steps < kMaxWalk; --i, ++steps) {
    const Open& e = stack_[i];
    if (e.removed) continue;
    if (e.ns == Ns::kHtml) break;
    if (e.name == name) {
      PopUntil(static_cast<uint32_t>(i));
      return;
    }
  }
  EndTagInBody();
}

bool Parser::EndTagInTable(Tag mode) {
  const Tag tag = token_.tag;
  switch (tag) {
    case Tag::kTable:
      if (InScope(Tag::kTable, kTableScope)) PopUntilTag(Tag::kTable);
      return true;
    case Tag::kTbody:
    case Tag::kThead:
    case Tag::kTfoot:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kCaption:
    case Tag::kColgroup:
      if (InScope(tag, kTableScope)) PopUntilTag(tag);
      return true;
    case Tag::kBody:
    case Tag::kCol:
    case Tag::kHtml:
      return true;
    default:
      break;
  }
  (void)mode;
  return false;
}

void Parser::EndTagInBody() {
  const Tag tag = token_.tag;
  const std::string_view name = token_.name;
  // The common case first: an end tag for the current element.
  const Open& cur = Current();
  if (cur.tag == tag && (tag != Tag::kUnknown || cur.name == name) && EndTagPopsCurrent()) {
    Pop();
    return;
  }
  const Tag mode = ModeTag();
  if (mode == Tag::kSelect) {
    switch (tag) {
      case Tag::kOption:
        if (CurrentIs(Tag::kOption)) Pop();
        return;
      case Tag::kOptgroup:
        if (CurrentIs(Tag::kOption) && stack_.size() > 2 &&
            stack_[stack_.size() - 2].tag == Tag::kOptgroup) {
          Pop();
        }
        if (CurrentIs(Tag::kOptgroup)) Pop();
        return;
      case Tag::kSelect:
        PopUntilTag(Tag::kSelect);
        return;
      case Tag::kTemplate:
        break;
      default:
        if (ClosesSelectInTable(tag) && InScope(tag, kTableScope)) {
          PopUntilTag(Tag::kSelect);
          EndTagInBody();
        }
        return;
    }
  }
  if (mode != Tag::kBody && mode != Tag::kTemplate && mode != Tag::kSelect &&
      (IsTablePart(tag) || tag == Tag::kTable || tag == Tag::kBody || tag == Tag::kHtml)) {
    EndTagInTable(mode);
    return;
  }
  switch (tag) {
    case Tag::kBody:
    case Tag::kHtml:
      return;  // content after </body> still goes into the body
    case Tag::kP:
      if (!InScope(Tag::kP, kButtonScope)) {
        InsertImplied(Tag::kP, "p", false);  // "</p>" alone makes an empty p
        return;
      }
      PopUntilTag(Tag::kP);
      return;
    case Tag::kLi:
      if (InScope(Tag::kLi, kListScope)) PopUntilTag(Tag::kLi);
      return;
    case Tag::kBr:
      InsertImplied(Tag::kBr, "br", false);
      return;
    case Tag::kForm: {
      form_open_ = false;
      uint32_t form = TopOf(Tag::kForm);
      if (form != kNone && form >= Current().floors[kScope]) Remove(form);
      return;
    }
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6: {
      uint32_t best = kNone;
      for (Tag h : {Tag::kH1, Tag::kH2, Tag::kH3, Tag::kH4, Tag::kH5, Tag::kH6}) {
        if (InScope(h, kScope) && (best == kNone || TopOf(h) > best)) best = TopOf(h);
      }
      if (best != kNone) PopUntil(best);
      return;
    }
    case Tag::kTemplate:
      if (TopOf(Tag::kTemplate) != kNone) PopUntilTag(Tag::kTemplate);
      return;
    default:
      break;
  }
  if (tag != Tag::kUnknown && (IsFormatting(tag))) {
    uint32_t target = TopOf(tag);
    if (target == kNone || target < Current().floors[kScope]) return;
    if (Current().floors[kSpecial] < target) {
      PopUntil(target);
    } else {
      Remove(target);  // a block inside it stays open, as the adoption agency leaves it
    }
    return;
  }
  if ((ClosesP(tag) && tag != Tag::kP) || tag == Tag::kButton || tag == Tag::kPre ||
      tag == Tag::kDd || tag == Tag::kDt || tag == Tag::kObject) {
    // div, ul, section, ...: close when in scope.
    if (InScope(tag, kScope)) PopUntilTag(tag);
    return;
  }
  if (tag != Tag::kUnknown) {
    // Any other end tag: the nearest open element with this name, unless a
    // special element comes first.
    uint32_t target = TopOf(tag);
    if (target != kNone && Current().floors[kSpecial] <= target) PopUntil(target);
    return;
  }
  // Unknown names: walk down to the nearest special element (bounded); the
  // special ones with the "in scope" rule walk down to the scope boundary.
  constexpr size_t kMaxWalk = 512;
  bool scope_rule = name == "dir" || name == "listing" || name == "search" || name == "applet" ||
                    name == "marquee";
  uint32_t floor = Current().floors[scope_rule ? kScope : kSpecial];
  for (size_t i = stack_.size() - 1, steps = 0; i >= floor && i > 0 && steps < kMaxWalk;
       --i, ++steps) {
    const Open& e = stack_[i];
    if (e.removed) continue;
    if (e.ns == Ns::kHtml && e.tag == Tag::kUnknown && e.name == name) {
      PopUntil(static_cast<uint32_t>(i));
      return;
    }
  }
}

}  // namespace

Document ParseHtml(std::string_view html, const ParseLimits& limits) {
  Parser parser(html, limits);
  return parser.Run();
}

}  // namespace newstrace::extract
