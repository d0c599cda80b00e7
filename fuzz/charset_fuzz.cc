// Fuzz target for extract/charset: any bytes, with or without a declared
// charset, must detect a charset and convert to valid UTF-8 without crashing.
// Input layout: when the first byte is '\n'-terminated within 32 bytes and
// starts with '@', that line (without '@') is the declared charset.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newstrace::extract;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view declared;
  if (!bytes.empty() && bytes.front() == '@') {
    const size_t newline = bytes.substr(0, 33).find('\n');
    if (newline != std::string_view::npos) {
      declared = bytes.substr(1, newline - 1);
      bytes.remove_prefix(newline + 1);
    }
  }
  const std::string charset = DetectCharset(bytes, declared);
  if (charset.empty()) std::abort();
  if (!IsValidUtf8(ToUtf8(bytes, charset))) std::abort();
  // Every label must convert safely, not only the detected one.
  if (!declared.empty() && !IsValidUtf8(ToUtf8(bytes, declared))) std::abort();
  if (!IsValidUtf8(ToUtf8(bytes, "shift_jis"))) std::abort();
  if (!IsValidUtf8(ToUtf8(bytes, "utf-16le"))) std::abort();
  return 0;
}
