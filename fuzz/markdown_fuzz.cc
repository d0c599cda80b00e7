// Fuzz target for the markdown and plain-text paths: block parsing, and the
// whole extraction (taxonomy, bylines, notices, assembly) on markdown input.
// Checks the offsets contract: every block and link lies inside the text.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extract/extract.h"
#include "extract/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)newstrace::extract::ParseMarkdownBlocks(input);
  (void)newstrace::extract::ParsePlainTextBlocks(input);
  for (const char* type : {"text/markdown", "text/plain"}) {
    newstrace::RawPage page;
    page.source = "fuzz";
    page.media_type = type;
    page.bytes = input;
    auto article = newstrace::extract::ExtractArticle(page);
    if (!article.ok()) continue;
    const size_t n = article->text.size();
    for (const auto& b : article->blocks) {
      if (b.begin > b.end || b.end > n) std::abort();
    }
    for (const auto& l : article->links) {
      if (l.begin > l.end || l.end > n) std::abort();
      if (article->text.compare(l.begin, l.end - l.begin, l.text) != 0) std::abort();
    }
  }
  return 0;
}
