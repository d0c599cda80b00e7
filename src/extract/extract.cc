#include "extract/extract.h"

#include <xxhash.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "extract/charset.h"
#include "extract/content.h"
#include "extract/dates.h"
#include "extract/html_gumbo.h"
#include "extract/html_parser.h"
#include "extract/markdown.h"
#include "extract/metadata.h"
#include "extract/notices.h"
#include "extract/taxonomy.h"
#include "text/language.h"

namespace newstrace::extract {
namespace {

enum class PageFormat { kHtml, kMarkdown, kPlainText };

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ContainsCaseless(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && Lower(haystack[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// Sniffs the format when the container did not say: markup in the first
// kilobytes means HTML; ATX headings or inline links mean markdown.
PageFormat SniffFormat(std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  for (std::string_view marker : {"<!doctype html", "<html", "<head", "<body", "<meta ", "<div",
                                  "<p>", "<p ", "<article", "<title", "<script"}) {
    if (ContainsCaseless(head, marker)) return PageFormat::kHtml;
  }
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? head.npos : eol - pos);
    if (line.starts_with("# ") || line.starts_with("## ")) return PageFormat::kMarkdown;
    if (line.find("](") != std::string_view::npos) return PageFormat::kMarkdown;
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return PageFormat::kPlainText;
}

PageFormat FormatOf(const RawPage& page, std::string_view text) {
  std::string_view type = page.media_type;
  if (type.starts_with("text/markdown")) return PageFormat::kMarkdown;
  if (type.starts_with("text/plain")) return PageFormat::kPlainText;
  if (type.starts_with("text/html") || type.starts_with("application/xhtml")) {
    return PageFormat::kHtml;
  }
  return SniffFormat(text);
}

std::string NormalizedForCompare(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80) {
      out.push_back(Lower(c));
    }
  }
  return out;
}

void AddCategories(std::vector<Category>& into, const std::vector<Category>& from) {
  for (const Category& c : from) {
    if (c.label.empty()) continue;
    if (std::find(into.begin(), into.end(), c) == into.end()) into.push_back(c);
  }
}

void AddNotices(std::vector<Notice>& into, std::vector<Notice> from) {
  for (Notice& n : from) {
    bool seen = std::any_of(into.begin(), into.end(),
                            [&](const Notice& o) { return o.kind == n.kind && o.text == n.text; });
    if (!seen) into.push_back(std::move(n));
  }
}

// Letters and digits. Non-ASCII characters count as letters except U+0080..
// U+00BF (Latin-1 punctuation) and U+2000..U+2FFF (dashes, bullets, quotes,
// arrows, symbols).
bool HasWordCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
    if (u == 0xC2 || u == 0xE2) {
      i += u == 0xC2 ? 1 : 2;
    } else if (u >= 0xC3) {
      return true;
    }
  }
  return false;
}

// Fills empty metadata fields from a byline/dateline found in the text.
void ApplyByline(const Byline& byline, Article& article) {
  if (article.authors.empty() && !byline.authors.empty()) {
    article.authors = byline.authors;
    article.evidence["authors"] = "byline";
  }
  if (article.publisher.empty() && !byline.publisher.empty()) {
    article.publisher = byline.publisher;
    article.evidence["publisher"] = "dateline";
  }
  if (article.published.empty() && !byline.date.empty()) {
    article.published = byline.date;
    article.evidence["published"] = "dateline";
  }
}

// A byline/dateline or taxonomy line: its facts go into the article's
// metadata and the block is not text. False for any other block.
bool TakeBylineOrTaxonomy(const TextBlock& block, Article& article) {
  if (auto byline = ParseByline(block)) {
    ApplyByline(*byline, article);
    return true;
  }
  if (auto categories = ParseTaxonomy(block)) {
    AddCategories(article.categories, *categories);
    return true;
  }
  return false;
}

// Blocks of an article's head (before the first long paragraph) may be
// bylines, datelines or taxonomy lines rather than text.
constexpr size_t kHeadBlockChars = 160;
// cld2 reads this much of the text: its cost grows with the sample. The
// first kilobyte gave the same language as the first two on every AEB page,
// on 300 reuse-base texts and on the AEB texts given as plain text; 768 bytes
// give the same again, except that on 3 of those ~580 texts an "unreliable"
// verdict becomes a correct one (a Portuguese page with an English table).
constexpr size_t kLanguageSampleBytes = 768;

