// Provenance of shared text between two articles (DESIGN.md, "link"):
// what kind of reuse a pair is, which copy is the origin, and whether the copy
// credits it. Pure functions over Articles and the aligned passages that
// reuse/ found; no storage, no HTML.
//
// Every verdict carries its evidence as short human-readable strings, so that
// `trace` can explain it and `export` can store it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace newstrace::provenance {

enum class RelationKind : uint8_t { kDuplicate, kRepublication, kExcerpt };
std::string_view ToString(RelationKind kind);  // "duplicate", "republication", "excerpt"
std::optional<RelationKind> RelationKindFromString(std::string_view name);

// How much of each side the passages cover.
struct Coverage {
  double a_shared = 0;  // covered bytes of a.text / bytes of a.text, in [0, 1]
  double b_shared = 0;
  double identity = 1;    // fraction of aligned words that are equal (1 = verbatim)
  bool same_text = true;  // SameText(a.text, b.text); a duplicate needs it
};

// True when the texts are equal once white space (NBSP and the Unicode spaces
// included) is ignored and curly quotes are read as straight ones: what a
// reader calls "the same text". Punctuation, case and words must match.
bool SameText(std::string_view a, std::string_view b);

// Relation kind from coverage (thresholds documented in the .cc):
//   duplicate      both sides almost entirely shared, (near-)verbatim;
//   republication  most of at least one side is in the other;
//   excerpt        a part is shared.
RelationKind ClassifyRelation(const Coverage& coverage);

// One piece of evidence: what was compared and what it said.
struct Evidence {
  // "notice", "credit_line", "link", "canonical", "published", "containment".
  std::string kind;
  // Readable, naming the sides "a" and "b", e.g. "b: notice 'originally
  // published' names New Eastern Outlook = a's publisher" or "a published
  // 2020-01-10 (json-ld), b published 2020-01-16 (dateline)".
  std::string detail;
};

enum class Side : int8_t { kUnknown = -1, kA = 0, kB = 1 };
std::string_view ToString(Side side);  // "a", "b", "unknown"
std::optional<Side> SideFromString(std::string_view name);

struct OriginVerdict {
  Side origin = Side::kUnknown;  // which of the two is the origin
  // Everything found, in the order of strength. When origin is decided the
  // first item decided it; later, weaker items only explain (and may
  // disagree). The "published" item is always there, even when undecided.
  std::vector<Evidence> evidence;
};

// Decides which of a and b is the origin. Evidence in order of strength:
//  1. strong: an "originally published" notice, or a credit line in a notice
//     or the text ("First published at X", "Source: X", "via X", ...), in one
//     naming the other's site, publisher, URL or canonical URL (names match
//     case- and punctuation-insensitively as whole words; a name both share
//     does not count); a link from one to the other's URL or canonical URL;
//     one's canonical URL being the other's URL;
//  2. a link to the other's site home page;
//  3. published instants (never `modified`; time zones honoured, a date-only
//     value compared by UTC day; equal or missing = undecided);
//  4. containment: a side >= 90% inside the other while the other is <= 60%
//     inside it is an excerpt, the other its origin.
// kUnknown when nothing decides or strong evidence points both ways.
// Linear in the texts' sizes.
OriginVerdict DecideOrigin(const Article& a, const Article& b, const Coverage& coverage);

enum class CreditKind : uint8_t { kLinked, kNamed, kNone };
std::string_view ToString(CreditKind kind);  // "linked", "named", "none"
std::optional<CreditKind> CreditKindFromString(std::string_view name);

struct CreditVerdict {
  CreditKind kind = CreditKind::kNone;
  std::string evidence;  // the link href or the sentence/notice that gave the verdict
  // Where the origin states republishing terms (a republish_terms notice):
  // whether the copy met them ("met", "not_met"). Terms asking for a
  // hyperlink are met by kLinked, terms asking for credit by kLinked or
  // kNamed; terms that only reserve rights are not met by any copy. Empty
  // when there are no terms or they ask nothing recognisable.
  std::string terms;
  std::string terms_evidence;  // the terms sentence
};

// Does `copy` credit `origin`? linked: a link in the copy's text or notices
// to the origin's URL, canonical URL or site (the host or a subdomain; a link
// the origin holds too came along with the copied text and does not count);
// named: the copy's notices or text name the origin's outlet (publisher or
// site) or, in a notice or credit line, its author (a shared byline alone is
// no credit; a sentence also found in the origin's text is copied, not a
// credit); none otherwise. `evidence` is the href or the sentence or notice,
// at most ~300 bytes. Names the two share (same site) never count. Linear in
// the texts' sizes.
CreditVerdict JudgeCredit(const Article& copy, const Article& origin);

// Compares two timestamps ("2020-01-16", "2020-01-16T08:00:00+07:00", ...)
// as instants: -1 when a is earlier, 1 when later, 0 when equal or not
// comparable (either missing or unparsable; a date-only value is compared by
// calendar day against the other's UTC day).
int CompareInstants(std::string_view a, std::string_view b);

}  // namespace newstrace::provenance
