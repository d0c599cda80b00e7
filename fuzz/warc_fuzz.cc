// Fuzz target for the WARC reader: every input is read to the end as is
// (plain or gzip by its magic) with default and with tight limits, and, when
// it is not gzip already, again as one gzip member so that the decoded-stream
// parser is reached through both decoders. Every record goes through
// PageFromRecord. The reader must end: a run of Next() calls longer than the
// input could justify is reported as a hang.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/warc.h"

namespace {

using newstrace::ingest::WarcOptions;
using newstrace::ingest::WarcReader;

void ReadAll(std::string data, const WarcOptions& options) {
  // Each Next() consumes at least one byte of input or ends the file.
  const size_t max_calls = data.size() + 16;
  auto reader = WarcReader::OpenBuffer(std::move(data), options);
  if (!reader.ok()) return;
  size_t sum = 0;
  for (size_t calls = 0;; ++calls) {
    if (calls > max_calls) {
      std::fprintf(stderr, "warc_fuzz: reader does not end\n");
      std::abort();
    }
    auto next = (*reader)->Next();
    if (!next.ok()) {
      sum += (*reader)->error_offset();
      continue;
    }
    if (!next->has_value()) break;
    const auto& record = **next;
    auto page = newstrace::ingest::PageFromRecord(record, "fuzz.warc");
    sum += record.body.size() + (page.ok() ? page->bytes.size() : 0);
  }
  sum += (*reader)->bytes_read();
  if (sum == 1) std::fputs("", stderr);
}

std::string Gzip(const uint8_t* data, size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, size) + 64, '\0');
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&z, Z_FINISH);
  out.resize(ret == Z_STREAM_END ? z.total_out : 0);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  WarcOptions tight;
  tight.max_record_bytes = 64;
  ReadAll(input, {});
  ReadAll(input, tight);
  if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) {
    ReadAll(Gzip(data, size), {});
    ReadAll(Gzip(data, size), tight);
  }
  return 0;
}