// Turns the candidate main blocks into Article::text, blocks and links, taking
// out the title, bylines, taxonomy lines and notices.
// `secondary` holds blocks with their hrefs as written (content.h), resolved
// against `base_url` where a notice may take one.
void AssembleText(std::vector<TextBlock> main, const std::vector<TextBlock>& secondary,
                  std::string_view base_url, Article& article) {
  const std::string title_key = NormalizedForCompare(article.title);
  // First pass: what each block is.
  enum class Role { kText, kDrop, kNotice };
  std::vector<Role> roles(main.size(), Role::kText);
  std::vector<std::vector<Notice>> notices(main.size());
  bool in_head = true;
  size_t last_long = 0;
  for (size_t i = 0; i < main.size(); ++i) {
    if (main[i].text.size() >= kHeadBlockChars) last_long = i;
  }
  for (size_t i = 0; i < main.size(); ++i) {
    const TextBlock& b = main[i];
    if (b.kind == BlockKind::kParagraph && b.text.size() >= kHeadBlockChars) in_head = false;
    if (!HasWordCharacter(b.text)) {  // separators such as "*", "***", "—"
      roles[i] = Role::kDrop;
      continue;
    }
    if (b.kind == BlockKind::kHeading && in_head && !title_key.empty() &&
        NormalizedForCompare(b.text) == title_key) {
      roles[i] = Role::kDrop;
      continue;
    }
    if ((in_head || (i > last_long && b.text.size() < kHeadBlockChars)) &&
        TakeBylineOrTaxonomy(b, article)) {
      roles[i] = Role::kDrop;
      continue;
    }
    notices[i] = ClassifyNotices(b);
    if (!notices[i].empty()) roles[i] = Role::kNotice;
  }
  // The page tail: from the first notice after which only notices and short
  // lines follow ("For media inquiries: ...", "Share:"), nothing is text.
  size_t tail = main.size();
  for (size_t i = main.size(); i-- > 0;) {
    if (roles[i] == Role::kNotice) {
      tail = i;
    } else if (roles[i] == Role::kText && main[i].text.size() >= kHeadBlockChars) {
      break;
    }
  }
  std::vector<TextBlock> kept;
  kept.reserve(main.size());
  for (size_t i = 0; i < main.size(); ++i) {
    if (roles[i] == Role::kNotice) AddNotices(article.notices, std::move(notices[i]));
    if (roles[i] == Role::kText && i < tail) kept.push_back(std::move(main[i]));
  }
  // Pages repeat blocks around the article (a share line or a tag list above
  // and below it). A repeat changes nothing: the parsers are functions of the
  // block, ApplyByline fills only empty fields, and AddCategories and
  // AddNotices skip what is there. So each distinct block is looked at once.
  // A hash set, not a list: a hostile page may have many thousands of blocks.
  std::unordered_multimap<uint64_t, const TextBlock*> seen;
  seen.reserve(secondary.size());
  for (const TextBlock& b : secondary) {
    const uint64_t hash = XXH3_64bits(b.text.data(), b.text.size());
    const auto [first, last] = seen.equal_range(hash);
    if (std::any_of(first, last, [&](const auto& s) { return *s.second == b; })) continue;
    seen.emplace(hash, &b);
    // Bylines and taxonomy lines read no href.
    if (b.text.size() < kHeadBlockChars && TakeBylineOrTaxonomy(b, article)) continue;
    std::vector<Notice> notices = ClassifyNotices(b);
    // Hrefs decide only a notice's target_url, never whether a block holds
    // notices or which: only blocks that do (few) are classified again with
    // their hrefs resolved.
    if (!notices.empty() && !b.links.empty()) {
      TextBlock resolved = b;
      ResolveLinks(resolved, base_url);
      notices = ClassifyNotices(resolved);
    }
    AddNotices(article.notices, std::move(notices));
  }

  std::string& text = article.text;
  for (TextBlock& b : kept) {
    if (!text.empty()) text += "\n\n";
    auto begin = static_cast<uint32_t>(text.size());
    text += b.text;
    article.blocks.push_back({b.kind, begin, static_cast<uint32_t>(text.size())});
    for (Link& l : b.links) {
      l.begin += begin;
      l.end += begin;
      article.links.push_back(std::move(l));
    }
  }
}

