// The records that flow through newstrace (see ../../README.md and DESIGN.md):
//   RawPage  (ingest/)  ->  Article (extract/)  ->  Quote (quotes/),
//   PassagePair / Relation (reuse/, provenance/)  ->  store/.
//
// Offsets convention, everywhere: byte offsets into Article::text (UTF-8),
// half-open [begin, end).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newstrace {

// One input record before extraction: a page's bytes and what the container
// said about it. `bytes` may be in any charset; extract/ converts to UTF-8.
struct RawPage {
  std::string source;      // where it came from: a path as given, "-", "file.warc.gz#1234"
  std::string uri;         // the page URL when known (WARC-Target-URI, --url)
  std::string fetched_at;  // ISO 8601 when known (WARC-Date)
  std::string media_type;  // "text/html", "text/markdown", "text/plain"; empty = sniff
  std::string charset;     // declared by the container (HTTP header); empty = unknown
  std::string bytes;
};

enum class BlockKind : uint8_t {
  kHeading,
  kParagraph,
  kListItem,
  kBlockquote,
  kTable,
  kCaption,
  kPre,
};
std::string_view ToString(BlockKind kind);
std::optional<BlockKind> BlockKindFromString(std::string_view name);

// A structural block of the main text; [begin, end) into Article::text.
struct Block {
  BlockKind kind = BlockKind::kParagraph;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Block&) const = default;
};

// An anchor inside the main text; [begin, end) into Article::text covers `text`.
struct Link {
  std::string href;  // absolute when the page URL is known
  std::string text;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Link&) const = default;
};

// A site taxonomy entry: scheme "section", "tag", "keyword", or a site's own
// label such as "Region", "Theme", "In-depth Report".
struct Category {
  std::string scheme;
  std::string label;
  bool operator==(const Category&) const = default;
};

enum class NoticeKind : uint8_t {
  kOriginallyPublished,
  kRepublishTerms,
  kDisclaimer,
  kSharePrompt,
  kCopyright,
  kAuthorBio,
  kCorrection,
  kEditorNote,
};
std::string_view ToString(NoticeKind kind);
std::optional<NoticeKind> NoticeKindFromString(std::string_view name);

// A page notice kept apart from the main text. `target` is the outlet or URL
// the notice names (the origin of a republication, the site whose terms apply).
struct Notice {
  NoticeKind kind = NoticeKind::kDisclaimer;
  std::string text;
  std::string target;
  std::string target_url;  // the link inside the notice, when there is one
  bool operator==(const Notice&) const = default;
};

// One article: what extract/ makes of a page.
struct Article {
  std::string source;  // the input path as given, or the container record id
  std::string url;
  std::string canonical_url;
  std::string site;  // host of the canonical or page URL, without "www."
  std::string title;
  std::vector<std::string> authors;
  std::string published;  // ISO 8601 ("2020-01-16" or "2020-01-16T08:00:00Z"); empty = unknown
  std::string modified;
  std::string publisher;
  std::string language;  // ISO 639-1 ("en"); empty = unknown
  std::vector<Category> categories;
  std::string text;  // main text: blocks separated by "\n\n"
  std::vector<Block> blocks;
  std::vector<Link> links;
  std::vector<Notice> notices;
  // For each metadata field ("title", "published", ...), the source that gave
  // it: "json-ld", "opengraph", "meta", "dublin-core", "microdata", "time",
  // "byline", "dateline", "url", "title-tag", "h1", "cld2", "markdown", ...
  std::map<std::string, std::string> evidence;
};

// A quotation inside one article (quotes/). Spans into Article::text.
struct Quote {
  std::string kind;  // "direct", "partial", "block", "indirect"
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;
  std::string speaker;  // resolved full name, empty when unknown
  uint32_t speaker_begin = 0;
  uint32_t speaker_end = 0;  // == speaker_begin when there is no mention
  std::string cue;
  std::string source;      // the cited document or outlet
  std::string source_url;  // its link, when linked
};

// Two aligned stretches of shared text (reuse/), offsets into each article's text.
struct PassagePair {
  uint32_t a_begin = 0;
  uint32_t a_end = 0;
  uint32_t b_begin = 0;
  uint32_t b_end = 0;
  bool operator==(const PassagePair&) const = default;
};

}  // namespace newstrace
