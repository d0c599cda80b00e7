// Fuzz target for the fast HTML parser. Every input goes through ParseHtml
// with default and with tight limits; inputs under 64 KB also go through
// gumbo, and the visible text of both is compared when the input is valid
// UTF-8 and free of constructs where ParseHtml knowingly differs (see
// html_parser_test.cc): a mismatch is only reported on stderr, not fatal, so
// that the campaign keeps hunting crashes and hangs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/dom_text_test_util.h"
#include "extract/html_gumbo.h"
#include "extract/html_parser.h"

namespace {

using newstrace::extract::Document;
using newstrace::extract::ParseLimits;

void Walk(const Document& doc) {
  // Touch every node and attribute so ASan sees any dangling view.
  size_t sum = 0;
  for (uint32_t i = 0; i < doc.size(); ++i) {
    const auto& n = doc.node(i);
    for (char c : n.text) sum += static_cast<unsigned char>(c);
    if (n.is_element()) {
      for (const auto& a : doc.attributes(i)) sum += a.name.size() + a.value.size();
    }
  }
  if (sum == 1) std::fputs("", stderr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  Document fast = newstrace::extract::ParseHtml(html);
  Walk(fast);
  ParseLimits tight;
  tight.max_depth = 4;
  tight.max_nodes = 64;
  tight.max_attribute_bytes = 8;
  Walk(newstrace::extract::ParseHtml(html, tight));
  if (size < 64 * 1024) {
    Document oracle = newstrace::extract::ParseHtmlWithGumbo(html);
    Walk(oracle);
    bool valid_utf8 = newstrace::extract::SanitizeUtf8ForTest(html) == html;
    if (valid_utf8 && std::getenv("NEWSTRACE_FUZZ_REPORT_DIFF") != nullptr) {
      std::string a = newstrace::extract::VisibleTextForTest(fast);
      std::string b = newstrace::extract::VisibleTextForTest(oracle);
      if (a != b) {
        std::fprintf(stderr, "visible text differs (fast %zu bytes, gumbo %zu bytes)\n", a.size(),
                     b.size());
      }
    }
  }
  return 0;
}