// Markdown dumps: the first level-1 heading is the title.
void TakeMarkdownTitle(std::vector<TextBlock>& blocks, Article& article) {
  for (size_t i = 0; i < blocks.size() && i < 5; ++i) {
    if (blocks[i].kind == BlockKind::kHeading && blocks[i].heading_level == 1) {
      article.title = blocks[i].text;
      article.evidence["title"] = "markdown";
      blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

void ApplyMetadata(Metadata meta, Article& article) {
  article.url = std::move(meta.url);
  article.canonical_url = std::move(meta.canonical_url);
  article.site = std::move(meta.site);
  article.title = std::move(meta.title);
  article.authors = std::move(meta.authors);
  article.published = std::move(meta.published);
  article.modified = std::move(meta.modified);
  article.publisher = std::move(meta.publisher);
  article.language = std::move(meta.language);
  article.categories = std::move(meta.categories);
  article.evidence = std::move(meta.evidence);
}

Article ExtractPlainText(std::string utf8) {
  Article article;
  // The text is the file itself, unchanged: offsets are offsets into the input.
  size_t pos = 0;
  while (pos < utf8.size()) {
    size_t gap = utf8.find("\n\n", pos);
    size_t end = gap == std::string::npos ? utf8.size() : gap;
    size_t b = pos, e = end;
    while (b < e && (utf8[b] == ' ' || utf8[b] == '\n' || utf8[b] == '\r' || utf8[b] == '\t')) ++b;
    while (e > b && (utf8[e - 1] == ' ' || utf8[e - 1] == '\n' || utf8[e - 1] == '\r' ||
                     utf8[e - 1] == '\t')) {
      --e;
    }
    if (e > b) {
      article.blocks.push_back(
          {BlockKind::kParagraph, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    }
    if (gap == std::string::npos) break;
    pos = gap + 2;
  }
  article.text = std::move(utf8);
  return article;
}

}  // namespace

Result<Article> ExtractArticle(const RawPage& page, const ExtractOptions& options) {
  if (page.bytes.size() > options.max_bytes) {
    return Status(ErrorCode::kTooLarge, "page is " + std::to_string(page.bytes.size()) +
                                            " bytes, over the limit of " +
                                            std::to_string(options.max_bytes));
  }
  std::string converted;  // holds the text only when it is not page.bytes itself
  std::string_view utf8 = DetectAndConvertToUtf8(page.bytes, page.charset, &converted);
  std::string url = page.uri.empty() ? options.url : page.uri;

  Article article;
  PageFormat format = FormatOf(page, utf8);
  std::string declared_language;
  if (format == PageFormat::kHtml) {
    Document doc = options.use_gumbo ? ParseHtmlWithGumbo(utf8) : ParseHtml(utf8);
    Metadata meta = ExtractMetadata(doc, url);
    declared_language = meta.language;
    ApplyMetadata(std::move(meta), article);
    // A copy: AssembleText writes to `article`.
    const std::string base_url = article.url.empty() ? article.canonical_url : article.url;
    Content content = FindMainContent(doc, base_url);
    AssembleText(std::move(content.main), content.secondary, base_url, article);
  } else if (format == PageFormat::kMarkdown) {
    std::vector<TextBlock> blocks = ParseMarkdownBlocks(utf8);
    TakeMarkdownTitle(blocks, article);
    article.url = url;
    if (!url.empty()) article.site = SiteOf(url);
    AssembleText(std::move(blocks), {}, {}, article);
  } else {
    article = ExtractPlainText(std::string(utf8));
    article.url = url;
    if (!url.empty()) article.site = SiteOf(url);
  }
  if (article.published.empty() && !article.url.empty()) {
    article.published = DateFromUrl(article.url);
    if (!article.published.empty()) article.evidence["published"] = "url";
  }
  article.source = page.source;
  if (article.text.empty()) {
    return Status(ErrorCode::kEmpty, "no article text found");
  }
  // The first kilobyte decides the language as well as the whole text.
  std::string_view sample = article.text;
  if (sample.size() > kLanguageSampleBytes) {
    size_t cut = kLanguageSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(sample[cut]) & 0xC0) == 0x80) --cut;
    sample = sample.substr(0, cut);
  }
  std::string detected = text::DetectLanguage(sample, declared_language);
  if (!detected.empty()) {
    article.language = detected;
    article.evidence["language"] = "cld2";
  }
  return article;
}

}  // namespace newstrace::extract
