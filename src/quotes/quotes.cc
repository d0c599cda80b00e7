#include "quotes/quotes.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/string_table.h"

namespace newstrace::quotes {
namespace {

// ---------------------------------------------------------------------------
// Lexicon: lower-case words and their classes (bit flags).

enum WordClass : uint32_t {
  kCue = 1u << 0,           // said, claims, ... (a speech or writing verb)
  kAux = 1u << 1,           // would, has, ... (kept in the cue phrase: "would claim")
  kAdverb = 1u << 2,        // also, later, ... (between a subject and its cue)
  kDocNoun = 1u << 3,       // article, report, memo ... (a cited document)
  kTitle = 1u << 4,         // President, Mr, General (dropped from names when capitalised)
  kOrgWord = 1u << 5,       // Agency, Ministry ... (the name is an organisation)
  kNaming = 1u << 6,        // called, dubbed, titled, the term ... (a name follows)
  kPronoun = 1u << 7,       // he, she, they, it ... (a subject pronoun)
  kDeterminer = 1u << 8,    // the, a, this, his ...
  kFunction = 1u << 9,      // capitalised at a sentence start but never a name
  kRelative = 1u << 10,     // that, who, which
  kPreposition = 1u << 11,  // in, on, from ... (before an adjunct)
  kNationality = 1u << 12,  // US, British ... (dropped before a person's name)
  kPossessive = 1u << 13,   // its, his, her, their
  kTime = 1u << 14,         // Monday, January ... (capitalised but not a speaker)
  kConnector = 1u << 15,    // of, for, de, al ... (inside a multi-word name)
  kFirstPerson = 1u << 16,  // I, we, you, my, our ... (speech, not narration)
  kThingHead = 1u << 17,    // Cup, Award, Street ... (ends the name of an event or place)
};

using Lexicon = StringTable<4096>;

// A filter in front of the lexicon: whether some word of it has this length,
// first and last byte. Most words of a text are not in the lexicon; the
// filter answers for them without hashing.
constexpr size_t kMaxLexiconWord = 40;

size_t FilterKey(std::string_view lower) {
  auto letter = [](char c) -> size_t { return c >= 'a' && c <= 'z' ? size_t(c - 'a') : 26; };
  return (lower.size() * 27 + letter(lower.front())) * 27 + letter(lower.back());
}

// Filled by Words() while it builds the table (under its static guard).
std::vector<bool>& MutableLexiconFilter() {
  static std::vector<bool> filter(kMaxLexiconWord * 27 * 27, false);
  return filter;
}

const Lexicon& Words() {
  static const Lexicon table = [] {
    std::vector<std::pair<std::string_view, uint32_t>> entries;
    // Space-separated words; the views point into the literals.
    auto add = [&](uint32_t flags, std::string_view list) {
      for (size_t pos = 0; pos < list.size();) {
        size_t space = list.find(' ', pos);
        if (space == std::string_view::npos) space = list.size();
        std::string_view w = list.substr(pos, space - pos);
        pos = space + 1;
        if (w.empty()) continue;
        auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const auto& e) { return e.first == w; });
        if (it == entries.end()) {
          entries.push_back({w, flags});
        } else {
          it->second |= flags;
        }
      }
    };
    add(kCue,
        "said says say told tells claimed claims claim stated states wrote writes added "
        "adds explained explains asked asks insisted insists warned warns noted notes "
        "argued argues admitted admits announced announces declared declares tweeted "
        "tweets replied replies responded responds recalled recalls continued continues "
        "concluded concludes acknowledged acknowledges confirmed confirms denied denies "
        "suggested suggests reported reports commented comments remarked remarks "
        "observed observes stressed stresses emphasised emphasized urged urges predicted "
        "predicts promised promises vowed vows pledged conceded concedes alleged alleges "
        "boasted joked jokes shouted cried demanded demands wondered read reads posted "
        "testified maintained maintains contended revealed reveals disclosed answered "
        "agreed mentioned quipped lamented complained complains assured cautioned "
        "countered retorted saying adding telling writing explaining warning arguing "
        "noting insisting claiming asking declaring stating concluding according "
        "thundered blasted tweeting pointing predicting recounted recounts recalling "
        "describes summed concurred advised elaborated opined proclaimed proclaims "
        "reiterated affirmed affirms asserted asserts charged charges acknowledging "
        "hinted exclaimed whispered screamed yelled sang chanted informed briefed tell "
        "assures assured assure");
    add(kAux,
        "would will has have had did does do may might could can shall should must is "
        "was went to also later then once previously reportedly repeatedly recently "
        "further publicly privately simply bluntly flatly never often famously clearly "
        "explicitly openly allegedly apparently subsequently again earlier first");
    add(kAdverb,
        "also later then once previously reportedly repeatedly recently further publicly "
        "privately simply bluntly flatly never often famously clearly explicitly openly "
        "allegedly apparently subsequently again earlier first itself himself herself "
        "themselves yesterday today tonight on monday tuesday wednesday thursday friday "
        "saturday sunday last week night morning afternoon evening");
    add(kDocNoun,
        "article report reports memo memorandum study statement letter paper document "
        "documents book interview op-ed editorial column tweet post blog email e-mail "
        "release speech filing testimony transcript cable briefing analysis survey "
        "assessment investigation piece broadcast podcast video documentary programme "
        "program announcement communique communiqué declaration dossier complaint "
        "lawsuit ruling judgment judgement verdict indictment affidavit manifesto essay "
        "newsletter bulletin message website note notice submission review guidance "
        "leaflet brochure advert advertisement press");
    add(kTitle,
        "actor actress singer rapper writer author critic analyst economist lawyer "
        "player striker star musician producer chef artist designer journalist reporter "
        "editor columnist historian scientist researcher doctor nurse teacher duke "
        "duchess earl baron president vice prime minister foreign defence defense secretary state "
        "mr mr. "
        "mrs mrs. ms ms. dr dr. prof prof. professor general gen gen. lt lt. lieutenant "
        "colonel col col. major captain capt capt. sergeant sgt sgt. admiral adm. "
        "commander senator sen sen. representative rep rep. governor gov gov. mayor "
        "judge justice chancellor king queen prince princess pope sir dame lord lady "
        "ambassador envoy chairman chairwoman chair chief executive ceo director spokesman "
        "spokeswoman spokesperson attorney speaker leader supreme sheikh ayatollah rev "
        "rev. reverend father bishop archbishop cardinal coach manager detective "
        "inspector superintendent officer constable deputy acting former senior agent "
        "dean coroner sheriff chancellor premier councillor councilor alderman "
        "congressman congresswoman mp mep assemblyman commissioner commodore marshal "
        "brigadier private corporal broadcaster presenter comedian novelist poet filmmaker "
        "businessman businesswoman billionaire activist campaigner pundit commentator "
        "footballer cricketer boxer golfer athlete skipper captain "
        "field health finance interior home education trade "
        "economy energy environment transport culture justice labour labor shadow");
    add(kNationality,
        "us u.s. u.s uk u.k. eu un american british iranian russian chinese french "
        "german israeli syrian iraqi saudi turkish ukrainian indian japanese canadian "
        "australian european english scottish welsh irish italian spanish dutch belgian "
        "swiss swedish polish greek egyptian pakistani afghan korean mexican brazilian "
        "african nigerian kenyan palestinian lebanese jordanian qatari emirati yemeni "
        "libyan venezuelan cuban former late then new outgoing incoming");
    add(kOrgWord,
        "agency ministry department office council committee commission company "
        "corporation corp corp. inc inc. ltd ltd. plc group party institute university "
        "college association organization organisation bank court government "
        "administration army navy police forces force service services union network "
        "foundation center centre bureau board authority parliament congress senate "
        "house kremlin pentagon embassy times news post journal press reuters guardian "
        "telegraph tribune herald daily magazine broadcasting television radio channel "
        "media monitor watch international federation league alliance coalition front "
        "movement fund trust society club team unit units command guard brigade corps "
        "airlines airways motors industries systems technologies holdings partners bbc "
        "productions entertainment records studios pictures "
        "cnn nasa nato fbi cia afp ap reuters council assembly tribunal hospital school "
        "church organisation institution laboratory clinic charity ministry cabinet "
        "regime commission secretariat observatory inc co co. llc s.a. ag gmbh labs "
        "group");
    add(kNaming,
        "called so-called dubbed titled entitled headlined termed named nicknamed "
        "labelled labeled branded known word words term terms phrase slogan headline "
        "title hashtag label name motto song film movie album show series campaign "
        "banner sign signs placard placards chant chants catchphrase tagline brand "
        "operation programme exhibition play novel poem magazine newspaper blog website "
        "site book article report study paper documentary essay column piece editorial "
        "podcast memo titles calling call calls dub dubs as");
    add(kPronoun, "he she they it we i");
    add(kThingHead,
        "cup award awards prize prizes trophy festival championship championships open "
        "games olympics tournament league series street road avenue square bridge "
        "stadium arena airport station island islands river mountains valley "
        "party act bill treaty accord agreement plan project programme program fund "
        "museum gallery theatre theater hotel tower building centre center");
    add(kDeterminer,
        "the a an this that these those his her its their our my your one another some "
        "several many two three both");
    add(kPossessive, "his her its their");
    add(kFunction,
        "the a an this that these those but and or so yet in on at for from with by as "
        "after before when while since if though although because then also however "
        "meanwhile still now later earlier last next even just only here there it he she "
        "they we i you his her its their our my your beyond despite during under over "
        "about among between into to of not no yes thus instead indeed moreover "
        "furthermore finally first second today yesterday tomorrow according asked "
        "speaking some many most all both each every other another such what which who "
        "where why how too very well even until once whether unless whatever nor neither "
        "either more less much few one two writing reporting additional editing "
        "following like dear");
    add(kRelative, "that who which whom");
    add(kPreposition, "in on from through via with by to into at under");
    add(kTime,
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april june july august september october november december christmas easter");
    add(kConnector, "of for de al al- bin ibn van von der den la le du da di del and & the on");
    add(kFirstPerson,
        "i we you my our us me your i'm we're i've we've don't can't won't it's i'll "
        "we'll let's let");
    Lexicon t;
    std::vector<bool>& filter = MutableLexiconFilter();
    for (const auto& [w, f] : entries) {
      t.Insert(w, static_cast<int>(f));
      if (w.size() < kMaxLexiconWord) filter[FilterKey(w)] = true;
    }
    return t;
  }();
  return table;
}

const std::vector<bool>& LexiconFilter() {
  Words();  // builds the filter
  return MutableLexiconFilter();
}

// Common English given names by gender (a general resource, not names of
// any one text), for "he" / "she" when no Mr/Ms or earlier pronoun told.
// Names used for both sexes (Alex, Chris, Jordan, Taylor ...) are left out.
// Values: 1 male, 2 female.
using NameTable = StringTable<1024>;

const NameTable& GivenNames() {
  static const NameTable table = [] {
    NameTable t;
    auto add = [&](int gender, std::string_view list) {
      for (size_t pos = 0; pos < list.size();) {
        size_t space = list.find(' ', pos);
        if (space == std::string_view::npos) space = list.size();
        if (space > pos) t.Insert(list.substr(pos, space - pos), gender);
        pos = space + 1;
      }
    };
    add(1,
        "james john robert michael william david richard joseph thomas charles christopher "
        "daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian "
        "george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan "
        "stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick "
        "raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter "
        "kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl "
        "harold dylan arthur lawrence bryan billy bruce gabriel joe logan albert "
        "willie alan eugene russell vincent philip bobby johnny bradley roy ralph howard "
        "louis harry fred wayne tony tom tim jim bill bob mike steve dave ken ian colin "
        "gordon graham nigel neil simon martin malcolm trevor barry derek geoffrey hugh "
        "alastair alistair angus duncan stuart stewart rory liam callum gareth rhys owen "
        "luke oliver hamish jeremiah leonard herbert stanley norman clive keir boris "
        "vladimir xi hassan mohammed muhammad ahmed ali omar ibrahim pierre francois "
        "jacques michel hans klaus juan carlos luis miguel antonio giuseppe marco "
        "giovanni sergei dmitry ivan yuri mikhail");
    add(2,
        "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy "
        "lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol "
        "amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy "
        "shirley angela helen anna brenda pamela nicole emma samantha katherine christine "
        "debra rachel catherine carolyn janet ruth maria heather diane virginia julie "
        "joyce victoria olivia christina lauren joan evelyn judith megan cheryl "
        "andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice "
        "alice doris abigail julia judy grace denise amber marilyn beverly "
        "danielle theresa sophia marie diana brittany natalie isabella charlotte rose "
        "alexis kayla anne annie jane joanna joanne louise lucy claire clare fiona "
        "gillian harriet jill kate katie kirsty lesley lorraine maureen nicola "
        "pauline sally sheila siobhan tracey tracy valerie wendy yvonne zoe alison "
        "alexandra caroline camilla  eleanor elaine esther eva hazel irene iris "
        "jenny josephine kathy lynn lynne mandy melanie molly nora penny priscilla "
        "rosemary ruby sylvia  tina vanessa vera yolanda angelina beyonce "
        "hillary  nadia natasha olga svetlana tatiana marta monica sonia sonya "
        " ursula ingrid brigitte sabine francoise isabelle sophie celine");
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------------------
// Characters.

enum class CharClass : uint8_t { kSpace, kWord, kPunct };

// Quote marks by family: double (" “ ” „), single (' ‘ ’ ‚), guillemets (« »).
enum class Family : uint8_t { kDouble, kSingle, kGuillemet };
enum MarkCode : uint8_t {
  kNoMark,
  kStraightDouble,
  kLeftDouble,
  kRightDouble,
  kLowDouble,
  kStraightSingle,
  kLeftSingle,
  kRightSingle,
  kLowSingle,
  kLeftGuillemet,
  kRightGuillemet,
};

inline unsigned char Byte(std::string_view t, size_t i) { return static_cast<unsigned char>(t[i]); }

// The quote mark starting at byte i, and its length.
MarkCode MarkAt(std::string_view t, size_t i, uint32_t* len) {
  unsigned char c = Byte(t, i);
  *len = 1;
  if (c == '"') return kStraightDouble;
  if (c == '\'') return kStraightSingle;
  if (c == 0xC2 && i + 1 < t.size()) {
    *len = 2;
    if (Byte(t, i + 1) == 0xAB) return kLeftGuillemet;
    if (Byte(t, i + 1) == 0xBB) return kRightGuillemet;
    return kNoMark;
  }
  if (c == 0xE2 && i + 2 < t.size() && Byte(t, i + 1) == 0x80) {
    *len = 3;
    switch (Byte(t, i + 2)) {
      case 0x9C:
        return kLeftDouble;
      case 0x9D:
        return kRightDouble;
      case 0x9E:
        return kLowDouble;
      case 0x98:
        return kLeftSingle;
      case 0x99:
        return kRightSingle;
      case 0x9A:
        return kLowSingle;
      default:
        return kNoMark;
    }
  }
  return kNoMark;
}

Family FamilyOf(MarkCode m) {
  switch (m) {
    case kStraightSingle:
    case kLeftSingle:
    case kRightSingle:
    case kLowSingle:
      return Family::kSingle;
    case kLeftGuillemet:
    case kRightGuillemet:
      return Family::kGuillemet;
    default:
      return Family::kDouble;
  }
}

bool IsOpeningMark(MarkCode m) {
  return m == kLeftDouble || m == kLowDouble || m == kLeftSingle || m == kLowSingle ||
         m == kLeftGuillemet;
}

// The class of the code point that starts at byte i (a lead byte).
CharClass ClassAt(std::string_view t, size_t i) {
  unsigned char c = Byte(t, i);
  if (c < 0x80) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      return CharClass::kSpace;
    }
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return CharClass::kWord;
    }
    return CharClass::kPunct;
  }
  if (c == 0xC2) {
    unsigned char d = i + 1 < t.size() ? Byte(t, i + 1) : 0;
    if (d == 0xA0 || d < 0xA0) return CharClass::kSpace;
    return CharClass::kPunct;  // « » ¡ ¿ § ...
  }
  if (c == 0xE2) {
    unsigned char d = i + 1 < t.size() ? Byte(t, i + 1) : 0;
    unsigned char e = i + 2 < t.size() ? Byte(t, i + 2) : 0;
    if (d == 0x80 && (e <= 0x8B || e == 0xA8 || e == 0xA9 || e == 0xAF)) return CharClass::kSpace;
    if (d == 0x81 && e == 0x9F) return CharClass::kSpace;
    return CharClass::kPunct;  // dashes, quote marks, ellipsis, symbols
  }
  if (c == 0xE3 && i + 2 < t.size() && Byte(t, i + 1) == 0x80 && Byte(t, i + 2) == 0x80) {
    return CharClass::kSpace;
  }
  if (c == 0xEF && i + 2 < t.size() && Byte(t, i + 1) == 0xBB && Byte(t, i + 2) == 0xBF) {
    return CharClass::kSpace;  // BOM
  }
  return CharClass::kWord;  // letters of other scripts (and stray bytes)
}

size_t CodePointLength(std::string_view t, size_t i) {
  unsigned char c = Byte(t, i);
  size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, t.size() - i);
}

// Start of the code point before byte i (i > 0).
size_t PrevCodePoint(std::string_view t, size_t i) {
  size_t p = i - 1;
  while (p > 0 && (Byte(t, p) & 0xC0) == 0x80 && i - p < 4) --p;
  return p;
}

bool IsUpperAt(std::string_view t, size_t i) {
  unsigned char c = Byte(t, i);
  if (c >= 'A' && c <= 'Z') return true;
  if (i + 1 >= t.size()) return false;
  unsigned char d = Byte(t, i + 1);
  if (c == 0xC3) return d >= 0x80 && d <= 0x9E && d != 0x97;  // À-Þ
  if (c == 0xC4 || c == 0xC5) return (d & 1) == 0;  // Latin Extended-A: even = upper (mostly)
  if (c == 0xD0) return d >= 0x80 && d <= 0xAF;     // Cyrillic А-Я, Ѐ-Џ
  if (c == 0xCE) return d >= 0x91 && d <= 0xA9;     // Greek
  return false;
}

