// Fuzz target for JSON lines: every input is one line for ArticleFromJsonLine
// (news-please, passim and our own format); the result must be a valid
// Article (block offsets inside the text) or an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  (void)newstrace::ingest::LooksLikeJsonLines(line);
  auto article = newstrace::ingest::ArticleFromJsonLine(line, "fuzz.jsonl#1");
  if (!article.ok()) return 0;
  for (const auto& block : article->blocks) {
    if (block.begin > block.end || block.end > article->text.size()) std::abort();
  }
  if (article->source.empty()) std::abort();
  return 0;
}