bool IsLowerAsciiAt(std::string_view t, size_t i) {
  unsigned char c = Byte(t, i);
  return c >= 'a' && c <= 'z';
}

bool IsTerminal(char c) { return c == '.' || c == '!' || c == '?'; }

// ---------------------------------------------------------------------------
// Tokens of a sentence: words, punctuation, and whole quoted spans.

struct Token {
  enum Kind : uint8_t { kWord, kPunct, kSpan };
  Kind kind = kWord;
  bool cap = false;         // starts with an upper-case letter
  bool all_caps = false;    // two or more letters, all upper case (BBC, U.S.)
  bool possessive = false;  // ends in 's / ’s
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t flags = 0;  // WordClass bits for words
  int span = -1;       // index into the spans for kSpan
  char punct = 0;      // the ASCII punctuation for kPunct ('-' for dashes)
};

// A pair of quote marks (or one unclosed opening mark) at the top level of a
// block: [inner_begin, inner_end) are the quoted words.
struct Span {
  uint32_t open = 0;  // the opening mark
  uint32_t inner_begin = 0;
  uint32_t inner_end = 0;
  uint32_t close_end = 0;  // after the closing mark; == inner_end when unclosed
  bool closed = true;
  bool continued = false;  // the continuation of an earlier paragraph's quote
  int block = 0;
};

// What a cue in a sentence tells about a quote.
struct Attribution {
  bool found = false;
  uint32_t cue_begin = 0, cue_end = 0;
  enum Mention : uint8_t { kNone, kName, kPronoun, kPhrase } mention = kNone;
  uint32_t mention_begin = 0, mention_end = 0;
  bool mention_after_the = false;  // "the BBC": an organisation
  // A cited document ("a 2012 leaked memo", "its article, “Title,”").
  uint32_t source_begin = 0, source_end = 0;            // the whole mention, for its link
  uint32_t source_text_begin = 0, source_text_end = 0;  // the words kept
  bool source_possessive = false;                       // "its article": the speaker's
  bool source_is_document = false;
  bool source_definite = false;                   // "the report": refers back
  int title_span = -1;                            // a quoted title inside the mention
  uint32_t emphasis_begin = 0, emphasis_end = 0;  // "(emphasis added)"
  uint32_t owner_begin = 0, owner_end = 0;        // "DIA" in "the DIA report"
  uint32_t noun_begin = 0, noun_end = 0;          // "report" in "the report"
};

// A resolved quote's attribution, also kept for inheritance.
struct Resolved {
  std::string speaker;
  uint32_t speaker_begin = 0, speaker_end = 0;
  std::string cue;
  std::string source;
  std::string source_url;
  bool is_org = false;
  bool from_document = false;
};

// Helpers for names.

// Whether `word` is one of the space-separated words of `name`.
bool HasWord(std::string_view name, std::string_view word) {
  for (size_t pos = 0; pos <= name.size();) {
    size_t space = name.find(' ', pos);
    if (space == std::string_view::npos) space = name.size();
    if (name.substr(pos, space - pos) == word) return true;
    pos = space + 1;
  }
  return false;
}

// Two or more letters, all upper case, no space (BBC, B&B, U.S.).
bool IsAcronym(std::string_view w) {
  size_t letters = 0;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    if (c == ' ') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2;
}

// The acronym's letters are the initials of the capitalised words of `full`,
// or of its last words: "SEC" for "U.S. Securities and Exchange Commission",
// "B&B" for "Bradford & Bingley".
bool InitialsMatch(std::string_view acronym, std::string_view full) {
  char letters[16], initials[16];
  size_t nl = 0, ni = 0;
  for (char c : acronym) {
    if (c >= 'A' && c <= 'Z') {
      if (nl == sizeof letters) return false;
      letters[nl++] = c;
    }
  }
  for (size_t pos = 0; pos < full.size();) {
    size_t space = full.find(' ', pos);
    if (space == std::string_view::npos) space = full.size();
    char c = full[pos];
    if (c >= 'A' && c <= 'Z') {
      if (ni == sizeof initials) return false;
      initials[ni++] = c;
    }
    pos = space + 1;
  }
  if (nl < 2 || ni < nl) return false;
  return std::string_view(initials + (ni - nl), nl) == std::string_view(letters, nl);
}

std::string Lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool IsNobility(std::string_view lower) {
  static constexpr std::string_view kWords[] = {"prince", "princess", "king", "queen",
                                                "lord",   "lady",     "sir",  "dame",
                                                "duke",   "duchess",  "earl", "baron"};
  for (std::string_view w : kWords) {
    if (lower == w) return true;
  }
  return false;
}

class QuoteFinder {
 public:
  explicit QuoteFinder(const Article& article)
      : a_(article), t_(article.text), words_(Words()), filter_(LexiconFilter()) {}

  std::vector<Quote> Run();

 private:
  // Blocks.
  bool IsProse(size_t b) const;
  std::string_view BlockText(size_t b) const {
    return t_.substr(a_.blocks[b].begin, a_.blocks[b].end - a_.blocks[b].begin);
  }
  void FindSpans(size_t b);
  bool StartsWithOpeningMark(size_t b, Family family, uint32_t* mark_end) const;

  // Sentences.
  bool IsAbbreviationBefore(size_t dot) const;
  bool SentenceEndsAt(size_t p, size_t hi) const;
  uint32_t SentenceStart(uint32_t pos, uint32_t lo, size_t first_span) const;
  uint32_t SentenceEnd(uint32_t pos, uint32_t hi, size_t next_span) const;

  // Words.
  void Tokenize(uint32_t begin, uint32_t end, std::vector<Token>* out) const;
  uint32_t FlagsOf(std::string_view word) const;
  bool IsNameWord(const Token& tok) const;
  bool Is(const Token& tok, uint32_t flags) const {
    return tok.kind == Token::kWord && (tok.flags & flags) != 0;
  }
  bool IsPunct(const Token& tok, char c) const {
    return tok.kind == Token::kPunct && tok.punct == c;
  }
  bool IsWord(const Token& tok, std::string_view lower) const;

  // Attribution.
  bool IsCueAt(const std::vector<Token>& tk, size_t i) const;
  void CuePhrase(const std::vector<Token>& tk, size_t cue, size_t lo, Attribution* at) const;
  size_t NameRunLeft(const std::vector<Token>& tk, size_t end, size_t lo) const;
  bool IsStageNumber(const std::vector<Token>& tk, size_t k, size_t lo) const;
  size_t NameRunRight(const std::vector<Token>& tk, size_t begin, size_t hi) const;
  bool SubjectLeft(const std::vector<Token>& tk, size_t cue, size_t lo, Attribution* at) const;
  bool SubjectRight(const std::vector<Token>& tk, size_t after, size_t hi, Attribution* at) const;
  size_t DocumentPhrase(const std::vector<Token>& tk, size_t noun, size_t lo, size_t hi,
                        Attribution* at) const;
  void FindSource(const std::vector<Token>& tk, size_t lo, size_t hi, size_t cue,
                  Attribution* at) const;
  void FindEmphasis(const std::vector<Token>& tk, Attribution* at) const;
  bool AttributeLeft(const std::vector<Token>& tk, Attribution* at) const;
  bool AttributeRight(const std::vector<Token>& tk, Attribution* at) const;
  bool AttributeIntro(const std::vector<Token>& tk, Attribution* at) const;

  // Resolution.
  Resolved Resolve(const Attribution& at);
  std::string ResolveName(uint32_t begin, uint32_t end, bool after_the, bool* is_org,
                          uint32_t* name_begin) const;
  std::string FullNameFor(std::string_view word, uint32_t before) const;
  std::string ExpandAcronym(std::string_view acronym, uint32_t before) const;
  std::string AuthorBefore(std::string_view noun, uint32_t before, bool* is_org) const;
  std::string TitleHolder(std::string_view title) const;
  std::string StripTitles(uint32_t begin, uint32_t end, bool* is_org, uint32_t* name_begin) const;
  std::string SourceText(const Attribution& at, const Resolved& r) const;
  std::string LinkIn(uint32_t begin, uint32_t end) const;
  void Remember(const Resolved& r);

  // Mentions: the names in the narration of the article, for pronouns,
  // surnames, acronyms and "the company" (see CollectMentions).
  enum class Entity : uint8_t { kPerson, kOrg, kOther };
  enum Gender : uint8_t { kUnknownGender, kMale, kFemale };
  struct Mention {
    uint32_t begin = 0, end = 0;  // the run as written (titles included)
    size_t block = 0;
    std::string name;     // the entity's fullest name
    std::string context;  // lower-case title words around it: " ambassador captain "
    Entity entity = Entity::kOther;
    Gender gender = kUnknownGender;
    bool subject = false;  // the subject of its sentence (first name, or before a verb)
  };
  void CollectMentions(size_t b);
  void EnsureMentions();
  std::string Canonical(std::string_view name, bool is_org, uint32_t before, Entity* entity) const;
  Gender GenderOf(std::string_view name, bool given_names = false) const;
  const Mention* PersonBefore(uint32_t pos, Gender gender, std::string_view title) const;
  const Mention* OrgBefore(uint32_t pos, std::string_view head) const;
  const Mention* ThingBefore(uint32_t pos) const;
  const Mention* NamedSpokesperson(uint32_t begin, uint32_t end) const;
  void SignedParagraph(size_t b);
  void PhraseSpeaker(uint32_t begin, uint32_t end, Resolved* r) const;
  std::string WithNobility(uint32_t begin, uint32_t name_begin, const std::string& name) const;

  // Quotes.
  bool IsNamingContext(const std::vector<Token>& left) const;
  bool LooksLikeSpeech(uint32_t begin, uint32_t end, size_t words) const;
  void EvaluateSpan(size_t s);
  void StartBlockQuote(size_t b);
  void AnalyzeIntro(size_t b);
  void Emit(const char* kind, uint32_t begin, uint32_t end, const Resolved& r);

  const Article& a_;
  std::string_view t_;
  const Lexicon& words_;
  const std::vector<bool>& filter_;

  std::vector<Span> spans_;  // all top-level spans so far, by opening mark
  size_t block_first_span_ = 0;
  std::vector<Token> left_, right_;  // reused token buffers
  std::vector<Quote> out_;

  // The quote mark pairing state carried into the next block: an outermost
  // quote left open at the end of a paragraph that the next one reopens.
  bool carry_ = false;
  Span carry_span_;
  uint32_t carry_left_begin_ = 0;
  Resolved carry_attribution_;
  bool carry_attributed_ = false;

  // An intro ("… would claim:") waiting for the blocks it introduces.
  bool intro_pending_ = false;
  Attribution intro_;
  Resolved intro_resolved_;
  // The block quote being read: quotes inside it take its source.
  uint32_t block_quote_end_ = 0;
  Resolved block_quote_;
  // A paragraph that is one quote after an intro: it takes the intro's words.
  size_t inherit_block_ = SIZE_MAX;
  Resolved inherit_;

  // For pronouns, surnames and paragraphs that continue a speaker's quotes.
  std::string last_person_, last_org_, last_document_speaker_;
  std::vector<std::string> speakers_;
  std::vector<Mention> mentions_;
  size_t mentions_block_ = 0;  // mentions are collected for the blocks before this
  std::vector<Token> mention_tokens_;
  std::vector<std::pair<std::string, Gender>> genders_;  // from resolved he/she
  size_t last_quote_block_ = SIZE_MAX;
  Resolved last_quote_;
  size_t block_ = 0;
};

// ---------------------------------------------------------------------------
// Blocks and quote-mark pairing.

bool QuoteFinder::IsProse(size_t b) const {
  BlockKind k = a_.blocks[b].kind;
  return k == BlockKind::kParagraph || k == BlockKind::kListItem || k == BlockKind::kBlockquote ||
         k == BlockKind::kCaption;
}

bool QuoteFinder::StartsWithOpeningMark(size_t b, Family family, uint32_t* mark_end) const {
  size_t i = a_.blocks[b].begin, end = a_.blocks[b].end;
  while (i < end && ClassAt(t_, i) == CharClass::kSpace) i += CodePointLength(t_, i);
  if (i >= end) return false;
  uint32_t len = 0;
  MarkCode m = MarkAt(t_, i, &len);
  if (m == kNoMark || FamilyOf(m) != family) return false;
  if (!(IsOpeningMark(m) || m == kStraightDouble || m == kStraightSingle)) return false;
  *mark_end = static_cast<uint32_t>(i + len);
  return true;
}

// Pairs the quote marks of block b and appends its top-level spans to spans_.
//
// Straight marks open after a space, a bracket or a dash and close after a
// word or punctuation; typographic marks say their side (’ closes only when no
// letter follows, so apostrophes never pair). A closing mark pairs with the
// nearest open mark of its family; marks inside a pair are nested quotes (a
// title, a quote within a quote) and stay part of the outer span. An outermost
// double or guillemet mark left open at the end of the paragraph continues the
// quote into the next paragraph when that one opens with the same family (the
// convention for quotes over several paragraphs); otherwise the quote runs to
// the end of its paragraph.
void QuoteFinder::FindSpans(size_t b) {
  struct Open {
    uint32_t pos, end;
    Family family;
    MarkCode code;
    bool continued;
  };
  struct Pair {
    uint32_t open, inner_begin, inner_end, close_end;
    bool continued;
  };
  std::array<Open, 16> stack;
  size_t depth = 0;
  // Pairs are few per paragraph; a small fixed buffer avoids allocation.
  std::array<Pair, 64> pairs;
  size_t npairs = 0;

  const uint32_t begin = a_.blocks[b].begin, end = a_.blocks[b].end;
  uint32_t i = begin;
  if (carry_) {
    uint32_t reopen_end = 0;
    Family f = Family::kDouble;
    bool reopens = StartsWithOpeningMark(b, f, &reopen_end);
    if (!reopens) {
      f = Family::kGuillemet;
      reopens = StartsWithOpeningMark(b, f, &reopen_end);
    }
    if (reopens) {
      stack[depth++] = {reopen_end - 1, reopen_end, f,
                        f == Family::kDouble ? kLeftDouble : kLeftGuillemet, true};
      // The piece of the quote in this paragraph starts after the reopening mark.
      i = reopen_end;
    }
  }
  while (i < end) {
    unsigned char c = Byte(t_, i);
    if (c != '"' && c != '\'' && c != 0xC2 && c != 0xE2) {
      ++i;
      continue;
    }
    uint32_t len = 0;
    MarkCode m = MarkAt(t_, i, &len);
    if (m == kNoMark) {
      i += static_cast<uint32_t>(CodePointLength(t_, i));
      continue;
    }
    CharClass prev = i > begin ? ClassAt(t_, PrevCodePoint(t_, i)) : CharClass::kSpace;
    CharClass next = i + len < end ? ClassAt(t_, i + len) : CharClass::kSpace;
    char prev_ascii = i > begin ? t_[i - 1] : ' ';
    bool prev_opens = prev == CharClass::kSpace || prev_ascii == '(' || prev_ascii == '[' ||
                      prev_ascii == '{' || prev_ascii == '/' ||
                      (prev == CharClass::kPunct && static_cast<unsigned char>(prev_ascii) >= 0x80);
    if (prev == CharClass::kPunct && static_cast<unsigned char>(prev_ascii) >= 0x80) {
      // After a dash or another (opening) mark, but not after a closing mark.
      uint32_t plen = 0;
      MarkCode pm = MarkAt(t_, PrevCodePoint(t_, i), &plen);
      if (pm == kRightDouble || pm == kRightSingle || pm == kRightGuillemet) prev_opens = false;
    }
    Family family = FamilyOf(m);
    bool can_open = false, can_close = false;
    switch (m) {
      case kStraightDouble:
        can_open = prev_opens && next != CharClass::kSpace;
        can_close = prev != CharClass::kSpace && next != CharClass::kWord;
        if (!can_open && !can_close && prev == CharClass::kSpace && next == CharClass::kSpace) {
          can_open = can_close = true;
        }
        break;
      case kStraightSingle:
      case kRightSingle:
        // Never an apostrophe inside a word (Iran's, Iran’s).
        can_open = m == kStraightSingle && prev_opens && next == CharClass::kWord;
        can_close = prev != CharClass::kSpace && next != CharClass::kWord;
        break;
      case kLeftDouble:
        can_open = true;
        // „…“ (German): the left mark closes a low one.
        can_close = depth > 0 && stack[depth - 1].code == kLowDouble;
        break;
      case kLeftSingle:
        can_open = next != CharClass::kSpace;
        can_close = depth > 0 && stack[depth - 1].code == kLowSingle;
        break;
      case kRightDouble:
      case kRightGuillemet:
        can_close = true;
        break;
      case kLowDouble:
      case kLowSingle:
        can_open = next != CharClass::kSpace;
        break;
      case kLeftGuillemet:
        can_open = true;
        break;
      case kNoMark:
        break;
    }
    bool closed = false;
    // Lost paragraph breaks: `…Keegan. "If there was…` opens a new quote while
    // the last one is still open after a finished sentence: that one ended there.
    if (can_open && !can_close && family == Family::kDouble && depth > 0 &&
        stack[depth - 1].family == Family::kDouble) {
      uint32_t q = i;
      while (q > stack[depth - 1].end && ClassAt(t_, q - 1) == CharClass::kSpace) --q;
      if (q < i && q > stack[depth - 1].end && IsTerminal(t_[q - 1]) && npairs < pairs.size()) {
        pairs[npairs++] = {stack[depth - 1].pos, stack[depth - 1].end, q, q,
                           stack[depth - 1].continued};
        --depth;
      }
    }
    if (can_close) {
      for (size_t k = depth; k-- > 0;) {
        if (stack[k].family != family) continue;
        if (m == kLeftDouble && stack[k].code != kLowDouble) break;
        if (m == kLeftSingle && stack[k].code != kLowSingle) break;
        if (npairs < pairs.size()) {
          pairs[npairs++] = {stack[k].pos, stack[k].end, i, i + len, stack[k].continued};
        }
        depth = k;
        closed = true;
        break;
      }
    }
    if (!closed && can_open && depth < stack.size()) {
      stack[depth++] = {i, i + len, family, m, false};
    }
    i += len;
  }

  // The earliest double/guillemet mark left open and not inside a pair.
  int unclosed = -1;
  for (size_t k = 0; k < depth; ++k) {
    if (stack[k].family == Family::kSingle) continue;
    bool inside = false;
    for (size_t p = 0; p < npairs && !inside; ++p) {
      inside = pairs[p].open < stack[k].pos && stack[k].pos < pairs[p].close_end;
    }
    if (!inside) {
      unclosed = static_cast<int>(k);
      break;
    }
  }

  std::sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(npairs),
            [](const Pair& x, const Pair& y) { return x.open < y.open; });
  block_first_span_ = spans_.size();
  uint32_t covered_until = 0;
  bool any = false;
  for (size_t p = 0; p < npairs; ++p) {
    const Pair& pr = pairs[p];
    if (any && pr.open < covered_until) continue;  // nested
    if (unclosed >= 0 && pr.open > stack[unclosed].pos) continue;
    Span s;
    s.open = pr.continued ? begin : pr.open;
    s.inner_begin = pr.inner_begin;
    s.inner_end = pr.inner_end;
    s.close_end = pr.close_end;
    s.continued = pr.continued;
    s.block = static_cast<int>(b);
    spans_.push_back(s);
    covered_until = pr.close_end;
    any = true;
  }
  carry_ = false;
  if (unclosed >= 0) {
    const Open& o = stack[static_cast<size_t>(unclosed)];
    uint32_t e = end;
    while (e > o.end && ClassAt(t_, e - 1) == CharClass::kSpace) --e;
    Span s;
    s.open = o.continued ? begin : o.pos;
    s.inner_begin = o.end;
    s.inner_end = e;
    s.close_end = e;
    s.closed = false;
    s.continued = o.continued;
    s.block = static_cast<int>(b);
    spans_.push_back(s);
    uint32_t dummy = 0;
    if (b + 1 < a_.blocks.size() && IsProse(b + 1) &&
        (StartsWithOpeningMark(b + 1, Family::kDouble, &dummy) ||
         StartsWithOpeningMark(b + 1, Family::kGuillemet, &dummy))) {
      carry_ = true;
    }
  }
}

// ---------------------------------------------------------------------------
// Sentences.

bool QuoteFinder::IsAbbreviationBefore(size_t dot) const {
  size_t b = dot;
  while (b > 0 && (ClassAt(t_, b - 1) == CharClass::kWord || t_[b - 1] == '.')) --b;
  std::string_view word = t_.substr(b, dot - b);
  if (word.empty()) return false;
  if (word.size() == 1 && IsUpperAt(t_, b)) return true;  // an initial: J. Smith
  if (word.find('.') != std::string_view::npos && word.size() <= 5) return true;  // U.S.
  static constexpr std::string_view kAbbreviations[] = {
      "Mr",  "Mrs", "Ms",  "Dr",   "Prof", "Gen", "Sen", "Rep", "Gov",    "Lt",  "Col", "Capt",
      "Sgt", "St",  "Jr",  "Sr",   "Rev",  "Adm", "No",  "vs",  "Inc",    "Ltd", "Co",  "Corp",
      "Jan", "Feb", "Aug", "Sept", "Sep",  "Oct", "Nov", "Dec", "approx", "Mt",  "Ft"};
  for (std::string_view a : kAbbreviations) {
    if (word == a) return true;
  }
  return false;
}

// Whether the sentence ends after the terminal punctuation at p: closing
// marks or brackets may follow, then white space and an upper-case letter, a
// digit or an opening mark; or the end of the block.
bool QuoteFinder::SentenceEndsAt(size_t p, size_t hi) const {
  if (!IsTerminal(t_[p])) return false;
  if (t_[p] == '.' && IsAbbreviationBefore(p)) return false;
  size_t i = p + 1;
  while (i < hi) {
    uint32_t len = 0;
    MarkCode m = MarkAt(t_, i, &len);
    if (m != kNoMark && !IsOpeningMark(m)) {
      i += len;
    } else if (t_[i] == ')' || t_[i] == ']' || IsTerminal(t_[i])) {
      ++i;
    } else {
      break;
    }
  }
  if (i >= hi) return true;
  if (ClassAt(t_, i) != CharClass::kSpace) return false;
  while (i < hi && ClassAt(t_, i) == CharClass::kSpace) i += CodePointLength(t_, i);
  if (i >= hi) return true;
  uint32_t len = 0;
  MarkCode m = MarkAt(t_, i, &len);
  if (m != kNoMark) return true;
  unsigned char c = Byte(t_, i);
  return IsUpperAt(t_, i) || (c >= '0' && c <= '9') || c >= 0x80;
}

// The start of the sentence holding pos, not before lo. Spans before pos in
// the block (from first_span on) are skipped whole: a sentence ends inside a
// quote only when its words end with . ! ? and a new sentence follows.
uint32_t QuoteFinder::SentenceStart(uint32_t pos, uint32_t lo, size_t first_span) const {
  // The last span of this block that ends at or before pos.
  size_t k = spans_.size();
  while (k > first_span && spans_[k - 1].close_end > pos) --k;
  uint32_t p = pos;
  while (p > lo) {
    if (k > first_span && p == spans_[k - 1].close_end) {
      const Span& s = spans_[k - 1];
      if (s.inner_end > s.inner_begin && IsTerminal(t_[s.inner_end - 1]) &&
          SentenceEndsAt(s.inner_end - 1, a_.blocks[static_cast<size_t>(s.block)].end)) {
        break;
      }
      p = s.open;
      --k;
      continue;
    }
    if (IsTerminal(t_[p - 1]) && SentenceEndsAt(p - 1, a_.blocks[block_].end)) break;
    --p;
  }
  while (p < pos && ClassAt(t_, p) == CharClass::kSpace)
    p += static_cast<uint32_t>(CodePointLength(t_, p));
  return p;
}

// The end of the sentence holding pos (after its terminal punctuation), not
// after hi; spans from next_span on are skipped whole.
uint32_t QuoteFinder::SentenceEnd(uint32_t pos, uint32_t hi, size_t next_span) const {
  size_t k = next_span;
  while (k < spans_.size() && spans_[k].open < pos) ++k;
  uint32_t p = pos;
  while (p < hi) {
    if (k < spans_.size() && p == spans_[k].open) {
      p = spans_[k].close_end;
      ++k;
      continue;
    }
    if (IsTerminal(t_[p]) && SentenceEndsAt(p, hi)) return p + 1;
    ++p;
  }
  return hi;
}

// ---------------------------------------------------------------------------
// Words.

uint32_t QuoteFinder::FlagsOf(std::string_view word) const {
  char buf[kMaxLexiconWord];
  if (word.empty() || word.size() >= sizeof buf) return 0;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view lower(buf, word.size());
  if (!filter_[FilterKey(lower)]) return 0;
  int v = words_.Find(lower);
  return v == Lexicon::kMissing ? 0 : static_cast<uint32_t>(v);
}

bool QuoteFinder::IsWord(const Token& tok, std::string_view lower) const {
  if (tok.kind != Token::kWord || tok.end - tok.begin != lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = t_[tok.begin + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// Words are runs of letters and digits with inner apostrophes, hyphens, dots
// and ampersands (Iran's, so-called, U.S., AT&T); an abbreviation keeps its
// final dot (Mr., U.S.). Spans of spans_ inside [begin, end) are one token.
void QuoteFinder::Tokenize(uint32_t begin, uint32_t end, std::vector<Token>* out) const {
  out->clear();
  auto span_it = std::lower_bound(spans_.begin(), spans_.end(), begin,
                                  [](const Span& s, uint32_t pos) { return s.open < pos; });
  uint32_t i = begin;
  while (i < end) {
    while (span_it != spans_.end() && span_it->open < i) ++span_it;
    if (span_it != spans_.end() && span_it->open == i && span_it->close_end <= end) {
      Token tok;
      tok.kind = Token::kSpan;
      tok.begin = span_it->open;
      tok.end = span_it->close_end;
      tok.span = static_cast<int>(span_it - spans_.begin());
      out->push_back(tok);
      i = span_it->close_end;
      continue;
    }
    CharClass cls = ClassAt(t_, i);
    uint32_t len = static_cast<uint32_t>(CodePointLength(t_, i));
    if (cls == CharClass::kSpace) {
      i += len;
      continue;
    }
    if (cls == CharClass::kPunct) {
      Token tok;
      tok.kind = Token::kPunct;
      tok.begin = i;
      tok.end = i + len;
      unsigned char c = Byte(t_, i);
      tok.punct = c < 0x80 ? static_cast<char>(c) : '-';
      uint32_t mlen = 0;
      if (c >= 0x80 && MarkAt(t_, i, &mlen) != kNoMark) tok.punct = '"';
      if (c == 0xE2 && i + 2 < t_.size() && Byte(t_, i + 2) == 0xA6) tok.punct = '.';  // …
      out->push_back(tok);
      i += len;
      continue;
    }
    Token tok;
    tok.kind = Token::kWord;
    tok.begin = i;
    uint32_t j = i;
    while (j < end) {
      CharClass c = ClassAt(t_, j);
      if (c == CharClass::kWord) {
        j += static_cast<uint32_t>(CodePointLength(t_, j));
        continue;
      }
      uint32_t mlen = 1;
      unsigned char ch = Byte(t_, j);
      bool joiner = ch == '-' || ch == '.' || ch == '&' || ch == '\'';
      if (ch == 0xE2 && j + 2 < t_.size() && Byte(t_, j + 1) == 0x80 && Byte(t_, j + 2) == 0x99) {
        joiner = true;  // ’ inside a word
        mlen = 3;
      }
      if (joiner && j + mlen < end && ClassAt(t_, j + mlen) == CharClass::kWord) {
        j += mlen;
        continue;
      }
      break;
    }
    // An abbreviation or initial keeps its dot: Mr. U.S. J.
    if (j < end && t_[j] == '.') {
      std::string_view w = t_.substr(i, j - i);
      bool dotted = w.find('.') != std::string_view::npos;
      bool initial = w.size() == 1 && IsUpperAt(t_, i);
      if (dotted || initial || (FlagsOf(t_.substr(i, j + 1 - i)) & kTitle)) ++j;
    }
    tok.end = j;
    std::string_view w = t_.substr(i, j - i);
    tok.flags = FlagsOf(w);
    tok.cap = IsUpperAt(t_, i);
    size_t letters = 0, upper = 0;
    for (char ch : w) {
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ++letters;
      if (ch >= 'A' && ch <= 'Z') ++upper;
    }
    tok.all_caps = letters >= 2 && upper == letters;
    tok.possessive = (w.size() > 2 && (w.ends_with("'s") || w.ends_with("'S"))) ||
                     (w.size() > 4 && w.ends_with("\xE2\x80\x99s"));
    out->push_back(tok);
    i = j;
  }
}

// A capitalised word that can be part of a name.
bool QuoteFinder::IsNameWord(const Token& tok) const {
  if (tok.kind != Token::kWord || !tok.cap || tok.possessive) return false;
  if (tok.flags & (kFunction | kTime | kCue | kPronoun)) {
    // Titles (Mr, Dr) are name words even though some are listed as function words.
    return (tok.flags & kTitle) != 0 && (tok.flags & (kTime | kCue | kPronoun)) == 0;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Attribution.

bool QuoteFinder::IsCueAt(const std::vector<Token>& tk, size_t i) const {
  if (!Is(tk[i], kCue)) return false;
  if (tk[i].cap && !IsWord(tk[i], "according")) return false;  // the United States
  if (i > 0 && IsWord(tk[i - 1], "emphasis")) return false;    // (emphasis added)
  if (IsWord(tk[i], "according")) return i + 1 < tk.size() && IsWord(tk[i + 1], "to");
  if (IsWord(tk[i], "pointing")) return i + 1 < tk.size() && IsWord(tk[i + 1], "out");
  if (IsWord(tk[i], "summed")) return i + 1 < tk.size() && IsWord(tk[i + 1], "up");
  // "read" and "reads" are cues only for documents ("the statement read").
  if (IsWord(tk[i], "read") || IsWord(tk[i], "reads")) {
    return i > 0 && Is(tk[i - 1], kDocNoun);
  }
  // "post", "say": "say" only after a subject pronoun or an auxiliary.
  if (IsWord(tk[i], "say")) {
    return i > 0 && (Is(tk[i - 1], kPronoun | kAux) || tk[i - 1].cap);
  }
  return true;
}

// The cue phrase: the verb with the auxiliaries before it ("would claim",
// "went on to say") and its particle ("according to", "pointing out").
void QuoteFinder::CuePhrase(const std::vector<Token>& tk, size_t cue, size_t lo,
                            Attribution* at) const {
  at->found = true;
  size_t b = cue;
  while (b > lo && Is(tk[b - 1], kAux) && !Is(tk[b - 1], kAdverb)) {
    // "went on to say": keep "went on to".
    --b;
  }
  if (b > lo + 1 && IsWord(tk[b - 1], "on") && IsWord(tk[b - 2], "went")) b -= 2;
  // "to" and "is/was" alone before the verb are not part of the cue ("was said").
  while (b < cue && (IsWord(tk[b], "to") || IsWord(tk[b], "is") || IsWord(tk[b], "was")) &&
         !(b > lo && IsWord(tk[b - 1], "on"))) {
    ++b;
  }
  at->cue_begin = tk[b].begin;
  at->cue_end = tk[cue].end;
  if (cue + 1 < tk.size() &&
      (IsWord(tk[cue], "according") || IsWord(tk[cue], "pointing") || IsWord(tk[cue], "summed"))) {
    at->cue_end = tk[cue + 1].end;
  }
}

// Whether tk[k] is the number of a stage name ("50 Cent", "2 Chainz"): one
// or two digits before one capitalised word that is no title, month or
// organisation word and no plural ("12 Democrats"), with the number opening
// the sentence or after a description ("Rapper 50 Cent"), not after a
// preposition, determiner or other function word ("in 10 Downing", "some 20
// Labour").
bool QuoteFinder::IsStageNumber(const std::vector<Token>& tk, size_t k, size_t lo) const {
  const Token& num = tk[k];
  if (num.kind != Token::kWord || num.end - num.begin > 2 || k + 1 >= tk.size()) return false;
  for (uint32_t p = num.begin; p < num.end; ++p) {
    if (t_[p] < '0' || t_[p] > '9') return false;
  }
  const Token& w = tk[k + 1];
  if (!IsNameWord(w) || w.all_caps || (w.flags & (kTitle | kTime | kOrgWord))) return false;
  if (t_[w.end - 1] == 's' && !w.possessive) return false;
  if (k + 2 < tk.size() && IsNameWord(tk[k + 2])) return false;  // one word only
  if (k == lo) return true;
  const Token& p = tk[k - 1];
  if (p.kind != Token::kWord) return true;
  if (p.flags & (kFunction | kPreposition | kDeterminer | kTime | kConnector | kCue)) return false;
  return ClassAt(t_, p.begin) == CharClass::kWord && !(t_[p.begin] >= '0' && t_[p.begin] <= '9');
}

// The first token of the run of name words ending at `end` (inclusive),
// joined by connectors (Bank of England, Osama bin Laden).
size_t QuoteFinder::NameRunLeft(const std::vector<Token>& tk, size_t end, size_t lo) const {
  size_t b = end;
  while (b > lo) {
    const Token& p = tk[b - 1];
    if (IsNameWord(p) || (p.kind == Token::kWord && p.all_caps && !(p.flags & kPronoun))) {
      --b;
      continue;
    }
    if ((Is(p, kConnector) || IsPunct(p, '&')) && !p.cap && b - 1 > lo && IsNameWord(tk[b - 2])) {
      --b;
      continue;
    }
    if (b == end && IsStageNumber(tk, b - 1, lo)) {
      --b;
      break;
    }
    // "Lucy Fischer of The Times": a person of an organisation.
    if (IsWord(p, "the") && b - 1 > lo + 1 && IsWord(tk[b - 2], "of") && !tk[b - 2].cap &&
        IsNameWord(tk[b - 3])) {
      b -= 2;
      continue;
    }
    break;
  }
  return b;
}

// One past the last token of the run of name words starting at `begin`.
size_t QuoteFinder::NameRunRight(const std::vector<Token>& tk, size_t begin, size_t hi) const {
  size_t e = begin;
  while (e < hi) {
    const Token& p = tk[e];
    if (IsNameWord(p) || (p.kind == Token::kWord && p.all_caps && !(p.flags & kPronoun))) {
      ++e;
      continue;
    }
    if (p.kind == Token::kWord && p.possessive && p.cap) {
      ++e;  // "Trump's" ends the run, included
      break;
    }
    if ((Is(p, kConnector) || IsPunct(p, '&')) && !p.cap && e + 1 < hi && IsNameWord(tk[e + 1])) {
      ++e;
      continue;
    }
    // Name suffixes after a comma: "Robert Downey Jr."
    if (IsPunct(p, ',') && e + 1 < hi && (IsWord(tk[e + 1], "jr.") || IsWord(tk[e + 1], "jr"))) {
      e += 2;
      continue;
    }
    break;
  }
  return e;
}

// A document phrase around the document noun at `noun`: "a 2012 leaked memo",
// "its article, “Title,”", "a report by Amnesty International", "the
// leaked 2012 report (.pdf)". Returns the first token of the phrase.
size_t QuoteFinder::DocumentPhrase(const std::vector<Token>& tk, size_t noun, size_t lo, size_t hi,
                                   Attribution* at) const {
  size_t b = noun;
  while (b > lo) {
    const Token& p = tk[b - 1];
    if (p.kind != Token::kWord) break;
    if (p.flags & (kPreposition | kRelative | kCue)) {
      if (!(p.flags & kDeterminer)) break;
    }
    --b;
    if (p.flags & kDeterminer) break;
    if (noun - b >= 6) break;
  }
  // "that" is a relative pronoun here, not a determiner.
  if (b < noun && IsWord(tk[b], "that")) ++b;
  size_t e = noun + 1;
  at->source_is_document = true;
  at->noun_begin = tk[noun].begin;
  at->noun_end = tk[noun].end;
  at->source_possessive = Is(tk[b], kPossessive);
  at->source_definite = IsWord(tk[b], "the") || IsWord(tk[b], "this");
  at->source_text_begin = (at->source_definite ? tk[std::min(b + 1, noun)] : tk[b]).begin;
  if (at->source_possessive) at->source_text_begin = tk[std::min(b + 1, noun)].begin;
  // The owner: a name inside the phrase ("the DIA report") or a possessive.
  for (size_t k = b; k < noun; ++k) {
    if ((IsNameWord(tk[k]) && !(tk[k].flags & kNationality) && !(tk[k].flags & kTitle)) ||
        tk[k].all_caps || (tk[k].possessive && tk[k].cap)) {
      size_t r = NameRunRight(tk, k, noun);
      at->owner_begin = tk[k].begin;
      at->owner_end = tk[r > k ? r - 1 : k].end;
      if (tk[k].possessive) at->owner_end = tk[k].end - (Byte(t_, tk[k].end - 1) == 's' ? 2 : 0);
      break;
    }
  }
  // A parenthesis right after the noun: "report (.pdf)".
  if (e < hi && IsPunct(tk[e], '(')) {
    size_t k = e + 1;
    while (k < hi && k < e + 6 && !IsPunct(tk[k], ')')) ++k;
    if (k < hi && IsPunct(tk[k], ')')) e = k + 1;
  }
  at->source_text_end = tk[e - 1].end;
  // "by/with/from Name": the author.
  if (e + 1 < hi && (IsWord(tk[e], "by") || IsWord(tk[e], "with") || IsWord(tk[e], "from"))) {
    size_t n = e + 1;
    if (Is(tk[n], kDeterminer) && n + 1 < hi) ++n;
    size_t r = NameRunRight(tk, n, hi);
    if (r > n) {
      if (at->owner_end == 0) {
        at->owner_begin = tk[n].begin;
        at->owner_end = tk[r - 1].end;
      }
      e = r;
      at->source_text_end = tk[e - 1].end;
    }
  }
  // A title: "its article, “Title,”".
  size_t k = e;
  if (k < hi && IsPunct(tk[k], ',')) ++k;
  if (k < hi && tk[k].kind == Token::kSpan) {
    at->title_span = tk[k].span;
    e = k + 1;
  }
  at->source_begin = tk[b].begin;
  at->source_end = tk[e - 1].end;
  return b;
}

// The subject of the cue at `cue`, looking left: "President Donald Trump
// said", "He said", "the DIA report explains", "The BBC in its article,
// “…,” would claim", "the US Defense Intelligence Agency (DIA) itself in a
// 2012 leaked memo that admitted", "a spokesman said".
bool QuoteFinder::SubjectLeft(const std::vector<Token>& tk, size_t cue, size_t lo,
                              Attribution* at) const {
  size_t i = cue;
  while (i > lo && Is(tk[i - 1], kAux | kAdverb) && !tk[i - 1].cap) --i;
  bool after_comma = i > lo && IsPunct(tk[i - 1], ',');
  if (i > lo && tk[i - 1].kind == Token::kSpan) {
    // `“…,” adding “…”`: the comma is inside the marks.
    const Span& sp = spans_[static_cast<size_t>(tk[i - 1].span)];
    after_comma = sp.inner_end > sp.inner_begin && t_[sp.inner_end - 1] == ',';
  }
  bool coordinated = i > lo && IsWord(tk[i - 1], "and");  // "X … and wrote “…”"
  if (after_comma || coordinated) {
    std::string_view verb = t_.substr(tk[cue].begin, tk[cue].end - tk[cue].begin);
    if (verb.ends_with("ing") || coordinated) {
      // "…, saying", "…, warning:", "… and added": the subject of the sentence speaks.
      // An opening adjunct ("In a Tumblr post at the time she …") is skipped
      // up to a comma or a pronoun.
      bool adjunct = false;
      for (size_t k = lo; k < i; ++k) {
        if (IsPunct(tk[k], ',')) adjunct = false;
        if (tk[k].kind != Token::kWord || (tk[k].flags & kTime)) continue;
        if (k == lo && Is(tk[k], kPreposition) && !Is(tk[k], kPronoun)) {
          adjunct = true;
          continue;
        }
        if (adjunct && !Is(tk[k], kPronoun)) continue;
        if (Is(tk[k], kPronoun)) {
          at->mention = Attribution::kPronoun;
          at->mention_begin = tk[k].begin;
          at->mention_end = tk[k].end;
          return true;
        }
        if (IsNameWord(tk[k]) || tk[k].all_caps) {
          size_t e = NameRunRight(tk, k, i);
          if (tk[e - 1].possessive) break;  // "Trump's lawyer, saying"
          at->mention = Attribution::kName;
          at->mention_begin = tk[k].begin;
          at->mention_end = tk[e - 1].end;
          at->mention_after_the = k > lo && IsWord(tk[k - 1], "the");
          return true;
        }
        if (tk[k].possessive && tk[k].cap) continue;  // "Australia's Prime Minister X"
        // "China's ambassador to Britain accused … and warned": a role.
        if (k > lo && tk[k - 1].possessive && tk[k - 1].cap && Is(tk[k], kTitle) && !tk[k].cap) {
          at->mention = Attribution::kPhrase;
          at->mention_begin = tk[k - 1].begin;
          at->mention_end = tk[k].end;
          // Its complement: "to Britain", "of Finance".
          if (k + 2 < i &&
              (IsWord(tk[k + 1], "to") || IsWord(tk[k + 1], "of") || IsWord(tk[k + 1], "for"))) {
            size_t r = NameRunRight(tk, k + 2, i);
            if (r > k + 2 && !tk[r - 1].possessive) at->mention_end = tk[r - 1].end;
          }
          return true;
        }
        if (!(tk[k].flags & kFunction)) break;  // the subject opens the sentence
      }
    }
    if (!after_comma) return false;
    // An apposition or relative clause between the name and its cue: "Cheuk
    // Hau-yip, the commander of Kowloon West district, said", "Denzel
    // Washington, who paid for Boseman to attend BADA, stated".
    for (size_t k = i - 1; k > lo && i - k < 24; --k) {
      const Token& c = tk[k - 1];
      if (c.kind == Token::kSpan || IsPunct(c, ';') || IsPunct(c, ':')) break;
      if (!IsPunct(c, ',')) continue;
      if (k - 1 > lo && (IsNameWord(tk[k - 2]) || tk[k - 2].all_caps) && !Is(tk[k - 2], kTime)) {
        size_t b = NameRunLeft(tk, k - 2, lo);
        // "Dan Gillmor, founder of Grassroots Media, which …, said": a name
        // inside the apposition ("of Grassroots Media"); the person is before.
        if (b > lo + 1 && tk[b - 1].kind == Token::kWord && !tk[b - 1].cap) {
          k = b;
          continue;
        }
        at->mention = Attribution::kName;
        at->mention_begin = tk[b].begin;
        at->mention_end = tk[k - 2].end;
        at->mention_after_the = b > lo && IsWord(tk[b - 1], "the");
        return true;
      }
      break;
    }
  }
  i = cue;
  int budget = 16;
  while (i > lo && budget-- > 0) {
    const Token& p = tk[i - 1];
    if (p.kind == Token::kSpan) {
      // A title ("in its article, “…,”") is skipped; another quote ends the search.
      if (i - 1 > lo && (Is(tk[i - 2], kNaming | kDocNoun) ||
                         (IsPunct(tk[i - 2], ',') && i - 2 > lo && Is(tk[i - 3], kDocNoun)))) {
        --i;
        continue;
      }
      return false;
    }
    if (p.kind == Token::kPunct) {
      if (p.punct == ')') {
        // Skip a parenthesis: "(DIA)", "(.pdf)".
        size_t k = i - 1;
        while (k > lo && !IsPunct(tk[k - 1], '(')) --k;
        if (k == lo) return false;
        i = k - 1;
        continue;
      }
      if (p.punct == '-') {
        // A parenthesis between dashes: "B&B - which has a 22% share of the
        // UK market - said"; the subject is before it.
        size_t k = i - 1;
        while (k > lo && i - k < 24 && !IsPunct(tk[k - 1], '-') && tk[k - 1].kind != Token::kSpan) {
          --k;
        }
        // Only after a subject name ("But B&B -"), not a name inside a
        // phrase ("a series of South Dakotans -").
        bool subject_name = false;
        if (k > lo + 1 && IsPunct(tk[k - 1], '-') &&
            (IsNameWord(tk[k - 2]) || tk[k - 2].all_caps)) {
          size_t b = NameRunLeft(tk, k - 2, lo);
          subject_name = b == lo || tk[b - 1].kind == Token::kPunct ||
                         (tk[b - 1].cap && (tk[b - 1].flags & kFunction));
        }
        if (subject_name) {
          i = k - 1;
          continue;
        }
      }
      if (p.punct == ',' || p.punct == '-' || p.punct == '"') {
        --i;
        continue;
      }
      return false;
    }
    // Words.
    if (Is(p, kAux | kAdverb) && !p.cap) {
      --i;
      continue;
    }
    if ((p.flags & kTime) || IsWord(p, "itself") || IsWord(p, "himself") || IsWord(p, "herself") ||
        IsWord(p, "themselves")) {
      --i;
      continue;
    }
    if (Is(p, kRelative) && !p.cap) {
      --i;
      continue;
    }
    if (IsCueAt(tk, i - 1)) {  // "tweeted on Friday, saying": the first verb's subject
      --i;
      continue;
    }
    if (Is(p, kPronoun)) {
      at->mention = Attribution::kPronoun;
      at->mention_begin = p.begin;
      at->mention_end = p.end;
      return true;
    }
    if (IsNameWord(p) || p.all_caps) {
      size_t b = NameRunLeft(tk, i - 1, lo);
      at->mention = Attribution::kName;
      at->mention_begin = tk[b].begin;
      at->mention_end = p.end;
      at->mention_after_the = b > lo && IsWord(tk[b - 1], "the");
      // "Iran's foreign ministry": handled as a phrase below.
      return true;
    }
    if (Is(p, kDocNoun) && !p.cap) {
      size_t b = DocumentPhrase(tk, i - 1, lo, cue, at);
      if (b > lo && Is(tk[b - 1], kPreposition) && !Is(tk[b - 1], kDeterminer)) {
        // "in its article": an adjunct; the subject is further left.
        i = b - 1;
        continue;
      }
      // The document is the subject: its owner speaks ("the DIA report").
      if (at->owner_end > at->owner_begin) {
        at->mention = Attribution::kName;
        at->mention_begin = at->owner_begin;
        at->mention_end = at->owner_end;
      }
      return true;
    }
    // A common noun phrase: "a spokesman", "officials", "Iran's foreign ministry".
    if ((p.flags & (kFunction | kPreposition)) && !(p.flags & kDeterminer)) return false;
    size_t b = i - 1;
    while (b > lo && budget-- > 0) {
      const Token& q = tk[b - 1];
      if (q.kind != Token::kWord) break;
      if (q.flags & (kPreposition | kRelative | kCue | kPronoun)) {
        if (!(q.flags & kDeterminer)) break;
      }
      --b;
      if (q.flags & kDeterminer) break;
    }
    if (Is(tk[b], kRelative) && !Is(tk[b], kDeterminer)) ++b;
    at->mention = Attribution::kPhrase;
    at->mention_begin = tk[b].begin;
    at->mention_end = p.end;
    // The organisation of an unnamed spokesman: "a spokesman for the BBC".
    for (size_t k = b; k < i; ++k) {
      if (IsNameWord(tk[k]) || tk[k].all_caps || (tk[k].possessive && tk[k].cap)) {
        size_t r = NameRunRight(tk, k, i);
        at->owner_begin = tk[k].begin;
        at->owner_end = tk[r - 1].end;
        if (tk[r - 1].possessive) at->owner_end -= (Byte(t_, tk[r - 1].end - 1) == 's') ? 2 : 0;
        break;
      }
    }
    // Past the phrase: ", a spokesman for X, said" → X itself when a name precedes.
    return true;
  }
  return false;
}

// The subject after an inverted cue: "said Trump", "says the minister",
// "according to Reuters".
bool QuoteFinder::SubjectRight(const std::vector<Token>& tk, size_t after, size_t hi,
                               Attribution* at) const {
  size_t i = after;
  if (i >= hi) return false;
  const Token& p = tk[i];
  if (p.kind != Token::kWord) return false;
  if (Is(p, kPronoun) && !IsWord(p, "it")) {
    at->mention = Attribution::kPronoun;
    at->mention_begin = p.begin;
    at->mention_end = p.end;
    return true;
  }
  if (IsNameWord(p) || p.all_caps) {
    size_t e = NameRunRight(tk, i, hi);
    if (e > i && tk[e - 1].possessive) {
      // "according to Amnesty's report": the report is the source.
      if (e < hi && Is(tk[e], kDocNoun)) DocumentPhrase(tk, e, i, hi, at);
      at->mention = Attribution::kName;
      at->mention_begin = p.begin;
      at->mention_end = tk[e - 1].end - 2;
      return true;
    }
    at->mention = Attribution::kName;
    at->mention_begin = p.begin;
    at->mention_end = tk[e - 1].end;
    return true;
  }
  // A phrase: determiner and up to five words, up to punctuation.
  size_t e = i;
  while (e < hi && e < i + 8 && tk[e].kind == Token::kWord && !Is(tk[e], kCue | kRelative)) {
    if (e > i && Is(tk[e], kPreposition) && !(IsWord(tk[e], "for") || IsWord(tk[e], "of"))) {
      break;
    }
    ++e;
  }
  if (e == i) return false;
  for (size_t k = i; k < e; ++k) {
    if (Is(tk[k], kDocNoun) && !tk[k].cap) {
      DocumentPhrase(tk, k, i, hi, at);
      if (at->owner_end > at->owner_begin) {
        at->mention = Attribution::kName;
        at->mention_begin = at->owner_begin;
        at->mention_end = at->owner_end;
      }
      return true;
    }
  }
  at->mention = Attribution::kPhrase;
  at->mention_begin = tk[i].begin;
  at->mention_end = tk[e - 1].end;
  for (size_t k = i; k < e; ++k) {
    if (IsNameWord(tk[k]) || tk[k].all_caps) {
      size_t r = NameRunRight(tk, k, hi);
      at->owner_begin = tk[k].begin;
      at->owner_end = tk[r - 1].end;
      if (tk[r - 1].possessive) at->owner_end -= 2;
      break;
    }
  }
  return true;
}

// Document phrases and outlets around the cue: "in a 2012 leaked memo",
// "told Reuters", "in an interview with CNN", "wrote on Twitter".
void QuoteFinder::FindSource(const std::vector<Token>& tk, size_t lo, size_t hi, size_t cue,
                             Attribution* at) const {
  if (at->source_end > at->source_begin) return;
  // "told Reuters", "told the BBC", "wrote on Twitter", "said in a statement".
  size_t k = cue + 1;
  bool told = IsWord(tk[cue], "told") || IsWord(tk[cue], "telling") || IsWord(tk[cue], "tells");
  bool on = !told && k < hi && IsWord(tk[k], "on");
  if (on) ++k;
  if (k < hi && IsWord(tk[k], "the")) ++k;
  if (k < hi && (told || on) && (IsNameWord(tk[k]) || tk[k].all_caps) && !(tk[k].flags & kTime)) {
    size_t r = NameRunRight(tk, k, hi);
    at->source_begin = at->source_text_begin = tk[k].begin;
    at->source_end = at->source_text_end = tk[r - 1].end;
    return;
  }
  // The nearest document noun to the cue.
  size_t best = SIZE_MAX, best_distance = SIZE_MAX;
  for (size_t j = lo; j < hi; ++j) {
    if (!Is(tk[j], kDocNoun) || tk[j].cap) continue;
    if (j > 0 && Is(tk[j - 1], kNaming) && !Is(tk[j - 1], kDocNoun)) continue;
    size_t d = j > cue ? j - cue : cue - j;
    if (d < best_distance) {
      best = j;
      best_distance = d;
    }
  }
  if (best == SIZE_MAX || best_distance > 10) return;
  Attribution tmp = *at;
  DocumentPhrase(tk, best, lo, hi, &tmp);
  at->source_begin = tmp.source_begin;
  at->source_end = tmp.source_end;
  at->source_text_begin = tmp.source_text_begin;
  at->source_text_end = tmp.source_text_end;
  at->source_possessive = tmp.source_possessive;
  at->source_is_document = true;
  at->source_definite = tmp.source_definite;
  at->title_span = tmp.title_span;
  at->noun_begin = tmp.noun_begin;
  at->noun_end = tmp.noun_end;
  if (at->owner_end == 0) {
    at->owner_begin = tmp.owner_begin;
    at->owner_end = tmp.owner_end;
  }
}

// "(emphasis added)", "(emphasis mine)", "(my emphasis)".
void QuoteFinder::FindEmphasis(const std::vector<Token>& tk, Attribution* at) const {
  for (size_t i = 0; i + 1 < tk.size(); ++i) {
    if (!IsPunct(tk[i], '(')) continue;
    size_t k = i + 1;
    while (k < tk.size() && k < i + 6 && !IsPunct(tk[k], ')')) ++k;
    if (k >= tk.size() || !IsPunct(tk[k], ')')) continue;
    for (size_t j = i + 1; j < k; ++j) {
      if (IsWord(tk[j], "emphasis")) {
        at->emphasis_begin = tk[i].begin;
        at->emphasis_end = tk[k].end;
        return;
      }
    }
  }
}

// A cue before the quote: the nearest cue word walking left (across earlier
// quotes of the same sentence: `X said “A” and “B”`).
bool QuoteFinder::AttributeLeft(const std::vector<Token>& tk, Attribution* at) const {
  size_t n = tk.size();
  size_t limit = n > 30 ? n - 30 : 0;
  for (size_t i = n; i-- > limit;) {
    if (IsPunct(tk[i], ')')) {
      while (i > limit && !IsPunct(tk[i], '(')) --i;
      continue;
    }
    if (!IsCueAt(tk, i)) continue;
    // A participle right before the quote after a comma is fine ("…, saying “…”");
    // "asked" before a quote is the question's cue only with a subject.
    CuePhrase(tk, i, 0, at);
    if (IsWord(tk[i], "according")) {
      SubjectRight(tk, i + 2, n, at);
    } else if (!SubjectLeft(tk, i, 0, at)) {
      SubjectRight(tk, i + 1, n, at);  // "Said Trump: “…”"
    }
    FindSource(tk, 0, n, i, at);
    return true;
  }
  // No speech verb: a judgement with its object before the words, "X called
  // the move a “…”", "X accused them of “…”", "X described it as “…”". The
  // verb is the cue when its subject is found; right before the marks it is
  // a naming context instead (handled by IsNamingContext).
  for (size_t i = n; i-- > limit;) {
    if (tk[i].kind == Token::kSpan) break;
    if (tk[i].kind != Token::kWord || tk[i].cap || i + 2 > n) continue;
    bool judgement =
        IsWord(tk[i], "called") || IsWord(tk[i], "calling") || IsWord(tk[i], "accused") ||
        IsWord(tk[i], "accusing") || IsWord(tk[i], "described") || IsWord(tk[i], "describing") ||
        IsWord(tk[i], "branded") || IsWord(tk[i], "labelled") || IsWord(tk[i], "labeled");
    if (!judgement) continue;
    if (i + 1 < n && IsWord(tk[i + 1], "for")) return false;  // "called for"
    if (i > 0 &&
        (IsWord(tk[i - 1], "was") || IsWord(tk[i - 1], "is") || IsWord(tk[i - 1], "be") ||
         IsWord(tk[i - 1], "been") || IsWord(tk[i - 1], "being") || IsWord(tk[i - 1], "so"))) {
      return false;  // "was called", "so-called": a name, not a judgement
    }
    Attribution tmp;
    CuePhrase(tk, i, 0, &tmp);
    if (!SubjectLeft(tk, i, 0, &tmp) || tmp.mention == Attribution::kPhrase) return false;
    *at = tmp;
    return true;
  }
  return false;
}

// A cue after the quote: `,” he said`, `,” said Trump`, `,” Trump told Reuters`.
bool QuoteFinder::AttributeRight(const std::vector<Token>& tk, Attribution* at) const {
  size_t n = tk.size();
  size_t i = 0;
  while (i < n && tk[i].kind == Token::kPunct &&
         (tk[i].punct == ',' || tk[i].punct == '-' || tk[i].punct == '.' || tk[i].punct == '!' ||
          tk[i].punct == '?' || tk[i].punct == ':')) {
    ++i;
  }
  for (size_t j = i; j < n && j < i + 8; ++j) {
    if (tk[j].kind == Token::kSpan) return false;
    if (tk[j].kind == Token::kPunct && tk[j].punct != ',' && tk[j].punct != '(' &&
        tk[j].punct != ')' && tk[j].punct != '-') {
      return false;
    }
    if (!IsCueAt(tk, j)) continue;
    Attribution tmp;
    CuePhrase(tk, j, i, &tmp);
    bool ok = false;
    if (IsWord(tk[j], "according")) {
      ok = SubjectRight(tk, j + 2, n, &tmp);
    } else if (j == i || (Is(tk[j - 1], kAux | kAdverb) && tmp.cue_begin == tk[i].begin)) {
      ok = SubjectRight(tk, j + 1, n, &tmp);  // ", said Trump"
    } else {
      ok = SubjectLeft(tk, j, i, &tmp);  // ", he said", ", Trump told Reuters"
    }
    if (!ok) return false;
    FindSource(tk, i, n, j, &tmp);
    *at = tmp;
    return true;
  }
  return false;
}

// The intro of a block quote: the last cue of the sentence before the colon.
bool QuoteFinder::AttributeIntro(const std::vector<Token>& tk, Attribution* at) const {
  size_t n = tk.size();
  for (size_t i = n; i-- > 0;) {
    if (IsPunct(tk[i], ')')) {
      while (i > 0 && !IsPunct(tk[i], '(')) --i;
      continue;
    }
    if (!IsCueAt(tk, i)) continue;
    CuePhrase(tk, i, 0, at);
    if (IsWord(tk[i], "according")) {
      SubjectRight(tk, i + 2, n, at);
    } else if (!SubjectLeft(tk, i, 0, at)) {
      SubjectRight(tk, i + 1, n, at);
    }
    FindSource(tk, 0, n, i, at);
    FindEmphasis(tk, at);
    return true;
  }
  // No cue: a short phrase naming a document ("From the report (emphasis added):").
  size_t words = 0;
  for (const Token& tok : tk) words += tok.kind == Token::kWord;
  if (words > 12) return false;
  for (size_t i = 0; i < n; ++i) {
    if (Is(tk[i], kDocNoun) && !tk[i].cap) {
      DocumentPhrase(tk, i, 0, n, at);
      if (at->owner_end > at->owner_begin) {
        at->mention = Attribution::kName;
        at->mention_begin = at->owner_begin;
        at->mention_end = at->owner_end;
      }
      at->found = true;
      at->cue_begin = at->cue_end = 0;
      FindEmphasis(tk, at);
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Resolution of names, sources and links.

// Drops leading titles and nationalities from a person's name ("President
// Donald Trump" → "Donald Trump"); organisations keep their words.
std::string QuoteFinder::StripTitles(uint32_t begin, uint32_t end, bool* is_org,
                                     uint32_t* name_begin) const {
  Token buf[24];
  size_t n = 0;
  // Names are short; tokenise the mention (spans are never inside a name).
  uint32_t i = begin;
  while (i < end && n < 24) {
    CharClass c = ClassAt(t_, i);
    if (c != CharClass::kWord) {
      i += static_cast<uint32_t>(CodePointLength(t_, i));
      continue;
    }
    uint32_t j = i;
    while (j < end) {
      CharClass d = ClassAt(t_, j);
      unsigned char ch = Byte(t_, j);
      if (d == CharClass::kWord) {
        j += static_cast<uint32_t>(CodePointLength(t_, j));
      } else if ((ch == '-' || ch == '.' || ch == '\'' || ch == '&') && j + 1 < end &&
                 ClassAt(t_, j + 1) == CharClass::kWord) {
        ++j;
      } else {
        break;
      }
    }
    if (j < end && t_[j] == '.') ++j;
    Token tok;
    tok.begin = i;
    tok.end = j;
    std::string_view w = t_.substr(i, j - i);
    tok.flags = FlagsOf(w);
    if (!tok.flags && w.ends_with(".")) tok.flags = FlagsOf(w.substr(0, w.size() - 1));
    tok.cap = IsUpperAt(t_, i);
    size_t letters = 0, upper = 0;
    for (char ch : w) {
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ++letters;
      if (ch >= 'A' && ch <= 'Z') ++upper;
    }
    tok.all_caps = letters >= 2 && upper == letters;
    buf[n++] = tok;
    i = j;
  }
  size_t first = 0;
  while (first < n && (buf[first].flags & kFunction) && !(buf[first].flags & kTitle)) ++first;
  bool org = false;
  for (size_t k = first; k < n; ++k) {
    if ((buf[k].flags & kOrgWord) && buf[k].cap) org = true;
  }
  if (n - first == 1 && buf[first].all_caps) org = true;
  if (!org) {
    // The name proper follows the last title: "U.S. Secretary of Commerce
    // Malcolm Baldrige", "Santa Barbara County Sheriff Bill Brown". A title
    // with nothing after it but a connector stays ("The Queen and Duke of
    // Edinburgh", "Archbishop of Canterbury").
    size_t start = first;
    for (size_t k = first; k < n; ++k) {
      if (!(buf[k].flags & (kTitle | kNationality)) || !(buf[k].cap || buf[k].all_caps)) continue;
      size_t next = k + 1;
      if (next + 1 < n && (IsWord(buf[next], "of") || IsWord(buf[next], "for")) &&
          buf[next + 1].cap) {
        next += 2;  // the title's complement: "of Commerce", "for Health"
      }
      // A capitalised particle starts a name: "Mrs Van Dyke".
      if (next < n && (!(buf[next].flags & kConnector) || buf[next].cap)) start = next;
    }
    first = start;
    // "Dillard Spriggs of Petroleum Analysis Ltd", "Ole Berg of Lycos
    // Europe": the person, not the firm.
    for (size_t k = first + 2; k + 1 < n; ++k) {
      if (!(buf[k].flags & kConnector) || buf[k].cap) continue;
      bool org_after = IsWord(buf[k], "of");
      for (size_t j = first; j < k; ++j) {  // "Queen and Duke of Edinburgh" is a title
        if ((buf[j].flags & kTitle) || IsWord(buf[j], "and")) org_after = false;
      }
      for (size_t j = k + 1; j < n; ++j) org_after |= (buf[j].flags & kOrgWord) != 0;
      if (org_after) n = k;
      break;
    }
    // Post-nominal letters: "Ken Macdonald QC", "Jane Reed MP".
    if (n - first >= 3 && buf[n - 1].all_caps && buf[n - 1].end - buf[n - 1].begin <= 3) --n;
  } else {
    // A person after a title that follows the organisation: "White House
    // Press Secretary Jane Roe", "Dr. Tom Hill of University College London".
    for (size_t k = n; k-- > first;) {
      bool title =
          (buf[k].flags & kTitle) && !(buf[k].flags & kOrgWord) && (buf[k].cap || buf[k].all_caps);
      if (!title) continue;
      size_t s = k + 1, e = s;
      while (e < n && buf[e].cap && !(buf[e].flags & (kTitle | kOrgWord | kConnector))) ++e;
      if (e - s >= 2 && (e == n || IsWord(buf[e], "of"))) {
        first = s;
        n = e;
        org = false;
      }
      break;
    }
    // A person of an organisation is still a person: "Dillard Spriggs of Petroleum Analysis Ltd".
    for (size_t k = first; k < n; ++k) {
      if (!(buf[k].flags & kConnector) || buf[k].cap) continue;
      bool org_before = false;
      for (size_t j = first; j < k; ++j) {
        org_before |= (buf[j].flags & (kOrgWord | kTitle | kNationality)) != 0 || buf[j].all_caps;
      }
      if (!org_before && k - first >= 2 && IsWord(buf[k], "of")) {
        n = k;
        org = false;
      }
      break;
    }
  }
  *is_org = org;
  if (first >= n) {
    *name_begin = begin;
    return std::string(t_.substr(begin, end - begin));
  }
  *name_begin = buf[first].begin;
  uint32_t e = buf[n - 1].end;
  // "Robert Downey Jr." keeps its dot; other trailing dots are punctuation.
  std::string name(t_.substr(buf[first].begin, e - buf[first].begin));
  if (name.ends_with(".") && !name.ends_with("Jr.") && !name.ends_with("Sr.") &&
      !(name.size() >= 2 && name[name.size() - 3] == '.')) {
    name.pop_back();
  }
  return name;
}

// The capitalised run ending just before `pos` in the text (a name before
// "(DIA)", or ending with a surname), joined by connectors (Bank of England).
std::string_view CapitalisedRunBefore(std::string_view t, size_t pos) {
  size_t e = pos;
  while (e > 0 && t[e - 1] == ' ') --e;
  size_t run_begin = e, cur = e;
  for (int words = 0; words < 8; ++words) {
    size_t we = cur;
    if (words > 0) {
      if (we == 0 || t[we - 1] != ' ') break;
      --we;
    }
    size_t w = we;
    while (w > 0) {
      size_t p = PrevCodePoint(t, w);
      if (ClassAt(t, p) != CharClass::kWord && t[p] != '.' && t[p] != '-') break;
      w = p;
    }
    if (w == we) break;
    std::string_view word = t.substr(w, we - w);
    if (word.size() > 4 && word.back() == '.') break;  // "Tuesday." ends a sentence
    uint32_t flags = 0;
    if (word.size() < 40) {
      char buf[40];
      for (size_t k = 0; k < word.size(); ++k) {
        buf[k] =
            (word[k] >= 'A' && word[k] <= 'Z') ? static_cast<char>(word[k] - 'A' + 'a') : word[k];
      }
      int v = Words().Find(std::string_view(buf, word.size()));
      flags = v == Lexicon::kMissing ? 0 : static_cast<uint32_t>(v);
    }
    bool connector = word == "of" || word == "for" || word == "bin" || word == "al" ||
                     word == "de" || word == "van" || word == "von" || word == "and";
    if ((flags & (kFunction | kTime)) && !(flags & kTitle) && !connector) break;
    if (IsUpperAt(t, w)) {
      run_begin = w;
      cur = w;
      continue;
    }
    if (words == 0 || !connector) break;
    cur = w;  // kept only when a capitalised word comes before it
  }
  return t.substr(run_begin, e - run_begin);
}

std::string QuoteFinder::ExpandAcronym(std::string_view acronym, uint32_t before) const {
  std::string needle = "(" + std::string(acronym) + ")";
  size_t pos = t_.find(needle);
  if (pos == std::string_view::npos || pos >= before) return "";
  std::string_view run = CapitalisedRunBefore(t_, pos);
  if (run.empty() || run.find(' ') == std::string_view::npos) return "";
  // Drop a leading "The".
  if (run.starts_with("The ")) run.remove_prefix(4);
  return std::string(run);
}

// The author of "the report" from an earlier "report by [descriptor] Name"
// in the narration ("the report by telecoms giant BT" → BT): the latest one
// before `before`. Up to three lower-case words may describe the author.
std::string QuoteFinder::AuthorBefore(std::string_view noun, uint32_t before, bool* is_org) const {
  std::string needle = std::string(noun) + " by ";
  std::string best;
  for (size_t pos = t_.find(needle); pos != std::string_view::npos && pos < before;
       pos = t_.find(needle, pos + 1)) {
    if (pos > 0 && ClassAt(t_, PrevCodePoint(t_, pos)) == CharClass::kWord) continue;
    size_t i = pos + needle.size();
    for (int skipped = 0; skipped <= 3 && i < before; ++skipped) {
      if (IsUpperAt(t_, i)) break;
      size_t w = i;
      while (w < t_.size() && ClassAt(t_, w) == CharClass::kWord) ++w;
      std::string_view word = t_.substr(i, w - i);
      uint32_t f = FlagsOf(word);
      bool article = word == "the" || word == "a" || word == "an";
      if ((f & (kFunction | kPreposition | kCue)) && !article) break;
      if (w >= t_.size() || t_[w] != ' ') break;
      i = w + 1;
    }
    if (i >= before || !IsUpperAt(t_, i)) continue;
    size_t e = i;
    // A capitalised run: words, "&", connectors between capitalised words.
    while (e < t_.size()) {
      size_t w = e;
      while (w < t_.size() && (ClassAt(t_, w) == CharClass::kWord || t_[w] == '&' ||
                               (t_[w] == '.' && w + 1 < t_.size() && t_[w + 1] != ' '))) {
        w += CodePointLength(t_, w);
      }
      if (w == e) break;
      size_t next = w + 1;
      if (w < t_.size() && t_[w] == ' ' && next < t_.size() && IsUpperAt(t_, next)) {
        e = next;
        continue;
      }
      e = w;
      break;
    }
    bool org = false;
    uint32_t nb = 0;
    std::string name = StripTitles(static_cast<uint32_t>(i), static_cast<uint32_t>(e), &org, &nb);
    if (name.empty()) continue;
    Entity entity = Entity::kOther;
    std::string full = Canonical(name, org, static_cast<uint32_t>(i), &entity);
    best = full;
    *is_org = org || entity == Entity::kOrg || IsAcronym(full);
  }
  return best;
}

// The holder of a title used as a name ("the Archbishop of Canterbury"),
// named next to it elsewhere in the text: "the Archbishop of Canterbury, Dr
// Rowan Williams," or "Archbishop of Canterbury Rowan Williams". The name
// must have two or more capitalised words; "" when there is none.
std::string QuoteFinder::TitleHolder(std::string_view title) const {
  for (size_t pos = t_.find(title); pos != std::string_view::npos; pos = t_.find(title, pos + 1)) {
    size_t i = pos + title.size();
    if (i < t_.size() && t_[i] == ',') ++i;
    if (i >= t_.size() || t_[i] != ' ') continue;
    ++i;
    size_t b = i, e = i, words = 0;
    while (e < t_.size() && IsUpperAt(t_, e) && words < 6) {
      size_t w = e;
      while (w < t_.size() && (ClassAt(t_, w) == CharClass::kWord || t_[w] == '-' ||
                               t_[w] == '\'' || t_[w] == '.')) {
        w += CodePointLength(t_, w);
      }
      ++words;
      if (w + 1 < t_.size() && t_[w] == ' ' && IsUpperAt(t_, w + 1)) {
        e = w + 1;
        continue;
      }
      e = w;
      break;
    }
    if (words < 2) continue;
    while (e > b && t_[e - 1] == '.') --e;
    bool org = false;
    uint32_t nb = 0;
    std::string name = StripTitles(static_cast<uint32_t>(b), static_cast<uint32_t>(e), &org, &nb);
    if (org || name.find(' ') == std::string::npos) continue;
    bool names = true;  // no function or time word: "Canterbury, The Times said"
    for (size_t k = 0, w = 0; k <= name.size(); ++k) {
      if (k == name.size() || name[k] == ' ') {
        if (FlagsOf(std::string_view(name).substr(w, k - w)) & (kFunction | kTime | kCue)) {
          names = false;
        }
        w = k + 1;
      }
    }
    if (names) return name;
  }
  return "";
}

// The full name for a surname used alone: an earlier speaker whose name ends
// with it, else the earliest longer mention in the text before.
std::string QuoteFinder::FullNameFor(std::string_view word, uint32_t before) const {
  for (const std::string& s : speakers_) {
    if (s.size() > word.size() + 1 && std::string_view(s).ends_with(word) &&
        s[s.size() - word.size() - 1] == ' ') {
      return s;
    }
  }
  size_t pos = 0;
  while ((pos = t_.find(word, pos)) != std::string_view::npos && pos < before) {
    size_t e = pos + word.size();
    bool boundary = (pos == 0 || ClassAt(t_, PrevCodePoint(t_, pos)) != CharClass::kWord) &&
                    (e >= t_.size() || ClassAt(t_, e) != CharClass::kWord);
    if (boundary) {
      std::string_view run = CapitalisedRunBefore(t_, e);
      if (run.size() > word.size() && run.find(' ') != std::string_view::npos) {
        bool is_org = false;
        uint32_t nb = 0;
        auto rb = static_cast<uint32_t>(run.data() - t_.data());
        std::string name = StripTitles(rb, static_cast<uint32_t>(e), &is_org, &nb);
        if (name.size() > word.size() && !is_org) return name;
      }
    }
    pos = e;
  }
  return "";
}

std::string QuoteFinder::ResolveName(uint32_t begin, uint32_t end, bool after_the, bool* is_org,
                                     uint32_t* name_begin) const {
  std::string name = StripTitles(begin, end, is_org, name_begin);
  // A title alone ("the CEO told", "the President said") names no one.
  if (name.find(' ') == std::string::npos && (FlagsOf(name) & kTitle)) return "";
  // A title with its complement ("Archbishop of Canterbury"): its holder
  // when the text names him next to it.
  if (!*is_org && name.find(" of ") != std::string::npos) {
    size_t sp = name.find(' ');
    if (FlagsOf(std::string_view(name).substr(0, sp)) & kTitle) {
      std::string holder = TitleHolder(name);
      if (!holder.empty()) return holder;
    }
  }
  // "ambassador to Britain Liu Xiaming": the country belongs to the title.
  if (!*is_org && *name_begin == begin && std::count(name.begin(), name.end(), ' ') >= 2) {
    uint32_t p = begin;
    while (p > 0 && t_[p - 1] == ' ') --p;
    uint32_t w = p;
    while (w > 0 && ClassAt(t_, w - 1) == CharClass::kWord) --w;
    std::string_view prep = t_.substr(w, p - w);
    if (prep == "to" || prep == "of" || prep == "for") {
      uint32_t q = w;
      while (q > 0 && t_[q - 1] == ' ') --q;
      uint32_t v = q;
      while (v > 0 && ClassAt(t_, v - 1) == CharClass::kWord) --v;
      if (v < q && (FlagsOf(t_.substr(v, q - v)) & kTitle)) {
        size_t sp = name.find(' ');
        *name_begin = begin + static_cast<uint32_t>(sp + 1);
        name.erase(0, sp + 1);
      }
    }
  }
  if (after_the && name.find(' ') == std::string::npos) *is_org = true;
  {
    Entity entity = Entity::kOther;
    std::string full = Canonical(name, *is_org, begin, &entity);
    if (full != name) {
      if (entity == Entity::kOrg) *is_org = true;
      return full;
    }
    full = WithNobility(begin, *name_begin, name);
    if (full != name) return full;
  }
  if (name.find(' ') != std::string::npos || name.empty()) return name;
  bool all_caps = true;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') all_caps = false;
  }
  if (all_caps && name.size() >= 2) {
    std::string full = ExpandAcronym(name, begin);
    *is_org = true;
    return full.empty() ? name : full;
  }
  std::string full = FullNameFor(name, begin);
  return full.empty() ? name : full;
}

std::string QuoteFinder::LinkIn(uint32_t begin, uint32_t end) const {
  for (const Link& l : a_.links) {
    if (l.end <= begin || l.begin >= end) continue;
    if (l.href.empty() || l.href[0] == '#') continue;  // not a document
    return l.href;
  }
  return "";
}

std::string QuoteFinder::SourceText(const Attribution& at, const Resolved& r) const {
  std::string s;
  if (at.source_end > at.source_begin) {
    if (at.source_possessive && !r.speaker.empty()) {
      s = r.is_org ? r.speaker + " " : r.speaker + "'s ";
    }
    s.append(t_.substr(at.source_text_begin, at.source_text_end - at.source_text_begin));
    if (at.title_span >= 0) {
      const Span& sp = spans_[static_cast<size_t>(at.title_span)];
      std::string_view title = t_.substr(sp.inner_begin, sp.inner_end - sp.inner_begin);
      while (!title.empty() && (title.back() == ',' || title.back() == '.' || title.back() == ':' ||
                                title.back() == ' ')) {
        title.remove_suffix(1);
      }
      s += " \"";
      s.append(title);
      s += "\"";
    }
  }
  if (at.emphasis_end > at.emphasis_begin) {
    if (!s.empty()) s += ' ';
    s.append(t_.substr(at.emphasis_begin, at.emphasis_end - at.emphasis_begin));
  }
  return s;
}

Resolved QuoteFinder::Resolve(const Attribution& at) {
  Resolved r;
  if (!at.found) return r;
  EnsureMentions();
  r.cue = std::string(t_.substr(at.cue_begin, at.cue_end - at.cue_begin));
  switch (at.mention) {
    case Attribution::kNone:
      break;
    case Attribution::kPronoun: {
      r.speaker_begin = at.mention_begin;
      r.speaker_end = at.mention_end;
      std::string_view p = t_.substr(at.mention_begin, at.mention_end - at.mention_begin);
      bool he = p == "he" || p == "He";
      bool she = p == "she" || p == "She";
      bool thing = p == "it" || p == "It" || p == "they" || p == "They";
      if (he || she) {
        Gender g = he ? kMale : kFemale;
        bool same_block = last_quote_block_ == block_;
        if (same_block && last_quote_.speaker.empty() &&
            last_quote_.speaker_end > last_quote_.speaker_begin) {
          // `“…,” said one analyst. “…,” he added.`: the same unnamed person.
          break;
        }
        // Else the last subject that can be "he" / "she" (the speaker of the
        // quote before is one when named as its subject: "Smith said").
        const Mention* m = PersonBefore(at.mention_begin, g, "");
        r.speaker = m != nullptr ? m->name : last_person_;
        if (!r.speaker.empty() && GenderOf(r.speaker) == kUnknownGender) {
          genders_.push_back({r.speaker, g});
        }
      }
      if (thing) {
        const Mention* m = ThingBefore(at.mention_begin);
        if (m != nullptr) {
          r.speaker = m->name;
        } else {
          r.speaker = last_org_;
          if (r.speaker.empty()) {
            m = OrgBefore(at.mention_begin, "");
            if (m != nullptr) r.speaker = m->name;
          }
        }
        r.is_org = true;
      }
      break;
    }
    case Attribution::kName: {
      uint32_t nb = at.mention_begin;
      r.speaker =
          ResolveName(at.mention_begin, at.mention_end, at.mention_after_the, &r.is_org, &nb);
      r.speaker_begin = nb;
      r.speaker_end = at.mention_end;
      break;
    }
    case Attribution::kPhrase: {
      r.speaker_begin = at.mention_begin;
      r.speaker_end = at.mention_end;
      // "The Toyota spokesman said" after "Toyota spokesman Jerry Giaquinta":
      // the spokesman named before.
      if (const Mention* m = NamedSpokesperson(at.mention_begin, at.mention_end); m != nullptr) {
        r.speaker = m->name;
        break;
      }
      // An unnamed spokesman of a named organisation: the organisation.
      if (at.owner_end > at.owner_begin) {
        uint32_t nb = 0;
        r.speaker = ResolveName(at.owner_begin, at.owner_end, false, &r.is_org, &nb);
        // "the England captain": a person's role, not an organisation's
        // spokesman, when the owner is no organisation.
        if (!r.is_org) {
          Resolved role;
          PhraseSpeaker(at.mention_begin, at.mention_end, &role);
          if (!role.speaker.empty() && !role.is_org) r.speaker = role.speaker;
        }
        r.is_org = true;
      } else {
        PhraseSpeaker(at.mention_begin, at.mention_end, &r);
      }
      break;
    }
  }
  // A document without an owner ("The leaked report states"): "the report"
  // refers back to the document last quoted.
  if (r.speaker.empty() && at.mention == Attribution::kNone && at.source_is_document &&
      at.source_definite) {
    // "the company's statement said": the organisation last named.
    std::string_view src = t_.substr(at.source_begin, at.source_end - at.source_begin);
    size_t pos = src.find("'s ");
    if (pos != std::string_view::npos) {
      size_t w = src.rfind(' ', pos);
      std::string stem = Lower(src.substr(w == std::string_view::npos ? 0 : w + 1,
                                          pos - (w == std::string_view::npos ? 0 : w + 1)));
      bool generic = stem == "company" || stem == "firm" || stem == "group";
      if (generic || ((FlagsOf(stem) & kOrgWord) && !(FlagsOf(stem) & kTitle))) {
        const Mention* m = OrgBefore(at.source_begin, generic ? "" : stem);
        if (m != nullptr) {
          r.speaker = m->name;
          r.is_org = true;
        }
      }
    }
    if (r.speaker.empty() && at.noun_end > at.noun_begin) {
      r.speaker = AuthorBefore(t_.substr(at.noun_begin, at.noun_end - at.noun_begin),
                               at.source_begin, &r.is_org);
    }
    if (r.speaker.empty()) r.speaker = last_document_speaker_;
  }
  r.source = SourceText(at, r);
  r.from_document = at.source_is_document;
  if (at.source_end > at.source_begin) r.source_url = LinkIn(at.source_begin, at.source_end);
  return r;
}

void QuoteFinder::Remember(const Resolved& r) {
  if (r.speaker.empty()) return;
  if (r.is_org) {
    last_org_ = r.speaker;
  } else {
    last_person_ = r.speaker;
  }
  if (r.from_document) last_document_speaker_ = r.speaker;
  if (std::find(speakers_.begin(), speakers_.end(), r.speaker) == speakers_.end()) {
    speakers_.push_back(r.speaker);
  }
}

// ---------------------------------------------------------------------------
// Mentions.

std::string QuoteFinder::WithNobility(uint32_t begin, uint32_t name_begin,
                                      const std::string& name) const {
  if (name.find(' ') != std::string::npos || name_begin <= begin) return name;
  uint32_t e = name_begin;
  while (e > begin && t_[e - 1] == ' ') --e;
  uint32_t w = e;
  while (w > begin && ClassAt(t_, w - 1) == CharClass::kWord) --w;
  if (w == e || !IsUpperAt(t_, w)) return name;
  std::string_view word = t_.substr(w, e - w);
  if (!IsNobility(Lower(word))) return name;
  return std::string(word) + " " + name;
}

// The fullest name of the entity `name` (a name as written, titles dropped)
// refers to, from the mentions before `before`: a surname or first word
// ("Baldrige" → "Malcolm Baldrige", "Texaco" → "Texaco Inc"), an acronym
// ("B&B" → "Bradford & Bingley"), a shorter organisation name ("Dart Group" →
// "Dart Group Inc"). The most recent compatible mention wins; `name` itself
// when there is none.
std::string QuoteFinder::Canonical(std::string_view name, bool is_org, uint32_t before,
                                   Entity* entity) const {
  *entity = is_org ? Entity::kOrg : Entity::kOther;
  if (name.empty()) return "";
  bool multi = name.find(' ') != std::string_view::npos;
  bool acronym = !multi && IsAcronym(name);
  if (acronym) {
    std::string full = ExpandAcronym(name, before);
    if (!full.empty()) {
      *entity = Entity::kOrg;
      return full;
    }
  }
  for (size_t k = mentions_.size(); k-- > 0;) {
    const Mention& m = mentions_[k];
    if (m.end > before || m.name.size() <= name.size()) continue;
    std::string_view full = m.name;
    if (full.find(' ') == std::string_view::npos) continue;
    if (multi) {
      if (m.entity == Entity::kOrg && full.starts_with(name) && full[name.size()] == ' ') {
        *entity = Entity::kOrg;
        return m.name;
      }
      // "Parker Bowles" → "Camilla Parker Bowles".
      if (m.entity == Entity::kPerson && !is_org && full.ends_with(name) &&
          full[full.size() - name.size() - 1] == ' ') {
        *entity = Entity::kPerson;
        return m.name;
      }
      continue;
    }
    if (acronym) {
      if (m.entity != Entity::kPerson && InitialsMatch(name, full)) {
        *entity = Entity::kOrg;
        return m.name;
      }
      continue;
    }
    if (HasWord(full, name)) {
      *entity = m.entity;
      return m.name;
    }
  }
  if (acronym) *entity = Entity::kOrg;
  return std::string(name);
}

QuoteFinder::Gender QuoteFinder::GenderOf(std::string_view name, bool given_names) const {
  for (const auto& [n, g] : genders_) {
    if (n == name) return g;
  }
  for (const Mention& m : mentions_) {
    if (m.gender != kUnknownGender && m.name == name) return m.gender;
  }
  // The given name: the first word of a name of two or more words that is
  // no title ("Prince Andrew" → Andrew, "Emily Maitlis" → Emily). Only a
  // hint for "he" / "she": a firm named after its founder ("George Wimpey")
  // is still "it".
  if (!given_names) return kUnknownGender;
  size_t pos = 0;
  while (pos < name.size()) {
    size_t space = name.find(' ', pos);
    if (space == std::string_view::npos) break;  // the surname is no given name
    std::string_view w = name.substr(pos, space - pos);
    if (FlagsOf(w) & kTitle) {
      if (IsNobility(Lower(w))) {
        std::string lw = Lower(w);
        bool female =
            lw == "princess" || lw == "queen" || lw == "lady" || lw == "dame" || lw == "duchess";
        return female ? kFemale : kMale;
      }
      pos = space + 1;
      continue;
    }
    if (w.size() >= 16) break;
    char buf[16];
    for (size_t i = 0; i < w.size(); ++i) {
      char c = w[i];
      buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    int v = GivenNames().Find(std::string_view(buf, w.size()));
    if (v == 1) return kMale;
    if (v == 2) return kFemale;
    break;
  }
  return kUnknownGender;
}

// The most recent person mentioned before pos whose gender does not
// contradict `gender`; with a title ("the ambassador"), the most recent one
// described with it, else the most recent person.
const QuoteFinder::Mention* QuoteFinder::PersonBefore(uint32_t pos, Gender gender,
                                                      std::string_view title) const {
  const Mention* fallback = nullptr;
  std::string key;
  if (!title.empty()) key = " " + std::string(title) + " ";
  for (size_t k = mentions_.size(); k-- > 0;) {
    const Mention& m = mentions_[k];
    if (m.end > pos || m.entity != Entity::kPerson) continue;
    if (gender != kUnknownGender) {
      Gender g = GenderOf(m.name, true);
      if (g != kUnknownGender && g != gender) continue;
    }
    if (!key.empty()) {
      if (m.context.find(key) != std::string::npos) return &m;
    } else if (m.subject) {
      return &m;
    }
    if (fallback == nullptr) fallback = &m;
  }
  return fallback;
}

// The most recent organisation mentioned before pos whose name holds `head`
// ("the institute" → "Institute of Economic Research"), else the most
// recent one that was the subject of its sentence ("Texaco said …; the
// company said"), else the most recent one.
const QuoteFinder::Mention* QuoteFinder::OrgBefore(uint32_t pos, std::string_view head) const {
  const Mention* subject = nullptr;  // the last one that was a sentence's subject
  const Mention* fallback = nullptr;
  for (size_t k = mentions_.size(); k-- > 0;) {
    const Mention& m = mentions_[k];
    if (m.end > pos || m.entity != Entity::kOrg) continue;
    if (!head.empty() && Lower(m.name).find(head) != std::string::npos) return &m;
    if (subject == nullptr && m.subject) subject = &m;
    if (fallback == nullptr) fallback = &m;
  }
  return subject != nullptr ? subject : fallback;
}

// A definite description as the speaker: "the company" / "the institute" →
// the organisation last mentioned (preferring one with that word in its
// name); "the minister" / "the ambassador" → the person last described with
// that title, else the last person. Indefinite phrases ("a witness", "one
// buyer") name no one.
void QuoteFinder::PhraseSpeaker(uint32_t begin, uint32_t end, Resolved* r) const {
  std::string_view phrase = t_.substr(begin, end - begin);
  // "China's ambassador": definite too, but only for someone described so
  // before ("China's ambassador to Britain Liu Xiaming").
  size_t first_sp = phrase.find(' ');
  std::string_view first = phrase.substr(0, first_sp);
  bool possessive = first_sp != std::string_view::npos && IsUpperAt(phrase, 0) &&
                    (first.ends_with("'s") || first.ends_with("\xE2\x80\x99s"));
  if (!(phrase.starts_with("the ") || phrase.starts_with("The ") || possessive)) return;
  size_t sp = phrase.rfind(' ');
  std::string head = Lower(phrase.substr(sp + 1));
  if (head.ends_with("'s")) head.resize(head.size() - 2);
  uint32_t flags = FlagsOf(head);
  if (head == "firm" || head == "group" || head == "company" || head == "companies") {
    flags |= kOrgWord;
  }
  if ((flags & kOrgWord) && !(flags & kTitle)) {
    const Mention* m = OrgBefore(begin, head == "firm" ? "" : head);
    if (m != nullptr) {
      r->speaker = m->name;
      r->is_org = true;
    }
    return;
  }
  if (possessive && !(flags & kTitle)) {
    // "China's ambassador to Britain": the title is before its complement.
    std::string_view title = phrase.substr(first_sp + 1);
    size_t k = title.find(' ');
    if (k != std::string_view::npos) {
      head = Lower(title.substr(0, k));
      flags = FlagsOf(head);
    }
  }
  if ((flags & kTitle) && !head.starts_with("spokes")) {
    const Mention* m = PersonBefore(begin, kUnknownGender, head);
    // Its holder named elsewhere: "China's ambassador to Britain Liu Xiaming".
    if (possessive && (m == nullptr || m->context.find(" " + head + " ") == std::string::npos)) {
      std::string holder = TitleHolder(phrase);
      if (!holder.empty()) {
        r->speaker = holder;
        return;
      }
    }
    // "the regional manager for one of the companies": someone else, unless
    // described so before.
    bool complement = phrase.find(" of ") != std::string_view::npos ||
                      phrase.find(" for ") != std::string_view::npos ||
                      phrase.find(" with ") != std::string_view::npos;
    std::string key = " " + head + " ";
    if (m != nullptr &&
        (!(complement || possessive) || m->context.find(key) != std::string::npos)) {
      r->speaker = m->name;
    }
  }
}

// "the spokesman" / "the Toyota spokeswoman": the latest person described
// with that word before (a definite phrase only: "a spokesman" is someone
// else), and when the phrase names an organisation, with its first word in
// the description too ("Toyota spokesman Jerry Giaquinta").
const QuoteFinder::Mention* QuoteFinder::NamedSpokesperson(uint32_t begin, uint32_t end) const {
  std::string_view phrase = t_.substr(begin, end - begin);
  if (!(phrase.starts_with("the ") || phrase.starts_with("The "))) return nullptr;
  size_t sp = phrase.rfind(' ');
  std::string head = Lower(phrase.substr(sp + 1));
  if (!head.starts_with("spokes")) return nullptr;
  std::string owner;  // "toyota" in "The Toyota spokesman"
  size_t first_sp = phrase.find(' ');
  if (first_sp < sp) {
    size_t w2 = phrase.find(' ', first_sp + 1);
    std::string_view w = phrase.substr(first_sp + 1, w2 - first_sp - 1);
    if (!w.empty() && IsUpperAt(w, 0)) owner = Lower(w);
  }
  std::string key = " " + head + " ";
  for (size_t k = mentions_.size(); k-- > 0;) {
    const Mention& m = mentions_[k];
    if (m.end > begin || m.entity != Entity::kPerson) continue;
    if (m.context.find(key) == std::string::npos) continue;
    if (!owner.empty()) {
      // The organisation right before the description.
      uint32_t from = m.begin > 80 ? m.begin - 80 : 0;
      std::string before = Lower(t_.substr(from, m.begin - from));
      if (before.find(owner) == std::string::npos) continue;
    }
    return &m;
  }
  return nullptr;
}

// What "it" / "they" refers to: the most recent subject of a sentence in
// this or the previous paragraph that is not a person known to be "he" or
// "she" (a company named after its founder, "George Wimpey", is one).
const QuoteFinder::Mention* QuoteFinder::ThingBefore(uint32_t pos) const {
  for (size_t k = mentions_.size(); k-- > 0;) {
    const Mention& m = mentions_[k];
    if (m.end > pos) continue;
    if (m.block + 1 < block_) break;
    if (!m.subject) continue;
    if (m.entity == Entity::kPerson && GenderOf(m.name) != kUnknownGender) continue;
    return &m;
  }
  return nullptr;
}

// Mentions are collected lazily, up to the current block, the first time a
// speaker is resolved: pages without quotes never pay for them.
void QuoteFinder::EnsureMentions() {
  for (; mentions_block_ <= block_ && mentions_block_ < a_.blocks.size(); ++mentions_block_) {
    if (IsProse(mentions_block_)) CollectMentions(mentions_block_);
  }
}

// Records the names in the narration of block b (quoted words excluded).
// A run of capitalised words (NameRunRight) is a mention; its name is the
// run without titles, resolved to the fullest earlier name (Canonical). It
// is an organisation when it has an organisation word (Inc, Ministry), an
// ampersand, is an acronym or follows "the"; a person when it has two to
// four words and none of them a nationality, month or function word, and it
// does not follow a preposition of place ("in New Delhi"); a single word is
// kept only when it resolves to an earlier fuller mention. Titles and
// descriptions around a person ("ambassador", ", the commander of") are kept
// for "the ambassador said"; Mr/Ms/Mrs and similar give the gender.
void QuoteFinder::CollectMentions(size_t b) {
  const auto& block = a_.blocks[b];
  Tokenize(block.begin, block.end, &mention_tokens_);
  const std::vector<Token>& tk = mention_tokens_;
  const size_t n = tk.size();
  bool named_in_sentence = false;  // a name came earlier in this sentence
  size_t sentence_begin = 0;
  for (size_t i = 0; i < n;) {
    const Token& t = tk[i];
    if (t.kind == Token::kPunct && IsTerminal(t.punct)) {
      named_in_sentence = false;
      sentence_begin = i + 1;
    }
    if (t.kind == Token::kSpan) {
      const Span& sp = spans_[static_cast<size_t>(t.span)];
      if (sp.inner_end > sp.inner_begin && IsTerminal(t_[sp.inner_end - 1])) {
        named_in_sentence = false;
        sentence_begin = i + 1;
      }
    }
    bool stage = IsStageNumber(tk, i, sentence_begin);
    bool starts = t.kind == Token::kWord &&
                  (stage || IsNameWord(t) || (t.all_caps && !(t.flags & kPronoun)) ||
                   (t.possessive && t.cap && !(t.flags & (kFunction | kPronoun))));
    if (!starts) {
      ++i;
      continue;
    }
    size_t e = NameRunRight(tk, stage ? i + 1 : i, n);
    // "50 Cent, real name Curtis Jackson,": an alias, not another person.
    if (i >= 2 && IsWord(tk[i - 1], "name") && IsWord(tk[i - 2], "real")) {
      i = std::max(e, i + 1);
      continue;
    }
    if (e <= i) e = i + 1;
    // "Charles and Camilla Parker Bowles", "Texaco and Pennzoil": two names;
    // "Securities and Exchange Commission" is one.
    for (size_t k = i + 1; k + 1 < e; ++k) {
      if (!IsWord(tk[k], "and")) continue;
      bool org_after = false;
      for (size_t j = k + 1; j < e; ++j) org_after |= (tk[j].flags & kOrgWord) != 0;
      // "Institute for Spam and Internet Public Policy": one organisation.
      for (size_t j = i; j < k; ++j) {
        org_after |= (tk[j].flags & kOrgWord) != 0 && tk[j].cap && j + 1 < k &&
                     (IsWord(tk[j + 1], "for") || IsWord(tk[j + 1], "of"));
      }
      if (!org_after) e = k;
      break;
    }
    uint32_t mb = t.begin, me = tk[e - 1].end;
    if (tk[e - 1].possessive) me -= Byte(t_, me - 1) == 's' && t_[me - 2] == '\'' ? 2 : 4;
    if (IsPunct(tk[e - 1], '.')) me = tk[e - 1].begin;
    bool after_the = i > 0 && IsWord(tk[i - 1], "the");
    bool is_org = false;
    uint32_t nb = mb;
    std::string name = StripTitles(mb, me, &is_org, &nb);
    // "ambassador to Britain Liu Xiaming": the country belongs to the title.
    if (!is_org && i >= 2 && e - i >= 3 &&
        (IsWord(tk[i - 1], "to") || IsWord(tk[i - 1], "of") || IsWord(tk[i - 1], "for")) &&
        Is(tk[i - 2], kTitle)) {
      size_t sp = name.find(' ');
      if (sp != std::string::npos && nb == mb) {
        name.erase(0, sp + 1);
        nb = tk[i + 1].begin;
      }
    }
    bool multi = name.find(' ') != std::string::npos;
    if (name.find('&') != std::string::npos || (!multi && IsAcronym(name)) ||
        (after_the && !multi)) {
      is_org = true;
    }
    if (!multi && (FlagsOf(name) & kTitle)) {  // a title alone
      i = e;
      continue;
    }
    Entity entity = Entity::kOther;
    std::string full = Canonical(name, is_org, mb, &entity);
    full = WithNobility(mb, nb, full);
    bool full_multi = full.find(' ') != std::string::npos;
    bool before_cue = e < n && IsCueAt(tk, e);
    bool sentence_initial = i == 0 ||
                            (tk[i - 1].kind == Token::kPunct && IsTerminal(tk[i - 1].punct)) ||
                            tk[i - 1].kind == Token::kSpan;
    if (!full_multi && entity != Entity::kOrg && full == name &&
        (sentence_initial || !IsUpperAt(t_, mb)) && !before_cue) {
      // An unknown single word at a sentence start: maybe no name at all.
      i = e;
      continue;
    }
    Mention m;
    m.begin = mb;
    m.end = me;
    m.block = b;
    {
      // The subject: the first name of its sentence, not after a preposition
      // nor a possessive, or a name right before a verb ("Smith said").
      // Near the start: "The company that runs the AMAs" has no name subject.
      size_t lead = 0;
      for (size_t k = sentence_begin; k < i; ++k) {
        lead += tk[k].kind == Token::kWord && !(tk[k].possessive && tk[k].cap);
      }
      bool first = !named_in_sentence && !tk[e - 1].possessive && lead <= 3 &&
                   !(i > 0 && (Is(tk[i - 1], kPreposition) || IsWord(tk[i - 1], "of")));
      size_t k = e;
      if (k < n && IsPunct(tk[k], ',')) {  // "Smith, the chief executive, said"
        while (k < n && k < e + 12 && !IsPunct(tk[k + 1 < n ? k + 1 : k], ',')) ++k;
        k += 2;
      }
      // A speech verb, maybe after auxiliaries ("has said"); not any verb:
      // "said Franklin would" makes Franklin the subject of a clause only.
      while (k < n && k < e + 16 && Is(tk[k], kAux) && !Is(tk[k], kCue) && !tk[k].cap) ++k;
      bool verb = k < n && IsCueAt(tk, k);
      // "…, said Mr Pollmann": the inverted subject.
      if (i > 1 && IsCueAt(tk, i - 1) && !IsWord(tk[i - 1], "according") &&
          (tk[i - 2].kind == Token::kSpan || IsPunct(tk[i - 2], ','))) {
        verb = true;
      }
      m.subject = (first || verb) && !tk[e - 1].possessive;
      // "The Guardian's film critic Peter Bradshaw felt": the possessive
      // qualifies the subject that follows.
      if (!tk[e - 1].possessive) named_in_sentence = true;
    }
    m.name = full;
    if (is_org || entity == Entity::kOrg) {
      m.entity = Entity::kOrg;
    } else if (full != name || !multi) {
      m.entity = entity;  // a reference to an earlier mention
      if (WithNobility(mb, nb, name) != name) m.entity = Entity::kPerson;
    } else {
      size_t words = 1;
      for (char c : name) words += c == ' ';
      bool person = words <= 4;
      for (size_t k = i; k < e && person; ++k) {
        if (tk[k].begin < nb) continue;
        if (tk[k].flags & (kNationality | kTime | kFunction)) person = false;
      }
      // "in New Delhi" is a place; "ambassador to Britain Liu Xiaming" (the
      // country dropped from the name) is a person.
      if (person && nb == mb && i > 0 && Is(tk[i - 1], kPreposition) && !IsWord(tk[i - 1], "by") &&
          !IsWord(tk[i - 1], "with") &&
          !(i > 1 && IsWord(tk[i - 1], "to") && IsWord(tk[i - 2], "according"))) {
        person = false;
      }
      // "the United States", "the Liberal Democrats"; but "the real Prince Andrew".
      if (after_the && nb == mb) person = false;
      // "the Davis Cup", "Abbey Road", "the Nobel Prize": an event, place or
      // thing; "the film Vera Drake": a title after a naming noun.
      if (person && (tk[e - 1].flags & kThingHead)) person = false;
      if (person && i > 0 && Is(tk[i - 1], kNaming) && !tk[i - 1].cap) person = false;
      m.entity = person ? Entity::kPerson : Entity::kOther;
    }
    // Titles around the name, and its gender.
    m.context = " ";
    auto note = [&](const Token& w) {
      if (w.kind != Token::kWord || !(w.flags & kTitle)) return;
      std::string lw = Lower(t_.substr(w.begin, w.end - w.begin));
      if (!lw.empty() && lw.back() == '.') lw.pop_back();
      if (lw == "mr" || lw == "sir" || lw == "king" || lw == "prince" || lw == "lord" ||
          lw == "duke" || lw == "earl" || lw == "baron" || lw == "father") {
        m.gender = kMale;
      } else if (lw == "mrs" || lw == "ms" || lw == "miss" || lw == "queen" || lw == "princess" ||
                 lw == "lady" || lw == "dame" || lw == "duchess") {
        m.gender = kFemale;
      }
      m.context += lw;
      m.context += ' ';
    };
    size_t from = i;
    // Titles before the name, up to another name or a verb: "Toyota
    // spokesman Jerry Giaquinta", "ambassador to Britain Liu Xiaming"; not
    // "Foreign Minister Wen Lei met Ambassador Ian Hale".
    while (from > 0 && i - from < 4 && tk[from - 1].kind == Token::kWord) {
      const Token& w = tk[from - 1];
      bool descriptive = (w.flags & (kTitle | kNationality | kConnector)) || IsWord(w, "to") ||
                         (IsNameWord(w) && from < i && Is(tk[from], kTitle));
      if (!descriptive) break;
      --from;
    }
    for (size_t k = from; k < e && tk[k].begin < nb; ++k) note(tk[k]);
    if (e < n && IsPunct(tk[e], ',')) {
      // An apposition closes with a comma or the sentence's end ("Smith, the
      // chief executive, said"); "According to Hosoda, the vice minister
      // did …" describes someone else.
      size_t k = e + 1;
      while (k < n && k < e + 10 && tk[k].kind == Token::kWord) ++k;
      bool closes =
          k >= n || IsPunct(tk[k], ',') || (tk[k].kind == Token::kPunct && IsTerminal(tk[k].punct));
      // No verb in it, unless a relative clause: "Hosoda, the minister did not".
      for (size_t j = e + 1; closes && j < k && !Is(tk[e + 1], kRelative); ++j) {
        if (IsCueAt(tk, j) || (Is(tk[j], kAux) && !Is(tk[j], kAdverb))) closes = false;
      }
      for (size_t j = e + 1; closes && j < k; ++j) note(tk[j]);
    }
    mentions_.push_back(std::move(m));
    i = e;
  }
}

// ---------------------------------------------------------------------------
// Quotes.

// A naming word right before the marks: so-called “…”, the term “…”, its
// article “…”, known as “…”, a “…” (a determiner after "called").
bool QuoteFinder::IsNamingContext(const std::vector<Token>& left) const {
  size_t i = left.size();
  int steps = 0;
  while (i > 0 && steps++ < 3) {
    const Token& p = left[i - 1];
    if (p.kind == Token::kPunct && (p.punct == ',' || p.punct == ':')) {
      --i;
      continue;
    }
    if (IsWord(p, "a") || IsWord(p, "an") || IsWord(p, "the") || IsWord(p, "it") ||
        IsWord(p, "them") || IsWord(p, "him") || IsWord(p, "her") || IsWord(p, "this")) {
      --i;
      continue;
    }
    if (p.kind != Token::kWord) return false;
    if (IsWord(p, "as"))
      return i >= 2 && (IsWord(left[i - 2], "known") || IsWord(left[i - 2], "such") ||
                        IsWord(left[i - 2], "described"));
    return Is(p, kNaming | kDocNoun) && !p.cap;
  }
  return false;
}

// Unattributed marks hold a quotation when the words look like speech: at
// least six words, not a title in title case, ending with sentence
// punctuation inside the marks or speaking in the first or second person.
bool QuoteFinder::LooksLikeSpeech(uint32_t begin, uint32_t end, size_t words) const {
  if (words < 6) return false;
  size_t long_words = 0, capitalised = 0;
  bool first_person = false;
  uint32_t i = begin;
  while (i < end) {
    if (ClassAt(t_, i) != CharClass::kWord) {
      i += static_cast<uint32_t>(CodePointLength(t_, i));
      continue;
    }
    uint32_t j = i;
    while (j < end && (ClassAt(t_, j) == CharClass::kWord || t_[j] == '\'')) {
      j += static_cast<uint32_t>(CodePointLength(t_, j));
    }
    if (j - i >= 4) {
      ++long_words;
      capitalised += IsUpperAt(t_, i);
    }
    if (FlagsOf(t_.substr(i, j - i)) & kFirstPerson) first_person = true;
    i = j;
  }
  if (long_words > 0 && capitalised * 10 >= long_words * 7) return false;  // Title Case
  char last = t_[end - 1];
  return first_person || IsTerminal(last) || last == ',';
}

size_t CountWords(std::string_view t, uint32_t begin, uint32_t end) {
  size_t n = 0;
  bool in_word = false;
  for (uint32_t i = begin; i < end;) {
    bool w = ClassAt(t, i) == CharClass::kWord;
    if (w && !in_word) ++n;
    in_word = w || (in_word && (t[i] == '\'' || t[i] == '-'));
    i += static_cast<uint32_t>(CodePointLength(t, i));
  }
  return n;
}

void QuoteFinder::Emit(const char* kind, uint32_t begin, uint32_t end, const Resolved& r) {
  // Trim white space inside the marks.
  while (begin < end && ClassAt(t_, begin) == CharClass::kSpace) {
    begin += static_cast<uint32_t>(CodePointLength(t_, begin));
  }
  while (end > begin && (Byte(t_, end - 1) == ' ' || Byte(t_, end - 1) == '\n')) --end;
  if (end <= begin) return;
  Quote q;
  q.kind = kind;
  q.begin = begin;
  q.end = end;
  q.text = std::string(t_.substr(begin, end - begin));
  q.speaker = r.speaker;
  q.speaker_begin = r.speaker_begin;
  q.speaker_end = r.speaker_end;
  // The last line of defence for the offsets contract: a mention span that
  // is inverted, out of the text or longer than any name means the
  // attribution went wrong (seen on machine-generated text); no speaker
  // beats a wrong one.
  constexpr uint32_t kMaxMentionBytes = 160;
  if (q.speaker_end < q.speaker_begin || q.speaker_end > t_.size() ||
      q.speaker_end - q.speaker_begin > kMaxMentionBytes || q.speaker.size() > kMaxMentionBytes) {
    q.speaker.clear();
    q.speaker_begin = q.speaker_end = 0;
  }
  q.cue = r.cue;
  q.source = r.source;
  q.source_url = r.source_url;
  // A quote read inside a block quote: the block's document is its source.
  if (begin < block_quote_end_ && q.source.empty() && q.speaker != block_quote_.speaker) {
    q.source = block_quote_.source.empty() ? block_quote_.speaker : block_quote_.source;
    q.source_url = block_quote_.source_url;
  }
  out_.push_back(std::move(q));
  Remember(r);
  if (std::string_view(kind) != "block") {
    last_quote_block_ = block_;
    last_quote_ = r;
  }
}

// Whether the quote in marks is a quotation, and of which kind. The rule:
//   1. A name, not a quote, when a naming word comes right before the marks
//      (so-called, called, dubbed, titled, the term, the slogan, its article:
//      a quoted title there is the cited source's title).
//   2. Not a quote when it is a single word (a scare quote), even attributed.
//   3. A quote when its sentence attributes it: a cue with its speaker before
//      it (`Trump said the US acted “to stop a war”`), after it (`“…,” he
//      said`), an intro ending in a colon, or the paragraph before when this
//      paragraph is nothing but a quote continuing the same speaker's words.
//   4. Else a quote only when it looks like speech (LooksLikeSpeech);
//      otherwise a scare quote or a title.
// Kind: "direct" when the marks hold a clause of its own (they open the
// sentence or follow a cue with a comma or colon, and they close the
// sentence or end with punctuation or a cue follows), else "partial".
void QuoteFinder::EvaluateSpan(size_t s) {
  const Span sp = spans_[s];
  if (sp.inner_end <= sp.inner_begin) return;
  const auto& block = a_.blocks[block_];
  size_t words = CountWords(t_, sp.inner_begin, sp.inner_end);

  // The sentence around the marks: its part before and after them.
  uint32_t left_begin, right_end;
  if (sp.continued) {
    left_begin = sp.open;
  } else {
    left_begin = SentenceStart(sp.open, block.begin, block_first_span_);
  }
  right_end = sp.closed ? SentenceEnd(sp.close_end, block.end, s + 1) : sp.close_end;
  Tokenize(left_begin, sp.open, &left_);
  Tokenize(sp.close_end, right_end, &right_);

  if (!sp.continued && IsNamingContext(left_)) return;

  Resolved r;
  bool attributed = false;
  if (sp.continued) {
    if (carry_attributed_) {
      r = carry_attribution_;
      attributed = true;
    }
  }
  Attribution at;
  if (!attributed) {
    // Words closed by a full stop followed by a capitalised word: a new
    // sentence starts after the marks (`“… a new deal.” City announced
    // debts`), whose cue is not this quote's; unless it opens with its
    // subject and a speech verb (`“…” Mr Doctorow said the …`): the speaker
    // goes on in reported speech.
    bool full_stop = sp.closed && t_[sp.inner_end - 1] == '.' && !right_.empty() &&
                     right_[0].kind == Token::kWord && right_[0].cap && !IsCueAt(right_, 0);
    if (full_stop) {
      size_t e = NameRunRight(right_, 0, right_.size());
      if (e > 0 && e < right_.size() && !right_[e - 1].possessive && IsCueAt(right_, e) &&
          !IsWord(right_[e], "according")) {
        full_stop = false;
      }
    }
    if (AttributeLeft(left_, &at) || (!full_stop && AttributeRight(right_, &at))) {
      r = Resolve(at);
      attributed = true;
    }
  }
  if (!attributed && inherit_block_ == block_) {
    r = inherit_;
    attributed = true;
  }
  bool sentence_start = left_.empty();
  if (!attributed && sentence_start && last_quote_block_ != SIZE_MAX &&
      last_quote_block_ + 1 >= block_ &&
      (!last_quote_.speaker.empty() || !last_quote_.cue.empty()) && (words >= 4 || !sp.closed)) {
    // A sentence (or paragraph) opening with a quote right after a quote of
    // someone, in the same or the previous paragraph, continues that speaker's
    // utterance: same speaker and cue, no mention of its own.
    r = last_quote_;
    r.speaker_begin = r.speaker_end = 0;
    attributed = true;
  }
  if (words < 2) return;
  if (!attributed && !LooksLikeSpeech(sp.inner_begin, sp.inner_end, words)) return;
  if (!attributed && sentence_start) {
    EnsureMentions();
    // A quote opening its sentence with no cue, after a paragraph about
    // someone: the person that paragraph (or this one) is about speaks.
    const Mention* m = PersonBefore(sp.open, kUnknownGender, "");
    if (m != nullptr && m->block + 1 >= block_) {
      r.speaker = m->name;
      attributed = true;
    } else if (block_ > 0 && IsProse(block_ - 1)) {
      // The paragraph before is about "he" / "she" ("He also told the
      // association that …"): that person.
      std::string_view prev = BlockText(block_ - 1);
      bool he = prev.starts_with("He "), she = prev.starts_with("She ");
      bool reported = false;  // and reports his or her words: a speech verb
      if (he || she) {
        Tokenize(a_.blocks[block_ - 1].begin, a_.blocks[block_ - 1].end, &mention_tokens_);
        for (size_t k = 0; k < mention_tokens_.size() && k < 12 && !reported; ++k) {
          reported = IsCueAt(mention_tokens_, k);
        }
      }
      if (reported) {
        m = PersonBefore(a_.blocks[block_ - 1].begin, he ? kMale : kFemale, "");
        if (m != nullptr) {
          r.speaker = m->name;
          attributed = true;
        }
      }
    }
  }
  if (!sp.closed && !attributed) return;

  // Kind.
  bool starts_clause = sp.continued || left_.empty();
  if (!left_.empty()) {
    const Token& p = left_.back();
    if (p.kind == Token::kPunct && (p.punct == ',' || p.punct == ':' || p.punct == '-')) {
      starts_clause = true;
    }
    if (p.kind == Token::kWord && (p.flags & kCue) && IsUpperAt(t_, sp.inner_begin)) {
      starts_clause = true;
    }
  }
  char last = t_[sp.inner_end - 1];
  bool ends_clause = !sp.closed || IsTerminal(last) || last == ',' || last == ';' || last == ':' ||
                     Byte(t_, sp.inner_end - 1) == 0xA6;  // …
  if (!ends_clause && right_.empty()) ends_clause = true;
  if (!ends_clause && right_[0].kind == Token::kPunct) {
    char c = right_[0].punct;
    Attribution tmp;
    // The sentence ends, or `“…”, he said`: a cue follows.
    ends_clause = IsTerminal(c) || ((c == ',' || c == '-') && AttributeRight(right_, &tmp));
  }
  const char* kind = starts_clause && ends_clause ? "direct" : "partial";

  if (sp.continued || !sp.closed) {
    // Keep the attribution for the rest of the quote in the next paragraph.
    carry_attribution_ = r;
    carry_attributed_ = attributed;
  }
  Emit(kind, sp.inner_begin, sp.inner_end, r);
}

// A block quote starting at block b: a run of <blockquote> blocks, or the
// paragraphs an intro introduces. One quote per paragraph.
void QuoteFinder::StartBlockQuote(size_t b) {
  const auto& blocks = a_.blocks;
  Resolved r;
  if (intro_pending_) r = intro_resolved_;
  size_t last = b;
  if (blocks[b].kind == BlockKind::kBlockquote) {
    while (last + 1 < blocks.size() && blocks[last + 1].kind == BlockKind::kBlockquote) ++last;
    // A closing attribution line: "— Name (@handle) date", "– Name".
    std::string_view tail = BlockText(last);
    bool signed_line = tail.starts_with("\xE2\x80\x94") || tail.starts_with("\xE2\x80\x93") ||
                       tail.starts_with("- ") || tail.starts_with("~");
    if (signed_line && !intro_pending_) {
      uint32_t i = blocks[last].begin;
      while (i < blocks[last].end && ClassAt(t_, i) != CharClass::kWord) {
        i += static_cast<uint32_t>(CodePointLength(t_, i));
      }
      Tokenize(i, blocks[last].end, &left_);
      size_t e = NameRunRight(left_, 0, left_.size());
      if (e > 0) {
        Attribution at;
        at.found = true;
        at.mention = Attribution::kName;
        at.mention_begin = left_[0].begin;
        at.mention_end = left_[e - 1].end;
        r = Resolve(at);
      }
    }
    if (signed_line && last > b) --last;
  } else {
    // Paragraphs after an intro: the first, then the next while the text
    // visibly continues (no sentence end, or a lower-case start); list items
    // as a run.
    BlockKind kind = blocks[b].kind;
    while (last + 1 < blocks.size() && last - b < 30) {
      const auto& next = blocks[last + 1];
      if (next.kind != kind) break;
      if (kind == BlockKind::kListItem) {
        ++last;
        continue;
      }
      if (last - b >= 2) break;
      std::string_view cur = BlockText(last);
      std::string_view nt = BlockText(last + 1);
      while (!cur.empty() && (cur.back() == ' ' || cur.back() == '*')) cur.remove_suffix(1);
      bool open_end = !cur.empty() && (ClassAt(cur, cur.size() - 1) == CharClass::kWord ||
                                       cur.back() == ',' || cur.back() == ';');
      bool lower_start = !nt.empty() && IsLowerAsciiAt(nt, 0);
      if (!open_end && !lower_start) break;
      if (!nt.empty() && nt.back() == ':') break;
      ++last;
    }
  }
  block_quote_ = r;
  block_quote_end_ = blocks[last].end;
  for (size_t k = b; k <= last; ++k) {
    uint32_t qb = blocks[k].begin, qe = blocks[k].end;
    // A block wholly in quote marks: the marks are not part of the quote.
    uint32_t len = 0;
    MarkCode m = MarkAt(t_, qb, &len);
    if (m != kNoMark && qe > qb + len) {
      size_t p = PrevCodePoint(t_, qe);
      uint32_t len2 = 0;
      MarkCode m2 = MarkAt(t_, p, &len2);
      if (m2 != kNoMark && FamilyOf(m2) == FamilyOf(m) && p > qb) {
        qb += len;
        qe = static_cast<uint32_t>(p);
      }
    }
    Emit("block", qb, qe, r);
  }
  intro_pending_ = false;
}

// A signature paragraph in plain text: a dash, a name and maybe a handle and
// a date ("— Jane Roe (@jroe) November 18, 2019", "– Ann**"), the way
// embedded tweets and reader reviews are signed. The paragraph before it is
// the signed words: its quote in marks gets the name as speaker, or, with no
// quote, it is a block quote; earlier short paragraphs join the block while
// they read like the post (no speech verb, first person when long) and are
// not quotes or signatures themselves.
void QuoteFinder::SignedParagraph(size_t b) {
  const auto& blocks = a_.blocks;
  if (b == 0 || blocks[b].kind != BlockKind::kParagraph) return;
  std::string_view text = BlockText(b);
  if (text.size() > 120) return;
  if (!(text.starts_with("\xE2\x80\x94 ") || text.starts_with("\xE2\x80\x93 "))) return;
  // The name: up to a handle in brackets; trailing symbols (emoji) dropped.
  uint32_t nb = blocks[b].begin + 4, ne = blocks[b].end;
  size_t paren = text.find(" (");
  if (paren != std::string_view::npos) ne = blocks[b].begin + static_cast<uint32_t>(paren);
  while (ne > nb && (Byte(t_, ne - 1) >= 0x80 || Byte(t_, ne - 1) == ' ')) --ne;
  // Leading titles: "Governor Kristi Noem", "Rep. Ilhan Omar".
  while (nb < ne) {
    uint32_t w = nb;
    while (w < ne && t_[w] != ' ') ++w;
    if (w >= ne || !(FlagsOf(t_.substr(nb, w - nb)) & kTitle) || !IsUpperAt(t_, nb)) break;
    nb = w + 1;
  }
  if (ne <= nb || ClassAt(t_, nb) != CharClass::kWord) return;
  Resolved r;
  r.speaker = std::string(t_.substr(nb, ne - nb));
  r.speaker_begin = nb;
  r.speaker_end = ne;
  auto quoted = [&](size_t k) {
    for (const Quote& q : out_) {
      if (q.begin < blocks[k].end && q.end > blocks[k].begin) return true;
    }
    return false;
  };
  size_t prev = b - 1;
  if (!IsProse(prev)) return;
  if (quoted(prev)) {
    for (Quote& q : out_) {
      if (q.begin >= blocks[prev].begin && q.end <= blocks[prev].end && q.speaker.empty()) {
        q.speaker = r.speaker;
        q.speaker_begin = r.speaker_begin;
        q.speaker_end = r.speaker_end;
      }
    }
    return;
  }
  size_t first = prev;
  while (first > 0 && prev - first < 4) {
    size_t k = first - 1;
    std::string_view pt = BlockText(k);
    if (blocks[k].kind != BlockKind::kParagraph || pt.size() > 160 || quoted(k)) break;
    if (pt.starts_with("\xE2\x80\x94") || pt.starts_with("\xE2\x80\x93")) break;
    if (pt.find('"') != std::string_view::npos ||
        pt.find("\xE2\x80\x9C") != std::string_view::npos) {
      break;
    }
    Tokenize(blocks[k].begin, blocks[k].end, &mention_tokens_);
    bool cue = false, first_person = false;
    size_t words = 0;
    for (size_t i = 0; i < mention_tokens_.size(); ++i) {
      const Token& tok = mention_tokens_[i];
      if (tok.kind != Token::kWord) continue;
      ++words;
      cue |= IsCueAt(mention_tokens_, i) || IsWord(tok, "pointed");
      first_person |= (tok.flags & kFirstPerson) != 0;
    }
    if (cue || (words >= 12 && !first_person)) break;
    first = k;
  }
  for (size_t k = first; k <= prev; ++k) {
    const Block& blk = blocks[k];
    Quote q;
    q.kind = "block";
    q.begin = blk.begin;
    q.end = blk.end;
    q.text = std::string(t_.substr(blk.begin, blk.end - blk.begin));
    q.speaker = r.speaker;
    q.speaker_begin = r.speaker_begin;
    q.speaker_end = r.speaker_end;
    out_.push_back(std::move(q));
  }
}

// A paragraph ending with a colon whose last sentence has a cue introduces
// the block(s) after it.
void QuoteFinder::AnalyzeIntro(size_t b) {
  const auto& block = a_.blocks[b];
  uint32_t e = block.end;
  while (e > block.begin && ClassAt(t_, e - 1) == CharClass::kSpace) --e;
  if (e == block.begin || t_[e - 1] != ':') return;
  uint32_t s = SentenceStart(e - 1, block.begin, block_first_span_);
  Tokenize(s, e - 1, &left_);
  Attribution at;
  if (!AttributeIntro(left_, &at)) return;
  intro_ = at;
  intro_resolved_ = Resolve(at);
  intro_pending_ = true;
}

std::vector<Quote> QuoteFinder::Run() {
  const auto& blocks = a_.blocks;
  for (size_t b = 0; b < blocks.size(); ++b) {
    block_ = b;
    if (!IsProse(b)) {
      intro_pending_ = false;
      carry_ = false;
      continue;
    }
    bool continued_from_before = carry_;
    if (!continued_from_before) carry_attributed_ = false;
    FindSpans(b);
    const size_t first = block_first_span_, count = spans_.size() - first;
    // Intro → this block.
    bool block_start = blocks[b].kind == BlockKind::kBlockquote &&
                       (b == 0 || blocks[b - 1].kind != BlockKind::kBlockquote);
    bool one_quote = count == 1 && spans_[first].open <= blocks[b].begin + 1 &&
                     spans_[first].close_end + 2 >= blocks[b].end;
    if (intro_pending_ && !block_start) {
      if (one_quote) {
        inherit_block_ = b;
        inherit_ = intro_resolved_;
        intro_pending_ = false;
      } else {
        StartBlockQuote(b);
      }
    } else if (block_start) {
      StartBlockQuote(b);
    }
    bool in_blockquote = blocks[b].kind == BlockKind::kBlockquote;
    for (size_t k = first; k < first + count; ++k) {
      // A blockquote wholly in marks was emitted as the block quote.
      if (in_blockquote && one_quote) continue;
      EvaluateSpan(k);
    }
    AnalyzeIntro(b);
    SignedParagraph(b);
  }
  std::stable_sort(out_.begin(), out_.end(), [](const Quote& x, const Quote& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
  });
  return std::move(out_);
}

}  // namespace

std::vector<Quote> FindQuotes(const Article& article) {
  if (article.text.empty()) return {};
  if (article.blocks.empty()) {
    // No structure given: paragraphs are separated by blank lines.
    Article copy;
    copy.text = article.text;
    copy.links = article.links;
    size_t pos = 0;
    const std::string& t = article.text;
    while (pos < t.size()) {
      size_t gap = t.find("\n\n", pos);
      size_t end = gap == std::string::npos ? t.size() : gap;
      size_t b = pos, e = end;
      while (b < e && (t[b] == ' ' || t[b] == '\n' || t[b] == '\r' || t[b] == '\t')) ++b;
      while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\n' || t[e - 1] == '\r' || t[e - 1] == '\t'))
        --e;
      if (e > b) {
        copy.blocks.push_back(
            {BlockKind::kParagraph, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
      }
      if (gap == std::string::npos) break;
      pos = gap + 2;
    }
    return QuoteFinder(copy).Run();
  }
  return QuoteFinder(article).Run();
}

}  // namespace newstrace::quotes
